package wxml

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/mpc-dev/mpc/diag"
)

func parseExprString(s string) (Expr, *diag.Log) {
	log := &diag.Log{}
	return ParseExpr(log, &diag.Source{Path: "e", Contents: s}), log
}

// expectExpr checks the fully parenthesized dump of an expression, and
// that printing it and parsing the output gives the same dump.
func expectExpr(t *testing.T, in, want string) {
	t.Helper()
	e, log := parseExprString(in)
	if log.HasErrors() {
		t.Errorf("%q: %s", in, msgLines(log))
		return
	}
	if got := dumpExpr(e); got != want {
		t.Errorf("%q:\n got: %s\nwant: %s", in, got, want)
	}
	printed := PrintExpr(e)
	e2, log2 := parseExprString(printed)
	if log2.HasErrors() || dumpExpr(e2) != want {
		t.Errorf("%q printed as %q, which parses as %s %s", in, printed, dumpExpr(e2), msgLines(log2))
	}
}

// expectPrintedExpr checks the minified form of an expression.
func expectPrintedExpr(t *testing.T, in, want string) {
	t.Helper()
	e, log := parseExprString(in)
	if log.HasErrors() {
		t.Errorf("%q: %s", in, msgLines(log))
	}
	if got := PrintExpr(e); got != want {
		t.Errorf("%q:\n got: %s\nwant: %s", in, got, want)
	}
}

// expectExprError checks the detail of the first error (the note gives
// its exact place).
func expectExprError(t *testing.T, in, want string) {
	t.Helper()
	_, log := parseExprString(in)
	msgs := log.Msgs()
	if len(msgs) == 0 || msgs[0].Kind != diag.Error {
		t.Errorf("%q: no error, want %s", in, want)
		return
	}
	m := msgs[0]
	got := strings.TrimPrefix(m.Data.Text, "bad expression in text: ")
	if len(m.Notes) > 0 {
		got = strings.TrimPrefix(m.Notes[0].Position(), "e:") + ": " + got
	}
	if got != want {
		t.Errorf("%q:\n got: %s\nwant: %s", in, got, want)
	}
}

func TestExprGrammar(t *testing.T) {
	expectExpr(t, "a", "a")
	expectExpr(t, " a . b [ 0 ] ( 1 , 'x' ) ", `a.b[0](1, "x")`)
	expectExpr(t, "a.if.class.this", "a.if.class.this")
	expectExpr(t, "[1, [2]][1][0]", "[1, [2]][1][0]")
	expectExpr(t, "[1](0).x", "[1](0).x")
	expectExpr(t, "f()()", "f()()")
	expectExpr(t, "[]", "[]")
	expectExpr(t, "{a: 1, b, ...c, d: {e: 1} }", "{a: 1, b, ...c, d: {e: 1}}")
	expectExpr(t, "{...a.b, ...[1], ...(x)}", "{...a.b, ...[1], ...x}")
	expectExpr(t, "1 + 2 * 3 - 4 / 5 % 6", "((1 + (2 * 3)) - ((4 / 5) % 6))")
	expectExpr(t, "a << 1 >> 2 < b <= c > d >= e", "((((((a << 1) >> 2) < b) <= c) > d) >= e)")
	expectExpr(t, "a == b != c === d !== e", "((((a == b) != c) === d) !== e)")
	expectExpr(t, "a & b ^ c | d && e || f", "(((((a & b) ^ c) | d) && e) || f)")
	expectExpr(t, "5 & 3 == 3", "(5 & (3 == 3))")
	expectExpr(t, "a ? b : c ? d : e", "(a ? b : (c ? d : e))")
	expectExpr(t, "a ? b ? c : d : e", "(a ? (b ? c : d) : e)")
	expectExpr(t, "a || b ? c : d", "((a || b) ? c : d)")
	expectExpr(t, "(a ? b : c) ? d : e", "((a ? b : c) ? d : e)")
	expectExpr(t, "!a.b", "(!a.b)")
	expectExpr(t, "--a", "(-(-a))")
	expectExpr(t, "~!-a", "(~(!(-a)))")
	expectExpr(t, "!-(~a)", "(!(-(~a)))")
	expectExpr(t, "-(!a)", "(-(!a))")
	expectExpr(t, "a - -b", "(a - (-b))")
	expectExpr(t, "a---b", "(a - (-(-b)))")
	expectExpr(t, "-a * b", "((-a) * b)")
	expectExpr(t, "(a + b) * c", "((a + b) * c)")
	expectExpr(t, "a - (b - c)", "(a - (b - c))")
	expectExpr(t, "true && false || null", "((true && false) || null)")
	expectExpr(t, "undefined", "undefined")
	expectExpr(t, "this.a", "this.a")
	expectExpr(t, "$a + _b + a$1", "(($a + _b) + a$1)")
	expectExpr(t, "a\n+\tb", "(a + b)")
	expectExpr(t, "[a, {b: 1} ]", "[a, {b: 1}]")
}

