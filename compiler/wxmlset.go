// Package compiler drives the per-language front ends and generators over a
// mini program root: it finds the files a WXML entry needs, parses each
// once (in parallel), checks wxs, and generates the render modules.
package compiler

import (
	"io"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unsafe"

	"github.com/mpc-dev/mpc/compiler/codegen"
	"github.com/mpc-dev/mpc/compiler/wxs"
	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/wxml"
)

// WXMLFile is one parsed and generated .wxml file.
type WXMLFile struct {
	Key    string // "./rel/path.wxml"
	Source *diag.Source
	Gen    codegen.Result
	Log    *diag.Log // this file's messages
	deps   []string  // keys of the .wxml and .wxs files it references
}

// WxsFile is one checked and rewritten .wxs module.
type WxsFile struct {
	Key    string
	Source *diag.Source
	JS     string // the module function, "" when it has errors
	Log    *diag.Log
	deps   []string
}

// Loader parses and generates files of one root on demand and caches them,
// so that many entries of a root share the work (and `mpc watch` can keep it).
type Loader struct {
	FS fs.FS // rooted at the mini program root

	mu     sync.Mutex
	wxml   map[string]*WXMLFile
	wxs    map[string]*WxsFile
	isFile map[string]bool // keys looked up: whether they are files
}

// NewLoader makes a loader over fsys.
func NewLoader(fsys fs.FS) *Loader {
	return &Loader{FS: fsys, wxml: map[string]*WXMLFile{}, wxs: map[string]*WxsFile{}, isFile: map[string]bool{}}
}

// Key turns a slash path relative to the root into a file key.
func Key(rel string) string { return "./" + strings.TrimPrefix(path.Clean("/"+rel), "/") }

func relOf(key string) string { return strings.TrimPrefix(key, "./") }

func (l *Loader) exists(key string) bool {
	l.mu.Lock()
	ok, known := l.isFile[key]
	if !known {
		_, a := l.wxml[key]
		_, b := l.wxs[key]
		ok, known = a || b, a || b
	}
	l.mu.Unlock()
	if known {
		return ok
	}
	st, err := fs.Stat(l.FS, relOf(key))
	ok = err == nil && !st.IsDir()
	l.mu.Lock()
	l.isFile[key] = ok
	l.mu.Unlock()
	return ok
}

// resolve applies wcc's path rule: relative to the referring file's folder,
// or absolute from the root.
func resolve(fromKey, src string) string {
	if strings.HasPrefix(src, "/") {
		return Key(src)
	}
	j := path.Join(path.Dir(relOf(fromKey)), src)
	if outsideRoot(j) {
		// wcc does not find it; keep the path as written (never a file)
		return "./" + j
	}
	return Key(j)
}

// outsideRoot reports whether a joined relative path climbs above the root.
func outsideRoot(rel string) bool { return rel == ".." || strings.HasPrefix(rel, "../") }

// resolveWXML resolves an import/include src: as written, or with ".wxml".
func (l *Loader) resolveWXML(fromKey, src string) (string, bool) {
	k := resolve(fromKey, src)
	if strings.HasSuffix(k, ".wxml") && l.exists(k) {
		return k, true
	}
	if l.exists(k + ".wxml") {
		return k + ".wxml", true
	}
	return k, false
}

// Set is the files compiled together for one or more entries.
type Set struct {
	WXML []*WXMLFile // sorted by key
	Wxs  []*WxsFile
}

// HasErrors reports whether any file of the set has an error.
func (s *Set) HasErrors() bool {
	for _, f := range s.WXML {
		if f.Log.HasErrors() {
			return true
		}
	}
	for _, f := range s.Wxs {
		if f.Log.HasErrors() {
			return true
		}
	}
	return false
}

// Msgs returns every message of the set, sorted.
func (s *Set) Msgs() []diag.Msg {
	var all diag.Log
	for _, f := range s.WXML {
		all.AddMsgs(f.Log.Msgs())
	}
	for _, f := range s.Wxs {
		all.AddMsgs(f.Log.Msgs())
	}
	return all.Sorted()
}

// Branches and Loops count the coverage points of the set.
func (s *Set) Branches() (branches, loops int) {
	for _, f := range s.WXML {
		branches += f.Gen.Branches
		loops += f.Gen.Loops
	}
	return
}

