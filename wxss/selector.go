package wxss

import (
	"strings"

	"github.com/mpc-dev/mpc/diag"
)

// Selectors follow wcsc's grammar, which is narrower than CSS: no `*`, no
// escapes or non-ASCII characters, no `>>>`, no `~` right after another
// `>`, `+` or `~`, a function argument is at most one compound item.

func (p *parser) isCombDelim(t Token) Combinator {
	if t.Kind == TDelim && len(p.tx(t)) == 1 {
		switch p.tx(t)[0] {
		case '>':
			return CombChild
		case '+':
			return CombNext
		case '~':
			return CombSubsequent
		}
	}
	return CombNone
}

// startsCompound reports whether t can begin a compound selector.
func (p *parser) startsCompound(t Token) bool {
	switch t.Kind {
	case TIdent, THash, TOpenBracket, TColon, TPercentage:
		return true
	case TNumber, TDimension:
		return p.tx(t)[0] == '.'
	case TDelim:
		c := p.tx(t)[0]
		return c == '.' || c == '*' || c == '&' || c == '\\'
	}
	return false
}

func (p *parser) selError(t Token, text string) {
	p.errorAt(tokRange(t), "wxss/selector", text)
}

// parseSelectorList reads selectors up to a '{' (not consumed).
func (p *parser) parseSelectorList() (SelectorList, bool) {
	var list SelectorList
	var buf [8]ComplexSelector
	sels := buf[:0]
	p.skipWS()
	start := p.peek().Start
	for {
		sel, ok := p.parseComplex()
		if !ok {
			return list, false
		}
		sels = append(sels, sel)
		p.skipWS()
		if p.peek().Kind != TComma {
			break
		}
		p.i++
		p.skipWS()
		if p.peek().Kind == TOpenBrace {
			// `.a, { }` — wcsc keeps the dangling comma.
			list.TrailingComma = true
			break
		}
	}
	list.Selectors = keep(&p.complexes, sels)
	list.Range = diag.RangeOf(int(start), int(p.toks[p.i-1].End()))
	return list, true
}

func (p *parser) parseComplex() (ComplexSelector, bool) {
	var sel ComplexSelector
	var buf [8]Compound
	compounds := buf[:0]
	start := p.peek().Start
	comb, prev := CombNone, CombNone
	var combTok Token
	for {
		ws := p.skipWS()
		t := p.peek()
		if c := p.isCombDelim(t); c != CombNone {
			if comb != CombNone && comb != CombDescendant {
				p.selError(t, "unexpected "+p.quoteTok(t)+": two combinators in a row (\">>>\" and \">>\" are not supported)")
				return sel, false
			}
			comb, combTok = c, t
			p.i++
			continue
		}
		if t.Kind == TDelim && p.tx(t) == "/" {
			if p.peekAt(1).Kind == TIdent && strings.EqualFold(p.tx(p.peekAt(1)), "deep") && p.peekAt(2).Kind == TDelim && p.tx(p.peekAt(2)) == "/" {
				if comb != CombNone && comb != CombDescendant {
					p.selError(t, "unexpected \"/deep/\" after a combinator")
					return sel, false
				}
				comb = CombDeep
				if k := p.peekAt(3).Kind; k != TWhitespace && k != TComment {
					comb = CombDeepTight
				}
				p.i += 3
				continue
			}
			p.selError(t, "unexpected \"/\" in a selector")
			return sel, false
		}
		if !p.startsCompound(t) {
			break
		}
		if comb == CombNone && len(compounds) > 0 {
			if !ws {
				p.selError(t, "unexpected "+p.quoteTok(t)+" in a selector")
				return sel, false
			}
			comb = CombDescendant
		}
		if comb == CombSubsequent {
			// wcsc reads `NAME > NAME ~` as an error, but not when the
			// middle compound holds more than tags and classes.
			if n := len(compounds); (prev == CombChild || prev == CombNext || prev == CombSubsequent) && n > 0 && pureName(lexedView(&compounds[n-1])) {
				p.selError(combTok, "\"~\" right after a \">\", \"+\" or \"~\" combinator is rejected by WeChat (wcsc)")
				return sel, false
			}
			if n := len(compounds); n == 0 || !endsWithName(lexedView(&compounds[n-1])) {
				p.selError(combTok, "\"~\" must follow a tag or class selector in WeChat (wcsc rejects it after an id, attribute or pseudo-class)")
				return sel, false
			}
		}
		c, ok := p.parseCompound(false)
		if !ok {
			return sel, false
		}
		if comb == CombChild || comb == CombNext || comb == CombSubsequent {
			if k := c.Simples[0].Kind; k != SelType && k != SelClass {
				p.selError(t, "after \">\", \"+\" or \"~\" WeChat wants a tag or class selector first (wcsc rejects "+p.quoteTok(t)+" here)")
				return sel, false
			}
		}
		c.Combinator = comb
		compounds = append(compounds, c)
		if len(compounds) > 1 {
			prev = comb
		}
		comb = CombNone
	}
	t := p.peek()
	if len(compounds) == 0 {
		if t.Kind == TOpenBrace || t.Kind == TComma {
			p.selError(t, "expected a selector before "+p.quoteTok(t))
		} else {
			p.unexpected(t, "in a selector")
		}
		return sel, false
	}
	if comb != CombNone && comb != CombDescendant {
		p.selError(t, "the selector ends with a combinator")
		return sel, false
	}
	sel.Compounds = keep(&p.compounds, compounds)
	sel.Range = diag.RangeOf(int(start), int(p.lastNonWS().End()))
	return sel, true
}

