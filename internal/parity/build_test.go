package parity

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mpc-dev/mpc/bundler"
	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/subpackage"
	"github.com/mpc-dev/mpc/wxml"
	"github.com/mpc-dev/mpc/wxss"
)

// buildApps are the corpus roots that are whole apps (with app.json).
var buildApps = []string{"wux-weapp@", "weui-wxss@"}

func corpusApps(t *testing.T) []CorpusRoot {
	var out []CorpusRoot
	for _, r := range CorpusRoots(t) {
		for _, a := range buildApps {
			if strings.HasPrefix(r.Spec, a) {
				out = append(out, r)
			}
		}
	}
	if len(out) != len(buildApps) {
		t.Fatalf("corpus apps missing: found %d of %v", len(out), buildApps)
	}
	return out
}

// TestParityBuild builds the corpus apps: no source errors, every WXML and
// WXSS of the output parses again without errors (and printing the WXML
// again gives the same bytes), and the output renders the same as the
// source through `mpc render --batch`, virtual nodes (wx:for items, wx:if
// holders) kept (sample mode: the first 40 WXML files of each app).
func TestParityBuild(t *testing.T) {
	mode := Mode(t)
	bin := MPC(t)
	for _, app := range corpusApps(t) {
		t.Run(app.Spec, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "dist")
			start := time.Now()
			res, err := bundler.Build(bundler.Options{Dir: app.Dir, Out: out, Minify: true, Limits: subpackage.DefaultLimits})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range res.Log.Sorted() {
				if m.Kind == diag.Error {
					t.Errorf("%s", m.String())
				}
			}
			if res.Failed() {
				return
			}
			t.Logf("%s: %d files, %d bytes in %s\n%s", app.Spec, len(res.Files), res.Report.TotalBytes, time.Since(start), res.Report.Table())
			tally := Tally{Name: "build-reparse " + app.Spec}
			for _, f := range res.Files {
				var log diag.Log
				src := &diag.Source{Path: f.Path, Contents: string(f.Data)}
				switch filepath.Ext(f.Path) {
				case ".wxml":
					// The printer's output is a fixed point: printing it
					// again changes nothing.
					if again := wxml.Print(wxml.Parse(&log, src)); !bytes.Equal(again, f.Data) && !log.HasErrors() {
						tally.Add(fmt.Sprintf("%s: printing the output again differs: %.200q", f.Path, again))
						continue
					}
				case ".wxss":
					wxss.Parse(&log, src, wxss.ParseOptions{})
				default:
					continue
				}
				diff := ""
				for _, m := range log.Sorted() {
					if m.Kind == diag.Error {
						diff = m.String()
						break
					}
				}
				tally.Add(diff)
			}
			tally.Report(t, 10)

			// Render the pages of the source and of the output.
			var cases []any
			render := Tally{Name: "build-render " + app.Spec}
			var pages []string
			for _, f := range res.Files {
				if strings.HasSuffix(f.Path, ".wxml") {
					pages = append(pages, f.Path)
				}
			}
			if mode == "sample" && len(pages) > 40 {
				pages = pages[:40]
			}
			for _, root := range []string{app.Dir, out} {
				for _, p := range pages {
					cases = append(cases, map[string]any{"id": root + "|" + p, "root": root, "file": p, "data": map[string]any{}, "virtual": true})
				}
			}
			results, stderr, err := RunBatch(bin, []string{"render", "--batch", "-"}, RepoRoot(), cases)
			if err != nil {
				t.Fatalf("mpc render --batch: %v\n%s", err, stderr)
			}
			n, ok := len(pages), 0
			for i := 0; i < n; i++ {
				a, b := results[i], results[n+i]
				if a.OK {
					ok++
				}
				diff := ""
				if a.OK != b.OK || !bytes.Equal(a.Vdom, b.Vdom) || a.Error != b.Error {
					diff = fmt.Sprintf("%s: source ok=%v %.200s | output ok=%v %.200s", pages[i], a.OK, a.Vdom, b.OK, b.Vdom)
				}
				render.Add(diff)
			}
			render.Report(t, 10)
			t.Logf("%d of %d source files render without error", ok, n)
			if render.Equal != render.Total || tally.Equal != tally.Total {
				t.Errorf("%d/%d reparse, %d/%d render equal", tally.Equal, tally.Total, render.Equal, render.Total)
			}
		})
	}
}

// largestApp is the corpus app with the most files (wux-weapp example).
func largestApp(t *testing.T) CorpusRoot {
	var best CorpusRoot
	var bestSize int64
	for _, app := range corpusApps(t) {
		var size int64
		filepath.Walk(app.Dir, func(_ string, fi os.FileInfo, err error) error {
			if err == nil && !fi.IsDir() {
				size++ // files: the work a build does follows the file count
			}
			return nil
		})
		if size > bestSize {
			best, bestSize = app, size
		}
	}
	return best
}

