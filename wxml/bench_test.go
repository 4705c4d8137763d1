package wxml

import (
	"testing"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/internal/corpusfiles"
)

func benchCorpus(b *testing.B, run func(src *diag.Source)) {
	srcs, size := corpusfiles.Sources(b, ".wxml")
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range srcs {
			run(s)
		}
	}
}

// BenchmarkParse parses every corpus .wxml (about 600 files, 0.9 MB).
func BenchmarkParse(b *testing.B) {
	benchCorpus(b, func(src *diag.Source) { Parse(&diag.Log{}, src) })
}

// BenchmarkParseArena is BenchmarkParse with one arena, reset after each
// file, as the compiler parses.
func BenchmarkParseArena(b *testing.B) {
	var a Arena
	benchCorpus(b, func(src *diag.Source) {
		ParseArena(&diag.Log{}, src, &a)
		a.Reset()
	})
}

// BenchmarkLexer runs only the lexer over the corpus.
func BenchmarkLexer(b *testing.B) {
	benchCorpus(b, func(src *diag.Source) {
		l := NewLexer(&diag.Log{}, src)
		for l.Next().Kind != TokEOF {
		}
	})
}

// BenchmarkPrint prints every parsed corpus file.
func BenchmarkPrint(b *testing.B) {
	srcs, size := corpusfiles.Sources(b, ".wxml")
	files := make([]*File, len(srcs))
	for i, s := range srcs {
		files[i] = Parse(&diag.Log{}, s)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			Print(f)
		}
	}
}
