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
	"slices"
	"strconv"
	"strings"
	"sync"

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
	b        jsBuf
	vars     int
	branches int
	loops    int

	topImports []*wxml.Import         // top-level imports not pushed yet
	top        []*wxml.Import         // imports outside any element or template
	nested     map[any][]*wxml.Import // see scopedImports
	// scopedPending are the imports of the container being rendered that
	// were not pushed yet.
	scopedPending []*wxml.Import
	// idrRoot is the lookup that clears the ap flag for its whole chain
	// (see expr).
	idrRoot *wxml.EIdent

	key     string // g.opts.Key as a JS string literal
	attrBuf []*wxml.Attr
	targets []attrTarget
}

// attrTarget is an attribute of an element and the name it renders as.
type attrTarget struct {
	a    *wxml.Attr
	name string
}

// Generate compiles f. It never fails: problems were reported by the parser.
func Generate(f *wxml.File, opts Options) Result {
	g := &gen{opts: opts, file: f}
	g.key = jsString(opts.Key)
	// The code is written into a buffer that the next file reuses, then
	// copied once at its exact size: a one-shot mpc compile does not
	// collect garbage, and a new buffer per file, presized or grown, would
	// be new memory (page faults) well beyond the code's own size.
	bp := bufPool.Get().(*[]byte)
	g.b.b = (*bp)[:0]
	g.module()
	js := string(g.b.b)
	*bp = g.b.b
	bufPool.Put(bp)
	return Result{JS: js, Branches: g.branches, Loops: g.loops}
}

var bufPool = sync.Pool{New: func() any { return new([]byte) }}

// jsBuf is a strings.Builder whose memory can be reused.
type jsBuf struct{ b []byte }

func (j *jsBuf) WriteString(s string) { j.b = append(j.b, s...) }
func (j *jsBuf) byte(c byte)          { j.b = append(j.b, c) }
func (j *jsBuf) String() string       { return string(j.b) }

func (g *gen) w(s ...string) {
	for _, x := range s {
		g.b.WriteString(x)
	}
}

// q writes s as a JS string literal.
func (g *gen) q(s string) { writeJSString(&g.b, s) }

func (g *gen) newVar(prefix string) string {
	g.vars++
	return prefix + strconv.Itoa(g.vars)
}

func jsString(s string) string {
	var b jsBuf
	writeJSString(&b, s)
	return b.String()
}

// jsSpecial marks the bytes writeJSString must look at: quote, backslash,
// control characters, and 0xe2 (which starts U+2028 and U+2029).
var jsSpecial = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t['"'], t['\\'], t[0x7f], t[0xe2] = true, true, true, true
	return
}()

// writeJSString writes s as a double-quoted JS string literal.
func writeJSString(b *jsBuf, s string) {
	b.byte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !jsSpecial[c] {
			continue
		}
		var esc string
		switch {
		case c == '"':
			esc = `\"`
		case c == '\\':
			esc = `\\`
		case c == '\n':
			esc = `\n`
		case c == '\r':
			esc = `\r`
		case c == '\t':
			esc = `\t`
		case c < 0x20 || c == 0x7f:
			esc = `\x` + string("0123456789abcdef"[c>>4]) + string("0123456789abcdef"[c&15])
		case i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xa8 || s[i+2] == 0xa9):
			// U+2028/U+2029 end a line inside older JS string literals
			b.WriteString(s[start:i])
			if s[i+2] == 0xa8 {
				b.WriteString(`\u2028`)
			} else {
				b.WriteString(`\u2029`)
			}
			i += 2
			start = i + 1
			continue
		default:
			continue // another character starting with 0xe2
		}
		b.WriteString(s[start:i])
		b.WriteString(esc)
		start = i + 1
	}
	b.WriteString(s[start:])
	b.byte('"')
}