// TestBenchBuild times a full build of the largest corpus app (make bench).
func TestBenchBuild(t *testing.T) {
	if !*BenchCompare {
		t.Skip("run by make bench (-bench-compare)")
	}
	best := largestApp(t)
	cache := bundler.NewMemCache()
	for i, label := range []string{"cold", "warm cache"} {
		out := filepath.Join(t.TempDir(), fmt.Sprint("dist", i))
		start := time.Now()
		res, err := bundler.Build(bundler.Options{Dir: best.Dir, Out: out, Minify: true, Limits: subpackage.DefaultLimits, Cache: cache})
		if err != nil || res.Failed() {
			t.Fatal(err)
		}
		fmt.Printf("bench build %s (%s, %d output files, %d bytes): %s\n", best.Spec, label, len(res.Files), res.Report.TotalBytes, time.Since(start).Round(time.Millisecond))
	}
}

// TestBenchWatch measures mpc watch on a copy of the largest corpus app:
// the latency from saving an edit of one page's WXML, one page's WXSS and
// one shared JS module (the one most components import) to the changed
// bytes on disk in the output folder, median of 20 edits each (make bench).
func TestBenchWatch(t *testing.T) {
	if !*BenchCompare {
		t.Skip("run by make bench (-bench-compare)")
	}
	best := largestApp(t)
	dir := filepath.Join(t.TempDir(), "app")
	if err := os.CopyFS(dir, os.DirFS(best.Dir)); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out") // the app has a dist/ of its own
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var first time.Duration
	var files int
	built := make(chan struct{}, 1)
	failed := make(chan error, 1)
	start := time.Now()
	go func() {
		failed <- bundler.Watch(ctx, bundler.WatchOptions{
			Options: bundler.Options{Dir: dir, Out: out, Minify: true, Limits: subpackage.DefaultLimits},
			Log:     io.Discard,
			Built: func(res *bundler.Result) {
				mu.Lock()
				if first == 0 {
					first, files = time.Since(start), len(res.Files)
					built <- struct{}{}
				}
				mu.Unlock()
			},
		})
	}()
	select {
	case <-built:
	case err := <-failed:
		t.Fatalf("mpc watch did not start: %v", err)
	}
	fmt.Printf("bench watch %s: initial build of %d files in %s\n", best.Spec, files, first.Round(time.Millisecond))
	for _, e := range []struct {
		label, file string
		edit        func(orig string, i int) (string, string) // new source, marker in the output
	}{
		{"WXML", "pages/index/index.wxml", func(s string, i int) (string, string) {
			m := fmt.Sprintf("bench %d", i)
			return s + "<view>" + m + "</view>", m
		}},
		{"WXSS", "pages/index/index.wxss", func(s string, i int) (string, string) {
			m := fmt.Sprintf(".mpc-bench{width:%dpx}", i+1)
			return s + "\n" + m + "\n", m
		}},
		{"shared JS module", "dist/helpers/baseComponent.js", func(s string, i int) (string, string) {
			m := fmt.Sprintf("mpc-bench-%d", i)
			return s + "\nexport const mpcBench = '" + m + "'\n", m
		}},
	} {
		src := filepath.Join(dir, filepath.FromSlash(e.file))
		dst := filepath.Join(out, filepath.FromSlash(e.file))
		orig, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		var lat []time.Duration
		for i := 0; i < 20; i++ {
			data, marker := e.edit(string(orig), i)
			t0 := time.Now()
			if err := os.WriteFile(src, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
			for {
				if got, _ := os.ReadFile(dst); bytes.Contains(got, []byte(marker)) {
					break
				}
				if time.Since(t0) > 5*time.Second {
					t.Fatalf("%s edit %d: %s never showed %q", e.label, i, dst, marker)
				}
				time.Sleep(200 * time.Microsecond)
			}
			lat = append(lat, time.Since(t0))
			time.Sleep(100 * time.Millisecond) // let the watcher settle between edits
		}
		sort.Slice(lat, func(a, b int) bool { return lat[a] < lat[b] })
		fmt.Printf("bench watch %s: edit of one %s (%s) to output on disk: median %s (min %s, max %s, 20 edits)\n",
			best.Spec, e.label, e.file, lat[len(lat)/2].Round(100*time.Microsecond), lat[0].Round(100*time.Microsecond), lat[len(lat)-1].Round(100*time.Microsecond))
	}
}
