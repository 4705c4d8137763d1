package wxml

import "github.com/mpc-dev/mpc/diag"

// Expr is a parsed {{ }} expression (wcc's grammar, NOTES.md §4.12).
// Every node records the byte range it came from.
type Expr interface {
	ExprRange() diag.Range
}

// EEmpty is an empty mustache `{{}}` (renders as "" in text).
type EEmpty struct{ Range diag.Range }

// ENumber is a numeric literal. A leading 0 means octal ("00012" is 10).
type ENumber struct {
	Range diag.Range
	Value float64
	Raw   string
}

// EString is a string literal, escapes already resolved for its context
// (text and attribute values differ, NOTES.md §4.4).
type EString struct {
	Range diag.Range
	Value string
}

// EBool is true or false.
type EBool struct {
	Range diag.Range
	Value bool
}

// ENull is null.
type ENull struct{ Range diag.Range }

// EIdent is a data lookup by name (also undefined, NaN, Infinity, this).
type EIdent struct {
	Range diag.Range
	Name  string
}

// EDot is Target.Name.
type EDot struct {
	Range  diag.Range
	Target Expr
	Name   string
}

// EIndex is Target[Index].
type EIndex struct {
	Range  diag.Range
	Target Expr
	Index  Expr
}

// ECall is Target(Args...): only wxs functions are callable at runtime.
type ECall struct {
	Range  diag.Range
	Target Expr
	Args   []Expr
}

// EUnary is Op X with Op one of "!", "-", "~".
type EUnary struct {
	Range diag.Range
	Op    string
	X     Expr
}

// EBinary is L Op R with Op one of * / % + - << >> < > <= >= == != === !==
// & ^ | && ||.
type EBinary struct {
	Range diag.Range
	Op    string
	L, R  Expr
}

// ECond is Test ? Yes : No.
type ECond struct {
	Range         diag.Range
	Test, Yes, No Expr
}

// EArray is [Items...]. Spread is not allowed in arrays.
type EArray struct {
	Range diag.Range
	Items []Expr
}

// EObject is an object literal {k: v, k2, ...o}; also the body of a
// template's data attribute.
type EObject struct {
	Range diag.Range
	Props []Property
}

// Property is one entry of an object literal.
//   - Spread: `...Value` (Key is "")
//   - Shorthand: `k` (Value is an *EIdent named k)
//   - otherwise `k: Value`
type Property struct {
	Range     diag.Range
	Key       string
	Value     Expr
	Spread    bool
	Shorthand bool
}

func (e *EEmpty) ExprRange() diag.Range  { return e.Range }
func (e *ENumber) ExprRange() diag.Range { return e.Range }
func (e *EString) ExprRange() diag.Range { return e.Range }
func (e *EBool) ExprRange() diag.Range   { return e.Range }
func (e *ENull) ExprRange() diag.Range   { return e.Range }
func (e *EIdent) ExprRange() diag.Range  { return e.Range }
func (e *EDot) ExprRange() diag.Range    { return e.Range }
func (e *EIndex) ExprRange() diag.Range  { return e.Range }
func (e *ECall) ExprRange() diag.Range   { return e.Range }
func (e *EUnary) ExprRange() diag.Range  { return e.Range }
func (e *EBinary) ExprRange() diag.Range { return e.Range }
func (e *ECond) ExprRange() diag.Range   { return e.Range }
func (e *EArray) ExprRange() diag.Range  { return e.Range }
func (e *EObject) ExprRange() diag.Range { return e.Range }
