package codegen

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/wxml"
)

// BenchmarkGenerate generates every corpus .wxml (parsed once, before the
// timer; .cache/corpus or $MPC_CORPUS): the code generator alone, with wxs
// modules stubbed (compiler/wxs has its own costs).
func BenchmarkGenerate(b *testing.B) {
	dir := os.Getenv("MPC_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", ".cache", "corpus")
	}
	var files []*wxml.File
	size := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".wxml") {
			if data, err := os.ReadFile(p); err == nil {
				files = append(files, wxml.Parse(&diag.Log{}, &diag.Source{Path: p, Contents: string(data)}))
				size += len(data)
			}
		}
		return nil
	})
	if len(files) == 0 {
		b.Skip("no corpus in " + dir + " (make corpus fetches it)")
	}
	opts := Options{
		InlineWxs: func(*wxml.WxsModule) (string, bool) { return "function (nv_require) {}", true },
		WxsSrc:    func(m *wxml.WxsModule) (string, bool) { return m.Src, true },
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	out := 0
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			opts.Key = "./" + f.Source.Path
			out += len(Generate(f, opts).JS)
		}
	}
	b.ReportMetric(float64(out)/float64(b.N)/float64(size), "out/in")
}
