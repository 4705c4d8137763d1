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
	"github.com/mpc-dev/mpc/subpackage"
)

// Options configure one build.
type Options struct {
	// FS is the project folder (holding project.config.json or app.json).
	// When nil, Dir is opened with os.DirFS.
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

// UsageError is a problem with the options rather than the project.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Build builds the project. The error is for usage problems (bad options,
// an output folder that must not be written) and I/O failures; problems in
// the project are in Result.Log.
func Build(o Options) (*Result, error) {
	target, ok := ParseTarget(o.Target)
	if !ok {
		return nil, &UsageError{fmt.Sprintf("unknown --target %q (want es2015 ... es2024 or esnext)", o.Target)}
	}
	if o.FS == nil {
		if o.Dir == "" {
			return nil, &UsageError{"no project folder"}
		}
		st, err := os.Stat(o.Dir)
		if err != nil || !st.IsDir() {
			return nil, &UsageError{fmt.Sprintf("project folder %s not found", o.Dir)}
		}
		o.FS = os.DirFS(o.Dir)
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
	b.p = loadProject(o.FS, o.Exclude, b.log)
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
	if b.log.HasErrors() {
		return res, nil
	}
	files := b.emit()
	if b.log.HasErrors() {
		return res, nil
	}
	res.Files = files
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
	data, err := fs.ReadFile(g.p.fsys, fp)
	if err != nil {
		return nil, false
	}
	src := &diag.Source{Path: fp, Contents: string(data)}
	if n != nil {
		n.src = src
	}
	return src, true
}

// emit produces every output file: markup, JSON and assets per node and
// package in parallel, JS per package through esbuild, then the project
// config.
func (b *builder) emit() []OutputFile {
	g := b.g
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
			outs[i] = outFile{path: g.loc(jb.n, jb.pkg), data: b.emitFile(jb.n, jb.pkg), pkg: jb.pkg}
		}(i, jb)
	}
	wg.Wait()
	for pkg := range b.p.layout.Pkgs {
		for _, f := range b.js.bundle(pkg) {
			f.pkg = pkg
			outs = append(outs, f)
		}
	}
	if b.p.cfg != nil {
		c := b.p.cfg.clone()
		if c.kind == 'o' {
			// The output folder is the mini program root.
			c.set("miniprogramRoot", jstring("./"))
			c.del("srcMiniprogramRoot")
		}
		outs = append(outs, outFile{path: "project.config.json", data: c.encode(true)})
	}
	sort.SliceStable(outs, func(i, j int) bool { return outs[i].path < outs[j].path })
	var files []OutputFile
	for i, f := range outs {
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

// emitFile prints one non-JS file as package pkg sees it.
func (b *builder) emitFile(n *node, pkg int) []byte {
	g := b.g
	if n.src == nil {
		return nil
	}
	if n.verbatim {
		return []byte(n.src.Contents)
	}
	switch n.kind {
	case kWXML, kWXSS, kWXS:
		edits := map[int32]edit{}
		from := g.loc(n, pkg)
		for _, e := range n.refs {
			if e.mi < 0 || len(e.to) == 0 {
				continue
			}
			if n.src.Contents[e.rng.Loc.Start:e.rng.End()] != e.spec {
				continue // written with escapes: leave it (rare)
			}
			if s, ok := respec(e.spec, from, g.loc(e.to[0], pkg)); ok {
				edits[e.rng.Loc.Start] = edit{len: e.rng.Len, text: s}
			}
		}
		switch n.kind {
		case kWXML:
			return printWXML(n.src, n.wxml, edits)
		case kWXSS:
			return printWXSS(n.src, n.scan, edits)
		}
		return splice(n.src.Contents, edits)
	case kJSON:
		if n.json == nil {
			return []byte(n.src.Contents)
		}
		j := n.json.clone()
		for _, e := range n.refs {
			if e.kind != refComponent || len(e.to) == 0 {
				continue
			}
			t := g.loc(e.to[0], pkg)
			base := "/" + strings.TrimSuffix(t, path.Ext(t))
			setAt(j, n.json, e.jv, base)
		}
		return j.encode(!b.opts.Minify)
	}
	return []byte(n.src.Contents)
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
