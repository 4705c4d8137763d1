package wxmlgen

import (
	"fmt"
	"strings"
)

// Imports inside containers (elements, blocks, template definitions): wcc
// makes one visible from where it stands to the end of its container, and
// one among a template call's children imports nothing. Their decisions
// draw from g.r2, so files without them come out as before.

// nestedImport writes, now and then, an <import> of a file fg may import
// into the container being written, and returns the scope of what follows
// it there.
func (g *gen) nestedImport(fg *fileGen, sc *scope, b *strings.Builder) *scope {
	if g.r2.IntN(6) != 0 {
		return sc
	}
	return g.importHere(fg, sc, b)
}

// importHere writes an <import> into the container being written and
// returns the scope of what follows it there.
func (g *gen) importHere(fg *fileGen, sc *scope, b *strings.Builder) *scope {
	r := g.r2
	lf := fg.laterGens[r.IntN(len(fg.laterGens))]
	src := ref(r, fg.rel, lf.rel)
	cond := ""
	switch r.IntN(30) {
	case 0:
		src, lf = "missing.wxml", nil
	case 1:
		cond, lf = ` wx:if="{{b}}"`, nil // imports nothing, as at the top level
	case 2:
		cond = ` wx:for="{{nums}}"` // ignored: it imports, even for an empty list
	}
	q := `"`
	if r.IntN(5) == 0 {
		q = "'"
	}
	fmt.Fprintf(b, "<import%s src=%s%s%s/>%s", cond, q, src, q, pick(r, []string{"", "", "\n", " "}))
	if lf == nil || len(lf.own) == 0 {
		return sc
	}
	c := *sc
	c.tmpls = append(append([]*tmpl(nil), sc.tmpls...), lf.own...)
	return &c
}

// nestedCallee picks, in a file with nested imports, a template such an
// import makes visible here (the innermost ones likelier), or now and then
// one of a file fg may import that may not be visible here (called before
// the import, or from a sibling container). nil leaves the choice to
// templateCall.
func (g *gen) nestedCallee(fg *fileGen, sc *scope) *tmpl {
	r := g.r2
	switch p := r.IntN(100); {
	case p < 50 && len(sc.tmpls) > 0:
		n := len(sc.tmpls)
		return sc.tmpls[n-1-min(r.IntN(n), r.IntN(n))]
	case p < 70:
		lf := fg.laterGens[r.IntN(len(fg.laterGens))]
		if len(lf.own) > 0 {
			return lf.own[r.IntN(len(lf.own))]
		}
	}
	return nil
}

// holderChildren writes, in a file with nested imports, children of a
// template call or an include (never rendered): an import there imports
// nothing, not even for what follows the call in its container.
func (g *gen) holderChildren(fg *fileGen, sc *scope, b *strings.Builder) {
	if g.r2.IntN(2) == 0 {
		b.WriteString("<view>")
		defer b.WriteString("</view>")
	}
	g.importHere(fg, sc, b)
}

// nestedTemplateDef writes, now and then, a template definition inside a
// container (definitions are hoisted; their bodies see the container's
// imports only when called inside it). One inside a template body becomes
// callable when that body is done, so that the two cannot call each
// other. Never with a name already defined or called from a body: it
// would redirect those calls to it (a cycle, when its body calls their
// template).
func (g *gen) nestedTemplateDef(fg *fileGen, sc *scope, b *strings.Builder) {
	if g.r2.IntN(12) != 0 {
		return
	}
	name := pick(g.r2, []string{"n0", "n1", "n2", "t1", "card"})
	if _, ok := fg.tnames[name]; ok || fg.called[name] {
		return
	}
	fg.tnames[name] = struct{}{}
	t := &tmpl{name: name}
	fg.own = append(fg.own, t)
	if sc.inTmpl {
		fg.pending = append(fg.pending, t)
	} else {
		fg.tmpls = append(fg.tmpls, t)
	}
	g.templateDef(fg, t, sc, b)
	if !sc.inTmpl {
		fg.tmpls = append(fg.tmpls, fg.pending...)
		fg.pending = nil
	}
}
