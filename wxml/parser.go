package wxml

import (
	"sort"
	"strings"
	"sync"

	"github.com/mpc-dev/mpc/diag"
)

// Parse parses one .wxml file. It never fails and never panics: every
// problem is recorded in log (wcc stops at the first; mpc recovers and goes
// on) and the returned File holds what could be read.
func Parse(log *diag.Log, src *diag.Source) *File { return ParseArena(log, src, nil) }

// ParseArena is Parse with the most frequent nodes allocated from a (nil:
// from the heap); they stay valid until a.Reset.
func ParseArena(log *diag.Log, src *diag.Source, a *Arena) *File {
	p := parserPool.Get().(*parser)
	p.log, p.src, p.s, p.file, p.arena = log, src, src.Contents, &File{Source: src}, a
	p.lx.init(log, src)
	p.run()
	f := p.file
	// Keep only the scratch: frames (cleared when freed), the stack and
	// the lexer's attribute buffer, none of which the AST refers to.
	for _, fr := range p.stack {
		p.freeFrame(fr)
	}
	stack, free, attrs, partBuf := p.stack[:0], p.free, p.lx.attrs[:0], p.partBuf
	clear(stack[:cap(stack)])
	clear(attrs[:cap(attrs)])
	*p = parser{stack: stack, free: free, partBuf: partBuf}
	p.lx.attrs = attrs
	parserPool.Put(p)
	return f
}

// parserPool recycles parser scratch from file to file: a build parses
// hundreds of files, and mpc compile does not collect garbage, so scratch
// that is not reused is fresh memory (page faults) for every file.
var parserPool = sync.Pool{New: func() any { return new(parser) }}

// ParseExpr parses src's whole contents as the body of a {{ }} in text (for
// tests and tools). An empty body gives *EEmpty; errors go to log and give
// *EEmpty too.
func ParseExpr(log *diag.Log, src *diag.Source) Expr {
	ep := &exprParser{log: log, src: src, s: src.Contents,
		site: errSite{at: 0, end: len(src.Contents), exact: true}}
	return ep.parseTop()
}

type elemKind uint8

const (
	kElement      elemKind = iota // ordinary element, <slot>, custom component
	kBlock                        // <block>
	kWxsModule                    // <wxs module="...">
	kWxsElement                   // <wxs/> without module: an ordinary element
	kTemplateDef                  // <template name>
	kTemplateCall                 // <template is>
	kTemplateNone                 // <template> with neither: renders nothing
	kImport                       // <import>
	kInclude                      // <include>
)

// directives are the structural wx: attributes of one element.
type directives struct {
	kind      string // "", "wx:if", "wx:elif" or "wx:else"
	attrRange diag.Range
	cond      *Value

	loop      bool
	forRange  diag.Range
	list      *Value
	item      string
	index     string
	key       string
	hasKey    bool
	keyRange  diag.Range
	hasStruct bool // any of wx:if/elif/else/for: the node takes part in structure
}

// frame is an element being parsed (the root frame is the file).
type frame struct {
	tok  Token
	kind elemKind
	// ignored: the element is inside children wcc does not compile (those
	// of <template is>, <import>, <include>); only definitions inside are
	// hoisted (and compiled).
	ignored  bool
	children []Node
	chain    *IfChain // the chain a following wx:elif / wx:else extends
	attrs    []*Attr
	dir      directives

	// template definition / call, import, include, wxs
	name      string
	nameRange diag.Range
	is        *Value
	isBad     bool
	data      *EObject
	dataText  *Value
	dataRange diag.Range
	src       string
	srcRange  diag.Range
	hasSrc    bool
	code      diag.Range
	hasCode   bool
	codeOpen  bool      // the <wxs> body ran to the end of the file
	pending   *diag.Log // messages of a <wxs> element, reported when it closes
}

type parser struct {
	log   *diag.Log
	src   *diag.Source
	s     string
	lx    Lexer
	file  *File
	stack []*frame
	free  []*frame
	ep    exprParser
	arena *Arena

	partBuf []Part // scratch of parts
}

func (p *parser) top() *frame { return p.stack[len(p.stack)-1] }

func (p *parser) run() {
	p.stack = append(p.stack, p.newFrame())
	for {
		t := p.lx.Next()
		switch t.Kind {
		case TokEOF:
			p.finish()
			return
		case TokComment:
		case TokText:
			p.text(t)
		case TokRawText:
			f := p.top()
			f.code, f.hasCode, f.codeOpen = t.Range, true, t.Unterminated
		case TokStartTag:
			f := p.open(t)
			if t.SelfClosing || t.Unterminated && t.Range.End() >= int32(len(p.s)) {
				p.close(f, t.Range.End())
			} else {
				p.stack = append(p.stack, f)
			}
		case TokEndTag:
			p.endTag(t)
		}
	}
}

