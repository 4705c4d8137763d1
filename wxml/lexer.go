package wxml

import (
	"strings"
	"unicode/utf8"

	"github.com/mpc-dev/mpc/diag"
)

// TokenKind is the kind of a markup token.
type TokenKind uint8

const (
	TokEOF      TokenKind = iota
	TokText               // character data, {{ }} included
	TokComment            // <!-- ... --> (also a recovered bad <!...> or <?...?>)
	TokStartTag           // <name attrs> or <name attrs/>
	TokEndTag             // </name>
	TokRawText            // the body of <wxs>...</wxs>, up to (not including) </wxs
)

// Token is one markup token. Strings are substrings of the source.
type Token struct {
	Kind      TokenKind
	Range     diag.Range
	Name      string // tag name (start and end tags)
	NameRange diag.Range
	Attrs     []RawAttr // start tags; valid until the next call of Next
	// SelfClosing is set for <name/>.
	SelfClosing bool
	// Unterminated: a text's {{ ran to the end of the file, a comment or a
	// <wxs> body had no end, or a tag was cut short. The error (if any) is
	// already reported.
	Unterminated bool
	// SpaceAfterLT is set for "< name": usually a less-than sign meant as
	// text, which helps the wording of errors in that tag.
	SpaceAfterLT bool
}

// RawAttr is an attribute as lexed: the value is still raw source text.
type RawAttr struct {
	Range      diag.Range // name through closing quote
	NameRange  diag.Range
	Name       string
	HasValue   bool
	Quote      byte       // '"' or '\'' (0 for a recovered unquoted value)
	ValueRange diag.Range // inside the quotes
	// Unquoted is set for `a=b"` (wcc reads b up to the next '"').
	Unquoted bool
	Dropped  bool // `a= b`: wcc ignores a (lexer-internal)
}

// Lexer splits WXML source into tokens in one pass over the bytes. It is
// case-preserving and knows wcc's rules: `{{ }}` may hold `<` and quotes in
// text, the body of <wxs> is raw text, any tag may self-close.
type Lexer struct {
	log *diag.Log
	src *diag.Source
	s   string
	pos int

	rawWxs     bool // the next token is the raw body of a <wxs>
	wxsEndNext bool // the next token is the </wxs> after a raw body

	quietLT int       // a '<' already reported (see startTag), or -1
	attrs   []RawAttr // reused for each start tag
	w       wccPos

	// EOFError is set once an "unexpected end of file" was reported: what
	// is still open then needs no further error.
	EOFError bool
}

// NewLexer returns a lexer over src reporting problems to log.
func NewLexer(log *diag.Log, src *diag.Source) *Lexer {
	l := &Lexer{}
	l.init(log, src)
	return l
}

// init readies l for src, keeping its attribute buffer.
func (l *Lexer) init(log *diag.Log, src *diag.Source) {
	*l = Lexer{log: log, src: src, s: src.Contents, quietLT: -1, w: newWccPos(src.Contents), attrs: l.attrs[:0]}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// Tag and attribute names: [A-Za-z_:-] then [A-Za-z0-9_:-]* (wcc).
func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c == '-'
}

func isNameChar(c byte) bool { return isNameStart(c) || c >= '0' && c <= '9' }

// wccPos maps offsets to wcc's positions in one source. wcc's columns are
// 0-based on the first line (but never 0 there) and 1-based on the others;
// a line break itself is reported as column 0 of the next line, which diag
// cannot print, so it stays on its own line.
type wccPos struct {
	s       string
	firstNL int // offset of the first '\n', or -1: the first line is all that needs finding
}

func newWccPos(s string) wccPos { return wccPos{s: s, firstNL: strings.IndexByte(s, '\n')} }

// loc returns the offset whose 1-based line:column is what wcc prints for o.
func (w wccPos) loc(o int) int {
	if o > len(w.s) {
		o = len(w.s)
	}
	if o == 0 || w.firstNL >= 0 && w.firstNL < o {
		return o
	}
	_, size := utf8.DecodeLastRuneInString(w.s[:o])
	return o - size
}

// rng is the range from wcc's position for o to end.
func (w wccPos) rng(o, end int) diag.Range { return diag.RangeOf(w.loc(o), end) }

func (l *Lexer) errorAt(o, end int, id, text string) {
	l.log.AddError(l.src, l.w.rng(o, end), id, text)
}

