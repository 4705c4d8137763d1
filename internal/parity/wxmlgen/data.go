package wxmlgen

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Shape is what a file's expressions do with one data path: the fields
// read from it, whether it is iterated (wx:for) or indexed like an array,
// and the literals it is compared with. The root Shape is the page data.
type Shape struct {
	fields map[string]*Shape
	keys   []string // field names in first-use order (deterministic output)

	// Elem is the shape of the items when the path is a wx:for list or is
	// indexed with a number (a[0], a[i]).
	Elem *Shape
	// Hints are literals the path is compared with (==, ===, !=, !==,
	// switch-like ternaries) or template names for a dynamic `is`: data
	// that hits them takes the branches guarded by such comparisons.
	Hints []any
	// Num is set when the path is an operand of arithmetic or of a
	// relational operator: numbers are then more likely.
	Num bool
}

// NewShape returns an empty shape (a root or a leaf).
func NewShape() *Shape { return &Shape{} }

// Field returns the shape of field k, creating it.
func (s *Shape) Field(k string) *Shape {
	if f, ok := s.fields[k]; ok {
		return f
	}
	if s.fields == nil {
		s.fields = map[string]*Shape{}
	}
	f := &Shape{}
	s.fields[k] = f
	s.keys = append(s.keys, k)
	return f
}

// Fields lists the field names in first-use order.
func (s *Shape) Fields() []string { return s.keys }

// Items returns the item shape, creating it.
func (s *Shape) Items() *Shape {
	if s.Elem == nil {
		s.Elem = &Shape{}
	}
	return s.Elem
}

// Hint records a literal the path is compared with.
func (s *Shape) Hint(v any) {
	for _, h := range s.Hints {
		if h == v {
			return
		}
	}
	if len(s.Hints) < 16 {
		s.Hints = append(s.Hints, v)
	}
}

// Merge adds everything o records to s (o is not modified).
func (s *Shape) Merge(o *Shape) {
	s.merge(o, 0)
}

func (s *Shape) merge(o *Shape, depth int) {
	if o == nil || o == s || depth > 12 {
		return
	}
	for _, k := range o.keys {
		s.Field(k).merge(o.fields[k], depth+1)
	}
	if o.Elem != nil {
		s.Items().merge(o.Elem, depth+1)
	}
	for _, h := range o.Hints {
		s.Hint(h)
	}
	s.Num = s.Num || o.Num
}

// Paths lists the shape as dotted paths ("a.b", "list[].id", "n#num",
// "t=\"x\"") for tests and reports, sorted.
func (s *Shape) Paths() []string {
	var out []string
	var walk func(s *Shape, p string, depth int)
	walk = func(s *Shape, p string, depth int) {
		if depth > 8 {
			return
		}
		if p != "" {
			out = append(out, p)
			if s.Num {
				out = append(out, p+"#num")
			}
			for _, h := range s.Hints {
				out = append(out, p+"="+string(Marshal(h)))
			}
		}
		for _, k := range s.keys {
			q := k
			if p != "" {
				q = p + "." + k
			}
			walk(s.fields[k], q, depth+1)
		}
		if s.Elem != nil {
			walk(s.Elem, p+"[]", depth+1)
		}
	}
	walk(s, "", 0)
	sort.Strings(out)
	return out
}

// Data returns n data sets (JSON object texts) for the root shape s,
// deterministic per seed. Every path gets strings (empty, numeric-looking,
// CJK, markup), numbers (0, negative, fractional, large), booleans, null or
// nothing; lists get arrays of 0-4 items (sometimes an object, a number or
// a string, which wx:for also iterates); hinted paths often get their hint.
func Data(s *Shape, seed int64, n int) [][]byte {
	out := make([][]byte, 0, n)
	for i := 0; i < n; i++ {
		r := newRand(seed, int64(i))
		g := &dataGen{r: r}
		out = append(out, Marshal(g.object(s, 0)))
	}
	return out
}

func newRand(seed, stream int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), uint64(stream)*0x9e3779b97f4a7c15+1))
}

type dataGen struct {
	r *rand.Rand
}

const maxDataDepth = 7

// object makes an object with the fields of s; each field is left out now
// and then ("missing" is the commonest value in real data).
func (g *dataGen) object(s *Shape, depth int) *Obj {
	o := &Obj{}
	for _, k := range s.keys {
		if g.r.IntN(10) == 0 {
			continue
		}
		o.Set(k, g.value(s.fields[k], depth+1))
	}
	if g.r.IntN(8) == 0 {
		o.Set(pick(g.r, extraKeys), g.scalar(nil))
	}
	return o
}

