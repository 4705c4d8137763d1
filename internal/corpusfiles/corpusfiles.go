// Package corpusfiles gives benchmarks the files of the public corpus that
// `make corpus` unpacks into the git-ignored .cache/corpus.
package corpusfiles

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/mpc-dev/mpc/diag"
)

// Dir is the corpus folder: $MPC_CORPUS, or .cache/corpus of this checkout.
func Dir() string {
	if d := os.Getenv("MPC_CORPUS"); d != "" {
		return d
	}
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", ".cache", "corpus")
}

// Sources reads every file whose name ends in ext, in walk order, and their
// total size; tb is skipped when the corpus was not fetched.
func Sources(tb testing.TB, ext string) (srcs []*diag.Source, size int) {
	dir := Dir()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ext) {
			if data, err := os.ReadFile(p); err == nil {
				srcs = append(srcs, &diag.Source{Path: p, Contents: string(data)})
				size += len(data)
			}
		}
		return nil
	})
	if len(srcs) == 0 {
		tb.Skip("no corpus in " + dir + " (make corpus fetches it)")
	}
	return srcs, size
}
