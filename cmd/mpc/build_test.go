package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mpc-dev/mpc/analyze"
)

// resetBuildFlags restores the flag defaults (cobra keeps values between
// in-process runs).
func resetFlags(c *cobra.Command) {
	c.Flags().VisitAll(func(f *pflag.Flag) {
		f.Value.Set(f.DefValue)
		f.Changed = false
	})
}

// TestBuildReportForAnalyze: `mpc build --report-json r.json` writes the
// report `mpc analyze --report-json r.json` reads.
func TestBuildReportForAnalyze(t *testing.T) {
	dir := t.TempDir()
	rep, html := filepath.Join(dir, "r.json"), filepath.Join(dir, "page.html")
	resetFlags(buildCmd)
	if code := run([]string{"build", "../../testdata/app", "-o", filepath.Join(dir, "dist"), "--report-json", rep}); code != exitOK {
		t.Fatalf("mpc build: exit %d", code)
	}
	r, err := analyze.ReadFile(rep)
	if err != nil {
		t.Fatal(err)
	}
	if r.Project != "mpc-test-app" || len(r.Packages) != 4 || r.TotalGzipBytes <= 0 {
		t.Errorf("report: project %q, %d packages, gzip %d", r.Project, len(r.Packages), r.TotalGzipBytes)
	}
	if code, _ := runAnalyzeCLI(t, "--report-json", rep, "-o", html); code != exitOK {
		t.Fatalf("mpc analyze: exit %d", code)
	}
	if _, err := os.Stat(html); err != nil {
		t.Error(err)
	}
}