func TestExprLiterals(t *testing.T) {
	expectExpr(t, "1", "1")
	expectExpr(t, "1.5", "1.5")
	expectExpr(t, ".5", "0.5")
	expectExpr(t, "1.", "1")
	expectExpr(t, "00012", "10") // octal
	expectExpr(t, "017", "15")
	expectExpr(t, "09", "9")
	expectExpr(t, "018", "18")
	expectExpr(t, "08.5", "8.5")
	expectExpr(t, "0.50", "0.5")
	expectExpr(t, `'a"b'`, `"a\"b"`)
	expectExpr(t, `"a'b"`, `"a'b"`)
	expectExpr(t, `''`, `""`)
	expectExpr(t, `'}}'`, `"}}"`)
	// A raw line break ends a string literal (its value is then "").
	expectExpr(t, "\"a\n\" + 1", `""`)
	expectExpr(t, "1 + \"\n\"", `(1 + "")`)
}

func TestExprErrors(t *testing.T) {
	expectExprError(t, "a +", "1:4: unexpected end of the expression (expected an expression)")
	expectExprError(t, "a b", "1:3: unexpected `b` (expected an operator or the end of the expression)")
	expectExprError(t, "(a", "1:3: unexpected end of the expression (expected `)`)")
	expectExprError(t, "a = 1", "1:3: `=` is not allowed: WXML expressions cannot assign")
	expectExprError(t, "a += 1", "1:4: `=` is not allowed: WXML expressions cannot assign")
	expectExprError(t, "a => a", "1:3: `=` is not allowed: WXML expressions cannot assign")
	expectExprError(t, "+a", "1:1: unary `+` is not supported")
	expectExprError(t, "a++", "1:3: unary `+` is not supported")
	expectExprError(t, "-!a", "1:2: `!` cannot directly follow a unary `-`")
	expectExprError(t, "-~a", "1:2: `~` cannot directly follow a unary `-`")
	expectExprError(t, "a ** b", "1:4: unexpected `*` (expected an expression)")
	expectExprError(t, "a >>> b", "1:5: unexpected `>` (expected an expression)")
	expectExprError(t, "a?.b", "1:3: unexpected `.` (expected an expression)")
	expectExprError(t, "a ?? b", "1:4: unexpected `?` (expected an expression)")
	expectExprError(t, "a ? b", "1:6: unexpected end of the expression (expected `:` of the conditional `?:`)")
	expectExprError(t, "typeof a", "1:8: unexpected `a` (expected an operator or the end of the expression)")
	expectExprError(t, "a in b", "1:3: unexpected `in` (expected an operator or the end of the expression)")
	expectExprError(t, "1e3", "1:1: invalid number `1e3`")
	expectExprError(t, "0x10", "1:1: invalid number `0x10`")
	expectExprError(t, "1_000", "1:1: invalid number `1_000`")
	expectExprError(t, "a.0", "1:2: unexpected `.0` (expected an operator or the end of the expression)")
	expectExprError(t, "a..b", "1:2: unexpected `..`")
	expectExprError(t, "a.true", "1:3: unexpected `true` (expected a property name after `.`)")
	expectExprError(t, "a.undefined", "1:3: unexpected `undefined` (expected a property name after `.`)")
	expectExprError(t, "(a).b", "1:4: unexpected `.`: member access and calls only work on names, array literals and their results")
	expectExprError(t, "'abc'.length", "1:6: unexpected `.`: member access and calls only work on names, array literals and their results")
	expectExprError(t, "{a: 1}.a", "1:7: unexpected `.`: member access and calls only work on names, array literals and their results")
	expectExprError(t, "1()", "1:2: unexpected `(`: member access and calls only work on names, array literals and their results")
	expectExprError(t, "{}", "1:2: empty object literal `{}` is not supported")
	expectExprError(t, "{a: 1,}", "1:7: unexpected `}` (expected a property: `name`, `name: value` or `...value` (keys must be plain names))")
	expectExprError(t, "{'a': 1}", "1:2: unexpected string 'a' (expected a property: `name`, `name: value` or `...value` (keys must be plain names))")
	expectExprError(t, "{1: 1}", "1:2: unexpected `1` (expected a property: `name`, `name: value` or `...value` (keys must be plain names))")
	expectExprError(t, "{[a]: 1}", "1:2: unexpected `[` (expected a property: `name`, `name: value` or `...value` (keys must be plain names))")
	expectExprError(t, "{true: 1}", "1:2: unexpected `true` (expected a property: `name`, `name: value` or `...value` (keys must be plain names))")
	expectExprError(t, "[1,]", "1:4: unexpected `]` (expected an expression)")
	expectExprError(t, "[...a]", "1:2: spread `...` is only allowed in object literals")
	expectExprError(t, "f(1,)", "1:5: unexpected `)` (expected an expression)")
	expectExprError(t, "a, b", "1:2: unexpected `,` (expected an operator or the end of the expression)")
	expectExprError(t, "()", "1:2: unexpected `)` (expected an expression)")
	expectExprError(t, "`a`", "1:1: unexpected character '`'")
	expectExprError(t, "/a/", "1:1: unexpected `/` (expected an expression)")
	expectExprError(t, "a;", "1:2: unexpected character `;`")
	expectExprError(t, "a # b", "1:3: unexpected character `#`")
	expectExprError(t, "中", "1:1: unexpected character `中`")
	expectExprError(t, "function(){}", "1:11: unexpected `{` (expected an operator or the end of the expression)")
	expectExprError(t, "new A", "1:5: unexpected `A` (expected an operator or the end of the expression)")
}

