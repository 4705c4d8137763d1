package bundler

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"sync"

	"github.com/mpc-dev/mpc/diag"
)

// Cache keeps per-file work (parsed JSON, scanned or parsed markup) keyed by
// the file's path and content hash, so that a watcher running Build again
// in the same process only redoes the files that changed. Implementations
// must be safe for concurrent use; values must be treated as immutable.
type Cache interface {
	Get(key string) (any, bool)
	Put(key string, v any)
}

// MemCache is an unbounded in-memory Cache.
type MemCache struct {
	mu sync.Mutex
	m  map[string]any
}

// NewMemCache makes an empty cache.
func NewMemCache() *MemCache { return &MemCache{m: map[string]any{}} }

func (c *MemCache) Get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

func (c *MemCache) Put(key string, v any) {
	c.mu.Lock()
	c.m[key] = v
	c.mu.Unlock()
}

// Len is the number of entries (tests check reuse with it).
func (c *MemCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

type cached struct {
	v    any
	msgs []diag.Msg
}

// scan runs fn on src once per (kind, path, content) and replays its
// messages into log on later hits.
func scanCached(c Cache, kind fileKind, src *diag.Source, fn func(log *diag.Log) any, log *diag.Log) any {
	h := sha256.New()
	h.Write([]byte{byte(kind)})
	h.Write([]byte(src.Path))
	h.Write([]byte{0})
	h.Write([]byte(src.Contents))
	key := "scan:" + hex.EncodeToString(h.Sum(nil))
	if v, ok := c.Get(key); ok {
		e := v.(cached)
		log.AddMsgs(e.msgs)
		return e.v
	}
	var l diag.Log
	v := fn(&l)
	msgs := l.Msgs()
	c.Put(key, cached{v, msgs})
	log.AddMsgs(msgs)
	return v
}

// walkFS calls fn with the path of every regular file under root of fsys,
// skipping node_modules and dot folders.
func walkFS(fsys fs.FS, root string, fn func(p string)) error {
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != root && (d.Name() == "node_modules" || d.Name()[0] == '.') {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			fn(p)
		}
		return nil
	})
}

// hashBytes is the hex SHA-256 of data.
func hashBytes(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}
