// Package wxs checks WXS modules (WeChat's ES5 subset) and rewrites them
// for mpc's runtime the way wcc does: every identifier, property name and
// object key gets an "nv_" prefix, so wxs code reaches only the members the
// WXS library defines (and `x.constructor` is a type name); computed keys are
// prefixed at run time; require("./x.wxs") is resolved at compile time.
package wxs

import (
	"encoding/json"
	"reflect"
	"strings"
	"sync"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/wxml"
)

// Resolver maps a require() argument to a module key ("./path.wxs").
type Resolver func(spec string) (key string, ok bool)

// keywords keep their meaning; every other identifier is renamed.
var keywords = map[string]bool{
	"var": true, "function": true, "return": true, "if": true, "else": true, "for": true, "while": true,
	"do": true, "break": true, "continue": true, "switch": true, "case": true, "default": true,
	"true": true, "false": true, "null": true, "typeof": true, "instanceof": true, "this": true,
	"in": true, "void": true, "delete": true, "throw": true,
	// arguments stays itself; each function body gives it an nv_length.
	"arguments": true,
}

// keptGlobals are the JS globals wcc leaves unprefixed (their members are
// still prefixed: Math.nv_max, Number.nv_MAX_VALUE, Date.nv_now).
var keptGlobals = map[string]bool{"Number": true, "Math": true, "Date": true, "Infinity": true, "NaN": true, "undefined": true}

type tokKind uint8

const (
	tSpace tokKind = iota // whitespace and comments
	tIdent
	tNumber
	tString
	tPunct
	tRegExp
	tTemplate
)

// scratchPool recycles the token slice and the output buffer of Rewrite:
// the tokens were a third of what it allocated, and neither outlives the
// call (the module is copied out at its size).
var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

type scratch struct {
	toks []token
	out  []byte
}

// outBuf is a strings.Builder whose memory can be reused.
type outBuf struct{ b []byte }

func (o *outBuf) WriteString(s string) { o.b = append(o.b, s...) }

type token struct {
	kind       tokKind
	start, end int
}

