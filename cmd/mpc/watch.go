package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/mpc-dev/mpc/bundler"
)

var watchFlags buildFlagSet

var watchCmd = &cobra.Command{
	Use:   "watch [DIR]",
	Short: "Build, then rebuild on every change (incremental; for use next to the devtools)",
	Long: `Watch builds the project in DIR like mpc build (same flags, same
mpc.config.json), then watches it and rebuilds on every saved change:
WXML, WXSS, WXS, JS/TS, JSON and assets, files added, removed and renamed.
Only the changed files are parsed again, only the scripts that bundle a
changed module go through esbuild, and only output files whose bytes
changed are rewritten. A change that breaks a file prints the diagnostics
and keeps that file's last good output; size limits are warnings. Ctrl-C
exits with status 0. See docs/watch.md.`,
	Args: cobra.MaximumNArgs(1),
	RunE: runWatch,
}

func init() {
	addBuildFlags(watchCmd, &watchFlags)
	rootCmd.AddCommand(watchCmd)
}

func runWatch(cmd *cobra.Command, args []string) error {
	opts, err := buildOptions(cmd, args, &watchFlags)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return watch(ctx, bundler.WatchOptions{Options: opts, Log: os.Stderr, Color: isTerminal(os.Stderr), ReportJSON: watchFlags.reportJSON})
}

// watch runs the watch loop until ctx is done (tests call it in-process).
func watch(ctx context.Context, wo bundler.WatchOptions) error {
	err := bundler.Watch(ctx, wo)
	var ue *bundler.UsageError
	if errors.As(err, &ue) {
		return usageErr("%s", ue.Msg)
	}
	if err != nil {
		return &exitError{code: exitSource, msg: fmt.Sprintf("watch: %v", err)}
	}
	return nil
}
