package bundler

import (
	"compress/gzip"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/subpackage"
)

// ReportSchema names the JSON format of Report (docs/report.md), the
// contract with mpc analyze.
const ReportSchema = "mpc-report/1"

// Report is where the bytes go: the data behind the size table and
// --report-json. Its JSON is exactly the "mpc-report/1" schema of
// docs/report.md. Sizes are bytes; paths are slash paths relative to the
// output folder unless they say otherwise.
type Report struct {
	Schema         string          `json:"schema"`
	Project        string          `json:"project"` // projectname of project.config.json, else the folder name
	Limits         ReportLimits    `json:"limits"`
	TotalBytes     int64           `json:"totalBytes"`
	TotalGzipBytes int64           `json:"totalGzipBytes"`
	Packages       []PackageReport `json:"packages"` // main first, then app.json order
	ColdStart      ColdStart       `json:"coldStart"`
	Duplicated     []Duplicate     `json:"duplicated"` // by source
	Unused         []UnusedFile    `json:"unused"`     // by path
	Preload        []PreloadReport `json:"preload"`
	Violations     []Violation     `json:"violations"`

	sizes []subpackage.PackageSize
}

// ReportLimits are the limits the build checked, in bytes (0 = none).
type ReportLimits struct {
	Main    int64 `json:"main"`
	Sub     int64 `json:"sub"`
	Total   int64 `json:"total"`
	Preload int64 `json:"preload"`
}

// PackageReport is one package.
type PackageReport struct {
	Name        string       `json:"name"` // "main", else the subpackage root as app.json writes it
	Root        string       `json:"root"` // "" for main, else the root without its trailing slash
	Independent bool         `json:"independent"`
	Bytes       int64        `json:"bytes"`
	GzipBytes   int64        `json:"gzipBytes"` // the package's files compressed together
	Limit       int64        `json:"limit"`
	Files       []FileReport `json:"files"` // by path
}

// FileReport is one output file that counts toward its package.
type FileReport struct {
	Path      string `json:"path"`
	Bytes     int64  `json:"bytes"`
	GzipBytes int64  `json:"gzipBytes"`
	Kind      string `json:"kind"` // js, wxml, wxss, wxs, json, asset
}

// ColdStart are the figures that decide launch time.
type ColdStart struct {
	EntryPage string `json:"entryPage"`
	MainBytes int64  `json:"mainBytes"`
	// JS injected at launch without lazyCodeLoading: every JS file of the
	// packages launch downloads.
	JSBytes int64 `json:"jsBytes"`
	JSFiles int   `json:"jsFiles"`
	// With lazyCodeLoading "requiredComponents": app.js, the entry page, the
	// components it and app.json declare (componentPlaceholder ones
	// excluded) and the modules they require.
	LazyJSBytes     int64 `json:"lazyJsBytes"`
	LazyJSFiles     int   `json:"lazyJsFiles"`
	LazyCodeLoading bool  `json:"lazyCodeLoading"` // what app.json says
	// GlobalComponents are the app.json usingComponents (base paths):
	// injected with every page even under lazyCodeLoading.
	GlobalComponents []string `json:"globalComponents"`
	// Main-package code only subpackages use, before placement moved it
	// (CONTAINS_OTHER_PKG_JS/COMPONENTS).
	MainUsedOnlyBySubpackagesBytes int64 `json:"mainUsedOnlyBySubpackagesBytes"`
	// The bytes of the extra copies placement made.
	DuplicatedBytes int64 `json:"duplicatedBytes"`
}

// Duplicate is a source file placed in more than one package.
type Duplicate struct {
	Source string   `json:"source"` // the source path (mini program root)
	Bytes  int64    `json:"bytes"`  // of one copy
	Copies []string `json:"copies"` // output paths, sorted
}

// UnusedFile is a packable (or TypeScript) source file nothing reaches, left
// out of the output; the path is relative to the mini program root.
type UnusedFile struct {
	Path  string `json:"path"`
	Bytes int64  `json:"bytes"`
}

// PreloadReport is one preloadRule entry.
type PreloadReport struct {
	Page     string   `json:"page"`
	Packages []string `json:"packages"`
	Bytes    int64    `json:"bytes"`
	Limit    int64    `json:"limit"`
}

// Violation is a limit this build exceeded; Message is the text of the
// size error mpc build prints.
type Violation struct {
	Package string `json:"package"` // a package name, "total", or the preloaded packages joined by ","
	Bytes   int64  `json:"bytes"`
	Limit   int64  `json:"limit"`
	Message string `json:"message"`
}

