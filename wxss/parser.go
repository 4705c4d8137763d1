package wxss

import (
	"strings"
	"unicode/utf8"

	"github.com/mpc-dev/mpc/diag"
)

// ParseOptions controls Parse.
type ParseOptions struct {
	// Component marks the sheet as a component's style: tag, id and
	// attribute selectors then get a warning (WeChat does not apply them
	// inside components; wcsc marks them as "not allowed in component
	// wxss" but keeps them).
	Component bool
}

// Parse parses a WXSS file. It never fails: problems are recorded in log
// (with the rejections wcsc makes as errors) and the parser recovers at the
// next declaration or rule. src.Path should be the slash path from the mini
// program root: @import paths are resolved against it (Import.Path).
func Parse(log *diag.Log, src *diag.Source, opts ParseOptions) *Stylesheet {
	p := parser{log: log, src: src, text: src.Contents, opts: opts}
	from := 0
	if strings.HasPrefix(p.text, "\ufeff") {
		// wcsc rejects a byte order mark; say so rather than "non-ASCII".
		p.log.Add(diag.Msg{Kind: diag.Error, ID: "wxss/bom", Data: diag.MsgData{Source: src, Range: diag.RangeOf(0, 3),
			Text: "the file starts with a byte order mark (BOM), which WeChat rejects"}, Hint: "save the file as UTF-8 without BOM"})
		from = 3
	}
	if !utf8.ValidString(p.text) {
		// WeChat reads stylesheets as UTF-8; an invalid byte would also be
		// lexed differently depending on what follows it.
		bad := from
		for bad < len(p.text) {
			r, n := utf8.DecodeRuneInString(p.text[bad:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			bad += n
		}
		p.log.Add(diag.Msg{Kind: diag.Error, ID: "wxss/utf8", Data: diag.MsgData{Source: src, Range: diag.RangeOf(bad, bad+1),
			Text: "the file is not valid UTF-8"}, Hint: "save the file as UTF-8"})
	}
	// About 0.36 tokens a byte in real sheets.
	p.toks = tokenize(p.text, from, make([]Token, 0, len(p.text)*2/5+16))
	p.sheet = &Stylesheet{Source: src, Component: opts.Component}
	p.sheet.Rules = p.parseRules(0)
	return p.sheet
}

type parser struct {
	log   *diag.Log
	src   *diag.Source
	text  string
	toks  []Token
	i     int
	sheet *Stylesheet
	opts  ParseOptions

	inKeyframes int

	// Slabs the AST's slices and rules are cut from (a parse makes a few
	// allocations per hundred rules instead of several per rule).
	simples   []Simple
	compounds []Compound
	complexes []ComplexSelector
	decls     []Decl
	rules     []Rule
	styles    []StyleRule
}

// keep copies s into the slab and returns the copy (capacity-limited, so
// an append to it cannot overwrite a neighbour).
func keep[T any](slab *[]T, s []T) []T {
	if len(s) == 0 {
		return nil
	}
	if cap(*slab)-len(*slab) < len(s) {
		// Chunks double (small files stay small) up to a bound.
		*slab = make([]T, 0, max(len(s), min(2*cap(*slab), 1024), 16))
	}
	start := len(*slab)
	*slab = append(*slab, s...)
	return (*slab)[start:len(*slab):len(*slab)]
}

func (p *parser) newStyleRule() *StyleRule {
	if len(p.styles) == cap(p.styles) {
		p.styles = make([]StyleRule, 0, max(min(2*cap(p.styles), 512), 8))
	}
	p.styles = p.styles[:len(p.styles)+1]
	return &p.styles[len(p.styles)-1]
}

func (p *parser) peek() Token { return p.toks[p.i] }

func (p *parser) tx(t Token) string { return p.text[t.Start:t.Stop] }

func (p *parser) peekAt(n int) Token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) next() Token {
	t := p.toks[p.i]
	if t.Kind != TEOF {
		p.i++
	}
	return t
}

// skipWS skips whitespace and comments and reports whether it skipped any.
func (p *parser) skipWS() bool {
	skipped := false
	for {
		k := p.toks[p.i].Kind
		if k != TWhitespace && k != TComment {
			return skipped
		}
		skipped = true
		p.i++
	}
}

func tokRange(t Token) diag.Range { return diag.RangeOf(int(t.Start), int(t.End())) }

func (p *parser) errorAt(r diag.Range, id, text string) {
	p.log.AddError(p.src, r, id, text)
}

func (p *parser) unexpected(t Token, where string) {
	if t.Kind == TEOF {
		p.errorAt(tokRange(t), "wxss/syntax", "unexpected end of file "+where)
		return
	}
	p.errorAt(tokRange(t), "wxss/syntax", "unexpected "+p.quoteTok(t)+" "+where)
}

func (p *parser) quoteTok(t Token) string {
	s := p.tx(t)
	if len(s) > 20 {
		n := 20
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n] + "..."
	}
	return "\"" + s + "\""
}

