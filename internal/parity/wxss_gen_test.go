package parity

import (
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"testing"
)

// wxssProject is one generated mini program tree: files by slash path and
// the target stylesheet. bad names the wcsc rejection that was injected
// ("" for none): both compilers must then reject the case.
type wxssProject struct {
	Files  map[string]string
	Target string
	Bad    string
	Suffix string // wcsc's class-prefix slot (a component's prefix), usually ""
}

type wxssGen struct {
	r     *rand.Rand
	p     *wxssProject
	depth int
}

// genWXSSProject makes a random stylesheet project from seed: selectors of
// every kind wcsc accepts, rpx values (fractional, negative, tiny, signed)
// in plain values, calc(), var() fallbacks, transforms and keyframes, media
// and supports blocks, @font-face, comments and odd whitespace, and @import
// graphs (relative, absolute, without extension, repeated, shared). About
// one case in ten carries one construct wcsc rejects.
func genWXSSProject(seed int64) *wxssProject {
	g := &wxssGen{r: rand.New(rand.NewSource(seed)), p: &wxssProject{Files: map[string]string{}}}
	g.p.Target = g.pick("a.wxss", "pages/index/index.wxss", "components/c/c.wxss")
	if g.chance(15) {
		g.p.Suffix = g.pick("c-", "comp--", "x_")
	}
	var imports []string
	if g.chance(35) {
		imports = g.makeImports()
	}
	body := g.sheet(imports)
	if g.chance(10) {
		body = g.inject(body)
	}
	if g.chance(10) {
		body = g.sprinkle(body)
	}
	if g.chance(10) {
		body = strings.ReplaceAll(body, "\n", "\r\n") // files saved on Windows
	}
	g.p.Files[g.p.Target] = body
	return g.p
}

func (g *wxssGen) chance(pct int) bool { return g.r.Intn(100) < pct }

func (g *wxssGen) pick(xs ...string) string { return xs[g.r.Intn(len(xs))] }

func (g *wxssGen) ws() string {
	switch g.r.Intn(10) {
	case 0:
		return "\n  "
	case 1:
		return "  "
	case 2, 3, 4:
		return ""
	}
	return " "
}

// makeImports writes imported files and returns the @import specs of the
// target, relative to the target's folder or absolute.
func (g *wxssGen) makeImports() []string {
	shared := "common/base.wxss"
	g.p.Files[shared] = g.rules(1+g.r.Intn(3), nil)
	dir := g.p.Target[:strings.LastIndex(g.p.Target, "/")+1]
	local := dir + "part.wxss"
	sub := dir + "sub/more.wxss"
	up := strings.Repeat("../", strings.Count(dir, "/"))
	var partImports []string
	if g.chance(50) {
		partImports = append(partImports, g.pick("sub/more", "./sub/more.wxss", "/"+sub))
		g.p.Files[sub] = g.rules(1+g.r.Intn(2), nil)
	}
	if g.chance(40) {
		partImports = append(partImports, g.pick(up+"common/base", "/common/base.wxss"))
	}
	g.p.Files[local] = g.rules(1+g.r.Intn(3), partImports)
	var specs []string
	for n := 1 + g.r.Intn(3); n > 0; n-- {
		specs = append(specs, g.pick("part.wxss", "./part", "part", "/"+local, up+"common/base.wxss", "/common/base", up+"common/base"))
	}
	return specs
}

func (g *wxssGen) importLine(spec string) string {
	q := g.pick("\"", "\"", "'")
	return "@import" + g.pick(" ", "  ") + q + spec + q + g.pick(";", ";", " ;") + g.pick("\n", "", " ")
}

func (g *wxssGen) sheet(imports []string) string {
	var b strings.Builder
	if g.chance(5) {
		b.WriteString("@charset \"utf-8\";\n")
	}
	if g.chance(20) {
		b.WriteString("/* generated */\n")
	}
	b.WriteString(g.rules(1+g.r.Intn(7), imports))
	return b.String()
}