// lastNonWS is the last consumed token that is not whitespace or a comment.
func (p *parser) lastNonWS() Token {
	for j := p.i - 1; j > 0; j-- {
		if k := p.toks[j].Kind; k != TWhitespace && k != TComment {
			return p.toks[j]
		}
	}
	return p.toks[0]
}

// Absorbed reports whether the class at simples[i] is read by wcsc as part
// of the id or pseudo-class before it (`#x.a`, `:hover.a`): wcsc's lexer
// runs them into one token, so the class gets no class prefix, and
// `:root.a` / `:host.a` are not the plain pseudo-classes.
func Absorbed(simples []Simple, i int) bool {
	if simples[i].Kind != SelClass {
		return false
	}
	for j := i - 1; j >= 0; j-- {
		switch s := &simples[j]; s.Kind {
		case SelClass:
			continue
		case SelID, SelPseudoElement:
			return true
		case SelPseudoClass:
			return s.Func == nil
		default:
			return false
		}
	}
	return false
}

// endsWithName reports whether a compound ends with a tag or class token
// of its own (what wcsc wants before "~").
func endsWithName(simples []Simple) bool {
	n := len(simples)
	if n == 0 {
		return false
	}
	k := simples[n-1].Kind
	return k == SelType || k == SelClass && !Absorbed(simples, n-1)
}

// lexedView is a compound as wcsc's lexer sees it: after a tight /deep/
// its first character is eaten, so `#x.a` or `.b` read as a tag.
func lexedView(c *Compound) []Simple {
	if c.Combinator != CombDeepTight || len(c.Simples) == 0 {
		return c.Simples
	}
	v := append([]Simple(nil), c.Simples...)
	if k := v[0].Kind; k == SelID || k == SelClass || k == SelPseudoClass {
		v[0].Kind = SelType
	}
	return v
}

// pureName reports a compound of only a tag and classes (one wcsc token).
func pureName(simples []Simple) bool {
	for i := range simples {
		if k := simples[i].Kind; k != SelType && k != SelClass {
			return false
		}
	}
	return true
}

// checkName reports escapes and non-ASCII characters, which wcsc's
// selector lexer rejects.
func (p *parser) checkName(t Token) bool {
	for j := 0; j < len(p.tx(t)); j++ {
		c := p.tx(t)[j]
		if c == '\\' {
			p.errorAt(diag.RangeOf(int(t.Start)+j, int(t.Start)+j+1), "wxss/selector", "escapes in selectors are not supported by WeChat")
			return false
		}
		if c >= 0x80 {
			p.errorAt(diag.RangeOf(int(t.Start)+j, int(t.Start)+j+1), "wxss/selector", "non-ASCII characters in selectors are not supported by WeChat")
			return false
		}
	}
	return true
}