// quoteChar renders the character at o for a message.
func quoteChar(s string, o int) string {
	if o >= len(s) {
		return "end of file"
	}
	r, _ := utf8.DecodeRuneInString(s[o:])
	switch r {
	case '\n':
		return "a line break"
	case '`':
		return "'`'"
	}
	return "`" + string(r) + "`"
}

func runeEnd(s string, o int) int {
	if o >= len(s) {
		return o
	}
	_, size := utf8.DecodeRuneInString(s[o:])
	return o + size
}

func (l *Lexer) unexpectedEnd(what string, startNote int) {
	l.EOFError = true
	end := len(l.s)
	m := diag.Msg{Kind: diag.Error, ID: "wxml/unexpected-end",
		Data: diag.MsgData{Source: l.src, Range: l.w.rng(end, end), Text: "unexpected end of file " + what}}
	if startNote >= 0 {
		m.Notes = []diag.MsgData{{Source: l.src, Range: diag.RangeOf(startNote, startNote+2), Text: "it starts here"}}
	}
	l.log.Add(m)
}

// Next returns the next token; at the end it returns TokEOF forever.
func (l *Lexer) Next() Token {
	if l.rawWxs {
		l.rawWxs = false
		return l.rawText()
	}
	if l.wxsEndNext {
		l.wxsEndNext = false
		return l.endTag(true)
	}
	if l.pos >= len(l.s) {
		return Token{Kind: TokEOF, Range: diag.RangeOf(len(l.s), len(l.s))}
	}
	if l.s[l.pos] == '<' {
		if t, ok := l.tag(); ok {
			return t
		}
	}
	return l.text()
}

// tagStart reports whether the '<' at i starts markup (a tag, end tag,
// comment or declaration) rather than being a stray character.
func (l *Lexer) tagStart(i int) bool {
	j := i + 1
	if j < len(l.s) && (l.s[j] == '!' || l.s[j] == '/' || l.s[j] == '?') {
		return true
	}
	for j < len(l.s) && isSpace(l.s[j]) {
		j++
	}
	return j < len(l.s) && isNameStart(l.s[j])
}

// text lexes character data up to the next markup '<'. A {{ }} is skipped
// as a whole (strings inside it too), so it may contain '<' and "}}".
func (l *Lexer) text() Token {
	start := l.pos
	s := l.s
	i := start
	t := Token{Kind: TokText}
	for i < len(s) {
		j := indexMarkup(s[i:])
		if j < 0 {
			i = len(s)
			break
		}
		i += j
		if s[i] == '{' {
			// wcc reads '{' and the character after it as a pair, so "{<"
			// is text, not a tag.
			if i+1 < len(s) && s[i+1] != '{' {
				i += 2
				continue
			}
			if i+1 < len(s) && s[i+1] == '{' {
				end := scanMustache(s, i+2)
				if end < 0 {
					l.unexpectedEnd("inside {{ }} (missing }})", i)
					t.Unterminated = true
					i = len(s)
					break
				}
				i = end
				continue
			}
			i++
			continue
		}
		// '<': markup ends the text (Next only calls text at a '<' that
		// starts no markup); a stray '<' is reported and kept as text.
		if i > start && l.tagStart(i) {
			break
		}
		if i != l.quietLT {
			l.strayLT(i)
		}
		i++
	}
	l.pos = i
	t.Range = diag.RangeOf(start, i)
	return t
}

// strayLT reports a '<' that starts no tag.
func (l *Lexer) strayLT(i int) {
	j := i + 1
	for j < len(l.s) && isSpace(l.s[j]) {
		j++
	}
	if j >= len(l.s) {
		l.unexpectedEnd("after `<`", -1)
		return
	}
	l.log.Add(diag.Msg{Kind: diag.Error, ID: "wxml/unexpected-char",
		Data: diag.MsgData{Source: l.src, Range: l.w.rng(j, runeEnd(l.s, j)),
			Text: "expected a tag name after `<`, found " + quoteChar(l.s, j)},
		Hint: "a literal `<` in text must be written as {{'<'}}"})
}

