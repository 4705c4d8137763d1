// Package wxml parses WXML into an AST and prints it back as minified WXML.
//
// The AST keeps byte ranges into the source (diag.Range) and gives the
// structure wcc gives the markup: wx:if/wx:elif/wx:else chains and wx:for
// loops are wrapper nodes, <template name> definitions, <import> and <wxs>
// declarations are hoisted out of the tree into File, and every {{ }} is a
// parsed expression. The parser never fails: it records diagnostics in a
// diag.Log and returns what it could read.
package wxml

import "github.com/mpc-dev/mpc/diag"

// File is one parsed .wxml file.
type File struct {
	Source *diag.Source

	// Nodes are the top-level nodes in source order, without template
	// definitions, imports and wxs declarations (those are hoisted below).
	Nodes []Node

	// Templates are the <template name="..."> definitions anywhere in the
	// file (also inside elements and false wx:if branches), in source order;
	// for a repeated name the last one wins.
	Templates []*TemplateDef

	// Imports are the <import src> declarations anywhere in the file, in
	// source order. An <import> carrying wx:if or wx:for imports nothing and
	// is not listed (wcc behaviour).
	Imports []*Import

	// Wxs are the <wxs module="..."> declarations (inline or src), in
	// source order; for a repeated module name the last one wins. A <wxs>
	// without a module attribute is an ordinary Element instead.
	Wxs []*WxsModule
}

// Node is one of *Element, *Text, *IfChain, *For, *TemplateCall, *Include.
type Node interface {
	NodeRange() diag.Range
}

// Element is an ordinary element: a built-in tag, a custom component, a
// <slot>, or a <block> (Tag == "block", rendered as its children only).
type Element struct {
	Range     diag.Range // from '<' to the end of the end tag (or "/>")
	NameRange diag.Range
	Tag       string // as written (case kept)
	// Attrs are the attributes in source order, duplicates included, minus
	// the directives the parser turned into structure (wx:if, wx:elif,
	// wx:else, wx:for, wx:for-items, wx:for-item, wx:for-index, wx:key).
	// Other wx: attributes stay here; the code generator drops them.
	Attrs       []*Attr
	Children    []Node
	SelfClosing bool
}

// Attr is one attribute. Value is nil for a valueless attribute
// (`<view hidden>`), which renders as boolean true.
type Attr struct {
	Range     diag.Range // the whole attribute, name through closing quote
	NameRange diag.Range
	Name      string // as written: rewriting (camelCase, model:, generic:) is the code generator's job
	Value     *Value
}

// Text is a run of character data between tags. Runs that are only
// whitespace (space, \t, \n, \r) are not in the tree. A comment ends a run,
// so "a<!-- c -->b" is two Text nodes, as in wcc.
type Text struct {
	Range diag.Range
	Value *Value // literal parts already have \r\n -> \n and wcc's text escapes applied
}

// Value is an attribute value or text: literal strings and {{ }} parts.
type Value struct {
	Range diag.Range // the value without its quotes
	Parts []Part
}

// Part is a literal string (Expr == nil) or a mustache (Expr != nil; for
// an empty mustache `{{}}` Expr is *EEmpty).
type Part struct {
	Range   diag.Range
	Literal string // the literal text, escapes resolved as wcc does in this context
	Expr    Expr
}

// Single returns the expression when the value is exactly one mustache and
// nothing else (then the attribute gets the raw value, not a string).
func (v *Value) Single() Expr {
	if v != nil && len(v.Parts) == 1 && v.Parts[0].Expr != nil {
		return v.Parts[0].Expr
	}
	return nil
}

// IsStatic reports whether the value has no mustache.
func (v *Value) IsStatic() bool {
	for _, p := range v.Parts {
		if p.Expr != nil {
			return false
		}
	}
	return true
}

// StaticString returns the concatenated literal parts (for static values).
func (v *Value) StaticString() string {
	s := ""
	for _, p := range v.Parts {
		s += p.Literal
	}
	return s
}

// IfChain is a run of adjacent sibling nodes carrying wx:if, then any
// wx:elif, then at most one wx:else (whitespace and comments between them
// allowed). The first branch whose condition is truthy renders.
type IfChain struct {
	Range    diag.Range
	Branches []*IfBranch
}

// IfBranch is one branch; Cond is nil for wx:else.
type IfBranch struct {
	AttrRange diag.Range // the wx:if / wx:elif / wx:else attribute
	Kind      string     // "wx:if", "wx:elif" or "wx:else"
	Cond      *Value     // nil for wx:else
	Body      Node       // the element (or template call, include) without the directive
}

// For is a node carrying wx:for (or its alias wx:for-items). The loop is
// outside any wx:if of the same element: Body may be an *IfChain holding a
// single wx:if branch, evaluated per item.
type For struct {
	Range     diag.Range
	AttrRange diag.Range // the wx:for attribute
	List      *Value     // wx:for's value (a non-mustache value is a string)
	Item      string     // wx:for-item, default "item"
	Index     string     // wx:for-index, default "index"
	Key       string     // wx:key as written ("" when absent)
	HasKey    bool
	KeyRange  diag.Range
	Body      Node
}

// TemplateDef is <template name="n">children</template>.
type TemplateDef struct {
	Range     diag.Range
	Name      string
	NameRange diag.Range
	Children  []Node
}

// TemplateCall is <template is="..." data="{{...}}"/>. Children of the tag
// and other attributes are ignored, as in wcc.
type TemplateCall struct {
	Range diag.Range
	Is    *Value // static name or expression
	// Data is the parsed body of the data object: `{{a, b: 1, ...o}}` is an
	// *EObject. nil when there is no data attribute.
	Data      *EObject
	DataRange diag.Range
	// DataText is set (and Data nil) when the data value has text around
	// its {{ }} (`data="{{a}} "`): wcc then passes the concatenated string
	// as the template's data (so {{length}} inside sees its length). Its
	// one mustache part holds the parsed body, an *EObject.
	DataText *Value
}

// Import is <import src="..."/>.
type Import struct {
	Range    diag.Range
	Src      string // as written
	SrcRange diag.Range
}

// Include is <include src="..."/>: renders the target's content in place.
type Include struct {
	Range    diag.Range
	Src      string // as written
	SrcRange diag.Range
	// TopLevel is set for an include that is a direct child of the file
	// root with no wx:if/wx:for: only those expose the templates the
	// included file imports (NOTES.md §4.9).
	TopLevel bool
}

// WxsModule is <wxs module="m">code</wxs> or <wxs module="m" src="x.wxs"/>.
type WxsModule struct {
	Range     diag.Range
	Module    string
	Src       string // "" for inline code
	SrcRange  diag.Range
	Code      string // inline code (raw text between the tags)
	CodeRange diag.Range
}

func (n *Element) NodeRange() diag.Range      { return n.Range }
func (n *Text) NodeRange() diag.Range         { return n.Range }
func (n *IfChain) NodeRange() diag.Range      { return n.Range }
func (n *For) NodeRange() diag.Range          { return n.Range }
func (n *TemplateCall) NodeRange() diag.Range { return n.Range }
func (n *Include) NodeRange() diag.Range      { return n.Range }
