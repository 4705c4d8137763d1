package wxml

import (
	"strconv"
	"strings"

	"github.com/mpc-dev/mpc/diag"
)

// Expression tokens.
type exprTok uint8

const (
	etEOF exprTok = iota
	etIdent
	etKeyword // true, false, null, undefined: literals, never property names
	etNumber
	etString
	etPunct
)

// errSite is where wcc reports a problem in a value: computed only when
// there is one (finding the column needs a scan back to the line start).
type errSite struct {
	at, end int    // wcc's offset (opening quote or text start) and the value's end
	attr    string // the attribute, "" for text
	exact   bool   // report [at, end) as is (ParseExpr)
}

func (e errSite) rng(w *wccPos) diag.Range {
	if e.exact || w == nil {
		return diag.RangeOf(e.at, e.end)
	}
	return w.rng(e.at, e.end)
}

func (e errSite) ctx() string {
	if e.attr == "" {
		return "in text"
	}
	return "in attribute `" + e.attr + "`"
}

// exprParser parses the body of one {{ }} with wcc's grammar (NOTES.md
// §4.12). Like wcc it stops at the first error of an expression; the
// caller gets an *EEmpty in place of the whole expression then.
type exprParser struct {
	log  *diag.Log
	src  *diag.Source
	s    string  // the expression text (attribute escapes already resolved)
	offs []int32 // source offset of each byte of s (len(s)+1 entries), or nil: base+i
	base int

	site   errSite // where errors are reported
	w      *wccPos
	failed bool

	tok        exprTok
	start, pos int    // the current token is s[start:pos]
	prevEnd    int    // end of the previous token
	text       string // identifier, keyword, number or punctuator text
	str        string // decoded string literal value

	arena *Arena
}

func (p *exprParser) off(i int) int {
	if p.offs != nil {
		if i >= len(p.offs) {
			i = len(p.offs) - 1
		}
		return int(p.offs[i])
	}
	return p.base + i
}

func (p *exprParser) rng(i, j int) diag.Range { return diag.RangeOf(p.off(i), p.off(j)) }

// fail records the first error of the expression at the current token.
func (p *exprParser) fail(i, j int, text, hint string) {
	if p.failed {
		return
	}
	p.failed = true
	p.tok = etEOF
	p.start, p.pos = len(p.s), len(p.s)
	if p.log == nil {
		return
	}
	m := diag.Msg{Kind: diag.Error, ID: "wxml/expr", Hint: hint,
		Data: diag.MsgData{Source: p.src, Range: p.site.rng(p.w), Text: "bad expression " + p.site.ctx() + ": " + text}}
	if j <= i {
		j = i + 1
		if j > len(p.s) {
			i, j = len(p.s), len(p.s)
		}
	}
	m.Notes = []diag.MsgData{{Source: p.src, Range: p.rng(i, j), Text: "here"}}
	p.log.Add(m)
}

func (p *exprParser) describe() string {
	switch p.tok {
	case etEOF:
		return "end of the expression"
	case etString:
		return "string " + p.s[p.start:p.pos]
	}
	return "`" + p.s[p.start:p.pos] + "`"
}

func (p *exprParser) unexpected(expected string) {
	text := "unexpected " + p.describe()
	if expected != "" {
		text += " (expected " + expected + ")"
	}
	p.fail(p.start, p.pos, text, "")
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$'
}

