package bundler

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
)

// SnapFS is a project folder as the last batch of changes left it: each
// file, stat and folder listing is read from disk once and kept until
// Invalidate names its path. A watcher gives one SnapFS to every rebuild,
// so a rebuild reads only the files that changed instead of the whole tree.
// Contents are also kept with their SHA-256, which keys the caches.
type SnapFS struct {
	dir  string
	base fs.FS

	mu    sync.Mutex
	files map[string]*snapFile
	stats map[string]snapStat
	dirs  map[string]snapDir
}

type snapFile struct {
	data string
	err  error
	once sync.Once
	hash string
}

type snapStat struct {
	fi  fs.FileInfo
	err error
}

type snapDir struct {
	ents []fs.DirEntry
	err  error
}

// NewSnapFS reads the folder dir lazily.
func NewSnapFS(dir string) *SnapFS {
	return &SnapFS{dir: dir, base: os.DirFS(dir), files: map[string]*snapFile{}, stats: map[string]snapStat{}, dirs: map[string]snapDir{}}
}

// Invalidate forgets what is known about each slash path (relative to the
// folder) and everything below it (a removed or renamed folder), and the
// listing of its parent folder.
func (s *SnapFS) Invalidate(paths []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range paths {
		p = path.Clean(p)
		if p == "." {
			clear(s.files)
			clear(s.stats)
			clear(s.dirs)
			return
		}
		prefix := p + "/"
		delete(s.files, p)
		delete(s.stats, p)
		delete(s.dirs, p)
		delete(s.dirs, path.Dir(p))
		for k := range s.files {
			if strings.HasPrefix(k, prefix) {
				delete(s.files, k)
			}
		}
		for k := range s.stats {
			if strings.HasPrefix(k, prefix) {
				delete(s.stats, k)
			}
		}
		for k := range s.dirs {
			if strings.HasPrefix(k, prefix) {
				delete(s.dirs, k)
			}
		}
	}
}

// Open reads through to the disk (nothing hot opens files: the build reads
// with ReadFile, Stat and ReadDir).
func (s *SnapFS) Open(name string) (fs.File, error) { return s.base.Open(name) }

func (s *SnapFS) file(name string) *snapFile {
	s.mu.Lock()
	f := s.files[name]
	if f == nil {
		f = &snapFile{}
		s.files[name] = f
	}
	s.mu.Unlock()
	f.once.Do(func() {
		data, err := fs.ReadFile(s.base, name)
		f.data, f.err = string(data), err
		if err == nil {
			h := sha256.Sum256(data)
			f.hash = hex.EncodeToString(h[:])
		}
	})
	return f
}

// ReadFile returns a copy of the contents (fs.ReadFileFS lets callers
// modify it); the build reads with readText instead.
func (s *SnapFS) ReadFile(name string) ([]byte, error) {
	f := s.file(name)
	if f.err != nil {
		return nil, f.err
	}
	return []byte(f.data), nil
}

func (s *SnapFS) Stat(name string) (fs.FileInfo, error) {
	st := remember(s, s.stats, name, func() snapStat {
		fi, err := fs.Stat(s.base, name)
		return snapStat{fi, err}
	})
	return st.fi, st.err
}

func (s *SnapFS) ReadDir(name string) ([]fs.DirEntry, error) {
	d := remember(s, s.dirs, name, func() snapDir {
		ents, err := fs.ReadDir(s.base, name)
		return snapDir{ents, err}
	})
	return d.ents, d.err
}

// remember returns m[name], reading it from the disk the first time.
func remember[T any](s *SnapFS, m map[string]T, name string, read func() T) T {
	s.mu.Lock()
	v, ok := m[name]
	s.mu.Unlock()
	if ok {
		return v
	}
	v = read()
	s.mu.Lock()
	m[name] = v
	s.mu.Unlock()
	return v
}

// readText reads a file as a string with its content hash, without copies
// when fsys is a SnapFS.
func readText(fsys fs.FS, name string) (data, hash string, err error) {
	if s, ok := fsys.(*SnapFS); ok {
		f := s.file(name)
		return f.data, f.hash, f.err
	}
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return "", "", err
	}
	return string(b), hashBytes(b), nil
}