var extraKeys = []string{"extra", "2", "_x", "k1"}

// value makes one value for a path of shape s.
func (g *dataGen) value(s *Shape, depth int) any {
	if depth > maxDataDepth {
		return g.scalar(s)
	}
	r := g.r
	switch {
	case s.Elem != nil:
		switch p := r.IntN(100); {
		case p < 72:
			return g.array(s.Elem, depth)
		case p < 80:
			o := &Obj{}
			for i, m := 0, r.IntN(4); i < m; i++ {
				o.Set(pick(r, loopKeys), g.value(s.Elem, depth+1))
			}
			return o
		case p < 86:
			return pick(r, loopNumbers)
		case p < 92:
			return pick(r, loopStrings)
		case p < 96:
			return nil
		default:
			return g.scalar(s)
		}
	case len(s.keys) > 0:
		switch p := r.IntN(100); {
		case p < 86:
			return g.object(s, depth)
		case p < 92:
			return nil
		default:
			return g.scalar(s)
		}
	default:
		return g.scalar(s)
	}
}

// array makes 0-4 items of shape elem.
func (g *dataGen) array(elem *Shape, depth int) []any {
	n := [...]int{0, 1, 1, 2, 2, 3, 3, 4}[g.r.IntN(8)]
	a := make([]any, n)
	for i := range a {
		if len(elem.keys) > 0 || elem.Elem != nil {
			a[i] = g.value(elem, depth+1)
		} else {
			a[i] = g.scalar(elem)
		}
	}
	return a
}

// Integer-like keys come first in JS property order whatever their
// position: a good test of object iteration.
var loopKeys = []string{"a", "b", "k1", "2", "10", "0", "x-y", "中"}

var loopNumbers = []any{0.0, 1.0, 3.0, 2.5, -1.0}

var loopStrings = []any{"ab", "", "你好", "x y"}

var (
	strings_ = []any{
		"", "a", "hello world", "0", "1", "-1", "1.5", "007", "true", "false", "null",
		"undefined", "你好", "中文 字符", " x ", "<b>&amp;</b>", "a\nb", "tab\tx", "primary",
		"t-class", "{{x}}", "\\n", "😀",
	}
	numbers = []any{
		0.0, 1.0, 2.0, 3.0, 7.0, -1.0, -2.5, 0.5, 1.25, 99.0, 100.0, 120.0, 1e21,
		123456789.0, 0.30000000000000004, 1e-7, negZero, 16000.5,
	}
)

// scalar makes a leaf value: a hint half of the time when there are hints,
// else any JSON scalar, now and then a small array or object.
func (g *dataGen) scalar(s *Shape) any {
	r := g.r
	if s != nil && len(s.Hints) > 0 && r.IntN(2) == 0 {
		return s.Hints[r.IntN(len(s.Hints))]
	}
	if s != nil && s.Num && r.IntN(2) == 0 {
		return pick(r, numbers)
	}
	switch p := r.IntN(100); {
	case p < 35:
		return pick(r, strings_)
	case p < 65:
		return pick(r, numbers)
	case p < 80:
		return r.IntN(2) == 0
	case p < 88:
		return nil
	case p < 94:
		a := make([]any, r.IntN(3))
		for i := range a {
			a[i] = pick(r, numbers)
		}
		return a
	default:
		o := &Obj{}
		o.Set("k", pick(r, strings_))
		if r.IntN(2) == 0 {
			o.Set("n", pick(r, numbers))
		}
		return o
	}
}

// negZero is -0 (a Go constant -0.0 is +0).
var negZero = math.Copysign(0, -1)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// Pin replaces the values of the given top-level keys in a data set (JSON
// object text) — used for corpus files whose wxs loops forever on some
// inputs (see the parity suite). Keys not in the set are added.
func Pin(data []byte, pins *Obj) []byte {
	if pins == nil || len(pins.Keys) == 0 {
		return data
	}
	o, ok := parseObj(data)
	if !ok {
		return data
	}
	for i, k := range pins.Keys {
		o.Set(k, pins.Vals[i])
	}
	return Marshal(o)
}

// parseObj reads a JSON object keeping its key order.
func parseObj(data []byte) (*Obj, bool) {
	v, err := Unmarshal(data)
	o, isObj := v.(*Obj)
	return o, err == nil && isObj
}
