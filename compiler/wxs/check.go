package wxs

import (
	"strings"

	"github.com/dop251/goja/ast"
	jstoken "github.com/dop251/goja/token"
)

// wccReserved are the words wcc's WXS parser never takes as a property
// name (`a.default`, `{true: 1}`) — its keywords and the globals it keeps;
// `in`, `instanceof`, `new`, `try`, `with`, ... are fine there.
var wccReserved = map[string]bool{
	"var": true, "function": true, "return": true, "if": true, "else": true, "for": true, "while": true,
	"do": true, "break": true, "continue": true, "switch": true, "case": true, "default": true,
	"true": true, "false": true, "null": true, "typeof": true, "this": true, "void": true, "delete": true,
	"arguments": true, "require": true, "undefined": true, "NaN": true, "Infinity": true,
	"Math": true, "Number": true, "Date": true,
}

// wccUndeclarable are the names wcc refuses as a variable, parameter or
// function name.
var wccUndeclarable = map[string]bool{
	"arguments": true, "require": true, "undefined": true, "NaN": true, "Infinity": true,
	"Math": true, "Number": true, "Date": true,
}

// checker walks goja's AST for what wcc's WXS parser rejects although it
// is valid JavaScript (each rule observed with the oracle).
type checker struct {
	code   string
	toks   []token
	report func(start, end int, text string)
	fn     int // function nesting depth
	// where return arguments start: wcc parses `return Number(x) ...`
	// (a call first) but no other call of Number, Math or Date
	returns map[int]bool
	// where wcc's parser takes `{a, b}` (see shorthand) and the array
	// patterns of `[a, b] = c`, marked by their parent
	slots map[ast.Node]bool
	// offsets of the '(' of calls
	calls map[int]bool
}

// slot marks x, when it is an object literal or an array or object
// pattern, as standing where wcc accepts it.
func (c *checker) slot(x ast.Expression) {
	switch x.(type) {
	case *ast.ObjectLiteral, *ast.ArrayPattern, *ast.ObjectPattern:
		if c.slots == nil {
			c.slots = map[ast.Node]bool{}
		}
		c.slots[x] = true
	}
}

// before is the significant token before the one starting at off: its
// text and offset ("", -1 if none).
func (c *checker) before(off int) (string, int) {
	if i := tokenStarting(c.toks, off); i >= 0 {
		if p := prevSig(c.toks, i-1); p >= 0 {
			return c.code[c.toks[p].start:c.toks[p].end], c.toks[p].start
		}
	}
	return "", -1
}

// after is the text of the significant token after the one ending at off.
func (c *checker) after(off int) string {
	if i := tokenEnding(c.toks, off); i >= 0 {
		if n := nextSig(c.toks, i+1); n >= 0 {
			return c.code[c.toks[n].start:c.toks[n].end]
		}
	}
	return ""
}

func (c *checker) at(n ast.Node, text string) {
	c.report(int(n.Idx0())-1, int(n.Idx1())-1, text)
}

// enter checks n; walkAST calls the function it returns after n's children.
func (c *checker) enter(n ast.Node) func() {
	c.node(n)
	switch n.(type) {
	case *ast.FunctionLiteral, *ast.ArrowFunctionLiteral:
		c.fn++
		return func() { c.fn-- }
	}
	return nil
}