// Rewrite checks code (found at offset base of src) and returns the module
// function "function(nv_require){...}". Problems are reported to log with
// positions in src; ok is false when there were errors.
func Rewrite(log *diag.Log, src *diag.Source, base int, code string, resolve Resolver) (js string, ok bool) {
	errs := 0
	report := func(start, end int, text string) {
		errs++
		log.AddError(src, diag.RangeOf(base+start, base+end), "wxs/syntax", text)
	}
	// Numbers first: wcc's WXS lexer reads only decimal digits with an
	// optional fraction, and legacy decimals like 08 (which goja's parser
	// rejects) are given to goja without their leading zeros.
	sc := scratchPool.Get().(*scratch)
	toks := tokenize(sc.toks, code)
	var b outBuf
	b.b = sc.out[:0]
	defer func() {
		sc.toks, sc.out = toks[:0], b.b[:0]
		scratchPool.Put(sc)
	}()
	var patched []byte
	for i, t := range toks {
		if t.kind == tSpace {
			patched = blankCommentBreaks(code, toks, i, patched)
			continue
		}
		if t.kind != tNumber {
			continue
		}
		text := code[t.start:t.end]
		if !decimalLiteral(text) {
			report(t.start, t.end, "invalid number `"+text+"` in WXS: only decimal digits with an optional fraction (no 0x10, 1e3, .5, 0b1, 0o7 or 1_000)")
			continue
		}
		if legacyDecimal(text) {
			if patched == nil {
				patched = []byte(code)
			}
			n := len(text) - len(strings.TrimLeft(text, "0"))
			if n == len(text) || text[n] == '.' {
				n--
			}
			for j := 0; j < n; j++ {
				patched[t.start+j] = ' '
			}
		}
	}
	if strings.HasPrefix(code, "#!") {
		// goja takes it as a comment; wcc's lexer does not
		report(0, 2, "a `#!` line is not supported in WXS")
	}
	if errs > 0 {
		return "", false
	}
	if patched != nil {
		code = string(patched)
	}
	// Syntax with goja's ES parser (it accepts more than ES5; the subset
	// checks below reject the rest).
	prog, err := parser.ParseFile(nil, "", code, 0)
	if err != nil {
		if el, isList := err.(parser.ErrorList); isList && len(el) > 0 {
			off := offsetOf(code, el[0].Position.Line, el[0].Position.Column)
			if nl := stringLineBreak(code, off); nl >= 0 {
				// goja says "Unexpected token ILLEGAL" at the opening quote
				report(nl, nl+1, "a string literal cannot contain a line break: close it before the line end, or write \\n")
			} else {
				report(off, off+1, "WXS syntax error: "+el[0].Message)
			}
		} else {
			report(0, 0, "WXS syntax error: "+err.Error())
		}
		return "", false
	}
	// One walk of the AST: valid JavaScript that wcc's WXS parser rejects
	// (observed with the oracle: internal/parity/wxs_accept_test.go), and
	// the operators goja gets wrong (ops.go), when the tokens have any.
	chk := &checker{code: code, toks: toks, report: report}
	fx := newFacts()
	var planner *opPlanner
	var ops *opEdits
	if needsOpEdits(code, toks) {
		planner = newOpPlanner(code, toks)
		ops = planner.e
	}
	walkAST(reflect.ValueOf(prog), func(n ast.Node) func() {
		leave := both(chk.enter(n), fx.enter(n))
		if planner == nil {
			return leave
		}
		return both(planner.plan(n), leave)
	})
	if fx.after != nil || fx.replace != nil {
		if ops == nil {
			ops = newOpEdits()
		}
		fx.apply(toks, ops)
	}
	b.WriteString("function (nv_require) {\nvar nv_module = {nv_exports: {}};\n")
	b.WriteString(fx.module.decls())
	closed := 0 // tokens before this index have had their closing edits written
	// brackets: for each open '[' whether it is a computed member access
	var brackets []bool
	prev := -1 // index of the previous significant token
	// after `function`: 1 = before the parameters, 2 = in them, 3 = before the body
	fnState, fnDepth := 0, 0
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		text := code[t.start:t.end]
		if ops != nil {
			// closing edits of the tokens written so far (some cases below
			// consume several tokens), then the opening ones of this token
			for ; closed < i; closed++ {
				b.WriteString(ops.after[closed])
			}
			b.WriteString(ops.before[i])
			if r, ok := ops.replace[i]; ok {
				b.WriteString(r)
				prev = i
				continue
			}
		}
		switch t.kind {
		case tSpace:
			b.WriteString(text)
			continue
		case tTemplate:
			report(t.start, t.end, "template literals are not supported in WXS (ES5 only)")
		case tRegExp:
			report(t.start, t.end, "regular expression literals are not supported in WXS; use getRegExp()")
		case tIdent:
			afterDotName := afterDot(code, toks, prev)
			if wccReserved[text] && (afterDotName || isObjectKey(code, toks, prev, i)) {
				report(t.start, t.end, "`"+text+"` cannot be a property name in WXS; quote it: o[\""+text+"\"], {\""+text+"\": ...}")
			}
			if !asciiIdent(text) {
				report(t.start, t.end, "WXS identifiers are ASCII letters, digits and _ only (no $, escapes or other letters)")
			}
			if text == "in" && !afterDotName && inForHead(code, toks, i) {
				report(t.start, t.end, "for...in is not supported in WXS; loop over Object.keys-like arrays instead")
			}
			if text == "require" && !afterDotName {
				spec, end, isCall := requireCall(code, toks, i)
				if !isCall {
					report(t.start, t.end, "require() in WXS takes exactly one string: the path of a .wxs file")
				} else if !strings.HasSuffix(spec, ".wxs") {
					report(t.start, toks[end].end, "require() in WXS loads only .wxs files, not `"+spec+"`")
				} else {
					key, found := resolve(spec)
					if !found {
						report(t.start, toks[end].end, "cannot find WXS module `"+spec+"`")
					} else if strings.HasPrefix(spec, "/") {
						log.Add(diag.Msg{Kind: diag.Warning, ID: "wxs/absolute-require",
							Data: diag.MsgData{Source: src, Range: diag.RangeOf(base+t.start, base+toks[end].end), Text: "require() with an absolute path gives undefined in WeChat's WXS runtime"},
							Hint: "use a path relative to this file, e.g. require(\"../lib/x.wxs\")"})
					}
					b.WriteString("nv_require(")
					b.WriteString(quote("p_" + key))
					b.WriteString(")()")
					i = end
					prev = end
					continue
				}
			}
			if text == "function" && !afterDotName {
				fnState = 1
			}
			if (keywords[text] || keptGlobals[text]) && !afterDotName && !isObjectKey(code, toks, prev, i) {
				b.WriteString(text)
			} else {
				b.WriteString("nv_" + text)
			}
		case tString:
			v := stringValue(text)
			if isObjectKey(code, toks, prev, i) {
				v = "nv_" + v
			}
			b.WriteString(jsQuote(v))
		case tNumber:
			if isObjectKey(code, toks, prev, i) {
				report(t.start, t.end, "numeric object keys are not supported in WXS")
			}
			// wcc joins `1 .toString()` into `1.toString()`, which does not parse
			if n := nextSig(toks, i+1); n > i+1 && code[toks[n].start:toks[n].end] == "." {
				report(t.start, toks[n].end, "a number followed by a space and `.` is miscompiled by wcc; write (1).toString()")
			}
			b.WriteString(text)
		case tPunct:
			switch {
			case fnState == 1 && text == "(":
				fnState, fnDepth = 2, 0
			case fnState == 2 && text == "(":
				fnDepth++
			case fnState == 2 && text == ")":
				if fnDepth == 0 {
					fnState = 3
				} else {
					fnDepth--
				}
			case fnState == 3 && text == "{":
				fnState = 0
				b.WriteString("{arguments.nv_length=arguments.length;")
				prev = i
				continue
			}
			switch text {
			case "=>":
				report(t.start, t.end, "arrow functions are not supported in WXS (ES5 only); use function")
			case "**", "**=", "??", "??=", "?.", "||=", "&&=":
				report(t.start, t.end, "the operator `"+text+"` is not supported in WXS (ES5 only)")
			case "...":
				report(t.start, t.end, "spread and rest (...) are not supported in WXS (ES5 only)")
			case "\\":
				report(t.start, t.end, "WXS identifiers cannot contain escapes")
			case "#":
				report(t.start, t.end, "private names (#x) are not supported in WXS (ES5 only)")
			case ",":
				// wcc prints an array literal's elements joined by ",", so
				// a hole at the end is lost: [1, , ] has length 1, [, ] 0
				if n, p := nextSig(toks, i+1), prevSig(toks, i-1); n >= 0 && p >= 0 &&
					code[toks[n].start:toks[n].end] == "]" && (code[toks[p].start:toks[p].end] == "," || code[toks[p].start:toks[p].end] == "[") {
					prev = i
					continue
				}
			case "[":
				computed := fx.members[t.start]
				brackets = append(brackets, computed)
				if computed {
					b.WriteString("[wxsKey_(")
					prev = i
					continue
				}
			case "]":
				if n := len(brackets); n > 0 {
					computed := brackets[n-1]
					brackets = brackets[:n-1]
					if computed {
						b.WriteString(")]")
						prev = i
						continue
					}
				}
			}
			b.WriteString(text)
		}
		prev = i
	}
	if ops != nil {
		for ; closed < len(toks); closed++ {
			b.WriteString(ops.after[closed])
		}
	}
	b.WriteString("\n;return nv_module.nv_exports;\n}")
	if errs > 0 {
		return "", false
	}
	return string(b.b), true
}