func (p *parser) errorAt(o, end int, id, text, hint string) {
	p.log.Add(diag.Msg{Kind: diag.Error, ID: id, Hint: hint,
		Data: diag.MsgData{Source: p.src, Range: p.lx.w.rng(o, end), Text: text}})
}

func (p *parser) endTag(t Token) {
	if len(p.stack) == 1 {
		p.errorAt(int(t.Range.Loc.Start), int(t.Range.End()), "wxml/stray-end-tag",
			"unexpected end tag `</"+t.Name+">`: no element is open", "remove it, or add the missing start tag")
		return
	}
	f := p.top()
	if t.Name == f.tok.Name {
		p.stack = p.stack[:len(p.stack)-1]
		p.close(f, t.Range.End())
		return
	}
	nameStart := int(t.NameRange.Loc.Start)
	m := diag.Msg{Kind: diag.Error, ID: "wxml/end-tag-mismatch",
		Data: diag.MsgData{Source: p.src, Range: p.lx.w.rng(nameStart, int(t.NameRange.End())),
			Text: "expected `</" + f.tok.Name + ">`, found `</" + t.Name + ">`"},
		Notes: []diag.MsgData{{Source: p.src, Range: f.tok.NameRange, Text: "`<" + f.tok.Name + ">` is opened here"}}}
	p.log.Add(m)
	// Recover: close up to a matching open element, if any; otherwise drop
	// the end tag.
	for k := len(p.stack) - 1; k >= 1; k-- {
		if p.stack[k].tok.Name == t.Name {
			for len(p.stack) > k {
				g := p.top()
				p.stack = p.stack[:len(p.stack)-1]
				end := t.Range.Loc.Start
				if len(p.stack) == k {
					end = t.Range.End()
				}
				p.close(g, end)
			}
			return
		}
	}
}

// finish closes what is still open at the end of the file.
func (p *parser) finish() {
	for len(p.stack) > 1 {
		f := p.top()
		p.stack = p.stack[:len(p.stack)-1]
		if f.tok.Name == "wxs" && f.codeOpen {
			// wcc accepts this silently and registers nothing.
			p.log.AddWarning(p.src, f.tok.NameRange, "wxml/unclosed-wxs", "`<wxs>` is not closed: its content runs to the end of the file and is ignored")
		} else if !p.lx.EOFError {
			p.log.Add(diag.Msg{Kind: diag.Error, ID: "wxml/unclosed-tag",
				Data: diag.MsgData{Source: p.src, Range: p.lx.w.rng(int(f.tok.NameRange.Loc.Start), int(f.tok.NameRange.End())),
					Text: "`<" + f.tok.Name + ">` is not closed"},
				Hint: "add `</" + f.tok.Name + ">`, or write `<" + f.tok.Name + "/>` for an empty element"})
		}
		p.close(f, int32(len(p.s)))
	}
	root := p.stack[0]
	p.file.Nodes = p.children(root)
	sortByStart(p.file.Templates, func(t *TemplateDef) int32 { return t.Range.Loc.Start })
	sortByStart(p.file.Imports, func(t *Import) int32 { return t.Range.Loc.Start })
	sortByStart(p.file.Wxs, func(t *WxsModule) int32 { return t.Range.Loc.Start })
}

// sortByStart puts hoisted declarations in source order (nested ones are
// collected when they close, before their enclosing ones).
func sortByStart[T any](xs []T, start func(T) int32) {
	if !sort.SliceIsSorted(xs, func(i, j int) bool { return start(xs[i]) < start(xs[j]) }) {
		sort.SliceStable(xs, func(i, j int) bool { return start(xs[i]) < start(xs[j]) })
	}
}

func isWhitespace(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isSpace(s[i]) {
			return false
		}
	}
	return true
}

func (p *parser) text(t Token) {
	f := p.top()
	start, end := int(t.Range.Loc.Start), int(t.Range.End())
	raw := p.s[start:end]
	if isWhitespace(raw) {
		return
	}
	if f.childrenIgnored() {
		return
	}
	v := valueSpec{s: raw, base: start, text: true, site: errSite{at: start, end: end}, log: p.log}
	if t.Unterminated {
		v.log = nil // the lexer reported it; the rest of the file is not an expression
	}
	// One allocation for the node, its value and (usually) its only part.
	blk := p.arena.newText()
	blk.val = Value{Range: t.Range, Parts: p.parts(&v, blk.part[:0:1])}
	blk.text = Text{Range: t.Range, Value: &blk.val}
	f.children = append(f.children, &blk.text)
	f.chain = nil
}