func (g *gen) module() {
	f := g.file
	key := g.key
	top := topLevelImports(f)
	g.top = top
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
		g.scoped(g.scopedImports()[t], func() { g.children(t.Children, "r") })
		g.w("}")
	}
	g.w("},\nf: function (e, s, r, gg) {\nvar o;\n")
	// Top-level imports are pushed where they stand, as wcc does: a
	// template called before a later <import> does not see it. Imports
	// inside an element or template are pushed when its rendering starts
	// and popped when it ends (see scopedImports).
	g.topImports = top
	g.children(f.Nodes, "r")
	g.flushImports(-1)
	for range top {
		g.w("R.popi(", key, ");\n")
	}
	g.w("}\n});\n")
}

func (g *gen) importHere(im *wxml.Import) {
	line, col := g.pos(im.Range)
	g.w("R.ai(", g.key, ", ")
	g.q(im.Src)
	g.w(", ", line, ", ", col, ");\n")
}

// flushImports pushes the pending top-level imports that stand before
// offset (all of them for -1).
func (g *gen) flushImports(offset int32) {
	for len(g.topImports) > 0 && (offset < 0 || g.topImports[0].Range.Loc.Start < offset) {
		g.importHere(g.topImports[0])
		g.topImports = g.topImports[1:]
	}
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
		if len(g.topImports) > 0 {
			g.flushImports(n.NodeRange().Loc.Start)
		}
		for len(g.scopedPending) > 0 && g.scopedPending[0].Range.Loc.Start < n.NodeRange().Loc.Start {
			g.importHere(g.scopedPending[0])
			g.scopedPending = g.scopedPending[1:]
		}
		g.node(n, parent)
	}
	for ; includes > 0; includes-- {
		g.w("R.popj(", g.key, ");\n")
	}
}

func (g *gen) node(n wxml.Node, parent string) {
	switch n := n.(type) {
	case *wxml.Text:
		if n.Value.IsStatic() {
			g.w("R.p(", parent, ", ")
			writeJSString(&g.b, n.Value.StaticString())
			g.w(");\n")
			return
		}
		g.w("o = {}; R.p(", parent, ", R.t(")
		g.concat(n.Value)
		g.w("));\n")
	case *wxml.Element:
		g.element(n, parent)
	case *wxml.IfChain:
		g.ifChain(n, parent)
	case *wxml.For:
		g.forLoop(n, parent)
	case *wxml.TemplateCall:
		g.templateCall(n, parent)
	case *wxml.Include:
		g.w("R.ic(")
		g.q(n.Src)
		g.w(", ", g.key, ", e, s, ", parent, ", gg);\n")
	}
}

func (g *gen) element(n *wxml.Element, parent string) {
	if n.Tag == "block" {
		g.scoped(g.scopedImports()[n], func() { g.children(n.Children, parent) })
		return
	}
	v := g.newVar("n")
	g.w("var ", v, " = R.n(")
	g.q(n.Tag)
	g.w(");\n")
	// scratch slices: the attributes are done before the children start
	attrs := append(g.attrBuf[:0], n.Attrs...)
	slices.SortStableFunc(attrs, func(a, b *wxml.Attr) int { return strings.Compare(a.Name, b.Name) })
	g.attrBuf = attrs
	targets := g.targets[:0]
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
		targets = append(targets, attrTarget{a, name})
	}
	g.targets = targets
	// Of attributes that map to one name (repeated, or model:x next to x),
	// wcc compiles only the last in sorted source-name order: an earlier wxs
	// function must not leave a $wxs: entry behind.
	for i, t := range targets {
		if shadowed(targets[i+1:], t.name) {
			continue
		}
		if t.a.Value == nil {
			g.w(v, ".attr[")
			g.q(t.name)
			g.w("] = true;\n")
			continue
		}
		if t.a.Value.IsStatic() {
			// a string needs no evaluation state: store it as R.attr would
			g.w(v, ".attr[")
			g.q(t.name)
			g.w("] = ")
			writeJSString(&g.b, t.a.Value.StaticString())
			g.w(";\n")
			continue
		}
		g.w("o = {}; R.attr(", v, ", ")
		g.q(t.name)
		g.w(", ")
		g.value(t.a.Value)
		g.w(", o);\n")
	}
	g.scoped(g.scopedImports()[n], func() { g.children(n.Children, v) })
	g.w("R.p(", parent, ", ", v, ");\n")
}

