package wxs

import (
	"github.com/dop251/goja/ast"
	jstoken "github.com/dop251/goja/token"
)

// WXS runs on V8 in WeChat (and in wcc's runtime); mpc renders on goja,
// whose loose equality and ToInt32 differ from the spec: "4.00" == 4 is
// false there, and 1e20 | 0 is 0 (V8: 1661992960). So the rewriter routes
// these operators through spec-exact helpers of the prelude:
//
//	a == b   ->  wxsEq_(a, b)          a != b  ->  wxsNe_(a, b)
//	a | b    ->  wxsI32_(a) | wxsI32_(b)   (also & ^ << >> >>>, ~a, x |= b)
//
// Operands that cannot hit the bugs (null and undefined in comparisons,
// int32 literals and results of other bitwise operators) are left alone.

// opEdits are text insertions around tokens and operator replacements, by
// token index, applied while the tokens are written out.
type opEdits struct {
	before  map[int]string // written before token i
	after   map[int]string // written after token i
	replace map[int]string // written instead of token i
}

func newOpEdits() *opEdits {
	return &opEdits{before: map[int]string{}, after: map[int]string{}, replace: map[int]string{}}
}

// needsOpEdits reports whether code has a token the edits could apply to,
// so that the AST is walked only then.
func needsOpEdits(code string, toks []token) bool {
	for _, t := range toks {
		if t.kind != tPunct {
			continue
		}
		switch code[t.start:t.end] {
		case "==", "!=", "|", "&", "^", "~", "<<", ">>", ">>>", "|=", "&=", "^=", "<<=", ">>=", ">>>=":
			return true
		}
	}
	return false
}

// newOpPlanner prepares the edits for code's tokens; its plan method is
// called for every node of the AST, outer nodes first.
func newOpPlanner(code string, toks []token) *opPlanner {
	p := &opPlanner{code: code, toks: toks, e: newOpEdits()}
	var stack []int
	p.match = make([]int, len(toks))
	for i, t := range toks {
		p.match[i] = -1
		if t.kind == tSpace {
			continue
		}
		if t.kind != tPunct {
			continue
		}
		switch code[t.start:t.end] {
		case "(":
			stack = append(stack, i)
		case ")":
			if n := len(stack); n > 0 {
				p.match[i], p.match[stack[n-1]] = stack[n-1], i
				stack = stack[:n-1]
			}
		}
	}
	return p
}

type opPlanner struct {
	code  string
	toks  []token
	e     *opEdits
	match []int // index of the matching parenthesis, or -1
}

// plan adds the opening edits of n and returns a function adding its
// closing ones, or nil.
func (p *opPlanner) plan(n ast.Node) func() {
	switch x := n.(type) {
	case *ast.BinaryExpression:
		switch x.Operator {
		case jstoken.EQUAL, jstoken.NOT_EQUAL:
			if nullish(x.Left) || nullish(x.Right) {
				return nil
			}
			ls, le, ok1 := p.span(x.Left)
			rs, re, ok2 := p.span(x.Right)
			op, ok3 := p.operator(le, rs, x.Operator.String())
			if !ok1 || !ok2 || !ok3 {
				return nil
			}
			fn := "wxsEq_("
			if x.Operator == jstoken.NOT_EQUAL {
				fn = "wxsNe_("
			}
			p.e.before[ls] += fn
			p.e.replace[op] = ","
			return func() { p.e.after[re] += ")" }
		case jstoken.AND, jstoken.OR, jstoken.EXCLUSIVE_OR, jstoken.SHIFT_LEFT, jstoken.SHIFT_RIGHT, jstoken.UNSIGNED_SHIFT_RIGHT:
			return p.wrapOperands(x.Left, x.Right)
		}
	case *ast.UnaryExpression:
		if x.Operator == jstoken.BITWISE_NOT {
			return p.wrapOperands(x.Operand)
		}
	case *ast.AssignExpression:
		switch x.Operator { // compound assignments carry the binary operator
		case jstoken.AND, jstoken.OR, jstoken.EXCLUSIVE_OR, jstoken.SHIFT_LEFT, jstoken.SHIFT_RIGHT, jstoken.UNSIGNED_SHIFT_RIGHT:
			// x |= y  ->  x = wxsI32_(x) | wxsI32_(y), when x can be
			// evaluated twice (a name or a.b.c); otherwise only y is fixed
			_, le, ok1 := p.span(x.Left)
			rs, re, ok2 := p.span(x.Right)
			lhs, simple := lhsText(x.Left)
			if !ok1 || !ok2 {
				return nil
			}
			op, found := p.operator(le, rs, x.Operator.String()+"=")
			if !simple || !found {
				return p.wrapOperands(x.Right)
			}
			p.e.replace[op] = "= wxsI32_(" + lhs + ") " + x.Operator.String()
			p.e.before[rs] += " wxsI32_("
			return func() { p.e.after[re] += ")" }
		}
	}
	return nil
}

