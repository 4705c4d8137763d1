package wxss

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpc-dev/mpc/diag"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/wxss/golden")

const goldenDir = "../testdata/wxss/golden"

// TestGolden prints every top-level .wxss of testdata/wxss/golden as
// minified WXSS (NAME.keep.wxss), px CSS at 375 (NAME.px.css, imports
// inlined) and vw CSS (NAME.vw.css), and compares with the files there
// (`go test ./wxss -run Golden -update` rewrites them). The px inputs are
// also compared with the oracle by the parity suite (wxss-regress).
func TestGolden(t *testing.T) {
	ents, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	l := NewLoader(os.DirFS(goldenDir))
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".wxss") || strings.HasSuffix(name, ".keep.wxss") {
			continue
		}
		var log diag.Log
		s, err := l.Load(&log, name)
		if err != nil || log.HasErrors() {
			t.Fatalf("%s: %v %s", name, err, msgs(&log))
		}
		base := strings.TrimSuffix(name, ".wxss")
		for _, out := range []struct {
			suffix string
			opts   PrintOptions
		}{
			{".keep.wxss", PrintOptions{Minify: true}},
			{".px.css", PrintOptions{Rpx: RpxPX, Width: 375, Imports: l.Sheet}},
			{".vw.css", PrintOptions{Rpx: RpxVW, Imports: l.Sheet}},
		} {
			got := Print(s, out.opts)
			path := filepath.Join(goldenDir, base+out.suffix)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if string(got) != string(want) {
				t.Errorf("%s differs from %s (run with -update to accept):\n%s", name, path, got)
			}
		}
	}
}
