package codegen

import (
	"testing"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/internal/corpusfiles"
	"github.com/mpc-dev/mpc/wxml"
)

// BenchmarkGenerate generates every corpus .wxml (parsed once, before the
// timer): the code generator alone, with wxs modules stubbed (compiler/wxs
// has its own benchmark).
func BenchmarkGenerate(b *testing.B) {
	srcs, size := corpusfiles.Sources(b, ".wxml")
	files := make([]*wxml.File, len(srcs))
	for i, src := range srcs {
		files[i] = wxml.Parse(&diag.Log{}, src)
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
