package wxss

import (
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

// TokenKind is the kind of a CSS token. The values mirror the token types of
// the tdewolff CSS lexer, which does the tokenizing; the parser and printer
// only see these.
type TokenKind uint8

const (
	TEOF TokenKind = iota
	TIdent
	TFunction // "name(" — the matching ')' is a separate token
	TAtKeyword
	THash
	TString
	TBadString // a string cut by a newline
	TURL       // url(...) in one token, quoted or not
	TBadURL
	TDelim
	TNumber
	TPercentage
	TDimension
	TUnicodeRange
	TMatch // ~= |= ^= $= *=
	TColumn
	TWhitespace
	TCDO
	TCDC
	TColon
	TSemicolon
	TComma
	TOpenBracket
	TCloseBracket
	TOpenParen
	TCloseParen
	TOpenBrace
	TCloseBrace
	TComment
)

var kindNames = [...]string{"end of file", "identifier", "function", "at-keyword", "hash", "string",
	"bad string", "url", "bad url", "delimiter", "number", "percentage", "dimension", "unicode range",
	"match", "column", "whitespace", "<!--", "-->", "':'", "';'", "','", "'['", "']'", "'('", "')'",
	"'{'", "'}'", "comment"}

func (k TokenKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "token"
}

// Token is one token: its kind and byte range in the source. Tokens hold no
// pointers, so the garbage collector never scans the token arrays; the text
// is Text(source).
type Token struct {
	Start, Stop int32
	Kind        TokenKind
}

// End is the offset just past the token.
func (t Token) End() int32 { return t.Stop }

// Text returns the token's text in src (the contents of the file it was
// read from, e.g. Stylesheet.Source.Contents).
func (t Token) Text(src string) string { return src[t.Start:t.Stop] }

var kindOf = [...]TokenKind{
	css.ErrorToken:               TEOF,
	css.IdentToken:               TIdent,
	css.FunctionToken:            TFunction,
	css.AtKeywordToken:           TAtKeyword,
	css.HashToken:                THash,
	css.StringToken:              TString,
	css.BadStringToken:           TBadString,
	css.URLToken:                 TURL,
	css.BadURLToken:              TBadURL,
	css.DelimToken:               TDelim,
	css.NumberToken:              TNumber,
	css.PercentageToken:          TPercentage,
	css.DimensionToken:           TDimension,
	css.UnicodeRangeToken:        TUnicodeRange,
	css.IncludeMatchToken:        TMatch,
	css.DashMatchToken:           TMatch,
	css.PrefixMatchToken:         TMatch,
	css.SuffixMatchToken:         TMatch,
	css.SubstringMatchToken:      TMatch,
	css.ColumnToken:              TColumn,
	css.WhitespaceToken:          TWhitespace,
	css.CDOToken:                 TCDO,
	css.CDCToken:                 TCDC,
	css.ColonToken:               TColon,
	css.SemicolonToken:           TSemicolon,
	css.CommaToken:               TComma,
	css.LeftBracketToken:         TOpenBracket,
	css.RightBracketToken:        TCloseBracket,
	css.LeftParenthesisToken:     TOpenParen,
	css.RightParenthesisToken:    TCloseParen,
	css.LeftBraceToken:           TOpenBrace,
	css.RightBraceToken:          TCloseBrace,
	css.CommentToken:             TComment,
	css.EmptyToken:               TWhitespace,
	css.CustomPropertyNameToken:  TIdent,
	css.CustomPropertyValueToken: TIdent,
}

// tokenize lexes src[from:] into tokens with absolute offsets, ending with a
// TEOF token at len(src). Every byte belongs to exactly one token.
func tokenize(src string, from int, out []Token) []Token {
	in := parse.NewInputString(src[from:])
	lx := css.NewLexer(in)
	pos := from
	for {
		tt, data := lx.Next()
		if tt == css.ErrorToken || len(data) == 0 {
			if pos < len(src) && tt != css.ErrorToken {
				// Defensive: a zero-length token would loop forever.
				out = append(out, Token{Start: int32(pos), Stop: int32(pos + 1), Kind: TDelim})
				pos++
				continue
			}
			if pos < len(src) {
				// The lexer stopped early (it should not): keep the rest as
				// one delimiter-ish token so that no byte is lost.
				out = append(out, Token{Start: int32(pos), Stop: int32(len(src)), Kind: TDelim})
				pos = len(src)
			}
			break
		}
		k := TDelim
		if int(tt) < len(kindOf) {
			k = kindOf[tt]
		}
		end := pos + len(data)
		out = append(out, Token{Start: int32(pos), Stop: int32(end), Kind: k})
		pos = end
	}
	return append(out, Token{Start: int32(len(src)), Stop: int32(len(src)), Kind: TEOF})
}
