package wxmlgen

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Entry is the file WXML's projects are rendered from.
const Entry = "index.wxml"

// WXML returns a random project, deterministic per seed: its files
// (root-relative slash paths to contents; the entry is Entry) and the page
// data (a JSON object text).
//
// The grammar is what NOTES.md §4 says wcc accepts: nested built-in and
// custom elements, <block>, <slot>; text with mustaches; static, single
// mustache and concatenated attributes (events, data-*, dashed names,
// model:, generic:); wx:if/elif/else chains; wx:for over arrays, objects,
// numbers and strings with item/index/key variants; templates (defined,
// imported, called with static or dynamic `is` and data with spreads and
// shorthands); import and include across files with relative and absolute
// paths, and imports inside elements, blocks, template definitions and a
// call's children (imports.go); inline and src wxs modules with ES5
// functions called from expressions; and expressions from the whole grammar of §4.12 (octal
// literals, member and index access, unary, binary and ternary operators
// with mixed precedence, array and object literals). Expressions read paths
// that exist in the data most of the time, so branches and loops do work.
func WXML(seed int64) (files map[string]string, data []byte) {
	// Nested imports draw from a stream of their own, so projects without
	// them are the same as before they existed.
	g := &gen{r: newRand(seed, 0x5eed), r2: newRand(seed, 0x1a7e), files: map[string]string{}}
	g.nestedProject = g.r2.IntN(3) == 0
	g.project()
	return g.files, Marshal(g.data)
}

type gen struct {
	r     *rand.Rand
	r2    *rand.Rand // decisions about nested imports
	data  *Obj
	files map[string]string

	wxsFiles  []string  // generated .wxs files (root-relative)
	utilFuncs []wxsFunc // what lib/util.wxs exports
	budget    int       // elements left in the file being generated
	// nestedProject: files of this project may hold <import> inside
	// elements, blocks and template definitions (see imports.go).
	nestedProject bool
}

// fileGen is the state of one .wxml being generated.
type fileGen struct {
	rel     string
	modules []*module       // wxs modules declared in this file
	tmpls   []*tmpl         // templates visible here (own and imported)
	own     []*tmpl         // templates defined here
	later   []string        // files this one may import/include (no cycles)
	imports map[string]bool // files imported (for visibility)
	// includes is how many more <include> of existing files the file may
	// have: included content multiplies through chains of files.
	includes int
	tnames   map[string]struct{} // own template names
	// nested: this file has imports inside containers; laterGens are the
	// files it may import there.
	nested    bool
	laterGens []*fileGen
	// called are the names template bodies of a nested file call: a
	// template defined later must not take one (its body could call the
	// caller: a cycle wcc takes minutes and gigabytes to cut).
	called map[string]bool
	// pending are templates defined inside the template body being
	// written: callable only once it is done.
	pending []*tmpl
}

// tmpl is a template definition: its name and its parameters with sample
// values (the body reads the parameters only, as wcc gives it only data).
type tmpl struct {
	name     string
	params   []param
	selfCall bool // the body already calls the template itself
}

type param struct {
	name string
	val  any
}

// module is a wxs module: its functions.
type module struct {
	name  string
	funcs []wxsFunc
}

// scope is what expressions may read: variables with sample values (page
// data fields, loop variables, template parameters) and wxs modules.
type scope struct {
	vars    []param
	modules []*module
	inTmpl  bool
	// loops is how many more wx:for may nest here. Loops multiply through
	// includes and template calls, so the budget is small: 2 in the page,
	// 1 in templates and in files that are included.
	loops int
	// self is the template whose body this is: wcc cuts recursion only
	// after a few levels, so more than one recursive call, or one in a
	// loop, makes its runtime take minutes.
	self *tmpl
	// tmpls are the templates that imports inside the enclosing containers
	// make visible here, the innermost last.
	tmpls []*tmpl
}

func (s *scope) with(p ...param) *scope {
	c := *s
	c.vars = append(append([]param(nil), p...), s.vars...)
	return &c
}

// ---------------------------------------------------------------- project

var otherFiles = []string{"lib/a.wxml", "lib/b.wxml", "sub/c.wxml", "comp/d.wxml"}

func (g *gen) project() {
	g.data = g.world()
	n := g.r.IntN(len(otherFiles) + 1)
	rels := append([]string{Entry}, otherFiles[:n]...)
	g.wxsLibrary()
	// Generate the leaves first so their templates are known to importers.
	fgs := make([]*fileGen, len(rels))
	for i := len(rels) - 1; i >= 0; i-- {
		fg := &fileGen{rel: rels[i], imports: map[string]bool{}, tnames: map[string]struct{}{}, includes: 1}
		if i == 0 {
			fg.includes = 2
		}
		fg.later = rels[i+1:]
		fg.laterGens = fgs[i+1:]
		fg.nested = g.nestedProject && i < len(rels)-1 && g.r2.IntN(4) < 3
		if fg.nested {
			fg.called = map[string]bool{}
		}
		fgs[i] = fg
		g.file(fg, fgs[i+1:], i == 0)
	}
	// A dynamic template name in the data.
	var names []string
	for _, t := range fgs[0].tmpls {
		names = append(names, t.name)
	}
	if fgs[0].nested {
		// names only imports inside containers make visible
		for _, lf := range fgs[0].laterGens {
			for _, t := range lf.own {
				names = append(names, t.name)
			}
		}
	}
	if len(names) > 0 {
		g.data.Set("tname", pick(g.r, names))
	}
	// Now and then an input wcc rejects (NOTES.md §4.14): both sides must
	// reject it.
	if g.r.IntN(50) == 0 {
		g.files[Entry] += pick(g.r, invalid)
	}
}

var invalid = []string{
	"<view>{{a +}}</view>", "<view wx:else>x</view>", "<view>", "<view a=\"x\ny\"/>", "<wx-foo/>",
	`<template is="t0" data="x"/>`, "<view>{{1e3}}</view>", `<view v="{{+s}}"/>`,
	"<wxs module=\"1m\">module.exports = {}</wxs>", "<view>a < b</view>", "</view>",
	`<view v="{{ {} }}"/>`, "<view>{{a ?? b}}</view>", "<view><text>x</view>",
}

