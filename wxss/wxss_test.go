package wxss

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mpc-dev/mpc/diag"
)

func parseString(t testing.TB, in string, opts ParseOptions) (*Stylesheet, *diag.Log) {
	t.Helper()
	var log diag.Log
	s := Parse(&log, &diag.Source{Path: "a.wxss", Contents: in}, opts)
	return s, &log
}

// msgs renders messages as "line:col: kind: text" lines.
func msgs(log *diag.Log) string {
	var b strings.Builder
	for _, m := range log.Sorted() {
		line, col := m.Data.Source.LineCol(m.Data.Range.Loc.Start)
		fmt.Fprintf(&b, "%d:%d: %s: %s\n", line, col, m.Kind, m.Data.Text)
	}
	return b.String()
}

func expectNoMsgs(t *testing.T, in string, log *diag.Log) {
	t.Helper()
	if m := msgs(log); m != "" {
		t.Fatalf("%q: unexpected messages:\n%s", in, m)
	}
}

// expectKeep checks the minified WXSS of in, and that parsing that output
// again gives the same AST and the same output.
func expectKeep(t *testing.T, in, want string) {
	t.Helper()
	s, log := parseString(t, in, ParseOptions{})
	expectNoMsgs(t, in, log)
	got := string(Print(s, PrintOptions{Minify: true}))
	if got != want {
		t.Errorf("keep %q:\n got %q\nwant %q", in, got, want)
	}
	s2, log2 := parseString(t, got, ParseOptions{})
	expectNoMsgs(t, got, log2)
	if again := string(Print(s2, PrintOptions{Minify: true})); again != got {
		t.Errorf("keep %q is not stable: %q then %q", in, got, again)
	}
	if a, b := dump(s, true), dump(s2, true); a != b {
		t.Errorf("keep %q: the output parses to another AST:\n%s\nvs\n%s", in, a, b)
	}
}

func expectPX(t *testing.T, in, want string) {
	t.Helper()
	expectPrinted(t, in, PrintOptions{Rpx: RpxPX, Width: 375, Minify: true}, want)
}

func expectPrinted(t *testing.T, in string, o PrintOptions, want string) {
	t.Helper()
	s, log := parseString(t, in, ParseOptions{})
	expectNoMsgs(t, in, log)
	if got := string(Print(s, o)); got != want {
		t.Errorf("%q:\n got %q\nwant %q", in, got, want)
	}
}

func expectError(t *testing.T, in, want string) {
	t.Helper()
	_, log := parseString(t, in, ParseOptions{})
	if got := msgs(log); got != want {
		t.Errorf("%q:\n got %q\nwant %q", in, got, want)
	}
}

// dump prints the AST without ranges; with zeros, a zero length is
// written as 0 (the keep printer drops such units).
func dump(s *Stylesheet, zeros bool) string {
	var b strings.Builder
	var rules func(rs []Rule, ind string)
	sels := func(l *SelectorList) {
		for _, c := range l.Selectors {
			b.WriteString(" [")
			for _, cp := range c.Compounds {
				fmt.Fprintf(&b, " c%d", cp.Combinator)
				dumpCompound(&b, &cp, s.Source.Contents)
			}
			b.WriteString(" ]")
		}
		if l.TrailingComma {
			b.WriteString(" ,")
		}
	}
	decls := func(ds []Decl, ind string) {
		for _, d := range ds {
			fmt.Fprintf(&b, "%s  decl %q nocolon=%v:", ind, d.Name, d.NoColon)
			for _, t := range d.Value {
				if t.Kind == TWhitespace || t.Kind == TComment {
					continue
				}
				text := t.Text(s.Source.Contents)
				if zeros && t.Kind == TDimension && isZeroLength(text) && zeroUnitsOK(d.Name) {
					text, t.Kind = "0", TNumber
				}
				fmt.Fprintf(&b, " %d:%s", t.Kind, text)
			}
			b.WriteString("\n")
		}
	}
	rules = func(rs []Rule, ind string) {
		for _, r := range rs {
			switch r := r.(type) {
			case *StyleRule:
				b.WriteString(ind + "rule")
				sels(&r.Selectors)
				b.WriteString("\n")
				decls(r.Decls, ind)
			case *Import:
				fmt.Fprintf(&b, "%simport %q %q nested=%v\n", ind, r.Spec, r.Path, r.Nested)
			case *AtRule:
				name := r.Name
				if r.Kind != AtDecls {
					name = strings.ToLower(name) // printed in lower case
				}
				fmt.Fprintf(&b, "%s@%s kind=%d", ind, name, r.Kind)
				for _, t := range r.Prelude {
					if t.Kind != TWhitespace && t.Kind != TComment {
						b.WriteString(" " + t.Text(s.Source.Contents))
					}
				}
				sels(&r.Selectors)
				b.WriteString("\n")
				rules(r.Rules, ind+"  ")
				decls(r.Decls, ind)
			}
		}
	}
	rules(s.Rules, "")
	return b.String()
}

