// Command mpc compiles and bundles WeChat Mini Programs.
//
// Each subcommand lives in its own file and registers itself in init(), so
// the commands stay thin: flags in, options to the compiler packages, exit
// status out.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	// first among mpc's initialisers: starts reading compile's input files
	_ "github.com/mpc-dev/mpc/cmd/mpc/internal/early"
)

// Exit statuses, documented in the README.
const (
	exitOK          = 0
	exitSource      = 1 // the input has errors (WXML, WXSS, JSON, JS, project graph)
	exitUsage       = 2 // bad flags, bad config, missing files named on the command line
	exitSizeLimit   = 3 // the build is fine but a package is over its size limit
	exitGrowthLimit = 4 // analyze --compare: a --max-growth budget was exceeded
)

// exitError carries an exit status out of a command's RunE.
type exitError struct {
	code int
	msg  string // printed to stderr when non-empty
}

func (e *exitError) Error() string { return e.msg }

func usageErr(format string, a ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, a...)}
}

// silentExit ends the command with a status; the command already printed
// whatever the user needs to see.
func silentExit(code int) error { return &exitError{code: code} }

var rootCmd = &cobra.Command{
	Use:           "mpc",
	Short:         "Fast, open WXML/WXSS compiler and bundler for WeChat Mini Programs",
	SilenceUsage:  true,
	SilenceErrors: true,
}

// compileCmd groups `mpc compile wxml` and `mpc compile wxss`.
var compileCmd = &cobra.Command{
	Use:   "compile",
	Short: "Compile single WXML or WXSS files and print the result",
}

func init() {
	rootCmd.AddCommand(compileCmd)
}

func main() {
	// One-shot commands allocate a few MB and exit: collecting less often
	// is measurably faster (as esbuild's CLI does). mpc compile holds a few
	// MB per thousand files, so it does not collect at all below 1 GiB.
	// mpc watch runs for hours and keeps Go's default.
	switch {
	case len(os.Args) >= 2 && os.Args[1] == "compile":
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(1 << 30)
	case len(os.Args) < 2 || os.Args[1] != "watch":
		debug.SetGCPercent(400)
	}
	os.Exit(run(os.Args[1:]))
}

// run executes the CLI with args and returns the exit status; tests call it
// in-process.
func run(args []string) int {
	rootCmd.SetArgs(args)
	err := rootCmd.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(os.Stderr, "mpc: "+ee.msg)
		}
		return ee.code
	}
	// cobra's own errors: unknown command, bad flag, wrong argument count.
	fmt.Fprintln(os.Stderr, "mpc: "+err.Error())
	return exitUsage
}
