package wxml

import (
	"strings"
	"unicode/utf8"

	"github.com/mpc-dev/mpc/diag"
)

// Backslashes (NOTES.md §4.4, all wcc version quirks) are resolved in two
// layers, and the parser stores what wcc renders:
//
//   - attribute values first get XML-level escapes: `\n` `\t` `\r` become
//     control characters and any other `\c` becomes c (attrUnescape);
//   - then literal text, literal parts of attribute values and the contents
//     of {{ }} string literals go through wcc's JavaScript string emitter,
//     whose output wccEscapes reproduces.

// WccEscapes exposes wccEscapes: the compiler's WXS rewriter reads WXS
// string literals with the same emitter (quoteNext false there, observed).
func WccEscapes(s string, quoteNext bool) string { return wccEscapes(s, quoteNext) }

// wccEscapes returns what wcc renders for s, a run of literal text or the
// contents of a string literal (quoteNext: the closing quote follows s).
//
// wcc emits s into a JavaScript string literal: it writes a backslash raw
// when the next character is one of \ ' " n t r (so that it starts a
// JavaScript escape) and as \x5c otherwise, and writes quotes as \x27 and
// \x22. Evaluating that literal gives: `\n` `\t` `\r` control characters,
// `\'` and `\"` the four characters \x27 and \x22, `\\` a backslash when the
// character after the pair is one of those six and \x5c otherwise, and any
// other `\c` unchanged.
func wccEscapes(s string, quoteNext bool) string {
	i := strings.IndexByte(s, '\\')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(s) || !escStarts(s[i+1]) {
			b.WriteByte('\\')
			i++
			continue
		}
		switch s[i+1] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\'':
			b.WriteString(`\x27`)
		case '"':
			b.WriteString(`\x22`)
		case '\\':
			// The second backslash of the pair is itself written raw or as
			// \x5c depending on what follows it.
			if i+2 < len(s) && escStarts(s[i+2]) || i+2 >= len(s) && quoteNext {
				b.WriteByte('\\')
			} else {
				b.WriteString(`\x5c`)
			}
		}
		i += 2
	}
	return b.String()
}

func escStarts(c byte) bool {
	return c == '\\' || c == '\'' || c == '"' || c == 'n' || c == 't' || c == 'r'
}

// attrUnescape resolves the XML-level escapes of an attribute value (and
// \r\n line ends). It returns raw itself (offs nil) when there is nothing to
// resolve; otherwise offs[i] is the source offset of byte i of the result
// (len(result)+1 entries, the last one the end of the value).
func attrUnescape(raw string, base int) (string, []int32) {
	if strings.IndexByte(raw, '\\') < 0 && strings.IndexByte(raw, '\r') < 0 {
		return raw, nil
	}
	var b strings.Builder
	b.Grow(len(raw))
	offs := make([]int32, 0, len(raw)+1)
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\' && i+1 < len(raw):
			switch d := raw[i+1]; d {
			case 'n':
				b.WriteByte('\n')
				offs = append(offs, int32(base+i))
			case 't':
				b.WriteByte('\t')
				offs = append(offs, int32(base+i))
			case 'r':
				b.WriteByte('\r')
				offs = append(offs, int32(base+i))
			default:
				_, size := utf8.DecodeRuneInString(raw[i+1:])
				b.WriteString(raw[i+1 : i+1+size])
				for k := 0; k < size; k++ {
					offs = append(offs, int32(base+i))
				}
				i += size - 1
			}
			i += 2
		case c == '\\':
			i++ // a trailing backslash (only in an unterminated value)
		case c == '\r' && i+1 < len(raw) && raw[i+1] == '\n':
			i++
		default:
			b.WriteByte(c)
			offs = append(offs, int32(base+i))
			i++
		}
	}
	offs = append(offs, int32(base+len(raw)))
	return b.String(), offs
}

// normalizeNewlines turns \r\n into \n (a lone \r stays, as in wcc).
func normalizeNewlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\r\n", "\n")
}

// valueSpec says where a value's text comes from and how errors about it
// are reported.
type valueSpec struct {
	s    string  // the value text (attribute escapes resolved)
	offs []int32 // source offsets of s, or nil: base+i
	base int
	text bool // text content (else an attribute value)
	site errSite
	log  *diag.Log // nil: do not report
}

func (v *valueSpec) off(i int) int {
	if v.offs != nil {
		return int(v.offs[i])
	}
	return v.base + i
}

// parts splits the value into literal and {{ }} parts and parses the
// expressions.
func (p *parser) parts(v *valueSpec, room []Part) []Part {
	// Gathered in scratch, then put in room (usually space for one part
	// next to the value) or copied out at their number.
	parts := p.partBuf[:0]
	defer func() { clear(parts); p.partBuf = parts[:0] }()
	s := v.s
	i := 0
	for {
		j := strings.Index(s[i:], "{{")
		if j < 0 {
			if i < len(s) || len(parts) == 0 {
				parts = append(parts, p.literal(v, i, len(s)))
			}
			break
		}
		j += i
		if j > i {
			parts = append(parts, p.literal(v, i, j))
		}
		k := scanMustache(s, j+2)
		if k < 0 {
			r := diag.RangeOf(v.off(j), v.off(len(s)))
			// In text the lexer has reported the missing }} already.
			if !v.text && v.log != nil {
				v.log.Add(diag.Msg{Kind: diag.Error, ID: "wxml/unclosed-mustache",
					Data:  diag.MsgData{Source: p.src, Range: v.site.rng(&p.lx.w), Text: "missing `}}` " + v.site.ctx()},
					Notes: []diag.MsgData{{Source: p.src, Range: diag.RangeOf(v.off(j), v.off(j+2)), Text: "this {{ is not closed (or a string literal in it is not)"}},
					Hint:  "check for a missing }} or an unbalanced quote"})
			}
			parts = append(parts, Part{Range: r, Expr: &EEmpty{Range: r}})
			break
		}
		parts = append(parts, Part{Range: diag.RangeOf(v.off(j), v.off(k)), Expr: p.expr(v, j+2, k-2)})
		i = k
	}
	if len(room) == 0 && len(parts) > cap(room) {
		return copyOf(p.arena, partsOf, parts)
	}
	return append(room, parts...)
}

func (p *parser) literal(v *valueSpec, i, j int) Part {
	lit := v.s[i:j]
	if v.text {
		lit = normalizeNewlines(lit)
	}
	return Part{Range: diag.RangeOf(v.off(i), v.off(j)), Literal: wccEscapes(lit, false)}
}

func (p *parser) exprParser(v *valueSpec, i, j int) *exprParser {
	ep := &p.ep
	*ep = exprParser{log: v.log, src: p.src, s: v.s[i:j], base: v.base + i, site: v.site, w: &p.lx.w, arena: p.arena}
	if v.offs != nil {
		ep.offs = v.offs[i : j+1]
	}
	return ep
}

// expr parses the mustache body v.s[i:j].
func (p *parser) expr(v *valueSpec, i, j int) Expr {
	return p.exprParser(v, i, j).parseTop()
}