// report describes the output files. Quick builds (mpc watch) measure the
// packages and check the limits only: gzip sizes, cold start, duplicates
// and unused files are left empty.
func (b *builder) report(files []OutputFile) (*Report, []diag.Msg) {
	l := b.p.layout
	lim := b.opts.Limits
	sf := make([]subpackage.File, 0, len(files))
	size := make(map[string]int64, len(files))
	for _, f := range files {
		sf = append(sf, subpackage.File{Path: f.Path, Bytes: int64(len(f.Data))})
		size[f.Path] = int64(len(f.Data))
	}
	r := &Report{Schema: ReportSchema, Project: b.projectName(), sizes: l.Measure(sf),
		Limits:     ReportLimits{Main: lim.Main, Sub: lim.Sub, Total: lim.Total, Preload: lim.Preload},
		Duplicated: []Duplicate{}, Unused: []UnusedFile{}, Preload: []PreloadReport{}, Violations: []Violation{}}
	quick := b.opts.Quick
	var gz []int64
	var fileGz map[string]int64
	if !quick {
		gz = gzipSizes(files, l)
		fileGz = b.fileGzipSizes(files)
	}
	for i, s := range r.sizes {
		pr := PackageReport{Name: b.p.pkgName(i), Root: strings.TrimSuffix(l.Pkgs[i].Root, "/"), Independent: l.Pkgs[i].Independent,
			Bytes: s.Bytes, Limit: l.Limit(i, lim), Files: make([]FileReport, 0, len(s.Files))}
		if gz != nil {
			pr.GzipBytes = gz[i]
		}
		for _, f := range s.Files {
			pr.Files = append(pr.Files, FileReport{Path: f.Path, Bytes: f.Bytes, GzipBytes: fileGz[f.Path], Kind: kindName(f.Path)})
		}
		sort.Slice(pr.Files, func(a, b int) bool { return pr.Files[a].Path < pr.Files[b].Path })
		r.Packages = append(r.Packages, pr)
		r.TotalBytes += pr.Bytes
		r.TotalGzipBytes += pr.GzipBytes
	}
	for _, pl := range b.p.preload {
		pr := PreloadReport{Page: pl.Page, Bytes: subpackage.PreloadBytes(pl, r.sizes), Limit: lim.Preload, Packages: []string{}}
		for _, i := range pl.Pkgs {
			pr.Packages = append(pr.Packages, b.p.pkgName(i))
		}
		r.Preload = append(r.Preload, pr)
	}
	msgs := r.violations(l, b.p.preload, lim)
	if !quick {
		r.ColdStart = b.coldStart(size)
		r.Duplicated = b.duplicated(size)
		r.Unused = b.unused()
	}
	return r, msgs
}

// violations checks the limits: the size messages to print and, for each,
// the report's entry.
func (r *Report) violations(l *subpackage.Layout, preload []subpackage.Preload, lim subpackage.Limits) []diag.Msg {
	sizeMsgs := l.CheckSizes(r.sizes, lim)
	// CheckSizes reports the packages over their limit in layout order, then
	// the total: walk the same conditions to pair each message.
	k := 0
	for _, p := range r.Packages {
		if p.Limit > 0 && p.Bytes > p.Limit {
			r.Violations = append(r.Violations, Violation{Package: p.Name, Bytes: p.Bytes, Limit: p.Limit, Message: sizeMsgs[k].Data.Text})
			k++
		}
	}
	if lim.Total > 0 && r.TotalBytes > lim.Total {
		r.Violations = append(r.Violations, Violation{Package: "total", Bytes: r.TotalBytes, Limit: lim.Total, Message: sizeMsgs[k].Data.Text})
	}
	preMsgs := l.CheckPreload(preload, r.sizes, lim)
	k = 0
	for _, p := range r.Preload {
		if lim.Preload > 0 && p.Bytes > lim.Preload {
			r.Violations = append(r.Violations, Violation{Package: strings.Join(p.Packages, ","), Bytes: p.Bytes, Limit: lim.Preload, Message: preMsgs[k].Data.Text})
			k++
		}
	}
	return append(sizeMsgs, preMsgs...)
}

// projectName is project.config.json's projectname, else the project
// folder's name.
func (b *builder) projectName() string {
	if v := b.p.cfg.get("projectname"); v.isString() && v.str != "" {
		return v.str
	}
	if b.opts.Dir != "" {
		if abs, err := filepath.Abs(b.opts.Dir); err == nil {
			return filepath.Base(abs)
		}
	}
	return ""
}

