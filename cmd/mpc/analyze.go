package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mpc-dev/mpc/analyze"
	"github.com/mpc-dev/mpc/bundler"
	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/subpackage"
)

var analyzeFlags struct {
	reportJSON, out, compare, maxGrowth, markdown, saveReport, config string
}

var analyzeCmd = &cobra.Command{
	Use:   "analyze [DIR]",
	Short: "Show where the bytes go (HTML treemap) or what a change adds (--compare)",
	Long: `Analyze builds the project in DIR (default ".") in memory, or reads a build
report (--report-json FILE, schema "mpc-report/1" of docs/report.md), and
writes a self-contained HTML page (-o, default mpc-analyze.html): a treemap
of every package, folder and file by bytes or gzip bytes, each package
against its limit, the cold-start figures, duplicated and unused files and a
search box. It opens in any browser from the file system.

--compare OLD.json prints what grew and shrank per package and the largest
file changes against an older report, as a table (or Markdown for a
pull-request comment with --markdown FILE, "-" for stdout), and exits 4 when
the --max-growth budget is exceeded. Budgets: "10KB" (whole project), "5%",
"main=10KB,packageA=2%", "*=4KB" (each package). See docs/analyze.md.`,
	Args: cobra.MaximumNArgs(1),
	RunE: runAnalyze,
}

func init() {
	f := analyzeCmd.Flags()
	f.StringVar(&analyzeFlags.reportJSON, "report-json", "", "read this build report instead of building DIR")
	f.StringVarP(&analyzeFlags.out, "out", "o", "", "write the HTML page here (default mpc-analyze.html; with --compare only when given)")
	f.StringVar(&analyzeFlags.compare, "compare", "", "compare with this older report and print the changes")
	f.StringVar(&analyzeFlags.maxGrowth, "max-growth", "", "growth budget for --compare: 10KB, 5%, main=10KB,packageA=2%, *=4KB")
	f.StringVar(&analyzeFlags.markdown, "markdown", "", `with --compare: write the Markdown comment to FILE ("-": print it instead of the table)`)
	f.StringVar(&analyzeFlags.config, "config", "", "config file for the build (default DIR/mpc.config.json when present)")
	f.StringVar(&analyzeFlags.saveReport, "save-report", "", `write the current report as "mpc-report/1" JSON to FILE (for a later --compare)`)
	rootCmd.AddCommand(analyzeCmd)
}

func runAnalyze(cmd *cobra.Command, args []string) error {
	fl := analyzeFlags
	if fl.compare == "" {
		if fl.maxGrowth != "" {
			return usageErr("--max-growth needs --compare OLD.json")
		}
		if fl.markdown != "" {
			return usageErr("--markdown needs --compare OLD.json")
		}
	}
	if fl.reportJSON != "" && len(args) > 0 {
		return usageErr("give either DIR or --report-json FILE, not both")
	}
	budget, err := analyze.ParseBudget(fl.maxGrowth)
	if err != nil {
		return usageErr("--max-growth: %v", err)
	}
	var old *analyze.Report
	if fl.compare != "" {
		if old, err = analyze.ReadFile(fl.compare); err != nil {
			return usageErr("--compare: %v", err)
		}
	}

	var rep *analyze.Report
	if fl.reportJSON != "" {
		if rep, err = analyze.ReadFile(fl.reportJSON); err != nil {
			return usageErr("--report-json: %v", err)
		}
	} else {
		dir := "."
		if len(args) == 1 {
			dir = args[0]
		}
		if rep, err = buildReport(dir, fl.config); err != nil {
			return err
		}
	}

	if fl.saveReport != "" {
		data, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(fl.saveReport, append(data, '\n'), 0o644); err != nil {
			return usageErr("--save-report: %v", err)
		}
	}
	out := fl.out
	if out == "" && fl.compare == "" {
		out = "mpc-analyze.html"
	}
	if out != "" {
		if err := writePage(out, rep); err != nil {
			return usageErr("-o: %v", err)
		}
		files := 0
		for _, p := range rep.Packages {
			files += len(p.Files)
		}
		fmt.Fprintf(os.Stderr, "mpc: wrote %s (%d packages, %d files, %s)\n", out, len(rep.Packages), files, analyze.FormatSize(rep.TotalBytes))
	}
	if old == nil {
		return nil
	}

	c := analyze.Compare(old, rep, budget)
	if len(c.UnknownBudgets) > 0 {
		return usageErr("--max-growth: no package named %s in either report", strings.Join(c.UnknownBudgets, ", "))
	}
	stdout := cmd.OutOrStdout()
	switch fl.markdown {
	case "-":
		io.WriteString(stdout, c.Markdown())
	case "":
		io.WriteString(stdout, c.Table())
	default:
		io.WriteString(stdout, c.Table())
		if err := os.WriteFile(fl.markdown, []byte(c.Markdown()), 0o644); err != nil {
			return usageErr("--markdown: %v", err)
		}
	}
	if c.Exceeded() {
		return silentExit(exitGrowthLimit)
	}
	return nil
}

