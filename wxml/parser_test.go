package wxml

import (
	"strings"
	"testing"

	"github.com/mpc-dev/mpc/diag"
)

func parseString(contents string) (*File, *diag.Log) {
	log := &diag.Log{}
	f := Parse(log, &diag.Source{Path: "a.wxml", Contents: contents})
	return f, log
}

// msgLines formats messages as "line:col: kind: text", one per line.
func msgLines(log *diag.Log) string {
	var lines []string
	for _, m := range log.Sorted() {
		lines = append(lines, strings.TrimPrefix(m.Data.Position(), "a.wxml:")+": "+m.Kind.String()+": "+m.Data.Text)
	}
	return strings.Join(lines, "\n")
}

// expectParse checks the AST dump of a file that must parse without any
// message.
func expectParse(t *testing.T, contents, want string) {
	t.Helper()
	f, log := parseString(contents)
	if msgs := msgLines(log); msgs != "" {
		t.Errorf("%q: unexpected messages:\n%s", contents, msgs)
	}
	if got := dumpFile(f); got != want {
		t.Errorf("%q:\n got: %s\nwant: %s", contents, got, want)
	}
}

// expectMsgs checks all messages (errors and warnings) of a file.
func expectMsgs(t *testing.T, contents, want string) {
	t.Helper()
	_, log := parseString(contents)
	if got := msgLines(log); got != want {
		t.Errorf("%q:\n got: %s\nwant: %s", contents, got, want)
	}
}

// expectError checks that the file has errors and that the first one (in
// source order) is want.
func expectError(t *testing.T, contents, want string) {
	t.Helper()
	_, log := parseString(contents)
	for _, m := range log.Sorted() {
		if m.Kind == diag.Error {
			got := strings.TrimPrefix(m.Data.Position(), "a.wxml:") + ": error: " + m.Data.Text
			if got != want {
				t.Errorf("%q:\n got: %s\nwant: %s", contents, got, want)
			}
			return
		}
	}
	t.Errorf("%q: no error, want %s", contents, want)
}

func TestTags(t *testing.T) {
	// Case is kept, any tag may self-close, spaces around '=' and in end
	// tags, no space needed between attributes.
	expectParse(t, "<View Class=\"x\"/><custom-Tag/><ns:tag/><_x/><a-1/><view\n  a = \"1\" b=\"2\"c='3' >t</view >",
		`<View Class="x"/> <custom-Tag/> <ns:tag/> <_x/> <a-1/> <view a="1" b="2" c="3">"t"</view>`)
	expectParse(t, "< view></ view\n>", `<view/>`)
	expectParse(t, `<view hidden a="" b="{{x}}" c=" {{x}}" d="{{x}}{{y}}" e="a{{x}}b"/>`,
		`<view hidden a="" b={{x}} c=" "+{{x}} d={{x}}+{{y}} e="a"+{{x}}+"b"/>`)
	expectParse(t, `<slot name="{{n}}">fallback</slot><block class="x">b</block>`, `<slot name={{n}}>"fallback"</slot> <block class="x">"b"</block>`)
	expectParse(t, `<Template name="t"/><Import src="b"/><WXS module="m"></WXS>`, `<Template name="t"/> <Import src="b"/> <WXS module="m"/>`)
	expectParse(t, `<view data-a-b="1" bind:tap="f" model:value="{{v}}" generic:x="y" wx:foo="1"/>`,
		`<view data-a-b="1" bind:tap="f" model:value={{v}} generic:x="y" wx:foo="1"/>`)
}