// world is the page data: fields of every JSON type with fixed names, so
// expressions can read real paths; now and then a field has another type or
// is missing.
func (g *gen) world() *Obj {
	r := g.r
	o := &Obj{}
	item := func(i int) *Obj {
		it := &Obj{}
		it.Set("id", pick(r, []any{"a" + strconv.Itoa(i), float64(i), "中" + strconv.Itoa(i)}))
		it.Set("name", pick(r, strings_))
		it.Set("v", pick(r, numbers))
		it.Set("on", r.IntN(2) == 0)
		if r.IntN(2) == 0 {
			sub := []any{}
			for j := 0; j < r.IntN(3); j++ {
				sub = append(sub, pick(r, safeScalars))
			}
			it.Set("tags", sub)
		}
		return it
	}
	list := []any{}
	for i := 0; i < r.IntN(5); i++ {
		list = append(list, item(i))
	}
	nums := []any{}
	for i := 0; i < r.IntN(4); i++ {
		nums = append(nums, pick(r, numbers))
	}
	obj := &Obj{}
	x := &Obj{}
	x.Set("y", pick(r, strings_))
	obj.Set("x", x)
	obj.Set("k", pick(r, numbers))
	obj.Set("name", pick(r, strings_))
	obj.Set("list", []any{item(7), item(8)})
	mp := &Obj{}
	for _, k := range pickN(r, loopKeys, 1+r.IntN(3)) {
		mp.Set(k, pick(r, safeScalars))
	}
	fields := []param{
		{"s", pick(r, strings_)},
		{"n", pick(r, loopNumbers)},
		{"f", pick(r, numbers)},
		{"b", r.IntN(2) == 0},
		{"nil", nil},
		{"zero", 0.0},
		{"cjk", "你好"},
		{"list", list},
		{"nums", nums},
		{"obj", obj},
		{"map", mp},
		{"str", pick(r, loopStrings)},
		{"idx", float64(r.IntN(3))},
		{"cls", pick(r, []any{"a b", "", "c-1", "x  y"})},
		{"flag", pick(r, []any{true, false, 0.0, 1.0, "", "0", nil})},
		{"tname", "t0"},
	}
	for _, f := range fields {
		switch p := r.IntN(100); {
		case p < 4:
			continue // missing
		case p < 10 && f.name != "tname":
			f.val = g.otherValue()
		}
		o.Set(f.name, f.val)
	}
	return o
}

// otherValue is a value of a random type that is still safe as a wx:for
// list (no huge numbers).
func (g *gen) otherValue() any {
	switch g.r.IntN(6) {
	case 0:
		return nil
	case 1:
		return pick(g.r, loopNumbers)
	case 2:
		return pick(g.r, loopStrings)
	case 3:
		o := &Obj{}
		o.Set("2", "two")
		o.Set("a", 1.0)
		return o
	case 4:
		return []any{1.0, "x", nil}
	default:
		return g.r.IntN(2) == 0
	}
}

var safeScalars = []any{"", "a", "0", "你好", 0.0, 1.0, -1.0, 2.5, true, false, nil}

func pickN[T any](r *rand.Rand, xs []T, n int) []T {
	idx := r.Perm(len(xs))
	out := make([]T, 0, n)
	for _, i := range idx[:min(n, len(xs))] {
		out = append(out, xs[i])
	}
	return out
}

// file generates one .wxml: wxs modules, imports, templates, content.
func (g *gen) file(fg *fileGen, later []*fileGen, entry bool) {
	r := g.r
	g.budget = 40
	var b strings.Builder
	// wxs modules
	for i := 0; i < r.IntN(3); i++ {
		m := g.module(fg, &b)
		if m != nil {
			fg.modules = append(fg.modules, m)
		}
	}
	// imports (before or after the content; imports are hoisted)
	var tail strings.Builder
	for _, lf := range later {
		if r.IntN(3) == 0 {
			continue
		}
		if fg.nested && g.r2.IntN(3) != 0 {
			continue // leave it to nested imports, so they matter
		}
		w := &b
		if r.IntN(3) == 0 {
			w = &tail
		}
		if r.IntN(25) == 0 {
			// an import under wx:if imports nothing (NOTES.md §4.9)
			fmt.Fprintf(w, "<import wx:if=\"{{b}}\" src=%s/>%s", g.quote(g.ref(fg.rel, lf.rel)), g.sep())
			continue
		}
		fmt.Fprintf(w, "<import src=%s/>%s", g.quote(g.ref(fg.rel, lf.rel)), g.sep())
		fg.imports[lf.rel] = true
		fg.tmpls = append(fg.tmpls, lf.own...)
	}
	sc := &scope{modules: fg.modules}
	// own templates
	for i, n := 0, r.IntN(3); i < n; i++ {
		t := &tmpl{name: g.tmplName(fg)}
		fg.own = append(fg.own, t)
		// defined before its body so it can call itself (cut by wcc)
		fg.tmpls = append(fg.tmpls, t)
		g.templateDef(fg, t, sc, &b)
		fg.tmpls = append(fg.tmpls, fg.pending...) // see nestedTemplateDef
		fg.pending = nil
	}
	// content: the page for the entry, included content for the others
	pageScope := sc.with(g.data2params()...)
	pageScope.loops = 2
	if !entry {
		pageScope.loops = 1
		// included files render with the includer's scope; loop variables
		// may or may not be bound there
		pageScope = pageScope.with(param{"item", nil}, param{"index", nil})
	}
	g.nodes(fg, pageScope, &b, 0, 2+r.IntN(4))
	b.WriteString(tail.String())
	g.files[fg.rel] = b.String()
}

func (g *gen) data2params() []param {
	ps := make([]param, 0, len(g.data.Keys)+2)
	for i, k := range g.data.Keys {
		ps = append(ps, param{k, g.data.Vals[i]})
	}
	ps = append(ps, param{"nope", nil}, param{"u", nil})
	return ps
}

func (g *gen) tmplName(fg *fileGen) string {
	for try := 0; ; try++ {
		n := pick(g.r, []string{"t0", "t1", "t2", "card", "row", "x-y", "T_3"})
		if fg.called[n] {
			if try < 20 {
				continue
			}
			n = "u" + strconv.Itoa(try)
		}
		if _, ok := fg.tnames[n]; !ok {
			fg.tnames[n] = struct{}{}
			return n
		}
		if g.r.IntN(8) == 0 { // a duplicate name now and then: the last wins
			return n
		}
	}
}