// childrenIgnored reports whether wcc skips compiling f's children.
func (f *frame) childrenIgnored() bool {
	switch f.kind {
	case kTemplateCall, kImport, kInclude:
		return true
	}
	return f.ignored
}

func kindOf(t *Token) elemKind {
	switch t.Name {
	case "block":
		return kBlock
	case "wxs":
		if lastAttr(t.Attrs, "module") != nil {
			return kWxsModule
		}
		return kWxsElement
	case "template":
		if lastAttr(t.Attrs, "name") != nil {
			return kTemplateDef
		}
		if lastAttr(t.Attrs, "is") != nil {
			return kTemplateCall
		}
		return kTemplateNone
	case "import":
		return kImport
	case "include":
		return kInclude
	}
	return kElement
}

// lastAttr returns the last attribute named name: with duplicates the last
// one wins in wcc, and the others are not even compiled.
func lastAttr(attrs []RawAttr, name string) *RawAttr {
	for i := len(attrs) - 1; i >= 0; i-- {
		if attrs[i].Name == name {
			return &attrs[i]
		}
	}
	return nil
}

// Attribute repetition: wcc keeps the last of repeated attributes and does
// not even compile the others.
const (
	attrShadowed      = 1 // a later attribute has the same name
	attrFirstShadowed = 2 // ... and this is the first of them (warned about once)
)

// shadowedFlags marks the attributes followed by one of the same name
// (nil when there are none, the usual case).
func shadowedFlags(n int, name func(i int) string) []uint8 {
	var flags []uint8
	mark := func(i int, v uint8) {
		if flags == nil {
			flags = make([]uint8, n)
		}
		flags[i] = v
	}
	if n <= 64 { // pairwise: maps cost more below that
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				if name(i) == name(j) {
					v := uint8(attrFirstShadowed)
					for k := 0; k < i; k++ {
						if name(k) == name(i) {
							v = attrShadowed
							break
						}
					}
					mark(i, v)
					break
				}
			}
		}
		return flags
	}
	count := make(map[string]int, n)
	for i := 0; i < n; i++ {
		count[name(i)]++
	}
	seen := make(map[string]int, n)
	for i := 0; i < n; i++ {
		nm := name(i)
		seen[nm]++
		if seen[nm] < count[nm] {
			v := uint8(attrShadowed)
			if seen[nm] == 1 {
				v = attrFirstShadowed
			}
			mark(i, v)
		}
	}
	return flags
}

func isStructural(name string) bool {
	switch name {
	case "wx:if", "wx:elif", "wx:else", "wx:for", "wx:for-items", "wx:for-item", "wx:for-index", "wx:key":
		return true
	}
	return false
}

// rawValue is an attribute's value with attribute escapes resolved, as
// used for names (template name, src, wx:for-item, wx:key).
func (p *parser) rawValue(a *RawAttr) string {
	if !a.HasValue {
		return ""
	}
	v, _ := attrUnescape(p.s[a.ValueRange.Loc.Start:a.ValueRange.End()], int(a.ValueRange.Loc.Start))
	return v
}

// checkMustaches reports unclosed {{ in a value wcc splits but does not
// compile (wx:for-item of a loop).
func (p *parser) checkMustaches(a *RawAttr, log *diag.Log) {
	if !a.HasValue || log == nil {
		return
	}
	vs, ve := int(a.ValueRange.Loc.Start), int(a.ValueRange.End())
	s, _ := attrUnescape(p.s[vs:ve], vs)
	for i := 0; ; {
		j := strings.Index(s[i:], "{{")
		if j < 0 {
			return
		}
		k := scanMustache(s, i+j+2)
		if k < 0 {
			q := vs
			if !a.Unquoted {
				q--
			}
			log.AddError(p.src, p.lx.w.rng(q, ve), "wxml/unclosed-mustache", "missing `}}` in attribute `"+a.Name+"`")
			return
		}
		i = k
	}
}

// value compiles an attribute value; errors go to log (nil: dropped).
func (p *parser) value(a *RawAttr, log *diag.Log) *Value {
	if !a.HasValue {
		return nil
	}
	blk := p.arena.newValue()
	return p.valueInto(a, log, &blk.val, blk.part[:0:1])
}