// scoped renders body, the children of a container holding imports: as
// at the top level, each is pushed where it stands among the children
// (children() flushes them), and all are popped at the container's end.
func (g *gen) scoped(imports []*wxml.Import, body func()) {
	saved := g.scopedPending
	g.scopedPending = imports
	body()
	for _, im := range g.scopedPending { // after the last child
		g.importHere(im)
	}
	g.scopedPending = saved
	for range imports {
		g.w("R.popi(", g.key, ");\n")
	}
}

// scopedImports maps each element or template definition to the imports
// directly inside it (innermost container). wcc makes such an import
// visible from where it stands to the container's end only; one whose container
// is never rendered (inside a template call or an include tag) imports
// nothing.
func (g *gen) scopedImports() map[any][]*wxml.Import {
	if g.nested != nil {
		return g.nested
	}
	g.nested = map[any][]*wxml.Import{}
	top := map[*wxml.Import]bool{}
	for _, im := range g.top {
		top[im] = true
	}
	owner := map[*wxml.Import]any{}
	// visit gives container the imports in imps, then lets the elements
	// among nodes (through wx:if and wx:for) claim the ones inside them.
	var visit func(container any, nodes []wxml.Node, imps []*wxml.Import)
	var claim func(nodes []wxml.Node, imps []*wxml.Import)
	visit = func(container any, nodes []wxml.Node, imps []*wxml.Import) {
		for _, im := range imps {
			owner[im] = container
		}
		claim(nodes, imps)
	}
	claim = func(nodes []wxml.Node, imps []*wxml.Import) {
		for _, n := range nodes {
			switch n := n.(type) {
			case *wxml.Element:
				var inside []*wxml.Import
				for _, im := range imps {
					if contains(n.Range, im.Range) {
						inside = append(inside, im)
					}
				}
				if len(inside) > 0 {
					visit(n, n.Children, inside)
				}
			case *wxml.IfChain:
				for _, br := range n.Branches {
					claim([]wxml.Node{br.Body}, imps)
				}
			case *wxml.For:
				claim([]wxml.Node{n.Body}, imps)
			}
		}
	}
	// Template bodies are hoisted: an import belongs to its innermost
	// template definition, if any, and is looked for in that body.
	byTemplate := map[*wxml.TemplateDef][]*wxml.Import{}
	var outside []*wxml.Import
	for _, im := range g.file.Imports {
		if top[im] {
			continue
		}
		var in *wxml.TemplateDef
		for _, t := range g.file.Templates {
			if contains(t.Range, im.Range) && (in == nil || t.Range.Len < in.Range.Len) {
				in = t
			}
		}
		if in != nil {
			byTemplate[in] = append(byTemplate[in], im)
		} else {
			outside = append(outside, im)
		}
	}
	for _, t := range g.file.Templates {
		if imps := byTemplate[t]; len(imps) > 0 {
			visit(t, t.Children, imps)
		}
	}
	if len(outside) > 0 {
		visit(nil, g.file.Nodes, outside)
	}
	for _, im := range g.file.Imports { // source order
		if o := owner[im]; o != nil {
			g.nested[o] = append(g.nested[o], im)
		}
	}
	return g.nested
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
			g.w("if ((o = {}, R.t(")
			g.value(br.Cond)
			g.w("))) {\n")
		default:
			g.w("else if ((o = {}, R.t(")
			g.value(br.Cond)
			g.w("))) {\n")
		}
		g.w("R.hit(")
		g.q(id)
		g.w(");\n")
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
	g.w("o = {}; R.wfor(")
	g.value(n.List)
	g.w(", function (e, s, r, gg) {\nvar o;\nR.hit(")
	g.q(id)
	g.w(");\n")
	g.node(n.Body, "r")
	g.w("}, e, s, gg, ", v, ", ")
	g.q(n.Item)
	g.w(", ")
	g.q(n.Index)
	g.w(", ", key, ");\n")
}