// ref is how file from refers to file to: relative, ./relative or absolute,
// with or without the extension.
func (g *gen) ref(from, to string) string {
	return ref(g.r, from, to)
}

func ref(r *rand.Rand, from, to string) string {
	var p string
	if r.IntN(3) == 0 {
		p = "/" + to
	} else {
		p = relPath(from, to)
		if !strings.HasPrefix(p, "../") && r.IntN(2) == 0 {
			p = "./" + p
		}
	}
	if strings.HasSuffix(p, ".wxml") && r.IntN(2) == 0 {
		p = strings.TrimSuffix(p, ".wxml")
	}
	return p
}

func relPath(from, to string) string {
	fd := strings.Split(from, "/")
	fd = fd[:len(fd)-1]
	td := strings.Split(to, "/")
	i := 0
	for i < len(fd) && i < len(td)-1 && fd[i] == td[i] {
		i++
	}
	return strings.Repeat("../", len(fd)-i) + strings.Join(td[i:], "/")
}

// templateDef writes <template name> with params read by its body.
func (g *gen) templateDef(fg *fileGen, t *tmpl, sc *scope, b *strings.Builder) {
	r := g.r
	vals := g.data2params()
	for _, p := range pickN(r, vals[:len(vals)-2], 1+r.IntN(3)) {
		t.params = append(t.params, p)
	}
	// the template's own scope: its data only (and the file's modules)
	ts := &scope{modules: sc.modules, inTmpl: true, loops: 1, self: t, vars: append(append([]param(nil), t.params...), param{"u", nil})}
	fmt.Fprintf(b, "<template name=%s>", g.quote(t.name))
	g.nodes(fg, ts, b, 1, 1+r.IntN(3))
	b.WriteString("</template>" + g.sep())
}

// ---------------------------------------------------------------- nodes

var (
	builtinTags = []string{"view", "text", "image", "button", "scroll-view", "swiper-item", "input", "label", "navigator", "icon", "rich-text", "progress", "cover-view", "picker"}
	customTags  = []string{"my-comp", "t-cell", "x_y", "ns:tag", "Custom-Tag", "comp2", "View"}
)

func (g *gen) nodes(fg *fileGen, sc *scope, b *strings.Builder, depth, n int) {
	// depth 0 is the file's top level, where imports are hoisted (file)
	nested := fg.nested && depth > 0
	for i := 0; i < n; i++ {
		if nested {
			sc = g.nestedImport(fg, sc, b)
			g.nestedTemplateDef(fg, sc, b)
		}
		g.node(fg, sc, b, depth)
		b.WriteString(g.sep())
	}
	if nested {
		g.nestedImport(fg, sc, b) // after the last child: it sees nothing
	}
}

// sep is what goes between nodes: usually whitespace (dropped), sometimes
// nothing or a comment.
func (g *gen) sep() string {
	switch g.r.IntN(10) {
	case 0, 1, 2:
		return ""
	case 3:
		return "\n  "
	case 4:
		return "<!-- c -->"
	default:
		return "\n"
	}
}

func (g *gen) node(fg *fileGen, sc *scope, b *strings.Builder, depth int) {
	r := g.r
	if g.budget <= 0 || depth > 4 {
		g.text(sc, b)
		return
	}
	switch p := r.IntN(100); {
	case p < 30:
		g.element(fg, sc, b, depth, "")
	case p < 45:
		g.text(sc, b)
	case p < 60:
		g.ifChain(fg, sc, b, depth)
	case p < 74 && sc.loops > 0:
		g.loop(fg, sc, b, depth)
	case p < 84:
		g.templateCall(fg, sc, b, "")
	case p < 90:
		g.include(fg, sc, b, "")
	default:
		g.block(fg, sc, b, depth, "")
	}
}

// element writes an element with random attributes; extra holds directive
// attributes (wx:if, wx:for, ...) to put among them.
func (g *gen) element(fg *fileGen, sc *scope, b *strings.Builder, depth int, extra string) {
	r := g.r
	g.budget--
	var tag string
	switch p := r.IntN(100); {
	case p < 60:
		tag = pick(r, builtinTags)
	case p < 85:
		tag = pick(r, customTags)
	default:
		tag = "slot"
	}
	b.WriteString("<" + tag)
	attrs := g.attrs(sc, tag)
	if extra != "" {
		attrs = append(attrs, extra)
		r.Shuffle(len(attrs), func(i, j int) { attrs[i], attrs[j] = attrs[j], attrs[i] })
	}
	for i, a := range attrs {
		if i > 0 && r.IntN(12) == 0 && strings.ContainsAny(attrs[i-1][len(attrs[i-1])-1:], `"'`) {
			// a value's closing quote may touch the next name
			b.WriteString(a)
			continue
		}
		b.WriteString(pick(r, []string{" ", " ", " ", "\n  ", "\t"}) + a)
	}
	if r.IntN(4) == 0 {
		b.WriteString(pick(r, []string{"/>", " />"}))
		return
	}
	b.WriteString(">")
	g.nodes(fg, sc, b, depth+1, r.IntN(4))
	b.WriteString(pick(r, []string{"</" + tag + ">", "</" + tag + ">", "</" + tag + " >"}))
}

// block writes <block> (its attributes are dropped by wcc).
func (g *gen) block(fg *fileGen, sc *scope, b *strings.Builder, depth int, extra string) {
	b.WriteString("<block")
	if g.r.IntN(4) == 0 {
		b.WriteString(` class="dropped" data-x="{{s}}"`)
	}
	if extra != "" {
		b.WriteString(" " + extra)
	}
	b.WriteString(">")
	g.nodes(fg, sc, b, depth+1, 1+g.r.IntN(3))
	b.WriteString("</block>")
}

// holder writes one node that carries directive attributes: an element, a
// block, a template call or an include.
func (g *gen) holder(fg *fileGen, sc *scope, b *strings.Builder, depth int, extra string) {
	switch p := g.r.IntN(100); {
	case p < 55:
		g.element(fg, sc, b, depth, extra)
	case p < 80:
		g.block(fg, sc, b, depth, extra)
	case p < 92:
		g.templateCall(fg, sc, b, extra)
	default:
		g.include(fg, sc, b, extra)
	}
}