// valueInto is value with the storage given.
func (p *parser) valueInto(a *RawAttr, log *diag.Log, dst *Value, parts []Part) *Value {
	vs, ve := int(a.ValueRange.Loc.Start), int(a.ValueRange.End())
	s, offs := attrUnescape(p.s[vs:ve], vs)
	q := vs
	if a.Quote != 0 && !a.Unquoted {
		q = vs - 1
	}
	qe := ve
	if a.Quote != 0 && ve < len(p.s) {
		qe = ve + 1
	}
	v := valueSpec{s: s, offs: offs, base: vs, site: errSite{at: q, end: qe, attr: a.Name}, log: log}
	*dst = Value{Range: a.ValueRange, Parts: p.parts(&v, parts)}
	return dst
}

// elementRange is wcc's position for errors about a whole element.
func (p *parser) elementRange(t *Token) diag.Range {
	return p.lx.w.rng(int(t.NameRange.Loc.Start), int(t.NameRange.End()))
}

// tagRange is wcc's position for errors about a <wxs> tag (at its '<').
func (p *parser) tagRange(t *Token) diag.Range {
	return p.lx.w.rng(int(t.Range.Loc.Start), int(t.NameRange.End()))
}

func (p *parser) open(t Token) *frame {
	parent := p.top()
	f := p.newFrame()
	// A store first: it doubles as f's nil check. The check is otherwise a
	// load, and a load as the first touch of a fresh page maps the zero
	// page, so the store after it faults again (copy-on-write, which flushes
	// the TLB of every core running mpc: a tenth of the CPU time once).
	f.kind = kindOf(&t)
	f.tok = t
	f.ignored = parent.childrenIgnored() && f.kind != kTemplateDef
	log := p.log
	if f.ignored {
		log = nil
	}
	attrs := t.Attrs
	switch f.kind {
	case kWxsModule:
		p.openWxs(f, log)
		return f
	case kWxsElement:
		// Reported when it closes: wcc ignores a <wxs> left open at the end.
		if log != nil {
			f.pending = &diag.Log{}
			log = f.pending
		}
	}
	// wcc reads wx-if as wx:if (wx-elif, wx-else and wx-for are not
	// directives: the code generator drops them with other wx- attributes).
	for i := range attrs {
		if attrs[i].Name == "wx-if" {
			attrs[i].Name = "wx:if"
		}
	}
	dups := shadowedFlags(len(attrs), func(i int) string { return attrs[i].Name })
	p.directives(f, log, dups)

	for i := range attrs {
		a := &attrs[i]
		if isStructural(a.Name) {
			continue
		}
		dup := dups != nil && dups[i] != 0
		if dup && dups[i] == attrFirstShadowed && log != nil {
			p.log.AddWarning(p.src, a.NameRange, "wxml/duplicate-attr", "attribute `"+a.Name+"` is repeated: the last one wins and the others are ignored")
		}
		switch f.kind {
		case kElement, kWxsElement, kBlock:
			if cap(f.attrs) == 0 {
				f.attrs = make([]*Attr, 0, len(attrs)-i)
			}
			alog := log
			if dup || f.kind == kBlock {
				alog = nil // wcc does not compile these
			}
			blk := p.arena.newAttr()
			blk.attr = Attr{Range: a.Range, NameRange: a.NameRange, Name: a.Name}
			if a.HasValue {
				blk.attr.Value = p.valueInto(a, alog, &blk.val, blk.part[:0:1])
			}
			f.attrs = append(f.attrs, &blk.attr)
		}
	}
	switch f.kind {
	case kTemplateDef:
		a := lastAttr(attrs, "name")
		f.name = p.rawValue(a)
		f.nameRange = a.NameRange
		if a.HasValue {
			f.nameRange = a.ValueRange
		}
	case kTemplateCall:
		p.openTemplateCall(f, log)
	case kImport, kInclude:
		if a := lastAttr(attrs, "src"); a != nil {
			f.src, f.hasSrc = p.rawValue(a), true
			f.srcRange = a.ValueRange
		}
	}
	return f
}

func (p *parser) openWxs(f *frame, log *diag.Log) {
	attrs := f.tok.Attrs
	m := lastAttr(attrs, "module")
	f.name, f.nameRange = p.rawValue(m), m.ValueRange
	if a := lastAttr(attrs, "src"); a != nil {
		f.src, f.hasSrc, f.srcRange = p.rawValue(a), true, a.ValueRange
	}
}

