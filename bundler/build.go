// Package bundler turns a mini program project into an upload-ready tree:
// it loads project.config.json and app.json, follows the file graph from the
// pages, places every file into the main package or a subpackage, bundles
// JS with esbuild, prints WXML/WXSS/JSON for the output, measures packages
// against WeChat's limits and writes the result (see docs/build.md).
//
// The project is read through an fs.FS rooted at the project folder, so
// tests run on fstest.MapFS; only the writer touches the OS file system.
package bundler

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/internal/dirfs"
	"github.com/mpc-dev/mpc/subpackage"
)

// Options configure one build.
type Options struct {
	// FS is the project folder (holding project.config.json or app.json).
	// When nil, Dir is opened with dirfs.New (os.DirFS, faster reads).
	FS  fs.FS
	Dir string
	// Out is the output folder (an OS path). Empty: build and measure
	// only, write nothing.
	Out string
	// Exclude are folders of FS (slash paths) the build never reads; the
	// output folder, when it lies inside the project, is added by Build.
	Exclude []string

	Shared    subpackage.Strategy
	Minify    bool   // minify JS (WXML and WXSS are always minified)
	Sourcemap bool   // write .js.map files (they do not count toward sizes)
	Target    string // esbuild target: es2015 ... es2024, esnext; "" = es2015
	Limits    subpackage.Limits
	// Quick leaves out the report figures only --report-json needs (gzip
	// sizes, cold start, duplicated and unused files): mpc watch needs the
	// package sizes and limits only.
	Quick bool

	// Cache keeps per-file work between builds (mpc watch); nil = a fresh
	// cache for this build.
	Cache Cache

	// KeepGoing (mpc watch) builds what it can when files have errors: a
	// file that fails to parse is replaced in the graph by its last good
	// parse, and each output file that depends on a file with errors keeps
	// the bytes Previous returns for it (or is left out when there are
	// none). Without it a build with source errors produces no files.
	KeepGoing bool
	Previous  func(path string) ([]byte, bool)
}

// OutputFile is one file of the output tree.
type OutputFile struct {
	Path string // slash path relative to the output folder
	Data []byte
	Pkg  int // package index (Report.Packages order)
}

// Result is what a build produced. Source errors (Log.HasErrors) mean
// nothing was written; size limit errors (SizeMsgs) do not stop the write.
type Result struct {
	Log      *diag.Log
	SizeMsgs []diag.Msg
	Files    []OutputFile
	Report   *Report
	Written  WriteStats
	// Kept are the output files that depend on a file with errors (only
	// with KeepGoing): Files holds their previous bytes, if any.
	Kept []string
}

// Failed reports whether the build has source errors.
func (r *Result) Failed() bool { return r.Log.HasErrors() }

type outFile struct {
	path string
	data []byte
	pkg  int
}

type builder struct {
	opts   Options
	p      *project
	g      *graph
	js     *jsGraph
	log    *diag.Log
	target api.Target

	bad  map[string]bool // fsys paths with errors when emitting (KeepGoing)
	mu   sync.Mutex
	kept []string
}

var targets = map[string]api.Target{
	"es2015": api.ES2015, "es2016": api.ES2016, "es2017": api.ES2017, "es2018": api.ES2018,
	"es2019": api.ES2019, "es2020": api.ES2020, "es2021": api.ES2021, "es2022": api.ES2022,
	"es2023": api.ES2023, "es2024": api.ES2024, "esnext": api.ESNext,
}

// ParseTarget checks an ES target name.
func ParseTarget(s string) (api.Target, bool) {
	if s == "" {
		return api.ES2015, true
	}
	t, ok := targets[strings.ToLower(s)]
	return t, ok
}

func targetError(t string) error {
	return &UsageError{fmt.Sprintf("unknown --target %q (want es2015 ... es2024 or esnext)", t)}
}

