package dirfs

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("0123456789"), 10000)
	files := map[string][]byte{"a.txt": []byte("hello"), "empty": nil, "sub/big": big}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f := New(dir)
	for name, want := range files {
		got, err := f.ReadFile(name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("ReadFile(%q) = %d bytes, %v; want %d bytes", name, len(got), err, len(want))
		}
	}
	if _, err := f.ReadFile("missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want ErrNotExist", err)
	}
	if _, err := f.ReadFile("sub"); err == nil {
		t.Error("reading a folder: no error")
	}
	if _, err := f.ReadFile("../x"); err == nil {
		t.Error("a path outside the root: no error")
	}
	if err := fstest.TestFS(f, "a.txt", "empty", "sub/big"); err != nil {
		t.Error(err)
	}
}
