package bundler

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/mpc-dev/mpc/diag"
)

// JS is bundled by esbuild in two passes. Pass 1 bundles every JS entry
// (app.js, pages, components) once only to learn the import graph (each
// import is resolved by our plugin, which records it). From that graph the
// bundler decides which modules are shared (imported, directly or through
// inlined modules, by two or more entries): those become entries of their
// own. Pass 2 runs one build per package whose entries are the JS files
// placed in that package; imports of other entries are marked external with
// the relative path from the importer's output file to where the target
// lives for that package, so esbuild only transforms and the bundler decides
// where each module lives (esbuild cannot split chunks in CommonJS).

const ns = "mp" // esbuild namespace of project files (paths are fsys paths)

type jsMod struct {
	path    string
	imports []string // resolved fsys paths, in first-seen order
	specs   map[string]string
	async   []asyncRef
}

// asyncRef is require.async('x') or require('x', cb): a module loaded at
// run time, legal across packages (分包异步化). esbuild does not see it.
type asyncRef struct {
	spec       string
	target     string // fsys path, "" when not found
	start, end int    // the spec's bytes in the source
}

type jsGraph struct {
	b        *builder
	mu       sync.Mutex
	mods     map[string]*jsMod
	resolved map[[2]string]jsResolution
	entries  map[string]bool // fsys paths with an output file of their own
	owner    map[string]string
	pass1    map[string]*jsScan // the scans pass 1 is recording
}

type jsResolution struct {
	path     string
	external bool // plugin:// and other paths left to WeChat
	err      string
}

var asyncRe = regexp.MustCompile(`\brequire(?:\.async\(\s*(['"])([^'"\n]+)['"]|\(\s*(['"])([^'"\n]+)['"]\s*,)`)

func scanAsync(code string) []asyncRef {
	var out []asyncRef
	for _, m := range asyncRe.FindAllStringSubmatchIndex(code, -1) {
		s, e := m[4], m[5]
		if s < 0 {
			s, e = m[8], m[9]
		}
		out = append(out, asyncRef{spec: code[s:e], start: s, end: e})
	}
	return out
}

// fileExists checks an fsys path: mini program files through the project's
// visibility rules, others (node_modules above the root) directly.
func (p *project) fileExists(fp string) bool {
	if p.root == "" || strings.HasPrefix(fp, p.root) {
		return p.exists(strings.TrimPrefix(fp, p.root))
	}
	st, err := fs.Stat(p.fsys, fp)
	return err == nil && !st.IsDir()
}

func (p *project) tryFile(base string) string {
	for _, suf := range []string{"", ".ts", ".js", ".json", "/index.ts", "/index.js"} {
		if c := base + suf; (suf != "" || path.Ext(base) != "") && p.fileExists(c) {
			return c
		}
	}
	return ""
}

// resolveJS resolves an import written in the fsys file importer.
func (p *project) resolveJS(importer, spec string) jsResolution {
	if strings.HasPrefix(spec, "plugin://") || strings.HasPrefix(spec, "plugin-private://") {
		return jsResolution{path: spec, external: true}
	}
	spec = p.applyAlias(spec)
	switch {
	case strings.HasPrefix(spec, "/"):
		if f := p.tryFile(p.root + strings.TrimPrefix(path.Clean(spec), "/")); f != "" {
			return jsResolution{path: f}
		}
	case strings.HasPrefix(spec, "./"), strings.HasPrefix(spec, "../"), spec == ".", spec == "..":
		if f := p.tryFile(path.Clean(path.Join(path.Dir(importer), spec))); f != "" {
			return jsResolution{path: f}
		}
	default:
		// WeChat npm first (miniprogram_npm in the importer's folder or
		// above, within the mini program root), then node_modules (bundled).
		for dir := path.Dir(importer); ; dir = path.Dir(dir) {
			d := dir + "/"
			if dir == "." {
				d = ""
			}
			if strings.HasPrefix(d, p.root) {
				if f := p.tryFile(d + "miniprogram_npm/" + spec); f != "" {
					return jsResolution{path: f}
				}
			}
			if f := p.tryNodeModule(d+"node_modules/", spec); f != "" {
				return jsResolution{path: f}
			}
			if d == "" {
				break
			}
		}
	}
	return jsResolution{err: fmt.Sprintf("could not resolve %q", spec)}
}

