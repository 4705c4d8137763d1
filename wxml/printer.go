package wxml

import (
	"strconv"
	"strings"
)

// Print returns f as minified WXML: comments and whitespace-only text are
// gone (they never render), other text is kept exactly, attribute values
// get the shortest safe quoting, empty elements self-close, and the
// structure (wx:if chains, wx:for loops, templates, imports, wxs modules)
// is written back from the AST. Hoisted declarations come first. Parsing
// the output gives a file that renders the same.
func Print(f *File) []byte {
	p := printer{b: make([]byte, 0, 1024)}
	if f.Source != nil {
		p.b = make([]byte, 0, len(f.Source.Contents)*3/4+16)
	}
	for _, m := range f.Wxs {
		p.wxs(m)
	}
	for _, im := range f.Imports {
		p.s(`<import src=`)
		p.quoted(im.Src)
		p.s(`/>`)
	}
	for _, t := range f.Templates {
		p.s(`<template name=`)
		p.quoted(t.Name)
		if len(t.Children) == 0 {
			p.s(`/>`)
			continue
		}
		p.s(`>`)
		p.nodes(t.Children)
		p.s(`</template>`)
	}
	p.nodes(f.Nodes)
	return p.b
}

// PrintExpr returns e as the minified body of a {{ }} in text.
func PrintExpr(e Expr) string {
	var p printer
	p.expr(e)
	return string(p.b)
}

type printer struct {
	b        []byte
	lastText bool // the last node printed was text
}

func (p *printer) s(s string) { p.b = append(p.b, s...) }

func (p *printer) wxs(m *WxsModule) {
	p.s(`<wxs module=`)
	p.quoted(m.Module)
	if m.Src != "" {
		p.s(` src=`)
		p.quoted(m.Src)
		p.s(`/>`)
		return
	}
	p.s(`>`)
	p.s(m.Code)
	p.s(`</wxs>`)
}

func (p *printer) nodes(ns []Node) {
	p.lastText = false
	for _, n := range ns {
		p.node(n, nil)
	}
	p.lastText = false
}

// node prints n; dirs are directive attributes (already formatted, each
// with a leading space) that go on n's tag.
func (p *printer) node(n Node, dirs []string) {
	if t, ok := n.(*Text); ok {
		// Two texts (split by a comment in the source) print as one run:
		// keep them apart where joining would change the reading ("{" +
		// "{" makes a mustache, a trailing "\" escapes what follows).
		if p.lastText && len(p.b) > 0 && (p.b[len(p.b)-1] == '{' || p.b[len(p.b)-1] == '\\') {
			p.s(`<!---->`)
		}
		p.textValue(t.Value)
		p.lastText = true
		return
	}
	p.lastText = false
	switch n := n.(type) {
	case *Element:
		p.s(`<`)
		p.s(n.Tag)
		p.dirs(dirs)
		if n.Tag != "block" { // attributes of <block> never render
			dups := shadowedFlags(len(n.Attrs), func(i int) string { return n.Attrs[i].Name })
			for i, a := range n.Attrs {
				if dups != nil && dups[i] != 0 {
					continue // the last one wins
				}
				p.s(` `)
				p.s(a.Name)
				if a.Value != nil {
					p.s(`=`)
					p.attrValue(a.Value)
				}
			}
		}
		if len(n.Children) == 0 {
			p.s(`/>`)
			return
		}
		p.s(`>`)
		p.nodes(n.Children)
		p.s(`</`)
		p.s(n.Tag)
		p.s(`>`)
	case *TemplateCall:
		p.s(`<template is=`)
		p.attrValue(n.Is)
		p.dirs(dirs)
		if n.Data != nil || n.DataText != nil {
			p.s(` data=`)
			var q printer
			if n.Data != nil {
				q.dataBody(n.Data)
			}
			if n.DataText != nil {
				for _, part := range n.DataText.Parts {
					if o, ok := part.Expr.(*EObject); ok {
						q.dataBody(o)
					} else {
						q.b = appendUnescaped(q.b, part.Literal, false, false)
					}
				}
			}
			p.quoted(string(q.b))
		}
		p.s(`/>`)
	case *Include:
		p.s(`<include`)
		if n.Src != "" {
			p.s(` src=`)
			p.quoted(n.Src)
		}
		p.dirs(dirs)
		p.s(`/>`)
	case *IfChain:
		for _, br := range n.Branches {
			d := ` ` + br.Kind
			if br.Cond != nil {
				d += `=` + attrValueString(br.Cond)
			}
			p.node(br.Body, append(dirs[:len(dirs):len(dirs)], d))
		}
	case *For:
		d := []string{` wx:for=` + attrValueString(n.List)}
		if n.Item != "item" && n.Item != "" {
			d = append(d, ` wx:for-item=`+quotedString(n.Item))
		}
		if n.Index != "index" && n.Index != "" {
			d = append(d, ` wx:for-index=`+quotedString(n.Index))
		}
		if n.HasKey {
			d = append(d, ` wx:key=`+quotedString(n.Key))
		}
		p.node(n.Body, append(dirs, d...))
	}
}