func TestText(t *testing.T) {
	expectParse(t, "<view>  two  spaces  </view><view>   </view><text> </text>", `<view>"  two  spaces  "</view> <view/> <text/>`)
	expectParse(t, "<view>a<!-- c -->b</view>", `<view>"a" "b"</view>`)
	expectParse(t, "<view>a\r\nb\rc</view>", `<view>"a\nb\rc"</view>`)
	expectParse(t, "<view>&amp; &nbsp; & > x</view>", `<view>"&amp; &nbsp; & > x"</view>`)
	expectParse(t, "top\n<view/>\n", `"top\n" <view/>`)
	expectParse(t, "<view> {{a}} x {{}}{{ }}</view>", `<view>" "+{{a}}+" x "+{{}}+{{}}</view>`)
	// "}}" ends a mustache except inside a string literal, which may hold
	// '<' too; a lone '}}' is text.
	expectParse(t, "<view>{{'a}}b'}}{{\"</view>\"}}a}}b</view>", `<view>{{"a}}b"}}+{{"</view>"}}+"a}}b"</view>`)
	expectParse(t, "<view>{{a<b}}</view>", `<view>{{(a < b)}}</view>`)
	// wcc reads '{' and the next character as a pair: "{<" is text.
	expectParse(t, "<view>{<view>x</view>", `<view>"{<view>x"</view>`)
	expectParse(t, "<view>{x}<b/></view>", `<view>"{x}" <b/></view>`)
	// An unclosed comment swallows the rest silently.
	expectParse(t, "<view/><!-- x <view>", `<view/>`)
}

func TestEscapes(t *testing.T) {
	// Text: \n \t \r are control characters, \\ \" \' become \x5c \x22
	// \x27, other \c stay (NOTES.md §4.4).
	expectParse(t, `<text>a\nb \\ \" \' \u0041 \q</text>`, `<text>"a\nb \\x5c \\x22 \\x27 \\u0041 \\q"</text>`)
	expectParse(t, `<text>\\n \\q \\\\ \</text>`, `<text>"\\n \\x5cq \\\\x5c \\"</text>`)
	// Attribute values: \c is c first, then the same rules.
	expectParse(t, `<view a='x\y' b='\n' c="\"" d="[\\]" e="\\n" f="\\\\"/>`,
		`<view a="xy" b="\n" c="\"" d="[\\]" e="\n" f="\\x5c"/>`)
	// String literals in text and in attribute values.
	expectParse(t, `<view>{{"\n"}}|{{"\q"}}|{{"\\"}}|{{"\x41"}}|{{'a\'b'}}|{{"a'b"}}</view>`,
		`<view>{{"\n"}}+"|"+{{"\\q"}}+"|"+{{"\\"}}+"|"+{{"\\x41"}}+"|"+{{"a\\x27b"}}+"|"+{{"a'b"}}</view>`)
	expectParse(t, `<view c='{{"\n"}}' d='{{"\\n"}}' e='{{"\q"}}' f="{{'a\"b'}}"/>`,
		`<view c={{""}} d={{"\n"}} e={{"q"}} f={{"a\"b"}}/>`)
}

func TestIfChains(t *testing.T) {
	expectParse(t, "<view wx:if=\"{{n > 2}}\">big</view>\n<!-- comment is fine -->\n<view wx:elif=\"{{n > 1}}\">mid</view>\n<view wx:else>small</view>",
		`[if {{(n > 2)}} <view>"big"</view> | elif {{(n > 1)}} <view>"mid"</view> | else <view>"small"</view>]`)
	expectParse(t, `<block wx:if="{{a}}"/><template is="t" wx:elif="{{b}}"/><include src="x" wx:else/>`,
		`[if {{a}} <block/> | elif {{b}} call("t") | else include(x)]`)
	// A <wxs module> between branches is transparent.
	expectParse(t, `<view wx:if="{{a}}"/><wxs module="m">x</wxs><view wx:else/>`, `[if {{a}} <view/> | else <view/>] #wxs m "x"`)
	// Imports and template definitions with wx:if take part and render
	// nothing; so does a <template> with neither name nor is.
	expectParse(t, `<import src="b" wx:if="{{a}}"/><view wx:else/>`, `[if {{a}} <block/> | else <view/>]`)
	expectParse(t, `<template name="t" wx:if="{{a}}">T</template><view wx:else/>`, `[if {{a}} <block/> | else <view/>] #template t{"T"}`)
	expectParse(t, `<template wx:if="{{a}}">x</template><view wx:else/>`, `[if {{a}} <block/> | else <view/>]`)
	// wx:if="" and a non-mustache condition are fine; wx:else may have a value.
	expectParse(t, `<view wx:if="">x</view><view wx:elif="a"/><view wx:else="x"/>`, `[if "" <view>"x"</view> | elif "a" <view/> | else <view/>]`)
	// Two chains in a row.
	expectParse(t, `<a wx:if="{{x}}"/><b wx:else/><c wx:if="{{y}}"/>`, `[if {{x}} <a/> | else <b/>] [if {{y}} <c/>]`)
}