// tryNodeModule resolves a bare import inside one node_modules folder:
// package.json "module", then "main", then index.
func (p *project) tryNodeModule(nm, spec string) string {
	name := spec
	parts := strings.SplitN(spec, "/", 3)
	if strings.HasPrefix(spec, "@") && len(parts) >= 2 {
		name = parts[0] + "/" + parts[1]
	} else {
		name = parts[0]
	}
	dir := nm + name
	if st, err := fs.Stat(p.fsys, dir); err != nil || !st.IsDir() {
		return ""
	}
	if sub := strings.TrimPrefix(spec, name); sub != "" {
		return p.tryFile(dir + sub)
	}
	if data, err := fs.ReadFile(p.fsys, dir+"/package.json"); err == nil {
		var pj struct{ Module, Main string }
		if json.Unmarshal(data, &pj) == nil {
			for _, m := range []string{pj.Module, pj.Main} {
				if m != "" {
					if f := p.tryFile(path.Clean(dir + "/" + m)); f != "" {
						return f
					}
				}
			}
		}
	}
	return p.tryFile(dir + "/index")
}

func loaderOf(p string) api.Loader {
	switch path.Ext(p) {
	case ".ts":
		return api.LoaderTS
	case ".json":
		return api.LoaderJSON
	}
	return api.LoaderJS
}

// isLocal reports whether an fsys path is a mini program file that may get
// an output of its own (not node_modules, not outside the root).
func (p *project) isLocal(fp string) bool {
	return strings.HasPrefix(fp, p.root) && !strings.Contains("/"+fp, "/node_modules/") && path.Ext(fp) != ".json"
}

func (j *jsGraph) resolve(importer, spec string) jsResolution {
	key := [2]string{importer, spec}
	j.mu.Lock()
	r, ok := j.resolved[key]
	j.mu.Unlock()
	if ok {
		return r
	}
	r = j.b.p.resolveJS(importer, spec)
	j.mu.Lock()
	j.resolved[key] = r
	j.mu.Unlock()
	return r
}

func (j *jsGraph) mod(fp string) *jsMod {
	m := j.mods[fp]
	if m == nil {
		m = &jsMod{path: fp, specs: map[string]string{}}
		j.mods[fp] = m
	}
	return m
}

// jsScan is what pass 1 learns from one module, cached by its content: the
// import specs in source order (resolved by the bundler on every build, so
// adding a missing file fixes an import without the importer changing), the
// async requires (targets unresolved) and esbuild's messages about it.
type jsScan struct {
	specs  []string
	async  []asyncRef
	msgs   []diag.Msg
	failed bool
}

// analyze runs pass 1: every module is an entry of its own with all its
// imports external, so each file is parsed once and cross-module checks
// (which depend on what pass 2 inlines) are left to pass 2. Rounds go on
// until every imported or async-required module has been seen. Modules
// whose content was scanned before (the cache) are not parsed again.
func (j *jsGraph) analyze(entries []string) {
	done := map[string]bool{}
	for len(entries) > 0 {
		sort.Strings(entries)
		for _, e := range entries {
			done[e] = true
		}
		scans := j.scan(entries)
		var more []string
		for _, fp := range entries {
			sc := scans[fp]
			m := j.mod(fp)
			for _, spec := range sc.specs {
				if _, seen := m.specs[spec]; seen {
					continue
				}
				r := j.resolve(fp, spec)
				switch {
				case r.err != "":
					src, _ := j.b.g.sourceOf(fp)
					j.b.log.AddError(src, findSpec(src, spec), "js", r.err)
				case !r.external:
					m.specs[spec] = r.path
					m.imports = append(m.imports, r.path)
				}
			}
			m.async = append([]asyncRef(nil), sc.async...)
			for i := range m.async {
				if r := j.resolve(fp, m.async[i].spec); r.err == "" && !r.external {
					m.async[i].target = r.path
				}
			}
			for _, t := range m.imports {
				if !done[t] {
					done[t] = true
					more = append(more, t)
				}
			}
			for _, a := range m.async {
				if a.target != "" && !done[a.target] {
					done[a.target] = true
					more = append(more, a.target)
				}
			}
		}
		entries = more
	}
}

