package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
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
// sizes) and returns its "mpc-report/1" report.
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
	// The bundler writes "mpc-report/1"; analyze reads it with its own
	// types, through the same JSON a saved report has.
	data, err := json.Marshal(res.Report)
	if err != nil {
		return nil, err
	}
	return analyze.Parse(data)
}
