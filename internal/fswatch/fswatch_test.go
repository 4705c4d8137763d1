package fswatch

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// batches runs a watcher on dir and returns a function that performs an
// action and waits for the next batch.
func start(t *testing.T, dir string) func(action func()) []string {
	t.Helper()
	w, err := New(dir, func(rel string, isDir bool) bool { return rel == "dist" || strings.HasPrefix(rel, "dist/") })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan []string, 16)
	go w.Run(ctx, func(c []string) { ch <- c }, func(err error) { t.Error(err) })
	t.Cleanup(func() { cancel(); w.Close() })
	return func(action func()) []string {
		action()
		select {
		case b := <-ch:
			return b
		case <-time.After(5 * time.Second):
			t.Fatal("no batch within 5s")
			return nil
		}
	}
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBatches(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.wxml"), "<view/>")
	next := start(t, dir)

	if got := next(func() { write(t, filepath.Join(dir, "a.wxml"), "<text/>") }); !reflect.DeepEqual(got, []string{"a.wxml"}) {
		t.Errorf("edit: got %v", got)
	}
	// a burst of writes is one batch
	got := next(func() {
		for i := 0; i < 20; i++ {
			write(t, filepath.Join(dir, "b.wxss"), strings.Repeat("x", i))
			write(t, filepath.Join(dir, "c.js"), strings.Repeat("y", i))
		}
	})
	if !reflect.DeepEqual(got, []string{"b.wxss", "c.js"}) {
		t.Errorf("burst: got %v", got)
	}
	// a new folder with files in it, written right away
	got = next(func() {
		write(t, filepath.Join(dir, "pages", "x", "x.wxml"), "<view/>")
		write(t, filepath.Join(dir, "pages", "x", "x.json"), "{}")
	})
	for _, want := range []string{"pages/x/x.wxml", "pages/x/x.json"} {
		if !contains(got, want) {
			t.Errorf("new folder: %v lacks %s", got, want)
		}
	}
	// files in the new folder are watched
	if got := next(func() { write(t, filepath.Join(dir, "pages", "x", "x.wxml"), "<text/>") }); !reflect.DeepEqual(got, []string{"pages/x/x.wxml"}) {
		t.Errorf("edit in new folder: got %v", got)
	}
	// save by rename (write a temp file, rename over the original)
	got = next(func() {
		tmp := filepath.Join(dir, ".a.wxml.swp")
		write(t, tmp, "<view>new</view>")
		if err := os.Rename(tmp, filepath.Join(dir, "a.wxml")); err != nil {
			t.Fatal(err)
		}
	})
	if !contains(got, "a.wxml") {
		t.Errorf("rename-save: got %v", got)
	}
	// ignored folder: a change there alone yields no batch; the next real change does
	got = next(func() {
		write(t, filepath.Join(dir, "dist", "out.js"), "x")
		time.Sleep(100 * time.Millisecond)
		os.Remove(filepath.Join(dir, "c.js"))
	})
	if !reflect.DeepEqual(got, []string{"c.js"}) {
		t.Errorf("ignore + remove: got %v", got)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