// scan returns the pass-1 scan of each module, from the cache or from one
// esbuild build of the modules not seen before.
func (j *jsGraph) scan(paths []string) map[string]*jsScan {
	b := j.b
	out := make(map[string]*jsScan, len(paths))
	keys := map[string]string{}
	var todo []string
	for _, fp := range paths {
		key := "js1:" + fp + "\x00" + b.p.hashOf(fp) + "\x00" + b.opts.Target
		if v, ok := b.opts.Cache.Get(key); ok {
			out[fp] = b.useScan(fp, v.(*jsScan))
			continue
		}
		keys[fp] = key
		todo = append(todo, fp)
	}
	if len(todo) == 0 {
		return out
	}
	j.mu.Lock()
	j.pass1 = map[string]*jsScan{}
	for _, fp := range todo {
		j.pass1[fp] = &jsScan{}
	}
	j.mu.Unlock()
	res := api.Build(j.options(entryPoints(todo, func(e string) string { return e + ".x" }), -1))
	for _, list := range []struct {
		msgs []api.Message
		kind diag.Kind
	}{{res.Errors, diag.Error}, {res.Warnings, diag.Warning}} {
		for _, m := range list.msgs {
			fp, d := b.jsMsg(m, list.kind)
			if sc := j.pass1[fp]; sc != nil {
				sc.msgs = append(sc.msgs, d)
				sc.failed = sc.failed || list.kind == diag.Error
			} else {
				b.log.Add(d)
			}
		}
	}
	for _, fp := range todo {
		sc := j.pass1[fp]
		if b.p.hashOf(fp) != "" {
			b.opts.Cache.Put(keys[fp], sc)
			if !sc.failed {
				b.opts.Cache.Put(goodPrefix+"js1:"+fp, sc)
			}
		}
		out[fp] = b.useScan(fp, sc)
	}
	return out
}

// useScan logs a scan's messages and returns it, or, for a module with
// errors in a build that keeps going, its last good scan.
func (b *builder) useScan(fp string, sc *jsScan) *jsScan {
	b.log.AddMsgs(sc.msgs)
	if sc.failed && b.opts.KeepGoing {
		b.p.setBroken(fp)
		if v, ok := b.opts.Cache.Get(goodPrefix + "js1:" + fp); ok {
			return v.(*jsScan)
		}
	}
	return sc
}

// options are the esbuild options both passes share: an in-memory
// CommonJS bundle whose every file goes through the plugin.
func (j *jsGraph) options(eps []api.EntryPoint, pkg int) api.BuildOptions {
	return api.BuildOptions{
		EntryPointsAdvanced: eps,
		Bundle:              true,
		Write:               false,
		Outdir:              "/out",
		Format:              api.FormatCommonJS,
		Platform:            api.PlatformNeutral,
		Target:              j.b.target,
		LogLevel:            api.LogLevelSilent,
		Define:              j.b.define(),
		Charset:             api.CharsetUTF8,
		LegalComments:       api.LegalCommentsNone,
		Plugins:             []api.Plugin{j.plugin(pkg)},
	}
}