func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// next reads the next token.
func (p *exprParser) next() {
	if p.failed {
		return
	}
	p.prevEnd = p.pos
	s := p.s
	i := p.pos
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	p.start = i
	if i >= len(s) {
		p.tok, p.pos = etEOF, i
		return
	}
	c := s[i]
	switch {
	case isIdentStart(c):
		j := i + 1
		for j < len(s) && isIdentChar(s[j]) {
			j++
		}
		p.pos = j
		p.text = s[i:j]
		switch p.text {
		case "true", "false", "null", "undefined":
			p.tok = etKeyword
		default:
			p.tok = etIdent
		}
		return
	case isDigit(c) || c == '.' && i+1 < len(s) && isDigit(s[i+1]):
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '.' {
			j++
			for j < len(s) && isDigit(s[j]) {
				j++
			}
		}
		p.tok, p.pos, p.text = etNumber, j, s[i:j]
		if j < len(s) && isIdentChar(s[j]) {
			k := j
			for k < len(s) && isIdentChar(s[k]) {
				k++
			}
			p.fail(i, k, "invalid number `"+s[i:k]+"`", "WXML expressions only have decimal numbers: no exponents (1e3), hex (0x10), binary or `_` separators")
		}
		return
	case c == '\'' || c == '"':
		p.lexString(i)
		return
	}
	// Punctuators, longest match; a lone '=' is a tokenizer error in wcc.
	n := 1
	switch c {
	case '.':
		if strings.HasPrefix(s[i:], "...") {
			n = 3
		} else if strings.HasPrefix(s[i:], "..") {
			p.fail(i, i+2, "unexpected `..`", "")
			return
		}
	case '=':
		switch {
		case strings.HasPrefix(s[i:], "==="):
			n = 3
		case strings.HasPrefix(s[i:], "=="):
			n = 2
		default:
			p.fail(i, i+1, "`=` is not allowed: WXML expressions cannot assign", "compare with `==` or `===`")
			return
		}
	case '!':
		switch {
		case strings.HasPrefix(s[i:], "!=="):
			n = 3
		case strings.HasPrefix(s[i:], "!="):
			n = 2
		}
	case '<', '>':
		if i+1 < len(s) && (s[i+1] == c || s[i+1] == '=') {
			n = 2
		}
	case '&', '|':
		if i+1 < len(s) && s[i+1] == c {
			n = 2
		}
	case '(', ')', '[', ']', '{', '}', ',', ':', '?', '+', '-', '*', '/', '%', '^', '~':
	default:
		p.fail(i, runeEnd(s, i), "unexpected character "+quoteChar(s, i), "")
		return
	}
	p.tok, p.pos, p.text = etPunct, i+n, s[i:i+n]
}

// lexString reads a string literal at i. Quirks of wcc: a raw line break
// ends the literal (its value is then ""), and a literal left open at the
// end of the expression ends the token stream silently.
func (p *exprParser) lexString(i int) {
	s := p.s
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '\n':
			p.tok, p.pos, p.str = etString, j+1, ""
			return
		case q:
			p.tok, p.pos = etString, j+1
			p.str = wccEscapes(s[i+1:j], true)
			return
		}
	}
	p.tok, p.start, p.pos = etEOF, len(s), len(s)
}

func (p *exprParser) isPunct(op string) bool { return p.tok == etPunct && p.text == op }

func (p *exprParser) expect(op, expected string) bool {
	if p.isPunct(op) {
		p.next()
		return true
	}
	p.unexpected(expected)
	return false
}

// parseTop parses a whole mustache body.
func (p *exprParser) parseTop() Expr {
	p.next()
	if p.tok == etEOF && !p.failed {
		return &EEmpty{Range: p.rng(0, len(p.s))}
	}
	e := p.parseExpr()
	if !p.failed && p.tok != etEOF {
		p.unexpected("an operator or the end of the expression")
	}
	if p.failed {
		return &EEmpty{Range: p.rng(0, len(p.s))}
	}
	return e
}

// parseDataBody parses the body of a template's data attribute: object
// properties without the braces.
func (p *exprParser) parseDataBody() *EObject {
	p.next()
	o := &EObject{}
	startTok := p.start
	p.parseProps(o, etEOF)
	o.Range = p.rng(startTok, p.pos)
	if p.failed {
		return nil
	}
	return o
}

func (p *exprParser) parseExpr() Expr {
	test := p.parseBinary(1)
	if !p.isPunct("?") {
		return test
	}
	p.next()
	yes := p.parseExpr()
	if !p.expect(":", "`:` of the conditional `?:`") {
		return test
	}
	no := p.parseExpr()
	c := p.arena.newCond()
	*c = ECond{Range: span(test, no), Test: test, Yes: yes, No: no}
	return c
}

func span(a, b Expr) diag.Range {
	ra, rb := a.ExprRange(), b.ExprRange()
	return diag.RangeOf(int(ra.Loc.Start), int(rb.End()))
}

