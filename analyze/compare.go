package analyze

import (
	"sort"
)

// MaxFileChanges is how many file changes a Comparison lists, largest first.
const MaxFileChanges = 20

// Change is how the size of one package, or of the whole project, changed.
type Change struct {
	Name             string
	Old, New         int64 // bytes
	OldGzip, NewGzip int64
	Added, Removed   bool  // the package exists only in the new, or only in the old report
	Limit            int64 // the size limit in the new report (old, when removed), 0 when none
	Budget           *Amount
	Allowed          int64 // the growth Budget allows in bytes, when Budget != nil
	Over             bool  // grew more than Allowed
}

// Growth is the change in bytes (negative when it shrank).
func (c Change) Growth() int64 { return c.New - c.Old }

// GzipGrowth is the change in gzip bytes.
func (c Change) GzipGrowth() int64 { return c.NewGzip - c.OldGzip }

// FileChange is a file whose size changed, or that was added or removed.
type FileChange struct {
	Path             string
	Package          string // the package in the new report (old, when removed)
	Old, New         int64
	OldGzip, NewGzip int64
	Added, Removed   bool
}

// Growth is the change in bytes.
func (f FileChange) Growth() int64 { return f.New - f.Old }

// Figure is one cold-start figure of both reports.
type Figure struct {
	Name     string
	Old, New int64
}

// Comparison is what changed between two reports; Table and Markdown print
// it.
type Comparison struct {
	OldProject, NewProject string
	Budget                 Budget
	Total                  Change
	Packages               []Change // the new report's order, then removed packages
	Files                  []FileChange
	FilesAdded             int
	FilesRemoved           int
	FilesChanged           int      // changed size, not counting added and removed
	ColdStart              []Figure // only the figures that changed
	Violations             []Violation
	// UnknownBudgets are budget package names found in neither report:
	// likely a typo, which would otherwise pass silently.
	UnknownBudgets []string
}

// Exceeded reports whether the change is over its growth budget.
func (c *Comparison) Exceeded() bool {
	if c.Total.Over {
		return true
	}
	for _, p := range c.Packages {
		if p.Over {
			return true
		}
	}
	return false
}

// Over returns the changes that exceeded their budget: packages, then total.
func (c *Comparison) Over() []Change {
	var out []Change
	for _, p := range c.Packages {
		if p.Over {
			out = append(out, p)
		}
	}
	if c.Total.Over {
		out = append(out, c.Total)
	}
	return out
}

// Compare compares the old report with the new one and checks budget.
func Compare(old, new *Report, budget Budget) Comparison {
	c := Comparison{
		OldProject: old.Project,
		NewProject: new.Project,
		Budget:     budget,
		Violations: new.Violations,
	}

	c.Total = Change{
		Name: "total", Old: old.TotalBytes, New: new.TotalBytes,
		OldGzip: old.TotalGzipBytes, NewGzip: new.TotalGzipBytes,
		Limit: new.Limits.Total,
	}
	applyBudget(&c.Total, budget.Total)

	oldPkgs := make(map[string]*Package, len(old.Packages))
	for i := range old.Packages {
		oldPkgs[old.Packages[i].Name] = &old.Packages[i]
	}
	newPkgs := make(map[string]bool, len(new.Packages))
	for i := range new.Packages {
		np := &new.Packages[i]
		newPkgs[np.Name] = true
		ch := Change{Name: np.Name, New: np.Bytes, NewGzip: np.GzipBytes, Limit: np.Limit}
		if op := oldPkgs[np.Name]; op != nil {
			ch.Old, ch.OldGzip = op.Bytes, op.GzipBytes
		} else {
			ch.Added = true
		}
		applyBudget(&ch, budget.For(np.Name))
		c.Packages = append(c.Packages, ch)
	}
	for i := range old.Packages {
		op := &old.Packages[i]
		if newPkgs[op.Name] {
			continue
		}
		ch := Change{Name: op.Name, Old: op.Bytes, OldGzip: op.GzipBytes, Limit: op.Limit, Removed: true}
		applyBudget(&ch, budget.For(op.Name))
		c.Packages = append(c.Packages, ch)
	}
	for name := range budget.Packages {
		if oldPkgs[name] == nil && !newPkgs[name] {
			c.UnknownBudgets = append(c.UnknownBudgets, name)
		}
	}
	sort.Strings(c.UnknownBudgets)

	c.compareFiles(old, new)

	for _, f := range []Figure{
		{"main package at launch", old.ColdStart.MainBytes, new.ColdStart.MainBytes},
		{"JS injected at launch", old.ColdStart.JSBytes, new.ColdStart.JSBytes},
		{"JS injected at launch (lazy)", old.ColdStart.LazyJSBytes, new.ColdStart.LazyJSBytes},
		{"main code used only by subpackages", old.ColdStart.MainUsedOnlyBySubpackagesBytes, new.ColdStart.MainUsedOnlyBySubpackagesBytes},
		{"duplicated into subpackages", old.ColdStart.DuplicatedBytes, new.ColdStart.DuplicatedBytes},
		{"unused source files", unusedBytes(old), unusedBytes(new)},
	} {
		if f.Old != f.New {
			c.ColdStart = append(c.ColdStart, f)
		}
	}
	return c
}

func applyBudget(ch *Change, a *Amount) {
	if a == nil {
		return
	}
	ch.Budget = a
	ch.Allowed = a.Allowed(ch.Old)
	ch.Over = ch.Growth() > ch.Allowed
}

// compareFiles matches files by path (unique in an output tree) and keeps
// the MaxFileChanges largest changes.
func (c *Comparison) compareFiles(old, new *Report) {
	oldFiles := old.fileIndex()
	var all []FileChange
	for i := range new.Packages {
		np := &new.Packages[i]
		for j := range np.Files {
			nf := &np.Files[j]
			fc := FileChange{Path: nf.Path, Package: np.Name, New: nf.Bytes, NewGzip: nf.GzipBytes}
			if of, ok := oldFiles[nf.Path]; ok {
				delete(oldFiles, nf.Path)
				fc.Old, fc.OldGzip = of.file.Bytes, of.file.GzipBytes
				if fc.Old == fc.New {
					continue
				}
				c.FilesChanged++
			} else {
				fc.Added = true
				c.FilesAdded++
			}
			all = append(all, fc)
		}
	}
	for p, of := range oldFiles {
		all = append(all, FileChange{Path: p, Package: of.pkg, Old: of.file.Bytes, OldGzip: of.file.GzipBytes, Removed: true})
		c.FilesRemoved++
	}
	sort.Slice(all, func(i, j int) bool {
		gi, gj := abs(all[i].Growth()), abs(all[j].Growth())
		if gi != gj {
			return gi > gj
		}
		return all[i].Path < all[j].Path
	})
	if len(all) > MaxFileChanges {
		all = all[:MaxFileChanges]
	}
	c.Files = all
}

// FileChanges is how many files changed in any way.
func (c *Comparison) FileChanges() int { return c.FilesAdded + c.FilesRemoved + c.FilesChanged }

func unusedBytes(r *Report) int64 {
	var n int64
	for _, u := range r.Unused {
		n += u.Bytes
	}
	return n
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