// Closure loads the entries (keys of .wxml files) and everything they
// reference, parsing files not seen before in parallel.
func (l *Loader) Closure(entries []string) *Set {
	// A fixed set of workers, not a goroutine per file: their stacks, grown
	// once by the recursive parsers, are reused. A file's references are
	// queued as soon as it is loaded, so no worker waits for a whole level.
	var (
		mu      sync.Mutex
		cond    = sync.NewCond(&mu)
		queue   []string
		pending int // queued or being loaded
		seen    = map[string]bool{}
		set     = &Set{}
	)
	push := func(keys []string) { // called with mu held
		for _, k := range keys {
			if !seen[k] {
				seen[k] = true
				queue = append(queue, k)
				pending++
			}
		}
		cond.Broadcast()
	}
	push(entries)
	workers := runtime.GOMAXPROCS(0)
	workers = min(workers, max(len(queue), 1))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			for {
				for len(queue) == 0 && pending > 0 {
					cond.Wait()
				}
				if pending == 0 {
					mu.Unlock()
					return
				}
				k := queue[0]
				queue = queue[1:]
				mu.Unlock()
				var deps []string
				var wf *WXMLFile
				var xf *WxsFile
				if strings.HasSuffix(k, ".wxs") {
					if xf = l.loadWxs(k); xf != nil {
						deps = xf.deps
					}
				} else if wf = l.loadWXML(k); wf != nil {
					deps = wf.deps
				}
				mu.Lock()
				if wf != nil {
					set.WXML = append(set.WXML, wf)
				}
				if xf != nil {
					set.Wxs = append(set.Wxs, xf)
				}
				pending--
				push(deps)
			}
		}()
	}
	wg.Wait()
	sort.Slice(set.WXML, func(i, j int) bool { return set.WXML[i].Key < set.WXML[j].Key })
	sort.Slice(set.Wxs, func(i, j int) bool { return set.Wxs[i].Key < set.Wxs[j].Key })
	return set
}

// All returns the keys of every .wxml and .wxs file under the root.
func (l *Loader) All() []string {
	var keys []string
	fs.WalkDir(l.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".") && p != ".") {
			return fs.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".wxml") || strings.HasSuffix(p, ".wxs")) {
			keys = append(keys, Key(p))
		}
		return nil
	})
	sort.Strings(keys)
	return keys
}

// readSource reads key; nil when it cannot be read.
func (l *Loader) readSource(key string) *diag.Source {
	data, err := fs.ReadFile(l.FS, relOf(key))
	if err != nil {
		return nil
	}
	// The bytes are never written again: share them instead of copying.
	return &diag.Source{Path: relOf(key), Contents: unsafe.String(unsafe.SliceData(data), len(data))}
}

var arenaPool = sync.Pool{New: func() any { return new(wxml.Arena) }}