// parseCompound reads simple selectors up to whitespace, a combinator or
// anything else. inArg restricts it to what wcsc allows inside a
// function's parentheses: one name run (`view.a`, `#a.b`), one attribute
// or one pseudo.
func (p *parser) parseCompound(inArg bool) (Compound, bool) {
	var c Compound
	var buf [8]Simple
	simples := buf[:0]
	names := false // inside a run of type/class/id
	for {
		t := p.peek()
		if inArg && len(simples) > 0 && !(names && (t.Kind == THash || t.Kind == TDelim && p.tx(t) == "." || (t.Kind == TNumber || t.Kind == TDimension) && p.tx(t)[0] == '.')) {
			if p.startsCompound(t) {
				p.selError(t, "unexpected "+p.quoteTok(t)+": WeChat allows one simple selector here")
				return c, false
			}
			c.Simples = keep(&p.simples, simples)
			return c, true
		}
		switch t.Kind {
		case TIdent:
			if len(simples) > 0 {
				p.selError(t, "a type selector must come first in a compound selector")
				return c, false
			}
			if !p.checkName(t) {
				return c, false
			}
			p.i++
			simples = append(simples, Simple{Kind: SelType, Name: p.tx(t), Range: tokRange(t)})
			names = true
		case TPercentage:
			if len(simples) > 0 || strings.HasPrefix(p.tx(t), ".") || strings.HasPrefix(p.tx(t), "+") {
				p.selError(t, "unexpected "+p.quoteTok(t)+" in a selector")
				return c, false
			}
			p.i++
			simples = append(simples, Simple{Kind: SelPercentage, Name: p.tx(t), Range: tokRange(t)})
		case THash:
			if !p.checkName(t) {
				return c, false
			}
			p.i++
			simples = append(simples, Simple{Kind: SelID, Name: p.tx(t)[1:], Range: tokRange(t)})
			names = true
		case TNumber, TDimension:
			// `.1a` lexes as a number; wcsc reads it as a class.
			if p.tx(t)[0] != '.' {
				c.Simples = keep(&p.simples, simples)
				return c, true
			}
			if !p.checkName(t) || !isClassText(p.tx(t)[1:]) {
				if !strings.ContainsRune(p.tx(t), '\\') {
					p.selError(t, "invalid class name "+p.quoteTok(t))
				}
				return c, false
			}
			p.i++
			simples = append(simples, Simple{Kind: SelClass, Name: p.tx(t)[1:], Range: tokRange(t)})
			names = true
		case TDelim:
			switch p.tx(t) {
			case ".":
				n := p.peekAt(1)
				if !(n.Kind == TIdent || n.Kind == TNumber || n.Kind == TDimension) || !isClassText(p.tx(n)) {
					if n.Kind == TIdent || n.Kind == TDelim && p.tx(n) == "\\" {
						p.checkName(n)
					} else {
						p.selError(t, "expected a class name after \".\"")
					}
					return c, false
				}
				if !p.checkName(n) {
					return c, false
				}
				p.i += 2
				simples = append(simples, Simple{Kind: SelClass, Name: p.tx(n), Range: diag.RangeOf(int(t.Start), int(n.End()))})
				names = true
			case "*":
				p.log.Add(diag.Msg{Kind: diag.Error, ID: "wxss/universal", Data: diag.MsgData{Source: p.src, Range: tokRange(t),
					Text: "the universal selector \"*\" is not supported by WeChat"},
					Hint: "list the components' tags or classes instead"})
				return c, false
			case "&":
				p.selError(t, "nesting selector \"&\" is not supported by WeChat")
				return c, false
			case "\\":
				p.checkName(t)
				return c, false
			default:
				c.Simples = keep(&p.simples, simples)
				return c, true
			}
		case TOpenBracket:
			s, ok := p.parseAttr()
			if !ok {
				return c, false
			}
			simples = append(simples, s)
			names = false
		case TColon:
			s, ok := p.parsePseudo()
			if !ok {
				return c, false
			}
			simples = append(simples, s)
			names = false
		default:
			c.Simples = keep(&p.simples, simples)
			return c, true
		}
	}
}

