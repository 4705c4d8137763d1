package bundler

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/mpc-dev/mpc/diag"
)

// jvalue is a JSON value that keeps its key order and its byte range in the
// source, so that the bundler can point messages at a field and rewrite a
// page's JSON without reordering it.
type jvalue struct {
	kind  byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	str   string
	raw   string // numbers as written
	b     bool
	keys  []string
	vals  []*jvalue
	rng   diag.Range
	kRngs []diag.Range // key ranges of an object
}

// get returns the member named k of an object, or nil.
func (v *jvalue) get(k string) *jvalue {
	if v == nil || v.kind != 'o' {
		return nil
	}
	for i := len(v.keys) - 1; i >= 0; i-- { // JSON.parse: the last duplicate wins
		if v.keys[i] == k {
			return v.vals[i]
		}
	}
	return nil
}

// keyRange returns the range of key k, or the object's range.
func (v *jvalue) keyRange(k string) diag.Range {
	for i := len(v.keys) - 1; i >= 0; i-- {
		if v.keys[i] == k {
			return v.kRngs[i]
		}
	}
	return v.rng
}

func (v *jvalue) isString() bool { return v != nil && v.kind == 's' }

// set replaces the value of an existing key or appends it.
func (v *jvalue) set(k string, nv *jvalue) {
	for i := len(v.keys) - 1; i >= 0; i-- {
		if v.keys[i] == k {
			v.vals[i] = nv
			return
		}
	}
	v.keys = append(v.keys, k)
	v.vals = append(v.vals, nv)
	v.kRngs = append(v.kRngs, diag.Range{})
}

func (v *jvalue) del(k string) {
	for i := len(v.keys) - 1; i >= 0; i-- {
		if v.keys[i] == k {
			v.keys = append(v.keys[:i:i], v.keys[i+1:]...)
			v.vals = append(v.vals[:i:i], v.vals[i+1:]...)
			v.kRngs = append(v.kRngs[:i:i], v.kRngs[i+1:]...)
		}
	}
}

// clone copies the tree so that a cached parse can be rewritten per package.
func (v *jvalue) clone() *jvalue {
	if v == nil {
		return nil
	}
	c := *v
	c.keys = append([]string(nil), v.keys...)
	c.kRngs = append([]diag.Range(nil), v.kRngs...)
	c.vals = make([]*jvalue, len(v.vals))
	for i, x := range v.vals {
		c.vals[i] = x.clone()
	}
	return &c
}

func jstring(s string) *jvalue { return &jvalue{kind: 's', str: s} }

// parseJSON parses src strictly (as JSON.parse does); on a syntax error it
// records it in log and returns nil.
func parseJSON(log *diag.Log, src *diag.Source) *jvalue {
	p := jparser{s: src.Contents}
	if len(p.s) >= 3 && p.s[:3] == "\uFEFF" {
		p.i = 3
	}
	p.ws()
	v := p.value()
	if p.err == "" {
		p.ws()
		if p.i < len(p.s) {
			p.fail("unexpected " + p.near() + " after the JSON value")
		}
	}
	if p.err != "" {
		log.AddError(src, diag.RangeOf(p.i, p.i+1), "json/syntax", "invalid JSON: "+p.err)
		return nil
	}
	return v
}

type jparser struct {
	s   string
	i   int
	err string
}

func (p *jparser) fail(msg string) {
	if p.err == "" {
		p.err = msg
	}
}

func (p *jparser) near() string {
	if p.i >= len(p.s) {
		return "end of file"
	}
	r, _ := utf8.DecodeRuneInString(p.s[p.i:])
	return strconv.QuoteRune(r)
}

