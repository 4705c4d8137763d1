package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpc-dev/mpc/analyze"
)

// runAnalyze runs `mpc analyze ARGS` in-process and returns the exit status
// and stdout. cobra keeps flag values between runs, so they are reset.
func runAnalyzeCLI(t *testing.T, args ...string) (int, string) {
	t.Helper()
	analyzeFlags = struct {
		reportJSON, out, compare, maxGrowth, markdown, saveReport, config string
	}{}
	var out bytes.Buffer
	rootCmd.SetOut(&out)
	defer rootCmd.SetOut(nil)
	code := run(append([]string{"analyze"}, args...))
	return code, out.String()
}

const analyzeData = "../../testdata/analyze"

func TestAnalyzeCLI(t *testing.T) {
	dir := t.TempDir()
	oldJSON, newJSON := filepath.Join(analyzeData, "old.json"), filepath.Join(analyzeData, "new.json")
	html := filepath.Join(dir, "page.html")

	if code, _ := runAnalyzeCLI(t, "--report-json", newJSON, "-o", html); code != exitOK {
		t.Fatalf("page: exit %d", code)
	}
	if page, err := os.ReadFile(html); err != nil || !strings.Contains(string(page), `id="mpc-report"`) {
		t.Errorf("page not written: %v", err)
	}

	md := filepath.Join(dir, "comment.md")
	code, out := runAnalyzeCLI(t, "--report-json", newJSON, "--compare", oldJSON, "--max-growth", "main=10KB,*=5%", "--markdown", md)
	if code != exitGrowthLimit {
		t.Errorf("over budget: exit %d, want %d", code, exitGrowthLimit)
	}
	want, _ := os.ReadFile(filepath.Join(analyzeData, "compare.txt"))
	if out != string(want) {
		t.Errorf("table differs from compare.txt:\n%s", out)
	}
	want, _ = os.ReadFile(filepath.Join(analyzeData, "compare.md"))
	if got, _ := os.ReadFile(md); string(got) != string(want) {
		t.Errorf("Markdown differs from compare.md:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "mpc-analyze.html")); err == nil {
		t.Error("--compare without -o wrote a page")
	}

	code, out = runAnalyzeCLI(t, "--report-json", newJSON, "--compare", oldJSON, "--max-growth", "40KB", "--markdown", "-")
	if code != exitOK || !strings.HasPrefix(out, "### mpc analyze") || !strings.Contains(out, "Within the growth budget") {
		t.Errorf("within budget, Markdown to stdout: exit %d\n%s", code, out)
	}

	for _, args := range [][]string{
		{"--max-growth", "1KB", "--report-json", newJSON},
		{"--markdown", "x.md", "--report-json", newJSON},
		{"--report-json", newJSON, "--compare", oldJSON, "--max-growth", "10GB"},
		{"--report-json", newJSON, "--compare", oldJSON, "--max-growth", "mian=1KB"},
		{"--report-json", filepath.Join(dir, "missing.json")},
		{"--report-json", newJSON, "some/dir"},
		{"--compare", html, "--report-json", newJSON},
		{filepath.Join(dir, "no-such-project")},
	} {
		if code, _ := runAnalyzeCLI(t, args...); code != exitUsage {
			t.Errorf("mpc analyze %s: exit %d, want %d", strings.Join(args, " "), code, exitUsage)
		}
	}
}

// TestAnalyzeBuild builds the synthetic test app in-process and checks the
// report it describes against the contract of docs/report.md.
func TestAnalyzeBuild(t *testing.T) {
	app := "../../testdata/app"
	if _, err := os.Stat(app); err != nil {
		t.Skip("no testdata/app")
	}
	dir := t.TempDir()
	saved, html := filepath.Join(dir, "report.json"), filepath.Join(dir, "page.html")
	if code, _ := runAnalyzeCLI(t, app, "-o", html, "--save-report", saved); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	rep, err := analyze.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Project == "" || len(rep.Packages) < 2 || rep.Packages[0].Name != "main" {
		t.Fatalf("report: %+v", rep)
	}
	var total int64
	for _, p := range rep.Packages {
		var sum int64
		for i, f := range p.Files {
			sum += f.Bytes
			if p.Root != "" && !strings.HasPrefix(f.Path, p.Root+"/") {
				t.Errorf("%s: %s outside the package root", p.Name, f.Path)
			}
			if i > 0 && p.Files[i-1].Path >= f.Path {
				t.Errorf("%s: files not sorted at %s", p.Name, f.Path)
			}
			if f.Kind == "" || f.GzipBytes <= 0 {
				t.Errorf("%s: kind %q, gzip %d", f.Path, f.Kind, f.GzipBytes)
			}
		}
		if sum != p.Bytes {
			t.Errorf("%s: files sum to %d, package says %d", p.Name, sum, p.Bytes)
		}
		total += p.Bytes
	}
	if total != rep.TotalBytes {
		t.Errorf("packages sum to %d, total says %d", total, rep.TotalBytes)
	}
	for _, d := range rep.Duplicated {
		if len(d.Copies) < 2 {
			t.Errorf("duplicated %s has %d copies", d.Source, len(d.Copies))
		}
	}
	// A report compared with itself changes nothing and fits any budget.
	code, out := runAnalyzeCLI(t, "--report-json", saved, "--compare", saved, "--max-growth", "0")
	if code != exitOK || !strings.Contains(out, "files: 0 added, 0 removed, 0 changed") {
		t.Errorf("self-compare: exit %d\n%s", code, out)
	}
}