func (g *gen) ifChain(fg *fileGen, sc *scope, b *strings.Builder, depth int) {
	r := g.r
	// wx-if is an alias of wx:if in wcc (wx-elif, wx-else, wx-for are not:
	// like unknown wx: attributes they are dropped)
	g.holder(fg, sc, b, depth, g.ifAttr()+g.condValue(sc))
	for i, n := 0, r.IntN(3); i < n; i++ {
		b.WriteString(pick(r, []string{"", "\n", " <!-- between --> "}))
		g.holder(fg, sc, b, depth, "wx:elif="+g.condValue(sc))
	}
	if r.IntN(2) == 0 {
		b.WriteString(pick(r, []string{"", "\n"}))
		g.holder(fg, sc, b, depth, pick(r, []string{"wx:else", `wx:else=""`}))
	}
}

func (g *gen) ifAttr() string {
	if g.r.IntN(40) == 0 {
		return "wx-if="
	}
	return "wx:if="
}

// condValue is a wx:if / wx:elif value: nearly always a mustache.
func (g *gen) condValue(sc *scope) string {
	if g.r.IntN(25) == 0 {
		return g.quote(pick(g.r, []string{"false", "0", ""}))
	}
	q := g.q()
	return q + g.mustache(g.cond(sc, q)) + q
}

func (g *gen) loop(fg *fileGen, sc *scope, b *strings.Builder, depth int) {
	r := g.r
	q := g.q()
	list, sample := g.loopList(sc, q)
	item, index := "item", "index"
	var attrs []string
	attrs = append(attrs, pick(r, []string{"wx:for", "wx:for", "wx:for", "wx:for-items"})+"="+q+list+q)
	if r.IntN(3) == 0 {
		item = pick(r, []string{"it", "row", "item", "x", "index"})
		attrs = append(attrs, "wx:for-item="+g.quote(item))
	}
	if r.IntN(3) == 0 {
		index = pick(r, []string{"i", "idx", "index", "k", "item"})
		attrs = append(attrs, "wx:for-index="+g.quote(index))
	}
	switch p := r.IntN(10); {
	case p < 4:
		attrs = append(attrs, `wx:key="*this"`)
	case p < 7:
		attrs = append(attrs, "wx:key="+g.quote(pick(r, []string{"id", "name", "nope"})))
	case p < 8:
		attrs = append(attrs, `wx:key="{{item.id}}"`)
	}
	// the item and index seen by the body: a sample item of the list
	var itemVal, indexVal any
	switch v := sample.(type) {
	case []any:
		if len(v) > 0 {
			itemVal = v[r.IntN(len(v))]
		}
		indexVal = 0.0
	case *Obj:
		if len(v.Keys) > 0 {
			itemVal = v.Vals[0]
			indexVal = v.Keys[0]
		}
	case string:
		itemVal, indexVal = "a", 0.0
	case float64:
		itemVal, indexVal = 0.0, 0.0
	}
	body := sc.with(param{item, itemVal}, param{index, indexVal})
	if index == item {
		body = sc.with(param{index, indexVal})
	}
	body.loops--
	if r.IntN(6) == 0 {
		// wx:if on the same node: evaluated per item, ends any chain
		attrs = append(attrs, "wx:if="+g.condValue(body))
	}
	r.Shuffle(len(attrs), func(i, j int) { attrs[i], attrs[j] = attrs[j], attrs[i] })
	g.holder(fg, body, b, depth, strings.Join(attrs, " "))
}

// loopList is a wx:for value and a sample of what it evaluates to.
func (g *gen) loopList(sc *scope, q string) (string, any) {
	r := g.r
	switch p := r.IntN(100); {
	case p < 55:
		if text, v, ok := g.iterablePath(sc, q); ok {
			return g.mustache(text), v
		}
		fallthrough
	case p < 65:
		n := r.IntN(4)
		items := make([]string, n)
		vals := make([]any, n)
		for i := range items {
			items[i] = g.expr(sc, 1, q).s
			vals[i] = nil
		}
		return g.mustache("[" + strings.Join(items, ", ") + "]"), vals
	case p < 72:
		n := pick(r, []string{"3", "2.5", "0", "1", "-1"})
		f, _ := strconv.ParseFloat(n, 64)
		return g.mustache(n), f
	case p < 78:
		s := pick(r, []string{"ab", "", "你好"})
		return g.mustache(g.strLit(s, q)), s
	case p < 82:
		return pick(r, []string{"1,2", "ab", ""}), "ab"
	case p < 86:
		if text, v, ok := g.iterablePath(sc, q); ok {
			// text around the mustache makes it a string
			return g.mustache(text) + " ", fmt.Sprint(v)
		}
		return "{{[1, 2]}}", []any{1.0, 2.0}
	case p < 93:
		for _, m := range sc.modules {
			for _, f := range m.funcs {
				if f.returns == "list" {
					return g.mustache(m.name + "." + f.name + "(" + pick(r, []string{"3", "n", "2", "nope"}) + ")"), []any{0.0, 2.0}
				}
			}
		}
		return g.mustache("[1, 2, 3]"), []any{1.0, 2.0, 3.0}
	default:
		return g.mustache("{ a: 1, b: " + g.expr(sc, 1, q).s + " }"), &Obj{Keys: []string{"a", "b"}, Vals: []any{1.0, nil}}
	}
}

// iterablePath picks a path whose sample value is safe to iterate (no
// huge numbers: a loop over 1e21 never ends).
func (g *gen) iterablePath(sc *scope, q string) (string, any, bool) {
	for try := 0; try < 6; try++ {
		text, v := g.path(sc, q)
		switch v := v.(type) {
		case []any, *Obj, string, nil, bool:
			return text, v, true
		case float64:
			// only a plain variable: a field of a loop item may be small
			// in the sample item and huge in the next one
			if v < 6 && isIdent(text) {
				return text, v, true
			}
		}
	}
	return "", nil, false
}