func sortedMods(m map[string]*jsMod) []*jsMod {
	out := make([]*jsMod, 0, len(m))
	for _, x := range m {
		out = append(out, x)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].path < out[b].path })
	return out
}

func entryPoints(paths []string, outOf func(string) string) []api.EntryPoint {
	var eps []api.EntryPoint
	for _, p := range paths {
		eps = append(eps, api.EntryPoint{InputPath: p, OutputPath: strings.TrimSuffix(outOf(p), path.Ext(outOf(p)))})
	}
	return eps
}

// plugin resolves and loads every module through the project. pkg < 0 is
// pass 1 (record the graph); otherwise it is pass 2 for that package.
func (j *jsGraph) plugin(pkg int) api.Plugin {
	return api.Plugin{Name: "mpc", Setup: func(pb api.PluginBuild) {
		pb.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			if a.Kind == api.ResolveEntryPoint {
				return api.OnResolveResult{Path: a.Path, Namespace: ns}, nil
			}
			if pkg < 0 {
				// Pass 1 only records the spec: the bundler resolves it.
				j.mu.Lock()
				if sc := j.pass1[a.Importer]; sc != nil {
					sc.specs = append(sc.specs, a.Path)
				}
				j.mu.Unlock()
				return api.OnResolveResult{Path: a.Path, External: true}, nil
			}
			r := j.resolve(a.Importer, a.Path)
			if r.err != "" {
				return api.OnResolveResult{Errors: []api.Message{{Text: r.err}}}, nil
			}
			if r.external {
				return api.OnResolveResult{Path: r.path, External: true}, nil
			}
			if j.entries[r.path] {
				return api.OnResolveResult{Path: j.requirePath(a.Importer, r.path, pkg), External: true}, nil
			}
			return api.OnResolveResult{Path: r.path, Namespace: ns}, nil
		})
		pb.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: ns}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
			code, _, err := readText(j.b.p.fsys, a.Path)
			if err != nil {
				return api.OnLoadResult{Errors: []api.Message{{Text: err.Error()}}}, nil
			}
			if j.b.p.isLocal(a.Path) {
				if pkg < 0 {
					refs := scanAsync(code)
					j.mu.Lock()
					if sc := j.pass1[a.Path]; sc != nil {
						sc.async = refs
					}
					j.mu.Unlock()
				} else {
					code = j.rewriteAsync(a.Path, code, pkg)
				}
			}
			return api.OnLoadResult{Contents: &code, Loader: loaderOf(a.Path)}, nil
		})
	}}
}

// requirePath is the path module importer (bundled into its owner entry)
// requires target by, for package pkg.
func (j *jsGraph) requirePath(importer, target string, pkg int) string {
	owner := importer
	if !j.entries[owner] {
		owner = j.owner[importer]
	}
	g := j.b.g
	from := g.loc(g.jsNode(owner), pkg)
	return relRequire(path.Dir(from), g.loc(g.jsNode(target), pkg))
}

func (j *jsGraph) rewriteAsync(fp, code string, pkg int) string {
	j.mu.Lock()
	m := j.mods[fp]
	j.mu.Unlock()
	if m == nil || len(m.async) == 0 {
		return code
	}
	edits := map[int32]edit{}
	for _, a := range m.async {
		if a.target != "" && j.entries[a.target] {
			edits[int32(a.start)] = edit{len: int32(a.end - a.start), text: j.requirePath(fp, a.target, pkg)}
		}
	}
	return string(splice(code, edits))
}

// relRequire is a relative require path from folder dir to file to.
func relRequire(dir, to string) string {
	if dir == "." {
		dir = ""
	}
	from := strings.Split(dir, "/")
	if dir == "" {
		from = nil
	}
	tp := strings.Split(to, "/")
	i := 0
	for i < len(from) && i < len(tp)-1 && from[i] == tp[i] {
		i++
	}
	rel := strings.Repeat("../", len(from)-i) + strings.Join(tp[i:], "/")
	if !strings.HasPrefix(rel, "../") {
		rel = "./" + rel
	}
	return rel
}