func TestLoops(t *testing.T) {
	expectParse(t, `<view wx:for="{{[1, 2, 3]}}" wx:key="*this" wx:if="{{item != n}}">{{item}}</view>`,
		`for({{[1, 2, 3]}} item,index key=*this) [if {{(item != n)}} <view>{{item}}</view>]`)
	expectParse(t, `<block wx:for="{{list}}" wx:for-item="it" wx:for-index="i"><text>{{i}}</text></block>`,
		`for({{list}} it,i) <block><text>{{i}}</text></block>`)
	expectParse(t, `<view wx:for="1,2" wx:for-item="" wx:for-index/>`, `for("1,2" item,index) <view/>`)
	expectParse(t, `<template is="t" wx:for="{{l}}"/><include src="x" wx:for="{{l}}"/>`, `for({{l}} item,index) call("t") for({{l}} item,index) include(x)`)
	// Without a loop, wx:for-item / wx:key are dropped.
	expectParse(t, `<view wx:for-item="x" wx:key="k"/>`, `<view/>`)
	expectMsgs(t, `<view wx:for-items="{{a}}" wx:for="{{b}}"/>`, "1:28: warning: `wx:for` is ignored: `wx:for-items` takes precedence")
}

func TestTemplates(t *testing.T) {
	expectParse(t, `<template name="t"><view>{{a}}</view></template><template is="t" data="{{...obj, a: 1}}"/><template is="{{name}}"/>`,
		`call("t" {...obj, a: 1}) call({{name}}) #template t{<view>{{a}}</view>}`)
	// Definitions are hoisted from anywhere, in source order.
	expectParse(t, `<view wx:if="{{false}}"><template name="u">hoisted</template></view><template name="t"><template name="v"/></template>`,
		`[if {{false}} <view/>] #template u{"hoisted"} #template t{} #template v{}`)
	// Children and other attributes of <template is> are ignored, but
	// definitions inside are hoisted.
	expectParse(t, `<template is="t" x="{{a b}}"><view wx:else/><template name="t">inner</template></template>`, `call("t") #template t{"inner"}`)
	expectParse(t, `<template is="t" data="{{a, b}}"/><template is="t" data=""/><template is="t" data/>`, `call("t" {a, b}) call("t") call("t")`)
	// name wins over is; the last name wins.
	if f, _ := parseString(`<template is="x" name="a" name="t"/>`); dumpFile(f) != `#template t{}` {
		t.Errorf("name wins over is: %s", dumpFile(f))
	}
	expectMsgs(t, `<template is="t" data="{{a}} "/>`, "1:24: warning: text around the {{ }} of `data` makes the data a string: the template sees its characters and length, not the fields")
	if f, _ := parseString(`<template is="t" data="x{{a, b: 1}}y"/>`); dumpFile(f) != `call("t" text:"x"+{{{a, b: 1}}}+"y")` {
		t.Errorf("data with text: %s", dumpFile(f))
	}
	expectPrint(t, `<template is="t" data="x {{ a }}"/>`, `<template is="t" data="x {{a}}"/>`)
	// A bad `is` makes wcc drop the call silently.
	expectMsgs(t, `<template is="{{a b}}" data="{{c d}}"/>`, "1:13: warning: bad expression in attribute `is`: unexpected `b` (expected an operator or the end of the expression) (wcc ignores this <template> entirely)")
}