// rules writes n rules with the @imports spread between them.
func (g *wxssGen) rules(n int, imports []string) string {
	var b strings.Builder
	pos := make([]int, len(imports))
	for i := range pos {
		pos[i] = g.r.Intn(n + 1)
		if g.chance(60) {
			pos[i] = 0
		}
	}
	for i := 0; i <= n; i++ {
		for k, spec := range imports {
			if pos[k] == i {
				b.WriteString(g.importLine(spec))
			}
		}
		if i == n {
			break
		}
		b.WriteString(g.rule())
		b.WriteString(g.pick("\n", "\n\n", "", " "))
		if g.chance(8) {
			b.WriteString("/* " + g.pick("note", "10rpx", "a{b:c}") + " */" + g.pick("\n", ""))
		}
	}
	return b.String()
}

func (g *wxssGen) rule() string {
	if g.depth < 2 {
		switch k := g.r.Intn(100); {
		case k < 8:
			return g.media()
		case k < 14:
			return g.keyframes()
		case k < 17:
			return "@supports (" + g.pick("display: grid", "position: sticky", "width: 10rpx") + ")" + g.ws() + "{" + g.nested(1+g.r.Intn(2)) + "}"
		case k < 20:
			return "@font-face {" + g.ws() + "font-family: " + g.pick("f", "\"My Font\"") + ";" + g.ws() + "src: url(" + g.pick("https://cdn.example.com/f.ttf", "'https://cdn.example.com/f.woff'", "data:font/woff;base64,AAAA", "/fonts/f.ttf", "f.ttf") + ")" + g.pick("", ";") + g.ws() + "}"
		case k < 23:
			return g.pick(":host", ":host(.on)", ":root", ":root .x", ".x :root", ":host .y", ":host.on", ":root.x", ":root#x",
				":host-context(.dark)", ":root:hover", ".a, :root") + g.ws() + g.block()
		case k < 25:
			return g.pick("@page", "@page :first", "@font-face", "@viewport") + g.ws() + g.block()
		case k < 26 && g.depth > 0:
			return g.importLine(g.pick("nested.wxss", "/x/y"))
		}
	}
	sel := g.selectorList()
	if g.chance(2) {
		sel += "," // wcsc keeps a dangling comma
	}
	return sel + g.ws() + g.block()
}

func (g *wxssGen) nested(n int) string {
	g.depth++
	defer func() { g.depth-- }()
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(g.ws())
		b.WriteString(g.rule())
	}
	return b.String() + g.ws()
}

func (g *wxssGen) media() string {
	cond := g.pick("screen", "(min-width: 300rpx)", "screen and (max-width: 100px)", "(orientation: landscape)",
		"only screen and (-webkit-min-device-pixel-ratio: 2)", "(prefers-color-scheme: dark)", "screen,print")
	return g.pick("@media ", "@media ", "@MEDIA ", "@Media\t") + cond + g.ws() + "{" + g.nested(1+g.r.Intn(3)) + "}"
}

func (g *wxssGen) keyframes() string {
	var b strings.Builder
	b.WriteString(g.pick("@keyframes ", "@-webkit-keyframes ", "@KeyFrames ") + g.pick("spin", "fade", "k1") + g.ws() + "{")
	steps := [][]string{{"from", "to"}, {"0%", "50%", "100%"}, {"from", "60%", "to"}, {"0%, 100%", "50%"}}[g.r.Intn(4)]
	for _, s := range steps {
		b.WriteString(g.ws() + s + g.ws() + "{" + g.ws())
		n := 1 + g.r.Intn(2)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(";" + g.ws())
			}
			b.WriteString(g.pick("transform", "-webkit-transform", "width", "opacity", "margin-left") + ":" + g.ws() + g.pick(
				"translate("+g.rpx()+", "+g.rpx()+")", "rotate(360deg)", "translateY("+g.rpx()+")", g.rpx(), "0.5", "scale(1.2) translateX("+g.rpx()+")"))
		}
		b.WriteString(g.pick("", ";") + g.ws() + "}")
	}
	return b.String() + g.ws() + "}"
}

func (g *wxssGen) selectorList() string {
	n := 1
	if g.chance(25) {
		n += 1 + g.r.Intn(2)
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = g.complex()
	}
	return strings.Join(parts, g.pick(",", ", ", ",\n", " , "))
}

