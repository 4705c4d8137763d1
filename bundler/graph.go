package bundler

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/subpackage"
)

type fileKind uint8

const (
	kWXML fileKind = iota
	kWXSS
	kWXS
	kJSON
	kJS
	kAsset
)

func kindOf(p string) fileKind {
	switch strings.ToLower(path.Ext(p)) {
	case ".wxml":
		return kWXML
	case ".wxss":
		return kWXSS
	case ".wxs":
		return kWXS
	case ".json":
		return kJSON
	case ".js", ".ts", ".mjs", ".cjs":
		return kJS
	}
	return kAsset
}

// node is one source file of the graph.
type node struct {
	path  string // mini program path; for npm units the fsys path ("node_modules/x/index.js")
	out   string // output path before placement (".ts" -> ".js", node_modules -> miniprogram_npm)
	kind  fileKind
	src   *diag.Source // text files
	hash  string       // of src
	refs  []*edge
	mrefs []mref     // references scanned from markup
	scan  scanned    // the parsed stylesheet
	wxml  parsedWXML // the parsed WXML
	json  *jvalue    // parsed JSON
	size  int64      // assets: bytes

	jsEntry  bool // JS with an output file of its own (page, component, app, shared module)
	npm      bool // a unit bundled from node_modules
	verbatim bool // packOptions.include or worker file: copied as is
	inlined  bool // a data file bundled into JS: no output of its own

	home   int
	users  []bool // by package
	placed []int
}

// edge is a reference from one file to others (a component is several).
type edge struct {
	kind refKind
	from *node
	to   []*node
	spec string
	rng  diag.Range // in from.src
	lazy bool       // componentPlaceholder or async require: legal across packages
	jv   *jvalue    // the JSON string to rewrite (components)
	base string     // component base path (no extension)
	mi   int        // index into from.mrefs, -1 for none
}

// graph is the files of a build and the references between them.
type graph struct {
	p       *project
	log     *diag.Log
	cache   Cache
	nodes   map[string]*node
	entries [][]*edge // per package: synthetic edges to its entry files
	groups  map[string]bool
}

// group ties the files of a page or component together (each references
// the others), so they share users and placement: a component's files
// always move as one.
func (g *graph) group(base string, files []string) {
	if g.groups[base] || len(files) < 2 {
		return
	}
	g.groups[base] = true
	var ns []*node
	for _, f := range files {
		ns = append(ns, g.node(f))
	}
	for _, n := range ns {
		n.refs = append(n.refs, &edge{kind: refPage, from: n, to: ns, mi: -1})
	}
}

func (g *graph) node(p string) *node {
	if n := g.nodes[p]; n != nil {
		return n
	}
	out := p
	if strings.HasSuffix(out, ".ts") {
		out = strings.TrimSuffix(out, ".ts") + ".js"
	}
	n := &node{path: p, out: out, kind: kindOf(p)}
	n.home = g.p.layout.Of(out)
	n.users = make([]bool, len(g.p.layout.Pkgs))
	g.nodes[p] = n
	return n
}

// resolveRel resolves a spec written in file from: "/x" from the mini
// program root, else relative to from's folder.
func resolveRel(from, spec string) string {
	if strings.HasPrefix(spec, "/") {
		return strings.TrimPrefix(path.Clean(spec), "/")
	}
	return strings.TrimPrefix(path.Clean("/"+path.Join(path.Dir(from), spec)), "/")
}

// codeFiles lists the existing files of a page or component base path:
// .json, .js (or .ts), .wxml, .wxss.
func (g *graph) codeFiles(base string) []string {
	var out []string
	for _, ext := range []string{".json", ".js", ".wxml", ".wxss"} {
		switch {
		case g.p.exists(base + ext):
			out = append(out, base+ext)
		case ext == ".js" && g.p.exists(base+".ts"):
			out = append(out, base+".ts")
		}
	}
	return out
}

