package bundler

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mpc-dev/mpc/subpackage"
)

// watchRig runs Watch in-process on a temporary copy of testdata/app.
type watchRig struct {
	t        *testing.T
	dir, out string // project folder; output folder (inside it: dist)
	opts     Options

	mu     sync.Mutex
	log    bytes.Buffer
	builds int
	last   *Result
}

func (r *watchRig) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.log.Write(p)
}

func startWatch(t *testing.T, limits subpackage.Limits) *watchRig {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "app")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "testdata", "app"))); err != nil {
		t.Fatal(err)
	}
	r := &watchRig{t: t, dir: dir, out: filepath.Join(dir, "dist")}
	r.opts = Options{Dir: dir, Out: r.out, Limits: limits}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Watch(ctx, WatchOptions{Options: r.opts, Log: r, Built: func(res *Result) {
			r.mu.Lock()
			r.builds++
			r.last = res
			r.mu.Unlock()
		}})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	r.waitFor("the initial build", func() bool { return r.count() > 0 })
	return r
}

func (r *watchRig) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.builds
}

func (r *watchRig) logText() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.log.String()
}

// waitFor polls cond until it holds (a few seconds at most), then until no
// build has run for a moment, so that the output folder is settled.
func (r *watchRig) waitFor(what string, cond func() bool) {
	r.t.Helper()
	deadline := time.Now().Add(8 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			r.t.Fatalf("timed out waiting for %s; log:\n%s", what, r.logText())
		}
		time.Sleep(10 * time.Millisecond)
	}
	for n := r.count(); ; {
		time.Sleep(150 * time.Millisecond)
		if m := r.count(); m == n {
			return
		} else {
			n = m
		}
	}
}

func (r *watchRig) src(p string) string {
	return filepath.Join(r.dir, "miniprogram", filepath.FromSlash(p))
}

func (r *watchRig) write(p, data string) {
	r.t.Helper()
	f := r.src(p)
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r *watchRig) edit(p string, fn func(string) string) {
	r.t.Helper()
	data, err := os.ReadFile(r.src(p))
	if err != nil {
		r.t.Fatal(err)
	}
	r.write(p, fn(string(data)))
}

func (r *watchRig) output(p string) (string, bool) {
	data, err := os.ReadFile(filepath.Join(r.out, filepath.FromSlash(p)))
	return string(data), err == nil
}

func (r *watchRig) outputHas(p, sub string) func() bool {
	return func() bool {
		s, ok := r.output(p)
		return ok && strings.Contains(s, sub)
	}
}

func (r *watchRig) outputGone(p string) func() bool {
	return func() bool { _, ok := r.output(p); return !ok }
}

