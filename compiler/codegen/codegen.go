// Package codegen turns a parsed WXML file into a JS module of render
// functions for mpc's shared runtime (runtime.js, format "mpc-wxml/1").
//
// A module is one call:
//
//	R.def("./pages/a.wxml", {
//	  ti: [...],   // top-level <import src> values, as written
//	  ic: [...],   // top-level unconditional <include src> values
//	  wxs: {m: function(nv_require){...} | "./path.wxs"},
//	  t: {name: function(e, s, r, gg){...}},   // template bodies
//	  f: function(e, s, r, gg){...}            // the page body
//	});
//
// e is the data, s the loop scope, r the parent node, gg the render globals
// (gg.f: the wxs modules visible here). Expressions are compiled to plain JS
// over a per-evaluation state object `o` that carries wcc's "ap" flag (see
// runtime.js), so that evaluation matches wcc value for value.
package codegen

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/wxml"
)

// Options for one file.
type Options struct {
	// Key is the file's key in the render table: "./" + its slash path
	// relative to the mini program root.
	Key string
	// Wxs returns the module function source for an inline <wxs> (already
	// checked and rewritten), or ok=false when it failed.
	InlineWxs func(m *wxml.WxsModule) (js string, ok bool)
	// WxsSrc resolves <wxs src> to a .wxs key ("./x.wxs"), ok=false when missing.
	WxsSrc func(m *wxml.WxsModule) (key string, ok bool)
}

// Result is the generated module and what coverage can count in it.
type Result struct {
	JS       string
	Branches int // wx:if/elif/else branches
	Loops    int // wx:for bodies
}

type gen struct {
	opts     Options
	file     *wxml.File
	b        strings.Builder
	vars     int
	branches int
	loops    int
}

// Generate compiles f. It never fails: problems were reported by the parser.
func Generate(f *wxml.File, opts Options) Result {
	g := &gen{opts: opts, file: f}
	g.module()
	return Result{JS: g.b.String(), Branches: g.branches, Loops: g.loops}
}

func (g *gen) w(s ...string) {
	for _, x := range s {
		g.b.WriteString(x)
	}
}

func (g *gen) newVar(prefix string) string {
	g.vars++
	return prefix + strconv.Itoa(g.vars)
}