// isClassText reports whether s is a plain class name as wcsc reads it.
func isClassText(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '\\' || c >= 0x80) {
			return false
		}
	}
	return true
}

// parseAttr reads `[name]` or `[name op value]`.
func (p *parser) parseAttr() (Simple, bool) {
	open := p.next()
	p.skipWS()
	name := p.peek()
	if name.Kind != TIdent {
		p.unexpected(name, "in an attribute selector (expected a name)")
		return Simple{}, false
	}
	if !p.checkName(name) {
		return Simple{}, false
	}
	p.i++
	p.skipWS()
	if t := p.peek(); t.Kind == TMatch || t.Kind == TDelim && p.tx(t) == "=" {
		p.i++
		p.skipWS()
		v := p.peek()
		switch v.Kind {
		case TIdent, TString, TNumber, TDimension, TPercentage:
			if v.Kind == TString && !p.checkString(v) {
				return Simple{}, false
			}
			p.i++
		default:
			p.unexpected(v, "in an attribute selector (expected a value)")
			return Simple{}, false
		}
		p.skipWS()
	}
	end := p.peek()
	if end.Kind != TCloseBracket {
		p.unexpected(end, "in an attribute selector (expected \"]\")")
		return Simple{}, false
	}
	p.i++
	// Whitespace inside brackets never matters (wcsc rejects `[a=b c]`).
	var b strings.Builder
	for _, t := range p.toks[p.indexOf(open)+1 : p.i-1] {
		if t.Kind != TWhitespace && t.Kind != TComment {
			b.WriteString(p.tx(t))
		}
	}
	return Simple{Kind: SelAttr, Name: b.String(), Range: diag.RangeOf(int(open.Start), int(end.End()))}, true
}

// indexOf finds the index of a consumed token by its offset (searching
// back from the current position; selectors are short).
func (p *parser) indexOf(t Token) int {
	for j := p.i - 1; j >= 0; j-- {
		if p.toks[j].Start == t.Start {
			return j
		}
	}
	return 0
}

// parsePseudo reads `:name`, `::name` or `:name(args)`.
func (p *parser) parsePseudo() (Simple, bool) {
	colon := p.next()
	s := Simple{Kind: SelPseudoClass}
	if p.peek().Kind == TColon {
		p.i++
		s.Kind = SelPseudoElement
	} else if save := p.i; p.skipWS() && p.peek().Kind == TColon {
		// `.a: :after` (wcsc keeps the space)
		p.i++
		s.Kind = SelPseudoElement
		s.Spaced = SpaceBetweenColons
		p.log.AddWarning(p.src, diag.RangeOf(int(colon.Start), int(p.peek().Start)), "wxss/pseudo-space",
			"space between the colons of a pseudo-element: WeChat keeps it, and the selector then matches nothing")
	} else {
		p.i = save
	}
	if p.skipWS() {
		// `.a: hover`: wcsc reads the name anyway and keeps the space,
		// which makes the selector match nothing in a browser.
		s.Spaced |= SpaceAfterColon
		p.log.AddWarning(p.src, diag.RangeOf(int(colon.Start), int(p.peek().Start)), "wxss/pseudo-space",
			"space after \":\" in a selector: WeChat keeps it, and the selector then matches nothing")
	}
	t := p.peek()
	fn := false
	switch t.Kind {
	case TIdent:
		if !p.checkName(t) {
			return s, false
		}
		p.i++
		s.Name = p.tx(t)
		s.Range = diag.RangeOf(int(colon.Start), int(t.End()))
		// `:not (.b)` is still a function to wcsc.
		save := p.i
		if p.skipWS() && p.peek().Kind == TOpenParen {
			fn = true
			p.log.AddWarning(p.src, diag.RangeOf(int(t.End()), int(p.peek().Start)), "wxss/pseudo-space",
				"space before \"(\" in a selector: WeChat keeps it, and the selector then matches nothing")
		} else {
			p.i = save
			return s, true
		}
	case TFunction:
		if !p.checkName(t) {
			return s, false
		}
		s.Name = p.tx(t)[:len(p.tx(t))-1]
	default:
		p.unexpected(t, "after \":\" in a selector")
		return s, false
	}
	if s.Kind == SelPseudoElement {
		p.selError(t, "functional pseudo-elements (\"::"+s.Name+"(...)\") are not supported by WeChat")
		return s, false
	}
	p.i++
	argStart := p.i
	depth := 1
	for depth > 0 {
		a := p.peek()
		switch a.Kind {
		case TEOF, TOpenBrace, TCloseBrace, TSemicolon:
			p.unexpected(a, "in \":"+s.Name+"(\" (expected \")\")")
			return s, false
		case TOpenParen, TFunction:
			depth++
		case TCloseParen:
			depth--
		}
		p.i++
	}
	end := p.toks[p.i-1]
	s.Func = &FuncArg{Tokens: p.toks[argStart : p.i-1], SpacedParen: fn}
	s.Range = diag.RangeOf(int(colon.Start), int(end.End()))
	if !p.parseArg(&s, end) {
		return s, false
	}
	return s, true
}