// parseRules reads rules until EOF (depth 0) or a '}' (nested; not
// consumed).
func (p *parser) parseRules(depth int) []Rule {
	var buf [16]Rule
	rules := buf[:0]
	for {
		p.skipWS()
		t := p.peek()
		switch t.Kind {
		case TEOF:
			return keep(&p.rules, rules)
		case TCloseBrace:
			if depth > 0 {
				return keep(&p.rules, rules)
			}
			p.errorAt(tokRange(t), "wxss/syntax", "unexpected \"}\" without a matching \"{\"")
			p.i++
		case TSemicolon:
			p.errorAt(tokRange(t), "wxss/syntax", "unexpected \";\" between rules")
			p.i++
		case TCDO, TCDC:
			p.errorAt(tokRange(t), "wxss/syntax", "unexpected "+p.quoteTok(t)+" (HTML comments are not allowed in WXSS)")
			p.i++
		case TAtKeyword:
			if r := p.parseAtRule(depth); r != nil {
				rules = append(rules, r)
			}
		default:
			if r := p.parseStyleRule(); r != nil {
				rules = append(rules, r)
			}
		}
	}
}

// skipRule skips to the end of a broken rule: past its block if a '{'
// comes first, past a ';', or up to (not past) a '}' closing the parent.
func (p *parser) skipRule() {
	for {
		switch p.peek().Kind {
		case TEOF, TCloseBrace:
			return
		case TSemicolon:
			p.i++
			return
		case TOpenBrace:
			p.i++
			p.skipBlock()
			return
		}
		p.i++
	}
}

// skipBlock skips past the '}' matching an already consumed '{'.
func (p *parser) skipBlock() {
	depth := 1
	for {
		switch p.next().Kind {
		case TEOF:
			return
		case TOpenBrace:
			depth++
		case TCloseBrace:
			depth--
			if depth == 0 {
				return
			}
		}
	}
}

func (p *parser) parseAtRule(depth int) Rule {
	at := p.next()
	name := p.tx(at)[1:]
	lower := strings.ToLower(name)
	switch lower {
	case "import":
		return p.parseImport(at, depth)
	case "charset":
		return p.parseCharset(at)
	case "media", "supports", "keyframes", "-webkit-keyframes":
		return p.parseBlockAtRule(at, name, lower, depth)
	}
	// Anything else (@font-face, @page, unknown): wcsc reads it as a style
	// rule whose selector starts with the at-keyword.
	r := &AtRule{Name: name, NameRange: tokRange(at), Kind: AtDecls}
	ws := p.skipWS()
	if t := p.peek(); t.Kind != TOpenBrace {
		if !ws && !p.startsCompound(t) {
			p.unexpected(t, "after "+p.tx(at))
			p.skipRule()
			return nil
		}
		sels, ok := p.parseSelectorList()
		if !ok {
			p.skipRule()
			return nil
		}
		r.Selectors = sels
	}
	open := p.peek()
	if open.Kind != TOpenBrace {
		p.unexpected(open, "in the prelude of "+p.tx(at)+" (expected \"{\")")
		p.skipRule()
		return nil
	}
	p.i++
	r.Decls = p.parseDecls(open)
	r.Range = diag.RangeOf(int(at.Start), int(p.toks[p.i-1].End()))
	return r
}