// scanMustache returns the offset just past the "}}" that closes a {{ whose
// body starts at i, or -1. Quotes inside are skipped (with \ escapes): "}}"
// in a string literal does not end the expression.
func scanMustache(s string, i int) int {
	for i < len(s) {
		for i < len(s) && !mustacheSpecial[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		switch c := s[i]; c {
		case '\'', '"':
			i = skipString(s, i)
			if i < 0 {
				return -1
			}
		case '}':
			if i+1 < len(s) && s[i+1] == '}' {
				return i + 2
			}
			i++
		default:
			i++
		}
	}
	return -1
}

// mustacheSpecial marks the bytes scanMustache stops at.
var mustacheSpecial = [256]bool{'\'': true, '"': true, '}': true}

// indexMarkup is strings.IndexAny(s, "<{"), which builds its byte set anew
// on every call: text runs are short and many.
func indexMarkup(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '<' || c == '{' {
			return i
		}
	}
	return -1
}

// skipString returns the offset past the string literal starting at i
// (s[i] is the quote), or -1 if it is not closed.
func skipString(s string, i int) int {
	q := s[i]
	for i++; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case q:
			return i + 1
		}
	}
	return -1
}

// tag lexes markup starting at '<'. ok is false for a stray '<' that the
// text lexer handles.
func (l *Lexer) tag() (Token, bool) {
	s := l.s
	start := l.pos
	if start+1 >= len(s) {
		return Token{}, false
	}
	switch s[start+1] {
	case '!':
		return l.bang(), true
	case '?':
		return l.procInst(), true
	case '/':
		return l.endTag(false), true
	}
	if !l.tagStart(start) {
		return Token{}, false
	}
	return l.startTag(), true
}

// bang lexes <!-- --> comments; other <! forms are errors (recovered as a
// comment up to the next '>').
func (l *Lexer) bang() Token {
	s := l.s
	start := l.pos
	t := Token{Kind: TokComment}
	if strings.HasPrefix(s[start:], "<!--") {
		// An unclosed comment swallows the rest of the file silently (wcc).
		if j := strings.Index(s[start+4:], "-->"); j >= 0 {
			l.pos = start + 4 + j + 3
		} else {
			l.pos = len(s)
			t.Unterminated = true
		}
		t.Range = diag.RangeOf(start, l.pos)
		return t
	}
	bad := start + 2
	closer := ">"
	var text, hint string
	switch {
	case strings.HasPrefix(s[start:], "<![CDATA["):
		text, hint, closer = "CDATA sections are not supported in WXML", "write the text directly; use {{'<'}} for a literal <", "]]>"
	case len(s) > start+2 && (s[start+2] == 'D' || s[start+2] == 'd') && strings.EqualFold(s[start+2:min(len(s), start+9)], "doctype"):
		text, hint = "a DOCTYPE declaration is not allowed in WXML", "remove it"
	case strings.HasPrefix(s[start:], "<!-"):
		bad = start + 3
		text, hint = "expected `<!--` to start a comment, found "+quoteChar(s, bad), ""
	default:
		text = "expected `<!--` to start a comment, found " + quoteChar(s, bad)
	}
	l.log.Add(diag.Msg{Kind: diag.Error, ID: "wxml/bad-declaration",
		Data: diag.MsgData{Source: l.src, Range: l.w.rng(bad, runeEnd(s, bad)), Text: text}, Hint: hint})
	l.skipPast(start, closer)
	t.Range = diag.RangeOf(start, l.pos)
	return t
}

func (l *Lexer) skipPast(from int, closer string) {
	if j := strings.Index(l.s[from:], closer); j >= 0 {
		l.pos = from + j + len(closer)
	} else {
		l.pos = len(l.s)
	}
}

// procInst reports <?xml ...?> and the like.
func (l *Lexer) procInst() Token {
	start := l.pos
	l.log.Add(diag.Msg{Kind: diag.Error, ID: "wxml/bad-declaration",
		Data: diag.MsgData{Source: l.src, Range: l.w.rng(start+1, start+2),
			Text: "XML declarations and processing instructions (`<?...?>`) are not allowed in WXML"},
		Hint: "remove it"})
	l.skipPast(start, ">")
	return Token{Kind: TokComment, Range: diag.RangeOf(start, l.pos)}
}

