package wxss

import (
	"errors"
	"io/fs"
	"strings"
	"sync"
	"unsafe"

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

	mu    sync.Mutex
	files map[string]*loaded
}

type loaded struct {
	once  sync.Once
	sheet *Stylesheet // nil when the file cannot be read
	err   error
	msgs  []diag.Msg // parse messages and missing imports of this file
}

// NewLoader returns a loader reading from fsys.
func NewLoader(fsys fs.FS) *Loader {
	return &Loader{fsys: fsys, files: map[string]*loaded{}}
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
	src := &diag.Source{Path: path, Contents: bytesToString(data)}
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

// bytesToString makes a string of data without copying; data is a fresh
// file read that nothing else holds or writes.
func bytesToString(data []byte) string {
	if len(data) == 0 {
		return ""
	}
	return unsafe.String(&data[0], len(data))
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

// Load parses path and, recursively, every sheet it imports, and adds to
// log the messages of every file of that closure: syntax errors, missing
// imports (at the @import) and import cycles (with the whole chain). It
// returns ErrNotFound (or the read error) when path itself cannot be read.
func (l *Loader) Load(log *diag.Log, path string) (*Stylesheet, error) {
	sheets, err := l.LoadAll(log, []string{path})
	return sheets[0], err
}

// LoadAll is Load for several entries; a file shared by their closures has
// its messages reported once. sheets[i] is nil when paths[i] cannot be
// read; err is the first such error.
func (l *Loader) LoadAll(log *diag.Log, paths []string) (sheets []*Stylesheet, err error) {
	w := walk{l: l, log: log, done: map[string]bool{}, onStack: map[string]int{}}
	sheets = make([]*Stylesheet, len(paths))
	for i, p := range paths {
		e := l.entry(p)
		if e.err != nil {
			if err == nil {
				err = e.err
			}
			continue
		}
		sheets[i] = e.sheet
		if !w.done[p] {
			w.visit(p, e)
		}
	}
	return sheets, err
}

// walk is one depth-first pass over an import graph: it reports each
// file's messages once and every cycle (a back edge) once.
type walk struct {
	l       *Loader
	log     *diag.Log
	done    map[string]bool
	onStack map[string]int // path → depth in the chain
	stack   []*Import
	cycles  map[string]bool
}

func (w *walk) visit(path string, e *loaded) {
	w.done[path] = true
	w.onStack[path] = len(w.stack)
	w.log.AddMsgs(e.msgs)
	for _, imp := range e.sheet.Imports {
		if at, ok := w.onStack[imp.Path]; ok {
			chain := append(append([]*Import(nil), w.stack[at:]...), imp)
			key := cycleKey(chain)
			if w.cycles == nil {
				w.cycles = map[string]bool{}
			}
			if !w.cycles[key] {
				w.cycles[key] = true
				w.log.Add(w.l.cycleMsg(chain))
			}
			continue
		}
		if w.done[imp.Path] {
			continue
		}
		t := w.l.entry(imp.Path)
		if t.sheet == nil {
			continue // reported as missing by the importer
		}
		w.stack = append(w.stack, imp)
		w.visit(imp.Path, t)
		w.stack = w.stack[:len(w.stack)-1]
	}
	delete(w.onStack, path)
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