// loadWXML returns the file of key, parsing and generating it unless it was
// loaded already; nil when it cannot be read.
func (l *Loader) loadWXML(key string) *WXMLFile {
	l.mu.Lock()
	f := l.wxml[key]
	l.mu.Unlock()
	if f != nil {
		return f
	}
	src := l.readSource(key)
	if src == nil {
		return nil
	}
	f = &WXMLFile{Key: key, Source: src, Log: &diag.Log{}}
	// The tree lives only until its code is generated: its nodes come from
	// an arena that the next file reuses.
	arena := arenaPool.Get().(*wxml.Arena)
	defer func() {
		arena.Reset()
		arenaPool.Put(arena)
	}()
	ast := wxml.ParseArena(f.Log, f.Source, arena)
	for _, d := range ast.Deps() {
		switch d.Kind {
		case wxml.DepWxs:
			k := resolve(key, d.Src)
			if l.exists(k) {
				f.deps = append(f.deps, k)
			}
		default:
			if k, ok := l.resolveWXML(key, d.Src); ok {
				f.deps = append(f.deps, k)
			} else if d.Src != "" && !strings.Contains(d.Src, "{{") {
				// wcc only warns at run time; say it now, where the fix is.
				what := "import"
				if d.Kind == wxml.DepInclude {
					what = "include"
				}
				f.Log.Add(diag.Msg{Kind: diag.Warning, ID: "wxml/" + what + "-not-found",
					Data: diag.MsgData{Source: f.Source, Range: d.Range, Text: what + " target `" + d.Src + "` not found (looked for " + relOf(k) + ")"},
					Hint: "paths are relative to this file, or absolute from the mini program root; .wxml may be omitted"})
			}
		}
	}
	inlineLog := f.Log
	f.Gen = codegen.Generate(ast, codegen.Options{
		Key: key,
		InlineWxs: func(m *wxml.WxsModule) (string, bool) {
			return wxs.Rewrite(inlineLog, f.Source, int(m.CodeRange.Loc.Start), m.Code, func(spec string) (string, bool) {
				k := resolve(key, spec)
				if absoluteRequire(spec) || outsideRoot(relOf(k)) {
					return spec, true
				}
				return k, l.exists(k)
			})
		},
		WxsSrc: func(m *wxml.WxsModule) (string, bool) {
			k := resolve(key, m.Src)
			if !l.exists(k) {
				f.Log.Add(diag.Msg{Kind: diag.Error, ID: "wxml/wxs-not-found",
					Data: diag.MsgData{Source: f.Source, Range: m.SrcRange, Text: "wxs module file `" + m.Src + "` not found (looked for " + relOf(k) + ")"},
					Hint: "the path is relative to this file, or absolute from the mini program root, and needs the .wxs extension"})
				return "", false
			}
			return k, true
		},
	})
	l.mu.Lock()
	defer l.mu.Unlock()
	if prev := l.wxml[key]; prev != nil {
		return prev
	}
	l.wxml[key] = f
	return f
}

// loadWxs returns the module of key, checking and rewriting it unless it
// was loaded already; nil when it cannot be read.
func (l *Loader) loadWxs(key string) *WxsFile {
	l.mu.Lock()
	w := l.wxs[key]
	l.mu.Unlock()
	if w != nil {
		return w
	}
	src := l.readSource(key)
	if src == nil {
		return nil
	}
	w = &WxsFile{Key: key, Source: src, Log: &diag.Log{}}
	w.JS, _ = wxs.Rewrite(w.Log, w.Source, 0, w.Source.Contents, func(spec string) (string, bool) {
		k := resolve(key, spec)
		if absoluteRequire(spec) || outsideRoot(relOf(k)) {
			return spec, true
		}
		if l.exists(k) {
			w.deps = append(w.deps, k)
			return k, true
		}
		return k, false
	})
	l.mu.Lock()
	defer l.mu.Unlock()
	if prev := l.wxs[key]; prev != nil {
		return prev
	}
	l.wxs[key] = w
	return w
}

// JS returns the generated modules of the set (without the runtime), in key
// order: the output of `mpc compile wxml`.
func (s *Set) JS() string {
	var b strings.Builder
	n := 0
	for _, w := range s.Wxs {
		n += len(w.JS) + len(w.Key) + 16
	}
	for _, f := range s.WXML {
		n += len(f.Gen.JS)
	}
	b.Grow(n)
	s.WriteJS(&b)
	return b.String()
}

// WriteJS writes what JS returns to w, without building it in memory first.
func (s *Set) WriteJS(w io.Writer) error {
	for _, x := range s.Wxs {
		if x.JS != "" {
			for _, part := range [...]string{"R.wxs(", quoteJS(x.Key), ", ", x.JS, ");\n"} {
				if _, err := io.WriteString(w, part); err != nil {
					return err
				}
			}
		}
	}
	for _, f := range s.WXML {
		if _, err := io.WriteString(w, f.Gen.JS); err != nil {
			return err
		}
	}
	return nil
}

var jsEscaper = strings.NewReplacer("\\", "\\\\", "\"", "\\\"")

func quoteJS(s string) string { return "\"" + jsEscaper.Replace(s) + "\"" }

// absoluteRequire: wcc leaves require("/x.wxs") unresolved (and a path
// above the root, see outsideRoot), so the module is undefined at run time (wxs.Rewrite warns about it); mpc does the same
// rather than render something WeChat would not.
func absoluteRequire(spec string) bool { return strings.HasPrefix(spec, "/") }