func TestImportsIncludesWxs(t *testing.T) {
	expectParse(t, `<import src="b.wxml"/><import src="c" wx:if="{{x}}"/><include src="d"/><view><include src="e"/></view><include src="f" wx:if="{{x}}"/>`,
		`[if {{x}} <block/>] include(d top) <view>include(e)</view> [if {{x}} include(f)] #import b.wxml`)
	// wcc ignores wx:for on an import (with wx:else it only ends the
	// chain), rejects it with wx:if, and imports nothing from a call's or
	// an include's children (testdata/render/imports.txt).
	expectMsgs(t, `<import src="b" wx:for="{{[]}}"/>`, "1:17: warning: `wx:for` on an <import> is ignored: the file is imported once")
	expectParse(t, `<view wx:if="{{a}}"/><import src="b" wx:for="{{[]}}" wx:else/>`, `[if {{a}} <view/>] #import b`)
	expectError(t, `<view><import src="b" wx:for="{{[1]}}" wx:if="{{a}}"/></view>`, "1:7: error: `wx:if` cannot be combined with `wx:for` on an <import>")
	expectError(t, `<import src="b" wx:for="{{[1]}}" wx:else/>`, "1:1: error: `wx:else` without a `wx:if` before it")
	expectParse(t, `<view><template is="t"><import src="b"/></template><include src="c"><import src="d"/></include></view>`, `<view>call("t") include(c)</view>`)
	expectParse(t, `<import src="b">child</import><include src="c"><view x="{{a b}}"/></include><import/><include/>`, `include(c top) include( top) #import b`)
	expectParse(t, `<wxs module="m">var a = 1 < 2; "</view>"</wxs><wxs module="n" src="./n.wxs"/><wxs/>`,
		`<wxs/> #wxs m "var a = 1 < 2; \"</view>\"" #wxs n src=./n.wxs`)
	expectParse(t, `<view><wxs module="m">x</wxs ></view><wxs module="" src="x.wxs">  </wxs><wxs module>y</wxs>`,
		`<view/> #wxs m "x" #wxs  src=x.wxs #wxs  "y"`)
	// An unclosed <wxs> at the end is accepted by wcc, which ignores it.
	expectMsgs(t, `<view/><wxs module="m">var a`, "1:9: warning: `<wxs>` is not closed: its content runs to the end of the file and is ignored")

	f, _ := parseString(`<import src="a"/><wxs module="m" src="m.wxs"/><view><include src="b"/></view><template name="t"><include src="c"/></template><include src=""/>`)
	var got []string
	for _, d := range f.Deps() {
		got = append(got, d.Kind.String()+":"+d.Src)
	}
	if s := strings.Join(got, " "); s != "import:a wxs:m.wxs include:b include:c" {
		t.Errorf("Deps: %s", s)
	}
}

func TestLexerQuirks(t *testing.T) {
	// `a=b"` reads b up to the next '"'; `a= b` drops a; a stray character
	// before a space is ignored (all as wcc).
	expectMsgs(t, `<view a=b"/>`, "1:9: warning: the value of `a` has no opening quote: it is read up to the next `\"`")
	expectMsgs(t, `<view a= b/>`, "1:7: warning: `a=` has no value: the attribute is ignored")
	expectMsgs(t, `<view a. b/>`, "1:8: warning: stray `.` after a name is ignored")
	expectMsgs(t, `<view a="1" a="2"/>`, "1:7: warning: attribute `a` is repeated: the last one wins and the others are ignored")
	// Only the last of repeated attributes is compiled.
	expectMsgs(t, `<view x="{{a b}}" x="1"/>`, "1:7: warning: attribute `x` is repeated: the last one wins and the others are ignored")
	// Attributes of <block> are not compiled.
	expectParse(t, `<block x="{{a b}}"/>`, `<block x={{}}/>`)
}