func (g *gen) templateCall(fg *fileGen, sc *scope, b *strings.Builder, extra string) {
	r := g.r
	q := g.q()
	b.WriteString("<template")
	if extra != "" {
		b.WriteString(" " + extra)
	}
	var t *tmpl
	if fg.nested {
		t = g.nestedCallee(fg, sc)
	}
	if t == nil && len(fg.tmpls) > 0 && r.IntN(10) != 0 {
		t = fg.tmpls[r.IntN(len(fg.tmpls))]
	}
	// by name: a nested import may bring in a template named like the one
	// being defined
	if t != nil && sc.self != nil && t.name == sc.self.name {
		if sc.loops == 0 || sc.self.selfCall {
			t = nil
		} else {
			sc.self.selfCall = true
		}
	}
	switch p := r.IntN(100); {
	case t == nil:
		b.WriteString(" is=" + g.quote(pick(r, []string{"missing", "t9"})))
	case p < 70:
		b.WriteString(" is=" + g.quote(t.name))
	case p < 85 && !sc.inTmpl:
		b.WriteString(" is=" + q + "{{tname}}" + q)
	default:
		other := "missing"
		if len(fg.tmpls) > 1 {
			other = fg.tmpls[r.IntN(len(fg.tmpls))].name
		}
		if sc.self != nil && other == sc.self.name {
			other = "missing" // a second way to call itself
		}
		b.WriteString(" is=" + q + g.mustache(g.cond(sc, q)+" ? "+g.strLit(t.name, q)+" : "+g.strLit(other, q)) + q)
		if fg.called != nil && sc.self != nil {
			fg.called[other] = true
		}
	}
	if t != nil && fg.called != nil && sc.self != nil {
		fg.called[t.name] = true
	}
	if t != nil && r.IntN(8) != 0 {
		b.WriteString(" data=" + q + g.mustache(g.tmplData(sc, t, q)) + q)
	}
	if r.IntN(10) == 0 {
		b.WriteString(`><view>ignored</view>`)
		if fg.nested && g.r2.IntN(2) == 0 {
			g.holderChildren(fg, sc, b)
		}
		b.WriteString(`</template>`)
		return
	}
	b.WriteString("/>")
}

// tmplData is the body of a data object passing the template's parameters.
func (g *gen) tmplData(sc *scope, t *tmpl, q string) string {
	r := g.r
	var props []string
	for _, p := range t.params {
		switch k := r.IntN(10); {
		case k < 2 && hasVar(sc, p.name):
			props = append(props, p.name) // shorthand
		case k < 8:
			props = append(props, p.name+": "+g.argFor(sc, p, q))
		case k < 9:
			if text, _, ok := g.objPath(sc, q); ok {
				props = append(props, "..."+text)
			}
		}
	}
	if r.IntN(4) == 0 {
		props = append(props, pick(r, []string{"extra: 1", "...obj", "...map", "s"}))
		r.Shuffle(len(props), func(i, j int) { props[i], props[j] = props[j], props[i] })
	}
	if len(props) == 0 {
		props = append(props, "none: null")
	}
	return strings.Join(props, ", ")
}

func hasVar(sc *scope, name string) bool {
	for _, v := range sc.vars {
		if v.name == name {
			return true
		}
	}
	return false
}

// argFor passes a value for parameter p: a path with a value of the same
// kind when there is one, else a literal. Never a huge number (the
// template may loop over it).
func (g *gen) argFor(sc *scope, p param, q string) string {
	for try := 0; try < 4; try++ {
		text, v, ok := g.iterablePath(sc, q)
		if ok && sameKind(v, p.val) {
			return text
		}
	}
	if text, _, ok := g.iterablePath(sc, q); ok && g.r.IntN(2) == 0 {
		return text
	}
	if g.r.IntN(2) == 0 {
		return g.valueLit(pick(g.r, safeScalars), q)
	}
	return g.strLit(pick(g.r, []string{"a", "", "你好"}), q)
}

func sameKind(a, b any) bool {
	return fmt.Sprintf("%T", a) == fmt.Sprintf("%T", b)
}

// objPath picks a path to an object (for spreads).
func (g *gen) objPath(sc *scope, q string) (string, any, bool) {
	for try := 0; try < 6; try++ {
		text, v := g.path(sc, q)
		if _, ok := v.(*Obj); ok {
			return text, v, true
		}
	}
	return "", nil, false
}

func (g *gen) include(fg *fileGen, sc *scope, b *strings.Builder, extra string) {
	b.WriteString("<include")
	if extra != "" {
		b.WriteString(" " + extra)
	}
	target := "missing.wxml"
	switch {
	case g.r.IntN(30) == 0:
		target = g.ref(fg.rel, fg.rel) // stopped by wcc with a warning
	case len(fg.later) > 0 && fg.includes > 0 && g.r.IntN(8) != 0:
		target = g.ref(fg.rel, fg.later[g.r.IntN(len(fg.later))])
		fg.includes--
	}
	b.WriteString(" src=" + g.quote(target))
	if fg.nested && g.r2.IntN(8) == 0 {
		b.WriteString(">")
		g.holderChildren(fg, sc, b)
		b.WriteString("</include>")
		return
	}
	b.WriteString("/>")
}

// ---------------------------------------------------------------- attributes

type attrName struct {
	name string
	kind int // 0 any value, 1 static only, 2 valueless allowed
}

var attrNames = []attrName{
	{"class", 0}, {"style", 0}, {"id", 0}, {"hidden", 2}, {"data-id", 0}, {"data-user-name", 0},
	{"data-camelCase", 0}, {"hover-class", 0}, {"a-b-c", 0}, {"aria-label", 0}, {"bindtap", 1},
	{"bind:tap", 1}, {"catch:long-press", 1}, {"capture-bind:touchstart", 1}, {"mut-bind:tap", 1},
	{"bindmy-event", 1}, {"mark:item-id", 0}, {"model:value", 0}, {"generic:item", 1}, {"src", 0},
	{"value", 0}, {"title", 0}, {"-lead", 0}, {"a--b", 0}, {"x:y-z", 0}, {"trail-", 0},
	{"disabled", 2}, {"wx:foo", 0}, {"name", 0}, {"slot", 1}, {"t-class", 0}, {"A-b", 0},
	{"wx-else", 2}, {"wx-for", 0},
}