// expectFresh checks that the output folder holds exactly what a build
// from scratch writes: the incremental rebuilds lost nothing and kept
// nothing stale.
func (r *watchRig) expectFresh(step string) {
	r.t.Helper()
	o := r.opts
	o.Out = ""
	o.Exclude = []string{"dist"}
	res, err := Build(o)
	if err != nil || res.Failed() {
		r.t.Fatalf("%s: fresh build failed: %v %s", step, err, msgLines(res.Log.Sorted()))
	}
	want := map[string]string{}
	for _, f := range res.Files {
		want[f.Path] = string(f.Data)
	}
	got := map[string]string{}
	filepath.WalkDir(r.out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != ManifestName {
			rel, _ := filepath.Rel(r.out, p)
			data, _ := os.ReadFile(p)
			got[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	var diffs []string
	for p, w := range want {
		if g, ok := got[p]; !ok {
			diffs = append(diffs, "missing "+p)
		} else if g != w {
			diffs = append(diffs, "differs "+p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diffs = append(diffs, "stale "+p)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		r.t.Errorf("%s: the output differs from a fresh build: %s\nlog:\n%s", step, strings.Join(diffs, ", "), r.logText())
	}
}

func TestWatch(t *testing.T) {
	r := startWatch(t, subpackage.DefaultLimits)
	r.expectFresh("initial build")
	if log := r.logText(); !strings.Contains(log, "built in ") || !strings.Contains(log, "69 files written; main 6.0 KB, pkgA 3.1 KB") {
		t.Errorf("initial line:\n%s", log)
	}

	// Edits of each kind.
	steps := []struct {
		name   string
		action func()
		done   func() bool
	}{
		{"WXML edit", func() { r.write("pages/about/about.wxml", `<view class="about">v2 <include src="footer"/></view>`) },
			r.outputHas("pages/about/about.wxml", "v2")},
		{"imported WXSS edit", func() { r.edit("styles/common.wxss", func(s string) string { return s + ".new{color:red}" }) },
			r.outputHas("styles/common.wxss", ".new{color:red}")},
		{"WXS edit", func() {
			r.edit("wxs/util.wxs", func(s string) string { return strings.Replace(s, "module.exports", "var v2 = 1\nmodule.exports", 1) })
		}, r.outputHas("wxs/util.wxs", "v2")},
		{"shared JS module edit", func() { r.write("utils/track.js", "export function track(e) { console.log('[v2]', e) }\n") },
			r.outputHas("utils/track.js", "[v2]")},
		{"TypeScript edit", func() {
			r.edit("utils/format.ts", func(s string) string { return strings.Replace(s, "'CNY'", "'USD'", 1) })
		},
			r.outputHas("utils/format.js", "USD")},
		{"page JSON edit", func() {
			r.edit("pages/index/index.json", func(s string) string {
				return strings.Replace(s, `"usingComponents"`, `"navigationStyle": "custom", "usingComponents"`, 1)
			})
		}, r.outputHas("pages/index/index.json", "navigationStyle")},
		{"component JSON edit", func() { r.write("components/price/price.json", `{"component": true, "styleIsolation": "shared"}`) },
			r.outputHas("components/price/price.json", "styleIsolation")},
		{"asset edit", func() { r.write("images/logo.png", "PNG v2") }, r.outputHas("images/logo.png", "PNG v2")},
		{"project.config.json edit", func() {
			data, _ := os.ReadFile(filepath.Join(r.dir, "project.config.json"))
			os.WriteFile(filepath.Join(r.dir, "project.config.json"), bytes.Replace(data, []byte("mpc-test-app"), []byte("renamed-app"), 1), 0o644)
		}, r.outputHas("project.config.json", "renamed-app")},
		{"new page in a new folder, then app.json", func() {
			r.write("pages/news/news.wxml", `<view>news</view><image src="/images/banner-big.png"/>`)
			r.write("pages/news/news.js", "import { track } from '../../utils/track'\nPage({ onShow() { track('news') } })\n")
			r.edit("app.json", func(s string) string {
				return strings.Replace(s, `"pages/about/about"`, `"pages/about/about", "pages/news/news"`, 1)
			})
		}, r.outputHas("pages/news/news.wxml", "news")},
		{"app.json: a new subpackage re-plans placement", func() {
			r.write("pkgC/pages/c/c.wxml", `<view>c</view>`)
			r.write("pkgC/pages/c/c.js", "require('../../../utils/shared-ab.js')\nPage({})\n")
			r.edit("app.json", func(s string) string {
				return strings.Replace(s, `"subPackages": [`, `"subPackages": [{"root": "pkgC", "pages": ["pages/c/c"]}, `, 1)
			})
		}, r.outputHas("pkgC/_shared/utils/shared-ab.js", "")},
		{"rename a component folder and its users", func() {
			os.Rename(r.src("components/price"), r.src("components/cost"))
			for _, p := range []string{"components/cost/price.json", "components/cost/price.js", "components/cost/price.wxml", "components/cost/price.wxss"} {
				os.Rename(r.src(p), r.src(strings.Replace(p, "/price.", "/cost.", 1)))
			}
			for _, p := range []string{"pages/index/index.json", "indie/pages/promo/promo.json"} {
				r.edit(p, func(s string) string { return strings.ReplaceAll(s, "price/price", "cost/cost") })
			}
		}, func() bool {
			_, ok := r.output("components/cost/cost.wxml")
			return ok && r.outputGone("components/price/price.wxml")()
		}},
		{"rename a WXS module and a JS module, and their users", func() {
			os.Rename(r.src("wxs/util.wxs"), r.src("wxs/util2.wxs"))
			r.edit("wxs/fmt.wxs", func(s string) string { return strings.Replace(s, "./util.wxs", "./util2.wxs", 1) })
			os.Rename(r.src("utils/only-a.js"), r.src("utils/only-a2.js"))
			r.edit("pkgA/pages/list/list.js", func(s string) string { return strings.Replace(s, "utils/only-a'", "utils/only-a2'", 1) })
		}, func() bool {
			return r.outputHas("wxs/util2.wxs", "")() && r.outputGone("wxs/util.wxs")() && r.outputHas("pkgA/pages/list/list.js", "")() &&
				r.outputGone("pkgA/_shared/utils/only-a.js")()
		}},
		{"delete a page and its folder", func() {
			r.edit("app.json", func(s string) string { return strings.Replace(s, `, "pages/news/news"`, "", 1) })
			os.RemoveAll(r.src("pages/news"))
		}, r.outputGone("pages/news/news.wxml")},
		{"add and delete an asset", func() {
			r.write("images/new.png", "NEW")
			r.edit("pages/about/about.wxml", func(s string) string { return s + `<image src="/images/new.png"/>` })
		}, r.outputHas("images/new.png", "NEW")},
		{"save by rename (editor's atomic save)", func() {
			tmp := r.src("pages/index/.index.wxml.swp")
			os.WriteFile(tmp, []byte(`<import src="/templates/item.wxml"/><view>saved by rename</view>`), 0o644)
			os.Rename(tmp, r.src("pages/index/index.wxml"))
		}, r.outputHas("pages/index/index.wxml", "saved by rename")},
		{"the output folder deleted under the watcher", func() {
			os.RemoveAll(r.out)
			r.write("sitemap.json", `{"rules": [{"action": "allow", "page": "*"}], "v": 2}`)
		}, r.outputHas("app.json", "pages")},
		{"a burst of changes", func() {
			for i := 0; i < 30; i++ {
				r.write("templates/item.wxml", strings.Repeat("<view/>", i)+`<template name="item"><text>burst</text></template>`)
				r.edit("app.wxss", func(s string) string { return s + "\n.b{color:blue}" })
			}
		}, r.outputHas("templates/item.wxml", "burst")},
	}
	for _, s := range steps {
		s.action()
		r.waitFor(s.name, s.done)
		r.expectFresh(s.name)
	}
	if r.outputGone("images/new.png")() {
		t.Fatal("asset missing")
	}
	r.edit("pages/about/about.wxml", func(s string) string { return strings.Replace(s, `<image src="/images/new.png"/>`, "", 1) })
	os.Remove(r.src("images/new.png"))
	r.waitFor("unused asset removed", r.outputGone("images/new.png"))
	r.expectFresh("delete an asset")
}

func TestWatchBrokenFiles(t *testing.T) {
	r := startWatch(t, subpackage.DefaultLimits)
	errorsSeen := func(n int) func() bool {
		return func() bool { return strings.Count(r.logText(), "kept the previous output") >= n }
	}
	for i, c := range []struct {
		file, broken, out string
	}{
		{"pages/about/about.wxml", `<view>{{a +}}</view>`, "pages/about/about.wxml"},
		{"styles/common.wxss", `.row{color:red`, "styles/common.wxss"},
		{"utils/track.js", `export function track(e { }`, "utils/track.js"},
		{"pages/index/index.json", `{"usingComponents": {`, "pages/index/index.json"},
		{"app.json", `{"pages": [`, "app.json"},
	} {
		good, _ := os.ReadFile(r.src(c.file))
		before, _ := r.output(c.out)
		// Break the file, and change another one in the same batch: the
		// other one is written, the broken one keeps its last good output.
		r.write(c.file, c.broken)
		r.write("sitemap.json", `{"rules": [{"action": "allow", "page": "*", "n": `+string(rune('0'+i))+`}]}`)
		r.waitFor("a build with errors: "+c.file, errorsSeen(i+1))
		if now, _ := r.output(c.out); now != before {
			t.Errorf("%s: broken file's output changed:\n%s", c.file, now)
		}
		if s, _ := r.output("sitemap.json"); !strings.Contains(s, `"n": `+string(rune('0'+i))) && !strings.Contains(s, `"n":`+string(rune('0'+i))) {
			t.Errorf("%s: the other file changed in the batch was not written: %s", c.file, s)
		}
		if !strings.Contains(r.logText(), "error") {
			t.Errorf("%s: no diagnostics printed", c.file)
		}
		// Fix it: the session recovers.
		r.write(c.file, string(good)+"\n")
		r.waitFor("the fix of "+c.file, func() bool {
			r.mu.Lock()
			defer r.mu.Unlock()
			return r.last != nil && !r.last.Failed()
		})
		r.expectFresh("fixed " + c.file)
	}
	// A page listed before its files exist: the other files are written.
	r.edit("app.json", func(s string) string {
		return strings.Replace(s, `"pages/about/about"`, `"pages/about/about", "pages/later/later"`, 1)
	})
	r.waitFor("missing page reported", func() bool {
		return strings.Contains(r.logText(), `could not find the corresponding file: "miniprogram/pages/later/later.wxml"`)
	})
	r.write("pages/later/later.wxml", "<view>later</view>")
	r.write("pages/later/later.js", "Page({})")
	r.waitFor("the page's files", r.outputHas("pages/later/later.wxml", "later"))
	r.expectFresh("page added")
}

func TestWatchSizeLimit(t *testing.T) {
	r := startWatch(t, subpackage.Limits{Main: 2048 * subpackage.KB, Sub: 100 * subpackage.KB})
	if log := r.logText(); !strings.Contains(log, `warning: subpackage "pkgB" source size 152KB exceeds max limit 100KB`) {
		t.Errorf("no size warning:\n%s", log)
	}
	r.write("pkgB/pages/detail/detail.wxml", "<view>small</view>")
	r.waitFor("pkgB under its limit", r.outputHas("pkgB/pages/detail/detail.wxml", "small"))
	r.expectFresh("size")
}

func TestWatchIgnore(t *testing.T) {
	ig := watchIgnore("dist")
	for rel, want := range map[string]bool{
		"dist": true, "dist/app.js": true, "distx/a.js": false, "node_modules": true, "miniprogram/miniprogram_npm": false,
		".git": true, "a/.index.wxml.swp": true, "a/index.wxml~": true, "a/#index.wxml#": true, "a/4913": true,
		"a/index.wxml": false, "a/x.wxml___jb_tmp___": true, "a/x.tmp": true,
	} {
		isDir := rel == "dist" || rel == "node_modules" || rel == ".git" || strings.HasSuffix(rel, "_npm")
		if got := ig(rel, isDir); got != want {
			t.Errorf("ignore(%q) = %v, want %v", rel, got, want)
		}
	}
}

// countingCache counts the entries each build computes, by kind.
type countingCache struct {
	*MemCache
	mu   sync.Mutex
	puts map[string]int
}

func (c *countingCache) Put(key string, v any) {
	c.mu.Lock()
	kind, _, _ := strings.Cut(key, ":")
	c.puts[kind]++
	c.mu.Unlock()
	c.MemCache.Put(key, v)
}

func (c *countingCache) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.puts
	c.puts = map[string]int{}
	delete(p, "good") // the last good parse goes with each new parse
	delete(p, "gz")
	return p
}

// TestIncrementalWork checks what a rebuild redoes: nothing when nothing
// changed; for an edited shared JS module, its scan and the bundles that
// contain it (one per package it is copied into); for a WXML file, its
// parse and its printed file.
func TestIncrementalWork(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "app")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "testdata", "app"))); err != nil {
		t.Fatal(err)
	}
	fsys := NewSnapFS(dir)
	c := &countingCache{MemCache: NewMemCache(), puts: map[string]int{}}
	build := func(changed ...string) map[string]int {
		t.Helper()
		fsys.Invalidate(changed)
		res, err := Build(Options{Dir: dir, FS: fsys, Cache: c, Quick: true, KeepGoing: true})
		if err != nil || res.Failed() {
			t.Fatal(err, msgLines(res.Log.Sorted()))
		}
		return c.take()
	}
	expect := func(what string, got, want map[string]int) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: computed %v, want %v", what, got, want)
		}
	}
	build()
	expect("no change", build(), map[string]int{})
	mod := filepath.Join(dir, "miniprogram", "utils", "shared-ab.js")
	data, _ := os.ReadFile(mod)
	os.WriteFile(mod, append(data, "\nexport const v2 = 2\n"...), 0o644)
	expect("shared module", build("miniprogram/utils/shared-ab.js"), map[string]int{"js1": 1, "js2": 2})
	page := filepath.Join(dir, "miniprogram", "templates", "item.wxml")
	data, _ = os.ReadFile(page)
	os.WriteFile(page, append(data, "<view>v2</view>"...), 0o644)
	expect("template", build("miniprogram/templates/item.wxml"), map[string]int{"emit": 1, "scan": 1})
}