func TestExprPrint(t *testing.T) {
	expectPrintedExpr(t, " a + b * ( c - d ) ", "a+b*(c-d)")
	expectPrintedExpr(t, "a - -b", "a--b")
	expectPrintedExpr(t, "- (!a)", "-(!a)")
	expectPrintedExpr(t, "!-a", "!-a")
	expectPrintedExpr(t, "(a ? b : c) ? d : e", "(a?b:c)?d:e")
	expectPrintedExpr(t, "a ? b : (c ? d : e)", "a?b:c?d:e")
	expectPrintedExpr(t, "(a || b) && c", "(a||b)&&c")
	expectPrintedExpr(t, "{a: {b: {c: 1} } }", "{a:{b:{c:1} } }")
	expectPrintedExpr(t, "{ a, ...b }", "{a,...b}")
	expectPrintedExpr(t, `"it's"`, `"it's"`)
	expectPrintedExpr(t, `'say "hi"'`, `'say "hi"'`)
	expectPrintedExpr(t, `"a\\b\nc"`, `'a\x5cb\nc'`) // \\ before b reads as \x5c
	expectPrintedExpr(t, `"a\\n"`, `'a\\n'`)
	expectPrintedExpr(t, "00012", "00012")
}

// The printer inverts wcc's escape layers: for any value the parser can
// produce, printing and re-reading gives it back.
func TestEscapeRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []string{`\`, `'`, `"`, "n", "t", "r", "x", "5", "c", "q", "\n", "\r", "\t", " ", "{", "中"}
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := rng.Intn(8); n > 0; n-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		src := b.String()
		for _, quoteNext := range []bool{false, true} {
			v := wccEscapes(src, quoteNext)
			g := string(appendUnescaped(nil, v, quoteNext, quoteNext))
			if back := wccEscapes(g, quoteNext); back != v {
				t.Fatalf("source %q (quoteNext %v) reads as %q, printed %q, which reads as %q", src, quoteNext, v, g, back)
			}
		}
		// Attribute quoting undoes attribute escapes.
		q := quotedString(src)
		if back, _ := attrUnescape(q[1:len(q)-1], 0); back != src {
			t.Fatalf("%q quoted as %s reads back as %q", src, q, back)
		}
	}
}