// Prelude defines wxsKey_, used by rewritten computed member accesses, and
// the spec-exact operators of ops.go (R is mpc's runtime).
const Prelude = "function wxsKey_(k) { return null == k ? undefined : 'number' === typeof k ? k : 'nv_' + k; }\n" +
	"function wxsEq_(a, b) { return R.eq(a, b); }\nfunction wxsNe_(a, b) { return !R.eq(a, b); }\nfunction wxsI32_(x) { return R.i32(x); }\n"

// decimalLiteral: digits, then optionally "." and digits (wcc's WXS numbers).
func decimalLiteral(s string) bool {
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0:
			dot = true
		default:
			return false
		}
	}
	return true
}

// legacyDecimal: a leading-zero integer part with an 8 or 9 in it (08, 019.5)
// is decimal in sloppy-mode JS; 010 stays octal.
func legacyDecimal(s string) bool {
	if len(s) < 2 || s[0] != '0' {
		return false
	}
	for i := 1; i < len(s) && s[i] != '.'; i++ {
		if s[i] == '8' || s[i] == '9' {
			return true
		}
	}
	return false
}

// asciiIdent: wcc's WXS identifiers have no $ and no other letters.
func asciiIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '$' || s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// stringValue is the value of a WXS string literal as wcc reads it: wcc
// re-emits WXS strings with the emitter it uses for WXML text (a version
// quirk: only \n, \t and \r are escapes, \d keeps its backslash, quotes
// and backslash pairs become \x27 \x22 \x5c depending on what follows).
func stringValue(lit string) string {
	body := lit[1:]
	if len(body) > 0 && body[len(body)-1] == lit[0] {
		body = body[:len(body)-1]
	}
	return wxml.WccEscapes(body, false)
}

// jsQuote writes s as a JS string literal.
func jsQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func quote(s string) string { return jsQuote(s) }

func offsetOf(code string, line, col int) int {
	off := 0
	for l := 1; l < line && off < len(code); l++ {
		i := strings.IndexByte(code[off:], '\n')
		if i < 0 {
			return len(code)
		}
		off += i + 1
	}
	off += col - 1
	if off > len(code) {
		off = len(code)
	}
	if off < 0 {
		off = 0
	}
	return off
}

func afterDot(code string, toks []token, prev int) bool {
	return prev >= 0 && toks[prev].kind == tPunct && code[toks[prev].start:toks[prev].end] == "."
}

