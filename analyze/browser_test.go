package analyze

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// browserOut is where the browser test leaves its page and screenshots
// (git-ignored).
var browserOut = filepath.Join("..", ".cache", "analyze-test")

type rect struct{ X, Y, W, H float64 }

func (r rect) center() (float64, float64) { return r.X + r.W/2, r.Y + r.H/2 }

// rectOf returns the viewport rectangle of the first element matching sel.
func (p *page) rectOf(sel string) rect {
	p.tb.Helper()
	var r *rect
	p.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return null;
		const b = e.getBoundingClientRect(); return {X: b.left, Y: b.top, W: b.width, H: b.height}; })()`, sel), &r)
	if r == nil {
		p.tb.Fatalf("no element %s", sel)
	}
	return *r
}

// TestBrowser opens the page of the synthetic app in headless Chromium,
// checks that the treemap shows every package, zooms by clicking, goes back
// by the breadcrumb, searches and switches to gzip sizes, and saves
// screenshots into .cache/analyze-test/.
func TestBrowser(t *testing.T) {
	b := startBrowser(t)
	rep := mustRead(t, "new.json")
	if err := os.MkdirAll(browserOut, 0o755); err != nil {
		t.Fatal(err)
	}
	html := filepath.Join(browserOut, "analyze.html")
	if err := os.WriteFile(html, []byte(writeHTML(t, rep)), 0o644); err != nil {
		t.Fatal(err)
	}
	p := b.newPage(t, 1280, 900)
	p.open(html)

	// Every package is a visible rectangle of the treemap.
	var shown []struct {
		Name string
		W, H float64
	}
	p.eval(`[...document.querySelectorAll('#treemap [data-package]')].map(e => ({Name: e.dataset.package, W: e.offsetWidth, H: e.offsetHeight}))`, &shown)
	var names []string
	for _, s := range shown {
		names = append(names, s.Name)
		if s.W < 20 || s.H < 20 {
			t.Errorf("package %s drawn %gx%g px", s.Name, s.W, s.H)
		}
	}
	var want []string
	for _, pk := range rep.Packages {
		want = append(want, pk.Name)
	}
	sort.Strings(names)
	sort.Strings(want)
	if !slices.Equal(names, want) {
		t.Errorf("treemap shows packages %q, want %q", names, want)
	}
	var bars []string
	p.eval(`[...document.querySelectorAll('#packages [data-package]')].map(e => e.dataset.package).sort()`, &bars)
	if !slices.Equal(bars, want) {
		t.Errorf("limit bars for %q, want %q", bars, want)
	}
	p.screenshot(filepath.Join(browserOut, "treemap.png"))

	// Clicking a package's label zooms into it.
	r := p.rectOf(`#treemap [data-package="packageA"]`)
	p.click(r.X+6, r.Y+6)
	p.waitFor(`document.getElementById('treemap').dataset.zoom === 'packageA'`)
	expectZoomedInto(t, p, "packageA", rep)
	var here string
	p.eval(`document.querySelector('#crumbs .here').textContent`, &here)
	if here != "packageA" {
		t.Errorf("breadcrumb ends in %q, want packageA", here)
	}
	p.screenshot(filepath.Join(browserOut, "zoomed.png"))

	// The breadcrumb goes back to all packages.
	r = p.rectOf(`#crumbs a[data-id=""]`)
	p.click(r.center())
	p.waitFor(`document.getElementById('treemap').dataset.zoom === ''`)
	var n int
	p.eval(`document.querySelectorAll('#treemap [data-package]').length`, &n)
	if n != len(rep.Packages) {
		t.Errorf("back at the top, %d packages shown, want %d", n, len(rep.Packages))
	}

	// A click inside a package, on one of its files, zooms one level: into
	// that package.
	var file rect
	p.eval(`(() => { const e = document.querySelector('#treemap .f[data-path^="packageB/"]');
		const b = e.getBoundingClientRect(); return {X: b.left, Y: b.top, W: b.width, H: b.height}; })()`, &file)
	p.click(file.center())
	p.waitFor(`document.getElementById('treemap').dataset.zoom === 'packageB'`)
	expectZoomedInto(t, p, "packageB", rep)

	// Escape goes up again; the search box highlights matching files.
	p.must("Input.dispatchKeyEvent", map[string]any{"type": "keyDown", "key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27}, nil)
	p.waitFor(`document.getElementById('treemap').dataset.zoom === ''`)
	p.eval(`document.getElementById('search').focus()`, nil)
	p.typeText("format")
	p.waitFor(`document.getElementById('search-info').textContent !== ''`)
	var hits []string
	p.eval(`[...document.querySelectorAll('#treemap .f.hit')].map(e => e.dataset.path).sort()`, &hits)
	wantHits := []string{"packageA/utils/format.js", "packageB/utils/format.js", "wxs/format.wxs"}
	if !slices.Equal(hits, wantHits) {
		t.Errorf("search highlights %q, want %q", hits, wantHits)
	}
	p.screenshot(filepath.Join(browserOut, "search.png"))

	// The gzip switch redraws by gzip bytes: main's share changes.
	share := func() (s float64) {
		p.eval(`(() => { const m = document.querySelector('#treemap [data-package="main"]'), t = document.getElementById('treemap');
			return m.offsetWidth * m.offsetHeight / (t.clientWidth * t.clientHeight); })()`, &s)
		return s
	}
	before := share()
	r = p.rectOf(`#metric-gzip`)
	p.click(r.center())
	p.waitFor(`document.getElementById('metric-gzip').checked`)
	if after := share(); after <= before {
		t.Errorf("main (mostly images, which gzip barely shrinks) should take more area by gzip bytes: %.3f then %.3f", before, after)
	}
	p.checkErrors()

	// A package over its limit is red in the treemap and in the bars, and
	// the violations show in the banner.
	over := *rep
	over.Packages = slices.Clone(rep.Packages)
	over.Packages[2].Limit = 40 << 10
	over.Violations = []Violation{{Package: "packageB", Bytes: over.Packages[2].Bytes, Limit: 40 << 10, Message: "packageB size 44KB exceeds its limit 40KB"}}
	overHTML := filepath.Join(browserOut, "over.html")
	if err := os.WriteFile(overHTML, []byte(writeHTML(t, &over)), 0o644); err != nil {
		t.Fatal(err)
	}
	p.open(overHTML)
	var red struct{ Map, Bar, Banner bool }
	p.eval(`({Map: !!document.querySelector('#treemap .p.over[data-package="packageB"]'),
		Bar: !!document.querySelector('#packages .bar-row.over[data-package="packageB"]'),
		Banner: !document.getElementById('violations').hidden && document.getElementById('violations').textContent.includes('exceeds')})`, &red)
	if !red.Map || !red.Bar || !red.Banner {
		t.Errorf("over-limit package not marked: treemap %v, bar %v, banner %v", red.Map, red.Bar, red.Banner)
	}
	p.screenshot(filepath.Join(browserOut, "over.png"))
	p.checkErrors()
	abs, _ := filepath.Abs(browserOut)
	t.Logf("pages and screenshots (treemap.png, zoomed.png, search.png, over.png) in %s", abs)
}

// expectZoomedInto checks that the treemap shows the inside of package pkg
// only, and most of its files.
func expectZoomedInto(t *testing.T, p *page, pkg string, rep *Report) {
	t.Helper()
	var paths []string
	p.eval(`[...document.querySelectorAll('#treemap .f')].map(e => e.dataset.path)`, &paths)
	var pk *Package
	for i := range rep.Packages {
		if rep.Packages[i].Name == pkg {
			pk = &rep.Packages[i]
		}
	}
	for _, path := range paths {
		if !strings.HasPrefix(path, pk.Root+"/") {
			t.Errorf("zoomed into %s, the treemap shows %s", pkg, path)
		}
	}
	if len(paths) < len(pk.Files)*3/4 {
		t.Errorf("zoomed into %s, %d of its %d files are drawn", pkg, len(paths), len(pk.Files))
	}
}

// bigReport makes a report of a large project: total bytes spread over
// files in a main package and subpackages, with a realistic mix of kinds
// and folder depths. The same arguments give the same report.
func bigReport(files int, total int64) *Report {
	rng := rand.New(rand.NewPCG(1, 2))
	const subs = 24
	r := &Report{Schema: Schema, Project: "big", Limits: Limits{Main: 2 << 20, Sub: 2 << 20, Total: 30 << 20, Preload: 2 << 20}}
	r.Packages = append(r.Packages, Package{Name: "main", Limit: 2 << 20})
	for i := range subs {
		root := fmt.Sprintf("package%02d", i)
		r.Packages = append(r.Packages, Package{Name: root, Root: root, Independent: i%7 == 6, Limit: 2 << 20})
	}
	weights := make([]float64, files)
	var sum float64
	for i := range weights {
		weights[i] = rng.ExpFloat64()
		if rng.IntN(20) == 0 {
			weights[i] *= 15 // images and bundled libraries
		}
		sum += weights[i]
	}
	exts := []string{"js", "wxml", "wxss", "json", "js", "wxml", "png", "wxs"}
	kinds := map[string]string{"png": "asset"}
	for i := range files {
		pi := 0
		if i >= files/5 {
			pi = 1 + rng.IntN(subs)
		}
		pk := &r.Packages[pi]
		ext := exts[rng.IntN(len(exts))]
		kind := kinds[ext]
		if kind == "" {
			kind = ext
		}
		dir := fmt.Sprintf("pages/p%d/c%d", rng.IntN(30), rng.IntN(4))
		if rng.IntN(4) == 0 {
			dir = fmt.Sprintf("miniprogram_npm/lib%d/dist/comp%d", rng.IntN(6), rng.IntN(12))
		}
		p := fmt.Sprintf("%s/f%d.%s", dir, i, ext)
		if pk.Root != "" {
			p = pk.Root + "/" + p
		}
		bytes := int64(weights[i] / sum * float64(total))
		gz := bytes / 3
		if kind == "asset" {
			gz = bytes * 97 / 100
		}
		pk.Files = append(pk.Files, File{Path: p, Bytes: bytes, GzipBytes: gz, Kind: kind})
		pk.Bytes += bytes
		pk.GzipBytes += gz
	}
	for i := range r.Packages {
		pk := &r.Packages[i]
		sort.Slice(pk.Files, func(a, b int) bool { return pk.Files[a].Path < pk.Files[b].Path })
		r.TotalBytes += pk.Bytes
		r.TotalGzipBytes += pk.GzipBytes
	}
	return r
}

// BenchmarkBrowserRender loads the page of a 20 MB project of 6000 files in
// headless Chromium and reports how long the first treemap took (tree,
// layout, DOM and style/layout) and a zoom into the main package. It
// measures, it does not assert: go test ./analyze -run '^$' -bench BrowserRender
// (a screenshot of the zoomed view goes to .cache/analyze-test/big-main.png).
func BenchmarkBrowserRender(b *testing.B) {
	br := startBrowser(b)
	rep := bigReport(6000, 20<<20)
	html := filepath.Join(b.TempDir(), "big.html")
	page := writeHTML(b, rep)
	if err := os.WriteFile(html, []byte(page), 0o644); err != nil {
		b.Fatal(err)
	}
	p := br.newPage(b, 1280, 900)
	var first, ready, zoom float64
	var drawn int
	for b.Loop() {
		p.open(html)
		var m struct{ FirstRenderMs, ReadyMs float64 }
		p.eval(`({FirstRenderMs: mpcAnalyze.firstRenderMs, ReadyMs: mpcAnalyze.readyMs})`, &m)
		p.eval(`+document.getElementById('treemap').dataset.drawn`, &drawn)
		var z float64
		p.eval(`new Promise(done => { addEventListener('hashchange', () => done(mpcAnalyze.renderMs), {once: true}); mpcAnalyze.zoom('main'); })`, &z)
		first += m.FirstRenderMs
		ready += m.ReadyMs
		zoom += z
	}
	if os.MkdirAll(browserOut, 0o755) == nil {
		p.screenshot(filepath.Join(browserOut, "big-main.png"))
	}
	n := float64(b.N)
	b.ReportMetric(first/n, "first-render-ms")
	b.ReportMetric(ready/n, "page-ready-ms")
	b.ReportMetric(zoom/n, "zoom-render-ms")
	b.ReportMetric(float64(drawn), "rects")
	b.ReportMetric(float64(len(page))/(1<<10), "page-KB")
}

func BenchmarkWriteHTML(b *testing.B) {
	rep := bigReport(6000, 20<<20)
	for b.Loop() {
		if err := WriteHTML(discard{}, rep); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompare(b *testing.B) {
	old, new := bigReport(6000, 20<<20), bigReport(6000, 21<<20)
	budget, _ := ParseBudget("*=2%")
	for b.Loop() {
		c := Compare(old, new, budget)
		_ = c.Markdown()
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