// endTag lexes </name >. After a raw <wxs> body the name must be exactly
// "wxs" (wcc reports `</wxsa>` at the 'a').
func (l *Lexer) endTag(wxs bool) Token {
	s := l.s
	start := l.pos
	t := Token{Kind: TokEndTag}
	i := start + 2
	if !wxs {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
	}
	nameStart := i
	if wxs {
		i += 3 // "wxs", found by rawText
	} else {
		for i < len(s) && isNameChar(s[i]) {
			i++
		}
	}
	t.Name = s[nameStart:i]
	t.NameRange = diag.RangeOf(nameStart, i)
	if !wxs && i > nameStart && i < len(s) && !isSpace(s[i]) && s[i] != '>' {
		// Stray characters after the name, as in start tags.
		tl := tagLexer{l: l, t: &t}
		if i = tl.name(i); tl.errors > 0 {
			for i < len(s) && s[i] != '>' && s[i] != '<' {
				i++
			}
			if i < len(s) && s[i] == '>' {
				i++
			}
			l.pos = i
			t.Range = diag.RangeOf(start, i)
			return t
		}
	}
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	switch {
	case i >= len(s):
		l.unexpectedEnd("in end tag `</"+t.Name+"`", -1)
		t.Unterminated = true
		l.pos = len(s)
	case s[i] == '>':
		l.pos = i + 1
	default:
		l.errorAt(i, runeEnd(s, i), "wxml/bad-end-tag", "expected `>` to end `</"+t.Name+"`, found "+quoteChar(s, i))
		// Recover: the end tag ends at the next '>' (or before the next '<').
		j := i
		for j < len(s) && s[j] != '>' && s[j] != '<' {
			j++
		}
		if j < len(s) && s[j] == '>' {
			j++
		}
		l.pos = j
	}
	t.Range = diag.RangeOf(start, l.pos)
	return t
}

// rawText lexes the body of <wxs> up to "</wxs" (or the end of the file).
func (l *Lexer) rawText() Token {
	start := l.pos
	t := Token{Kind: TokRawText}
	j := strings.Index(l.s[start:], "</wxs")
	if j < 0 {
		l.pos = len(l.s)
		t.Unterminated = true
	} else {
		l.pos = start + j
		l.wxsEndNext = true
	}
	t.Range = diag.RangeOf(start, l.pos)
	return t
}

// tagLexer holds the state of one start tag being lexed.
type tagLexer struct {
	l      *Lexer
	t      *Token
	errors int // errors reported in this tag (capped, to avoid floods)
}

func (tl *tagLexer) report(o, end int, id, text string) {
	tl.errors++
	if tl.errors > 3 {
		return
	}
	m := diag.Msg{Kind: diag.Error, ID: id,
		Data: diag.MsgData{Source: tl.l.src, Range: tl.l.w.rng(o, end), Text: text}}
	if tl.t.SpaceAfterLT {
		m.Hint = "`< " + tl.t.Name + "` starts a tag; a literal `<` in text must be written as {{'<'}}"
	}
	tl.l.log.Add(m)
}

func (tl *tagLexer) eof(what string) {
	if !tl.t.Unterminated {
		tl.l.unexpectedEnd(what, -1)
	}
	tl.l.EOFError = true
	tl.errors++
	tl.t.Unterminated = true
}

// name scans a tag or attribute name from i (a name start) and returns
// its end. wcc tolerates one stray character after a name when a space
// follows ("a. b" is a then b); a stray character followed by more name
// characters ("a.b") or by '=', '/', '>' makes a bad name; two stray
// characters in a row are an error at the second.
func (tl *tagLexer) name(i int) int {
	s := tl.l.s
	for {
		for i < len(s) && isNameChar(s[i]) {
			i++
		}
		if i >= len(s) || isSpace(s[i]) || s[i] == '=' || s[i] == '/' || s[i] == '>' {
			return i
		}
		c := i
		next := runeEnd(s, c)
		if s[c] == '"' {
			tl.report(c, next, "wxml/bad-attr-name", "unexpected "+quoteChar(s, c)+" after a name (missing `=`?)")
			return next
		}
		if next >= len(s) {
			tl.eof("inside tag `<" + tl.t.Name + "`")
			return len(s)
		}
		switch n := s[next]; {
		case isSpace(n):
			tl.l.log.AddWarning(tl.l.src, diag.RangeOf(c, next), "wxml/stray-char", "stray "+quoteChar(s, c)+" after a name is ignored")
			return next
		case isNameStart(n):
			tl.report(c, next, "wxml/bad-attr-name", "unexpected "+quoteChar(s, c)+" in a name")
			i = next
		case n == '=' || n == '/' || n == '>' || n == '\'':
			tl.report(c, next, "wxml/bad-attr-name", "unexpected "+quoteChar(s, c)+" after a name")
			return next
		default:
			tl.report(next, runeEnd(s, next), "wxml/unexpected-char", "unexpected "+quoteChar(s, next)+" after a name")
			return runeEnd(s, next)
		}
	}
}