func writePage(name string, rep *analyze.Report) error {
	var buf bytes.Buffer
	if err := analyze.WriteHTML(&buf, rep); err != nil {
		return err
	}
	return os.WriteFile(name, buf.Bytes(), 0o644)
}

// buildReport builds dir in memory, nothing written, with the settings of
// its mpc.config.json (minify, shared, target, limits: what decides the
// sizes) and describes the result as an "mpc-report/1" report.
func buildReport(dir, config string) (*analyze.Report, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, usageErr("project folder %s not found", dir)
	}
	cfg, err := loadBuildConfig(dir, config)
	if err != nil {
		return nil, err
	}
	shared, ok := subpackage.ParseStrategy(cfg.Shared)
	if !ok {
		return nil, usageErr("config: \"shared\" must be copy or hoist")
	}
	kb := func(v *int64, def int64) int64 {
		if v != nil {
			return *v * subpackage.KB
		}
		return def
	}
	d := subpackage.DefaultLimits
	limits := subpackage.Limits{
		Main: kb(cfg.Limits.Main, d.Main), Sub: kb(cfg.Limits.Sub, d.Sub),
		Total: kb(cfg.Limits.Total, d.Total), Preload: kb(cfg.Limits.Preload, d.Preload),
	}
	res, err := bundler.Build(bundler.Options{
		Dir: dir, Shared: shared, Minify: cfg.Minify != nil && *cfg.Minify, Target: cfg.Target, Limits: limits,
	})
	var ue *bundler.UsageError
	if errors.As(err, &ue) {
		return nil, usageErr("%s", ue.Msg)
	}
	if res != nil {
		for _, m := range res.Log.Sorted() {
			fmt.Fprint(os.Stderr, m.Format(diag.FormatOptions{}))
		}
	}
	if err != nil {
		return nil, &exitError{code: exitSource, msg: err.Error()}
	}
	if res.Failed() {
		fmt.Fprintln(os.Stderr, "mpc: the build failed; nothing to analyze")
		return nil, silentExit(exitSource)
	}
	return reportOf(dir, res, limits), nil
}

