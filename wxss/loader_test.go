package wxss

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/mpc-dev/mpc/diag"
)

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for p, s := range files {
		m[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return m
}

// compile loads path and prints it as px CSS; errors come back as
// "path:line:col: error: text" lines.
func compile(t *testing.T, files map[string]string, path string) (string, string) {
	t.Helper()
	l := NewLoader(mapFS(files))
	var log diag.Log
	s, err := l.Load(&log, path)
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	var errs strings.Builder
	for _, m := range log.Sorted() {
		errs.WriteString(m.Format(diag.FormatOptions{NoFrame: true}))
	}
	return string(Print(s, PrintOptions{Rpx: RpxPX, Minify: true, Imports: l.Sheet})), errs.String()
}

func TestResolveImport(t *testing.T) {
	for _, c := range [][3]string{
		{"p/a.wxss", "../c", "c.wxss"},
		{"p/a.wxss", "/c.wxss", "c.wxss"},
		{"p/a.wxss", "./sub/d.wxss", "p/sub/d.wxss"},
		{"p/a.wxss", "sub/d", "p/sub/d.wxss"},
		{"a.wxss", "b.css", "b.css.wxss"},
		{"a.wxss", "../../x", "../../x.wxss"},
		{"a.wxss", "\\x\\y", "x/y.wxss"},
	} {
		if got := ResolveImport(c[0], c[1]); got != c[2] {
			t.Errorf("ResolveImport(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}

func TestImports(t *testing.T) {
	// NOTES.md §5.5: position honoured, every spelling of a path.
	css, errs := compile(t, map[string]string{
		"p/a.wxss":     ".first{}\n@import \"../c\";\n@import \"/c.wxss\";\n@import './sub/d.wxss';\n.a{width:10rpx}",
		"c.wxss":       ".c{}",
		"p/sub/d.wxss": ".d{}",
	}, "p/a.wxss")
	if errs != "" || css != ".first{}.c{}.d{}.a{width:5px}" {
		t.Errorf("got %q %s", css, errs)
	}
	// A sheet imported twice lands at its last position (wcsc's runtime
	// walks backwards), also through another import.
	css, errs = compile(t, map[string]string{
		"a.wxss": "@import \"b\";.a{}@import \"c\";",
		"b.wxss": ".b0{}@import \"c\";.b{}",
		"c.wxss": ".c{}",
	}, "a.wxss")
	if errs != "" || css != ".b0{}.b{}.a{}.c{}" {
		t.Errorf("got %q %s", css, errs)
	}
	// keep output keeps the @import
	l := NewLoader(mapFS(map[string]string{"a.wxss": "@import 'b';.a{}", "b.wxss": ".b{}"}))
	s, _ := l.Load(&diag.Log{}, "a.wxss")
	if got := string(Print(s, PrintOptions{Minify: true, Imports: l.Sheet})); got != "@import 'b';.a{}" {
		t.Errorf("keep: %q", got) // quotes as written
	}
}

func TestImportErrors(t *testing.T) {
	_, errs := compile(t, map[string]string{"a.wxss": "@import \"missing.wxss\";"}, "a.wxss")
	if errs != "a.wxss:1:9: error: could not find the imported file \"missing.wxss\" (looked for missing.wxss)\n" {
		t.Errorf("missing: %q", errs)
	}
	_, errs = compile(t, map[string]string{
		"a.wxss": "@import \"b\";",
		"b.wxss": ".b{}\n@import \"c\";",
		"c.wxss": "@import \"/a.wxss\";",
	}, "a.wxss")
	want := "c.wxss:1:1: error: import cycle: a.wxss → b.wxss → c.wxss → a.wxss\n" +
		"a.wxss:1:1: note: imported here\n" +
		"b.wxss:2:1: note: imported here\n"
	if errs != want {
		t.Errorf("cycle:\n%s\nwant\n%s", errs, want)
	}
	_, errs = compile(t, map[string]string{"a.wxss": "@import \"a\";"}, "a.wxss")
	if errs != "a.wxss:1:1: error: import cycle: a.wxss → a.wxss\n" {
		t.Errorf("self import: %q", errs)
	}
	// an error in an imported file is reported with its own path
	_, errs = compile(t, map[string]string{"a.wxss": "@import \"b\";", "b.wxss": "* {}"}, "a.wxss")
	if errs != "b.wxss:1:1: error: the universal selector \"*\" is not supported by WeChat\n" {
		t.Errorf("imported error: %q", errs)
	}
	l := NewLoader(mapFS(nil))
	if _, err := l.Load(&diag.Log{}, "nope.wxss"); err != ErrNotFound {
		t.Errorf("Load of a missing file: %v", err)
	}
}

func TestLoadAllReportsOnce(t *testing.T) {
	l := NewLoader(mapFS(map[string]string{"a.wxss": "@import \"c\";", "b.wxss": "@import \"c\";", "c.wxss": "* {}"}))
	var log diag.Log
	sheets, err := l.LoadAll(&log, []string{"a.wxss", "b.wxss", "nope.wxss"})
	if n := len(log.Msgs()); n != 1 || err != ErrNotFound || sheets[0] == nil || sheets[1] == nil || sheets[2] != nil {
		t.Errorf("LoadAll: %d messages, err %v, sheets %v", n, err, sheets)
	}
	var other diag.Log
	l.Load(&other, "b.wxss")
	if n := len(other.Msgs()); n != 1 {
		t.Errorf("Load with a fresh log: %d messages, want 1", n)
	}
}

func TestLoaderConcurrent(t *testing.T) {
	files := map[string]string{"common.wxss": ".c{width:1rpx}"}
	for i := 0; i < 20; i++ {
		files[fmt.Sprintf("p%d.wxss", i)] = fmt.Sprintf("@import \"common\";@import \"p%d\";.p{}", (i+1)%20)
	}
	l := NewLoader(mapFS(files))
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var log diag.Log
			s, err := l.Load(&log, fmt.Sprintf("p%d.wxss", i))
			if err != nil || len(log.Msgs()) != 1 { // the 20-file cycle
				t.Errorf("p%d: %v %d messages", i, err, len(log.Msgs()))
			}
			Print(s, PrintOptions{Rpx: RpxPX, Imports: l.Sheet})
		}(i)
	}
	wg.Wait()
}