// candidate reports whether a module may become an entry of its own: a
// local module, or the root of an npm package imported by local code.
func (j *jsGraph) candidate(fp string, npmRoots map[string]bool) bool {
	return j.b.p.isLocal(fp) || npmRoots[fp]
}

// split decides the shared modules (promoting them to entries until every
// non-entry module has one owner) and the owner of each inlined module.
func (j *jsGraph) split(entries []string) (npmRoots map[string]bool) {
	npmRoots = map[string]bool{}
	for _, m := range sortedMods(j.mods) {
		if j.b.p.isLocal(m.path) {
			for _, t := range m.imports {
				if !j.b.p.isLocal(t) && path.Ext(t) != ".json" && strings.Contains("/"+t, "/node_modules/") {
					npmRoots[t] = true
				}
			}
		}
	}
	j.entries = map[string]bool{}
	for _, e := range entries {
		j.entries[e] = true
	}
	for _, m := range sortedMods(j.mods) {
		for _, a := range m.async {
			if a.target != "" {
				j.entries[a.target] = true
			}
		}
	}
	for {
		owners := map[string][]string{}
		for _, e := range sortedKeys(j.entries) {
			j.reach(e, func(t string) { owners[t] = append(owners[t], e) })
		}
		j.owner = map[string]string{}
		var shared []string
		for t, os := range owners {
			if len(os) > 1 && j.candidate(t, npmRoots) {
				shared = append(shared, t)
			}
			j.owner[t] = os[0]
		}
		if len(shared) == 0 {
			return npmRoots
		}
		// Promote only the outermost shared modules: one imported only
		// through another shared module may end up with a single owner.
		sort.Strings(shared)
		inner := map[string]bool{}
		for _, s := range shared {
			j.reach(s, func(t string) { inner[t] = true })
		}
		promoted := false
		for _, s := range shared {
			if !inner[s] {
				j.entries[s] = true
				promoted = true
			}
		}
		if !promoted { // a cycle of shared modules
			j.entries[shared[0]] = true
		}
	}
}