// reportOf converts the bundler's result into the report contract of
// docs/report.md. The figures the bundler's own report lacks are derived
// here from the output files: per-file gzip sizes and kinds, the copies
// placement made (files below a subpackage's subpackage.SharedDir) and the
// sizes of unused files.
func reportOf(dir string, res *bundler.Result, lim subpackage.Limits) *analyze.Report {
	br := res.Report
	cfg := readProjectConfig(dir)
	r := &analyze.Report{
		Schema:  analyze.Schema,
		Project: cfg.ProjectName,
		Limits:  analyze.Limits{Main: lim.Main, Sub: lim.Sub, Total: lim.Total, Preload: lim.Preload},
	}
	if r.Project == "" {
		if abs, err := filepath.Abs(dir); err == nil {
			r.Project = filepath.Base(abs)
		}
	}

	var gz gzipSizer
	byPkg := make([][]bundler.OutputFile, len(br.Packages))
	for _, f := range res.Files {
		if f.Pkg >= 0 && f.Pkg < len(byPkg) && subpackage.CountsTowardSize(f.Path) {
			byPkg[f.Pkg] = append(byPkg[f.Pkg], f)
		}
	}
	for i, bp := range br.Packages {
		p := analyze.Package{
			Name: bp.Name, Root: strings.TrimSuffix(bp.Root, "/"), Independent: bp.Independent,
			Bytes: bp.Bytes, GzipBytes: bp.GzipBytes, Limit: bp.Limit, Files: []analyze.File{},
		}
		for _, f := range byPkg[i] {
			p.Files = append(p.Files, analyze.File{Path: f.Path, Bytes: int64(len(f.Data)), GzipBytes: gz.size(f.Data), Kind: kindOf(f.Path)})
		}
		sort.Slice(p.Files, func(a, b int) bool { return p.Files[a].Path < p.Files[b].Path })
		r.Packages = append(r.Packages, p)
		r.TotalBytes += p.Bytes
		r.TotalGzipBytes += p.GzipBytes
		if p.Limit > 0 && p.Bytes > p.Limit {
			r.Violations = append(r.Violations, analyze.Violation{Package: p.Name, Bytes: p.Bytes, Limit: p.Limit,
				Message: fmt.Sprintf("%s package size %dKB exceeds its limit %dKB", p.Name, subpackage.KBOf(p.Bytes), subpackage.KBOf(p.Limit))})
		}
	}
	if lim.Total > 0 && r.TotalBytes > lim.Total {
		r.Violations = append(r.Violations, analyze.Violation{Package: "total", Bytes: r.TotalBytes, Limit: lim.Total,
			Message: fmt.Sprintf("all packages together %dKB exceed the limit %dKB", subpackage.KBOf(r.TotalBytes), subpackage.KBOf(lim.Total))})
	}

	cs := br.ColdStart
	r.ColdStart = analyze.ColdStart{
		EntryPage: cs.EntryPage, MainBytes: cs.MainBytes,
		JSBytes: cs.InjectedJS.Bytes, JSFiles: cs.InjectedJS.Files,
		LazyJSBytes: cs.InjectedJSLazy.Bytes, LazyJSFiles: cs.InjectedJSLazy.Files,
		LazyCodeLoading:                cs.LazyCodeLoading,
		GlobalComponents:               []string{},
		MainUsedOnlyBySubpackagesBytes: cs.MainUsedOnlyBySubs.Bytes,
		DuplicatedBytes:                cs.DuplicatedBytes,
	}
	for _, g := range cs.GlobalComponents {
		r.ColdStart.GlobalComponents = append(r.ColdStart.GlobalComponents, g.Path)
	}

	r.Duplicated = duplicatesOf(r.Packages)
	for _, u := range br.Unused {
		var n int64
		if st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(cfg.MiniprogramRoot), filepath.FromSlash(u))); err == nil {
			n = st.Size()
		}
		r.Unused = append(r.Unused, analyze.Unused{Path: u, Bytes: n})
	}
	for _, p := range br.Preload {
		r.Preload = append(r.Preload, analyze.Preload{Page: p.Page, Packages: p.Packages, Bytes: p.Bytes, Limit: p.Limit})
		if p.Limit > 0 && p.Bytes > p.Limit {
			r.Violations = append(r.Violations, analyze.Violation{Package: strings.Join(p.Packages, ","), Bytes: p.Bytes, Limit: p.Limit,
				Message: fmt.Sprintf("preloadRule of %s downloads %dKB, over the limit %dKB", p.Page, subpackage.KBOf(p.Bytes), subpackage.KBOf(p.Limit))})
		}
	}
	return r
}

// duplicatesOf finds the files placement copied into several packages: a
// subpackage's copy of main-package file F is ROOT/_shared/F; main may
// keep F itself.
func duplicatesOf(pkgs []analyze.Package) []analyze.Duplicate {
	copies := map[string][]analyze.File{}
	mainFiles := map[string]analyze.File{}
	for _, p := range pkgs {
		prefix := p.Root + "/" + subpackage.SharedDir
		for _, f := range p.Files {
			if p.Root == "" {
				mainFiles[f.Path] = f
			} else if src, ok := strings.CutPrefix(f.Path, prefix); ok {
				copies[src] = append(copies[src], f)
			}
		}
	}
	var out []analyze.Duplicate
	for src, fs := range copies {
		if mf, ok := mainFiles[src]; ok {
			fs = append(fs, mf)
		}
		if len(fs) < 2 {
			continue // moved, not copied
		}
		d := analyze.Duplicate{Source: src, Bytes: fs[0].Bytes}
		for _, f := range fs {
			d.Copies = append(d.Copies, f.Path)
		}
		sort.Strings(d.Copies)
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Source < out[j].Source })
	return out
}

// projectConfig is the part of project.config.json the report needs.
type projectConfig struct {
	ProjectName     string `json:"projectname"`
	MiniprogramRoot string `json:"miniprogramRoot"`
}

func readProjectConfig(dir string) projectConfig {
	var c projectConfig
	if data, err := os.ReadFile(filepath.Join(dir, "project.config.json")); err == nil {
		json.Unmarshal(data, &c) // a broken file was already reported by the build
	}
	return c
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

func kindOf(p string) string {
	switch ext := path.Ext(p); ext {
	case ".js", ".wxml", ".wxss", ".wxs", ".json":
		return ext[1:]
	}
	return "asset"
}
