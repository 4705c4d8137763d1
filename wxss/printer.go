package wxss

import (
	"bytes"
	"strings"
)

// RpxMode says what the printer does with rpx.
type RpxMode uint8

const (
	// RpxKeep prints WXSS for WeChat: rpx, selectors and @import as
	// written (WeChat converts on the device).
	RpxKeep RpxMode = iota
	// RpxPX prints the CSS wcsc injects for one device: rpx converted to
	// px, selectors rewritten (page → body, tags → wx-tag, :host rules
	// dropped, :root removed), @import inlined.
	RpxPX
	// RpxVW is RpxPX with rpx as vw (750rpx = 100vw) instead of px, for
	// the web.
	RpxVW
)

// PrintOptions controls Print.
type PrintOptions struct {
	Rpx RpxMode

	// Width is the device width in px for RpxPX (0 means 375), DPR its
	// device pixel ratio (0 means 2), IOS selects iOS's rounding of
	// sub-pixel values (0.5px instead of 1px when DPR is not 1).
	Width float64
	DPR   float64
	IOS   bool

	// Minify prints everything on one line; otherwise one rule per line.
	Minify bool

	// ClassPrefix is put after the '.' of every class selector for RpxPX
	// and RpxVW (wcsc's class-prefix slot: "" for pages, a component's
	// prefix for isolated component styles).
	ClassPrefix string

	// Imports returns the sheet of an imported path (Import.Path), or nil.
	// For RpxPX and RpxVW, top-level @imports are replaced by the imported
	// rules the way wcsc does it: a sheet imported more than once appears
	// once, at its last position. With nil, or for RpxKeep, an @import
	// stays an @import.
	Imports func(path string) *Stylesheet
}

// Print prints sheet. It never parses and never fails.
func Print(sheet *Stylesheet, opts PrintOptions) []byte {
	p := printer{opts: opts, b: make([]byte, 0, len(sheet.Source.Contents)+64)}
	if opts.Rpx != RpxKeep && opts.Imports != nil && len(sheet.Imports) > 0 {
		p.printPlaced(inlineImports(sheet, opts.Imports))
	} else {
		p.src = sheet.Source.Contents
		p.printRules(sheet.Rules, 0)
	}
	if !opts.Minify && len(p.b) > 0 {
		p.b = append(p.b, '\n')
	}
	return p.b
}

type printer struct {
	opts PrintOptions
	b    []byte
	src  string // the source of the rules being printed (token text)
}

func (p *printer) tx(t Token) string { return p.src[t.Start:t.Stop] }

// placed is a rule with the source text of the sheet it comes from.
type placed struct {
	rule Rule
	src  string
}

