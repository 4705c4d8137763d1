package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/mpc-dev/mpc/bundler"
	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/subpackage"
)

// buildConfig is mpc.config.json (or --config FILE): defaults for the build
// flags. Flags given on the command line win.
type buildConfig struct {
	Out       string `json:"out"`
	Shared    string `json:"shared"`
	Minify    *bool  `json:"minify"`
	Sourcemap *bool  `json:"sourcemap"`
	Target    string `json:"target"`
	Limits    struct {
		Main    *int64 `json:"main"`
		Sub     *int64 `json:"sub"`
		Total   *int64 `json:"total"`
		Preload *int64 `json:"preload"`
	} `json:"limits"` // KB
}

// buildFlagSet are the flags mpc build and mpc watch share.
type buildFlagSet struct {
	out, shared, target, reportJSON, config string
	minify, sourcemap                       bool
	maxMain, maxSub, maxTotal, maxPreload   int64
}

var buildFlags buildFlagSet

var buildCmd = &cobra.Command{
	Use:   "build [DIR]",
	Short: "Build an upload-ready mini program tree with per-package size gates",
	Long: `Build reads the mini program project in DIR (default "."), follows the
pages, components, templates, styles, scripts and assets they use, places
every file in the main package or a subpackage, bundles JS with esbuild,
minifies WXML and WXSS, and writes a tree the WeChat devtools can open to OUT
(default DIR/dist). It prints a size table and fails (exit 3) when a package
is over its limit. See docs/build.md.`,
	Args: cobra.MaximumNArgs(1),
	RunE: runBuild,
}

func init() {
	addBuildFlags(buildCmd, &buildFlags)
	rootCmd.AddCommand(buildCmd)
}

func addBuildFlags(c *cobra.Command, bf *buildFlagSet) {
	f := c.Flags()
	f.StringVarP(&bf.out, "out", "o", "", "output folder (default DIR/dist)")
	f.StringVar(&bf.shared, "shared", "copy", "files several subpackages share: copy (into each) or hoist (into the main package)")
	f.BoolVar(&bf.minify, "minify", false, "minify JS")
	f.BoolVar(&bf.sourcemap, "sourcemap", false, "write .js.map source maps")
	f.StringVar(&bf.target, "target", "es2015", "JS target: es2015 ... es2024, esnext")
	f.StringVar(&bf.reportJSON, "report-json", "", "write the size report as JSON to FILE")
	f.StringVar(&bf.config, "config", "", "config file (default DIR/mpc.config.json when present)")
	f.Int64Var(&bf.maxMain, "max-main", 2048, "main package limit in KB (0 = none)")
	f.Int64Var(&bf.maxSub, "max-sub", 2048, "limit of each subpackage in KB (0 = none)")
	f.Int64Var(&bf.maxTotal, "max-total", 30*1024, "limit of all packages together in KB (0 = none)")
	f.Int64Var(&bf.maxPreload, "max-preload", 2048, "limit of the packages one preloadRule entry downloads, in KB (0 = none)")
}

// buildOptions turns DIR and the flags, over DIR/mpc.config.json (or
// --config), into build options.
func buildOptions(cmd *cobra.Command, args []string, bf *buildFlagSet) (bundler.Options, error) {
	dir := "."
	if len(args) == 1 {
		dir = args[0]
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return bundler.Options{}, usageErr("project folder %s not found", dir)
	}
	cfg, err := loadBuildConfig(dir, bf.config)
	if err != nil {
		return bundler.Options{}, err
	}
	fl := cmd.Flags()
	pick := func(name, flagVal, cfgVal string) string {
		if !fl.Changed(name) && cfgVal != "" {
			return cfgVal
		}
		return flagVal
	}
	pickBool := func(name string, flagVal bool, cfgVal *bool) bool {
		if !fl.Changed(name) && cfgVal != nil {
			return *cfgVal
		}
		return flagVal
	}
	pickKB := func(name string, flagVal int64, cfgVal *int64) int64 {
		if !fl.Changed(name) && cfgVal != nil {
			flagVal = *cfgVal
		}
		return flagVal * subpackage.KB
	}
	out := bf.out
	if out == "" {
		out = filepath.Join(dir, "dist")
		if cfg.Out != "" {
			out = filepath.Join(dir, filepath.FromSlash(cfg.Out))
		}
	}
	shared, ok := subpackage.ParseStrategy(pick("shared", bf.shared, cfg.Shared))
	if !ok {
		return bundler.Options{}, usageErr("--shared must be copy or hoist")
	}
	return bundler.Options{
		Dir:       dir,
		Out:       out,
		Shared:    shared,
		Minify:    pickBool("minify", bf.minify, cfg.Minify),
		Sourcemap: pickBool("sourcemap", bf.sourcemap, cfg.Sourcemap),
		Target:    pick("target", bf.target, cfg.Target),
		Limits: subpackage.Limits{
			Main:    pickKB("max-main", bf.maxMain, cfg.Limits.Main),
			Sub:     pickKB("max-sub", bf.maxSub, cfg.Limits.Sub),
			Total:   pickKB("max-total", bf.maxTotal, cfg.Limits.Total),
			Preload: pickKB("max-preload", bf.maxPreload, cfg.Limits.Preload),
		},
	}, nil
}

func runBuild(cmd *cobra.Command, args []string) error {
	opts, err := buildOptions(cmd, args, &buildFlags)
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := bundler.Build(opts)
	var ue *bundler.UsageError
	if errors.As(err, &ue) {
		return usageErr("%s", ue.Msg)
	}
	if res != nil {
		for _, m := range res.Log.Sorted() {
			fmt.Fprint(os.Stderr, m.Format(diag.FormatOptions{}))
		}
	}
	if err != nil {
		return &exitError{code: exitSource, msg: err.Error()}
	}
	if res.Failed() {
		fmt.Fprintln(os.Stderr, "mpc: build failed; the output folder was not touched")
		return silentExit(exitSource)
	}
	rep := res.Report
	fmt.Print(rep.Table())
	fmt.Printf("%d files written, %d unchanged, %d removed in %s; %d unused files left out\n",
		res.Written.Written, res.Written.Unchanged, res.Written.Removed, time.Since(start).Round(time.Millisecond), len(rep.Unused))
	if buildFlags.reportJSON != "" {
		data, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(buildFlags.reportJSON, append(data, '\n'), 0o644); err != nil {
			return usageErr("--report-json: %v", err)
		}
	}
	if len(res.SizeMsgs) > 0 {
		for _, m := range res.SizeMsgs {
			fmt.Fprint(os.Stderr, m.Format(diag.FormatOptions{}))
		}
		return silentExit(exitSizeLimit)
	}
	return nil
}

// loadBuildConfig reads --config FILE, else DIR/mpc.config.json if present.
func loadBuildConfig(dir, file string) (buildConfig, error) {
	var cfg buildConfig
	if file == "" {
		file = filepath.Join(dir, "mpc.config.json")
		if _, err := os.Stat(file); err != nil {
			return cfg, nil
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return cfg, usageErr("config: %v", err)
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		return cfg, usageErr("config %s: %v", file, err)
	}
	return cfg, nil
}