func dumpCompound(b *strings.Builder, c *Compound, src string) {
	for _, s := range c.Simples {
		fmt.Fprintf(b, " %d:%s", s.Kind, s.Name)
		if s.Func != nil {
			b.WriteString("(")
			if s.Func.Compound != nil {
				fmt.Fprintf(b, "c%d", s.Func.Compound.Combinator)
				dumpCompound(b, s.Func.Compound, src)
			} else {
				for _, t := range s.Func.Tokens {
					if t.Kind != TWhitespace {
						b.WriteString(t.Text(src))
					}
				}
			}
			b.WriteString(")")
		}
	}
}

func TestKeep(t *testing.T) {
	expectKeep(t, "", "")
	expectKeep(t, "/* only a comment */", "")
	expectKeep(t, ".a { color : red ; }", ".a{color:red}")
	expectKeep(t, ".a{x:y;}\n\n.b{}", ".a{x:y}.b{}")
	expectKeep(t, ".a  >  .b , view  :hover , .c+.d , .e ~ .f {x:y}", ".a>.b,view :hover,.c+.d,.e~.f{x:y}")
	expectKeep(t, ".a/*x*/.b{x:y}", ".a .b{x:y}") // wcsc reads a comment in a selector as a space
	expectKeep(t, ".a, {x:y}", ".a,{x:y}")
	expectKeep(t, "> .a{x:y}", ">.a{x:y}")
	expectKeep(t, ".a /deep/ .b{x:y} .a/deep/.b{x:y}", ".a/deep/ .b{x:y}.a/deep/.b{x:y}")
	expectKeep(t, ".a:not( .b ){x:y} :nth-child( 2n + 1 ){x:y}", ".a:not(.b){x:y}:nth-child(2n + 1){x:y}")
	expectKeep(t, "[ data-x = \"1\" ]{x:y}", "[data-x=\"1\"]{x:y}")
	expectKeep(t, ".a{ margin : 10rpx  20rpx ; font : 12px / 1.5 a , b ; color : red  !important }",
		".a{margin:10rpx 20rpx;font:12px/1.5 a,b;color:red!important}")
	expectKeep(t, ".a{width:calc( 100% - 10rpx );transform:translate( -50% , 0 )}", ".a{width:calc(100% - 10rpx);transform:translate(-50%,0)}")
	expectKeep(t, ".a{x:1px/*c*/2px;y:a /*c*/ b}", ".a{x:1px/**/2px;y:a b}")
	// hacks stay
	expectKeep(t, ".a{_height:1px;color:red\\9;width:10rpx\\9}", ".a{_height:1px;color:red\\9;width:10rpx\\9}")
	expectKeep(t, ".a{ color }", ".a{color}")
	expectKeep(t, ".a{a:;b:c}", ".a{a:;b:c}")
	expectKeep(t, ".a{a: }", ".a{a:;}")
	// zero units
	expectKeep(t, ".a{margin:0rpx auto;padding:0px -0.0em .0rpx 0%;transition:0s}", ".a{margin:0 auto;padding:0 0 0 0%;transition:0s}")
	expectKeep(t, ".a{width:calc(0px + 1px);flex:1 1 0px;--x:0px}", ".a{width:calc(0px + 1px);flex:1 1 0px;--x:0px}")
	// at-rules
	expectKeep(t, "@charset \"utf-8\" ;", "@charset \"utf-8\";")
	expectKeep(t, "@import 'a.wxss' ; @import \"b\";", "@import 'a.wxss';@import \"b\";")
	expectKeep(t, "@media screen and ( max-width : 100px ) { .a { x : y } }", "@media screen and (max-width:100px){.a{x:y}}")
	expectKeep(t, "@media (min-width: 300rpx) { .a { x : y } }", "@media(min-width:300rpx){.a{x:y}}")
	expectKeep(t, "@keyframes k { from { a : b } 50% { c : d } to { e : f } }", "@keyframes k{from{a:b}50%{c:d}to{e:f}}")
	expectKeep(t, "@font-face { font-family : f ; src : url( 'f.ttf' ) }", "@font-face{font-family:f;src:url( 'f.ttf' )}")
	expectKeep(t, "@page :first { margin : 1rpx }", "@page :first{margin:1rpx}")
	expectKeep(t, "@supports (display:grid) { @media print { .a{x:y} } }", "@supports(display:grid){@media print{.a{x:y}}}")
}