func jsString(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

func (g *gen) module() {
	f := g.file
	key := jsString(g.opts.Key)
	top := topLevelImports(f)
	g.w("R.def(", key, ", {\nti: [")
	for i, im := range top {
		if i > 0 {
			g.w(", ")
		}
		g.w(jsString(im.Src))
	}
	g.w("],\nic: [")
	n := 0
	for _, node := range f.Nodes {
		if inc, ok := node.(*wxml.Include); ok && inc.TopLevel {
			if n > 0 {
				g.w(", ")
			}
			g.w(jsString(inc.Src))
			n++
		}
	}
	g.w("],\nwxs: {")
	for i, m := range f.Wxs {
		if i > 0 {
			g.w(",")
		}
		g.w("\n", jsString(m.Module), ": ")
		if m.Src != "" {
			if k, ok := g.opts.WxsSrc(m); ok {
				g.w(jsString(k))
			} else {
				g.w("null")
			}
		} else if js, ok := g.opts.InlineWxs(m); ok {
			g.w(js)
		} else {
			g.w("null")
		}
	}
	g.w("},\nt: {")
	for i, t := range f.Templates {
		if i > 0 {
			g.w(",")
		}
		g.w("\n", jsString(t.Name), ": function (e, s, r, gg) {\nvar o;\n")
		g.children(t.Children, "r")
		g.w("}")
	}
	g.w("},\nf: function (e, s, r, gg) {\nvar o;\n")
	for _, im := range f.Imports {
		line, col := g.pos(im.Range)
		g.w("R.ai(", key, ", ", jsString(im.Src), ", ", line, ", ", col, ");\n")
	}
	g.children(f.Nodes, "r")
	for range f.Imports {
		g.w("R.popi(", key, ");\n")
	}
	g.w("}\n});\n")
}

// topLevelImports are the imports outside any element or template: wcc
// lists only those in the file's static import table.
func topLevelImports(f *wxml.File) []*wxml.Import {
	var out []*wxml.Import
	for _, im := range f.Imports {
		inside := false
		for _, n := range f.Nodes {
			if contains(n.NodeRange(), im.Range) {
				inside = true
				break
			}
		}
		for _, t := range f.Templates {
			if !inside && contains(t.Range, im.Range) {
				inside = true
			}
		}
		if !inside {
			out = append(out, im)
		}
	}
	return out
}

func contains(outer, inner diag.Range) bool {
	return outer.Loc.Start <= inner.Loc.Start && inner.End() <= outer.End() && outer.Len > inner.Len
}

func (g *gen) pos(r diag.Range) (string, string) {
	line, col := g.file.Source.LineCol(r.Loc.Start)
	return strconv.Itoa(line), strconv.Itoa(col)
}

// children renders nodes into the JS variable parent; includes directly in
// this list pop the include stack afterwards, as wcc does.
func (g *gen) children(nodes []wxml.Node, parent string) {
	includes := 0
	for _, n := range nodes {
		if _, ok := n.(*wxml.Include); ok {
			includes++
		}
		g.node(n, parent)
	}
	for ; includes > 0; includes-- {
		g.w("R.popj(", jsString(g.opts.Key), ");\n")
	}
}

func (g *gen) node(n wxml.Node, parent string) {
	switch n := n.(type) {
	case *wxml.Text:
		g.w("o = {}; R.p(", parent, ", R.t(", g.concat(n.Value), "));\n")
	case *wxml.Element:
		g.element(n, parent)
	case *wxml.IfChain:
		g.ifChain(n, parent)
	case *wxml.For:
		g.forLoop(n, parent)
	case *wxml.TemplateCall:
		g.templateCall(n, parent)
	case *wxml.Include:
		g.w("R.ic(", jsString(n.Src), ", ", jsString(g.opts.Key), ", e, s, ", parent, ", gg);\n")
	}
}

func (g *gen) element(n *wxml.Element, parent string) {
	if n.Tag == "block" {
		g.children(n.Children, parent)
		return
	}
	v := g.newVar("n")
	g.w("var ", v, " = R.n(", jsString(n.Tag), ");\n")
	attrs := append([]*wxml.Attr(nil), n.Attrs...)
	sort.SliceStable(attrs, func(i, j int) bool { return attrs[i].Name < attrs[j].Name })
	for _, a := range attrs {
		name := a.Name
		switch {
		case strings.HasPrefix(name, "wx:"), strings.HasPrefix(name, "wx-"):
			continue // unknown wx: and wx- attributes are dropped, as wcc does
		case strings.HasPrefix(name, "generic:"):
			gname := name[len("generic:"):]
			switch {
			case a.Value == nil:
				g.w("R.generic(", v, ", ", jsString(gname), ", \"\");\n")
			case a.Value.IsStatic():
				g.w("R.generic(", v, ", ", jsString(gname), ", ", jsString(a.Value.StaticString()), ");\n")
			default:
				// wcc's own runtime crashes on dynamic generics (NOTES.md §4.11).
				g.w("R.fail(\"dynamic generic:", gname, " is not supported\");\n")
			}
			continue
		case strings.HasPrefix(name, "model:"):
			name = AttrName(name[len("model:"):])
		default:
			name = AttrName(name)
		}
		if a.Value == nil {
			g.w(v, ".attr[", jsString(name), "] = true;\n")
			continue
		}
		g.w("o = {}; R.attr(", v, ", ", jsString(name), ", ", g.value(a.Value), ", o);\n")
	}
	g.children(n.Children, v)
	g.w("R.p(", parent, ", ", v, ");\n")
}

// AttrName applies wcc's attribute-name rewriting (NOTES.md §4.1): dashes
// removed and the next character upper-cased, except for data-* names and
// names with a colon.
func AttrName(name string) string {
	if strings.HasPrefix(name, "data-") || strings.Contains(name, ":") || !strings.Contains(name, "-") {
		return name
	}
	var b strings.Builder
	up := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '-' {
			up = true
			continue
		}
		if up && 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		up = false
		b.WriteByte(c)
	}
	return b.String()
}

func (g *gen) ifChain(n *wxml.IfChain, parent string) {
	v := g.newVar("v")
	g.w("var ", v, " = R.v(); R.p(", parent, ", ", v, ");\n")
	for i, br := range n.Branches {
		id := g.opts.Key + ":b" + strconv.Itoa(g.branches)
		g.branches++
		switch {
		case br.Cond == nil:
			g.w("else {\n")
		case i == 0:
			g.w("if ((o = {}, R.t(", g.value(br.Cond), "))) {\n")
		default:
			g.w("else if ((o = {}, R.t(", g.value(br.Cond), "))) {\n")
		}
		g.w("R.hit(", jsString(id), ");\n")
		g.node(br.Body, v)
		g.w("}\n")
	}
}

func (g *gen) forLoop(n *wxml.For, parent string) {
	v := g.newVar("v")
	id := g.opts.Key + ":l" + strconv.Itoa(g.loops)
	g.loops++
	key := "\"\""
	if n.HasKey && !strings.Contains(n.Key, "{{") {
		key = jsString(n.Key)
	}
	g.w("var ", v, " = R.v(); R.p(", parent, ", ", v, ");\n")
	g.w("o = {}; R.wfor(", g.value(n.List), ", function (e, s, r, gg) {\nvar o;\nR.hit(", jsString(id), ");\n")
	g.node(n.Body, "r")
	g.w("}, e, s, gg, ", v, ", ", jsString(n.Item), ", ", jsString(n.Index), ", ", key, ");\n")
}