// complex writes compounds joined by combinators, mostly the way wcsc
// accepts them: after `>` `+` `~` a tag or class comes first, `~` follows
// a tag or class and never another `>` `+` `~` (one in fifty breaks a rule).
func (g *wxssGen) complex() string {
	var b strings.Builder
	n := 1 + g.r.Intn(3)
	prev, endsName := "", false
	for i := 0; i < n; i++ {
		explicit := false
		if i > 0 {
			c := g.pick(" ", " ", ">", "+", "~", " > ", " + ", " ~ ", " ", "/*c*/", " /deep/ ", "/deep/")
			if strings.TrimSpace(c) == "~" && (prev == ">" || prev == "+" || prev == "~" || !endsName) && !g.chance(2) {
				c = " "
			}
			prev = strings.TrimSpace(c)
			explicit = prev == ">" || prev == "+" || prev == "~"
			if !explicit {
				prev = " "
			}
			b.WriteString(c)
		}
		text, name := g.compound(explicit && !g.chance(2))
		b.WriteString(text)
		endsName = name
	}
	return b.String()
}

var wxssClasses = []string{"a", "btn", "t-button", "t-button--primary", "_x", "van-cell__title", "w100", "item-1", "Active", "-neg", "a1b2"}
var wxssTags = []string{"view", "text", "page", "button", "image", "scroll-view", "wx-view", "input", "Page", "swiper-item", "from"}

// compound writes one compound selector; nameFirst starts it with a tag or
// class. It reports whether it ends with a tag or class token of its own.
func (g *wxssGen) compound(nameFirst bool) (string, bool) {
	var b strings.Builder
	items := 0
	endsName := false
	if g.chance(20) {
		b.WriteString(wxssTags[g.r.Intn(len(wxssTags))])
		items++
		endsName = true
	}
	afterHash := false
	for n := g.r.Intn(3); n > 0 || items == 0; n-- {
		if g.chance(85) || items == 0 && nameFirst {
			b.WriteString("." + wxssClasses[g.r.Intn(len(wxssClasses))])
			endsName = !afterHash
		} else {
			b.WriteString("#" + g.pick("main", "id1", "x"))
			afterHash, endsName = true, false
		}
		items++
	}
	if g.chance(8) {
		b.WriteString(g.pick("[data-x]", "[type=text]", "[data-v=\"1\"]", "[class~=a]", "[ lang |= en ]"))
		endsName = false
		if g.chance(30) {
			b.WriteString(".after-attr")
			endsName = true
		}
	}
	if g.chance(20) {
		b.WriteString(g.pick(":hover", ":active", ":first-child", ":last-child", ":nth-child(2n+1)", ":nth-child(odd)",
			":nth-of-type(3)", ":not(.disabled)", ":not(view)", ":not(:first-child)", ":empty", ":checked", ":not(page)", ":hover.on"))
		endsName = false
	}
	if g.chance(10) {
		b.WriteString(g.pick("::after", "::before", ":after", "::-webkit-scrollbar", "::placeholder"))
		endsName = false
	}
	return b.String(), endsName
}

func (g *wxssGen) block() string {
	var b strings.Builder
	b.WriteString("{")
	n := g.r.Intn(6)
	if n == 5 {
		n = 0
	}
	for i := 0; i < n; i++ {
		b.WriteString(g.ws())
		b.WriteString(g.decl())
		if i < n-1 || g.chance(50) {
			b.WriteString(g.pick(";", ";", " ;", ";\n"))
		}
		if g.chance(5) {
			b.WriteString("/* c */")
		}
	}
	b.WriteString(g.ws())
	b.WriteString("}")
	return b.String()
}

var wxssProps = []string{"width", "height", "margin", "padding", "font-size", "line-height", "border", "border-radius", "WIDTH", "content",
	"top", "left", "transform", "box-shadow", "background", "color", "--td-size", "--gap", "_height", "-webkit-line-clamp",
	"flex", "gap", "margin-top", "border-width", "max-width", "letter-spacing"}

func (g *wxssGen) decl() string {
	name := wxssProps[g.r.Intn(len(wxssProps))]
	if g.chance(2) {
		return name // wcsc keeps a bare name
	}
	v := g.value()
	if g.chance(8) {
		v += g.pick(" !important", "!important")
	}
	if g.chance(4) {
		v += "\\9"
	}
	return name + g.pick(":", ": ", " : ", ":  ") + v
}

