package bundler

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/subpackage"
)

// project is a loaded project.config.json + app.json: the package layout,
// the entries of each package and the settings the graph needs. Paths are
// slash paths relative to the mini program root unless they say otherwise.
type project struct {
	fsys    fs.FS  // rooted at the project folder
	root    string // the mini program root inside fsys: "" or "dir/"
	exclude []string

	cfg    *jvalue // project.config.json (nil when absent)
	cfgSrc *diag.Source
	app    *jvalue
	appSrc *diag.Source

	layout  *subpackage.Layout
	subDefs []*jvalue // the app.json subpackage objects, by layout index (nil for main)
	pages   [][]string
	pageSet map[string]int // page path -> package
	entry   string         // entryPagePath, else the first page
	lazy    bool           // lazyCodeLoading: "requiredComponents"
	preload []subpackage.Preload
	aliases []alias
	extLibs []string // useExtendedLib component prefixes ("weui-miniprogram/")
	workers []string // worker folders
	sitemap string
	theme   string

	ignore, include []*packRule

	log       *diag.Log
	cache     Cache
	keepGoing bool // a file that fails to parse is replaced by its last good parse

	mu     sync.Mutex
	broken map[string]bool   // fsys paths with errors (keepGoing)
	hashes map[string]string // fsys path -> content hash, read once per build
}

type alias struct{ from, to string } // "@/" -> "src/" (the /* stripped)

// mp turns a mini program path into a path of fsys.
func (p *project) mp(rel string) string { return p.root + rel }

func (p *project) readSource(rel string) (*diag.Source, string, bool) {
	return p.readFS(p.mp(rel))
}

// readFS reads a file of fsys with its content hash.
func (p *project) readFS(fp string) (*diag.Source, string, bool) {
	data, hash, err := readText(p.fsys, fp)
	if err != nil {
		return nil, "", false
	}
	p.mu.Lock()
	p.hashes[fp] = hash
	p.mu.Unlock()
	return &diag.Source{Path: fp, Contents: data}, hash, true
}

// hashOf is the content hash of a file of fsys ("" when unreadable).
func (p *project) hashOf(fp string) string {
	p.mu.Lock()
	h, ok := p.hashes[fp]
	p.mu.Unlock()
	if !ok {
		_, h, _ = p.readFS(fp)
	}
	return h
}

// parse runs a parser through the cache. When the file has errors and the
// build keeps going (mpc watch), the file is marked broken and its last
// good parse stands in for it, so the graph keeps its shape while the user
// fixes it.
func (p *project) parse(kind fileKind, src *diag.Source, hash string, fn func(log *diag.Log) any) any {
	v, failed := scanCached(p.cache, kind, src, hash, fn, p.log)
	if failed && p.keepGoing {
		p.setBroken(src.Path)
		if good, ok := lastGood(p.cache, kind, src.Path); ok {
			return good
		}
	}
	return v
}

func (p *project) setBroken(fp string) {
	p.mu.Lock()
	p.broken[fp] = true
	p.mu.Unlock()
}

func (p *project) isBroken(fp string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.broken[fp]
}

func (p *project) parseJSONFile(src *diag.Source, hash string) *jvalue {
	v, _ := p.parse(kJSON, src, hash, func(log *diag.Log) any { return parseJSON(log, src) }).(*jvalue)
	return v
}

// exists reports whether a file of the mini program root exists and is
// visible to the build (not ignored by packOptions, not in the output).
func (p *project) exists(rel string) bool {
	if !p.visible(rel) {
		return false
	}
	st, err := fs.Stat(p.fsys, p.mp(rel))
	return err == nil && !st.IsDir()
}

func (p *project) isDir(rel string) bool {
	st, err := fs.Stat(p.fsys, p.mp(rel))
	return err == nil && st.IsDir()
}

// visible hides the output folder, VCS folders and packOptions.ignore
// matches (unless packOptions.include matches: include beats ignore).
func (p *project) visible(rel string) bool {
	full := p.mp(rel)
	for _, ex := range p.exclude {
		if full == ex || strings.HasPrefix(full, ex+"/") {
			return false
		}
	}
	for _, seg := range strings.Split(rel, "/") {
		if seg == ".git" || seg == ".svn" || seg == ".DS_Store" {
			return false
		}
	}
	return !matchAny(p.ignore, rel) || matchAny(p.include, rel)
}

