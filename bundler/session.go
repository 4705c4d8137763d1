package bundler

import (
	"os"
	"path/filepath"
	"sort"
)

// Session is the long-lived state of mpc watch: one SnapFS (each file read
// once until a change names it), one cache (parses, JS scans and bundles,
// printed files, keyed by content) and what the output folder holds. Each
// Build re-plans the whole project from that state, so only the changed
// files are read and parsed again, only the JS entries that bundle a
// changed module go through esbuild, and only changed output files are
// written.
type Session struct {
	opts  Options
	fs    *SnapFS
	cache *MemCache
	out   map[string][]byte // the output folder's files as mpc last wrote them
	// outRel is the output folder relative to the project when it lies
	// inside it (the watcher ignores it).
	outRel string
}

// NewSession prepares builds of o.Dir into o.Out (both required). It
// checks the output folder as mpc build does and loads what the last build
// wrote there, so the first Build rewrites only what differs.
func NewSession(o Options) (*Session, error) {
	if o.Dir == "" || o.Out == "" {
		return nil, &UsageError{"a watch session needs the project and output folders"}
	}
	if _, ok := ParseTarget(o.Target); !ok {
		return nil, targetError(o.Target)
	}
	if st, err := os.Stat(o.Dir); err != nil || !st.IsDir() {
		return nil, &UsageError{"project folder " + o.Dir + " not found"}
	}
	rel, inside, err := checkOut(o.Dir, o.Out)
	if err != nil {
		return nil, err
	}
	if inside {
		o.Exclude = append(o.Exclude, rel)
	}
	old, err := openOut(o.Out)
	if err != nil {
		return nil, err
	}
	s := &Session{opts: o, fs: NewSnapFS(o.Dir), cache: NewMemCache(), out: map[string][]byte{}}
	if inside {
		s.outRel = rel
	}
	for _, p := range old {
		if !safeRel(p) {
			continue
		}
		if data, err := os.ReadFile(filepath.Join(o.Out, filepath.FromSlash(p))); err == nil {
			s.out[p] = data
		}
	}
	s.opts.FS, s.opts.Cache, s.opts.KeepGoing = s.fs, s.cache, true
	s.opts.Previous = func(p string) ([]byte, bool) {
		data, ok := s.out[p]
		return data, ok
	}
	return s, nil
}

// Build rebuilds after the files named in changed (slash paths relative to
// the project folder; folders stand for everything below them) changed,
// and writes the output. Files that depend on a file with errors keep
// their previous output (Result.Kept), and nothing is removed from the
// output folder until the build is clean again.
func (s *Session) Build(changed []string) (*Result, error) {
	s.fs.Invalidate(changed)
	o := s.opts
	o.Out = "" // the session writes
	res, err := Build(o)
	if err != nil || res.Report == nil {
		return res, err
	}
	if _, err := os.Stat(filepath.Join(s.opts.Out, ManifestName)); err != nil && len(s.out) > 0 {
		// The output folder was deleted (or emptied) under us: write it all.
		s.out = map[string][]byte{}
		if err := os.MkdirAll(s.opts.Out, 0o755); err != nil {
			return res, err
		}
	}
	old := make([]string, 0, len(s.out))
	for p := range s.out {
		old = append(old, p)
	}
	sort.Strings(old)
	res.Written, err = writeFiles(s.opts.Out, res.Files, old, s.out, !res.Failed())
	if err != nil {
		// The folder may hold anything now: compare with the disk next time.
		s.out = map[string][]byte{}
		for _, p := range old {
			if data, rerr := os.ReadFile(filepath.Join(s.opts.Out, filepath.FromSlash(p))); rerr == nil {
				s.out[p] = data
			}
		}
		return res, err
	}
	next := make(map[string][]byte, len(res.Files))
	for _, f := range res.Files {
		next[f.Path] = f.Data
	}
	if res.Failed() {
		for p, data := range s.out {
			if _, ok := next[p]; !ok {
				next[p] = data // not removed: kept for the next clean build
			}
		}
	}
	s.out = next
	s.cache.Sweep()
	return res, nil
}
