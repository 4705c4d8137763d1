package wxs

import (
	"strings"

	"github.com/dop251/goja/ast"
	jstoken "github.com/dop251/goja/token"
)

// facts is what the token rewriter learns from goja's AST, in the same walk
// as the checks: which '[' open a member access (after `}` or `)` the
// tokens alone cannot tell: `{a: 1}["a"]`), the function declarations
// inside blocks, and the operands of delete that are not references.
//
// wcc keeps a function declared in a block as it is, and V8 runs it with
// the web semantics of ECMAScript Annex B.3.3: the name is also a variable
// of the enclosing function (undefined until the declaration is reached,
// then the function), while inside its block the function exists from
// the block's start. goja gives it only the block binding. So the rewriter
// declares that variable at the top of the function, with a setter defined
// there, and calls the setter right after the declaration:
//
//	function f() { if (x) { function g() {} } return g }
//	function nv_f() {...var nv_g;function wxsB_nv_g(f){nv_g=f} if (nv_x) { function nv_g() {}wxsB_nv_g(nv_g); } return nv_g }
//
// (V8 skips a name that is a parameter of the function; so does this.)
type facts struct {
	members map[int]bool // offsets of the '[' of computed member accesses
	scopes  []*fnScope   // enclosing functions, innermost last
	module  fnScope
	// per byte offset: text written after the token ending there, and
	// instead of the token starting there
	after, replace map[int]string
}

type fnScope struct {
	body   *ast.BlockStatement // nil for the module
	brace  int                 // offset of the body's '{'; -1 for the module
	params []string            // parameter names
	names  []string            // block-level function names hoisted to this scope
}

func newFacts() *facts { return &facts{module: fnScope{brace: -1}} }

// enter records what n tells; walkAST calls the function it returns after
// n's children.
func (f *facts) enter(n ast.Node) func() {
	switch n := n.(type) {
	case *ast.BracketExpression:
		if f.members == nil {
			f.members = map[int]bool{}
		}
		f.members[int(n.LeftBracket)-1] = true
	case *ast.FunctionLiteral:
		s := &fnScope{body: n.Body, brace: int(n.Body.LeftBrace) - 1}
		if n.ParameterList != nil {
			for _, b := range n.ParameterList.List {
				if id, ok := b.Target.(*ast.Identifier); ok {
					s.params = append(s.params, string(id.Name))
				}
			}
		}
		f.scopes = append(f.scopes, s)
		return func() {
			f.scopes = f.scopes[:len(f.scopes)-1]
			f.hoist(s)
		}
	case *ast.BlockStatement:
		if len(f.scopes) == 0 || f.scopes[len(f.scopes)-1].body != n {
			f.blockLevel(n.List)
		}
	case *ast.CaseStatement:
		f.blockLevel(n.Consequent)
	case *ast.UnaryExpression:
		// goja skips evaluating some operands of delete that are not
		// references (`delete !x` with x undeclared is true, not a
		// ReferenceError); V8 evaluates them and gives true
		switch n.Operand.(type) {
		case *ast.Identifier, *ast.DotExpression, *ast.BracketExpression:
		default:
			if n.Operator == jstoken.DELETE {
				if f.replace == nil {
					f.replace = map[int]string{}
				}
				f.replace[int(n.Idx)-1] = "("
				f.addAfter(int(n.Operand.Idx1())-1, ", true)")
			}
		}
	}
	return nil
}

// blockLevel handles the function declarations among a block's statements.
func (f *facts) blockLevel(list []ast.Statement) {
	s := &f.module
	if n := len(f.scopes); n > 0 {
		s = f.scopes[n-1]
	}
	for _, st := range list {
		d, ok := st.(*ast.FunctionDeclaration)
		if !ok || d.Function.Name == nil {
			continue
		}
		name := string(d.Function.Name.Name)
		if contains(s.params, name) {
			continue
		}
		if !contains(s.names, name) {
			s.names = append(s.names, name)
		}
		f.addAfter(int(d.Function.Idx1())-1, "wxsB_nv_"+name+"(nv_"+name+");")
	}
}

// hoist declares scope s's variables and setters after its body's '{'.
func (f *facts) hoist(s *fnScope) {
	if len(s.names) > 0 && s.brace >= 0 {
		f.addAfter(s.brace+1, s.decls())
	}
}

// decls is the variable and setter of each hoisted name.
func (s *fnScope) decls() string {
	var b strings.Builder
	for _, name := range s.names {
		b.WriteString("var nv_" + name + ";function wxsB_nv_" + name + "(f){nv_" + name + "=f}")
	}
	return b.String()
}

func (f *facts) addAfter(end int, text string) {
	if f.after == nil {
		f.after = map[int]string{}
	}
	f.after[end] += text
}

// apply adds the insertions to the edits, by token index.
func (f *facts) apply(toks []token, e *opEdits) {
	for end, text := range f.after {
		if i := tokenEnding(toks, end); i >= 0 {
			e.after[i] += text
		}
	}
	for start, text := range f.replace {
		if i := tokenStarting(toks, start); i >= 0 {
			e.replace[i] = text
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
