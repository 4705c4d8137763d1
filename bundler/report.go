package bundler

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/mpc-dev/mpc/subpackage"
)

// Report is where the bytes go: the data behind the size table and
// --report-json.
type Report struct {
	Packages  []PackageReport `json:"packages"`
	Total     TotalReport     `json:"total"`
	ColdStart ColdStart       `json:"coldStart"`
	Preload   []PreloadReport `json:"preload"`
	Unused    []string        `json:"unused"`

	sizes []subpackage.PackageSize
}

// PackageReport is one package: name is "main" or the subpackage root as
// app.json writes it.
type PackageReport struct {
	Name        string       `json:"name"`
	Root        string       `json:"root"`
	Independent bool         `json:"independent,omitempty"`
	FileCount   int          `json:"fileCount"`
	Bytes       int64        `json:"bytes"`
	GzipBytes   int64        `json:"gzipBytes"`
	Limit       int64        `json:"limit"`
	Share       float64      `json:"share"` // bytes / limit, 0 when unlimited
	Files       []FileReport `json:"files"` // largest first
}

// FileReport is one output file that counts toward its package.
type FileReport struct {
	Path  string `json:"path"`
	Bytes int64  `json:"bytes"`
}

// TotalReport is the whole app.
type TotalReport struct {
	FileCount int     `json:"fileCount"`
	Bytes     int64   `json:"bytes"`
	GzipBytes int64   `json:"gzipBytes"`
	Limit     int64   `json:"limit"`
	Share     float64 `json:"share"`
}

// ColdStart are the figures that decide launch time.
type ColdStart struct {
	EntryPage       string `json:"entryPage"`
	LazyCodeLoading bool   `json:"lazyCodeLoading"`
	MainBytes       int64  `json:"mainBytes"`
	// JS injected at launch for the entry page: without lazyCodeLoading
	// every JS file of the packages launch downloads; with it app.js, the
	// entry page and the components it declares (global ones included,
	// componentPlaceholder ones excluded) and the modules they require.
	InjectedJS     JSFigure `json:"injectedJS"`
	InjectedJSLazy JSFigure `json:"injectedJSLazy"`
	// GlobalComponents are app.json usingComponents: injected with every
	// page even under lazyCodeLoading.
	GlobalComponents []GlobalComponent `json:"globalComponents"`
	// MainUsedOnlyBySubs is main-package code that only subpackages use,
	// before placement moved it (CONTAINS_OTHER_PKG_JS/COMPONENTS).
	MainUsedOnlyBySubs JSFigure `json:"mainUsedOnlyBySubs"`
	// DuplicatedBytes are the bytes of the extra copies placement made.
	DuplicatedBytes int64 `json:"duplicatedBytes"`
	DuplicatedFiles int   `json:"duplicatedFiles"`
}

// JSFigure is a byte and file count with the files.
type JSFigure struct {
	Bytes int64    `json:"bytes"`
	Files int      `json:"files"`
	Paths []string `json:"paths,omitempty"`
}

// GlobalComponent is one app.json usingComponents entry.
type GlobalComponent struct {
	Name  string `json:"name"`
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

func (b *builder) report(files []OutputFile) *Report {
	l := b.p.layout
	lim := b.opts.Limits
	var sf []subpackage.File
	size := map[string]int64{}
	for _, f := range files {
		sf = append(sf, subpackage.File{Path: f.Path, Bytes: int64(len(f.Data))})
		size[f.Path] = int64(len(f.Data))
	}
	r := &Report{sizes: l.Measure(sf)}
	gz := gzipSizes(files, l)
	for i, s := range r.sizes {
		pr := PackageReport{Name: b.p.pkgName(i), Root: l.Pkgs[i].Root, Independent: l.Pkgs[i].Independent,
			FileCount: len(s.Files), Bytes: s.Bytes, GzipBytes: gz[i], Limit: l.Limit(i, lim)}
		pr.Share = share(pr.Bytes, pr.Limit)
		for _, f := range subpackage.Largest(s.Files, len(s.Files)) {
			pr.Files = append(pr.Files, FileReport{f.Path, f.Bytes})
		}
		r.Packages = append(r.Packages, pr)
		r.Total.FileCount += pr.FileCount
		r.Total.Bytes += pr.Bytes
		r.Total.GzipBytes += pr.GzipBytes
	}
	r.Total.Limit = lim.Total
	r.Total.Share = share(r.Total.Bytes, r.Total.Limit)
	for _, pl := range b.p.preload {
		pr := PreloadReport{Page: pl.Page, Bytes: subpackage.PreloadBytes(pl, r.sizes), Limit: lim.Preload, Packages: []string{}}
		for _, i := range pl.Pkgs {
			pr.Packages = append(pr.Packages, b.p.pkgName(i))
		}
		r.Preload = append(r.Preload, pr)
	}
	if r.Preload == nil {
		r.Preload = []PreloadReport{}
	}
	r.ColdStart = b.coldStart(size)
	r.Unused = b.unused()
	return r
}

func share(n, limit int64) float64 {
	if limit <= 0 {
		return 0
	}
	return float64(int64(float64(n)/float64(limit)*10000+0.5)) / 10000
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
			var buf bytes.Buffer
			w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
			for _, f := range files {
				if l.Of(f.Path) == i && subpackage.CountsTowardSize(f.Path) {
					w.Write(f.Data)
				}
			}
			w.Close()
			out[i] = int64(buf.Len())
		}(i)
	}
	wg.Wait()
	return out
}