func (c *checker) node(n ast.Node) {
	switch n := n.(type) {
	case *ast.LabelledStatement:
		c.at(n.Label, "labels are not supported in WXS")
	case *ast.WithStatement:
		c.report(int(n.With)-1, int(n.With)+3, "`with` is not supported in WXS")
	case *ast.DoWhileStatement:
		if _, block := n.Body.(*ast.BlockStatement); !block {
			c.at(n.Body, "the body of do...while must be a block { } in WXS")
		}
	case *ast.ThrowStatement:
		if c.fn == 0 {
			c.report(int(n.Throw)-1, int(n.Throw)+4, "`throw` outside a function is not supported in WXS")
		}
	case *ast.ForLoopInitializerVarDeclList:
		if len(n.List) > 1 {
			// wcc emits `var a = 0, var b = 1` here: a page that never loads
			c.at(n.List[1].Target, "WXS allows one variable in `for (var ...;`; declare the others before the loop")
		}
	case *ast.ForOfStatement:
		c.report(int(n.For)-1, int(n.For)+2, "for...of is not supported in WXS (ES5 only)")
	case *ast.BinaryExpression:
		switch n.Operator {
		case jstoken.IN:
			c.at(n, "the `in` operator is not supported in WXS")
		case jstoken.INSTANCEOF:
			c.at(n, "`instanceof` is not supported in WXS; compare x.constructor with a type name")
		}
	case *ast.PropertyKeyed:
		switch {
		case n.Computed:
			c.at(n.Key, "computed property keys are not supported in WXS (ES5 only)")
		case n.Kind == ast.PropertyKindGet || n.Kind == ast.PropertyKindSet:
			c.at(n, "getters and setters are not supported in WXS")
		case n.Kind == ast.PropertyKindMethod:
			c.at(n, "method shorthand is not supported in WXS; use `name: function () {...}`")
		}
	case *ast.AssignExpression:
		// wcc reads `[a, b] = c` as an array literal assigned to, and
		// prints it as it is: V8 destructures
		if _, ok := n.Left.(*ast.ArrayPattern); ok && n.Operator == jstoken.ASSIGN {
			c.slot(n.Left)
		}
	case *ast.ArrayPattern:
		if !c.slots[n] || n.Rest != nil {
			c.at(n, "destructuring is not supported in WXS (ES5 only)")
		}
		for _, e := range n.Elements {
			c.slot(e) // array literals and {a, b} inside
		}
	case *ast.ObjectPattern:
		if !c.slots[n] || n.Rest != nil {
			c.at(n, "destructuring is not supported in WXS (ES5 only)")
		}
		c.shorthand(n, n.Properties, true)
	case *ast.ObjectLiteral:
		// a '(' that is not a call's makes wcc read a statement: ({a}) is an error
		p, at := c.before(int(n.LeftBrace) - 1)
		c.shorthand(n, n.Value, c.slots[n] && (p != "(" || c.calls[at]))
	case *ast.DotExpression:
		c.fnMember(n.Left)
	case *ast.BracketExpression:
		c.fnMember(n.Left)
	case *ast.ArrayLiteral:
		for _, e := range n.Value {
			c.slot(e)
		}
	case *ast.ConditionalExpression:
		c.slot(n.Consequent)
		c.slot(n.Alternate)
	case *ast.ThisExpression:
		c.at(n, "`this` is not supported in WXS")
	case *ast.LexicalDeclaration:
		if n.Token == jstoken.CONST {
			c.report(int(n.Idx)-1, int(n.Idx)+4, "`const` is not supported in WXS (ES5 only); use `var`")
		} else {
			c.report(int(n.Idx)-1, int(n.Idx)+2, "`let` is not supported in WXS (ES5 only); use `var`")
		}
	case *ast.ClassLiteral:
		c.report(int(n.Class)-1, int(n.Class)+4, "classes are not supported in WXS (ES5 only)")
	case *ast.TryStatement:
		c.report(int(n.Try)-1, int(n.Try)+2, "try/catch is not supported in WXS")
	case *ast.NewExpression:
		c.report(int(n.New)-1, int(n.New)+2, "`new` is not supported in WXS; use getDate() / getRegExp()")
	case *ast.MetaProperty:
		c.at(n, "`new` is not supported in WXS")
	case *ast.FunctionLiteral:
		switch {
		case n.Generator:
			c.at(n, "generators are not supported in WXS")
		case n.Async:
			c.at(n, "async functions are not supported in WXS")
		}
		if n.Name != nil {
			c.declared(n.Name)
		}
		c.params(n.ParameterList)
	case *ast.ArrowFunctionLiteral:
		if n.Async {
			c.at(n, "async functions are not supported in WXS")
		}
	case *ast.SwitchStatement:
		if n.RightBrace == 0 {
			// goja's parser lets a switch run to the end of the input
			c.report(len(c.code), len(c.code), "WXS syntax error: Unexpected end of input (the switch has no `}`)")
		}
		if n.Default == 0 || n.Default >= 0 && n.Default != len(n.Body)-1 {
			c.at(n.Body[n.Default], "in WXS `default:` must be the last clause of a switch, after a case")
		}
		for _, cs := range n.Body {
			if cs.Test != nil && !simpleCase(cs.Test) {
				c.at(cs.Test, "a WXS case label must be one literal or variable")
			}
		}
	case *ast.VariableStatement:
		for _, b := range n.List {
			if id, ok := b.Target.(*ast.Identifier); ok {
				c.declared(id)
			}
		}
		c.terminated(n, "var")
	case *ast.ReturnStatement:
		if n.Argument == nil {
			c.terminated(n, "return")
		} else {
			c.slot(n.Argument)
			if c.returns == nil {
				c.returns = map[int]bool{}
			}
			c.returns[int(n.Argument.Idx0())] = true
		}
	case *ast.CallExpression:
		if c.calls == nil {
			c.calls = map[int]bool{}
		}
		c.calls[int(n.LeftParenthesis)-1] = true
		for _, a := range n.ArgumentList {
			c.slot(a)
		}
		if id, ok := n.Callee.(*ast.Identifier); ok && (id.Name == "Number" || id.Name == "Math" || id.Name == "Date") && !c.returns[int(n.Idx0())] {
			c.at(n, "`"+string(id.Name)+"` cannot be called in WXS here (WeChat's compiler accepts it only right after `return`)")
		}
	case *ast.UnaryExpression:
		if op := n.Operator.String(); n.Operator == jstoken.MINUS || n.Operator == jstoken.PLUS {
			// wcc prints `- -x` as `--x`: a decrement (or a page that
			// does not load for `- -1`)
			if next := c.after(int(n.Idx)); next == op || next == op+op {
				c.at(n, "wcc compiles `"+op+" "+op+"x` as `"+op+op+"x`; write "+op+"("+op+"x)")
			}
		}
		if id, ok := n.Operand.(*ast.Identifier); ok && n.Operator == jstoken.TYPEOF && id.Name == "arguments" {
			c.at(n, "`typeof arguments` is not supported in WXS")
		}
		if _, ok := n.Operand.(*ast.StringLiteral); ok && n.Operator == jstoken.VOID {
			c.at(n, "`void` of a string is not supported in WXS")
		}
	case *ast.Identifier:
		if n.Name == "arguments" && c.fn == 0 {
			c.at(n, "`arguments` outside a function is not supported in WXS")
		}
	}
}