// value lexes what follows `name=` (i is just past the '='); it returns
// the position after the value.
func (tl *tagLexer) value(a *RawAttr, i int) int {
	l, s := tl.l, tl.l.s
	eq := i
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	a.HasValue = true
	switch {
	case i >= len(s):
		tl.eof("after `" + a.Name + "=`")
		a.ValueRange = diag.RangeOf(i, i)
		return i
	case i > eq && s[i] != '"' && s[i] != '\'':
		// `a= b`: wcc drops a and goes on with b.
		a.HasValue = false
		a.Dropped = true
		l.log.AddWarning(l.src, a.NameRange, "wxml/attr-no-value", "`"+a.Name+"=` has no value: the attribute is ignored")
		return i
	case s[i] == '"' || s[i] == '\'':
		a.Quote = s[i]
		return tl.quoted(a, i+1, a.Quote)
	case isNameStart(s[i]):
		// `a=b"`: wcc reads an unquoted value up to the next '"'.
		a.Quote, a.Unquoted = '"', true
		end := tl.quoted(a, i, '"')
		if !tl.t.Unterminated {
			l.log.AddWarning(l.src, diag.RangeOf(i, end), "wxml/unquoted-value", "the value of `"+a.Name+"` has no opening quote: it is read up to the next `\"`")
		}
		return end
	default:
		tl.report(i, runeEnd(s, i), "wxml/unquoted-value", "expected a quoted value after `"+a.Name+"=`, found "+quoteChar(s, i))
		// Recover: read an unquoted value.
		k := i
		for k < len(s) && !isSpace(s[k]) && s[k] != '>' && s[k] != '<' && !(s[k] == '/' && k+1 < len(s) && s[k+1] == '>') {
			k++
		}
		a.ValueRange = diag.RangeOf(i, k)
		return k
	}
}

// quoted reads a value from i up to the closing quote q (a backslash skips
// the next character).
func (tl *tagLexer) quoted(a *RawAttr, i int, q byte) int {
	s := tl.l.s
	k := i
	// The closing quote is the first one not escaped by a backslash:
	// IndexByte finds candidates far faster than a loop over the bytes.
	for {
		j := strings.IndexByte(s[k:], q)
		if j < 0 {
			k = len(s)
			break
		}
		b := strings.IndexByte(s[k:k+j], '\\')
		if b < 0 {
			k += j
			break
		}
		k += b + 2 // the backslash and the byte it escapes
		if k >= len(s) {
			k = len(s)
			break
		}
	}
	if k >= len(s) {
		k = len(s)
		a.ValueRange = diag.RangeOf(i, k)
		tl.eof("inside the value of `" + a.Name + "` (missing closing " + string(q) + ")")
		return k
	}
	a.ValueRange = diag.RangeOf(i, k)
	return k + 1
}