// resolveComponent finds the base path of a usingComponents value written
// in jsonPath, or "" (external or not found; ok reports not found).
func (g *graph) resolveComponent(jsonPath, spec string) (base string, external, ok bool) {
	if strings.HasPrefix(spec, "plugin://") || strings.HasPrefix(spec, "plugin-private://") {
		return "", true, true
	}
	for _, lib := range g.p.extLibs {
		if strings.HasPrefix(spec, lib) {
			return "", true, true
		}
	}
	spec = g.p.applyAlias(spec)
	var cands []string
	switch {
	case strings.HasPrefix(spec, "/"), strings.HasPrefix(spec, "./"), strings.HasPrefix(spec, "../"):
		cands = append(cands, resolveRel(jsonPath, spec))
	default:
		cands = append(cands, resolveRel(jsonPath, spec))
		for dir := path.Dir(jsonPath); ; dir = path.Dir(dir) {
			d := dir + "/"
			if dir == "." || dir == "/" {
				d = ""
			}
			cands = append(cands, d+"miniprogram_npm/"+spec)
			if d == "" {
				break
			}
		}
	}
	for _, c := range cands {
		for _, b := range []string{c, c + "/index"} {
			if g.p.exists(b+".wxml") && (g.p.exists(b+".js") || g.p.exists(b+".ts")) {
				return b, false, true
			}
		}
	}
	return "", false, false
}

// applyAlias rewrites a path through app.json resolveAlias ("@/x" ->
// "/src/x"); the result is absolute from the mini program root.
func (p *project) applyAlias(spec string) string {
	for _, a := range p.aliases {
		if strings.HasPrefix(spec, a.from) {
			return "/" + a.to + strings.TrimPrefix(spec, a.from)
		}
	}
	return spec
}

// discover walks every file reachable from the entries of every package
// (pages, app files, components, templates, styles, wxs, assets), loading
// and scanning new files level by level in parallel.
func (g *graph) discover() {
	p := g.p
	g.entries = make([][]*edge, len(p.layout.Pkgs))
	addEntry := func(pkg int, files ...string) {
		e := &edge{kind: refPage, mi: -1}
		for _, f := range files {
			e.to = append(e.to, g.node(f))
		}
		if len(e.to) > 0 {
			g.entries[pkg] = append(g.entries[pkg], e)
		}
	}
	app := g.codeFiles("app")
	g.group("app", app)
	addEntry(subpackage.Main, app...)
	for _, extra := range []string{p.sitemap, p.theme} {
		if extra != "" {
			addEntry(subpackage.Main, extra)
		}
	}
	for pkg, pages := range p.pages {
		for _, page := range pages {
			files := g.codeFiles(page)
			g.group(page, files)
			addEntry(pkg, files...)
		}
		if d := p.subDefs[pkg]; d != nil {
			if e := d.get("entry"); e.isString() {
				if rel := p.layout.Pkgs[pkg].Root + strings.TrimPrefix(path.Clean("/"+e.str), "/"); p.exists(rel) {
					addEntry(pkg, rel)
				}
			}
		}
	}
	// Workers and packOptions.include files are packed as they are.
	var extra []string
	for _, w := range p.workers {
		extra = append(extra, g.walk(w)...)
	}
	if len(p.include) > 0 {
		for _, f := range g.walk("") {
			if matchAny(p.include, f) {
				extra = append(extra, f)
			}
		}
	}
	for _, f := range extra {
		n := g.node(f)
		n.verbatim = true
		addEntry(n.home, f)
	}

	var level []*node
	for _, es := range g.entries {
		for _, e := range es {
			level = append(level, e.to...)
		}
	}
	seen := map[*node]bool{}
	for len(level) > 0 {
		var todo []*node
		for _, n := range level {
			if !seen[n] {
				seen[n] = true
				todo = append(todo, n)
			}
		}
		sort.Slice(todo, func(i, j int) bool { return todo[i].path < todo[j].path })
		var wg sync.WaitGroup
		sem := make(chan struct{}, 8)
		for _, n := range todo {
			wg.Add(1)
			sem <- struct{}{}
			go func(n *node) {
				defer func() { <-sem; wg.Done() }()
				g.load(n)
			}(n)
		}
		wg.Wait()
		level = nil
		for _, n := range todo {
			for _, e := range g.linkRefs(n) {
				level = append(level, e.to...)
			}
		}
	}
}

// walk lists the visible, packable files under dir (a mini program path).
func (g *graph) walk(dir string) []string {
	var out []string
	root := strings.TrimSuffix(g.p.mp(dir), "/")
	if root == "" {
		root = "."
	}
	_ = walkFS(g.p.fsys, root, func(fp string) {
		rel := strings.TrimPrefix(fp, g.p.root)
		if g.p.visible(rel) && isPacked(rel) && !strings.Contains("/"+rel, "/node_modules/") {
			out = append(out, rel)
		}
	})
	sort.Strings(out)
	return out
}