func (g *wxssGen) value() string {
	switch g.r.Intn(24) {
	case 0, 1, 2, 3:
		return g.rpx()
	case 4:
		return g.rpx() + " " + g.rpx()
	case 5:
		return g.rpx() + " " + g.rpx() + " " + g.rpx() + " " + g.rpx()
	case 6:
		return "calc(100% - " + g.rpx() + ")"
	case 7:
		return "calc(" + g.rpx() + " + " + g.pick("10px", "2em", g.rpx()) + ")"
	case 8:
		return "var(" + g.pick("--td-size", "--gap") + g.pick(",", ", ") + g.rpx() + ")"
	case 9:
		return "translate(-50%, " + g.rpx() + ") rotate(45deg)"
	case 10:
		return g.rpx() + " solid " + g.pick("#eee", "rgba(0,0,0,.1)", "red")
	case 11:
		return g.pick("0", "auto", "none", "inherit", "1", "50%", "10px", "1.5em")
	case 12:
		return g.pick("\"10rpx\"", "'a b'", "\"\"")
	case 13:
		return "url(" + g.pick("https://cdn.example.com/a.png", "\"https://cdn.example.com/b.png\"", "//cdn.example.com/c.png", "data:image/png;base64,iVBOR") + ")" + g.pick("", " "+g.rpx())
	case 14:
		return "url(" + g.pick("img/a.png", "/static/b.png", "'../c.png'", "\"./d.png\"", "cloud://x/e.png", "HTTP://x/f.png") + ") no-repeat" + g.pick("", " "+g.rpx()+" "+g.rpx())
	case 15:
		return g.pick("1e2rpx", "10RPX", "a10rpx", "10rpxs", "-webkit-calc(10rpx + 1px)", "10rpx/20rpx", "1rpx-2rpx", "#10rpx")
	case 16:
		return "0 " + g.rpx() + " " + g.rpx() + " rgba(0, 0, 0, 0.1)"
	case 17:
		return g.rpx() + "/" + g.pick("1.5", g.rpx())
	case 18:
		return "linear-gradient(" + g.pick("90deg", "to right") + ", #fff " + g.rpx() + ", #000 100%)"
	case 19:
		return "calc(" + g.rpx() + " * 2)"
	case 20:
		return g.pick("-", "+", "") + g.num() + "rpx"
	case 21:
		return g.pick("a-10rpx", "1e-5rpx", "5.rpx", "10..5rpx", ".5.5rpx", "-.5rpx", "+.5rpx", "1.rpx", "10rpx-", "#10rpx",
			"\"\\e601\"", "'\\f101 x'", "10rpx\\9", "url(a-10rpx.png)", "\"a\" 10rpx", "progid:DXImageTransform.Microsoft.gradient(startColorstr='#80000000', endColorstr='#80000000')",
			"U+0025-00FF", "-webkit-box", "1rpx/*c*/2rpx", "red ! important", "10rpx,20rpx", "@x", "f(;)")
	case 22:
		return g.pick("", " ", "/* empty */")
	}
	return "max(" + g.rpx() + ", " + g.pick("10px", "env(safe-area-inset-bottom)") + ")"
}

// num is a number as people write them: no leading zeros (wcsc pastes the
// digits into JavaScript, where 010 is octal; docs/wxss.md).
func (g *wxssGen) num() string {
	switch g.r.Intn(12) {
	case 0:
		return "0"
	case 1:
		return fmt.Sprint(g.r.Intn(4))
	case 2:
		return "." + fmt.Sprint(1+g.r.Intn(9))
	case 3:
		return g.pick("0.5", "0.1", "0.01", "0.0001", "1.5", "2.5", "0.33", "749.99", "0.75")
	case 4:
		return fmt.Sprint(1500 + g.r.Intn(5000))
	case 5:
		return fmt.Sprintf("%d.%d", g.r.Intn(100), g.r.Intn(100))
	case 6:
		return g.pick("750", "375", "1", "2", "3")
	}
	return fmt.Sprint(1 + g.r.Intn(200))
}

func (g *wxssGen) rpx() string {
	sign := ""
	if g.chance(15) {
		sign = "-"
	} else if g.chance(3) {
		sign = "+"
	}
	return sign + g.num() + "rpx"
}