func (g *gen) attrs(sc *scope, tag string) []string {
	r := g.r
	n := [...]int{0, 1, 1, 2, 2, 3, 4}[r.IntN(7)]
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		a := pick(r, attrNames)
		if a.name == "generic:item" && r.IntN(2) == 0 {
			a.name = "generic:" + pick(r, []string{"cell", "x-y"})
		}
		out = append(out, g.attr(sc, a))
	}
	if tag == "slot" && r.IntN(2) == 0 {
		q := g.q()
		out = append(out, "name="+pick(r, []string{g.quote("header"), q + g.mustache(g.expr(sc, 1, q).s) + q}))
	}
	if n > 0 && r.IntN(10) == 0 {
		out = append(out, out[0]) // a duplicate: the last wins
	}
	return out
}

func (g *gen) attr(sc *scope, a attrName) string {
	r := g.r
	if a.kind == 2 && r.IntN(2) == 0 {
		return a.name
	}
	eq := pick(r, []string{"=", "=", "=", " = "})
	if a.kind == 1 {
		return a.name + eq + g.quote(pick(r, []string{"onTap", "my-item", "h", "x-y", ""}))
	}
	q := g.q()
	if r.IntN(300) == 0 {
		return a.name + eq + q + pick(r, []string{"{{}}", "{{ }}"}) + q
	}
	switch p := r.IntN(100); {
	case p < 25:
		return a.name + eq + q + g.staticText(q) + q
	case p < 70:
		return a.name + eq + q + g.mustache(g.expr(sc, 2, q).s) + q
	case p < 75 && len(sc.modules) > 0:
		// a wxs function as value goes to `$wxs:name`
		m := sc.modules[r.IntN(len(sc.modules))]
		return a.name + eq + q + "{{" + m.name + "." + m.funcs[0].name + "}}" + q
	default:
		// concatenation: text around mustaches, or two mustaches
		var s strings.Builder
		for i, n := 0, 1+r.IntN(3); i < n; i++ {
			if r.IntN(2) == 0 {
				s.WriteString(g.staticText(q))
			}
			s.WriteString(g.mustache(g.expr(sc, 2, q).s))
		}
		if r.IntN(2) == 0 {
			s.WriteString(g.staticText(q))
		}
		return a.name + eq + q + s.String() + q
	}
}

// q picks the quote of an attribute; string literals inside use the other.
func (g *gen) q() string {
	if g.r.IntN(5) == 0 {
		return "'"
	}
	return `"`
}

// quote quotes a static attribute value.
func (g *gen) quote(s string) string {
	q := g.q()
	return q + s + q
}

// staticText is literal attribute text (no newline: wcc rejects it there).
func (g *gen) staticText(q string) string {
	s := pick(g.r, []string{"a", "b c", " x ", "t-1", "你好", "&amp;", "1", "-", "\t", "a}b", "{x}", "px;", "&nbsp;"})
	if g.r.IntN(40) == 0 {
		s = pick(g.r, []string{`x\y`, `\n`, `\t`})
	}
	return s
}

// ---------------------------------------------------------------- text

var words = []string{"hello", "a", "你好", "x y", "&amp;", "&nbsp;", ">", "&", "1", "}", "{a}", "}}", "  ", "\n", "end.", "&#65;", "😀"}

func (g *gen) text(sc *scope, b *strings.Builder) {
	r := g.r
	n := 1 + r.IntN(3)
	for i := 0; i < n; i++ {
		switch p := r.IntN(100); {
		case p < 40:
			b.WriteString(pick(r, words))
		case p < 43:
			b.WriteString(pick(r, []string{`\n`, `\t`, `a\b`, `\\`, `\"`}))
		case p < 45:
			b.WriteString("{{}}")
		default:
			b.WriteString(g.mustache(g.expr(sc, 2, "").s))
		}
	}
}

// mustache wraps an expression, with or without inner spaces; a space keeps
// `{{{` and `}}}` from forming around object literals.
func (g *gen) mustache(e string) string {
	sp := pick(g.r, []string{"", " ", " ", "  "})
	if sp == "" && (strings.HasPrefix(e, "{") || strings.HasSuffix(e, "}")) {
		sp = " "
	}
	return "{{" + sp + e + sp + "}}"
}

// ---------------------------------------------------------------- expressions

// ex is generated expression text and its precedence (higher binds
// tighter): 1 ?:, 2 ||, 3 &&, 4 |, 5 ^, 6 &, 7 equality, 8 relational,
// 9 shift, 10 additive, 11 multiplicative, 12 unary, 13 primary.
type ex struct {
	s string
	p int
}

var binOps = []struct {
	op string
	p  int
}{
	{"||", 2}, {"&&", 3}, {"|", 4}, {"^", 5}, {"&", 6}, {"==", 7}, {"!=", 7}, {"===", 7}, {"!==", 7},
	{"<", 8}, {">", 8}, {"<=", 8}, {">=", 8}, {"<<", 9}, {">>", 9}, {"+", 10}, {"-", 10},
	{"*", 11}, {"/", 11}, {"%", 11},
}

func paren(e ex, min int) string {
	if e.p < min {
		return "(" + e.s + ")"
	}
	return e.s
}

// expr is a random expression of depth at most d. q is the quote of the
// attribute the expression sits in (string literals use the other one), ""
// in text.
func (g *gen) expr(sc *scope, d int, q string) ex {
	r := g.r
	if d <= 0 {
		return g.primary(sc, 0, q)
	}
	switch p := r.IntN(100); {
	case p < 35:
		return g.primary(sc, d, q)
	case p < 70:
		o := pick(r, binOps)
		if r.IntN(3) == 0 { // comparisons and arithmetic are the usual ones
			o = pick(r, binOps[5:])
		}
		l := g.expr(sc, d-1, q)
		rr := g.expr(sc, d-1, q)
		sp := " "
		if r.IntN(8) == 0 && o.op != "-" && o.op != "+" {
			sp = ""
		}
		return ex{paren(l, o.p) + sp + o.op + sp + paren(rr, o.p+1), o.p}
	case p < 82:
		t := g.expr(sc, d-1, q)
		y := g.expr(sc, d-1, q)
		n := g.expr(sc, d-1, q)
		return ex{paren(t, 2) + " ? " + paren(y, 1) + " : " + paren(n, 1), 1}
	case p < 95:
		op := pick(r, []string{"!", "!", "-", "~"})
		x := g.expr(sc, d-1, q)
		s := paren(x, 12)
		if op == "-" && (strings.HasPrefix(s, "!") || strings.HasPrefix(s, "~")) {
			s = "(" + s + ")" // wcc rejects -! and -~
		}
		if op == "-" && strings.HasPrefix(s, "-") {
			s = " " + s
		}
		return ex{op + s, 12}
	default:
		e := g.expr(sc, d-1, q)
		return ex{"(" + e.s + ")", 13}
	}
}

