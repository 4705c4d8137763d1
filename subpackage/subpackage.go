// Package subpackage holds WeChat's packaging rules as pure functions: which
// package a path belongs to, whether one package may reference another, where
// a shared file is placed, and the size limits. It does no I/O, so the
// bundler feeds it paths and byte counts and gets decisions and diagnostics
// back.
package subpackage

import (
	"path"
	"sort"
	"strings"
)

// MaxSubpackages is WeChat's limit on the number of subpackages
// (MaxSubPackageLimit of miniprogram-ci's default project attributes).
const MaxSubpackages = 100

// SharedDir is the folder, inside a subpackage root, that receives the copies
// of main-package files placed into that subpackage: "pkgA/" + SharedDir +
// "utils/x.js". Keeping the original path below it keeps relative references
// between files that move together valid.
const SharedDir = "_shared/"

// Package is one package of an app.
type Package struct {
	Name        string // "main" for the main package; otherwise the root as app.json writes it
	Root        string // normalized: no leading "/", one trailing "/"; "" for the main package
	Independent bool
}

// Main is the index of the main package in a Layout.
const Main = 0

// Layout is the packages of an app; Pkgs[Main] is the main package.
type Layout struct {
	Pkgs []Package
}

// NormalizeRoot turns a root as written ("/pkgA", "pkgA/", "./pkgA") into
// the form Package.Root uses ("pkgA/"). An empty or "." root stays "".
func NormalizeRoot(root string) string {
	r := path.Clean("/" + strings.TrimSpace(root))
	r = strings.TrimPrefix(r, "/")
	if r == "" {
		return ""
	}
	return r + "/"
}

// NewLayout makes a layout with the main package and the given subpackages
// (whose roots must already be normalized).
func NewLayout(subs ...Package) *Layout {
	l := &Layout{Pkgs: []Package{{Name: "main"}}}
	l.Pkgs = append(l.Pkgs, subs...)
	return l
}

// Of returns the index of the package the slash path (relative to the mini
// program root) belongs to: the subpackage whose root contains it, else main.
// With nested roots (an error reported by CheckRoots) the longest root wins.
func (l *Layout) Of(p string) int {
	best, bestLen := Main, 0
	for i, pkg := range l.Pkgs {
		if i == Main || pkg.Root == "" {
			continue
		}
		if strings.HasPrefix(p, pkg.Root) && len(pkg.Root) > bestLen {
			best, bestLen = i, len(pkg.Root)
		}
	}
	return best
}

// RootProblem is a pair of subpackages whose roots clash: Inner's root equals
// or lies inside Outer's. Indexes are into the subpackages list (0-based, as
// app.json's ["subPackages"][i] counts them), not into a Layout.
type RootProblem struct {
	Outer, Inner int
	Same         bool // the roots are equal
}

// CheckRoots finds equal and nested roots among normalized subpackage roots,
// in index order. Empty roots are skipped (the caller reports them).
func CheckRoots(roots []string) []RootProblem {
	var out []RootProblem
	for i, a := range roots {
		for j, b := range roots {
			if i == j || a == "" || b == "" {
				continue
			}
			if a == b {
				if i < j {
					out = append(out, RootProblem{Outer: i, Inner: j, Same: true})
				}
				continue
			}
			if strings.HasPrefix(b, a) {
				out = append(out, RootProblem{Outer: i, Inner: j})
			}
		}
	}
	sort.SliceStable(out, func(x, y int) bool {
		if out[x].Outer != out[y].Outer {
			return out[x].Outer < out[y].Outer
		}
		return out[x].Inner < out[y].Inner
	})
	return out
}

// Verdict says whether a reference from one package to another is allowed.
type Verdict uint8

const (
	// Allowed: same package, or a normal subpackage using the main package.
	Allowed Verdict = iota
	// CopyIn: an independent subpackage using a main-package file. WeChat
	// rejects it as written; the bundler makes it legal by copying the file
	// into the independent subpackage (independent subpackages are
	// self-contained).
	CopyIn
	// Illegal: main package -> subpackage, subpackage -> another subpackage,
	// anything -> an independent subpackage. Only componentPlaceholder and
	// async require (分包异步化) make these legal.
	Illegal
)

// Ref decides a reference from package from to package to (Layout indexes).
func (l *Layout) Ref(from, to int) Verdict {
	switch {
	case from == to:
		return Allowed
	case to == Main && l.Pkgs[from].Independent:
		return CopyIn
	case to == Main:
		return Allowed
	default:
		return Illegal
	}
}

// RefText explains an illegal reference in WeChat's terms, for messages.
func (l *Layout) RefText(from, to int) string {
	return l.describe(from) + " cannot use files of " + l.describe(to)
}

func (l *Layout) describe(i int) string {
	if i == Main {
		return "the main package"
	}
	p := l.Pkgs[i]
	kind := "subpackage"
	if p.Independent {
		kind = "independent subpackage"
	}
	return kind + " " + strings.TrimSuffix(p.Root, "/")
}

// Strategy is what happens to a main-package file that several normal
// subpackages use and the main package does not.
type Strategy uint8

const (
	Copy  Strategy = iota // a copy in each subpackage (default: keeps the main package small)
	Hoist                 // one copy in the main package
)

// ParseStrategy parses "copy" or "hoist".
func ParseStrategy(s string) (Strategy, bool) {
	switch s {
	case "copy", "":
		return Copy, true
	case "hoist":
		return Hoist, true
	}
	return Copy, false
}

func (s Strategy) String() string {
	if s == Hoist {
		return "hoist"
	}
	return "copy"
}

// Place returns the packages (sorted Layout indexes) that get a copy of a
// file whose source lies in package home and which the packages in users
// reach. Files of a subpackage stay in it. A main-package file stays in the
// main package when main uses it; otherwise one subpackage user gets it
// moved in, several get a copy each (Copy) or share the main copy (Hoist).
// Independent subpackages always get their own copy. A file nobody uses is
// placed nowhere.
func (l *Layout) Place(home int, users []int, s Strategy) []int {
	if home != Main {
		return []int{home}
	}
	var main bool
	var normal, indep []int
	for _, u := range users {
		switch {
		case u == Main:
			main = true
		case l.Pkgs[u].Independent:
			indep = append(indep, u)
		default:
			normal = append(normal, u)
		}
	}
	normal, indep = uniqSorted(normal), uniqSorted(indep)
	var out []int
	switch {
	case main || (s == Hoist && len(normal) > 1):
		out = append(out, Main)
	default:
		out = append(out, normal...)
	}
	out = append(out, indep...)
	sort.Ints(out)
	return out
}

// Location is where a file with source path p (relative to the mini program
// root) is written for package pkg, given the packages it is placed in: its
// own path when placed in main or when its source is in pkg already, else
// pkg's root + SharedDir + p.
func (l *Layout) Location(p string, pkg int, placed []int) string {
	if pkg == Main || l.Of(p) == pkg || !contains(placed, pkg) {
		return p
	}
	return l.Pkgs[pkg].Root + SharedDir + p
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func uniqSorted(s []int) []int {
	sort.Ints(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
