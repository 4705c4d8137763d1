//go:build unix

package dirfs

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestPrefetch(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.wxml")
	if err := os.WriteFile(p, []byte("before"), 0o644); err != nil {
		t.Fatal(err)
	}
	Prefetch([]string{p})
	// wait until the background read has stored it
	for i := 0; i < 1000; i++ {
		if _, ok := prefetched.Load(p); ok {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if err := os.WriteFile(p, []byte("after"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := New(dir)
	// The first read takes the prefetched bytes, the next reads the file.
	for _, want := range []string{"before", "after"} {
		got, err := f.ReadFile("a.wxml")
		if err != nil || string(got) != want {
			t.Errorf("ReadFile = %q, %v; want %q", got, err, want)
		}
	}
}
