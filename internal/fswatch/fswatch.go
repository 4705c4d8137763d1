// Package fswatch watches a folder tree with fsnotify and delivers changes
// in coalesced batches: a burst of events (a git checkout, a formatter run,
// an editor's save-by-rename) becomes one batch of changed paths, and the
// next batch is not delivered until the handler of the previous one returned.
package fswatch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watcher watches Root and every folder below it, new ones included.
type Watcher struct {
	Root string
	// Ignore reports whether a slash path relative to Root (a file or a
	// folder) is of no interest, e.g. the output folder or node_modules.
	Ignore func(rel string, isDir bool) bool
	// Quiet is how long the tree must stay quiet before a batch is
	// delivered; MaxDelay bounds the wait during a never-ending burst.
	Quiet, MaxDelay time.Duration

	w *fsnotify.Watcher
}

// New starts watching root.
func New(root string, ignore func(rel string, isDir bool) bool) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		fw.Close()
		return nil, err
	}
	if ignore == nil {
		ignore = func(string, bool) bool { return false }
	}
	w := &Watcher{Root: abs, Ignore: ignore, Quiet: 20 * time.Millisecond, MaxDelay: 500 * time.Millisecond, w: fw}
	if _, err := w.addTree(abs); err != nil {
		fw.Close()
		return nil, err
	}
	return w, nil
}

// Close stops the watcher.
func (w *Watcher) Close() error { return w.w.Close() }

func (w *Watcher) rel(p string) string {
	r, err := filepath.Rel(w.Root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}

// addTree watches dir and its subfolders and returns the files found in
// them (so that files created inside a new folder before its watch was
// added are not missed).
func (w *Watcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil
		}
		rel := w.rel(p)
		if d.IsDir() {
			if p != dir && w.Ignore(rel, true) {
				return filepath.SkipDir
			}
			return w.w.Add(p)
		}
		if !w.Ignore(rel, false) {
			files = append(files, rel)
		}
		return nil
	})
	return files, err
}

// Run delivers batches of changed paths (slash, relative to Root, sorted,
// deduplicated: created, written, removed or renamed files and folders;
// "." when the system lost events, so anything may have changed) to
// handle until ctx is done. handle runs on Run's goroutine, so batches never
// overlap; events arriving meanwhile form the next batch.
func (w *Watcher) Run(ctx context.Context, handle func(changed []string), onErr func(error)) {
	pending := map[string]bool{}
	var quiet, max <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			rel := w.rel(ev.Name)
			if rel == "." || strings.HasPrefix(rel, "../") {
				continue
			}
			st, statErr := os.Stat(ev.Name)
			isDir := statErr == nil && st.IsDir()
			if w.Ignore(rel, isDir) {
				continue
			}
			if isDir && ev.Has(fsnotify.Create) {
				files, err := w.addTree(ev.Name)
				if err != nil && onErr != nil {
					onErr(err)
				}
				for _, f := range files {
					pending[f] = true
				}
			}
			pending[rel] = true
			quiet = time.After(w.Quiet)
			if max == nil {
				max = time.After(w.MaxDelay)
			}
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: everything may have changed.
				pending["."] = true
				quiet = time.After(w.Quiet)
				if max == nil {
					max = time.After(w.MaxDelay)
				}
			}
			if onErr != nil {
				onErr(err)
			}
		case <-quiet:
			w.flush(pending, handle)
			pending = map[string]bool{}
			quiet, max = nil, nil
		case <-max:
			w.flush(pending, handle)
			pending = map[string]bool{}
			quiet, max = nil, nil
		}
	}
}

func (w *Watcher) flush(pending map[string]bool, handle func([]string)) {
	if len(pending) == 0 {
		return
	}
	out := make([]string, 0, len(pending))
	for p := range pending {
		out = append(out, p)
	}
	sort.Strings(out)
	handle(out)
}