func (g *gen) templateCall(n *wxml.TemplateCall, parent string) {
	v := g.newVar("v")
	key := jsString(g.opts.Key)
	line, col := g.pos(n.Range)
	g.w("var ", v, " = R.v(); R.p(", parent, ", ", v, ");\n")
	name := g.newVar("tn")
	g.w("o = {}; var ", name, " = R.t(", g.value(n.Is), ");\n")
	g.w("R.tcall(", key, ", ", name, ", R.gd(", key, ", ", name, "), ")
	if n.Data != nil {
		g.w("(o = {}, ", g.expr(n.Data, false), ")")
	} else {
		g.w("undefined")
	}
	g.w(", ", v, ", gg, ", line, ", ", col, ");\n")
}

// value compiles an attribute value or a text run: one mustache alone is the
// raw value; anything else is string concatenation (undefined as "").
func (g *gen) value(v *wxml.Value) string {
	if v == nil {
		return "true"
	}
	if e := v.Single(); e != nil {
		return g.expr(e, false)
	}
	return g.concat(v)
}

func (g *gen) concat(v *wxml.Value) string {
	if v.IsStatic() {
		return jsString(v.StaticString())
	}
	var b strings.Builder
	b.WriteString("(\"\"")
	for _, p := range v.Parts {
		b.WriteString(" + ")
		if p.Expr == nil {
			b.WriteString(jsString(p.Literal))
		} else {
			b.WriteString("R.str(")
			b.WriteString(g.expr(p.Expr, true))
			b.WriteString(")")
		}
	}
	b.WriteString(")")
	return b.String()
}

// expr compiles an expression. reset mirrors wcc's evaluation points that
// clear the ap flag before evaluating a sub-expression.
func (g *gen) expr(e wxml.Expr, reset bool) string {
	s := g.exprInner(e)
	if reset && needsReset(e) {
		return "(o.ap = false, " + s + ")"
	}
	return s
}

// needsReset reports whether clearing the ap flag before e can be observed:
// literals never read it and operators clear it themselves before their
// first operand, so only lookups, member accesses and calls need it.
func needsReset(e wxml.Expr) bool {
	switch e := e.(type) {
	case *wxml.EIdent, *wxml.EDot, *wxml.EIndex, *wxml.ECall:
		return true
	case *wxml.EArray:
		return len(e.Items) == 0
	case *wxml.EObject:
		return len(e.Props) == 0
	}
	return false
}

func (g *gen) exprInner(e wxml.Expr) string {
	switch e := e.(type) {
	case *wxml.EEmpty:
		return "undefined"
	case *wxml.ENumber:
		return "(" + strconv.FormatFloat(e.Value, 'g', -1, 64) + ")"
	case *wxml.EString:
		return jsString(e.Value)
	case *wxml.EBool:
		if e.Value {
			return "true"
		}
		return "false"
	case *wxml.ENull:
		return "null"
	case *wxml.EIdent:
		return "R.id(o, e, s, gg, " + jsString(e.Name) + ")"
	case *wxml.EDot:
		return "R.md(o, " + g.expr(e.Target, false) + ", " + jsString(e.Name) + ")"
	case *wxml.EIndex:
		switch k := e.Index.(type) {
		case *wxml.EString:
			return "R.md(o, " + g.expr(e.Target, false) + ", " + jsString(k.Value) + ")"
		case *wxml.ENumber:
			return "R.md(o, " + g.expr(e.Target, false) + ", " + g.exprInner(k) + ")"
		}
		return "R.mc(o, " + g.expr(e.Target, false) + ", function () { return " + g.expr(e.Index, false) + "; })"
	case *wxml.ECall:
		var b strings.Builder
		b.WriteString("R.call(o, ")
		b.WriteString(g.expr(e.Target, false))
		b.WriteString(", function () { return [")
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(g.expr(a, true))
		}
		b.WriteString("]; })")
		return b.String()
	case *wxml.EUnary:
		x := g.expr(e.X, true)
		if e.Op == "-" {
			return "(0 - " + x + ")"
		}
		return "(" + e.Op + x + ")"
	case *wxml.EBinary:
		return "(" + g.expr(e.L, true) + " " + e.Op + " " + g.expr(e.R, true) + ")"
	case *wxml.ECond:
		return "(" + g.expr(e.Test, true) + " ? " + g.expr(e.Yes, true) + " : " + g.expr(e.No, true) + ")"
	case *wxml.EArray:
		var b strings.Builder
		b.WriteString("[")
		for i, x := range e.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(g.expr(x, true))
		}
		b.WriteString("]")
		return b.String()
	case *wxml.EObject:
		var b strings.Builder
		b.WriteString("R.obj([")
		for i, p := range e.Props {
			if i > 0 {
				b.WriteString(", ")
			}
			if p.Spread {
				b.WriteString("[10, null, " + g.expr(p.Value, true) + "]")
			} else {
				b.WriteString("[8, " + jsString(p.Key) + ", " + g.expr(p.Value, true) + "]")
			}
		}
		b.WriteString("])")
		return b.String()
	}
	return "undefined"
}
