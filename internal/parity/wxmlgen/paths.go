package wxmlgen

import (
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/mpc-dev/mpc/wxml"
)

// Loader returns the parsed file at a root-relative slash path
// ("comp/a.wxml"), or nil when there is none.
type Loader func(rel string) *wxml.File

// Paths returns the shape of the page data that the entry file's
// expressions read, following what it includes and the templates it calls
// (also imported ones). Loop variables map back to the list they iterate
// (`item.id` in a loop over `list` is list[].id), and a template's reads map
// back through the call's data object (`data="{{...o, k: v}}"`).
func Paths(entry string, load Loader) *Shape {
	x := &extractor{
		load:   load,
		files:  map[string]*fileInfo{},
		tmpls:  map[*wxml.TemplateDef]*Shape{},
		active: map[*wxml.TemplateDef]bool{},
	}
	root := NewShape()
	fi := x.file(entry)
	if fi == nil {
		return root
	}
	x.nodes(&pscope{fi: fi, root: root}, fi.f.Nodes)
	return root
}

type extractor struct {
	load     Loader
	files    map[string]*fileInfo
	tmpls    map[*wxml.TemplateDef]*Shape // template data shapes, computed once
	active   map[*wxml.TemplateDef]bool   // templates being walked (recursion)
	includes []string                     // include stack (cycles)
}

type fileInfo struct {
	rel     string
	f       *wxml.File
	defs    map[string]*wxml.TemplateDef // the file's own templates (last wins)
	modules map[string]bool              // wxs module names declared in the file
	visible map[string]tmplRef           // defs + imports + imports of top-level includes
}

type tmplRef struct {
	fi  *fileInfo
	def *wxml.TemplateDef
}

func (x *extractor) file(rel string) *fileInfo {
	if fi, ok := x.files[rel]; ok {
		return fi
	}
	x.files[rel] = nil // cycles: a file being loaded is "missing" to itself
	f := x.load(rel)
	if f == nil {
		return nil
	}
	fi := &fileInfo{rel: rel, f: f, defs: map[string]*wxml.TemplateDef{}, modules: map[string]bool{}}
	for _, d := range f.Templates {
		fi.defs[d.Name] = d
	}
	for _, m := range f.Wxs {
		fi.modules[m.Module] = true
	}
	x.files[rel] = fi
	return fi
}

// visibleTemplates is the lookup table of NOTES.md §4.8/§4.9: imports'
// templates (the later import wins), templates imported by top-level
// includes, then the file's own definitions over all of them.
func (x *extractor) visibleTemplates(fi *fileInfo) map[string]tmplRef {
	if fi.visible != nil {
		return fi.visible
	}
	fi.visible = map[string]tmplRef{} // also breaks cycles
	vis := map[string]tmplRef{}
	var viaIncludes func(f *fileInfo, depth int)
	viaIncludes = func(f *fileInfo, depth int) {
		if depth > 8 {
			return
		}
		for _, n := range f.f.Nodes {
			inc, ok := n.(*wxml.Include)
			if !ok || !inc.TopLevel {
				continue
			}
			g := x.file(resolveRef(f.rel, inc.Src, true))
			if g == nil {
				continue
			}
			x.addImports(vis, g)
			viaIncludes(g, depth+1)
		}
	}
	viaIncludes(fi, 0)
	x.addImports(vis, fi)
	for name, d := range fi.defs {
		vis[name] = tmplRef{fi, d}
	}
	fi.visible = vis
	return vis
}

func (x *extractor) addImports(vis map[string]tmplRef, fi *fileInfo) {
	for _, imp := range fi.f.Imports {
		g := x.file(resolveRef(fi.rel, imp.Src, true))
		if g == nil {
			continue
		}
		for name, d := range g.defs {
			vis[name] = tmplRef{g, d}
		}
	}
}