// loadProject reads project.config.json and app.json and checks app.json as
// WeChat's devtools do. Problems go to log; the result is nil only when
// there is no usable app.json.
func loadProject(fsys fs.FS, exclude []string, log *diag.Log, cache Cache, keepGoing bool) *project {
	p := &project{fsys: fsys, exclude: exclude, log: log, pageSet: map[string]int{},
		cache: cache, keepGoing: keepGoing, broken: map[string]bool{}, hashes: map[string]string{}}
	if src, hash, ok := p.readFS("project.config.json"); ok {
		p.cfgSrc = src
		p.cfg = p.parseJSONFile(src, hash)
		if r := p.cfg.get("miniprogramRoot"); r.isString() {
			p.root = subpackage.NormalizeRoot(r.str)
			if st, err := fs.Stat(fsys, strings.TrimSuffix(p.root, "/")); p.root != "" && (err != nil || !st.IsDir()) {
				log.AddError(p.cfgSrc, r.rng, "project/root", fmt.Sprintf(`["miniprogramRoot"]: folder %q not found`, r.str))
				return nil
			}
		}
		if po := p.cfg.get("packOptions"); po != nil {
			p.ignore = parsePackRules(log, p.cfgSrc, po.get("ignore"), "ignore")
			p.include = parsePackRules(log, p.cfgSrc, po.get("include"), "include")
		}
	}
	src, hash, ok := p.readSource("app.json")
	if !ok {
		log.Add(diag.Msg{Kind: diag.Error, ID: "project/no-app-json", Data: diag.MsgData{
			Text: fmt.Sprintf("%sapp.json not found: not a mini program root", p.root)},
			Hint: "run mpc build on the folder holding project.config.json or app.json"})
		return nil
	}
	p.appSrc = src
	p.app = p.parseJSONFile(src, hash)
	if p.app == nil {
		return nil
	}
	if p.app.kind != 'o' {
		p.errAt(p.app.rng, "app.json must hold a JSON object")
		return nil
	}
	p.loadPackages()
	p.loadSettings()
	return p
}

func (p *project) errAt(r diag.Range, text string) {
	p.log.AddError(p.appSrc, r, "project/app-json", text)
}

// loadPackages reads pages and subpackages and checks them.
func (p *project) loadPackages() {
	var subs []subpackage.Package
	field := "subPackages"
	list := p.app.get("subPackages")
	if list == nil {
		if list = p.app.get("subpackages"); list != nil {
			field = "subpackages"
		}
	}
	var defs []*jvalue
	var defIdx []int
	if list != nil {
		if list.kind != 'a' {
			p.errAt(list.rng, fmt.Sprintf(`[%q] must be an array`, field))
		} else {
			if msg, ok := subpackage.CheckCount(len(list.vals)); !ok {
				p.errAt(p.app.keyRange(field), msg)
			}
			roots := make([]string, len(list.vals))
			names := map[string]int{}
			for i, d := range list.vals {
				at := fmt.Sprintf(`[%q][%d]`, field, i)
				root := d.get("root")
				if !root.isString() || subpackage.NormalizeRoot(root.str) == "" {
					p.errAt(d.rng, at+`["root"] must be a non-empty string`)
					continue
				}
				r := subpackage.NormalizeRoot(root.str)
				if !p.isDir(strings.TrimSuffix(r, "/")) {
					p.errAt(root.rng, at+`["root"] field needs to be Directory`)
				}
				if r == "__APP__/" {
					p.errAt(root.rng, at+`["root"] cannot be __APP__`)
				}
				roots[i] = r
				if n := d.get("name"); n.isString() {
					if j, dup := names[n.str]; dup {
						p.errAt(n.rng, fmt.Sprintf(`[%q][%d] and %s have same "name"`, field, j, at))
					}
					names[n.str] = i
				}
				indep := false
				if v := d.get("independent"); v != nil && v.kind == 'b' {
					indep = v.b
				}
				subs = append(subs, subpackage.Package{Name: root.str, Root: r, Independent: indep})
				defs = append(defs, d)
				defIdx = append(defIdx, i)
			}
			for _, pr := range subpackage.CheckRoots(roots) {
				in := list.vals[pr.Inner].get("root")
				if pr.Same {
					p.errAt(in.rng, fmt.Sprintf(`[%q][%d] and [%q][%d] have same "root"`, field, pr.Outer, field, pr.Inner))
				} else {
					p.errAt(in.rng, fmt.Sprintf(`[%q][%d]["root"] should not contain [%q][%d]["root"]`, field, pr.Outer, field, pr.Inner))
				}
			}
		}
	}
	p.layout = subpackage.NewLayout(subs...)
	p.subDefs = append([]*jvalue{nil}, defs...)
	p.pages = make([][]string, len(p.layout.Pkgs))

	pages := p.app.get("pages")
	if pages == nil || pages.kind != 'a' || len(pages.vals) == 0 {
		r := p.app.rng
		if pages != nil {
			r = pages.rng
		}
		p.errAt(r, `["pages"] must be a non-empty array of page paths`)
	} else {
		for i, v := range pages.vals {
			p.addPage(subpackage.Main, v, fmt.Sprintf(`["pages"][%d]`, i), "")
		}
	}
	for i := 1; i < len(p.layout.Pkgs); i++ {
		d := p.subDefs[i]
		at := fmt.Sprintf(`[%q][%d]`, field, defIdx[i-1])
		ps := d.get("pages")
		if ps == nil || ps.kind != 'a' {
			p.errAt(d.rng, at+`["pages"] must be an array`)
			continue
		}
		for j, v := range ps.vals {
			p.addPage(i, v, fmt.Sprintf(`%s["pages"][%d]`, at, j), p.layout.Pkgs[i].Root)
		}
		if e := d.get("entry"); e.isString() {
			if rel := p.layout.Pkgs[i].Root + strings.TrimPrefix(path.Clean("/"+e.str), "/"); !p.exists(rel) {
				p.errAt(e.rng, fmt.Sprintf(`%s["entry"] could not find the corresponding file: %q`, at, rel))
			}
		}
	}
}