// checkWxs reports what wcc rejects in a closed <wxs> (one left open at
// the end of the file is ignored, checks included).
func (p *parser) checkWxs(f *frame) {
	if f.ignored || f.codeOpen {
		return
	}
	t := &f.tok
	if f.pending != nil {
		p.log.AddMsgs(f.pending.Msgs())
	}
	if f.kind == kWxsElement {
		// Only a bare <wxs/> is an element; even <wxs /> is an error.
		if !t.SelfClosing || t.Range.End() != t.NameRange.End()+2 {
			p.log.Add(diag.Msg{Kind: diag.Error, ID: "wxml/wxs-module",
				Data: diag.MsgData{Source: p.src, Range: p.tagRange(t), Text: "`<wxs>` needs a `module` attribute"},
				Hint: `declare a module: <wxs module="name" src="./file.wxs"/> or <wxs module="name">...</wxs>`})
		}
		return
	}
	if !validModuleName(f.name) {
		p.log.Add(diag.Msg{Kind: diag.Error, ID: "wxml/wxs-module-name",
			Data:  diag.MsgData{Source: p.src, Range: p.tagRange(t), Text: "invalid wxs module name `" + f.name + "`: use letters, digits and `_`, not starting with a digit"},
			Notes: []diag.MsgData{{Source: p.src, Range: f.nameRange, Text: "the name"}}})
	}
	if f.hasSrc && f.hasCode && !isWhitespace(p.s[f.code.Loc.Start:f.code.End()]) {
		p.log.Add(diag.Msg{Kind: diag.Error, ID: "wxml/wxs-src-content",
			Data: diag.MsgData{Source: p.src, Range: p.tagRange(t), Text: "`<wxs src>` must be empty: the code comes from `" + f.src + "`"},
			Hint: "remove the src attribute or the inline code"})
	}
}

func validModuleName(s string) bool {
	if s != "" && isDigit(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_') {
			return false
		}
	}
	return true
}

func (p *parser) openTemplateCall(f *frame, log *diag.Log) {
	attrs := f.tok.Attrs
	isAttr := lastAttr(attrs, "is")
	f.dataRange = diag.Range{}
	// wcc drops a template call whose `is` does not compile, silently, and
	// then does not look at `data` either: report it as a warning.
	var tmp diag.Log
	f.is = p.value(isAttr, &tmp)
	if f.is == nil {
		f.is = &Value{Range: isAttr.NameRange, Parts: []Part{{Range: isAttr.NameRange}}}
	}
	if tmp.HasErrors() {
		f.isBad = true
		if log != nil {
			m := tmp.Msgs()[0]
			if m.ID != "wxml/unclosed-mustache" { // that one wcc does report
				m.Kind = diag.Warning
				m.ID = "wxml/template-is"
				m.Data.Text += " (wcc ignores this <template> entirely)"
			}
			log.Add(m)
		}
		return
	}
	d := lastAttr(attrs, "data")
	if d == nil || !d.HasValue || d.ValueRange.Len == 0 {
		return
	}
	f.dataRange = d.Range
	vs, ve := int(d.ValueRange.Loc.Start), int(d.ValueRange.End())
	s, offs := attrUnescape(p.s[vs:ve], vs)
	q := vs
	if d.Quote != 0 && !d.Unquoted {
		q = vs - 1
	}
	site := errSite{at: q, end: min(ve+1, len(p.s)), attr: "data"}
	spec := valueSpec{s: s, offs: offs, base: vs}
	// Exactly one {{ }} with a non-empty body (text around it is accepted
	// by wcc, which then passes a string as the data).
	open := strings.Index(s, "{{")
	closeAt := -1
	if open >= 0 {
		closeAt = scanMustache(s, open+2)
	}
	if open < 0 || closeAt < 0 || isWhitespace(s[open+2:closeAt-2]) || strings.Contains(s[closeAt:], "{{") {
		if log != nil {
			log.Add(diag.Msg{Kind: diag.Error, ID: "wxml/template-data",
				Data: diag.MsgData{Source: p.src, Range: site.rng(&p.lx.w), Text: "the `data` of `<template is>` must be one {{ }} holding object properties, e.g. data=\"{{a, b: 1, ...c}}\""}})
		}
		return
	}
	ep := p.exprParser(&spec, open+2, closeAt-2)
	ep.log, ep.site = log, site
	obj := ep.parseDataBody()
	if obj == nil {
		return
	}
	if open > 0 || closeAt < len(s) {
		if log != nil {
			log.AddWarning(p.src, d.ValueRange, "wxml/template-data-text", "text around the {{ }} of `data` makes the data a string: the template sees its characters and length, not the fields")
		}
		var parts []Part
		if open > 0 {
			parts = append(parts, p.literal(&spec, 0, open))
		}
		parts = append(parts, Part{Range: diag.RangeOf(spec.off(open), spec.off(closeAt)), Expr: obj})
		if closeAt < len(s) {
			parts = append(parts, p.literal(&spec, closeAt, len(s)))
		}
		f.dataText = &Value{Range: d.ValueRange, Parts: parts}
		return
	}
	f.data = obj
}