// resolveRef resolves src as written in fromRel (absolute = from the root).
func resolveRef(fromRel, src string, wxmlExt bool) string {
	src = strings.ReplaceAll(src, "\\", "/")
	var p string
	if strings.HasPrefix(src, "/") {
		p = path.Clean(src[1:])
	} else {
		p = path.Join(path.Dir(fromRel), src)
	}
	p = strings.TrimPrefix(p, "./")
	if wxmlExt && !strings.HasSuffix(p, ".wxml") {
		p += ".wxml"
	}
	return p
}

// pscope is where names resolve: loop variables (shape nil = not data, like
// an index or the items of a literal list), then the data object root
// (page data, or a template's data), except wxs module names.
type pscope struct {
	fi   *fileInfo
	root *Shape
	vars *binding
}

type binding struct {
	name  string
	shape *Shape
	next  *binding
}

func (s *pscope) with(name string, sh *Shape) *pscope {
	c := *s
	c.vars = &binding{name, sh, s.vars}
	return &c
}

// wxsConst returns the last name of a member chain on a wxs module
// (m.A.B -> "B").
func (s *pscope) wxsConst(e wxml.Expr) (string, bool) {
	d, ok := e.(*wxml.EDot)
	if !ok {
		return "", false
	}
	root := d.Target
	for {
		switch t := root.(type) {
		case *wxml.EDot:
			root = t.Target
			continue
		case *wxml.EIdent:
			return d.Name, s.fi.modules[t.Name] && s.lookupVar(t.Name) == nil
		}
		return "", false
	}
}

// lookupVar finds a loop variable binding.
func (s *pscope) lookupVar(name string) *binding {
	for b := s.vars; b != nil; b = b.next {
		if b.name == name {
			return b
		}
	}
	return nil
}

// lookup resolves a bare name; nil means "not page data".
func (s *pscope) lookup(name string) *Shape {
	if b := s.lookupVar(name); b != nil {
		return b.shape
	}
	if s.fi.modules[name] {
		return nil
	}
	switch name {
	case "undefined", "NaN", "Infinity", "this":
		return nil
	}
	return s.root.Field(name)
}

func (x *extractor) nodes(s *pscope, ns []wxml.Node) {
	for _, n := range ns {
		x.node(s, n)
	}
}

func (x *extractor) node(s *pscope, n wxml.Node) {
	switch n := n.(type) {
	case *wxml.Element:
		for _, a := range n.Attrs {
			x.value(s, a.Value)
		}
		x.nodes(s, n.Children)
	case *wxml.Text:
		x.value(s, n.Value)
	case *wxml.IfChain:
		for _, b := range n.Branches {
			x.value(s, b.Cond)
			x.node(s, b.Body)
		}
	case *wxml.For:
		x.loop(s, n)
	case *wxml.TemplateCall:
		x.call(s, n)
	case *wxml.Include:
		rel := resolveRef(s.fi.rel, n.Src, true)
		for _, r := range x.includes {
			if r == rel {
				return
			}
		}
		fi := x.file(rel)
		if fi == nil {
			return
		}
		x.includes = append(x.includes, rel)
		// The content renders in the includer's data scope; its template
		// calls resolve in the included file.
		c := *s
		c.fi = fi
		x.nodes(&c, fi.f.Nodes)
		x.includes = x.includes[:len(x.includes)-1]
	}
}

// loop binds the item to a fresh shape, walks the body, then gives that
// shape to every path the list can come from (`a || b`, `c ? a : b`).
func (x *extractor) loop(s *pscope, n *wxml.For) {
	var lists []*Shape
	if e := n.List.Single(); e != nil {
		x.expr(s, e)
		lists = x.sources(s, e)
		// `wx:for="{{m.getOptions(cols, names)}}"`: wxs helpers mostly map
		// or filter an array argument, so the first path argument is
		// likely the list
		if call, ok := e.(*wxml.ECall); ok && len(lists) == 0 {
			for _, a := range call.Args {
				if src := x.sources(s, a); len(src) > 0 {
					lists = src
					break
				}
			}
		}
	} else {
		x.value(s, n.List)
	}
	var item *Shape
	if len(lists) > 0 {
		item = NewShape()
		if n.HasKey && n.Key != "" && n.Key != "*this" && !strings.Contains(n.Key, "{{") {
			item.Field(n.Key).Hint("k-" + n.Key)
		}
	}
	// The index wins when both names are equal (NOTES.md §4.6).
	body := s.with(n.Item, item).with(n.Index, nil)
	x.node(body, n.Body)
	for _, l := range lists {
		l.Items().Merge(item)
	}
}

