package bundler

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"strings"
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

// MemCache is an in-memory Cache. A long-lived user (mpc watch) calls
// Sweep after each build so that old versions of files do not pile up.
type MemCache struct {
	mu   sync.Mutex
	m    map[string]any
	used map[string]bool // keys read or written since the last Sweep
}

// NewMemCache makes an empty cache.
func NewMemCache() *MemCache { return &MemCache{m: map[string]any{}, used: map[string]bool{}} }

func (c *MemCache) Get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	if ok {
		c.used[key] = true
	}
	return v, ok
}

func (c *MemCache) Put(key string, v any) {
	c.mu.Lock()
	c.m[key] = v
	c.used[key] = true
	c.mu.Unlock()
}

// Len is the number of entries (tests check reuse with it).
func (c *MemCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// Sweep drops the entries the builds since the last Sweep did not use,
// except the last good parse of each file (goodPrefix), which a broken file
// needs for as long as it stays broken. It returns the number dropped.
func (c *MemCache) Sweep() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for k := range c.m {
		if !c.used[k] && !strings.HasPrefix(k, goodPrefix) {
			delete(c.m, k)
			n++
		}
	}
	c.used = map[string]bool{}
	return n
}

type cached struct {
	v      any
	msgs   []diag.Msg
	failed bool // msgs hold an error
}

// goodPrefix keys the last parse without errors of each file (by kind and
// path), which a build that keeps going uses while the file is broken.
const goodPrefix = "good:"

// scanCached runs fn on src once per (kind, path, content hash) and replays
// its messages into log on later hits. failed reports errors in them.
func scanCached(c Cache, kind fileKind, src *diag.Source, hash string, fn func(log *diag.Log) any, log *diag.Log) (v any, failed bool) {
	id := string(rune('0'+kind)) + ":" + src.Path
	key := "scan:" + id + ":" + hash
	if v, ok := c.Get(key); ok {
		e := v.(cached)
		log.AddMsgs(e.msgs)
		return e.v, e.failed
	}
	var l diag.Log
	v = fn(&l)
	msgs := l.Msgs()
	e := cached{v, msgs, l.HasErrors()}
	c.Put(key, e)
	if !e.failed {
		c.Put(goodPrefix+id, v)
	}
	log.AddMsgs(msgs)
	return v, e.failed
}

// lastGood is the last parse without errors of a file, if any.
func lastGood(c Cache, kind fileKind, p string) (any, bool) {
	return c.Get(goodPrefix + string(rune('0'+kind)) + ":" + p)
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
