package wxss

import (
	"testing"
	"time"

	"github.com/mpc-dev/mpc/diag"
)

// FuzzParse checks that the parser and printer never panic and stay fast,
// and that for input without errors the minified WXSS parses again,
// without errors, to the same AST and prints the same.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		".a{width:10rpx;margin:-1rpx .5rpx}", "@import \"b\";.a>.b~.c{x:y}", "@media (min-width:1rpx){.a{b:c}}",
		"@keyframes k{from{a:1rpx}50%{b:2rpx}to{c:3rpx}}", ".a:not(.b),:host{x:y} :root{--x:calc(1rpx + 2px)}",
		"* {}", ".a{x:'\\''}", ".a /deep/ .b{x:url(a.png) \"s\"}", "@font-face{src:url(x)}", ".a{b:c\\9;_d:e}",
		"page.a view:nth-child(2n+1)::after{a:b!important}", ".a{", "}", "/*", ".a{x:y}}{", "@media{}", "[a=b]{}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		start := time.Now()
		var log diag.Log
		s := Parse(&log, &diag.Source{Path: "a.wxss", Contents: in}, ParseOptions{Component: true})
		keep := string(Print(s, PrintOptions{Minify: true}))
		Print(s, PrintOptions{Rpx: RpxPX, Width: 320, IOS: true, ClassPrefix: "p-"})
		Print(s, PrintOptions{Rpx: RpxVW})
		for _, m := range log.Msgs() {
			m.Format(diag.FormatOptions{})
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("%d bytes took %v", len(in), d)
		}
		if log.HasErrors() {
			return
		}
		var log2 diag.Log
		s2 := Parse(&log2, &diag.Source{Path: "a.wxss", Contents: keep}, ParseOptions{})
		if log2.HasErrors() {
			t.Fatalf("keep output %q of %q does not parse: %s", keep, in, msgs(&log2))
		}
		if again := string(Print(s2, PrintOptions{Minify: true})); again != keep {
			t.Fatalf("keep of %q is not stable: %q then %q", in, keep, again)
		}
		if a, b := dump(s, true), dump(s2, true); a != b {
			t.Fatalf("keep output %q of %q parses to another AST:\n%s\nvs\n%s", keep, in, a, b)
		}
	})
}