// wrapOperands puts wxsI32_( ) around each operand that needs it.
func (p *opPlanner) wrapOperands(operands ...ast.Expression) func() {
	var ends []int
	for _, o := range operands {
		if int32Already(o) {
			continue
		}
		s, e, ok := p.span(o)
		if !ok {
			continue
		}
		p.e.before[s] += "wxsI32_("
		ends = append(ends, e)
	}
	if len(ends) == 0 {
		return nil
	}
	return func() {
		for _, e := range ends {
			p.e.after[e] += ")"
		}
	}
}

// span returns the first and last token of expression x, with the
// parentheses that belong to it: goja's AST drops them, so a node's
// offsets can sit inside "(" ")" pairs that are part of its text.
func (p *opPlanner) span(x ast.Expression) (first, last int, ok bool) {
	// the significant tokens starting and ending where x does (binary
	// search: a map of every token was a tenth of rewriting a module)
	first, last = tokenStarting(p.toks, int(x.Idx0())-1), tokenEnding(p.toks, int(x.Idx1())-1)
	if first < 0 || last < 0 || p.toks[first].kind == tSpace || p.toks[last].kind == tSpace || first > last {
		return 0, 0, false
	}
	for {
		prev, next := prevSig(p.toks, first-1), nextSig(p.toks, last+1)
		switch {
		case prev >= 0 && p.isPunct(prev, "(") && p.match[prev] >= 0 && p.match[prev] <= last:
			first = prev // "(f)(x)": the group is the start of x
		case next >= 0 && p.isPunct(next, ")") && p.match[next] >= first:
			last = next // "f(a)" ends inside: the group is the end of x
		case prev >= 0 && next >= 0 && p.isPunct(prev, "(") && p.match[prev] == next:
			first, last = prev, next // parentheses around x
		default:
			return first, last, true
		}
	}
}

// operator finds the operator token between the operands' tokens.
func (p *opPlanner) operator(leftLast, rightFirst int, op string) (int, bool) {
	for i := leftLast + 1; i < rightFirst; i++ {
		if p.isPunct(i, op) {
			return i, true
		}
	}
	return 0, false
}

func (p *opPlanner) isPunct(i int, s string) bool {
	t := p.toks[i]
	return t.kind == tPunct && p.code[t.start:t.end] == s
}

// nullish: comparisons with null or undefined are right in goja.
func nullish(x ast.Expression) bool {
	switch x := x.(type) {
	case *ast.NullLiteral:
		return true
	case *ast.Identifier:
		return x.Name == "undefined"
	}
	return false
}

// int32Already: goja converts these exactly.
func int32Already(x ast.Expression) bool {
	switch x := x.(type) {
	case *ast.NumberLiteral:
		f, isFloat := x.Value.(float64)
		i, isInt := x.Value.(int64)
		return isInt && i >= -1<<31 && i < 1<<31 || isFloat && f == float64(int32(f))
	case *ast.BinaryExpression:
		switch x.Operator {
		case jstoken.AND, jstoken.OR, jstoken.EXCLUSIVE_OR, jstoken.SHIFT_LEFT, jstoken.SHIFT_RIGHT:
			return true
		}
	case *ast.UnaryExpression:
		return x.Operator == jstoken.BITWISE_NOT
	}
	return false
}

// lhsText is x as the rewriter writes it, for a name or a chain of
// non-computed members (safe to evaluate twice).
func lhsText(x ast.Expression) (string, bool) {
	switch x := x.(type) {
	case *ast.Identifier:
		name := string(x.Name)
		if keywords[name] || keptGlobals[name] {
			return name, name != "arguments"
		}
		return "nv_" + name, true
	case *ast.DotExpression:
		obj, ok := lhsText(x.Left)
		return obj + ".nv_" + string(x.Identifier.Name), ok
	}
	return "", false
}
