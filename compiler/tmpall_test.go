package compiler

import (
	"bufio"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/mpc-dev/mpc/internal/dirfs"
)

func BenchmarkTmpAll(b *testing.B) {
	data, _ := os.ReadFile("/tmp/corp.wxml")
	var keys []string
	for _, l := range strings.Fields(string(data)) {
		keys = append(keys, Key(strings.TrimPrefix(l, "./")))
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		l := NewLoader(dirfs.New("/work/main/.cache/corpus"))
		w := bufio.NewWriterSize(io.Discard, 64<<10)
		l.Closure(keys).WriteJS(w)
		w.Flush()
	}
}
