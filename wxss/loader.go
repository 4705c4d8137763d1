package wxss

import (
	"errors"
	"io/fs"
	"strings"
	"sync"

	"github.com/mpc-dev/mpc/diag"
)

// Loader parses stylesheets from a file system rooted at the mini program
// root and follows their @imports. It parses each file once and is safe
// for concurrent use.
type Loader struct {
	fsys fs.FS
	// Component says whether the file at path is a component's style
	// (ParseOptions.Component); nil means no file is.
	Component func(path string) bool

	mu       sync.Mutex
	files    map[string]*loaded
	reported map[*diag.Log]map[string]bool
}

type loaded struct {
	once  sync.Once
	sheet *Stylesheet // nil when the file cannot be read
	err   error
	msgs  []diag.Msg // parse messages and missing imports of this file
}

// NewLoader returns a loader reading from fsys.
func NewLoader(fsys fs.FS) *Loader {
	return &Loader{fsys: fsys, files: map[string]*loaded{}, reported: map[*diag.Log]map[string]bool{}}
}

// ErrNotFound is returned by Load for a file that does not exist.
var ErrNotFound = errors.New("no such file")

func (l *Loader) entry(path string) *loaded {
	l.mu.Lock()
	e := l.files[path]
	if e == nil {
		e = &loaded{}
		l.files[path] = e
	}
	l.mu.Unlock()
	e.once.Do(func() { l.parse(path, e) })
	return e
}

func (l *Loader) parse(path string, e *loaded) {
	if !fs.ValidPath(path) {
		e.err = ErrNotFound
		return
	}
	data, err := fs.ReadFile(l.fsys, path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			err = ErrNotFound
		}
		e.err = err
		return
	}
	var log diag.Log
	src := &diag.Source{Path: path, Contents: string(data)}
	comp := l.Component != nil && l.Component(path)
	e.sheet = Parse(&log, src, ParseOptions{Component: comp})
	for _, imp := range e.sheet.Imports {
		if imp.Path == path {
			continue // a self-import is reported as a cycle
		}
		if !l.exists(imp.Path) {
			log.AddError(src, imp.SpecRange, "wxss/import-missing",
				"could not find the imported file \""+imp.Spec+"\" (looked for "+imp.Path+")")
		}
	}
	e.msgs = log.Msgs()
}

func (l *Loader) exists(path string) bool {
	if !fs.ValidPath(path) {
		return false
	}
	st, err := fs.Stat(l.fsys, path)
	return err == nil && !st.IsDir()
}

// Sheet returns the parsed sheet of path if it was loaded (directly or as
// an import), else nil. It fits PrintOptions.Imports.
func (l *Loader) Sheet(path string) *Stylesheet {
	l.mu.Lock()
	e := l.files[path]
	l.mu.Unlock()
	if e == nil {
		return nil
	}
	e.once.Do(func() { l.parse(path, e) })
	return e.sheet
}

// Load parses path and, recursively, every sheet it imports. Into log go
// the messages of every file of that closure (each file's messages once per
// log, however often Load is called with it): syntax errors, missing
// imports at the @import, and import cycles with the whole chain. It
// returns ErrNotFound (or the read error) when path itself cannot be read.
func (l *Loader) Load(log *diag.Log, path string) (*Stylesheet, error) {
	root := l.entry(path)
	if root.err != nil {
		return nil, root.err
	}
	// Parse the closure, in parallel for wide import graphs.
	var wg sync.WaitGroup
	var visit func(s *Stylesheet)
	seenMu := sync.Mutex{}
	seen := map[string]bool{path: true}
	visit = func(s *Stylesheet) {
		for _, imp := range s.Imports {
			seenMu.Lock()
			done := seen[imp.Path]
			seen[imp.Path] = true
			seenMu.Unlock()
			if done {
				continue
			}
			wg.Add(1)
			go func(p string) {
				defer wg.Done()
				if e := l.entry(p); e.sheet != nil {
					visit(e.sheet)
				}
			}(imp.Path)
		}
	}
	visit(root.sheet)
	wg.Wait()

	l.mu.Lock()
	rep := l.reported[log]
	if rep == nil {
		rep = map[string]bool{}
		l.reported[log] = rep
	}
	l.mu.Unlock()
	report := func(key string, msgs ...diag.Msg) {
		l.mu.Lock()
		done := rep[key]
		rep[key] = true
		l.mu.Unlock()
		if !done {
			log.AddMsgs(msgs)
		}
	}
	// Report in a deterministic order: depth-first, imports in order; a
	// back edge is a cycle.
	var stack []*Import
	onStack := map[string]int{} // path → index in the chain of paths
	var dfs func(p string, s *Stylesheet)
	done := map[string]bool{}
	dfs = func(p string, s *Stylesheet) {
		done[p] = true
		onStack[p] = len(stack)
		report("file:"+p, l.Msgs(p)...)
		for _, imp := range s.Imports {
			if at, ok := onStack[imp.Path]; ok {
				chain := append(append([]*Import(nil), stack[at:]...), imp)
				report("cycle:"+cycleKey(chain), l.cycleMsg(chain))
				continue
			}
			if done[imp.Path] {
				continue
			}
			t := l.Sheet(imp.Path)
			if t == nil {
				continue
			}
			stack = append(stack, imp)
			dfs(imp.Path, t)
			stack = stack[:len(stack)-1]
		}
		delete(onStack, p)
	}
	dfs(path, root.sheet)
	return root.sheet, nil
}

// Msgs returns the messages of one loaded file (nil if not loaded).
func (l *Loader) Msgs(path string) []diag.Msg {
	l.mu.Lock()
	e := l.files[path]
	l.mu.Unlock()
	if e == nil {
		return nil
	}
	return e.msgs
}

func cycleKey(chain []*Import) string {
	var b strings.Builder
	for _, imp := range chain {
		b.WriteString(imp.Path)
		b.WriteByte('>')
	}
	return b.String()
}

// cycleMsg reports an import cycle at the @import that closes it, with a
// note at every @import of the chain.
func (l *Loader) cycleMsg(chain []*Import) diag.Msg {
	last := chain[len(chain)-1]
	from := l.importer(last)
	var names []string
	names = append(names, last.Path)
	for _, imp := range chain {
		names = append(names, imp.Path)
	}
	m := diag.Msg{Kind: diag.Error, ID: "wxss/import-cycle",
		Data: diag.MsgData{Source: from, Range: last.Range, Text: "import cycle: " + strings.Join(names, " → ")},
		Hint: "a stylesheet cannot import itself, directly or through other files"}
	for _, imp := range chain[:len(chain)-1] {
		m.Notes = append(m.Notes, diag.MsgData{Source: l.importer(imp), Range: imp.Range, Text: "imported here"})
	}
	return m
}

// importer finds the source of the sheet holding imp.
func (l *Loader) importer(imp *Import) *diag.Source {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range l.files {
		if e.sheet == nil {
			continue
		}
		for _, x := range e.sheet.Imports {
			if x == imp {
				return e.sheet.Source
			}
		}
	}
	return nil
}
