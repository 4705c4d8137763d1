package bundler

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/internal/fswatch"
)

// WatchOptions configure Watch.
type WatchOptions struct {
	Options // the build: Dir and Out are required

	Log        io.Writer // the line per build and the diagnostics
	Color      bool      // ANSI colors in diagnostics
	ReportJSON string    // write the report (mpc-report/1) here after each clean build

	// Built is called after each build, once its output is on disk (tests
	// and the benchmark wait on it).
	Built func(*Result)
	// Quiet and MaxDelay tune how bursts of events are coalesced (0: the
	// fswatch defaults).
	Quiet, MaxDelay time.Duration
}

// Watch builds the project, then watches it and rebuilds on every change
// until ctx is done; it returns after the build in progress, if any, has
// finished. The error is for a watch that cannot start (bad options or
// output folder, no file watcher); a broken project is reported and waited
// on, never an error.
func Watch(ctx context.Context, wo WatchOptions) error {
	s, err := NewSession(wo.Options)
	if err != nil {
		return err
	}
	// Watch before the first build, so that no edit made during it is lost.
	w, err := fswatch.New(wo.Dir, watchIgnore(s.outRel))
	if err != nil {
		return err
	}
	defer w.Close()
	if wo.Quiet > 0 {
		w.Quiet = wo.Quiet
	}
	if wo.MaxDelay > 0 {
		w.MaxDelay = wo.MaxDelay
	}
	if wo.ReportJSON != "" {
		s.opts.Quick = false
	} else {
		s.opts.Quick = true
	}
	p := &watchPrinter{wo: wo, seen: map[string]bool{}}
	p.build(s, nil)
	w.Run(ctx, func(changed []string) { p.build(s, changed) }, func(err error) {
		fmt.Fprintf(wo.Log, "mpc watch: %v\n", err)
	})
	return nil
}

// watchIgnore hides the output folder, node_modules (miniprogram_npm is
// watched), dot files and folders (.git, editors' swap files) and editors'
// temporary files from the watcher.
func watchIgnore(outRel string) func(rel string, isDir bool) bool {
	return func(rel string, isDir bool) bool {
		if outRel != "" && (rel == outRel || strings.HasPrefix(rel, outRel+"/")) {
			return true
		}
		base := path.Base(rel)
		switch {
		case base == "node_modules" && isDir, strings.HasPrefix(base, "."):
			return true
		case isDir:
			return false
		}
		return strings.HasSuffix(base, "~") || strings.HasPrefix(base, "#") ||
			strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") || strings.HasSuffix(base, ".tmp") ||
			strings.Contains(base, "___jb_") || base == "4913" // vim's write test; JetBrains' safe write
	}
}

// watchPrinter prints one line per build and the diagnostics, each
// warning only when it first appears (a cached file replays its warnings
// on every build).
type watchPrinter struct {
	wo    WatchOptions
	seen  map[string]bool // the messages of the previous build
	sizes map[string]int64
}

func (p *watchPrinter) build(s *Session, changed []string) {
	start := time.Now()
	res, err := s.Build(changed)
	ms := time.Since(start).Milliseconds()
	out := p.wo.Log
	verb := "rebuilt"
	if changed == nil {
		verb = "built"
	}
	what := describeChange(changed)
	for _, c := range changed {
		if c == "mpc.config.json" {
			fmt.Fprintln(out, "mpc watch: mpc.config.json changed: restart mpc watch to apply it")
		}
	}
	if err != nil {
		fmt.Fprintf(out, "%s in %d ms with an error: %s%v\n", verb, ms, what, err)
		return
	}
	seen := map[string]bool{}
	nerr := 0
	for _, m := range res.Log.Sorted() {
		key := m.String()
		seen[key] = true
		if m.Kind == diag.Error {
			nerr++
		} else if p.seen[key] {
			continue
		}
		fmt.Fprint(out, m.Format(diag.FormatOptions{Color: p.wo.Color}))
	}
	p.seen = seen
	if res.Report == nil {
		fmt.Fprintf(out, "%s in %d ms with %s: %sthe output folder was not touched\n", verb, ms, plural(nerr, "error"), what)
		p.done(res)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s in %d ms", verb, ms)
	if nerr > 0 {
		fmt.Fprintf(&b, " with %s", plural(nerr, "error"))
	}
	fmt.Fprintf(&b, ": %s%s written", what, plural(res.Written.Written, "file"))
	if res.Written.Removed > 0 {
		fmt.Fprintf(&b, ", %d removed", res.Written.Removed)
	}
	if sz := p.sizeChange(res.Report); sz != "" {
		b.WriteString("; " + sz)
	}
	if len(res.Kept) > 0 {
		b.WriteString("; kept the previous output of ")
		if len(res.Kept) <= 3 {
			b.WriteString(strings.Join(res.Kept, ", "))
		} else {
			fmt.Fprintf(&b, "%d files", len(res.Kept))
		}
	}
	fmt.Fprintln(out, b.String())
	for _, m := range res.SizeMsgs {
		// Over a limit is a warning while watching, not an exit.
		m.Kind = diag.Warning
		if !p.seen[m.String()] {
			fmt.Fprint(out, m.Format(diag.FormatOptions{Color: p.wo.Color}))
		}
		p.seen[m.String()] = true
	}
	if p.wo.ReportJSON != "" && nerr == 0 {
		data, _ := json.MarshalIndent(res.Report, "", "  ")
		if err := os.WriteFile(p.wo.ReportJSON, append(data, '\n'), 0o644); err != nil {
			fmt.Fprintf(out, "mpc watch: --report-json: %v\n", err)
		}
	}
	p.done(res)
}

func (p *watchPrinter) done(res *Result) {
	if p.wo.Built != nil {
		p.wo.Built(res)
	}
}

// sizeChange lists the packages whose size changed (all of them on the
// first build), with the change.
func (p *watchPrinter) sizeChange(r *Report) string {
	var parts []string
	now := map[string]int64{}
	for _, pk := range r.Packages {
		now[pk.Name] = pk.Bytes
		old, ok := p.sizes[pk.Name]
		switch {
		case p.sizes == nil || !ok:
			parts = append(parts, fmt.Sprintf("%s %s", pk.Name, human(pk.Bytes)))
		case old != pk.Bytes:
			d := pk.Bytes - old
			sign := "+"
			if d < 0 {
				sign, d = "-", -d
			}
			parts = append(parts, fmt.Sprintf("%s %s (%s%s)", pk.Name, human(pk.Bytes), sign, human(d)))
		}
	}
	p.sizes = now
	return strings.Join(parts, ", ")
}

// describeChange names what a batch changed: "a.wxml changed; ".
func describeChange(changed []string) string {
	if len(changed) > 0 && changed[0] == "." {
		return "events were lost, everything re-read; "
	}
	switch len(changed) {
	case 0:
		return ""
	case 1:
		return changed[0] + " changed; "
	case 2:
		return changed[0] + " and " + changed[1] + " changed; "
	}
	return fmt.Sprintf("%s and %d more changed; ", changed[0], len(changed)-1)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