// inject adds one construct that wcsc rejects (NOTES.md §5.7 and more).
func (g *wxssGen) inject(body string) string {
	bads := []struct{ name, text string }{
		{"universal", "* { margin: 0 }"},
		{"deep-combinator", ".a >>> .b { x: y }"},
		{"import-url", "@import url(\"x.wxss\");"},
		{"import-missing", "@import \"missing.wxss\";"},
		{"import-media", "@import \"m.wxss\" screen;"},
		{"unclosed", ".z { color: red"},
		{"empty-decl", ".a{x:y;;z:w}"},
		{"tilde-after-child", ".a > .b ~ .c { x: y }"},
		{"star-hack", ".a { *zoom: 1 }"},
		{"escape", ".\\31 0 { x: y }"},
		{"empty-media", "@media screen { }"},
		{"stray-brace", ".a { x: y }}"},
		{"no-name", ".a { : red }"},
		{"no-selector", "{ color: red }"},
		{"escaped-quote", ".a{content:'\\''}"},
		{"import-in-rule", ".a { @import \"x.wxss\"; }"},
		{"leading-semicolon", ".a { x: y; }; .b{}"},
		{"cycle", "@import \"cyc.wxss\";"},
		{"nested-rule", ".a { .b { x: y } }"},
		{"empty-not", ".a:not() { x: y }"},
		{"no-value", ".a { x: }"},
		{"bom", ""},
		{"comment-after-name", ".a { width/* c */: 1px }"},
	}
	b := bads[g.r.Intn(len(bads))]
	g.p.Bad = b.name
	switch b.name {
	case "import-media":
		g.p.Files[wxssDirOf(g.p.Target)+"m.wxss"] = ".m{}"
	case "cycle":
		dir := wxssDirOf(g.p.Target)
		g.p.Files[dir+"cyc.wxss"] = "@import \"/" + g.p.Target + "\";\n.cyc{x:y}"
	}
	if b.name == "bom" {
		return "\ufeff" + body
	}
	lines := strings.SplitAfter(body, "\n")
	at := g.r.Intn(len(lines) + 1)
	// between rules: after a line that ends one (or at the start)
	for at > 0 && at < len(lines) && !strings.HasSuffix(strings.TrimRight(lines[at-1], " \r\n"), "}") {
		at--
	}
	if b.name == "unclosed" {
		at = len(lines)
	}
	return strings.Join(lines[:at], "") + "\n" + b.text + "\n" + strings.Join(lines[at:], "")
}

// sprinkle puts comments and whitespace next to punctuation outside
// strings, where CSS allows them and wcsc reads them its own way.
func (g *wxssGen) sprinkle(s string) string {
	var b strings.Builder
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if quote != 0 {
			if c == quote {
				quote = 0
			}
			b.WriteByte(c)
			continue
		}
		if c == '"' || c == '\'' {
			quote = c
		}
		if strings.HasPrefix(s[i:], "url(") {
			// not inside url(): wcsc and CSS disagree there (docs/wxss.md)
			end := strings.IndexByte(s[i:], ')')
			if end < 0 {
				end = len(s) - i - 1
			}
			b.WriteString(s[i : i+end+1])
			i += end
			continue
		}
		if c == '/' && i+1 < len(s) && s[i+1] == '*' {
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				b.WriteString(s[i:])
				break
			}
			b.WriteString(s[i : i+end+4])
			i += end + 3
			continue
		}
		if strings.IndexByte("{};:,()>", c) >= 0 && g.chance(25) {
			b.WriteString(g.pick("/**/", " ", "/* x */", "\n", " /*y*/ "))
		}
		b.WriteByte(c)
		if strings.IndexByte("{};:,()>", c) >= 0 && g.chance(25) {
			b.WriteString(g.pick("/**/", " ", "/* x */", "\n", " /*y*/ "))
		}
	}
	return b.String()
}

func wxssDirOf(p string) string { return p[:strings.LastIndex(p, "/")+1] }

// TestWXSSGenDump prints the generated project of MPC_WXSS_DUMP=seed.
func TestWXSSGenDump(t *testing.T) {
	s := os.Getenv("MPC_WXSS_DUMP")
	if s == "" {
		t.Skip("set MPC_WXSS_DUMP=seed")
	}
	seed, _ := strconv.ParseInt(s, 10, 64)
	p := genWXSSProject(seed)
	fmt.Printf("target %s bad %q\n", p.Target, p.Bad)
	for f, text := range p.Files {
		fmt.Printf("== %s\n%s\n", f, text)
	}
}
