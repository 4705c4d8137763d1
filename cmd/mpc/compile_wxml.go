package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mpc-dev/mpc/compiler"
	"github.com/mpc-dev/mpc/diag"
)

func init() {
	var root string
	cmd := &cobra.Command{
		Use:   "wxml [--root DIR] FILE...",
		Short: "Compile WXML files (and what they import, include and require) to render-function JS",
		Long: `Prints the generated render modules of the files and of everything they
reference (imports, includes, wxs). The modules run on mpc's shared runtime
(format mpc-wxml/1, see docs/wxml.md); the runtime itself is not repeated.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			set, _, err := compileEntries(root, args)
			if err != nil {
				return err
			}
			if printMsgs(set.Msgs()) {
				return silentExit(exitSource)
			}
			fmt.Fprint(cmd.OutOrStdout(), set.JS())
			return nil
		},
	}
	cmd.Flags().StringVar(&root, "root", ".", "mini program root that absolute /paths resolve from")
	compileCmd.AddCommand(cmd)
}

// compileEntries loads FILE arguments (paths relative to the current folder)
// under root and returns their compiled set and keys.
func compileEntries(root string, files []string) (*compiler.Set, []string, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, nil, usageErr("%v", err)
	}
	if st, err := os.Stat(absRoot); err != nil || !st.IsDir() {
		return nil, nil, usageErr("--root %s: not a folder", root)
	}
	var keys []string
	for _, f := range files {
		key, err := keyUnder(absRoot, f)
		if err != nil {
			return nil, nil, err
		}
		keys = append(keys, key)
	}
	l := compiler.NewLoader(os.DirFS(absRoot))
	set := l.Closure(keys)
	return set, keys, nil
}

// keyUnder maps a file path (relative to the current folder, or absolute)
// to its key under root; it must exist and lie inside root.
func keyUnder(absRoot, file string) (string, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", usageErr("%v", err)
	}
	if _, err := os.Stat(abs); err != nil {
		// also accept paths relative to the root
		if alt := filepath.Join(absRoot, file); fileExists(alt) {
			abs = alt
		} else {
			return "", usageErr("%s: no such file", file)
		}
	}
	rel, err := filepath.Rel(absRoot, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", usageErr("%s is outside the root %s", file, absRoot)
	}
	return compiler.Key(filepath.ToSlash(rel)), nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// printMsgs prints diagnostics to stderr and reports whether any is an error.
func printMsgs(msgs []diag.Msg) bool {
	hasErr := false
	opts := diag.FormatOptions{Color: isTerminal(os.Stderr)}
	for _, m := range msgs {
		fmt.Fprint(os.Stderr, m.Format(opts))
		if m.Kind == diag.Error {
			hasErr = true
		}
	}
	return hasErr
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0 && os.Getenv("NO_COLOR") == ""
}