// shorthand: wcc reads `{a, b}` as a braced expression, not as an object
// literal, and prints it as it is (V8 then reads the shorthand object).
// So `{a}` cannot mix with `key: value`, and stands only where wcc takes
// such an expression (inSlot): an array element, a call argument, after
// `return`, a property value, a branch of `?:`; not after `=`, `(` or an
// operator.
func (c *checker) shorthand(n ast.Node, props []ast.Property, inSlot bool) {
	short, keyed := 0, 0
	for _, p := range props {
		if s, ok := p.(*ast.PropertyShort); ok {
			short++
			if s.Initializer != nil {
				c.at(n, "a default value in an object is not supported in WXS")
				return
			}
		} else {
			keyed++
		}
	}
	for _, p := range props {
		if p, ok := p.(*ast.PropertyKeyed); ok {
			c.slot(p.Value)
		}
	}
	switch {
	case short > 0 && keyed > 0:
		c.at(n, "WXS does not mix shorthand properties ({a}) with `key: value` ones; write `a: a`")
	case short > 0 && !inSlot:
		c.at(n, "a shorthand object ({a}) is not accepted by WeChat's compiler here; write {a: a}")
	}
}

// fnMember: wcc takes no member of a function literal (`function () {}.x`,
// `function () {}[k]`) unless it is in parentheses.
func (c *checker) fnMember(x ast.Expression) {
	if f, ok := x.(*ast.FunctionLiteral); ok {
		if next := c.after(int(f.Idx1()) - 1); next == "." || next == "[" {
			c.at(f, "a member of a function literal needs parentheses in WXS: (function () {...}).x")
		}
	}
}

func (c *checker) declared(id *ast.Identifier) {
	if wccUndeclarable[string(id.Name)] {
		c.at(id, "`"+string(id.Name)+"` cannot be declared in WXS")
	}
}

func (c *checker) params(l *ast.ParameterList) {
	if l == nil {
		return
	}
	defaults := false
	for _, b := range l.List {
		defaults = defaults || b.Initializer != nil
	}
	for i, b := range l.List {
		id, ok := b.Target.(*ast.Identifier)
		if !ok {
			continue
		}
		c.declared(id)
		for _, o := range l.List[:i] {
			if od, ok := o.Target.(*ast.Identifier); ok && defaults && od.Name == id.Name {
				// JavaScript forbids it; wcc lowers defaults to ES5
				// assignments, which hide the conflict
				c.at(id, "duplicate parameter `"+string(id.Name)+"` in a function with default values")
				break
			}
		}
	}
}

// terminated: wcc ends a var or a bare return only at ';' or a line
// break, not at the '}' that closes the block.
func (c *checker) terminated(n ast.Node, what string) {
	i := int(n.Idx1()) - 1
	for i < len(c.code) {
		switch ch := c.code[i]; {
		case ch == ' ' || ch == '\t':
			i++
		case strings.HasPrefix(c.code[i:], "/*"):
			// its line breaks were blanked: no line break for wcc
			end := strings.Index(c.code[i+2:], "*/")
			if end < 0 {
				return
			}
			i += end + 4
		case ch == '}':
			c.report(i, i+1, "in WXS a `"+what+"` statement needs a `;` or a line break before `}`")
			return
		default:
			return
		}
	}
}

// simpleCase: wcc's case labels are one variable or literal (a number may
// be negative).
func simpleCase(e ast.Expression) bool {
	switch e := e.(type) {
	case *ast.Identifier, *ast.NumberLiteral, *ast.StringLiteral, *ast.BooleanLiteral, *ast.NullLiteral:
		return true
	case *ast.UnaryExpression:
		_, num := e.Operand.(*ast.NumberLiteral)
		return num && (e.Operator == jstoken.MINUS || e.Operator == jstoken.PLUS)
	}
	return false
}