// kindName is a file's kind in the report.
func kindName(p string) string {
	switch ext := path.Ext(p); ext {
	case ".js", ".wxml", ".wxss", ".wxs", ".json":
		return ext[1:]
	}
	return "asset"
}

func share(n, limit int64) float64 {
	if limit <= 0 {
		return 0
	}
	return float64(int64(float64(n)/float64(limit)*10000+0.5)) / 10000
}

// fileGzipSizes compresses each counted file on its own (cached by content:
// a rebuild only compresses the files that changed).
func (b *builder) fileGzipSizes(files []OutputFile) map[string]int64 {
	out := make(map[string]int64, len(files))
	var mu sync.Mutex
	var wg sync.WaitGroup
	const workers = 4
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var gz gzipSizer
			for i := w; i < len(files); i += workers {
				f := files[i]
				if !subpackage.CountsTowardSize(f.Path) {
					continue
				}
				key := "gz:" + hashBytes(f.Data)
				var n int64
				if v, ok := b.opts.Cache.Get(key); ok {
					n = v.(int64)
				} else {
					n = gz.size(f.Data)
					b.opts.Cache.Put(key, n)
				}
				mu.Lock()
				out[f.Path] = n
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	return out
}

// gzipSizer measures compressed sizes with one reused compressor (a new
// gzip.Writer allocates its tables every time).
type gzipSizer struct {
	w *gzip.Writer
	n byteCounter
}

type byteCounter int64

func (c *byteCounter) Write(p []byte) (int, error) { *c += byteCounter(len(p)); return len(p), nil }

func (g *gzipSizer) size(data []byte) int64 {
	g.n = 0
	if g.w == nil {
		g.w, _ = gzip.NewWriterLevel(&g.n, gzip.DefaultCompression)
	} else {
		g.w.Reset(&g.n)
	}
	g.w.Write(data)
	g.w.Close()
	return int64(g.n)
}

// gzipSizes compresses each package's counted files, concatenated in path
// order (the upload is one compressed archive per package).
func gzipSizes(files []OutputFile, l *subpackage.Layout) []int64 {
	out := make([]int64, len(l.Pkgs))
	var wg sync.WaitGroup
	for i := range l.Pkgs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var n byteCounter
			w, _ := gzip.NewWriterLevel(&n, gzip.DefaultCompression)
			for _, f := range files {
				if f.Pkg == i && subpackage.CountsTowardSize(f.Path) {
					w.Write(f.Data)
				}
			}
			w.Close()
			out[i] = int64(n)
		}(i)
	}
	wg.Wait()
	return out
}

func (b *builder) coldStart(size map[string]int64) ColdStart {
	g, l := b.g, b.p.layout
	cs := ColdStart{EntryPage: b.p.entry, LazyCodeLoading: b.p.lazy, GlobalComponents: []string{}}
	for p, n := range size {
		if l.Of(p) == subpackage.Main && subpackage.CountsTowardSize(p) {
			cs.MainBytes += n
		}
	}
	entryPkg := subpackage.Main
	if pkg, ok := b.p.pageSet[b.p.entry]; ok {
		entryPkg = pkg
	}
	// Without lazyCodeLoading: every JS file of the packages launch loads.
	var eager []string
	for p := range size {
		if path.Ext(p) != ".js" {
			continue
		}
		if pk := l.Of(p); pk == entryPkg || pk == subpackage.Main && !l.Pkgs[entryPkg].Independent {
			eager = append(eager, p)
		}
	}
	cs.JSBytes, cs.JSFiles = figure(eager, size)

	// With it: follow declared components and required modules.
	seen := map[*node]bool{}
	var lazy []string
	var visit func(n *node)
	visit = func(n *node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		if n.kind == kJS && n.jsEntry {
			lazy = append(lazy, g.loc(n, entryPkg))
		}
		for _, e := range n.refs {
			if e.lazy {
				continue
			}
			switch {
			case e.kind == refComponent, e.kind == refJS:
				for _, t := range e.to {
					visit(t)
				}
			case e.kind == refPage && (n.kind == kJSON || n.kind == kJS):
				for _, t := range e.to {
					if t.kind == kJS || t.kind == kJSON {
						visit(t)
					}
				}
			}
		}
	}
	visit(g.nodes["app.json"])
	for _, ext := range []string{".json", ".js", ".ts"} {
		visit(g.nodes[b.p.entry+ext])
	}
	cs.LazyJSBytes, cs.LazyJSFiles = figure(lazy, size)

	if app := g.nodes["app.json"]; app != nil {
		for _, e := range app.refs {
			if e.kind == refComponent && e.jv != nil {
				cs.GlobalComponents = append(cs.GlobalComponents, e.base)
			}
		}
	}

	for _, n := range g.sorted() {
		if n.home != subpackage.Main || n.users[subpackage.Main] || len(n.placed) == 0 {
			continue
		}
		cs.MainUsedOnlyBySubpackagesBytes += size[g.loc(n, n.placed[0])]
	}
	for _, d := range b.duplicated(size) {
		cs.DuplicatedBytes += int64(len(d.Copies)-1) * d.Bytes
	}
	return cs
}