func (p *parser) parseImport(at Token, depth int) Rule {
	p.skipWS()
	t := p.peek()
	switch t.Kind {
	case TString:
		p.i++
	case TURL, TBadURL, TFunction:
		p.errorAt(tokRange(t), "wxss/import-url", "@import url(...) is not supported by WeChat: write @import \"path\";")
		p.skipRule()
		return nil
	default:
		p.unexpected(t, "after @import (expected a quoted path)")
		p.skipRule()
		return nil
	}
	if !p.checkString(t) {
		p.skipRule()
		return nil
	}
	imp := &Import{Spec: p.tx(t)[1 : len(p.tx(t))-1], SpecRange: tokRange(t), Nested: depth > 0}
	p.skipWS()
	end := p.peek()
	switch end.Kind {
	case TSemicolon:
		p.i++
	case TEOF:
	default:
		if end.Kind == TIdent || end.Kind == TOpenParen || end.Kind == TFunction {
			p.errorAt(tokRange(end), "wxss/import-media", "@import with a media list is not supported by WeChat")
		} else {
			p.unexpected(end, "after the @import path (expected \";\")")
		}
		p.skipRule()
		return nil
	}
	imp.Range = diag.RangeOf(int(at.Start), int(p.toks[p.i-1].End()))
	if imp.Nested {
		p.log.AddWarning(p.src, imp.Range, "wxss/import-nested", "@import inside a block is not inlined by WeChat: it is kept as written")
		return imp
	}
	imp.Path = ResolveImport(p.src.Path, imp.Spec)
	p.sheet.Imports = append(p.sheet.Imports, imp)
	return imp
}

func (p *parser) parseCharset(at Token) Rule {
	p.skipWS()
	t := p.peek()
	if t.Kind != TString {
		p.unexpected(t, "after @charset (expected a quoted name)")
		p.skipRule()
		return nil
	}
	p.i++
	p.checkString(t)
	p.skipWS()
	switch end := p.peek(); end.Kind {
	case TSemicolon:
		p.i++
	case TEOF:
	default:
		p.unexpected(end, "after @charset \"...\" (expected \";\")")
		p.skipRule()
		return nil
	}
	return &AtRule{Name: p.tx(at)[1:], NameRange: tokRange(at), Kind: AtStatement, Prelude: []Token{t},
		Range: diag.RangeOf(int(at.Start), int(p.toks[p.i-1].End()))}
}

func (p *parser) parseBlockAtRule(at Token, name, lower string, depth int) Rule {
	r := &AtRule{Name: name, NameRange: tokRange(at), Kind: AtRules}
	p.skipWS()
	start := p.i
	parens := 0
loop:
	for {
		t := p.peek()
		switch t.Kind {
		case TOpenBrace:
			if parens == 0 {
				break loop
			}
		case TSemicolon, TCloseBrace, TEOF:
			p.unexpected(t, "in the prelude of "+p.tx(at)+" (expected \"{\")")
			p.skipRule()
			return nil
		case TOpenParen, TFunction:
			parens++
		case TCloseParen:
			if parens > 0 {
				parens--
			}
		case TString, TBadString:
			if !p.checkString(t) {
				p.skipRule()
				return nil
			}
		}
		p.i++
	}
	r.Prelude = trimWS(p.toks[start:p.i])
	open := p.next()
	if len(r.Prelude) == 0 {
		p.errorAt(tokRange(open), "wxss/syntax", p.tx(at)+" needs a prelude before \"{\"")
		p.skipBlock()
		return nil
	}
	kf := lower == "keyframes" || lower == "-webkit-keyframes"
	if kf {
		p.inKeyframes++
	}
	r.Rules = p.parseRules(depth + 1)
	if kf {
		p.inKeyframes--
	}
	end := p.peek()
	if end.Kind != TCloseBrace {
		p.errorAt(tokRange(open), "wxss/syntax", "unclosed block: expected \"}\" for this \"{\"")
		return nil
	}
	p.i++
	if len(r.Rules) == 0 {
		// wcsc's grammar wants at least one rule in the block.
		p.errorAt(tokRange(end), "wxss/empty-block", "empty "+p.tx(at)+" block (WeChat rejects it)")
	}
	r.Range = diag.RangeOf(int(at.Start), int(end.End()))
	return r
}

