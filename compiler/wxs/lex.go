package wxs

import "sort"

// tokenize splits JS source into tokens, keeping whitespace and comments as
// tSpace so the output keeps the input's lines. It is lenient: the syntax
// was already checked by a real parser.
func tokenize(toks []token, code string) []token {
	// about one token per three bytes of the corpus's wxs: one allocation,
	// not a dozen
	if cap(toks) < len(code)/3+16 {
		toks = make([]token, 0, len(code)/3+16)
	}
	toks = toks[:0]
	i := 0
	lastSig := tokKind(255)
	lastText := ""
	for i < len(code) {
		c := code[i]
		start := i
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			for i < len(code) && (code[i] == ' ' || code[i] == '\t' || code[i] == '\n' || code[i] == '\r' || code[i] == '\v' || code[i] == '\f') {
				i++
			}
			toks = append(toks, token{tSpace, start, i})
			continue
		case c == '/' && i+1 < len(code) && code[i+1] == '/':
			for i < len(code) && code[i] != '\n' {
				i++
			}
			toks = append(toks, token{tSpace, start, i})
			continue
		case c == '/' && i+1 < len(code) && code[i+1] == '*':
			i += 2
			for i+1 < len(code) && !(code[i] == '*' && code[i+1] == '/') {
				i++
			}
			i += 2
			if i > len(code) {
				i = len(code)
			}
			toks = append(toks, token{tSpace, start, i})
			continue
		case isIdentStart(c):
			for i < len(code) && isIdentPart(code[i]) {
				i++
			}
			toks = append(toks, token{tIdent, start, i})
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(code) && code[i+1] >= '0' && code[i+1] <= '9':
			// one '.' at most: in 1..toString() and 1.5.toFixed(2) the next
			// one is a member access
			dot := false
			for i < len(code) && (isIdentPart(code[i]) || code[i] == '.' && !dot ||
				(code[i] == '+' || code[i] == '-') && (code[i-1] == 'e' || code[i-1] == 'E')) {
				dot = dot || code[i] == '.'
				i++
			}
			toks = append(toks, token{tNumber, start, i})
		case c == '"' || c == '\'':
			i++
			for i < len(code) && code[i] != c && code[i] != '\n' {
				if code[i] == '\\' {
					i++
				}
				i++
			}
			i++
			if i > len(code) {
				i = len(code)
			}
			toks = append(toks, token{tString, start, i})
		case c == '`':
			i++
			for i < len(code) && code[i] != '`' {
				if code[i] == '\\' {
					i++
				}
				i++
			}
			i++
			if i > len(code) {
				i = len(code)
			}
			toks = append(toks, token{tTemplate, start, i})
		case c == '/' && regexAllowed(lastSig, lastText):
			i++
			inClass := false
			for i < len(code) && code[i] != '\n' {
				if code[i] == '\\' {
					i += 2
					continue
				}
				if code[i] == '[' {
					inClass = true
				} else if code[i] == ']' {
					inClass = false
				} else if code[i] == '/' && !inClass {
					break
				}
				i++
			}
			i++
			for i < len(code) && isIdentPart(code[i]) {
				i++
			}
			if i > len(code) {
				i = len(code)
			}
			toks = append(toks, token{tRegExp, start, i})
		default:
			i += punctLen(code[i:])
			toks = append(toks, token{tPunct, start, i})
		}
		lastSig = toks[len(toks)-1].kind
		lastText = code[start:i]
	}
	return toks
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}

func isIdentPart(c byte) bool { return isIdentStart(c) || '0' <= c && c <= '9' }

func regexAllowed(k tokKind, text string) bool {
	switch k {
	case 255:
		return true
	case tNumber, tString, tRegExp, tTemplate:
		return false
	case tIdent:
		return keywords[text] && text != "this" && text != "true" && text != "false" && text != "null"
	case tPunct:
		return text != ")" && text != "]" && text != "}"
	}
	return true
}

var puncts = []string{
	">>>=", "===", "!==", ">>>", "<<=", ">>=", "...", "**=", "??=", "||=", "&&=", "=>",
	"==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>", "**", "??",
}

func punctLen(s string) int {
	// ?. is optional chaining unless a digit follows (a ?.5 : b)
	if len(s) >= 2 && s[0] == '?' && s[1] == '.' && (len(s) == 2 || s[2] < '0' || s[2] > '9') {
		return 2
	}
	for _, p := range punctsByFirst[s[0]] {
		if len(s) >= len(p) && s[:len(p)] == p {
			return len(p)
		}
	}
	return 1
}

// punctsByFirst lists the multi-character punctuators by first byte,
// longest first: most punctuation ( ) { } , ; needs no search.
var punctsByFirst = func() (t [256][]string) {
	for _, p := range puncts {
		t[p[0]] = append(t[p[0]], p)
	}
	return t
}()

// tokenStarting is the index of the token starting at byte offset off, or -1.
func tokenStarting(toks []token, off int) int {
	i := sort.Search(len(toks), func(i int) bool { return toks[i].start >= off })
	if i < len(toks) && toks[i].start == off {
		return i
	}
	return -1
}

// tokenEnding is the index of the token ending at byte offset off, or -1.
func tokenEnding(toks []token, off int) int {
	i := sort.Search(len(toks), func(i int) bool { return toks[i].end >= off })
	if i < len(toks) && toks[i].end == off {
		return i
	}
	return -1
}
