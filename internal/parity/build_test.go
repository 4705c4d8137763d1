package parity

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
			t.Logf("%s: %d files, %d bytes in %s\n%s", app.Spec, res.Report.Total.FileCount, res.Report.Total.Bytes, time.Since(start), res.Report.Table())
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

// TestBenchBuild times a full build of the largest corpus app (make bench).
func TestBenchBuild(t *testing.T) {
	if !*BenchCompare {
		t.Skip("run by make bench (-bench-compare)")
	}
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
	cache := bundler.NewMemCache()
	for i, label := range []string{"cold", "warm cache"} {
		out := filepath.Join(t.TempDir(), fmt.Sprint("dist", i))
		start := time.Now()
		res, err := bundler.Build(bundler.Options{Dir: best.Dir, Out: out, Minify: true, Limits: subpackage.DefaultLimits, Cache: cache})
		if err != nil || res.Failed() {
			t.Fatal(err)
		}
		fmt.Printf("bench build %s (%s, %d output files, %d bytes): %s\n", best.Spec, label, res.Report.Total.FileCount, res.Report.Total.Bytes, time.Since(start).Round(time.Millisecond))
	}
}