// UsageError is a problem with the options rather than the project.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Build builds the project. The error is for usage problems (bad options,
// an output folder that must not be written) and I/O failures; problems in
// the project are in Result.Log.
func Build(o Options) (*Result, error) {
	target, ok := ParseTarget(o.Target)
	if !ok {
		return nil, targetError(o.Target)
	}
	if o.FS == nil {
		if o.Dir == "" {
			return nil, &UsageError{"no project folder"}
		}
		st, err := os.Stat(o.Dir)
		if err != nil || !st.IsDir() {
			return nil, &UsageError{fmt.Sprintf("project folder %s not found", o.Dir)}
		}
		o.FS = dirfs.New(o.Dir)
	}
	if o.Out != "" && o.Dir != "" {
		rel, inside, err := checkOut(o.Dir, o.Out)
		if err != nil {
			return nil, err
		}
		if inside {
			o.Exclude = append(o.Exclude, rel)
		}
	}
	if o.Cache == nil {
		o.Cache = NewMemCache()
	}
	b := &builder{opts: o, log: &diag.Log{}, target: target}
	res := &Result{Log: b.log}
	b.p = loadProject(o.FS, o.Exclude, b.log, o.Cache, o.KeepGoing)
	if b.p == nil {
		return res, nil
	}
	b.g = &graph{p: b.p, log: b.log, cache: o.Cache, nodes: map[string]*node{}, groups: map[string]bool{}}
	b.g.discover()
	b.js = &jsGraph{b: b, mods: map[string]*jsMod{}, resolved: map[[2]string]jsResolution{}}
	var jsEntries []string
	for _, n := range b.g.sorted() {
		if n.kind == kJS && !n.verbatim && n.src != nil {
			jsEntries = append(jsEntries, b.p.mp(n.path))
		}
	}
	b.js.analyze(jsEntries)
	b.js.link(b.js.split(jsEntries))
	b.g.spread()
	b.g.place(o.Shared)
	if b.log.HasErrors() && !o.KeepGoing {
		return res, nil
	}
	files := b.emit()
	if b.log.HasErrors() && !o.KeepGoing {
		return res, nil
	}
	res.Files = files
	sort.Strings(b.kept)
	res.Kept = b.kept
	res.Report, res.SizeMsgs = b.report(files)
	if o.Out != "" {
		st, err := WriteOutput(o.Out, files)
		res.Written = st
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

// checkOut refuses an output folder that is the project folder or holds
// it, and says whether it lies inside the project (then the build must not
// read it) with its slash path relative to the project.
func checkOut(dir, out string) (rel string, inside bool, err error) {
	d, err1 := filepath.Abs(dir)
	o, err2 := filepath.Abs(out)
	if err1 != nil || err2 != nil {
		return "", false, &UsageError{"cannot resolve the project or output folder"}
	}
	if rd, e := filepath.EvalSymlinks(d); e == nil {
		d = rd
	}
	if ro, e := filepath.EvalSymlinks(o); e == nil {
		o = ro
	}
	r, e := filepath.Rel(o, d)
	if e == nil && (r == "." || !strings.HasPrefix(r, "..")) {
		return "", false, &UsageError{fmt.Sprintf("output folder %s is the project folder or contains it; choose another -o", out)}
	}
	r, e = filepath.Rel(d, o)
	if e == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r), true, nil
	}
	return "", false, nil
}

func (b *builder) define() map[string]string {
	env := `"development"`
	if b.opts.Minify {
		env = `"production"`
	}
	return map[string]string{"process.env.NODE_ENV": env}
}

// jsNode is the graph node of a JS module given by its fsys path.
func (g *graph) jsNode(fp string) *node {
	if strings.Contains("/"+fp, "/node_modules/") || !strings.HasPrefix(fp, g.p.root) {
		if n := g.nodes[fp]; n != nil {
			return n
		}
		rest := fp
		if i := strings.LastIndex(fp, "node_modules/"); i >= 0 {
			rest = fp[i+len("node_modules/"):]
		}
		out := "miniprogram_npm/" + rest
		if ext := path.Ext(out); ext != ".js" {
			out = strings.TrimSuffix(out, ext) + ".js"
		}
		n := &node{path: fp, out: out, kind: kJS, npm: true, home: subpackage.Main, users: make([]bool, len(g.p.layout.Pkgs))}
		g.nodes[fp] = n
		return n
	}
	return g.node(strings.TrimPrefix(fp, g.p.root))
}