// call maps the reads of the called templates back through the data object.
func (x *extractor) call(s *pscope, n *wxml.TemplateCall) {
	x.value(s, n.Is)
	if n.Data != nil {
		x.expr(s, n.Data)
	}
	vis := x.visibleTemplates(s.fi)
	var targets []tmplRef
	if n.Is.IsStatic() {
		if t, ok := vis[n.Is.StaticString()]; ok {
			targets = append(targets, t)
		}
	} else if e := n.Is.Single(); e != nil {
		// A dynamic name: the string literals in it name the candidates;
		// a bare path gets every visible name as a hint.
		lits := stringLiterals(e, nil)
		if len(lits) == 0 {
			for _, sh := range x.sources(s, e) {
				for _, name := range slices.Sorted(maps.Keys(vis)) {
					sh.Hint(name)
				}
			}
			for _, name := range slices.Sorted(maps.Keys(vis)) {
				targets = append(targets, vis[name])
			}
		}
		for _, l := range lits {
			if t, ok := vis[l]; ok {
				targets = append(targets, t)
			}
		}
	}
	for _, t := range targets {
		td := x.template(t)
		if td == nil || n.Data == nil {
			continue
		}
		for _, p := range n.Data.Props {
			switch {
			case p.Spread:
				for _, sh := range x.sources(s, p.Value) {
					sh.Merge(td)
				}
			default:
				f, ok := td.fields[p.Key]
				if !ok {
					continue
				}
				for _, sh := range x.sources(s, p.Value) {
					sh.Merge(f)
				}
			}
		}
	}
}

// template returns the data shape a template definition reads (its root
// scope is the call's data object only).
func (x *extractor) template(t tmplRef) *Shape {
	if sh, ok := x.tmpls[t.def]; ok {
		return sh
	}
	if x.active[t.def] {
		return nil
	}
	x.active[t.def] = true
	sh := NewShape()
	x.nodes(&pscope{fi: t.fi, root: sh}, t.def.Children)
	delete(x.active, t.def)
	x.tmpls[t.def] = sh
	return sh
}

func (x *extractor) value(s *pscope, v *wxml.Value) {
	if v == nil {
		return
	}
	for _, p := range v.Parts {
		if p.Expr != nil {
			x.expr(s, p.Expr)
		}
	}
}

