package wxml

import (
	"sort"

	"github.com/mpc-dev/mpc/diag"
)

// DepKind is what a file refers to another file for.
type DepKind uint8

const (
	DepImport  DepKind = iota // <import src>: the target's templates
	DepInclude                // <include src>: the target's content
	DepWxs                    // <wxs src>: a .wxs module
)

func (k DepKind) String() string {
	switch k {
	case DepImport:
		return "import"
	case DepInclude:
		return "include"
	}
	return "wxs"
}

// Dep is one reference to another file, as written. Resolving it (relative
// or /-absolute paths, an omitted .wxml) and reporting a missing target is
// the job of the code generator and the bundler: wcc only warns at runtime
// for imports and includes, and fails for a missing .wxs.
type Dep struct {
	Kind  DepKind
	Src   string
	Range diag.Range // the src value
}

// Deps lists the file's references in source order: imports (not those
// carrying wx:if/wx:for, which import nothing), includes anywhere in the
// tree (also in template definitions) and wxs modules with src. Empty srcs
// are left out.
func (f *File) Deps() []Dep {
	var deps []Dep
	for _, im := range f.Imports {
		deps = append(deps, Dep{Kind: DepImport, Src: im.Src, Range: im.SrcRange})
	}
	for _, m := range f.Wxs {
		if m.Src != "" {
			deps = append(deps, Dep{Kind: DepWxs, Src: m.Src, Range: m.SrcRange})
		}
	}
	var walk func(ns []Node)
	var node func(n Node)
	node = func(n Node) {
		switch n := n.(type) {
		case *Element:
			walk(n.Children)
		case *IfChain:
			for _, b := range n.Branches {
				node(b.Body)
			}
		case *For:
			node(n.Body)
		case *Include:
			if n.Src != "" {
				deps = append(deps, Dep{Kind: DepInclude, Src: n.Src, Range: n.SrcRange})
			}
		}
	}
	walk = func(ns []Node) {
		for _, n := range ns {
			node(n)
		}
	}
	walk(f.Nodes)
	for _, t := range f.Templates {
		walk(t.Children)
	}
	sort.SliceStable(deps, func(i, j int) bool { return deps[i].Range.Loc.Start < deps[j].Range.Loc.Start })
	return deps
}
