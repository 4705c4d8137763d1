package dirfs

import (
	"sync"
	"sync/atomic"
)

var (
	prefetching atomic.Bool
	prefetched  sync.Map // absolute path → []byte, taken by the first ReadFile
)

// Prefetch starts reading the files at the given absolute, clean paths in
// the background; the first ReadFile of one of them, through any FS, takes
// its bytes from there instead of reading it again. It is for one-shot
// commands that know their input files before anything else is ready (see
// cmd/mpc/internal/early); a long-running command must not use it, as a
// file's prefetched bytes would hide later edits from its first read.
func Prefetch(paths []string) {
	if len(paths) == 0 {
		return
	}
	prefetching.Store(true)
	go func() {
		for _, p := range paths {
			if data, ok, err := readFile(p); ok && err == nil {
				prefetched.Store(p, data)
			}
		}
	}()
}

// takePrefetched returns the prefetched bytes of p, once.
func takePrefetched(p string) ([]byte, bool) {
	if !prefetching.Load() {
		return nil, false
	}
	d, ok := prefetched.LoadAndDelete(p)
	if !ok {
		return nil, false
	}
	return d.([]byte), true
}