// reach calls fn for every module from imports without crossing entries.
func (j *jsGraph) reach(from string, fn func(string)) {
	seen := map[string]bool{from: true}
	stack := []string{from}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if m := j.mods[x]; m != nil {
			for _, t := range m.imports {
				if !seen[t] && !j.entries[t] {
					seen[t] = true
					fn(t)
					stack = append(stack, t)
				}
			}
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k, v := range m {
		if v {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// link adds the JS modules to the file graph: every local module and npm
// root is a node (so packages, legality and unused files see them), with an
// edge for each import of another such module (through inlined node_modules
// files) and a lazy edge for each async require.
func (j *jsGraph) link(npmRoots map[string]bool) {
	g := j.b.g
	for _, fp := range sortedKeys(j.entries) {
		g.jsNode(fp).jsEntry = true
	}
	for _, m := range sortedMods(j.mods) {
		if !j.candidate(m.path, npmRoots) {
			continue
		}
		from := g.jsNode(m.path)
		if from.src == nil {
			from.src, _ = g.sourceOf(m.path)
		}
		// The candidates reached through non-candidates (inlined files).
		seen := map[string]bool{}
		var targets []string
		var walk func(x string)
		walk = func(x string) {
			mm := j.mods[x]
			if mm == nil {
				return
			}
			for _, t := range mm.imports {
				if seen[t] {
					continue
				}
				seen[t] = true
				if j.candidate(t, npmRoots) {
					targets = append(targets, t)
				} else {
					walk(t)
				}
			}
		}
		walk(m.path)
		for _, t := range sortedKeys(seen) {
			// Data files bundled into the module: used, but no file of their own.
			if path.Ext(t) == ".json" && strings.HasPrefix(t, j.b.p.root) && !strings.Contains("/"+t, "/node_modules/") {
				jn := g.jsNode(t)
				jn.inlined = true
				from.refs = append(from.refs, &edge{kind: refJS, from: from, to: []*node{jn}, spec: specFor(m, t), mi: -1})
			}
		}
		for _, t := range targets {
			spec := specFor(m, t)
			from.refs = append(from.refs, &edge{kind: refJS, from: from, to: []*node{g.jsNode(t)}, spec: spec, rng: findSpec(from.src, spec), mi: -1})
		}
		for _, a := range m.async {
			if a.target == "" {
				continue
			}
			from.refs = append(from.refs, &edge{kind: refJS, from: from, to: []*node{g.jsNode(a.target)}, spec: a.spec,
				rng: diag.RangeOf(a.start, a.end), lazy: true, mi: -1})
		}
	}
}

func specFor(m *jsMod, target string) string {
	for _, s := range sortedKeysStr(m.specs) {
		if m.specs[s] == target {
			return s
		}
	}
	return target
}

func sortedKeysStr(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// findSpec locates the quoted spec in the source for messages.
func findSpec(src *diag.Source, spec string) diag.Range {
	if src == nil {
		return diag.Range{}
	}
	for _, q := range []string{`"`, `'`, "`"} {
		if i := strings.Index(src.Contents, q+spec+q); i >= 0 {
			return diag.RangeOf(i+1, i+1+len(spec))
		}
	}
	return diag.Range{}
}

// bundle runs pass 2 for package pkg: the JS entries placed in it. Each
// entry's output is cached under entryKey; only the entries whose key
// changed go through esbuild, in one build.
func (j *jsGraph) bundle(pkg int) []outFile {
	b, g := j.b, j.b.g
	var outs []outFile
	var inputs []string
	outOf, keys := map[string]string{}, map[string]string{}
	for _, fp := range sortedKeys(j.entries) {
		n := g.jsNode(fp)
		if !containsInt(n.placed, pkg) {
			continue
		}
		at := g.loc(n, pkg)
		key, bad := j.entryKey(fp, pkg, at)
		switch v, ok := b.opts.Cache.Get(key); {
		case bad:
			outs = append(outs, j.keepEntry(at)...)
		case ok:
			outs = append(outs, v.([]outFile)...)
		default:
			inputs = append(inputs, fp)
			outOf[fp], keys[fp] = at, key
		}
	}
	if len(inputs) == 0 {
		return outs
	}
	built, errs := j.run(inputs, outOf, pkg)
	if len(errs) > 0 && b.opts.KeepGoing && len(inputs) > 1 {
		// One broken entry fails the whole build: build them one by one
		// to keep the others.
		for _, fp := range inputs {
			one, errs := j.run([]string{fp}, outOf, pkg)
			b.reportJS(errs, diag.Error)
			if len(errs) > 0 {
				outs = append(outs, j.keepEntry(outOf[fp])...)
				continue
			}
			b.opts.Cache.Put(keys[fp], one[fp])
			outs = append(outs, one[fp]...)
		}
		return outs
	}
	b.reportJS(errs, diag.Error)
	if len(errs) > 0 {
		for _, fp := range inputs {
			outs = append(outs, j.keepEntry(outOf[fp])...)
		}
		return outs
	}
	for _, fp := range inputs {
		b.opts.Cache.Put(keys[fp], built[fp])
		outs = append(outs, built[fp]...)
	}
	return outs
}

// run bundles entries for package pkg and returns each entry's output
// files (the script and its source map).
func (j *jsGraph) run(inputs []string, outOf map[string]string, pkg int) (map[string][]outFile, []api.Message) {
	o := j.b.opts
	bo := j.options(entryPoints(inputs, func(e string) string { return outOf[e] }), pkg)
	bo.MinifyWhitespace, bo.MinifyIdentifiers, bo.MinifySyntax = o.Minify, o.Minify, o.Minify
	if o.Sourcemap {
		bo.Sourcemap = api.SourceMapExternal
	}
	res := api.Build(bo)
	if len(res.Errors) > 0 {
		return nil, res.Errors
	}
	byBase := make(map[string]string, len(inputs))
	for _, fp := range inputs {
		byBase[strings.TrimSuffix(outOf[fp], path.Ext(outOf[fp]))] = fp
	}
	built := make(map[string][]outFile, len(inputs))
	for _, f := range res.OutputFiles {
		p := strings.TrimPrefix(f.Path, "/out/")
		base := strings.TrimSuffix(strings.TrimSuffix(p, ".map"), ".js")
		fp := byBase[base]
		built[fp] = append(built[fp], outFile{path: p, data: f.Contents})
	}
	return built, nil
}

// keepEntry keeps the previous output of an entry that cannot be built.
func (j *jsGraph) keepEntry(at string) []outFile {
	outs := []outFile{j.b.keep(at)}
	if j.b.opts.Sourcemap {
		outs = append(outs, j.b.keep(at+".map"))
	}
	return outs
}

// entryKey keys the pass-2 output of entry fp for package pkg with all that
// esbuild sees: the options, where the output goes, each module bundled
// into it (path and content), how its imports resolve and the require
// paths written for imports of other entries. So an unchanged page is not
// rebuilt, and a change in a shared module rebuilds only the entries that
// bundle it. bad reports a module with errors (KeepGoing).
func (j *jsGraph) entryKey(fp string, pkg int, at string) (key string, bad bool) {
	b := j.b
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%v\x00%v\x00%s", b.opts.Target, b.opts.Minify, b.opts.Sourcemap, at)
	seen := map[string]bool{fp: true}
	stack := []string{fp}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b.bad[x] {
			bad = true
		}
		io.WriteString(h, "\x00"+x+"\x00"+b.p.hashOf(x))
		m := j.mods[x]
		if m == nil {
			continue
		}
		for _, spec := range sortedKeysStr(m.specs) {
			t := m.specs[spec]
			io.WriteString(h, "\x01"+spec+"\x00"+t)
			if j.entries[t] {
				io.WriteString(h, "\x00"+j.requirePath(x, t, pkg))
			} else if !seen[t] {
				seen[t] = true
				stack = append(stack, t)
			}
		}
		for _, a := range m.async {
			if a.target != "" && j.entries[a.target] {
				io.WriteString(h, "\x02"+a.spec+"\x00"+j.requirePath(x, a.target, pkg))
			}
		}
	}
	return "js2:" + hex.EncodeToString(h.Sum(nil)), bad
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// reportJS turns esbuild messages into diagnostics on our sources.
func (b *builder) reportJS(msgs []api.Message, kind diag.Kind) {
	for _, m := range msgs {
		_, d := b.jsMsg(m, kind)
		b.log.Add(d)
	}
}

// jsMsg is an esbuild message as a diagnostic, with the fsys path of its
// file ("" when it has no location).
func (b *builder) jsMsg(m api.Message, kind diag.Kind) (string, diag.Msg) {
	d := diag.Msg{Kind: kind, ID: "js", Data: diag.MsgData{Text: m.Text}}
	loc := m.Location
	if loc == nil {
		return "", d
	}
	fp := strings.TrimPrefix(loc.File, ns+":")
	if src, ok := b.g.sourceOf(fp); ok {
		d.Data.Source = src
		d.Data.Range = diag.RangeOf(lineOffset(src.Contents, loc.Line)+loc.Column, lineOffset(src.Contents, loc.Line)+loc.Column+loc.Length)
	} else {
		d.Data.Text = fmt.Sprintf("%s:%d:%d: %s", fp, loc.Line, loc.Column+1, m.Text)
	}
	return fp, d
}

func lineOffset(s string, line int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(s[off:], '\n')
		if i < 0 {
			return len(s)
		}
		off += i + 1
	}
	return off
}
