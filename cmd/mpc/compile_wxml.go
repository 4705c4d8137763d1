package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mpc-dev/mpc/compiler"
	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/internal/dirfs"
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
			w := bufio.NewWriterSize(cmd.OutOrStdout(), 64<<10)
			set.WriteJS(w)
			return w.Flush()
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
	cwd, err := os.Getwd()
	if err != nil {
		return nil, nil, usageErr("%v", err)
	}
	// Fast path, no system call per file: take each path as relative to
	// the current folder. The loader reads the files anyway; only paths it
	// could not read go through keyUnder's checks below.
	keys := make([]string, len(files))
	for i, f := range files {
		if cwd == absRoot && filepath.IsLocal(f) {
			keys[i] = compiler.Key(filepath.ToSlash(f)) // the usual case: run from the root
			continue
		}
		abs := f
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(cwd, f)
		}
		if rel, err := filepath.Rel(absRoot, abs); err == nil && filepath.IsLocal(rel) {
			keys[i] = compiler.Key(filepath.ToSlash(rel))
		}
	}
	l := compiler.NewLoader(dirfs.New(absRoot))
	set := l.Closure(keys)
	loaded := make(map[string]bool, len(set.WXML))
	for _, f := range set.WXML {
		loaded[f.Key] = true
	}
	redo := false
	for i, f := range files {
		if keys[i] != "" && loaded[keys[i]] {
			continue
		}
		key, err := keyUnder(absRoot, f)
		if err != nil {
			return nil, nil, err
		}
		keys[i], redo = key, true
	}
	if redo {
		set = l.Closure(keys) // files loaded above are not parsed again
	}
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