func (p *project) addPage(pkg int, v *jvalue, at, root string) {
	if !v.isString() || v.str == "" {
		p.errAt(v.rng, at+" must be a page path string")
		return
	}
	page := root + strings.TrimPrefix(path.Clean("/"+v.str), "/")
	if _, dup := p.pageSet[page]; dup {
		p.errAt(v.rng, fmt.Sprintf(`%s: %q is repeated in the pages of the app`, at, v.str))
		return
	}
	if owner := p.layout.Of(page); owner != pkg {
		p.errAt(v.rng, fmt.Sprintf(`%s: %q Should not exist in subpackage %q`, at, v.str, p.layout.Pkgs[owner].Name))
		return
	}
	p.pageSet[page] = pkg
	p.pages[pkg] = append(p.pages[pkg], page)
	for _, ext := range []string{".wxml", ".js"} {
		if p.exists(page+ext) || ext == ".js" && p.exists(page+".ts") {
			continue
		}
		p.errAt(v.rng, fmt.Sprintf(`%s: %q could not find the corresponding file: %q`, at, v.str, p.mp(page+ext)))
	}
}

// loadSettings reads the app.json fields that shape the graph.
func (p *project) loadSettings() {
	a := p.app
	if len(p.pages[subpackage.Main]) > 0 {
		p.entry = p.pages[subpackage.Main][0]
	}
	if e := a.get("entryPagePath"); e != nil {
		if _, ok := p.pageSet[strings.TrimPrefix(e.str, "/")]; !e.isString() || !ok {
			p.errAt(e.rng, "No entry page defined in pages、subPackages is found in entryPagePath")
		} else {
			p.entry = strings.TrimPrefix(e.str, "/")
		}
	}
	if l := a.get("lazyCodeLoading"); l.isString() && l.str == "requiredComponents" {
		p.lazy = true
	}
	if tb := a.get("tabBar"); tb != nil {
		if list := tb.get("list"); list != nil && list.kind == 'a' {
			for i, item := range list.vals {
				pp := item.get("pagePath")
				if !pp.isString() {
					continue
				}
				page := strings.TrimPrefix(pp.str, "/")
				if pkg, ok := p.pageSet[page]; !ok || pkg != subpackage.Main {
					msg := fmt.Sprintf(`["tabBar"]["list"][%d]["pagePath"]: %q need in ["pages"]`, i, pp.str)
					if ok {
						msg += " (tabBar pages must be in the main package)"
					}
					p.errAt(pp.rng, msg)
				}
			}
		}
	}
	if pr := a.get("preloadRule"); pr != nil && pr.kind == 'o' {
		for i, page := range pr.keys {
			rule := pr.vals[i]
			at := fmt.Sprintf(`["preloadRule"][%q]`, page)
			if _, ok := p.pageSet[page]; !ok {
				p.log.AddError(p.appSrc, pr.kRngs[i], "project/app-json", at+": Page Path not found")
				continue
			}
			pl := subpackage.Preload{Page: page}
			if pk := rule.get("packages"); pk != nil && pk.kind == 'a' {
				for j, v := range pk.vals {
					idx := p.findPackage(v)
					if idx < 0 {
						p.errAt(v.rng, fmt.Sprintf(`%s["packages"][%d]: %s not found`, at, j, v.str))
						continue
					}
					pl.Pkgs = append(pl.Pkgs, idx)
				}
			}
			p.preload = append(p.preload, pl)
		}
	}
	if ra := a.get("resolveAlias"); ra != nil && ra.kind == 'o' {
		for i, k := range ra.keys {
			v := ra.vals[i]
			if !v.isString() || !strings.HasSuffix(k, "/*") || !strings.HasSuffix(v.str, "/*") {
				p.log.AddError(p.appSrc, ra.kRngs[i], "project/app-json", `["resolveAlias"]: key and value must both end with "/*"`)
				continue
			}
			if strings.HasPrefix(v.str, "./") || strings.Contains(v.str, "//") {
				p.errAt(v.rng, `["resolveAlias"]: the value must not start with "./" nor contain "//"`)
				continue
			}
			p.aliases = append(p.aliases, alias{from: strings.TrimSuffix(k, "*"), to: strings.TrimPrefix(strings.TrimSuffix(v.str, "*"), "/")})
		}
		// The longest key wins (WeChat's rule); ties keep app.json order.
		sort.SliceStable(p.aliases, func(i, j int) bool { return len(p.aliases[i].from) > len(p.aliases[j].from) })
	}
	if ul := a.get("useExtendedLib"); ul != nil && ul.kind == 'o' {
		for i, k := range ul.keys {
			if v := ul.vals[i]; v.kind == 'b' && !v.b {
				continue
			}
			if k == "weui" {
				p.extLibs = append(p.extLibs, "weui-miniprogram/")
			}
			p.extLibs = append(p.extLibs, k+"/")
		}
	}
	if w := a.get("workers"); w != nil {
		dir := w
		if w.kind == 'o' {
			dir = w.get("path")
		}
		if dir.isString() {
			d := strings.Trim(path.Clean("/"+dir.str), "/")
			if !p.isDir(d) {
				p.errAt(dir.rng, `["workers"] field needs to be Directory`)
			} else {
				p.workers = append(p.workers, d)
			}
		}
	}
	if s := a.get("sitemapLocation"); s.isString() {
		rel := strings.TrimPrefix(path.Clean("/"+s.str), "/")
		switch {
		case !strings.HasSuffix(rel, ".json"):
			p.errAt(s.rng, `extension name of ["sitemapLocation"] should be ".json"`)
		case !p.exists(rel):
			p.errAt(s.rng, fmt.Sprintf(`["sitemapLocation"] could not find the corresponding file: %q`, p.mp(rel)))
		default:
			p.sitemap = rel
		}
	}
	if s := a.get("themeLocation"); s.isString() {
		rel := strings.TrimPrefix(path.Clean("/"+s.str), "/")
		if !p.exists(rel) {
			p.errAt(s.rng, fmt.Sprintf(`["themeLocation"] could not find the corresponding file: %q`, p.mp(rel)))
		} else {
			p.theme = rel
		}
	}
}

// findPackage resolves a preloadRule package: a root, a name or __APP__.
func (p *project) findPackage(v *jvalue) int {
	if !v.isString() {
		return -1
	}
	if v.str == "__APP__" {
		return subpackage.Main
	}
	r := subpackage.NormalizeRoot(v.str)
	for i := 1; i < len(p.layout.Pkgs); i++ {
		if p.layout.Pkgs[i].Root == r {
			return i
		}
		if n := p.subDefs[i].get("name"); n.isString() && n.str == v.str {
			return i
		}
	}
	return -1
}

// pkgName is the name a package has in the report: "main", else the root
// as app.json writes it.
func (p *project) pkgName(i int) string {
	if i == subpackage.Main {
		return "main"
	}
	return p.layout.Pkgs[i].Name
}
