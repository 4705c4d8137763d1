package wxs

import (
	"testing"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/internal/corpusfiles"
)

// BenchmarkRewrite checks and rewrites every .wxs file of the corpus.
func BenchmarkRewrite(b *testing.B) {
	srcs, size := corpusfiles.Sources(b, ".wxs")
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