// sourceOf returns the loaded source of an fsys path (the same *Source the
// graph holds, so messages sort together).
func (g *graph) sourceOf(fp string) (*diag.Source, bool) {
	var n *node
	if strings.HasPrefix(fp, g.p.root) {
		n = g.nodes[strings.TrimPrefix(fp, g.p.root)]
	}
	if n == nil {
		n = g.nodes[fp]
	}
	if n != nil && n.src != nil {
		return n.src, true
	}
	src, hash, ok := g.p.readFS(fp)
	if !ok {
		return nil, false
	}
	if n != nil {
		n.src, n.hash = src, hash
	}
	return src, true
}

// emit produces every output file: markup, JSON and assets per node and
// package in parallel, JS per package through esbuild, then the project
// config.
func (b *builder) emit() []OutputFile {
	g := b.g
	if b.opts.KeepGoing {
		b.bad = b.errorPaths()
	}
	type job struct {
		n   *node
		pkg int
	}
	var jobs []job
	for _, n := range g.sorted() {
		if n.kind == kJS && !n.verbatim || n.inlined {
			continue
		}
		for _, pkg := range n.placed {
			jobs = append(jobs, job{n, pkg})
		}
	}
	outs := make([]outFile, len(jobs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, jb := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int, jb job) {
			defer func() { <-sem; wg.Done() }()
			at := g.loc(jb.n, jb.pkg)
			if b.bad[g.fsPath(jb.n)] {
				outs[i] = b.keep(at)
				return
			}
			outs[i] = outFile{path: at, data: b.emitFile(jb.n, jb.pkg)}
		}(i, jb)
	}
	wg.Wait()
	for pkg := range b.p.layout.Pkgs {
		outs = append(outs, b.js.bundle(pkg)...)
	}
	if b.p.cfg != nil {
		if b.bad[b.p.cfgSrc.Path] {
			outs = append(outs, b.keep("project.config.json"))
		} else {
			c := b.p.cfg.clone()
			if c.kind == 'o' {
				// The output folder is the mini program root.
				c.set("miniprogramRoot", jstring("./"))
				c.del("srcMiniprogramRoot")
			}
			outs = append(outs, outFile{path: "project.config.json", data: c.encode(true)})
		}
	}
	sort.SliceStable(outs, func(i, j int) bool { return outs[i].path < outs[j].path })
	var files []OutputFile
	for i, f := range outs {
		if f.path == "" {
			continue // kept, with nothing to keep
		}
		if i > 0 && outs[i-1].path == f.path {
			if string(outs[i-1].data) != string(f.data) {
				b.log.Add(diag.Msg{Kind: diag.Error, ID: "build/output-clash", Data: diag.MsgData{
					Text: fmt.Sprintf("two different files would be written to %s (e.g. x.js and x.ts side by side)", f.path)}})
			}
			continue
		}
		files = append(files, OutputFile{Path: f.path, Data: f.data, Pkg: b.p.layout.Of(f.path)})
	}
	return files
}

// errorPaths are the files (fsys paths) that have errors: every output
// file that depends on one keeps its previous bytes.
func (b *builder) errorPaths() map[string]bool {
	bad := map[string]bool{}
	for _, m := range b.log.Msgs() {
		if m.Kind == diag.Error && m.Data.Source != nil {
			bad[m.Data.Source.Path] = true
		}
	}
	b.p.mu.Lock()
	for fp := range b.p.broken {
		bad[fp] = true
	}
	b.p.mu.Unlock()
	return bad
}

// keep records that output file at keeps its previous bytes; the returned
// file has an empty path when there are none.
func (b *builder) keep(at string) outFile {
	b.mu.Lock()
	b.kept = append(b.kept, at)
	b.mu.Unlock()
	if b.opts.Previous != nil {
		if data, ok := b.opts.Previous(at); ok {
			return outFile{path: at, data: data}
		}
	}
	return outFile{}
}