func TestPX(t *testing.T) {
	// NOTES.md §5.2, derived from transformRPX's rule.
	expectPX(t, ".a{width:1rpx;height:0rpx;margin:-1rpx -2rpx -3rpx -0.5rpx;padding:.5rpx 1.5rpx 10.25rpx 2rpx}",
		".a{width:1px;height:0px;margin:-1px -1px -2px -1px;padding:1px 1px 5px 1px}")
	expectPX(t, ".b{width:1e2rpx;height:10RPX;margin:10Rpx;padding:+10rpx;top:10 rpx;left:-0rpx}",
		".b{width:1e2rpx;height:10RPX;margin:10Rpx;padding:5px;top:10 rpx;left:0px}")
	expectPX(t, ".c{width:calc(100% - 20rpx);height:var(--h,4rpx);transform:translate(-50%,-10rpx)}",
		".c{width:calc(100% - 10px);height:var(--h,2px);transform:translate(-50%,-5px)}")
	expectPX(t, "@media (min-width: 300rpx) { .d{width:750rpx} }", "@media(min-width:300rpx){.d{width:375px}}")
	expectPX(t, "@keyframes k { from { width: 10rpx } to { width: 20rpx } }", "@keyframes k{from{width:5px}to{width:10px}}")
	expectPX(t, ".a10rpx{content:\"10rpx\"}", ".a10rpx{content:\"10rpx\"}")
	expectPX(t, ".f{width:0.0001rpx;height:749.99rpx;border:1rpx solid}", ".f{width:1px;height:374px;border:1px solid}")
	// wcsc's scan, not CSS tokens
	expectPX(t, ".a{a:a-10rpx;b:1e-5rpx;c:5.rpx;d:10..5rpx;e:#10rpx;f:1.5e2rpx;g:10rpxs;h:a10rpx;i:10rpx\\9;j:1rpx-2rpx}",
		".a{a:a-5px;b:1e-3px;c:2px;d:10.1px;e:#5px;f:1.5e2rpx;g:10rpxs;h:a10rpx;i:5px\\9;j:1px-1px}")
	// The whitespace that ends a hex escape, as wcsc writes it (checked with
	// the oracle): as written, except a line break that ends a value.
	expectPX(t, ".b{--g: 1rpx\\9\r\n}", ".b{--g:1px\\9 }")
	expectPX(t, ".a{--g: 2rpx\\9\r\n/* x */}", ".a{--g:1px\\9\r\n/**/}")
	expectPX(t, ".e{--g: 1px\\9\t}", ".e{--g:1px\\9\t}")
	expectPX(t, ".i{--g: a\\9\r\n/* x */ b}", ".i{--g:a\\9\r\n b}")
	expectPX(t, ".n{--g: 1px\\9\r\n;color:red}", ".n{--g:1px\\9 ;color:red}")
	// a lone backslash at the end of a value (the fuzzer's A{A:\<CR>})
	expectPX(t, "A{A:\\\r}", "wx-A{A:\\ }")
	expectKeep(t, "A{A:\\\r}", "A{A:\\\n}")
	// a line break inside a string (wcsc reads up to the next quote)
	if s, log := parseString(t, ".a{content:\"x\ny\";b:10rpx}", ParseOptions{}); log.HasErrors() ||
		string(Print(s, PrintOptions{Rpx: RpxPX, Minify: true})) != ".a{content:\"x\ny\";b:5px}" {
		t.Errorf("string with a line break: %s %q", msgs(log), Print(s, PrintOptions{Rpx: RpxPX, Minify: true}))
	}
	// a value with a local url() keeps its rpx (wcsc); a remote one does not
	expectPX(t, ".a{a:url(a.png) 10rpx;b:url(\"https://x/b.png\") 10rpx;c:URL(c.png) 10rpx;d:url(HTTP://x) 10rpx}",
		".a{a:url(a.png) 10rpx;b:url(\"https://x/b.png\") 5px;c:URL(c.png) 5px;d:url(HTTP://x) 10rpx}")
	// never inside strings and url()s
	expectPX(t, ".a{a:url(https://x/a-10rpx.png);b:\"10rpx\"}", ".a{a:url(https://x/a-10rpx.png);b:\"10rpx\"}")
	expectPrinted(t, ".a{width:1rpx;margin:-1rpx;padding:.5rpx 1.5rpx 2rpx 3rpx}", PrintOptions{Rpx: RpxPX, IOS: true, Minify: true},
		".a{width:0.5px;margin:-1px;padding:0.5px 0.5px 1px 1px}")
	expectPrinted(t, ".a{width:1rpx;margin:-1rpx;padding:.5rpx 1.5rpx 2rpx 3rpx}", PrintOptions{Rpx: RpxPX, IOS: true, DPR: 1, Minify: true},
		".a{width:1px;margin:-1px;padding:1px 1px 1px 1px}")
	expectPrinted(t, ".a{width:1rpx;height:750rpx;top:100rpx}", PrintOptions{Rpx: RpxPX, Width: 414, Minify: true},
		".a{width:1px;height:414px;top:55px}")
	expectPX(t, ".a{width:1000000000000000000000000rpx}", ".a{width:5e+23px}")

	// selectors (NOTES.md §5.3)
	expectPX(t, "view, page, body, wx-view, Page, -x, _y, from, TO {x:y}", "wx-view,body,wx-body,wx-view,body,-x,_y,from,TO{x:y}")
	expectPX(t, "page.a{x:y} page#x{x:y} from.a{x:y}", "wx-page.a{x:y}body#x{x:y}wx-from.a{x:y}")
	expectPX(t, ".a:not(view) :not(page){x:y}", ".a:not(wx-view) :not(body){x:y}")
	expectPX(t, ".a:not(page),.b:not(page){x:y}", ".a:not(page),.b:not(body){x:y}")
	expectPX(t, ":where(view){x:y} :not(:not(view)){x:y}", ":where(view){x:y}:not(:not(view)){x:y}")
	expectPX(t, ":host{x:y} :host(.a){x:y} :host-context(a){x:y} :host.a{x:y} .b{x:y}", ".b{x:y}")
	expectPX(t, ":host .a{x:y} :host,.b{x:y} :HOST{x:y} :host::after{x:y}", ":host .a{x:y}:host,.b{x:y}:HOST{x:y}:host::after{x:y}")
	expectPX(t, ":root{--x:1} :root .a{x:y} .a :root{x:y} .a :root .b{x:y} :root:hover{x:y} :root.a{x:y} :root#x{x:y} .a,:root{x:y}",
		"{--x:1}.a{x:y}.a{x:y}.a .b{x:y}:hover{x:y}:root.a{x:y}#x{x:y}.a,{x:y}")
	expectPX(t, ".a /deep/ .b{x:y}", ".a wx-eep .b{x:y}")
	// spaces wcsc accepts inside pseudos, and keeps (with a warning here)
	for in, want := range map[string]string{".a: hover{x:y}": ".a: hover{x:y}", ".a:/**/: after{x:y}": ".a: : after{x:y}",
		".a:not (view){x:y}": ".a:not (wx-view){x:y}", ": root .y{x:y}": ".y{x:y}", ": host{x:y}": ""} {
		s, _ := parseString(t, in, ParseOptions{})
		if got := string(Print(s, PrintOptions{Rpx: RpxPX, Minify: true})); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
	expectPX(t, "@media screen{:host{x:y}}", "@media screen{}")
	expectPX(t, "@counter-style x{system:cyclic}", "@counter-style wx-x{system:cyclic}")
	expectPrinted(t, ".a .b:not(.c), :hover.d, #e.f, [g].h, view.i, .j:not(.k), .l::after.m{x:y}",
		PrintOptions{Rpx: RpxPX, ClassPrefix: "p-", Minify: true},
		".p-a .p-b:not(.c),:hover.d,#e.f,[g].p-h,wx-view.p-i,.p-j:not(.k),.p-l::after.m{x:y}")
	expectPrinted(t, ".a:not(.b),.c{x:y}", PrintOptions{Rpx: RpxPX, ClassPrefix: "p-", Minify: true}, ".p-a:not(.b),.p-c{x:y}")

	expectPX(t, "@MEDIA screen{.a{x:y}} @Charset \"x\"; @-WEBKIT-KEYFRAMES k{from{a:b}} @Page{x:y}",
		"@media screen{.a{x:y}}@charset \"x\";@-webkit-keyframes k{from{a:b}}@Page{x:y}")
	expectPX(t, ".a{\r\n  width: 10rpx;\r\n}\r\n.b\r\n{x:y}", ".a{width:5px}.b{x:y}")

	// a nested @import stays (with a warning)
	s, log := parseString(t, "@media screen{@import \"b\";}", ParseOptions{})
	if log.HasErrors() || len(s.Imports) != 0 {
		t.Errorf("nested import: %s", msgs(log))
	}
	if got := string(Print(s, PrintOptions{Rpx: RpxPX, Minify: true})); got != "@media screen{@import \"b\";}" {
		t.Errorf("nested import prints %q", got)
	}
}

func TestVW(t *testing.T) {
	o := PrintOptions{Rpx: RpxVW, Minify: true}
	expectPrinted(t, ".a{width:750rpx;height:75rpx;top:7.5rpx;left:0rpx;right:-15rpx}", o, ".a{width:100vw;height:10vw;top:1vw;left:0;right:-2vw}")
	expectPrinted(t, ".a{width:1rpx;height:calc(100% - 10rpx)}", o, ".a{width:calc(1 * 100vw / 750);height:calc(100% - calc(10 * 100vw / 750))}")
	expectPrinted(t, "@media (min-width: 300rpx) { page{width:.5rpx} }", o, "@media(min-width:300rpx){body{width:calc(0.5 * 100vw / 750)}}")
}

func TestPXValue(t *testing.T) {
	for _, c := range []struct {
		n, w, dpr float64
		ios       bool
		want      string
	}{
		{0, 375, 2, false, "0"},
		{1, 375, 2, false, "1"},
		{1, 375, 2, true, "0.5"},
		{1, 375, 1, true, "1"},
		{-1, 375, 2, false, "-1"},
		{-3, 375, 2, false, "-2"},
		{-0.00001, 375, 2, false, "1"},
		{749.99, 375, 2, false, "374"},
		{750, 320, 2, false, "320"},
		{100, 414, 2, false, "55"},
		{1e24, 375, 2, false, "5e+23"},
		{10, 0, 0, false, "5"},
	} {
		if got := jsNumber(PXValue(c.n, c.w, c.dpr, c.ios)); got != c.want {
			t.Errorf("PXValue(%g, %g, %g, %v) = %s, want %s", c.n, c.w, c.dpr, c.ios, got, c.want)
		}
	}
	for f, want := range map[float64]string{0.5: "0.5", 1e21: "1e+21", 123456789012345680: "123456789012345680", -2: "-2"} {
		if got := jsNumber(f); got != want {
			t.Errorf("jsNumber(%g) = %s, want %s", f, got, want)
		}
	}
}

func TestErrors(t *testing.T) {
	// The rejections of NOTES.md §5.7, with mpc's own wording.
	expectError(t, ".a { color: red }\n* { margin: 0 }", "2:1: error: the universal selector \"*\" is not supported by WeChat\n")
	expectError(t, ".a { color: red", "1:4: error: unclosed block: expected \"}\" for this \"{\"\n")
	expectError(t, ".a { color: red }}", "1:18: error: unexpected \"}\" without a matching \"{\"\n")
	expectError(t, ".a { x: y; }; .b{}", "1:13: error: unexpected \";\" between rules\n")
	expectError(t, ".a{x:y;;z:w}", "1:8: error: unexpected \";\": empty declaration (WeChat rejects it)\n")
	expectError(t, ".a { : red }", "1:6: error: unexpected \":\" in a declaration block (expected a property name)\n")
	expectError(t, "{ color: red }", "1:1: error: expected a selector before \"{\"\n")
	expectError(t, ".a >>> .b {}", "1:5: error: unexpected \">\": two combinators in a row (\">>>\" and \">>\" are not supported)\n")
	expectError(t, ".a > .b ~ .c {}", "1:9: error: \"~\" right after a \">\", \"+\" or \"~\" combinator is rejected by WeChat (wcsc)\n")
	expectError(t, "#x ~ .c {}", "1:4: error: \"~\" must follow a tag or class selector in WeChat (wcsc rejects it after an id, attribute or pseudo-class)\n")
	expectError(t, ".a > #x {}", "1:6: error: after \">\", \"+\" or \"~\" WeChat wants a tag or class selector first (wcsc rejects \"#x\" here)\n")
	expectError(t, ".\\31 0 {}", "1:2: error: escapes in selectors are not supported by WeChat\n")
	expectError(t, ".a{content:'\\''}", "1:13: error: escaped quote in a string: WeChat does not support escapes in strings (use the other quote character)\n")
	// an odd run of backslashes escapes the closing quote (found by FuzzParse)
	expectError(t, "@import \"\\\\\\\"", "1:9: error: escaped quote in a string: WeChat does not support escapes in strings\n")
	expectError(t, ".a { --x: { a: b } }", "1:20: error: unexpected \"}\" without a matching \"{\"\n")
	expectError(t, "@import url(\"x.wxss\");", "1:9: error: @import url(...) is not supported by WeChat: write @import \"path\";\n")
	expectError(t, "@import \"c.wxss\" screen;", "1:18: error: @import with a media list is not supported by WeChat\n")
	expectError(t, ".a { @import \"x.wxss\"; }", "1:6: error: unexpected \"@\" in a declaration block (at-rules are not allowed here)\n")
	expectError(t, ".a{*zoom:1}", "1:4: error: unexpected \"*\" before the property name: WeChat rejects the *property hack\n")
	expectError(t, "@media screen {}", "1:16: error: empty @media block (WeChat rejects it)\n")
	expectError(t, "@media {.a{}}", "1:8: error: @media needs a prelude before \"{\"\n")
	expectError(t, ".a{x:}", "1:6: error: missing value after \"x:\"\n")
	expectError(t, ".a:not(){x:y}", "1:8: error: empty \":not()\"\n")
	expectError(t, ".a:not(.b .c){x:y}", "1:11: error: unexpected \".\" in \":not()\": WeChat allows one simple selector here\n")
	expectError(t, "::slotted(view){x:y}", "1:3: error: functional pseudo-elements (\"::slotted(...)\") are not supported by WeChat\n")
	expectError(t, ".a{.b{x:y}}", "1:6: error: unexpected \"{\" in a declaration block (nested rules are not supported)\n")
	expectError(t, "@layer a;", "1:9: error: unexpected \";\" in the prelude of @layer (expected \"{\")\n")
	expectError(t, ".a{x:url(a b.png)}", "1:6: warning: invalid url(...): spaces, quotes, parentheses or comments inside an unquoted address\n")
	expectError(t, ".a: hover{x:y}", "1:3: warning: space after \":\" in a selector: WeChat keeps it, and the selector then matches nothing\n")
	expectError(t, ".中{x:y}", "1:2: error: non-ASCII characters in selectors are not supported by WeChat\n")
	expectError(t, ".a &{x:y}", "1:4: error: nesting selector \"&\" is not supported by WeChat\n")
	expectError(t, ".a/.b{x:y}", "1:3: error: unexpected \"/\" in a selector\n")
	expectError(t, "\ufeff.a{x:y}", "1:1: error: the file starts with a byte order mark (BOM), which WeChat rejects\n")
	expectError(t, ".a{b/*c*/:d}", "1:5: error: a comment right after a property name is not allowed by WeChat (put a space before it)\n")

	// accepted by wcsc
	for _, ok := range []string{".a { color }", ".a{}", ".a{x:y}/* unterminated", ".a,{x:y}", ".a{a:b{c;d:e}", ".a{a:f(;)}",
		"@foo{x:y}", ".a{a:b)}", ".a{-1a:b}", ".a{a b:c}", "@charset \"x\"", "@import \"a.wxss\"", "50%{a:b}", ".a{--x:;}"} {
		if _, log := parseString(t, ok, ParseOptions{}); log.HasErrors() {
			t.Errorf("%q: want no errors, got\n%s", ok, msgs(log))
		}
	}
}

func TestRecovery(t *testing.T) {
	// A broken rule does not hide the next one.
	s, log := parseString(t, "* {a:b}\n.ok{x:1rpx}\n.bad{;}\n.ok2{y:z}\n.a{*zoom:1;w:2rpx}", ParseOptions{})
	if got := len(log.Msgs()); got != 3 {
		t.Errorf("want 3 errors, got\n%s", msgs(log))
	}
	if got := string(Print(s, PrintOptions{Rpx: RpxPX, Minify: true})); got != ".ok{x:1px}.bad{}.ok2{y:z}.a{w:1px}" {
		t.Errorf("recovered sheet prints %q", got)
	}
}

func TestComponentWarnings(t *testing.T) {
	_, log := parseString(t, ".a view #x [y] {x:y} @keyframes k{from{a:b}to{a:c}}", ParseOptions{Component: true})
	want := "1:4: warning: tag name selector \"view\" in a component's style: WeChat only applies class selectors inside components\n" +
		"1:9: warning: ID selector \"#x\" in a component's style: WeChat only applies class selectors inside components\n" +
		"1:12: warning: attribute selector \"[y]\" in a component's style: WeChat only applies class selectors inside components\n"
	if got := msgs(log); got != want {
		t.Errorf("got\n%s", got)
	}
	if _, log := parseString(t, "view{x:y}", ParseOptions{}); len(log.Msgs()) != 0 {
		t.Errorf("pages get no selector warnings")
	}
}

func TestURLs(t *testing.T) {
	s, _ := parseString(t, ".a{background:url(img/a.png) url(\"/b.png\") url(https://x/c.png) url(//cdn/d.png) url(data:image/png;base64,AA)}\n@font-face{src:url('f.ttf')}", ParseOptions{})
	var got, want []string
	for _, u := range s.URLs {
		got = append(got, fmt.Sprintf("%s@%d", u.URL, u.Range.Loc.Start))
	}
	for _, u := range []string{"url(img/a.png)", "url(\"/b.png\")", "url('f.ttf')"} {
		want = append(want, fmt.Sprintf("%s@%d", urlText(u), strings.Index(s.Source.Contents, u)))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("URLs = %v, want %v", got, want)
	}
}