// trimWS drops leading and trailing whitespace and comments.
func trimWS(ts []Token) []Token {
	for len(ts) > 0 && (ts[0].Kind == TWhitespace || ts[0].Kind == TComment) {
		ts = ts[1:]
	}
	for len(ts) > 0 && (ts[len(ts)-1].Kind == TWhitespace || ts[len(ts)-1].Kind == TComment) {
		ts = ts[:len(ts)-1]
	}
	return ts
}

// fixString mends the bad string at p.i the way wcsc reads strings: up to
// the next quote of the same kind, raw newlines included (CSS ends the
// string at the newline). The tokens after it are lexed again.
func (p *parser) fixString() bool {
	t := p.toks[p.i]
	q := p.text[t.Start]
	end := strings.IndexByte(p.text[t.Stop:], q)
	if end < 0 {
		return false
	}
	stop := int(t.Stop) + end + 1
	p.log.AddWarning(p.src, diag.RangeOf(int(t.Start), stop), "wxss/string",
		"line break inside a string: WeChat keeps it, but CSS ends the string there (write \\A or \\ before the break)")
	toks := make([]Token, p.i, len(p.toks)+8)
	copy(toks, p.toks[:p.i])
	toks = append(toks, Token{Start: t.Start, Stop: int32(stop), Kind: TString})
	p.toks = tokenize(p.text, stop, toks)
	return true
}

// checkString reports the strings wcsc cannot read: it has no escapes in
// strings, so an escaped quote ends the string early, and it needs the
// closing quote.
func (p *parser) checkString(t Token) bool {
	if t.Kind == TBadString || len(p.tx(t)) < 2 || p.tx(t)[len(p.tx(t))-1] != p.tx(t)[0] {
		p.errorAt(tokRange(t), "wxss/string", "unterminated string")
		return false
	}
	q := p.tx(t)[0]
	body := p.tx(t)[1 : len(p.tx(t))-1]
	for i := 0; i+1 < len(body); i++ {
		if body[i] == '\\' {
			if body[i+1] == q {
				p.errorAt(diag.RangeOf(int(t.Start)+1+i, int(t.Start)+3+i), "wxss/string",
					"escaped quote in a string: WeChat does not support escapes in strings (use the other quote character)")
				return false
			}
			i++
		}
	}
	// an odd run of backslashes at the end escapes the closing quote (the
	// CSS tokenizer then read on to the end of the file)
	n := 0
	for n < len(body) && body[len(body)-1-n] == '\\' {
		n++
	}
	if n%2 == 1 {
		p.errorAt(tokRange(t), "wxss/string", "escaped quote in a string: WeChat does not support escapes in strings")
		return false
	}
	return true
}

func (p *parser) parseStyleRule() Rule {
	start := p.peek()
	sels, ok := p.parseSelectorList()
	if !ok {
		p.skipRule()
		return nil
	}
	open := p.peek()
	if open.Kind != TOpenBrace {
		p.unexpected(open, "in selector (expected \"{\")")
		p.skipRule()
		return nil
	}
	p.i++
	r := p.newStyleRule()
	r.Selectors = sels
	r.Decls = p.parseDecls(open)
	r.Range = diag.RangeOf(int(start.Start), int(p.toks[p.i-1].End()))
	if p.opts.Component && p.inKeyframes == 0 {
		p.checkComponentSelectors(&sels)
	}
	return r
}