// Binary precedence, as in JavaScript (checked against wcc).
func binPrec(op string) int {
	switch op {
	case "||":
		return 1
	case "&&":
		return 2
	case "|":
		return 3
	case "^":
		return 4
	case "&":
		return 5
	case "==", "!=", "===", "!==":
		return 6
	case "<", ">", "<=", ">=":
		return 7
	case "<<", ">>":
		return 8
	case "+", "-":
		return 9
	case "*", "/", "%":
		return 10
	}
	return 0
}

func (p *exprParser) parseBinary(min int) Expr {
	left := p.parseUnary()
	for p.tok == etPunct {
		op := p.text
		prec := binPrec(op)
		if prec == 0 || prec < min {
			break
		}
		p.next()
		right := p.parseBinary(prec + 1)
		b := p.arena.newBinary()
		*b = EBinary{Range: span(left, right), Op: op, L: left, R: right}
		left = b
	}
	return left
}

func (p *exprParser) parseUnary() Expr {
	if p.tok == etPunct {
		switch p.text {
		case "!", "~":
			return p.unaryOp(p.parseUnary)
		case "-":
			return p.unaryOp(p.parseNegOperand)
		case "+":
			p.fail(p.start, p.pos, "unary `+` is not supported", "")
		}
	}
	return p.parsePostfix()
}

// parseNegOperand is what may follow a unary minus: wcc accepts `--a` and
// `-(!a)` but rejects `-!a` and `-~a`.
func (p *exprParser) parseNegOperand() Expr {
	if p.tok == etPunct {
		switch p.text {
		case "-":
			return p.unaryOp(p.parseNegOperand)
		case "!", "~":
			p.fail(p.start, p.pos, "`"+p.text+"` cannot directly follow a unary `-`", "add parentheses: -("+p.text+"x)")
		}
	}
	return p.parsePostfix()
}

func (p *exprParser) unaryOp(operand func() Expr) Expr {
	start, op := p.start, p.text
	p.next()
	x := operand()
	return &EUnary{Range: diag.RangeOf(p.off(start), int(x.ExprRange().End())), Op: op, X: x}
}

func (p *exprParser) parsePostfix() Expr {
	x, chainable := p.parsePrimary()
	for p.tok == etPunct {
		switch p.text {
		case ".", "[", "(":
		default:
			return x
		}
		if !chainable {
			p.fail(p.start, p.pos, "unexpected `"+p.text+"`: member access and calls only work on names, array literals and their results", "")
			return x
		}
		start := int(x.ExprRange().Loc.Start)
		switch p.text {
		case ".":
			p.next()
			if p.tok != etIdent {
				p.unexpected("a property name after `.`")
				return x
			}
			name := p.text
			p.next()
			d := p.arena.newDot()
			*d = EDot{Range: diag.RangeOf(start, p.off(p.prevEnd)), Target: x, Name: name}
			x = d
		case "[":
			p.next()
			idx := p.parseExpr()
			end := p.pos
			if !p.expect("]", "`]`") {
				return x
			}
			ix := p.arena.newIndex()
			*ix = EIndex{Range: diag.RangeOf(start, p.off(end)), Target: x, Index: idx}
			x = ix
		case "(":
			p.next()
			var args []Expr
			if !p.isPunct(")") {
				for {
					args = append(args, p.parseExpr())
					if !p.isPunct(",") {
						break
					}
					p.next()
				}
			}
			end := p.pos
			if !p.expect(")", "`,` or `)`") {
				return x
			}
			c := p.arena.newCall()
			*c = ECall{Range: diag.RangeOf(start, p.off(end)), Target: x, Args: args}
			x = c
		}
	}
	return x
}

func (p *exprParser) ident(r diag.Range, name string) *EIdent {
	id := p.arena.newIdent()
	*id = EIdent{Range: r, Name: name}
	return id
}