// cond is a condition for wx:if: a path, a negation, a comparison with a
// literal or another path, or a combination.
func (g *gen) cond(sc *scope, q string) string {
	r := g.r
	switch p := r.IntN(100); {
	case p < 30:
		t, _ := g.path(sc, q)
		return t
	case p < 40:
		t, _ := g.path(sc, q)
		return "!" + t
	case p < 70:
		t, v := g.path(sc, q)
		lit := g.literal(q)
		if r.IntN(2) == 0 {
			lit = g.valueLit(v, q) // compare with the actual value: both outcomes happen
		}
		return t + " " + pick(r, []string{"==", "===", "!=", "!==", ">", "<", ">=", "<="}) + " " + lit
	case p < 80:
		a, _ := g.path(sc, q)
		c, _ := g.path(sc, q)
		return a + " " + pick(r, []string{"&&", "||"}) + " " + c
	default:
		return g.expr(sc, 2, q).s
	}
}

// valueLit writes v as a literal when it is a scalar.
func (g *gen) valueLit(v any, q string) string {
	switch v := v.(type) {
	case string:
		if safeStr(v) {
			return g.strLit(v, q)
		}
	case float64:
		if v >= 0 && v < 1e15 && v == float64(int64(v)) {
			return strconv.FormatInt(int64(v), 10)
		}
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return "null"
	}
	return g.literal(q)
}

func safeStr(s string) bool {
	return !strings.ContainsAny(s, "'\"\\\n\t<{}")
}

func (g *gen) primary(sc *scope, d int, q string) ex {
	r := g.r
	p := r.IntN(100)
	switch {
	case p < 50:
		t, _ := g.path(sc, q)
		return ex{t, 13}
	case p < 68:
		return ex{g.literal(q), 13}
	case p < 76 && d > 0:
		n := r.IntN(4)
		items := make([]string, n)
		for i := range items {
			items[i] = paren(g.expr(sc, d-1, q), 1)
		}
		s := "[" + strings.Join(items, ", ") + "]"
		if n > 0 && r.IntN(3) == 0 {
			s += "[" + pick(r, []string{"0", "1", "idx"}) + "]"
		}
		return ex{s, 13}
	case p < 83 && d > 0:
		return ex{g.objectLit(sc, d, q), 13}
	case p < 89 && len(sc.modules) > 0:
		return ex{g.call(sc, d, q), 13}
	default:
		t, _ := g.path(sc, q)
		return ex{t, 13}
	}
}

// objectLit is { k: v, k2, ...o } (never empty).
func (g *gen) objectLit(sc *scope, d int, q string) string {
	r := g.r
	n := 1 + r.IntN(3)
	props := make([]string, 0, n)
	for i := 0; i < n; i++ {
		switch k := r.IntN(10); {
		case k < 6:
			props = append(props, pick(r, []string{"a", "k", "v", "x_1", "$y", "if"})+": "+paren(g.expr(sc, d-1, q), 1))
		case k < 8:
			props = append(props, pick(r, []string{"s", "n", "obj", "item", "nope"}))
		default:
			t, _ := g.path(sc, q)
			props = append(props, "..."+t)
		}
	}
	return "{ " + strings.Join(props, ", ") + " }"
}

// call is m.f(args) on a visible wxs module, sometimes followed by a
// member access on the result.
func (g *gen) call(sc *scope, d int, q string) string {
	r := g.r
	m := sc.modules[r.IntN(len(sc.modules))]
	f := m.funcs[r.IntN(len(m.funcs))]
	s := m.name + "." + f.name
	if f.arity < 0 { // a constant
		return s
	}
	args := make([]string, f.arity)
	for i := range args {
		args[i] = paren(g.expr(sc, max(d-1, 0), q), 1)
	}
	s += "(" + strings.Join(args, ", ") + ")"
	if f.returns == "obj" && r.IntN(2) == 0 {
		s += pick(r, []string{".v", ".l[0]", "[" + g.strLit("v", q) + "]"})
	}
	return s
}