func (p *jparser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jparser) value() *jvalue {
	if p.err != "" {
		return nil
	}
	start := p.i
	if p.i >= len(p.s) {
		p.fail("unexpected end of file")
		return nil
	}
	var v *jvalue
	switch c := p.s[p.i]; {
	case c == '{':
		v = p.object()
	case c == '[':
		v = p.array()
	case c == '"':
		s, ok := p.string()
		if !ok {
			return nil
		}
		v = &jvalue{kind: 's', str: s}
	case c == 't' || c == 'f' || c == 'n':
		for _, w := range []string{"true", "false", "null"} {
			if len(p.s)-p.i >= len(w) && p.s[p.i:p.i+len(w)] == w {
				p.i += len(w)
				v = &jvalue{kind: 'b', b: w == "true"}
				if w == "null" {
					v.kind = 'z'
				}
			}
		}
		if v == nil {
			p.fail("unexpected " + p.near())
		}
	case c == '-' || c >= '0' && c <= '9':
		j := p.i
		for j < len(p.s) && bytes.IndexByte([]byte("+-0123456789.eE"), p.s[j]) >= 0 {
			j++
		}
		raw := p.s[p.i:j]
		if !json.Valid([]byte(raw)) {
			p.fail("bad number " + strconv.Quote(raw))
			return nil
		}
		p.i = j
		v = &jvalue{kind: 'n', raw: raw}
	default:
		p.fail("unexpected " + p.near())
	}
	if v != nil {
		v.rng = diag.RangeOf(start, p.i)
	}
	return v
}

func (p *jparser) object() *jvalue {
	v := &jvalue{kind: 'o'}
	p.i++
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return v
	}
	for p.err == "" {
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			p.fail("expected a string key, found " + p.near())
			return nil
		}
		ks := p.i
		k, ok := p.string()
		if !ok {
			return nil
		}
		kr := diag.RangeOf(ks, p.i)
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			p.fail("expected ':', found " + p.near())
			return nil
		}
		p.i++
		p.ws()
		x := p.value()
		if x == nil {
			return nil
		}
		v.keys = append(v.keys, k)
		v.vals = append(v.vals, x)
		v.kRngs = append(v.kRngs, kr)
		p.ws()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return v
		}
		p.fail("expected ',' or '}', found " + p.near())
	}
	return nil
}

func (p *jparser) array() *jvalue {
	v := &jvalue{kind: 'a'}
	p.i++
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return v
	}
	for p.err == "" {
		p.ws()
		x := p.value()
		if x == nil {
			return nil
		}
		v.vals = append(v.vals, x)
		p.ws()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return v
		}
		p.fail("expected ',' or ']', found " + p.near())
	}
	return nil
}

func (p *jparser) string() (string, bool) {
	start := p.i
	p.i++
	for p.i < len(p.s) {
		switch c := p.s[p.i]; {
		case c == '"':
			p.i++
			var s string
			if err := json.Unmarshal([]byte(p.s[start:p.i]), &s); err != nil {
				p.i = start
				p.fail("bad string: " + err.Error())
				return "", false
			}
			return s, true
		case c == '\\':
			p.i += 2
		case c < 0x20:
			p.fail(fmt.Sprintf("control character %q in a string", c))
			return "", false
		default:
			p.i++
		}
	}
	p.i = start
	p.fail("unterminated string")
	return "", false
}

// encode prints v as JSON: compact, or indented by two spaces. HTML
// characters are not escaped (WeChat reads the files as they are).
func (v *jvalue) encode(indent bool) []byte {
	var b bytes.Buffer
	v.write(&b, indent, 0)
	if indent {
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func (v *jvalue) write(b *bytes.Buffer, indent bool, depth int) {
	nl := func(d int) {
		if indent {
			b.WriteByte('\n')
			for i := 0; i < d; i++ {
				b.WriteString("  ")
			}
		}
	}
	switch v.kind {
	case 'o', 'a':
		open, close := byte('{'), byte('}')
		if v.kind == 'a' {
			open, close = '[', ']'
		}
		b.WriteByte(open)
		for i, x := range v.vals {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(depth + 1)
			if v.kind == 'o' {
				writeJSONString(b, v.keys[i])
				b.WriteByte(':')
				if indent {
					b.WriteByte(' ')
				}
			}
			x.write(b, indent, depth+1)
		}
		if len(v.vals) > 0 {
			nl(depth)
		}
		b.WriteByte(close)
	case 's':
		writeJSONString(b, v.str)
	case 'n':
		b.WriteString(v.raw)
	case 'b':
		b.WriteString(strconv.FormatBool(v.b))
	default:
		b.WriteString("null")
	}
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	b.Truncate(b.Len() - 1) // Encode's newline
}