// directives reads wx:if/elif/else/for and friends of f.
func (p *parser) directives(f *frame, log *diag.Log, dups []uint8) {
	attrs := f.tok.Attrs
	d := &f.dir
	ifA, elifA, elseA := lastAttr(attrs, "wx:if"), lastAttr(attrs, "wx:elif"), lastAttr(attrs, "wx:else")
	loopA := lastAttr(attrs, "wx:for-items")
	if loopA == nil {
		loopA = lastAttr(attrs, "wx:for")
	}
	for i := range attrs {
		if isStructural(attrs[i].Name) && dups != nil && dups[i] == attrFirstShadowed && log != nil {
			log.AddWarning(p.src, attrs[i].NameRange, "wxml/duplicate-attr", "attribute `"+attrs[i].Name+"` is repeated: the last one wins and the others are ignored")
		}
	}
	if wf := lastAttr(attrs, "wx:for"); wf != nil && loopA != wf && log != nil {
		log.AddWarning(p.src, wf.NameRange, "wxml/duplicate-attr", "`wx:for` is ignored: `wx:for-items` takes precedence")
	}
	notSet := func(a *RawAttr) {
		if log != nil {
			log.Add(diag.Msg{Kind: diag.Error, ID: "wxml/missing-value",
				Data: diag.MsgData{Source: p.src, Range: p.elementRange(&f.tok), Text: "`" + a.Name + "` needs a value"},
				Hint: a.Name + `="{{condition}}"`})
		}
	}
	conflict := func(a *RawAttr, with string) {
		if log != nil {
			log.Add(diag.Msg{Kind: diag.Error, ID: "wxml/stray-else",
				Data:  diag.MsgData{Source: p.src, Range: p.elementRange(&f.tok), Text: "`" + a.Name + "` cannot be combined with `" + with + "` on one element"},
				Notes: []diag.MsgData{{Source: p.src, Range: a.Range, Text: "`" + a.Name + "` is here"}}})
		}
	}
	// cond takes a wx:if or wx:elif; the later directives of the element
	// conflict with it (wcc reports the first of them).
	cond := func(a *RawAttr, later ...*RawAttr) {
		d.kind, d.attrRange = a.Name, a.Range
		if !a.HasValue {
			notSet(a)
		}
		d.cond = p.value(a, log)
		for _, b := range later {
			if b != nil {
				conflict(b, a.Name)
				return
			}
		}
	}
	switch {
	case ifA != nil:
		cond(ifA, elifA, elseA)
	case elifA != nil:
		cond(elifA, elseA)
	case elseA != nil:
		d.kind, d.attrRange = "wx:else", elseA.Range
		p.value(elseA, log) // compiled (and then unused) by wcc
	}
	if d.cond == nil && d.kind != "" && d.kind != "wx:else" {
		d.cond = &Value{Range: d.attrRange, Parts: []Part{{Range: d.attrRange}}}
	}
	// Without a loop, wx:key / wx:for-index / wx:for-item are ordinary
	// (compiled, then dropped) attributes of ordinary elements.
	ordinary := f.kind == kElement || f.kind == kWxsElement
	keyA, indexA, itemA := lastAttr(attrs, "wx:key"), lastAttr(attrs, "wx:for-index"), lastAttr(attrs, "wx:for-item")
	if loopA != nil {
		d.loop, d.forRange = true, loopA.Range
		if !loopA.HasValue {
			notSet(loopA)
		}
		llog := log
		if f.kind == kTemplateDef {
			llog = nil // wcc does not compile the loop of a definition
		}
		d.list = p.value(loopA, llog)
		if d.list == nil {
			d.list = &Value{Range: loopA.Range, Parts: []Part{{Range: loopA.Range}}}
		}
		d.item, d.index = "item", "index"
		if itemA != nil {
			p.checkMustaches(itemA, log)
			if v := p.rawValue(itemA); v != "" {
				d.item = v
			}
		}
		if indexA != nil {
			p.value(indexA, log)
			if v := p.rawValue(indexA); v != "" {
				d.index = v
			}
		}
		if keyA != nil {
			p.value(keyA, log)
			d.key, d.hasKey, d.keyRange = p.rawValue(keyA), true, keyA.Range
		}
	} else if ordinary {
		for _, a := range [...]*RawAttr{keyA, indexA, itemA} {
			if a != nil {
				p.value(a, log)
			}
		}
	}
	d.hasStruct = d.kind != "" || d.loop
}