// path is a data path from the scope's variables, descending into the
// sample value; returns its text and the sample value at its end.
func (g *gen) path(sc *scope, q string) (string, any) {
	r := g.r
	if len(sc.vars) == 0 {
		return "u", nil
	}
	// loop variables and template parameters come first in vars: favour them
	var v param
	if r.IntN(3) == 0 && len(sc.vars) > 0 {
		v = sc.vars[r.IntN(min(3, len(sc.vars)))]
	} else {
		v = sc.vars[r.IntN(len(sc.vars))]
	}
	text, val := v.name, v.val
	for depth := 0; depth < 3 && r.IntN(3) != 0; depth++ {
		switch x := val.(type) {
		case *Obj:
			if len(x.Keys) == 0 || r.IntN(10) == 0 {
				text += ".zz"
				val = nil
				continue
			}
			i := r.IntN(len(x.Keys))
			k := x.Keys[i]
			if isIdent(k) && r.IntN(6) != 0 {
				text += "." + k
			} else if safeStr(k) {
				text += "[" + g.strLit(k, q) + "]"
			} else {
				return text, val
			}
			val = x.Vals[i]
		case []any:
			if r.IntN(4) == 0 {
				return text + ".length", float64(len(x))
			}
			i := 0
			if len(x) > 0 {
				i = r.IntN(len(x))
			}
			switch r.IntN(4) {
			case 0:
				text += "[idx]"
			default:
				text += "[" + strconv.Itoa(i) + "]"
			}
			if i < len(x) {
				val = x[i]
			} else {
				val = nil
			}
		case string:
			return text + ".length", float64(len(x))
		default:
			return text, val
		}
	}
	return text, val
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	switch s {
	case "true", "false", "null", "undefined", "NaN", "Infinity", "this":
		return false
	}
	for i, c := range s {
		if c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return true
}

// literal is a number, string, boolean or null literal.
func (g *gen) literal(q string) string {
	r := g.r
	switch p := r.IntN(100); {
	case p < 40:
		return pick(r, []string{"0", "1", "2", "3", "10", "99", "1.5", ".5", "1.", "010", "007", "0.1", "100000", "0.000001", "123456789012345678901"})
	case p < 75:
		return g.strLit(pick(r, []string{"", "a", "x y", "你好", "0", "primary", "}}", "1.5", "a b", "&amp;"}), q)
	case p < 77 && q == "":
		// escapes in text (version quirks, NOTES.md §4.4); in attribute
		// values wcc resolves them before the expression, so a "\n" there
		// is a raw newline and a compile error
		return g.strLit(pick(r, []string{`\n`, `\t`, `a\qb`, `\\n`}), q)
	case p < 92:
		return pick(r, []string{"true", "false"})
	default:
		return "null"
	}
}

// strLit quotes s with the quote that is not q (q is "" in text, where
// either quote works).
func (g *gen) strLit(s, q string) string {
	if q == `"` || q == "" && g.r.IntN(2) == 0 {
		return "'" + s + "'"
	}
	return `"` + s + `"`
}

// ---------------------------------------------------------------- wxs

// wxsFunc is one function of the wxs library. arity -1 is a constant.
type wxsFunc struct {
	name    string
	arity   int
	returns string // "", "list" (wx:for-able) or "obj" ({v, l})
	src     string // an ES5 function expression (or constant)
}

var wxsLib = []wxsFunc{
	{"fmt", 1, "", `function(x) { return "<" + x + ">" }`},
	{"add", 2, "", `function(a, b) { return a + b }`},
	{"len", 1, "", `function(a) { return a && a.length }`},
	{"type", 1, "", `function(v) { return typeof v }`},
	{"json", 1, "", `function(v) { return JSON.stringify(v) }`},
	{"pick", 2, "", `function(o, k) { return o ? o[k] : null }`},
	{"range", 1, "list", `function(n) { var r = []; for (var i = 0; i < n && i < 5; i++) { r.push(i * 2) } return r }`},
	{"pair", 2, "list", `function(a, b) { return [a, b] }`},
	{"obj", 1, "obj", `function(a) { return { v: a, l: [a, 1] } }`},
	{"upper", 1, "", `function(s) { return ("" + s).toUpperCase() }`},
	{"fixed", 1, "", `function(n) { return typeof n === "number" ? n.toFixed(2) : "nan" }`},
	{"join", 1, "", `function(a) { return a && a.join ? a.join("-") : "" }`},
	{"not", 1, "", `function(x) { return !x }`},
	{"cls", 2, "", `function(a, b) { return "c-" + a + (b ? " on" : "") }`},
	{"swap", 1, "", `function(s) { return ("" + s).replace(getRegExp("a", "g"), "b") }`},
	{"mut", 1, "", `function(d) { if (d && typeof d === "object") { d.v = 2 } return d }`},
	{"K", -1, "", `"const"`},
}

// wxsLibrary writes the .wxs files of the project (some require others).
func (g *gen) wxsLibrary() {
	r := g.r
	g.wxsFiles = nil
	if r.IntN(2) == 0 {
		return
	}
	dep := "lib/dep.wxs"
	g.files[dep] = "module.exports = { d: \"D\", twice: function(x) { return x + x } };\n"
	util := "lib/util.wxs"
	var b strings.Builder
	if r.IntN(2) == 0 {
		b.WriteString("var dep = require(\"./dep.wxs\");\n")
	} else {
		b.WriteString("var dep = require('/lib/dep.wxs');\n")
	}
	fs := append(pickN(r, wxsLib, 2+r.IntN(3)), wxsFunc{"dd", -1, "", "dep.twice(dep.d)"})
	b.WriteString(g.exports(fs))
	g.files[util] = b.String()
	g.wxsFiles = []string{util}
	g.utilFuncs = fs
}

// exports writes module.exports for the functions.
func (g *gen) exports(fs []wxsFunc) string {
	var b strings.Builder
	if g.r.IntN(2) == 0 {
		b.WriteString("module.exports = {\n")
		for i, f := range fs {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString("  " + f.name + ": " + f.src)
		}
		b.WriteString("\n};\n")
		return b.String()
	}
	for _, f := range fs {
		if f.arity >= 0 && g.r.IntN(2) == 0 {
			b.WriteString("var " + f.name + " = " + f.src + ";\nmodule.exports." + f.name + " = " + f.name + ";\n")
		} else {
			b.WriteString("module.exports." + f.name + " = " + f.src + ";\n")
		}
	}
	return b.String()
}

var moduleNames = []string{"m", "w", "fmt", "_h", "m2", "Util"}

// module declares a wxs module in the file being written (inline or src).
func (g *gen) module(fg *fileGen, b *strings.Builder) *module {
	r := g.r
	name := pick(r, moduleNames)
	for _, m := range fg.modules {
		if m.name == name {
			return nil
		}
	}
	if len(g.wxsFiles) > 0 && r.IntN(2) == 0 {
		src := g.wxsFiles[0]
		var ref string
		switch r.IntN(3) {
		case 0:
			ref = "/" + src
		default:
			ref = relPath(fg.rel, src)
			if !strings.HasPrefix(ref, "../") && r.IntN(2) == 0 {
				ref = "./" + ref
			}
		}
		fmt.Fprintf(b, "<wxs module=%s src=%s/>%s", g.quote(name), g.quote(ref), g.sep())
		return &module{name: name, funcs: g.utilFuncs}
	}
	fs := pickN(r, wxsLib, 1+r.IntN(3))
	fmt.Fprintf(b, "<wxs module=%s>\n%s</wxs>%s", g.quote(name), g.exports(fs), g.sep())
	return &module{name: name, funcs: fs}
}

// Files returns the paths of a project in sorted order (for writing it).
func Files(files map[string]string) []string {
	return slices.Sorted(maps.Keys(files))
}
