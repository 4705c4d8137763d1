package wxs

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpc-dev/mpc/diag"
)

// BenchmarkRewrite checks and rewrites every .wxs file of the corpus
// (.cache/corpus or $MPC_CORPUS).
func BenchmarkRewrite(b *testing.B) {
	dir := os.Getenv("MPC_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", ".cache", "corpus")
	}
	var srcs []*diag.Source
	size := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".wxs") {
			if data, err := os.ReadFile(p); err == nil {
				srcs = append(srcs, &diag.Source{Path: p, Contents: string(data)})
				size += len(data)
			}
		}
		return nil
	})
	if len(srcs) == 0 {
		b.Skip("no corpus in " + dir + " (make corpus fetches it)")
	}
	resolve := func(spec string) (string, bool) { return spec, true }
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, src := range srcs {
			Rewrite(&diag.Log{}, src, 0, src.Contents, resolve)
		}
	}
}