// The error cases of NOTES.md §4.14 and more, at wcc's line:column.
func TestErrors(t *testing.T) {
	expectError(t, "<view>", "1:1: error: `<view>` is not closed")
	expectError(t, "<view></text>", "1:1: error: `<view>` is not closed")
	expectMsgs(t, "<view><text>x</view>", "1:15: error: expected `</text>`, found `</view>`")
	expectError(t, "</view>", "1:1: error: unexpected end tag `</view>`: no element is open")
	expectError(t, "<view></view></view>", "1:13: error: unexpected end tag `</view>`: no element is open")
	expectError(t, `<view a="1/>`, "1:12: error: unexpected end of file inside the value of `a` (missing closing \")")
	expectError(t, `<view a=1/>`, "1:8: error: expected a quoted value after `a=`, found `1`")
	expectError(t, `<view {{a}}/>`, "1:6: error: expected an attribute name, `>` or `/>` in tag `<view`, found `{`")
	expectError(t, `<view>{{a</view>`, "1:16: error: unexpected end of file inside {{ }} (missing }})")
	expectError(t, `<view>a < b</view>`, "1:11: error: unexpected `<` after a name")
	expectError(t, `<view>a <= b</view>`, "1:9: error: expected a tag name after `<`, found `=`")
	expectError(t, `<view/ >`, "1:6: error: expected `>` after `/` in tag `<view`, found ` `")
	expectError(t, `<view a.b="x"/>`, "1:7: error: unexpected `.` in a name")
	expectError(t, `<1a/>`, "1:1: error: expected a tag name after `<`, found `1`")
	expectError(t, `<wx-foo/>`, "1:2: error: tag names starting with `wx-` are reserved: `<wx-foo>`")
	expectError(t, `<!DOCTYPE html><view/>`, "1:2: error: a DOCTYPE declaration is not allowed in WXML")
	expectError(t, `<![CDATA[x]]>`, "1:2: error: CDATA sections are not supported in WXML")
	expectError(t, `<?xml version="1.0"?><view/>`, "1:1: error: XML declarations and processing instructions (`<?...?>`) are not allowed in WXML")
	expectError(t, `<!- x -->`, "1:3: error: expected `<!--` to start a comment, found ` `")
	expectError(t, "<view>{{a +}}</view>", "1:6: error: bad expression in text: unexpected end of the expression (expected an expression)")
	expectError(t, "<view>{{a b}}</view>", "1:6: error: bad expression in text: unexpected `b` (expected an operator or the end of the expression)")
	expectError(t, "<view>{{(a}}</view>", "1:6: error: bad expression in text: unexpected end of the expression (expected `)`)")
	expectError(t, "<view>{{a = 1}}</view>", "1:6: error: bad expression in text: `=` is not allowed: WXML expressions cannot assign")
	expectError(t, `<view v="{{'a\'b'}}"/>`, "1:8: error: missing `}}` in attribute `v`")
	expectError(t, `<view v="{{a b}}"/>`, "1:8: error: bad expression in attribute `v`: unexpected `b` (expected an operator or the end of the expression)")
	expectError(t, "<view\n vv=\"{{+s}}\"/>", "2:5: error: bad expression in attribute `vv`: unary `+` is not supported")
	expectError(t, `<view wx:else>x</view>`, "1:1: error: `wx:else` without a `wx:if` before it")
	expectError(t, `<view wx:if="{{n}}">x</view><text>t</text><view wx:else>y</view>`, "1:43: error: `wx:else` without a `wx:if` before it")
	expectError(t, `<view wx:if="{{a}}"/><template name="t"/><view wx:elif="{{b}}"/>`, "1:42: error: `wx:elif` without a `wx:if` before it")
	expectError(t, `<view wx:for="{{l}}" wx:if="{{a}}"/><view wx:else/>`, "1:37: error: `wx:else` without a `wx:if` before it")
	expectError(t, `<view wx:if="{{a}}" wx:else/>`, "1:1: error: `wx:else` cannot be combined with `wx:if` on one element")
	expectError(t, `<view wx:if>x</view>`, "1:1: error: `wx:if` needs a value")
	expectError(t, `<block wx:for>x</block>`, "1:1: error: `wx:for` needs a value")
	expectError(t, `<template is="t" data="x"/>`, "1:22: error: the `data` of `<template is>` must be one {{ }} holding object properties, e.g. data=\"{{a, b: 1, ...c}}\"")
	expectError(t, `<template is="t" data="{{}}"/>`, "1:22: error: the `data` of `<template is>` must be one {{ }} holding object properties, e.g. data=\"{{a, b: 1, ...c}}\"")
	expectError(t, `<template is="t" data="{{ 'k': 1 }}"/>`, "1:22: error: bad expression in attribute `data`: unexpected string 'k' (expected a property: `name`, `name: value` or `...value` (keys must be plain names))")
	expectError(t, `<wxs module="1m">x</wxs>`, "1:1: error: invalid wxs module name `1m`: use letters, digits and `_`, not starting with a digit")
	expectError(t, `<view/><wxs module="u" src="./u.wxs">x</wxs>`, "1:7: error: `<wxs src>` must be empty: the code comes from `./u.wxs`")
	expectError(t, `<wxs a="1"/>`, "1:1: error: `<wxs>` needs a `module` attribute")
	// Children of a <template> without name or is are compiled.
	expectError(t, `<template><view x="{{c d}}"/></template>`, "1:18: error: bad expression in attribute `x`: unexpected `d` (expected an operator or the end of the expression)")
	// wx:key, wx:for-index and unknown wx: attributes are compiled.
	expectError(t, `<view wx:key="{{c d}}"/>`, "1:13: error: bad expression in attribute `wx:key`: unexpected `d` (expected an operator or the end of the expression)")
	expectError(t, `<view wx:for="{{l}}" wx:for-item="{{a b}"/>`, "1:33: error: missing `}}` in attribute `wx:for-item`")
}

