package wxss

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpc-dev/mpc/diag"
)

// benchInput is the golden inputs repeated to about 100 kB.
func benchInput(b *testing.B) string {
	var sb strings.Builder
	files, _ := filepath.Glob(filepath.Join(goldenDir, "*.wxss"))
	for sb.Len() < 100_000 {
		for _, f := range files {
			if strings.HasSuffix(f, ".keep.wxss") {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			// Imports would point nowhere here.
			for _, line := range strings.SplitAfter(string(data), "\n") {
				if !strings.HasPrefix(line, "@import") {
					sb.WriteString(line)
				}
			}
		}
	}
	return sb.String()
}

func BenchmarkParse(b *testing.B) {
	in := benchInput(b)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var log diag.Log
		Parse(&log, &diag.Source{Path: "a.wxss", Contents: in}, ParseOptions{})
	}
}

func benchPrint(b *testing.B, opts PrintOptions) {
	in := benchInput(b)
	var log diag.Log
	s := Parse(&log, &diag.Source{Path: "a.wxss", Contents: in}, ParseOptions{})
	if log.HasErrors() {
		b.Fatal(msgs(&log))
	}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Print(s, opts)
	}
}

func BenchmarkPrintKeep(b *testing.B) { benchPrint(b, PrintOptions{Minify: true}) }
func BenchmarkPrintPX(b *testing.B)   { benchPrint(b, PrintOptions{Rpx: RpxPX, Width: 375}) }
func BenchmarkPrintVW(b *testing.B)   { benchPrint(b, PrintOptions{Rpx: RpxVW}) }