func (g *gen) templateCall(n *wxml.TemplateCall, parent string) {
	v := g.newVar("v")
	key := g.key
	line, col := g.pos(n.Range)
	g.w("var ", v, " = R.v(); R.p(", parent, ", ", v, ");\n")
	name := g.newVar("tn")
	g.w("o = {}; var ", name, " = R.t(")
	g.value(n.Is)
	g.w(");\n")
	g.w("R.tcall(", key, ", ", name, ", R.gd(", key, ", ", name, "), ")
	switch {
	case n.Data != nil:
		g.w("(o = {}, ")
		g.expr(n.Data, false)
		g.w(")")
	case n.DataText != nil:
		// text around the mustache: wcc passes the concatenated string
		g.w("(o = {}, ")
		g.concat(n.DataText)
		g.w(")")
	default:
		g.w("undefined")
	}
	g.w(", ", v, ", gg, ", line, ", ", col, ");\n")
}

// value writes an attribute value or a text run: one mustache alone is the
// raw value; anything else is string concatenation (undefined as "").
func (g *gen) value(v *wxml.Value) {
	if v == nil {
		g.w("true")
		return
	}
	if e := v.Single(); e != nil {
		g.expr(e, false)
		return
	}
	g.concat(v)
}

func (g *gen) concat(v *wxml.Value) {
	if v.IsStatic() {
		writeJSString(&g.b, v.StaticString())
		return
	}
	g.w("(\"\"")
	for _, p := range v.Parts {
		g.w(" + ")
		if p.Expr == nil {
			writeJSString(&g.b, p.Literal)
		} else {
			g.w("R.str(")
			g.expr(p.Expr, true)
			g.w(")")
		}
	}
	g.w(")")
}

// expr writes an expression. reset mirrors wcc's evaluation points that
// clear the ap flag before evaluating a sub-expression.
func (g *gen) expr(e wxml.Expr, reset bool) {
	if reset && needsReset(e) {
		// The reset happens before anything of e is evaluated; when e is a
		// chain rooted at a data lookup, that lookup is evaluated first and
		// R.idr does it with the flag cleared: shorter code, same effect.
		if root := chainRoot(e); root != nil {
			g.idrRoot = root
			g.exprInner(e)
			return
		}
		g.w("(o.ap = false, ")
		g.exprInner(e)
		g.w(")")
		return
	}
	g.exprInner(e)
}

// chainRoot is the identifier at the root of a lookup, member or call
// chain (a in a.b[c](d)), or nil.
func chainRoot(e wxml.Expr) *wxml.EIdent {
	for {
		switch x := e.(type) {
		case *wxml.EIdent:
			if x.Name == "undefined" {
				return nil
			}
			return x
		case *wxml.EDot:
			e = x.Target
		case *wxml.EIndex:
			e = x.Target
		case *wxml.ECall:
			e = x.Target
		default:
			return nil
		}
	}
}

// exprList writes xs separated by commas, each evaluated afresh (call
// arguments, array items).
func (g *gen) exprList(xs []wxml.Expr) {
	for i, x := range xs {
		if i > 0 {
			g.w(", ")
		}
		g.expr(x, true)
	}
}

// needsReset reports whether clearing the ap flag before e can be observed:
// literals never read it and operators clear it themselves before their
// first operand, so only lookups, member accesses and calls need it.
func needsReset(e wxml.Expr) bool {
	switch e := e.(type) {
	case *wxml.EIdent:
		return e.Name != "undefined"
	case *wxml.EDot, *wxml.EIndex, *wxml.ECall:
		return true
	case *wxml.EArray:
		return len(e.Items) == 0
	case *wxml.EObject:
		return len(e.Props) == 0
	}
	return false
}