// load reads a file and scans it (in parallel; touches only n).
func (g *graph) load(n *node) {
	src, hash, ok := g.p.readSource(n.path)
	if !ok {
		return
	}
	n.src, n.hash = src, hash
	if n.kind == kAsset || n.verbatim {
		n.size = int64(len(src.Contents))
		return
	}
	if n.kind == kJS {
		return // the JS graph comes from esbuild
	}
	v := g.p.parse(n.kind, src, hash, func(log *diag.Log) any {
		switch n.kind {
		case kWXML:
			return scanWXML(log, src)
		case kWXSS:
			return scanWXSS(log, src)
		case kWXS:
			return scanWXS(src)
		case kJSON:
			return parseJSON(log, src)
		}
		return nil
	})
	switch x := v.(type) {
	case []mref:
		n.mrefs = x
	case scanned:
		n.scan = x
		n.mrefs = x.refs
	case parsedWXML:
		n.wxml = x
		n.mrefs = x.refs
	case *jvalue:
		n.json = x
	}
}

// linkRefs resolves the references of a loaded file into edges.
func (g *graph) linkRefs(n *node) []*edge {
	switch n.kind {
	case kWXML, kWXSS, kWXS:
		for i, r := range n.mrefs {
			g.linkMarkup(n, i, r)
		}
	case kJSON:
		g.linkJSON(n)
	}
	return n.refs
}

func (g *graph) warn(n *node, r diag.Range, id, text string) {
	g.log.AddWarning(n.src, r, id, text)
}

func (g *graph) linkMarkup(n *node, i int, r mref) {
	spec := stripQuery(r.spec)
	target := resolveRel(n.path, g.p.applyAlias(spec))
	add := func(t string) {
		n.refs = append(n.refs, &edge{kind: r.kind, from: n, to: []*node{g.node(t)}, spec: r.spec, rng: r.rng, mi: i})
	}
	switch r.kind {
	case refImport, refInclude:
		switch {
		case strings.HasSuffix(target, ".wxml") && g.p.exists(target):
			add(target)
		case g.p.exists(target + ".wxml"):
			add(target + ".wxml")
		default:
			what := "import"
			if r.kind == refInclude {
				what = "include"
			}
			g.warn(n, r.rng, "build/wxml-not-found", fmt.Sprintf("%s target %q not found (looked for %s)", what, r.spec, g.p.mp(target)))
		}
	case refWxs:
		if g.p.exists(target) {
			add(target)
		} else {
			g.log.AddError(n.src, r.rng, "build/wxs-not-found", fmt.Sprintf("wxs module %q not found (looked for %s)", r.spec, g.p.mp(target)))
		}
	case refStyle:
		switch {
		case strings.HasSuffix(target, ".wxss") && g.p.exists(target):
			add(target)
		case g.p.exists(target + ".wxss"):
			add(target + ".wxss")
		default:
			g.log.AddError(n.src, r.rng, "build/wxss-not-found", fmt.Sprintf("@import %q not found (looked for %s)", r.spec, g.p.mp(target)))
		}
	case refAsset:
		switch {
		case !g.p.exists(target):
			g.warn(n, r.rng, "build/asset-not-found", fmt.Sprintf("file %q not found (looked for %s)", r.spec, g.p.mp(target)))
		case !isPacked(target):
			g.warn(n, r.rng, "build/asset-not-packed", fmt.Sprintf("%q is not a file type WeChat packs (%s); it will be missing from the upload", r.spec, path.Ext(target)))
		default:
			add(target)
		}
	}
}