func (b *builder) coldStart(size map[string]int64) ColdStart {
	g, l := b.g, b.p.layout
	cs := ColdStart{EntryPage: b.p.entry, LazyCodeLoading: b.p.lazy, GlobalComponents: []GlobalComponent{}}
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
	cs.InjectedJS = figure(eager, size)

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
	cs.InjectedJSLazy = figure(lazy, size)

	if app := g.nodes["app.json"]; app != nil && app.json != nil {
		if uc := app.json.get("usingComponents"); uc != nil {
			for _, e := range app.refs {
				if e.kind != refComponent || e.jv == nil {
					continue
				}
				name := ""
				for i, v := range uc.vals {
					if v == e.jv {
						name = uc.keys[i]
					}
				}
				gc := GlobalComponent{Name: name, Path: e.base}
				for _, t := range e.to {
					gc.Bytes += size[g.loc(t, subpackage.Main)]
				}
				cs.GlobalComponents = append(cs.GlobalComponents, gc)
			}
		}
	}

	var onlySubs []string
	for _, n := range g.sorted() {
		if n.home != subpackage.Main || n.users[subpackage.Main] || len(n.placed) == 0 {
			continue
		}
		first := g.loc(n, n.placed[0])
		if _, ok := size[first]; ok {
			onlySubs = append(onlySubs, first)
		}
		if len(n.placed) > 1 {
			cs.DuplicatedBytes += int64(len(n.placed)-1) * size[first]
			cs.DuplicatedFiles += len(n.placed) - 1
		}
	}
	cs.MainUsedOnlyBySubs = figure(onlySubs, size)
	cs.MainUsedOnlyBySubs.Paths = nil
	for _, p := range onlySubs {
		// Report the source path (before placement moved it).
		if i := strings.Index(p, subpackage.SharedDir); i >= 0 {
			p = p[i+len(subpackage.SharedDir):]
		}
		cs.MainUsedOnlyBySubs.Paths = append(cs.MainUsedOnlyBySubs.Paths, p)
	}
	sort.Strings(cs.MainUsedOnlyBySubs.Paths)
	for _, n := range g.sorted() {
		if n.home == subpackage.Main && len(n.placed) > 1 && n.users[subpackage.Main] {
			// Main keeps a copy and independent subpackages get theirs.
			first := g.loc(n, subpackage.Main)
			cs.DuplicatedBytes += int64(len(n.placed)-1) * size[first]
			cs.DuplicatedFiles += len(n.placed) - 1
		}
	}
	return cs
}

func figure(paths []string, size map[string]int64) JSFigure {
	sort.Strings(paths)
	f := JSFigure{Paths: []string{}}
	for i, p := range paths {
		if i > 0 && paths[i-1] == p {
			continue
		}
		if n, ok := size[p]; ok {
			f.Bytes += n
			f.Files++
			f.Paths = append(f.Paths, p)
		}
	}
	return f
}

// configFiles are project files that are never "unused".
var configFiles = map[string]bool{
	"project.config.json": true, "project.private.config.json": true, "package.json": true,
	"package-lock.json": true, "tsconfig.json": true, "jsconfig.json": true, "mpc.config.json": true,
}

// unused lists the packable (and TypeScript) files of the mini program root
// that nothing reaches.
func (b *builder) unused() []string {
	out := []string{}
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
		out = append(out, rel)
	})
	sort.Strings(out)
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
	for _, p := range r.Packages {
		name := p.Name
		if p.Independent {
			name += "*"
		}
		row(name, p.FileCount, p.Bytes, p.GzipBytes, p.Limit, p.Share)
	}
	row("total", r.Total.FileCount, r.Total.Bytes, r.Total.GzipBytes, r.Total.Limit, r.Total.Share)
	return b.String()
}

func human(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	return fmt.Sprintf("%.1f KB", float64(n)/1024)
}