// parseArg checks a pseudo function's argument the way wcsc reads it and
// keeps it as a compound when it is one.
func (p *parser) parseArg(s *Simple, end Token) bool {
	args := trimWS(s.Func.Tokens)
	if len(args) == 0 {
		p.selError(end, "empty \":"+s.Name+"()\"")
		return false
	}
	if strings.HasPrefix(strings.ToLower(s.Name), "nth-") {
		// An+B: numbers, n, odd/even, signs.
		for _, a := range args {
			switch a.Kind {
			case TNumber, TDimension, TIdent, TWhitespace, TComment:
			case TDelim:
				if p.tx(a) != "+" && p.tx(a) != "-" {
					p.unexpected(a, "in \":"+s.Name+"()\"")
					return false
				}
			default:
				p.unexpected(a, "in \":"+s.Name+"()\"")
				return false
			}
		}
		return true
	}
	// One optional combinator, then one compound item, parsed in place:
	// the argument tokens are a slice of p.toks.
	save := p.i
	p.i = p.indexOf(args[0])
	defer func() { p.i = save }()
	comb := p.isCombDelim(p.peek())
	if comb != CombNone {
		p.i++
		p.skipWS()
	}
	if !p.startsCompound(p.peek()) {
		p.unexpected(p.peek(), "in \":"+s.Name+"()\"")
		return false
	}
	c, ok := p.parseCompound(true)
	if !ok {
		return false
	}
	p.skipWS()
	if p.peek().Start != end.Start {
		p.unexpected(p.peek(), "in \":"+s.Name+"()\": WeChat allows one simple selector here")
		return false
	}
	c.Combinator = comb
	s.Func.Compound = &c
	return true
}

// checkComponentSelectors warns about tag, id and attribute selectors in
// a component's sheet (wcsc's "Some selectors are not allowed in component
// wxss" message).
func (p *parser) checkComponentSelectors(list *SelectorList) {
	for _, sel := range list.Selectors {
		for _, c := range sel.Compounds {
			for _, s := range c.Simples {
				what := ""
				switch s.Kind {
				case SelType:
					l := strings.ToLower(s.Name)
					if l == "from" || l == "to" {
						continue
					}
					what = "tag name selector \"" + s.Name + "\""
				case SelID:
					what = "ID selector \"#" + s.Name + "\""
				case SelAttr:
					what = "attribute selector \"[" + s.Name + "]\""
				default:
					continue
				}
				p.log.Add(diag.Msg{Kind: diag.Warning, ID: "wxss/component-selector",
					Data: diag.MsgData{Source: p.src, Range: s.Range,
						Text: what + " in a component's style: WeChat only applies class selectors inside components"},
					Hint: "use a class selector"})
			}
		}
	}
}
