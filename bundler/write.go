package bundler

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// ManifestName is the file, in the output folder, listing the files the
// last build wrote. Its name has no extension WeChat packs, so it is never
// uploaded. It lets a build remove the files it no longer produces without
// ever deleting anything it did not write.
const ManifestName = ".mpc-build"

// WriteStats counts what a write did.
type WriteStats struct {
	Written   int // new or changed files
	Unchanged int // identical files left alone (mtime kept)
	Removed   int // files of the previous build that are gone
}

// WriteOutput makes the folder out hold exactly files (plus whatever else
// the user keeps there, which is never touched). New and changed files are
// first written to a temporary folder inside out, then renamed into place,
// so a failure while writing leaves the previous output as it was;
// identical files are not rewritten, so the devtools do not recompile them.
func WriteOutput(out string, files []OutputFile) (WriteStats, error) {
	old, err := openOut(out)
	if err != nil {
		return WriteStats{}, err
	}
	return writeFiles(out, files, old, nil, true)
}

// openOut checks that out may be written (a folder mpc wrote, or empty, or
// missing: then it is created) and returns the files the last build wrote.
func openOut(out string) ([]string, error) {
	info, err := os.Lstat(out)
	switch {
	case err == nil && !info.IsDir():
		return nil, &UsageError{fmt.Sprintf("output %s exists and is not a folder", out)}
	case err == nil:
		if _, merr := os.Stat(filepath.Join(out, ManifestName)); merr != nil {
			ents, _ := os.ReadDir(out)
			if len(ents) > 0 {
				return nil, &UsageError{fmt.Sprintf("output folder %s is not empty and was not written by mpc build (no %s); remove it or choose another -o", out, ManifestName)}
			}
		}
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(out, 0o755); err != nil {
			return nil, err
		}
	default:
		return nil, err
	}
	return readManifest(out), nil
}

// writeFiles writes files into out, whose previous build wrote old. known,
// when not nil, is what those files hold (mpc watch keeps it), so files are
// compared in memory instead of read back. With prune, files of old that
// are not in files are removed; without it (a watch rebuild with errors)
// nothing is removed and the manifest keeps listing them.
func writeFiles(out string, files []OutputFile, old []string, known map[string][]byte, prune bool) (WriteStats, error) {
	var st WriteStats
	var tmp string
	defer func() {
		if tmp != "" {
			os.RemoveAll(tmp)
		}
	}()
	var changed []string
	keep := make(map[string]bool, len(files))
	for _, f := range files {
		if !safeRel(f.Path) {
			return st, fmt.Errorf("refusing to write %q outside the output folder", f.Path)
		}
		keep[f.Path] = true
		if known != nil {
			if cur, ok := known[f.Path]; ok && bytes.Equal(cur, f.Data) {
				st.Unchanged++
				continue
			}
		} else if sameOnDisk(filepath.Join(out, filepath.FromSlash(f.Path)), f.Data) {
			st.Unchanged++
			continue
		}
		if tmp == "" {
			var err error
			if tmp, err = os.MkdirTemp(out, ".mpc-tmp-"); err != nil {
				return st, err
			}
		}
		t := filepath.Join(tmp, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(t), 0o755); err != nil {
			return st, err
		}
		if err := os.WriteFile(t, f.Data, 0o644); err != nil {
			return st, err
		}
		changed = append(changed, f.Path)
	}
	// Everything is staged: swap the changed files in.
	for _, p := range changed {
		dst := filepath.Join(out, filepath.FromSlash(p))
		if err := ensureDir(out, filepath.Dir(dst)); err != nil {
			return st, err
		}
		if fi, err := os.Lstat(dst); err == nil && fi.IsDir() {
			return st, fmt.Errorf("cannot write %s: a folder is in the way", dst)
		}
		if err := os.Rename(filepath.Join(tmp, filepath.FromSlash(p)), dst); err != nil {
			return st, err
		}
		st.Written++
	}
	for _, p := range old {
		if keep[p] || !safeRel(p) {
			continue
		}
		if !prune {
			keep[p] = true
			continue
		}
		dst := filepath.Join(out, filepath.FromSlash(p))
		if fi, err := os.Lstat(dst); err == nil && fi.Mode().IsRegular() {
			if os.Remove(dst) == nil {
				st.Removed++
				pruneEmpty(out, filepath.Dir(dst))
			}
		}
	}
	list := make([]string, 0, len(keep))
	for p := range keep {
		list = append(list, p)
	}
	sort.Strings(list)
	if slices.Equal(list, old) {
		return st, nil
	}
	m := filepath.Join(out, ManifestName+".tmp")
	if err := os.WriteFile(m, []byte(strings.Join(list, "\n")+"\n"), 0o644); err != nil {
		return st, err
	}
	return st, os.Rename(m, filepath.Join(out, ManifestName))
}

// sameOnDisk reports whether file p holds exactly data.
func sameOnDisk(p string, data []byte) bool {
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false
	}
	cur, err := os.ReadFile(p)
	return err == nil && bytes.Equal(cur, data)
}

func readManifest(out string) []string {
	data, err := os.ReadFile(filepath.Join(out, ManifestName))
	if err != nil {
		return nil
	}
	var list []string
	for _, l := range strings.Split(string(data), "\n") {
		if l != "" {
			list = append(list, l)
		}
	}
	sort.Strings(list)
	return list
}

// safeRel accepts clean relative slash paths that stay inside the folder.
func safeRel(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || p == ManifestName {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// ensureDir creates dir (inside out) refusing to go through a symlink or a
// file, so that nothing outside out is ever written.
func ensureDir(out, dir string) error {
	rel, err := filepath.Rel(out, dir)
	if err != nil || strings.HasPrefix(rel, "..") {
		return fmt.Errorf("%s is outside the output folder", dir)
	}
	cur := out
	if rel == "." {
		return nil
	}
	for _, seg := range strings.Split(rel, string(filepath.Separator)) {
		cur = filepath.Join(cur, seg)
		fi, err := os.Lstat(cur)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := os.Mkdir(cur, 0o755); err != nil {
				return err
			}
		case err != nil:
			return err
		case fi.Mode()&fs.ModeSymlink != 0:
			return fmt.Errorf("refusing to write through the symbolic link %s", cur)
		case !fi.IsDir():
			return fmt.Errorf("cannot create folder %s: a file is in the way", cur)
		}
	}
	return nil
}

// pruneEmpty removes dir and its empty parents up to (not including) out.
func pruneEmpty(out, dir string) {
	for dir != out && strings.HasPrefix(dir, out) {
		if os.Remove(dir) != nil {
			return
		}
		dir = filepath.Dir(dir)
	}
}
