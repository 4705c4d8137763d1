package wxss

import "github.com/mpc-dev/mpc/diag"

// Stylesheet is one parsed .wxss file.
type Stylesheet struct {
	Source *diag.Source

	// Rules are the top-level rules in source order: *StyleRule, *AtRule,
	// *Import.
	Rules []Rule

	// Imports are the top-level @import rules (the ones WeChat inlines), in
	// source order; the same pointers appear in Rules. An @import nested in
	// @media is not listed: wcsc leaves it in the output untouched.
	Imports []*Import

	// URLs are the local url(...) references of declaration values (not
	// http:, https:, protocol-relative or data: ones), in source order, so
	// that a bundler can follow assets.
	URLs []URLRef

	// Component is set when the sheet was parsed as a component's style
	// (ParseOptions.Component).
	Component bool
}

// Rule is one of *StyleRule, *AtRule, *Import.
type Rule interface {
	RuleRange() diag.Range
}

// StyleRule is `selectors { declarations }`.
type StyleRule struct {
	Range     diag.Range // selectors through the closing brace
	Selectors SelectorList
	Decls     []Decl
}

// AtRuleKind says what follows an at-rule's prelude.
type AtRuleKind uint8

const (
	// AtStatement ends with ';' (@charset).
	AtStatement AtRuleKind = iota
	// AtRules holds rules (@media, @supports, @keyframes).
	AtRules
	// AtDecls holds declarations (@font-face, @page, and any other at-rule
	// wcsc accepts: it reads them as a style rule whose selector starts with
	// the at-keyword).
	AtDecls
)

// AtRule is an at-rule other than @import.
type AtRule struct {
	Range     diag.Range
	Name      string // without '@', as written
	NameRange diag.Range
	Kind      AtRuleKind

	// Prelude is the text between the name and the block or ';' (leading
	// and trailing whitespace and comments dropped), for AtStatement and
	// AtRules. rpx in it is never converted (wcsc leaves media conditions
	// alone).
	Prelude []Token

	// Selectors is the prelude of an AtDecls rule (e.g. `:first` of
	// `@page :first`), parsed as a selector because that is what wcsc
	// does with it (so `@counter-style x` prints as `@counter-style wx-x`).
	Selectors SelectorList

	Rules []Rule // AtRules
	Decls []Decl // AtDecls
}

// Import is `@import "spec";`.
type Import struct {
	Range     diag.Range // @import through ';'
	Spec      string     // as written, without quotes
	SpecRange diag.Range // the string token
	// Path is the imported file (slash path from the mini program root, see
	// ResolveImport), resolved against Source.Path when parsing.
	Path string
	// Nested is set for an @import inside @media or another block: wcsc
	// neither resolves nor inlines it (it stays in the output as written).
	Nested bool
}

// URLRef is one local url(...) in a declaration value.
type URLRef struct {
	Range diag.Range // the url(...) token
	URL   string     // the address as written, without quotes
}

// Decl is one declaration `name: value`.
type Decl struct {
	Range     diag.Range
	Name      string // as written, including hacks like `_height`
	NameRange diag.Range
	// NoColon is set for a bare name (`.a { color }`), which wcsc accepts
	// and keeps.
	NoColon bool
	// Value holds the tokens after the colon, without leading and trailing
	// whitespace; whitespace and comments inside are kept as tokens (they
	// can separate tokens). `!important` is part of it.
	Value []Token
	// LocalURL is set when the value has a local url(...): wcsc then
	// treats the whole value as a url value and converts none of its rpx.
	LocalURL bool
}

// SelectorList is a comma-separated list of selectors.
type SelectorList struct {
	Range     diag.Range
	Selectors []ComplexSelector
	// TrailingComma is set for `.a, { }`, which wcsc accepts and keeps.
	TrailingComma bool
}

// ComplexSelector is compounds joined by combinators.
type ComplexSelector struct {
	Range     diag.Range
	Compounds []Compound
}

// Combinator joins a compound to the one before it.
type Combinator uint8

const (
	CombNone       Combinator = iota // first compound without a leading combinator
	CombDescendant                   // whitespace (or a comment: wcsc reads it as a space)
	CombChild                        // >
	CombNext                         // +
	CombSubsequent                   // ~
	CombDeep                         // /deep/ followed by whitespace
	// CombDeepTight is /deep/ directly followed by the next compound
	// (`.a/deep/.b`): wcsc's lexer then also eats that compound's first
	// character.
	CombDeepTight
)

// Compound is a sequence of simple selectors without whitespace. It can be
// empty only when the whole selector is a lone combinator target that the
// parser already reported.
type Compound struct {
	Combinator Combinator // before this compound; a leading `>` is allowed (`> .a`)
	Simples    []Simple
}

// SimpleKind is the kind of a simple selector.
type SimpleKind uint8

const (
	SelType          SimpleKind = iota // view, page, from, to
	SelPercentage                      // 50% (keyframes)
	SelClass                           // .a
	SelID                              // #a
	SelAttr                            // [a=b]
	SelPseudoClass                     // :hover, :not(...)
	SelPseudoElement                   // ::after
)

// Simple is one simple selector.
type Simple struct {
	Kind  SimpleKind
	Range diag.Range
	// Name is the type name, the class or id without '.'/'#', the pseudo
	// name without colons, the percentage text, or for SelAttr the whole
	// text inside the brackets.
	Name string
	// Func is set for a functional pseudo-class (`:not(...)`): its
	// argument.
	Func *FuncArg
	// Spaced records spaces inside a pseudo (`.a: hover`, `.a: :after`),
	// which wcsc accepts and keeps.
	Spaced PseudoSpace
}

// PseudoSpace says where a pseudo has a space wcsc keeps.
type PseudoSpace uint8

const (
	SpaceAfterColon    PseudoSpace = 1 << iota // `: hover`
	SpaceBetweenColons                         // `: :after`
)

// FuncArg is the argument of a functional pseudo-class.
type FuncArg struct {
	// Tokens are the tokens between the parentheses, whitespace included.
	Tokens []Token
	// Compound is the argument parsed as a selector, for the functions
	// whose argument is one (everything but :nth-*(An+B)); wcsc rewrites
	// classes and tags inside :not(...) only.
	Compound *Compound
	// SpacedParen is set for `:not (x)`, a space before the parenthesis
	// (wcsc accepts and keeps it).
	SpacedParen bool
}

func (r *StyleRule) RuleRange() diag.Range { return r.Range }
func (r *AtRule) RuleRange() diag.Range    { return r.Range }
func (r *Import) RuleRange() diag.Range    { return r.Range }