// Recovery: every problem of a file is reported, and the tree is usable.
func TestRecovery(t *testing.T) {
	expectMsgs(t, "<view>{{a b}}</view>\n<text wx:else>{{c +}}</text>\n<view>",
		"1:6: error: bad expression in text: unexpected `b` (expected an operator or the end of the expression)\n"+
			"2:2: error: `wx:else` without a `wx:if` before it\n"+
			"2:15: error: bad expression in text: unexpected end of the expression (expected an expression)\n"+
			"3:2: error: `<view>` is not closed")
	f, _ := parseString("<view><text>x</view><b>y</b>")
	if got := dumpFile(f); got != `<view><text>"x"</text></view> <b>"y"</b>` {
		t.Errorf("recovery tree: %s", got)
	}
	// "a < b" in text is reported once and kept as text.
	f, _ = parseString("<view>a < b</view>")
	if got := dumpFile(f); got != `<view>"a " "< b"</view>` {
		t.Errorf("recovery tree: %s", got)
	}
}

// An arena reused from file to file gives the same trees as the heap.
func TestParseArenaReuse(t *testing.T) {
	srcs := []string{
		`<view wx:if="{{a.b[c] + 1 > d ? 'x' : fn(e)}}" class="p {{q}}">t {{u.v}}</view><view wx:elif="{{w}}"/><view wx:else/>`,
		`<block wx:for="{{list}}" wx:key="id"><text>{{item.name}} {{index * 2}}</text></block>`,
		`<template name="t"><view hidden>{{x}}</view></template><template is="t" data="{{...o, y: 1}}"/>`,
	}
	var a Arena
	for round := 0; round < 2; round++ {
		for i, s := range srcs {
			src := &diag.Source{Path: "a.wxml", Contents: s}
			want := dumpFile(Parse(&diag.Log{}, src))
			if got := dumpFile(ParseArena(&diag.Log{}, src, &a)); got != want {
				t.Errorf("round %d, source %d: arena tree\n%s\nheap tree\n%s", round, i, got, want)
			}
			a.Reset()
		}
	}
}