// duplicated lists the files placement put in several packages (copies
// into subpackages, and main's own copy when it keeps one).
func (b *builder) duplicated(size map[string]int64) []Duplicate {
	g := b.g
	out := []Duplicate{}
	for _, n := range g.sorted() {
		if len(n.placed) < 2 {
			continue
		}
		d := Duplicate{Source: n.path}
		for _, pkg := range n.placed {
			if at := g.loc(n, pkg); subpackage.CountsTowardSize(at) {
				if sz, ok := size[at]; ok {
					d.Bytes = sz
					d.Copies = append(d.Copies, at)
				}
			}
		}
		if len(d.Copies) > 1 {
			sort.Strings(d.Copies)
			out = append(out, d)
		}
	}
	return out
}

// figure sums the sizes of the distinct paths that are output files.
func figure(paths []string, size map[string]int64) (bytes int64, files int) {
	sort.Strings(paths)
	for i, p := range paths {
		if i > 0 && paths[i-1] == p {
			continue
		}
		if n, ok := size[p]; ok {
			bytes += n
			files++
		}
	}
	return bytes, files
}

// configFiles are project files that are never "unused".
var configFiles = map[string]bool{
	"project.config.json": true, "project.private.config.json": true, "package.json": true,
	"package-lock.json": true, "tsconfig.json": true, "jsconfig.json": true, "mpc.config.json": true,
}

// unused lists the packable (and TypeScript) files of the mini program root
// that nothing reaches.
func (b *builder) unused() []UnusedFile {
	out := []UnusedFile{}
	root := strings.TrimSuffix(b.p.root, "/")
	if root == "" {
		root = "."
	}
	_ = walkFS(b.p.fsys, root, func(fp string) {
		rel := strings.TrimPrefix(fp, b.p.root)
		if configFiles[rel] || !b.p.visible(rel) || !(isPacked(rel) || strings.HasSuffix(rel, ".ts")) {
			return
		}
		if n := b.g.nodes[rel]; n != nil {
			for _, u := range n.users {
				if u {
					return
				}
			}
		}
		var n int64
		if st, err := fs.Stat(b.p.fsys, fp); err == nil {
			n = st.Size()
		}
		out = append(out, UnusedFile{Path: rel, Bytes: n})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Table prints the size table: package, files, bytes, gzip, share of limit.
func (r *Report) Table() string {
	var b strings.Builder
	w := 7
	for _, p := range r.Packages {
		if len(p.Name) > w {
			w = len(p.Name)
		}
	}
	row := func(name string, files int, n, gz, limit int64, sh float64) {
		lim, pct := "-", "-"
		if limit > 0 {
			lim = fmt.Sprintf("%d KB", subpackage.KBOf(limit))
			pct = fmt.Sprintf("%.1f%%", sh*100)
		}
		fmt.Fprintf(&b, "%-*s %6d %12s %12s %10s %7s\n", w, name, files, human(n), human(gz), lim, pct)
	}
	fmt.Fprintf(&b, "%-*s %6s %12s %12s %10s %7s\n", w, "package", "files", "bytes", "gzip", "limit", "share")
	files := 0
	for _, p := range r.Packages {
		name := p.Name
		if p.Independent {
			name += "*"
		}
		row(name, len(p.Files), p.Bytes, p.GzipBytes, p.Limit, share(p.Bytes, p.Limit))
		files += len(p.Files)
	}
	row("total", files, r.TotalBytes, r.TotalGzipBytes, r.Limits.Total, share(r.TotalBytes, r.Limits.Total))
	return b.String()
}

func human(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	return fmt.Sprintf("%.1f KB", float64(n)/1024)
}