// startTag lexes <name attrs> or <name attrs/>; l.pos is at '<' and a name
// start follows (after optional spaces).
func (l *Lexer) startTag() Token {
	s := l.s
	start := l.pos
	t := Token{Kind: TokStartTag}
	tl := tagLexer{l: l, t: &t}
	i := start + 1
	for isSpace(s[i]) {
		i++
	}
	t.SpaceAfterLT = i > start+1
	nameStart := i
	for i < len(s) && isNameChar(s[i]) {
		i++
	}
	t.Name = s[nameStart:i]
	t.NameRange = diag.RangeOf(nameStart, i)
	if strings.HasPrefix(t.Name, "wx-") {
		// wcc says 1:2 for "<wx-view/>" at the very start too.
		l.log.Add(diag.Msg{Kind: diag.Error, ID: "wxml/wx-tag",
			Data: diag.MsgData{Source: l.src, Range: diag.RangeOf(max(l.w.loc(nameStart), min(nameStart, 1)), i),
				Text: "tag names starting with `wx-` are reserved: `<" + t.Name + ">`"},
			Hint: "write `<" + t.Name[3:] + ">` instead"})
	}
	i = tl.name(i)
	attrs := l.attrs[:0]
tagLoop:
	for !t.Unterminated {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			tl.eof("inside tag `<" + t.Name + "`")
			break
		}
		c := s[i]
		if c == '>' {
			i++
			break
		}
		if c == '/' {
			if i+1 < len(s) && s[i+1] == '>' {
				t.SelfClosing = true
				i += 2
				break
			}
			switch {
			case i+1 >= len(s):
				tl.eof("inside tag `<" + t.Name + "`")
			case isNameChar(s[i+1]):
				tl.report(i, i+1, "wxml/bad-attr-name", "unexpected `/` in tag `<"+t.Name+"`: `/` must be followed by `>`")
			default:
				tl.report(i+1, runeEnd(s, i+1), "wxml/unexpected-char", "expected `>` after `/` in tag `<"+t.Name+"`, found "+quoteChar(s, i+1))
				// Recover "/ >" as a self-closing end.
				j := i + 1
				for j < len(s) && isSpace(s[j]) {
					j++
				}
				if j < len(s) && s[j] == '>' {
					t.SelfClosing = true
					i = j + 1
					break tagLoop
				}
			}
			i++
			continue
		}
		if c == '<' {
			// Probably a missing '>': end the tag here and let '<' start
			// the next token.
			tl.report(i, i+1, "wxml/unexpected-char", "expected `>` to end tag `<"+t.Name+"`, found `<`")
			t.Unterminated = true
			break
		}
		a := RawAttr{}
		switch {
		case isNameStart(c):
			aStart := i
			i = tl.name(i)
			a.Name = s[aStart:i]
			a.NameRange = diag.RangeOf(aStart, i)
			if n := len(a.Name); n > 0 && !isNameChar(a.Name[n-1]) {
				// a stray character before a space: not part of the name
				a.Name = strings.TrimRightFunc(a.Name, func(r rune) bool { return r >= utf8.RuneSelf || !isNameChar(byte(r)) })
				a.NameRange = diag.RangeOf(aStart, aStart+len(a.Name))
			}
			j := i
			for j < len(s) && isSpace(s[j]) {
				j++
			}
			if j < len(s) && s[j] == '=' && !t.Unterminated {
				i = tl.value(&a, j+1)
			}
		case c == '=' || c == '"' || c == '\'':
			// A value without a name.
			tl.report(i, i+1, "wxml/bad-attr-name", "attribute value without a name")
			a.NameRange = diag.RangeOf(i, i)
			if c == '=' {
				i = tl.value(&a, i+1)
			} else {
				a.Quote = c
				a.HasValue = true
				i = tl.quoted(&a, i+1, c)
			}
			a.Dropped = true
		default:
			tl.report(i, runeEnd(s, i), "wxml/unexpected-char", "expected an attribute name, `>` or `/>` in tag `<"+t.Name+"`, found "+quoteChar(s, i))
			for i < len(s) && !isSpace(s[i]) && s[i] != '>' && s[i] != '/' && s[i] != '<' {
				i++
			}
			continue
		}
		a.Range = diag.RangeOf(int(a.NameRange.Loc.Start), i)
		if !a.Dropped {
			attrs = append(attrs, a)
		}
	}
	if t.SpaceAfterLT && tl.errors > 0 {
		// "a < b": a less-than sign in text after all. The error is
		// reported; read it as text.
		l.quietLT = start
		return l.text()
	}
	l.attrs = attrs
	t.Attrs = attrs
	if t.Name == "wxs" && !t.Unterminated {
		// wcc ends a <wxs> start tag at its first '>', even one inside a
		// quoted value: the body starts there.
		end := i - 1
		if t.SelfClosing {
			end--
		}
		if gt := strings.IndexByte(s[nameStart:end], '>'); gt >= 0 {
			gt += nameStart
			t.SelfClosing = false
			i = gt + 1
			if strings.Contains(s[i:], "</wxs") {
				tl.report(i, i+1, "wxml/wxs-tag-end", "`>` inside an attribute value ends a `<wxs>` tag: the value is cut there")
			}
		}
		l.rawWxs = !t.SelfClosing
	}
	l.pos = i
	t.Range = diag.RangeOf(start, i)
	return t
}