// blankCommentBreaks: for wcc's lexer a block comment is no line break
// and forgets the line breaks since the last significant token (`a = 1
// /*⏎*/ b = 2`, `a = 1⏎/* c */ b = 2` and `a = 1 // c⏎/* d */ b = 2`
// are errors, `return⏎/* c */ 1` returns 1). So when toks[i] is a block
// comment, the line breaks of the comments and whitespace from there back
// to the last significant token become spaces for goja too, and so do the
// line comments there (they would swallow the code after them). Byte for
// byte: offsets stay. code is copied on first use.
func blankCommentBreaks(code string, toks []token, i int, patched []byte) []byte {
	if !strings.HasPrefix(code[toks[i].start:toks[i].end], "/*") {
		return patched
	}
	for j := i; j >= 0 && toks[j].kind == tSpace; j-- {
		t := toks[j]
		text := code[t.start:t.end]
		line := strings.HasPrefix(text, "//")
		if !line && !strings.ContainsAny(text, "\n\r\u2028\u2029") {
			continue
		}
		if patched == nil {
			patched = []byte(code)
		}
		for k := t.start; k < t.end; k++ {
			switch {
			case line || code[k] == '\n' || code[k] == '\r':
				patched[k] = ' '
			case strings.HasPrefix(code[k:t.end], "\u2028") || strings.HasPrefix(code[k:t.end], "\u2029"):
				copy(patched[k:], "   ")
			}
		}
	}
	return patched
}

// stringLineBreak returns the offset of the raw line break inside the
// string literal that starts at off, or -1.
func stringLineBreak(code string, off int) int {
	if off >= len(code) || code[off] != '"' && code[off] != '\'' {
		return -1
	}
	q := code[off]
	for i := off + 1; i < len(code); i++ {
		switch code[i] {
		case '\\':
			i++
		case q:
			return -1
		case '\n', '\r':
			return i
		}
	}
	return -1
}

// both runs the leave functions of two visitors (either may be nil),
// inner first.
func both(a, b func()) func() {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return func() { a(); b() }
}

// isObjectKey: token i directly follows '{' or ',' and is followed by ':',
// inside an object literal (a '{' that opens an expression, approximated by
// the token before it).
func isObjectKey(code string, toks []token, prev, i int) bool {
	if prev < 0 || toks[prev].kind != tPunct {
		return false
	}
	p := code[toks[prev].start:toks[prev].end]
	if p != "{" && p != "," {
		return false
	}
	next := nextSig(toks, i+1)
	if next < 0 || code[toks[next].start:toks[next].end] != ":" {
		return false
	}
	// find the innermost open brace/paren/bracket before i
	depth := 0
	for j := prev; j >= 0; j-- {
		if toks[j].kind != tPunct {
			continue
		}
		switch code[toks[j].start:toks[j].end] {
		case "}", ")", "]":
			depth++
		case "(", "[":
			if depth == 0 {
				return false
			}
			depth--
		case "{":
			if depth > 0 {
				depth--
				continue
			}
			// an object literal's '{' follows an operator-ish token
			k := prevSig(toks, j-1)
			if k < 0 {
				return false
			}
			kt := code[toks[k].start:toks[k].end]
			if toks[k].kind == tPunct {
				return kt != ")" && kt != "{" && kt != "}" && kt != ";"
			}
			return kt == "return" || kt == "typeof" || kt == "in" || kt == "case" || kt == "void" || kt == "delete"
		}
	}
	return false
}

func nextSig(toks []token, i int) int {
	for ; i < len(toks); i++ {
		if toks[i].kind != tSpace {
			return i
		}
	}
	return -1
}

func prevSig(toks []token, i int) int {
	for ; i >= 0; i-- {
		if toks[i].kind != tSpace {
			return i
		}
	}
	return -1
}

// inForHead reports whether token i sits inside the parentheses of a `for (`.
func inForHead(code string, toks []token, i int) bool {
	depth := 0
	for j := i - 1; j >= 0; j-- {
		if toks[j].kind != tPunct {
			continue
		}
		switch code[toks[j].start:toks[j].end] {
		case ")":
			depth++
		case "(":
			if depth > 0 {
				depth--
				continue
			}
			k := prevSig(toks, j-1)
			return k >= 0 && code[toks[k].start:toks[k].end] == "for"
		case ";", "{", "}":
			if depth == 0 {
				return false
			}
		}
	}
	return false
}

// requireCall matches require ( "spec" ) at token i; end is the index of ')'.
func requireCall(code string, toks []token, i int) (spec string, end int, ok bool) {
	a := nextSig(toks, i+1)
	if a < 0 || code[toks[a].start:toks[a].end] != "(" {
		return "", 0, false
	}
	s := nextSig(toks, a+1)
	if s < 0 || toks[s].kind != tString {
		return "", 0, false
	}
	c := nextSig(toks, s+1)
	if c < 0 || code[toks[c].start:toks[c].end] != ")" {
		return "", 0, false
	}
	lit := code[toks[s].start+1 : toks[s].end-1]
	return lit, c, true
}