// inlineImports flattens the import tree of sheet the way wcsc's runtime
// does (it walks the sheet backwards and emits each shared sheet the first
// time it meets it), so a repeated import lands at its last position.
func inlineImports(sheet *Stylesheet, lookup func(string) *Stylesheet) []placed {
	seen := map[string]bool{sheet.Source.Path: true}
	var rev []placed
	var walk func(s *Stylesheet)
	walk = func(s *Stylesheet) {
		for i := len(s.Rules) - 1; i >= 0; i-- {
			r := s.Rules[i]
			if imp, ok := r.(*Import); ok && !imp.Nested {
				if seen[imp.Path] {
					continue
				}
				seen[imp.Path] = true
				if t := lookup(imp.Path); t != nil {
					walk(t)
				}
				continue
			}
			rev = append(rev, placed{r, s.Source.Contents})
		}
	}
	walk(sheet)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

func (p *printer) printPlaced(rules []placed) {
	first := true
	for _, r := range rules {
		if sr, ok := r.rule.(*StyleRule); ok && isHostRule(sr) {
			continue
		}
		if !first {
			p.newline(0)
		}
		first = false
		p.src = r.src
		p.printRule(r.rule, 0)
	}
}

func (p *printer) newline(depth int) {
	if p.opts.Minify {
		return
	}
	p.b = append(p.b, '\n')
	for i := 0; i < depth; i++ {
		p.b = append(p.b, "  "...)
	}
}

func (p *printer) printRules(rules []Rule, depth int) {
	first := true
	for _, r := range rules {
		if p.opts.Rpx != RpxKeep {
			if sr, ok := r.(*StyleRule); ok && isHostRule(sr) {
				// wcsc drops `:host { ... }` (component host styles).
				continue
			}
		}
		if !first || depth > 0 {
			p.newline(depth)
		}
		first = false
		p.printRule(r, depth)
	}
}

func (p *printer) printRule(r Rule, depth int) {
	switch r := r.(type) {
	case *StyleRule:
		p.printSelectorList(&r.Selectors)
		p.printDecls(r.Decls)
	case *Import:
		// The path token as written (quotes included).
		p.b = append(p.b, "@import "...)
		p.b = append(p.b, p.src[r.SpecRange.Loc.Start:r.SpecRange.End()]...)
		p.b = append(p.b, ';')
	case *AtRule:
		p.b = append(p.b, '@')
		if r.Kind == AtDecls {
			p.b = append(p.b, r.Name...)
		} else {
			// wcsc writes the at-rules it knows in lower case.
			p.b = appendLower(p.b, r.Name)
		}
		switch r.Kind {
		case AtStatement:
			p.b = append(p.b, ' ')
			p.printTokens(r.Prelude, tokPrelude, false)
			p.b = append(p.b, ';')
		case AtRules:
			if !p.opts.Minify || r.Prelude[0].Kind != TOpenParen {
				p.b = append(p.b, ' ')
			}
			p.printTokens(r.Prelude, tokPrelude, false)
			p.b = append(p.b, '{')
			p.printRules(r.Rules, depth+1)
			p.newline(depth)
			p.b = append(p.b, '}')
		case AtDecls:
			if len(r.Selectors.Selectors) > 0 {
				p.b = append(p.b, ' ')
				p.printSelectorList(&r.Selectors)
			}
			p.printDecls(r.Decls)
		}
	}
}

func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// isHostRule reports a rule wcsc drops: its selector is one pseudo-class
// whose name starts with "host" (`:host`, `:host(.a)`, `:host-context(x)`,
// also `:host.a`, which wcsc reads as one pseudo name).
func isHostRule(r *StyleRule) bool {
	l := &r.Selectors
	if len(l.Selectors) != 1 || l.TrailingComma {
		return false
	}
	cs := l.Selectors[0].Compounds
	if len(cs) != 1 || cs[0].Combinator != CombNone {
		return false
	}
	ss := cs[0].Simples
	s := &ss[0]
	if s.Kind != SelPseudoClass || !strings.HasPrefix(s.Name, "host") || s.Func != nil && len(ss) > 1 {
		return false
	}
	for i := 1; i < len(ss); i++ {
		if !Absorbed(ss, i) {
			return false
		}
	}
	return true
}

func (p *printer) printSelectorList(l *SelectorList) {
	for i := range l.Selectors {
		if i > 0 {
			p.b = append(p.b, ',')
		}
		p.printComplex(&l.Selectors[i], i < len(l.Selectors)-1 || l.TrailingComma)
	}
	if l.TrailingComma {
		p.b = append(p.b, ',')
	}
}

// printComplex prints a selector; beforeComma is set when a ',' follows
// it, which makes wcsc skip rewriting inside a :not(...) at its very end
// (its parser hangs the comma on that node).
func (p *printer) printComplex(sel *ComplexSelector, beforeComma bool) {
	start := len(p.b)
	for i := range sel.Compounds {
		c := &sel.Compounds[i]
		p.printCombinator(c.Combinator, start)
		if c.Combinator == CombDeepTight && p.opts.Rpx != RpxKeep {
			p.printEaten(c, beforeComma && i == len(sel.Compounds)-1)
			continue
		}
		p.printCompound(c, 0, beforeComma && i == len(sel.Compounds)-1)
	}
	// A removed :root can leave a trailing space.
	for len(p.b) > start && p.b[len(p.b)-1] == ' ' {
		p.b = p.b[:len(p.b)-1]
	}
}

func (p *printer) printCombinator(c Combinator, start int) {
	switch c {
	case CombDescendant:
		if len(p.b) > start && p.b[len(p.b)-1] != ' ' {
			p.b = append(p.b, ' ')
		}
	case CombChild:
		p.b = append(p.b, '>')
	case CombNext:
		p.b = append(p.b, '+')
	case CombSubsequent:
		p.b = append(p.b, '~')
	case CombDeep, CombDeepTight:
		if p.opts.Rpx == RpxKeep {
			p.b = append(p.b, "/deep/"...)
			if c == CombDeep {
				p.b = append(p.b, ' ')
			}
		} else {
			// wcsc's lexer eats the 'd' and reads "eep" as a tag.
			if len(p.b) > start && p.b[len(p.b)-1] != ' ' {
				p.b = append(p.b, ' ')
			}
			p.b = append(p.b, "wx-eep "...)
		}
	}
}

// printEaten prints the compound after a tight /deep/ as wcsc reads it:
// without its first character, so `.b` becomes the tag b.
func (p *printer) printEaten(c *Compound, rawLastArg bool) {
	rest := *c
	s := rest.Simples[0]
	switch s.Kind {
	case SelClass, SelID, SelPseudoClass:
		s.Kind = SelType
	case SelType:
		s.Name = s.Name[1:]
	default:
		s.Name = ""
	}
	rest.Simples = append([]Simple{}, rest.Simples...)
	rest.Simples[0] = s
	if s.Name == "" {
		rest.Simples = rest.Simples[1:]
	}
	p.printCompound(&rest, 0, rawLastArg)
}

// printCompound prints a compound; depth counts enclosing :not()s, since
// wcsc rewrites tags and classes at the top and one :not() deep only.
// rawLastArg keeps the argument of a final functional pseudo as written.
func (p *printer) printCompound(c *Compound, depth int, rawLastArg bool) {
	rewrite := p.opts.Rpx != RpxKeep && depth <= 1
	for i := range c.Simples {
		s := &c.Simples[i]
		// A class right after the tag is part of wcsc's tag token
		// (`page.a` is not `page`).
		joined := i+1 < len(c.Simples) && c.Simples[i+1].Kind == SelClass
		switch s.Kind {
		case SelType:
			if rewrite {
				p.b = appendTag(p.b, s.Name, joined)
			} else {
				p.b = append(p.b, s.Name...)
			}
		case SelPercentage:
			p.b = append(p.b, s.Name...)
		case SelClass:
			p.b = append(p.b, '.')
			if rewrite && !Absorbed(c.Simples, i) {
				p.b = append(p.b, p.opts.ClassPrefix...)
			}
			p.b = append(p.b, s.Name...)
		case SelID:
			p.b = append(p.b, '#')
			p.b = append(p.b, s.Name...)
		case SelAttr:
			p.b = append(p.b, '[')
			p.b = append(p.b, s.Name...)
			p.b = append(p.b, ']')
		case SelPseudoElement:
			if s.Spaced&SpaceBetweenColons != 0 {
				p.b = append(p.b, ": :"...)
			} else {
				p.b = append(p.b, "::"...)
			}
			if s.Spaced&SpaceAfterColon != 0 {
				p.b = append(p.b, ' ')
			}
			p.b = append(p.b, s.Name...)
		case SelPseudoClass:
			if s.Func == nil {
				if depth == 0 && p.opts.Rpx != RpxKeep && strings.EqualFold(s.Name, "root") && !joined {
					// wcsc removes :root and keeps the rest.
					continue
				}
				p.b = append(p.b, ':')
				if s.Spaced != 0 {
					p.b = append(p.b, ' ')
				}
				p.b = append(p.b, s.Name...)
				continue
			}
			p.b = append(p.b, ':')
			if s.Spaced != 0 {
				p.b = append(p.b, ' ')
			}
			p.b = append(p.b, s.Name...)
			if s.Func.SpacedParen {
				p.b = append(p.b, ' ')
			}
			p.b = append(p.b, '(')
			if s.Func.Compound != nil {
				d := 2
				if depth == 0 && strings.EqualFold(s.Name, "not") && !(rawLastArg && i == len(c.Simples)-1) {
					d = 1
				}
				p.printCombinator(s.Func.Compound.Combinator, len(p.b))
				p.printCompound(s.Func.Compound, d, false)
			} else {
				p.printTokens(trimWS(s.Func.Tokens), tokArg, false)
			}
			p.b = append(p.b, ')')
		}
	}
}

// appendTag writes a type selector as wcsc does: page → body, from/to
// (keyframes) and names starting with "wx-", '-' or '_' as they are,
// anything else with a "wx-" prefix. joined is set when a class follows
// (`page.a`): wcsc compares its whole tag token, so page/from/to do not
// match then.
func appendTag(b []byte, name string, joined bool) []byte {
	switch {
	case !joined && strings.EqualFold(name, "page"):
		return append(b, "body"...)
	case !joined && (strings.EqualFold(name, "from") || strings.EqualFold(name, "to")),
		strings.HasPrefix(name, "wx-"), name[0] == '-', name[0] == '_':
		return append(b, name...)
	}
	return append(append(b, "wx-"...), name...)
}

func (p *printer) printDecls(decls []Decl) {
	p.b = append(p.b, '{')
	for i := range decls {
		d := &decls[i]
		if i > 0 {
			p.b = append(p.b, ';')
		}
		p.b = append(p.b, d.Name...)
		if d.NoColon {
			continue
		}
		p.b = append(p.b, ':')
		if len(d.Value) == 0 && i == len(decls)-1 {
			// wcsc rejects `a:}` but takes `a:;}`.
			p.b = append(p.b, ';')
		}
		if d.LocalURL && p.opts.Rpx != RpxKeep {
			// wcsc leaves the rpx of a value with a local url() alone.
			p.printTokens(d.Value, tokArg, false)
		} else {
			p.printTokens(d.Value, tokValue, p.opts.Rpx == RpxKeep && zeroUnitsOK(d.Name))
		}
	}
	p.b = append(p.b, '}')
}

type tokMode uint8

const (
	tokValue   tokMode = iota // a declaration value: rpx converted for px/vw
	tokPrelude                // an at-rule prelude: rpx kept (wcsc does)
	tokArg                    // a pseudo-class argument
)

// printTokens prints a value, prelude or argument. Whitespace becomes one
// space and is dropped where it cannot matter (next to , / ! * and inside
// parentheses; in preludes also next to : < > =); comments are dropped, or
// become an empty comment where the tokens on both sides would otherwise
// run together. Values get rpx converted for px/vw (outside strings and
// url()s); with zeros, a zero length at the top level loses its unit.
func (p *printer) printTokens(ts []Token, mode tokMode, zeros bool) {
	convert := mode == tokValue && p.opts.Rpx != RpxKeep
	prelude := mode == tokPrelude
	depth := 0
	space, comment := false, false
	var prev Token
	havePrev := false
	runStart := -1 // index in ts of the current run to scan for rpx
	// How the whitespace that ends a hex escape is written (escEnd).
	esc, lastEsc := escSpace, escSpace
	commentAfter := mode == tokValue && len(ts) > 0 && p.commentAfter(ts[len(ts)-1])
	switch {
	case p.opts.Rpx == RpxKeep:
		// as written: wcsc reads it as it read the source, and so does
		// mpc (a space would end `\0` differently: another token text)
		esc, lastEsc = escRaw, escRaw
	case mode == tokValue:
		esc, lastEsc = escRaw, escValueEnd
		if commentAfter {
			lastEsc = escRaw
		}
	}
	flush := func(end int) {
		if runStart < 0 {
			return
		}
		last := esc
		if end == len(ts) {
			last = lastEsc
		}
		p.writeRun(ts[runStart:end], convert, esc, last)
		runStart = -1
	}
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		switch t.Kind {
		case TWhitespace:
			flush(i)
			space = true
			continue
		case TComment:
			flush(i)
			comment = true
			continue
		}
		if havePrev && (space || comment) {
			if space && (p.needSpace(prev, t, prelude) || loneBackslash(p.b)) {
				p.space()
			} else if !space && runTogether(prev, t) {
				p.b = append(p.b, "/**/"...)
			}
		}
		space, comment = false, false
		switch t.Kind {
		case TFunction, TOpenParen:
			depth++
		case TCloseParen:
			depth--
		}
		switch t.Kind {
		case TDimension:
			if zeros && depth == 0 && isZeroLength(p.tx(t)) && (i+1 == len(ts) || p.endsNumber(ts[i+1])) && (i == 0 || p.endsNumber(ts[i-1])) {
				flush(i)
				p.b = append(p.b, '0')
				break
			}
			if runStart < 0 {
				runStart = i
			}
		case TString, TURL, TBadString, TBadURL:
			flush(i)
			p.b = append(p.b, p.tx(t)...)
		default:
			if runStart < 0 {
				runStart = i
			}
		}
		prev, havePrev = t, true
	}
	flush(len(ts))
	if loneBackslash(p.b) {
		p.space() // or it escapes what follows: `}`, `;`
	}
	if commentAfter {
		// A comment after a line break that ends an escape made wcsc keep
		// the line break (at the very end of a value it writes a space):
		// an empty comment keeps it so when the output is compiled again.
		last := ts[len(ts)-1]
		if t := p.escText(last.Start, last.Stop); strings.HasSuffix(t, "\n") || strings.HasSuffix(t, "\r") || strings.HasSuffix(t, "\f") {
			p.b = append(p.b, "/**/"...)
		}
	}
}