func (g *gen) exprInner(e wxml.Expr) {
	switch e := e.(type) {
	case *wxml.EEmpty:
		g.w("\"\"") // wcc: {{}} is the empty string
	case *wxml.ENumber:
		g.w("(")
		g.b.WriteString(strconv.FormatFloat(e.Value, 'g', -1, 64))
		g.w(")")
	case *wxml.EString:
		writeJSString(&g.b, e.Value)
	case *wxml.EBool:
		if e.Value {
			g.w("true")
		} else {
			g.w("false")
		}
	case *wxml.ENull:
		g.w("null")
	case *wxml.EIdent:
		if e.Name == "undefined" {
			g.w("undefined") // a keyword for wcc, never looked up in data
			return
		}
		if g.idrRoot == e {
			g.idrRoot = nil
			g.w("R.idr(o, e, s, gg, ")
		} else {
			g.w("R.id(o, e, s, gg, ")
		}
		writeJSString(&g.b, e.Name)
		g.w(")")
	case *wxml.EDot:
		g.w("R.md(o, ")
		g.expr(e.Target, false)
		g.w(", ")
		writeJSString(&g.b, e.Name)
		g.w(")")
	case *wxml.EIndex:
		switch k := e.Index.(type) {
		case *wxml.EString, *wxml.ENumber:
			g.w("R.md(o, ")
			g.expr(e.Target, false)
			g.w(", ")
			g.exprInner(k)
			g.w(")")
			return
		}
		g.w("R.mc(o, ")
		g.expr(e.Target, false)
		g.w(", function () { return ")
		g.expr(e.Index, false)
		g.w("; })")
	case *wxml.ECall:
		g.w("R.call(o, ")
		g.expr(e.Target, false)
		g.w(", function () { return [")
		g.exprList(e.Args)
		g.w("]; })")
	case *wxml.EUnary:
		switch e.Op {
		case "-":
			g.w("(0 - ")
		case "~":
			g.w("(~R.i32(")
			g.expr(e.X, true)
			g.w("))")
			return
		default:
			g.w("(", e.Op)
		}
		g.expr(e.X, true)
		g.w(")")
	case *wxml.EBinary:
		if e.Op == "==" || e.Op == "!=" {
			// loose equality through the runtime (see R.eq)
			if e.Op == "!=" {
				g.w("!")
			}
			g.w("R.eq(")
			g.expr(e.L, true)
			g.w(", ")
			g.expr(e.R, true)
			g.w(")")
			return
		}
		if bitwise(e.Op) {
			g.w("(R.i32(")
			g.expr(e.L, true)
			g.w(") ", e.Op, " R.i32(")
			g.expr(e.R, true)
			g.w("))")
			return
		}
		g.w("(")
		g.expr(e.L, true)
		g.w(" ", e.Op, " ")
		g.expr(e.R, true)
		g.w(")")
	case *wxml.ECond:
		g.w("(")
		g.expr(e.Test, true)
		g.w(" ? ")
		g.expr(e.Yes, true)
		g.w(" : ")
		g.expr(e.No, true)
		g.w(")")
	case *wxml.EArray:
		g.w("[")
		g.exprList(e.Items)
		g.w("]")
	case *wxml.EObject:
		g.w("R.obj([")
		for i, p := range e.Props {
			if i > 0 {
				g.w(", ")
			}
			if p.Spread {
				g.w("[10, null, ")
			} else {
				g.w("[8, ")
				writeJSString(&g.b, p.Key)
				g.w(", ")
			}
			g.expr(p.Value, true)
			g.w("]")
		}
		g.w("])")
	default:
		g.w("undefined")
	}
}

// bitwise operators convert their operands with ToInt32 (see R.i32).
func bitwise(op string) bool {
	switch op {
	case "&", "|", "^", "<<", ">>":
		return true
	}
	return false
}

// shadowed reports whether a later attribute renders as name too (an
// element has a handful of attributes: no map needed).
func shadowed(later []attrTarget, name string) bool {
	for _, t := range later {
		if t.name == name {
			return true
		}
	}
	return false
}
