package wxs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/mpc-dev/mpc/diag"
)

// FuzzRewrite: Rewrite never panics, and what it accepts it writes out as
// JavaScript that compiles (seeds: the accept suite's programs).
func FuzzRewrite(f *testing.F) {
	data, _ := os.ReadFile(filepath.Join("..", "..", "testdata", "wxs", "accept.txt"))
	for _, line := range strings.Split(string(data), "\n") {
		if line != "" && !strings.HasPrefix(line, "# ") {
			f.Add(strings.ReplaceAll(strings.TrimPrefix(line, "gap: "), "⏎", "\n"))
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		var log diag.Log
		js, ok := Rewrite(&log, &diag.Source{Path: "a.wxs", Contents: s}, 0, s, func(spec string) (string, bool) { return spec, true })
		for _, m := range log.Msgs() {
			m.Format(diag.FormatOptions{})
		}
		if !ok {
			return
		}
		if _, err := goja.Compile("a.wxs", "("+js+")", false); err != nil {
			t.Fatalf("%q accepted, but its output does not compile: %v\n%s", s, err, js)
		}
	})
}