// importLoop checks the directives of an <import> with wx:for (see close).
func (p *parser) importLoop(parent, f *frame) {
	d := &f.dir
	switch d.kind {
	case "wx:if", "wx:elif":
		p.log.Add(diag.Msg{Kind: diag.Error, ID: "wxml/import-directive",
			Data:  diag.MsgData{Source: p.src, Range: p.elementRange(&f.tok), Text: "`" + d.kind + "` cannot be combined with `wx:for` on an <import>"},
			Hint:  "an import is not rendered: put a condition on a <block> around the content that uses its templates",
			Notes: []diag.MsgData{{Source: p.src, Range: d.attrRange, Text: "`" + d.kind + "` is here"}}})
	case "wx:else":
		if parent.chain == nil {
			p.strayElse(f)
		}
		return
	}
	p.log.AddWarning(p.src, d.forRange, "wxml/import-for", "`wx:for` on an <import> is ignored: the file is imported once")
}

// emptyBlock stands for a node that takes part in wx:if/wx:for structure
// but renders nothing (an <import>, a template definition, a <template>
// without name or is).
func emptyBlock(t *Token, r diag.Range) *Element {
	return &Element{Range: r, NameRange: t.NameRange, Tag: "block", SelfClosing: true}
}

// close finishes f (its end is at end) and hands it to its parent.
func (p *parser) close(f *frame, end int32) {
	parent := p.top()
	t := &f.tok
	r := diag.RangeOf(int(t.Range.Loc.Start), int(end))
	var node Node
	transparent := false
	switch f.kind {
	case kElement, kBlock, kWxsElement:
		if f.kind == kWxsElement {
			if f.codeOpen {
				transparent = true // left open at the end: ignored (wcc)
				break
			}
			p.checkWxs(f)
		}
		e := p.arena.newElement()
		*e = Element{Range: r, NameRange: t.NameRange, Tag: t.Name, Attrs: p.attrs(f), Children: p.children(f), SelfClosing: t.SelfClosing}
		node = e
	case kWxsModule:
		transparent = true
		if f.codeOpen {
			break // reported in finish; wcc registers nothing
		}
		p.checkWxs(f)
		m := &WxsModule{Range: r, Module: f.name, Src: f.src, SrcRange: f.srcRange}
		if f.hasCode {
			m.Code, m.CodeRange = p.s[f.code.Loc.Start:f.code.End()], f.code
		}
		p.file.Wxs = append(p.file.Wxs, m)
	case kTemplateDef:
		p.file.Templates = append(p.file.Templates, &TemplateDef{Range: r, Name: f.name, NameRange: f.nameRange, Children: p.children(f)})
		if f.dir.hasStruct {
			node = emptyBlock(t, r)
		}
	case kTemplateCall:
		if f.isBad {
			if f.dir.hasStruct {
				node = emptyBlock(t, r)
			}
			break
		}
		node = &TemplateCall{Range: r, Is: f.is, Data: f.data, DataText: f.dataText, DataRange: f.dataRange}
	case kTemplateNone:
		// Its children are compiled (errors count) but never rendered.
		if f.dir.hasStruct {
			node = emptyBlock(t, r)
		}
	case kImport:
		switch {
		case f.ignored:
			// among a template call's or include's children: imports nothing
		case f.dir.loop:
			// wcc ignores wx:for on an import, and a wx:else with it only
			// ends the chain: the import happens.
			p.importLoop(parent, f)
			if f.hasSrc && f.src != "" {
				p.file.Imports = append(p.file.Imports, &Import{Range: r, Src: f.src, SrcRange: f.srcRange})
			}
		case f.dir.hasStruct:
			node = emptyBlock(t, r) // imports nothing (wcc)
		case f.hasSrc && f.src != "":
			p.file.Imports = append(p.file.Imports, &Import{Range: r, Src: f.src, SrcRange: f.srcRange})
		}
	case kInclude:
		node = &Include{Range: r, Src: f.src, SrcRange: f.srcRange, TopLevel: len(p.stack) == 1 && !f.dir.hasStruct}
	}
	if !(f.ignored || transparent || parent.childrenIgnored()) {
		p.appendChild(parent, f, node)
	}
	p.freeFrame(f)
}