// linkJSON resolves usingComponents and componentGenerics of a page,
// component or app JSON, and the tabBar icons of app.json.
func (g *graph) linkJSON(n *node) {
	j := n.json
	if j == nil || j.kind != 'o' {
		return
	}
	placeholders := map[string]bool{}
	if ph := j.get("componentPlaceholder"); ph != nil && ph.kind == 'o' {
		for _, k := range ph.keys {
			placeholders[k] = true
		}
	}
	comp := func(name string, v *jvalue, field string) {
		if !v.isString() {
			g.log.AddError(n.src, v.rng, "build/component", fmt.Sprintf("%s %q must be a path string", field, name))
			return
		}
		base, external, ok := g.resolveComponent(n.path, v.str)
		if external {
			return
		}
		if !ok {
			g.log.AddError(n.src, v.rng, "build/component-not-found",
				fmt.Sprintf("%s: component %q not found: %q needs %s.wxml and %s.js", field, name, v.str, v.str, v.str))
			return
		}
		e := &edge{kind: refComponent, from: n, spec: v.str, rng: v.rng, jv: v, base: base, lazy: placeholders[name], mi: -1}
		files := g.codeFiles(base)
		g.group(base, files)
		for _, f := range files {
			e.to = append(e.to, g.node(f))
		}
		n.refs = append(n.refs, e)
	}
	if uc := j.get("usingComponents"); uc != nil && uc.kind == 'o' {
		for i, k := range uc.keys {
			comp(k, uc.vals[i], `["usingComponents"]`)
		}
	}
	if cg := j.get("componentGenerics"); cg != nil && cg.kind == 'o' {
		for i, k := range cg.keys {
			if d := cg.vals[i].get("default"); d != nil {
				comp(k, d, `["componentGenerics"]`)
			}
		}
	}
	if n.path == "app.json" {
		if tb := j.get("tabBar"); tb != nil {
			if list := tb.get("list"); list != nil && list.kind == 'a' {
				for _, item := range list.vals {
					for _, key := range []string{"iconPath", "selectedIconPath"} {
						if v := item.get(key); v.isString() && v.str != "" {
							t := strings.TrimPrefix(path.Clean("/"+v.str), "/")
							if !g.p.exists(t) {
								g.log.AddError(n.src, v.rng, "build/asset-not-found", fmt.Sprintf(`["tabBar"]["list"][]["%s"]: %q not found`, key, v.str))
								continue
							}
							n.refs = append(n.refs, &edge{kind: refAsset, from: n, to: []*node{g.node(t)}, spec: v.str, rng: v.rng, mi: -1})
						}
					}
				}
			}
		}
	}
}

// spread computes which packages use each file: a walk from each package's
// entries, reporting references WeChat forbids. A reference that
// componentPlaceholder or async require makes legal is not followed; its
// target becomes an entry of its own package instead.
func (g *graph) spread() {
	l := g.p.layout
	type item struct {
		pkg int
		n   *node
	}
	var work []item
	for pkg, es := range g.entries {
		for _, e := range es {
			for _, t := range e.to {
				work = append(work, item{pkg, t})
			}
		}
	}
	reported := map[string]bool{}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		if it.n.users[it.pkg] {
			continue
		}
		it.n.users[it.pkg] = true
		for _, e := range it.n.refs {
			for _, t := range e.to {
				switch l.Ref(it.pkg, t.home) {
				case subpackage.Allowed, subpackage.CopyIn:
					work = append(work, item{it.pkg, t})
				default:
					if e.lazy {
						work = append(work, item{t.home, t})
						continue
					}
					key := fmt.Sprintf("%s:%d:%d", e.from.path, e.rng.Loc.Start, it.pkg)
					if reported[key] {
						continue
					}
					reported[key] = true
					m := diag.Msg{Kind: diag.Error, ID: "build/cross-package", Data: diag.MsgData{
						Source: e.from.src, Range: e.rng,
						Text: fmt.Sprintf("%s: %q is %s", l.RefText(it.pkg, t.home), e.spec, g.p.mp(t.path)),
					}}
					switch e.kind {
					case refComponent:
						m.Hint = "declare a componentPlaceholder for this component to load it asynchronously, or move it to the main package"
					case refJS:
						m.Hint = "use require.async() (or require(path, callback)) for a module of another package, or move it to the main package"
					}
					g.log.Add(m)
				}
			}
		}
	}
}

// place decides the packages each used file is written to.
func (g *graph) place(s subpackage.Strategy) {
	for _, n := range g.nodes {
		var users []int
		for i, u := range n.users {
			if u {
				users = append(users, i)
			}
		}
		n.placed = g.p.layout.Place(n.home, users, s)
	}
}

// sorted returns the nodes in path order.
func (g *graph) sorted() []*node {
	out := make([]*node, 0, len(g.nodes))
	for _, n := range g.nodes {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// loc is where file n is found by code of package pkg.
func (g *graph) loc(n *node, pkg int) string {
	return g.p.layout.Location(n.out, pkg, n.placed)
}