// loneBackslash reports whether b ends with a backslash that escapes
// nothing: a delim token, which only a line break (or the end) can follow.
func loneBackslash(b []byte) bool {
	return (len(b)-len(bytes.TrimRight(b, "\\")))%2 == 1
}

// space writes the whitespace between tokens. After a lone backslash wcsc
// writes a space too, but minified WXSS keeps a line break: `\ ` would be
// an escaped space, and compiled again a different token.
func (p *printer) space() {
	if p.opts.Rpx == RpxKeep && loneBackslash(p.b) {
		p.b = append(p.b, '\n')
		return
	}
	p.b = append(p.b, ' ')
}

// writeRun writes adjacent tokens, converting rpx in their joined text
// (wcsc's scan does not follow CSS tokens: `5.rpx` is three tokens here);
// esc applies to the escapes of all but the run's last token, last to it.
func (p *printer) writeRun(ts []Token, convert bool, esc, last escEnd) {
	if convert {
		for _, t := range ts {
			if strings.Contains(p.tx(t), "rpx") {
				p.convertRun(ts, esc, last)
				return
			}
		}
	}
	for i, t := range ts {
		e := esc
		if i == len(ts)-1 {
			e = last
		}
		p.b = appendTokenText(p.b, p.escText(t.Start, t.Stop), e)
	}
}