// expr records the reads of e and returns the shape of e when e is itself
// a data path (a, a.b, a[0], a[i]), else nil.
func (x *extractor) expr(s *pscope, e wxml.Expr) *Shape {
	switch e := e.(type) {
	case *wxml.EIdent:
		return s.lookup(e.Name)
	case *wxml.EDot:
		t := x.expr(s, e.Target)
		if t == nil {
			return nil
		}
		if e.Name == "length" {
			// arrays and strings have one; make the path a list
			t.Items()
			return nil
		}
		return t.Field(e.Name)
	case *wxml.EIndex:
		t := x.expr(s, e.Target)
		idx := x.expr(s, e.Index)
		if idx != nil {
			idx.Num = true
			for _, h := range []any{0.0, 1.0} {
				idx.Hint(h)
			}
		}
		if t == nil {
			return nil
		}
		if str, ok := e.Index.(*wxml.EString); ok {
			return t.Field(str.Value)
		}
		return t.Items()
	case *wxml.ECall:
		// m.f(args): the callee is a wxs function (or a data method, which
		// evaluates to undefined); the arguments are values.
		if d, ok := e.Target.(*wxml.EDot); ok {
			x.expr(s, d.Target)
		} else {
			x.expr(s, e.Target)
		}
		for _, a := range e.Args {
			x.expr(s, a)
		}
		return nil
	case *wxml.EUnary:
		sh := x.expr(s, e.X)
		if sh != nil && e.Op != "!" {
			sh.Num = true
		}
		return nil
	case *wxml.EBinary:
		l := x.expr(s, e.L)
		r := x.expr(s, e.R)
		switch e.Op {
		case "==", "===", "!=", "!==":
			if lit, ok := literal(e.R); ok && l != nil {
				l.Hint(lit)
			}
			if lit, ok := literal(e.L); ok && r != nil {
				r.Hint(lit)
			}
			// `theme === _this.THEME.LINE`: wxs constants are usually
			// named after their value ('line')
			if name, ok := s.wxsConst(e.R); ok && l != nil {
				l.Hint(strings.ToLower(name))
			}
			if name, ok := s.wxsConst(e.L); ok && r != nil {
				r.Hint(strings.ToLower(name))
			}
		case "+", "&&", "||":
		default: // arithmetic, shifts, bitwise, relational
			for _, sh := range []*Shape{l, r} {
				if sh != nil {
					sh.Num = true
				}
			}
			if lit, ok := literal(e.R); ok && l != nil {
				hintAround(l, lit)
			}
			if lit, ok := literal(e.L); ok && r != nil {
				hintAround(r, lit)
			}
		}
		return nil
	case *wxml.ECond:
		x.expr(s, e.Test)
		x.expr(s, e.Yes)
		x.expr(s, e.No)
		return nil
	case *wxml.EArray:
		for _, it := range e.Items {
			x.expr(s, it)
		}
		return nil
	case *wxml.EObject:
		for _, p := range e.Props {
			x.expr(s, p.Value)
		}
		return nil
	}
	return nil
}

// sources lists the data paths e may evaluate to: e itself when it is a
// path, both sides of || and &&, both arms of ?:.
func (x *extractor) sources(s *pscope, e wxml.Expr) []*Shape {
	switch e := e.(type) {
	case *wxml.EIdent, *wxml.EDot, *wxml.EIndex:
		if sh := x.expr(s, e); sh != nil {
			return []*Shape{sh}
		}
	case *wxml.EBinary:
		if e.Op == "||" || e.Op == "&&" {
			return append(x.sources(s, e.L), x.sources(s, e.R)...)
		}
	case *wxml.ECond:
		return append(x.sources(s, e.Yes), x.sources(s, e.No)...)
	}
	return nil
}

// literal returns the value of a literal expression (a negative number is
// a unary minus on a number).
func literal(e wxml.Expr) (any, bool) {
	switch e := e.(type) {
	case *wxml.ENumber:
		return e.Value, true
	case *wxml.EString:
		return e.Value, true
	case *wxml.EBool:
		return e.Value, true
	case *wxml.ENull:
		return nil, true
	case *wxml.EUnary:
		if n, ok := e.X.(*wxml.ENumber); ok && e.Op == "-" {
			return -n.Value, true
		}
	}
	return nil, false
}

// hintAround makes both sides of a numeric comparison reachable.
func hintAround(sh *Shape, lit any) {
	n, ok := lit.(float64)
	if !ok {
		return
	}
	sh.Hint(n)
	sh.Hint(n + 1)
	sh.Hint(n - 1)
}

func stringLiterals(e wxml.Expr, out []string) []string {
	switch e := e.(type) {
	case *wxml.EString:
		out = append(out, e.Value)
	case *wxml.ECond:
		out = stringLiterals(e.Yes, out)
		out = stringLiterals(e.No, out)
	case *wxml.EBinary:
		if e.Op == "||" || e.Op == "&&" {
			out = stringLiterals(e.L, out)
			out = stringLiterals(e.R, out)
		}
	}
	return out
}