// parseDecls reads declarations after '{' up to and including the '}'.
func (p *parser) parseDecls(open Token) []Decl {
	var buf [16]Decl
	decls := buf[:0]
	for {
		p.skipWS()
		t := p.peek()
		switch t.Kind {
		case TCloseBrace:
			p.i++
			return keep(&p.decls, decls)
		case TEOF:
			p.errorAt(tokRange(open), "wxss/syntax", "unclosed block: expected \"}\" for this \"{\"")
			return keep(&p.decls, decls)
		case TSemicolon:
			p.errorAt(tokRange(t), "wxss/syntax", "unexpected \";\": empty declaration (WeChat rejects it)")
			p.i++
			continue
		}
		if d, ok := p.parseDecl(); ok {
			decls = append(decls, d)
		} else {
			p.skipDecl()
		}
	}
}

// skipDecl skips to the next ';' (consumed) or '}' (not consumed), over a
// nested block (`.a { .b { } }`).
func (p *parser) skipDecl() {
	parens := 0
	for {
		switch p.peek().Kind {
		case TEOF:
			return
		case TOpenBrace:
			p.i++
			p.skipBlock()
			continue
		case TOpenParen, TFunction:
			parens++
		case TCloseParen:
			if parens > 0 {
				parens--
			}
		case TSemicolon:
			if parens == 0 {
				p.i++
				return
			}
		case TCloseBrace:
			if parens == 0 {
				return
			}
		}
		p.i++
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

func (p *parser) parseDecl() (Decl, bool) {
	first := p.peek()
	d := Decl{}
	// The name: words of [A-Za-z0-9_.-] (not starting with a digit)
	// separated by whitespace, as wcsc reads it.
	nameStart, nameEnd := int(first.Start), int(first.Start)
	multi, wordStart := false, true
	for {
		t := p.peek()
		switch t.Kind {
		case TColon, TSemicolon, TCloseBrace, TEOF:
			goto nameDone
		case TWhitespace, TComment:
			if t.Kind == TComment && nameEnd == int(t.Start) && nameEnd > nameStart {
				// wcsc's name lexer stops at the '/'.
				p.errorAt(tokRange(t), "wxss/syntax", "a comment right after a property name is not allowed by WeChat (put a space before it)")
				return d, false
			}
			if nameEnd > nameStart {
				multi = true
			}
			wordStart = true
			p.i++
			continue
		}
		for j := 0; j < len(p.tx(t)); j++ {
			c := p.tx(t)[j]
			if !isNameByte(c) || (wordStart && c >= '0' && c <= '9') {
				p.badNameByte(diag.RangeOf(int(t.Start)+j, int(t.Start)+j+1), c, int(t.Start)+j == nameStart)
				return d, false
			}
			wordStart = false
		}
		nameEnd = int(t.End())
		p.i++
	}
nameDone:
	if nameEnd == nameStart {
		p.unexpected(p.peek(), "in a declaration block (expected a property name)")
		return d, false
	}
	d.NameRange = diag.RangeOf(nameStart, nameEnd)
	d.Name = p.text[nameStart:nameEnd]
	if multi {
		d.Name = collapseSpace(d.Name)
	}
	t := p.peek()
	if t.Kind != TColon {
		if t.Kind == TEOF {
			p.unexpected(t, "in a declaration block (expected \"}\")")
			return d, false
		}
		// `.a { color }`: wcsc keeps a bare name.
		d.NoColon = true
		if t.Kind == TSemicolon {
			p.i++
		}
		d.Range = d.NameRange
		return d, true
	}
	colon := p.next()
	start := p.i
	parens := 0
	ok := true
loop:
	for {
		t := p.peek()
		switch t.Kind {
		case TEOF:
			return d, false // the block reports that it is not closed
		case TOpenParen, TFunction:
			parens++
		case TCloseParen:
			if parens > 0 {
				parens--
			}
		case TSemicolon, TCloseBrace:
			if parens == 0 {
				break loop
			}
		case TBadString:
			if p.fixString() {
				continue // look at the mended token again
			}
			p.checkString(t)
			ok = false
		case TString:
			if !p.checkString(t) {
				ok = false
			}
		case TURL:
			if !strings.HasSuffix(p.tx(t), ")") {
				p.errorAt(tokRange(t), "wxss/syntax", "unterminated url(")
				ok = false
			} else if p.addURL(t) && strings.HasPrefix(p.tx(t), "url(") {
				d.LocalURL = true
			}
		case TBadURL:
			// wcsc takes it (dropping the spaces of a local one); CSS does
			// not, so a browser ignores the declaration.
			p.log.Add(diag.Msg{Kind: diag.Warning, ID: "wxss/url", Data: diag.MsgData{Source: p.src, Range: tokRange(t),
				Text: "invalid url(...): spaces, quotes, parentheses or comments inside an unquoted address"},
				Hint: "quote the address"})
			if u := urlText(p.tx(t)); IsLocalURL(u) && strings.HasPrefix(p.tx(t), "url(") {
				d.LocalURL = true
			}
		}
		p.i++
	}
	end := p.peek()
	if p.i == start && end.Kind == TCloseBrace {
		// `a:}` — wcsc wants something (whitespace will do) after the colon.
		p.errorAt(tokRange(end), "wxss/syntax", "missing value after \""+d.Name+":\"")
		return d, false
	}
	if !ok {
		return d, false
	}
	d.Value = trimWS(p.toks[start:p.i])
	valEnd := int(colon.End())
	if len(d.Value) > 0 {
		valEnd = int(d.Value[len(d.Value)-1].End())
	}
	d.Range = diag.RangeOf(nameStart, valEnd)
	if end.Kind == TSemicolon {
		p.i++
	}
	return d, true
}

func (p *parser) badNameByte(r diag.Range, c byte, first bool) {
	switch {
	case c == '*' && first:
		p.log.Add(diag.Msg{Kind: diag.Error, ID: "wxss/hack", Data: diag.MsgData{Source: p.src, Range: r,
			Text: "unexpected \"*\" before the property name: WeChat rejects the *property hack"},
			Hint: "remove the declaration (it only targets IE 7)"})
	case c == '{':
		p.errorAt(r, "wxss/syntax", "unexpected \"{\" in a declaration block (nested rules are not supported)")
	case c == '@':
		p.errorAt(r, "wxss/syntax", "unexpected \"@\" in a declaration block (at-rules are not allowed here)")
	case c >= 0x80:
		p.errorAt(r, "wxss/syntax", "unexpected non-ASCII character in a property name")
	default:
		p.errorAt(r, "wxss/syntax", "unexpected \""+string(c)+"\" in a property name")
	}
}

func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' {
			space = true
			continue
		}
		if c == '/' && i+1 < len(s) && s[i+1] == '*' {
			if j := strings.Index(s[i+2:], "*/"); j >= 0 {
				i += j + 3
			} else {
				i = len(s)
			}
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteByte(c)
	}
	return b.String()
}

// addURL records a local url(...) reference and reports whether it was
// one.
func (p *parser) addURL(t Token) bool {
	u := urlText(p.tx(t))
	if !IsLocalURL(u) {
		return false
	}
	p.sheet.URLs = append(p.sheet.URLs, URLRef{Range: tokRange(t), URL: u})
	return true
}

// urlText returns the address of a url(...) token, without quotes.
func urlText(s string) string {
	open := strings.IndexByte(s, '(')
	s = strings.TrimSuffix(s[open+1:], ")")
	s = strings.Trim(s, " \t\n\r\f")
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		s = s[1 : len(s)-1]
	}
	return s
}

// IsLocalURL reports whether wcsc takes a url() address for a local path:
// anything but http:, https:, protocol-relative // and data: (compared case
// by case, as wcsc does: `HTTP://x` and `cloud://x` count as local).
func IsLocalURL(u string) bool {
	return !(strings.HasPrefix(u, "http:") || strings.HasPrefix(u, "https:") || strings.HasPrefix(u, "//") ||
		strings.HasPrefix(u, "data:"))
}