// fsPath is the path of n in the project's fsys.
func (g *graph) fsPath(n *node) string {
	if n.npm {
		return n.path
	}
	return g.p.mp(n.path)
}

// emitFile prints one non-JS file as package pkg sees it. The result is
// cached by the file's content and every input of its printing (where it
// is placed, the references rewritten), so a rebuild prints only the files
// that changed or moved.
func (b *builder) emitFile(n *node, pkg int) []byte {
	g := b.g
	if n.src == nil {
		return nil
	}
	from := g.loc(n, pkg)
	key := make([]byte, 0, 160)
	key = append(key, "emit:"...)
	key = append(key, n.path...)
	key = append(key, 0)
	key = append(key, n.hash...)
	key = append(key, 0)
	key = append(key, from...)
	var edits map[int32]edit
	var jsonRefs []*edge
	switch {
	case n.verbatim || n.kind == kAsset:
	case n.kind == kWXML || n.kind == kWXSS || n.kind == kWXS:
		for _, e := range n.refs {
			if e.mi < 0 || len(e.to) == 0 {
				continue
			}
			if n.src.Contents[e.rng.Loc.Start:e.rng.End()] != e.spec {
				continue // written with escapes: leave it (rare)
			}
			if s, ok := respec(e.spec, from, g.loc(e.to[0], pkg)); ok {
				if edits == nil {
					edits = map[int32]edit{}
				}
				edits[e.rng.Loc.Start] = edit{len: e.rng.Len, text: s}
				key = fmt.Appendf(key, "\x00%d:%s", e.rng.Loc.Start, s)
			}
		}
	case n.kind == kJSON && n.json != nil:
		key = fmt.Appendf(key, "\x00%v", b.opts.Minify)
		for _, e := range n.refs {
			if e.kind == refComponent && len(e.to) > 0 {
				jsonRefs = append(jsonRefs, e)
				key = append(key, 0)
				key = append(key, g.loc(e.to[0], pkg)...)
			}
		}
	}
	if v, ok := b.opts.Cache.Get(string(key)); ok {
		return v.([]byte)
	}
	var data []byte
	switch {
	case n.verbatim || n.kind == kAsset:
		data = []byte(n.src.Contents)
	case n.kind == kWXML:
		data = printWXML(n.src, n.wxml, edits)
	case n.kind == kWXSS:
		data = printWXSS(n.src, n.scan, edits)
	case n.kind == kWXS:
		data = splice(n.src.Contents, edits)
	case n.kind == kJSON && n.json != nil:
		j := n.json.clone()
		for _, e := range jsonRefs {
			t := g.loc(e.to[0], pkg)
			setAt(j, n.json, e.jv, "/"+strings.TrimSuffix(t, path.Ext(t)))
		}
		data = j.encode(!b.opts.Minify)
	default:
		data = []byte(n.src.Contents)
	}
	b.opts.Cache.Put(string(key), data)
	return data
}

// setAt sets, in the clone c of tree orig, the string that is target in
// orig.
func setAt(c, orig, target *jvalue, s string) bool {
	if orig == target {
		c.str = s
		return true
	}
	for i, v := range orig.vals {
		if setAt(c.vals[i], v, target, s) {
			return true
		}
	}
	return false
}

// respec returns the path to write for a markup reference spec (as written
// in a file now at from) whose target now lives at to, when it changed.
// The written style is kept: absolute stays absolute, an omitted
// extension stays omitted, a ?query/#hash is kept.
func respec(spec, from, to string) (string, bool) {
	clean := stripQuery(spec)
	suffix := spec[len(clean):]
	abs := strings.HasPrefix(clean, "/")
	got := resolveRel(from, clean)
	want := to
	if path.Ext(clean) == "" {
		want = strings.TrimSuffix(to, path.Ext(to))
	}
	if got == want {
		return "", false
	}
	if abs {
		return "/" + want + suffix, true
	}
	return relRequire(path.Dir(from), want) + suffix, true
}