func (p *exprParser) parsePrimary() (Expr, bool) {
	start, end := p.start, p.pos
	r := p.rng(start, end)
	switch p.tok {
	case etIdent:
		name := p.text
		p.next()
		return p.ident(r, name), true
	case etKeyword:
		kw := p.text
		p.next()
		switch kw {
		case "true", "false":
			return &EBool{Range: r, Value: kw == "true"}, false
		case "null":
			return &ENull{Range: r}, false
		}
		return p.ident(r, "undefined"), false
	case etNumber:
		raw := p.text
		p.next()
		if badOctalFraction(raw) && p.log != nil {
			p.log.AddWarning(p.src, r, "wxml/octal-number", "`"+raw+"` starts like an octal number and has a fraction: WeChat fails with a JavaScript syntax error when it renders this")
		}
		n := p.arena.newNumber()
		*n = ENumber{Range: r, Raw: raw, Value: numberValue(raw)}
		return n, false
	case etString:
		v := p.str
		p.next()
		e := p.arena.newStr()
		*e = EString{Range: r, Value: v}
		return e, false
	case etPunct:
		switch p.text {
		case "(":
			p.next()
			e := p.parseExpr()
			p.expect(")", "`)`")
			return e, false
		case "[":
			return p.parseArray(), true
		case "{":
			return p.parseObject(), false
		case "...":
			p.fail(start, end, "spread `...` is only allowed in object literals", "")
			return &EEmpty{Range: r}, false
		}
	}
	p.unexpected("an expression")
	return &EEmpty{Range: r}, false
}

func (p *exprParser) parseArray() Expr {
	start := p.start
	p.next()
	a := &EArray{}
	if !p.isPunct("]") {
		for {
			a.Items = append(a.Items, p.parseExpr())
			if !p.isPunct(",") {
				break
			}
			p.next()
		}
	}
	end := p.pos
	p.expect("]", "`,` or `]`")
	a.Range = p.rng(start, end)
	return a
}

func (p *exprParser) parseObject() Expr {
	start := p.start
	p.next()
	o := &EObject{}
	if p.isPunct("}") {
		p.fail(p.start, p.pos, "empty object literal `{}` is not supported", "")
		return &EEmpty{Range: p.rng(start, p.pos)}
	}
	p.parseProps(o, etPunct)
	end := p.pos
	p.expect("}", "`,` or `}`")
	o.Range = p.rng(start, end)
	return o
}

// parseProps parses `k: v, k2, ...o` up to '}' (closer etPunct) or the end
// (closer etEOF, a data attribute body).
func (p *exprParser) parseProps(o *EObject, closer exprTok) {
	for {
		start := p.start
		var prop Property
		switch {
		case p.isPunct("..."):
			p.next()
			v := p.parseExpr()
			prop = Property{Spread: true, Value: v}
		case p.tok == etIdent:
			key, kr := p.text, p.rng(p.start, p.pos)
			p.next()
			if p.isPunct(":") {
				p.next()
				prop = Property{Key: key, Value: p.parseExpr()}
			} else {
				prop = Property{Key: key, Shorthand: true, Value: &EIdent{Range: kr, Name: key}}
			}
		default:
			p.unexpected("a property: `name`, `name: value` or `...value` (keys must be plain names)")
			return
		}
		if p.failed {
			return
		}
		prop.Range = diag.RangeOf(p.off(start), int(prop.Value.ExprRange().End()))
		o.Props = append(o.Props, prop)
		if !p.isPunct(",") {
			if closer == etEOF && p.tok != etEOF {
				p.unexpected("`,` or the end of the data")
			}
			return
		}
		p.next()
	}
}

// numberValue evaluates a number literal as the JavaScript wcc emits it
// would: a leading 0 with only octal digits is octal ("00012" is 10).
func numberValue(raw string) float64 {
	intPart := raw
	if i := strings.IndexByte(raw, '.'); i >= 0 {
		intPart = raw[:i]
	}
	if len(intPart) > 1 && intPart[0] == '0' && intPart == raw && isOctal(raw) {
		v, _ := strconv.ParseUint(raw, 8, 64)
		return float64(v)
	}
	v, _ := strconv.ParseFloat(strings.TrimSuffix(raw, "."), 64)
	return v
}

func isOctal(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '7' {
			return false
		}
	}
	return true
}

// badOctalFraction reports number literals like 010.5 or 00.5 that wcc
// accepts but that are JavaScript syntax errors when the page renders.
func badOctalFraction(raw string) bool {
	i := strings.IndexByte(raw, '.')
	return i > 1 && raw[0] == '0' && isOctal(raw[:i])
}
