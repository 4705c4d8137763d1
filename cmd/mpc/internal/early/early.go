// Package early starts reading the input files of `mpc compile` while Go
// is still initialising the rest of the program.
//
// Go runs the initialisers of every linked package before main: about
// 1.3 ms for mpc (goja, esbuild, net/http), on one core, a tenth of
// compiling a large project. It runs them in import path order, each as
// soon as its imports are done, so this package's, which imports little
// besides dirfs, runs among the first, and the reads it starts overlap the
// rest on another core.
package early

import (
	"os"
	"strings"

	"github.com/mpc-dev/mpc/internal/dirfs"
)

func init() {
	a := os.Args
	if len(a) < 4 || a[1] != "compile" || a[2] != "wxml" && a[2] != "wxss" {
		return
	}
	wd, err := os.Getwd()
	if err != nil {
		return
	}
	var paths []string
	for _, x := range a[3:] {
		// Anything that looks like an input file: a flag's value taken for
		// one costs a read at most, and cobra still parses the arguments.
		if strings.HasPrefix(x, "-") || !(strings.HasSuffix(x, ".wxml") || strings.HasSuffix(x, ".wxs") || strings.HasSuffix(x, ".wxss")) {
			continue
		}
		// Plain joins: importing path/filepath would make this package
		// wait for its initialiser, and a path that is not clean only
		// misses the prefetch.
		if !strings.HasPrefix(x, "/") {
			x = wd + "/" + strings.TrimPrefix(x, "./")
		}
		paths = append(paths, x)
	}
	dirfs.Prefetch(paths)
}