// dataBody prints a data attribute's {{ }}: the properties without braces.
func (p *printer) dataBody(o *EObject) {
	p.s(`{{`)
	p.props(o.Props)
	p.closeMustache()
}

func (p *printer) dirs(dirs []string) {
	for _, d := range dirs {
		p.s(d)
	}
}

// textValue prints text content: literals in a form wccEscapes maps back
// to them, mustaches from the AST.
func (p *printer) textValue(v *Value) {
	start := len(p.b)
	for _, part := range v.Parts {
		if part.Expr != nil {
			p.mustache(part.Expr)
		} else {
			p.b = appendUnescaped(p.b, part.Literal, false, false)
		}
	}
	// Whitespace-only text is dropped when parsed: a text that came from
	// escapes (`\t`) must keep one of them.
	if start < len(p.b) && isWhitespace(string(p.b[start:])) {
		for i := start; i < len(p.b); i++ {
			var e byte
			switch p.b[i] {
			case '\t':
				e = 't'
			case '\n':
				e = 'n'
			case '\r':
				e = 'r'
			default:
				continue
			}
			p.b = append(p.b[:i], append([]byte{'\\', e}, p.b[i+1:]...)...)
			break
		}
	}
}

func (p *printer) mustache(e Expr) {
	p.s(`{{`)
	if _, empty := e.(*EEmpty); !empty {
		p.expr(e)
	}
	p.closeMustache()
}

// closeMustache writes "}}", after a space if the expression ends with '}'
// (else that '}' would close the mustache).
func (p *printer) closeMustache() {
	if len(p.b) > 0 && p.b[len(p.b)-1] == '}' {
		p.s(` `)
	}
	p.s(`}}`)
}

func (p *printer) attrValue(v *Value) { p.s(attrValueString(v)) }

// attrValueString prints an attribute value with its quotes.
func attrValueString(v *Value) string {
	var q printer
	for _, part := range v.Parts {
		if part.Expr != nil {
			q.mustache(part.Expr)
		} else {
			q.b = appendUnescaped(q.b, part.Literal, false, false)
		}
	}
	return quotedString(string(q.b))
}

func (p *printer) quoted(s string) { p.s(quotedString(s)) }

// quotedString quotes s (text after attribute escapes) as an attribute
// value: `"` unless s contains `"` and not `'`; backslashes, the quote,
// line breaks and carriage returns are escaped (attrUnescape undoes it).
func quotedString(s string) string {
	q := byte('"')
	if strings.IndexByte(s, '"') >= 0 && strings.IndexByte(s, '\'') < 0 {
		q = '\''
	}
	if strings.IndexAny(s, "\\\n\r"+string(q)) < 0 {
		return string(q) + s + string(q)
	}
	b := make([]byte, 0, len(s)+8)
	b = append(b, q)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', q:
			b = append(b, '\\', c)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		default:
			b = append(b, c)
		}
	}
	return string(append(b, q))
}

// appendUnescaped appends source text that wccEscapes(text, quoteNext)
// turns back into v. In string literals (inString) line breaks must be
// escaped; in text they stay raw. A carriage return is always escaped so
// that \r\n normalization cannot touch it.
func appendUnescaped(b []byte, v string, quoteNext, inString bool) []byte {
	if strings.IndexAny(v, "\\\r\n") < 0 {
		return append(b, v...)
	}
	// first returns the first byte written for v[i].
	first := func(i int) byte {
		switch c := v[i]; c {
		case '\n':
			if inString {
				return '\\'
			}
			return c
		case '\r':
			return '\\'
		default:
			return c
		}
	}
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '\n':
			if inString {
				b = append(b, `\n`...)
			} else {
				b = append(b, c)
			}
		case '\r':
			b = append(b, `\r`...)
		case '\\':
			// A raw backslash before a character that starts an escape
			// would combine with it: write "\\" there.
			if i+1 < len(v) && escStarts(first(i+1)) || i+1 == len(v) && quoteNext {
				b = append(b, '\\', '\\')
			} else {
				b = append(b, '\\')
			}
		default:
			b = append(b, c)
		}
	}
	return b
}

