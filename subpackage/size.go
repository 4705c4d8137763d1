package subpackage

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mpc-dev/mpc/diag"
)

// KB is 1024 bytes, as WeChat counts.
const KB = 1024

// Limits are the size budgets in bytes; 0 disables a check.
type Limits struct {
	Main    int64 // the main package
	Sub     int64 // each subpackage (normal or independent)
	Total   int64 // all packages together
	Preload int64 // the packages one preloadRule entry downloads
}

// DefaultLimits are WeChat's current limits: 2048 KB main, 2048 KB each
// subpackage, 30 MB in total, 2 MB of preloaded packages per page.
var DefaultLimits = Limits{Main: 2048 * KB, Sub: 2048 * KB, Total: 30 * 1024 * KB, Preload: 2048 * KB}

// File is one output file and its size.
type File struct {
	Path  string
	Bytes int64
}

// PackageSize is the measured size of one package.
type PackageSize struct {
	Pkg   int    // Layout index
	Files []File // the files counted, any order
	Bytes int64
}

// CountsTowardSize reports whether an output file counts toward its
// package's size: source maps and the project config files do not (WeChat
// drops them on upload).
func CountsTowardSize(p string) bool {
	if strings.HasSuffix(p, ".map") {
		return false
	}
	switch p {
	case "project.config.json", "project.private.config.json":
		return false
	}
	return true
}

// Measure groups output files (paths relative to the output root) by
// package and sums them. The result has one entry per package of l, in
// layout order.
func (l *Layout) Measure(files []File) []PackageSize {
	out := make([]PackageSize, len(l.Pkgs))
	for i := range out {
		out[i].Pkg = i
	}
	for _, f := range files {
		if !CountsTowardSize(f.Path) {
			continue
		}
		ps := &out[l.Of(f.Path)]
		ps.Files = append(ps.Files, f)
		ps.Bytes += f.Bytes
	}
	return out
}

// KBOf rounds up to whole KB, so that any excess over a limit shows.
func KBOf(n int64) int64 { return (n + KB - 1) / KB }

// Limit returns the limit that applies to package i.
func (l *Layout) Limit(i int, lim Limits) int64 {
	if i == Main {
		return lim.Main
	}
	return lim.Sub
}

// CheckSizes reports every package over its limit and a total over the
// total limit, as errors worded like WeChat's own ("main package source size
// 2580KB exceeds max limit 2048KB") with the five largest files as notes.
func (l *Layout) CheckSizes(sizes []PackageSize, lim Limits) []diag.Msg {
	var msgs []diag.Msg
	var total int64
	var all []File
	for _, s := range sizes {
		total += s.Bytes
		all = append(all, s.Files...)
		limit := l.Limit(s.Pkg, lim)
		if limit > 0 && s.Bytes > limit {
			id := "size/subpackage"
			if s.Pkg == Main {
				id = "size/main"
			}
			msgs = append(msgs, overMsg(id, l.sizeName(s.Pkg), s.Bytes, limit, s.Files))
		}
	}
	if lim.Total > 0 && total > lim.Total {
		msgs = append(msgs, overMsg("size/total", "total", total, lim.Total, all))
	}
	return msgs
}

func (l *Layout) sizeName(i int) string {
	if i == Main {
		return "main package"
	}
	return fmt.Sprintf("subpackage %q", strings.TrimSuffix(l.Pkgs[i].Root, "/"))
}

func overMsg(id, what string, size, limit int64, files []File) diag.Msg {
	m := diag.Msg{Kind: diag.Error, ID: id, Data: diag.MsgData{
		Text: fmt.Sprintf("%s source size %dKB exceeds max limit %dKB", what, KBOf(size), KBOf(limit)),
	}}
	for _, f := range Largest(files, 5) {
		m.Notes = append(m.Notes, diag.MsgData{Text: fmt.Sprintf("%dKB %s", KBOf(f.Bytes), f.Path)})
	}
	return m
}

// Largest returns the n largest files, biggest first, ties by path.
func Largest(files []File, n int) []File {
	s := append([]File(nil), files...)
	sort.Slice(s, func(i, j int) bool {
		if s[i].Bytes != s[j].Bytes {
			return s[i].Bytes > s[j].Bytes
		}
		return s[i].Path < s[j].Path
	})
	if len(s) > n {
		s = s[:n]
	}
	return s
}

// Preload is one preloadRule entry: the page and the packages it preloads
// (Layout indexes, already resolved from roots, names or "__APP__").
type Preload struct {
	Page string
	Pkgs []int
}

// PreloadBytes sums the sizes of the packages a preload entry downloads.
func PreloadBytes(p Preload, sizes []PackageSize) int64 {
	var n int64
	for _, i := range p.Pkgs {
		if i >= 0 && i < len(sizes) {
			n += sizes[i].Bytes
		}
	}
	return n
}

// CheckPreload reports preloadRule entries whose packages together exceed
// the preload budget.
func (l *Layout) CheckPreload(rules []Preload, sizes []PackageSize, lim Limits) []diag.Msg {
	if lim.Preload <= 0 {
		return nil
	}
	var msgs []diag.Msg
	for _, r := range rules {
		n := PreloadBytes(r, sizes)
		if n <= lim.Preload {
			continue
		}
		m := diag.Msg{Kind: diag.Error, ID: "size/preload", Data: diag.MsgData{
			Text: fmt.Sprintf("preloadRule of page %q downloads %dKB, over the preload limit %dKB", r.Page, KBOf(n), KBOf(lim.Preload)),
		}}
		for _, i := range r.Pkgs {
			m.Notes = append(m.Notes, diag.MsgData{Text: fmt.Sprintf("%dKB %s", KBOf(sizes[i].Bytes), l.sizeName(i))})
		}
		msgs = append(msgs, m)
	}
	return msgs
}

// CheckCount reports more subpackages than WeChat allows, in its words
// (`["subPackages"] exceed limit 100`).
func CheckCount(n int) (string, bool) {
	if n <= MaxSubpackages {
		return "", true
	}
	return fmt.Sprintf(`["subPackages"] exceed limit %d (found %d)`, MaxSubpackages, n), false
}