// Frames are recycled: one per element would be the largest allocation of
// a parse. Nothing of a frame outlives close but the slices it hands over.
func (p *parser) newFrame() *frame {
	if n := len(p.free); n > 0 {
		f := p.free[n-1]
		p.free = p.free[:n-1]
		return f
	}
	return &frame{}
}

func (p *parser) freeFrame(f *frame) {
	// The frame keeps its children and attribute slices as scratch, unless
	// a node took them (p.children, p.attrs).
	children, attrs := f.children[:0], f.attrs[:0]
	clear(f.children)
	clear(f.attrs)
	*f = frame{children: children, attrs: attrs}
	p.free = append(p.free, f)
}

// children and attrs return f's slices for a node (see take).
func (p *parser) children(f *frame) []Node { return take(p.arena, nodesOf, &f.children) }
func (p *parser) attrs(f *frame) []*Attr   { return take(p.arena, attrPtrsOf, &f.attrs) }

// strayElse reports f's wx:elif or wx:else with no chain to continue.
func (p *parser) strayElse(f *frame) {
	d := &f.dir
	p.log.Add(diag.Msg{Kind: diag.Error, ID: "wxml/stray-else",
		Data:  diag.MsgData{Source: p.src, Range: p.elementRange(&f.tok), Text: "`" + d.kind + "` without a `wx:if` before it"},
		Hint:  d.kind + " must directly follow a sibling element with wx:if or wx:elif (only whitespace and comments may be between them; an element with wx:for does not count)",
		Notes: []diag.MsgData{{Source: p.src, Range: d.attrRange, Text: "`" + d.kind + "` is here"}}})
}

// appendChild adds an element's node to parent, building wx:if chains and
// wx:for loops.
func (p *parser) appendChild(parent *frame, f *frame, node Node) {
	d := &f.dir
	if node == nil {
		parent.chain = nil // a plain <template name> or <import> breaks a chain
		return
	}
	kind := d.kind
	if d.loop {
		if kind == "wx:elif" || kind == "wx:else" {
			p.log.Add(diag.Msg{Kind: diag.Error, ID: "wxml/stray-else",
				Data:  diag.MsgData{Source: p.src, Range: p.elementRange(&f.tok), Text: "`" + kind + "` cannot be combined with `wx:for` on one element"},
				Hint:  "put the loop on an inner element or a <block>",
				Notes: []diag.MsgData{{Source: p.src, Range: d.attrRange, Text: "`" + kind + "` is here"}}})
			kind = ""
		}
		body := node
		if kind == "wx:if" {
			body = p.newChain(node, d.attrRange, kind, d.cond)
		}
		parent.children = append(parent.children, &For{Range: node.NodeRange(), AttrRange: d.forRange, List: d.list,
			Item: d.item, Index: d.index, Key: d.key, HasKey: d.hasKey, KeyRange: d.keyRange, Body: body})
		parent.chain = nil
		return
	}
	switch kind {
	case "wx:elif", "wx:else":
		if parent.chain == nil {
			p.strayElse(f)
			if kind == "wx:else" {
				parent.children = append(parent.children, node)
				return
			}
			kind = "wx:if" // recover: start a chain
			break
		}
		c := parent.chain
		var cond *Value
		if kind == "wx:elif" {
			cond = d.cond
		}
		c.Branches = append(c.Branches, &IfBranch{AttrRange: d.attrRange, Kind: kind, Cond: cond, Body: node})
		c.Range = diag.RangeOf(int(c.Range.Loc.Start), int(node.NodeRange().End()))
		if kind == "wx:else" {
			parent.chain = nil
		}
		return
	case "":
		parent.children = append(parent.children, node)
		parent.chain = nil
		return
	}
	c := p.newChain(node, d.attrRange, kind, d.cond)
	parent.children = append(parent.children, c)
	parent.chain = c
}

// newChain starts an if chain at node, with room for a second branch.
func (p *parser) newChain(node Node, attrRange diag.Range, kind string, cond *Value) *IfChain {
	cb := p.arena.newChain()
	cb.branch = IfBranch{AttrRange: attrRange, Kind: kind, Cond: cond, Body: node}
	cb.branches[0] = &cb.branch
	cb.chain = IfChain{Range: node.NodeRange(), Branches: cb.branches[:1:2]}
	return &cb.chain
}