// Expression printing: the fewest parentheses that keep the tree, no
// spaces (wcc's tokenizer needs none: `a- -b` reads the same as `a--b`).
const (
	precLowest = 0
	precCond   = 1 // ?:
	// binary operators use binPrec()+1 (2..11)
	precUnary   = 12
	precPostfix = 13
)

func exprPrec(e Expr) int {
	switch e := e.(type) {
	case *ECond:
		return precCond
	case *EBinary:
		return binPrec(e.Op) + 1
	case *EUnary:
		return precUnary
	}
	return precPostfix
}

func (p *printer) paren(e Expr, need bool) {
	if need {
		p.s(`(`)
		p.expr(e)
		p.s(`)`)
		return
	}
	p.expr(e)
}

func (p *printer) expr(e Expr) {
	switch e := e.(type) {
	case *EEmpty:
	case *ENumber:
		if e.Raw != "" {
			p.s(e.Raw)
		} else {
			p.s(strconv.FormatFloat(e.Value, 'f', -1, 64))
		}
	case *EString:
		q := byte('\'')
		if strings.IndexByte(e.Value, '\'') >= 0 {
			q = '"'
		}
		p.b = append(p.b, q)
		p.b = appendUnescaped(p.b, e.Value, true, true)
		p.b = append(p.b, q)
	case *EBool:
		if e.Value {
			p.s("true")
		} else {
			p.s("false")
		}
	case *ENull:
		p.s("null")
	case *EIdent:
		p.s(e.Name)
	case *EDot:
		p.paren(e.Target, !chainable(e.Target))
		p.s(".")
		p.s(e.Name)
	case *EIndex:
		p.paren(e.Target, !chainable(e.Target))
		p.s("[")
		p.expr(e.Index)
		p.s("]")
	case *ECall:
		p.paren(e.Target, !chainable(e.Target))
		p.s("(")
		p.list(e.Args)
		p.s(")")
	case *EUnary:
		p.s(e.Op)
		x := e.X
		need := exprPrec(x) < precUnary
		if u, ok := x.(*EUnary); ok && e.Op == "-" && u.Op != "-" {
			need = true // wcc rejects -!a and -~a
		}
		p.paren(x, need)
	case *EBinary:
		prec := binPrec(e.Op) + 1
		p.paren(e.L, exprPrec(e.L) < prec)
		p.s(e.Op)
		p.paren(e.R, exprPrec(e.R) <= prec)
	case *ECond:
		p.paren(e.Test, exprPrec(e.Test) <= precCond)
		p.s("?")
		p.expr(e.Yes)
		p.s(":")
		p.expr(e.No)
	case *EArray:
		p.s("[")
		p.list(e.Items)
		p.s("]")
	case *EObject:
		p.s("{")
		p.props(e.Props)
		if len(p.b) > 0 && p.b[len(p.b)-1] == '}' {
			p.s(" ") // "}}" would end the mustache
		}
		p.s("}")
	}
}

func (p *printer) list(es []Expr) {
	for i, e := range es {
		if i > 0 {
			p.s(",")
		}
		p.expr(e)
	}
}

func (p *printer) props(props []Property) {
	for i, pr := range props {
		if i > 0 {
			p.s(",")
		}
		switch {
		case pr.Spread:
			p.s("...")
			p.expr(pr.Value)
		case pr.Shorthand:
			p.s(pr.Key)
		default:
			p.s(pr.Key)
			p.s(":")
			p.expr(pr.Value)
		}
	}
}

// chainable reports whether wcc accepts member access and calls on e
// without parentheses (it rejects them on literals and parenthesized
// expressions altogether).
func chainable(e Expr) bool {
	switch e := e.(type) {
	case *EIdent:
		return e.Name != "undefined"
	case *EArray, *EDot, *EIndex, *ECall:
		return true
	}
	return false
}