// escText is the source from start to stop, plus the \n of a \r\n that
// ends an escape there: the lexer takes only the \r into the escape, and
// wcsc keeps both.
func (p *printer) escText(start, stop int32) string {
	if stop > start && p.src[stop-1] == '\r' && int(stop) < len(p.src) && p.src[stop] == '\n' {
		stop++
	}
	return p.src[start:stop]
}

// escEnd is how the whitespace that ends a hex escape (`\9` + a space,
// tab or line break) is written, as wcsc writes it (checked with the
// oracle): in a declaration's value as written, except a line break
// that ends the value (with no comment after it), which becomes a space;
// in preludes and arguments always a space. Minified WXSS keeps it as
// written everywhere.
type escEnd uint8

const (
	escSpace escEnd = iota
	escRaw
	escValueEnd
)

// appendTokenText writes a token, and the whitespace of an escape at its
// end as e says.
func appendTokenText(b []byte, s string, e escEnd) []byte {
	n := len(s)
	for n > 0 && isSpaceByte(s[n-1]) {
		n--
	}
	if n == len(s) || e == escRaw || e == escValueEnd && !strings.ContainsAny(s[n:], "\n\r\f") {
		return append(b, s...)
	}
	return append(append(b, s[:n]...), ' ')
}

// commentAfter reports whether a comment follows t (the last token of a
// value) before the declaration ends.
func (p *printer) commentAfter(t Token) bool {
	rest := p.src[t.Stop:]
	i := 0
	for i < len(rest) && isSpaceByte(rest[i]) {
		i++
	}
	return strings.HasPrefix(rest[i:], "/*")
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func (p *printer) convertRun(ts []Token, esc, lastEsc escEnd) {
	// The tokens of a run are adjacent: their text is one substring.
	text := p.escText(ts[0].Start, ts[len(ts)-1].Stop)
	last := 0
	scanRPX(text, func(start, end int) {
		p.b = appendTokenText(p.b, text[last:start], esc)
		num := text[start:end]
		if p.opts.Rpx == RpxVW {
			p.b = vwValue(p.b, num)
		} else {
			v := PXValue(parseRPXNumber(num), p.opts.Width, p.opts.DPR, p.opts.IOS)
			p.b = appendJSNumber(p.b, v)
			p.b = append(p.b, "px"...)
		}
		last = end + 3
	})
	p.b = appendTokenText(p.b, text[last:], lastEsc)
}

// zeroUnitsOK reports whether a property's zero lengths can drop their
// unit: not in custom properties (they may end up in calc()) and not in
// flex/flex-basis (a unitless 0 there is a number, not a length).
func zeroUnitsOK(name string) bool {
	if strings.HasPrefix(name, "--") {
		return false
	}
	l := strings.ToLower(name)
	return !strings.Contains(l, "flex")
}

var lengthUnits = map[string]bool{"px": true, "rpx": true, "em": true, "rem": true, "vw": true, "vh": true,
	"vmin": true, "vmax": true, "pt": true, "pc": true, "cm": true, "mm": true, "in": true, "q": true, "ex": true, "ch": true}

// isZeroLength reports a dimension like 0px, -0.0rpx or .0em.
func isZeroLength(s string) bool {
	end := numberAt(s, 0)
	if end < 0 || !lengthUnits[strings.ToLower(s[end:])] {
		return false
	}
	for i := 0; i < end; i++ {
		if c := s[i]; c != '0' && c != '.' && c != '+' && c != '-' {
			return false
		}
	}
	return true
}

// endsNumber reports whether a bare "0" next to t stays a number of its
// own (`0%`, `0.5` or `1px0` would not).
func (p *printer) endsNumber(t Token) bool {
	switch t.Kind {
	case TWhitespace, TComma, TComment:
		return true
	case TDelim:
		s := p.tx(t)
		return s == "/" || s == "!"
	}
	return false
}

// needSpace reports whether whitespace between a and b matters. In
// at-rule preludes it also does not next to ':' '<' '>' '='.
func (p *printer) needSpace(a, b Token, prelude bool) bool {
	if prelude && (p.isPreludePunct(a) || p.isPreludePunct(b)) {
		return false
	}
	if a.Kind == TComma || b.Kind == TComma || a.Kind == TOpenParen || a.Kind == TFunction || b.Kind == TCloseParen {
		return false
	}
	if a.Kind == TDelim && strings.Contains("/!*", p.tx(a)) {
		return false
	}
	if b.Kind == TDelim && strings.Contains("/!*", p.tx(b)) {
		return false
	}
	return true
}

func (p *printer) isPreludePunct(t Token) bool {
	return t.Kind == TColon || t.Kind == TDelim && strings.Contains("<>=", p.tx(t))
}

// runTogether reports whether a and b written next to each other would
// lex differently (so a removed comment must leave an empty one).
func runTogether(a, b Token) bool {
	switch a.Kind {
	case TIdent, TAtKeyword, THash, TNumber, TDimension, TPercentage, TUnicodeRange, TDelim, TFunction:
	default:
		return false
	}
	switch b.Kind {
	case TWhitespace, TComma, TColon, TSemicolon, TCloseParen, TCloseBracket, TCloseBrace, TOpenBrace:
		return false
	}
	return true
}
