package wxml

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpc-dev/mpc/diag"
)

// corpusFiles loads every .wxml of the corpus (.cache/corpus, or
// $MPC_CORPUS), or skips.
func corpusFiles(b *testing.B) []*diag.Source {
	dir := os.Getenv("MPC_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", ".cache", "corpus")
	}
	var srcs []*diag.Source
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".wxml") {
			if data, err := os.ReadFile(p); err == nil {
				srcs = append(srcs, &diag.Source{Path: p, Contents: string(data)})
			}
		}
		return nil
	})
	if len(srcs) == 0 {
		b.Skip("no corpus in " + dir + " (make corpus fetches it)")
	}
	return srcs
}

func benchCorpus(b *testing.B, run func(src *diag.Source)) {
	srcs := corpusFiles(b)
	size := 0
	for _, s := range srcs {
		size += len(s.Contents)
	}
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
	srcs := corpusFiles(b)
	files := make([]*File, len(srcs))
	size := 0
	for i, s := range srcs {
		files[i] = Parse(&diag.Log{}, s)
		size += len(s.Contents)
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
