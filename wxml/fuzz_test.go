package wxml

import (
	"strings"
	"testing"

	"github.com/mpc-dev/mpc/diag"
)

func addSeeds(f *testing.F) {
	for _, c := range readCases(f, "accept.txt") {
		f.Add(c)
	}
}

// FuzzLexer: the lexer terminates, never panics, and its tokens tile the
// input.
func FuzzLexer(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		log := &diag.Log{}
		l := NewLexer(log, &diag.Source{Path: "a.wxml", Contents: s})
		end := int32(0)
		for n := 0; ; n++ {
			if n > len(s)+2 {
				t.Fatalf("%q: more tokens than bytes", s)
			}
			tok := l.Next()
			if tok.Range.Loc.Start != end || tok.Range.End() > int32(len(s)) {
				t.Fatalf("%q: token %d at %d+%d, previous ended at %d", s, tok.Kind, tok.Range.Loc.Start, tok.Range.Len, end)
			}
			end = tok.Range.End()
			if tok.Kind == TokEOF {
				break
			}
			if tok.Range.Len == 0 && tok.Kind != TokRawText {
				t.Fatalf("%q: empty token %d at %d", s, tok.Kind, end)
			}
		}
		if end != int32(len(s)) {
			t.Fatalf("%q: tokens end at %d of %d", s, end, len(s))
		}
	})
}

// FuzzParse: Parse never panics; when the input has no errors, the
// printed output parses without errors and prints the same again.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		log := &diag.Log{}
		file := Parse(log, &diag.Source{Path: "a.wxml", Contents: s})
		printed := Print(file)
		file.Deps()
		for _, m := range log.Msgs() {
			m.Format(diag.FormatOptions{})
		}
		if log.HasErrors() {
			return
		}
		log2 := &diag.Log{}
		file2 := Parse(log2, &diag.Source{Path: "b.wxml", Contents: string(printed)})
		if log2.HasErrors() {
			t.Fatalf("%q printed as %q, which has errors:\n%s", s, printed, msgLines(log2))
		}
		if p2 := Print(file2); string(p2) != string(printed) {
			t.Fatalf("%q: not a fixpoint:\n%q\n%q", s, printed, p2)
		}
	})
}

// FuzzExpr: ParseExpr never panics; a valid expression prints to one that
// parses to the same tree.
func FuzzExpr(f *testing.F) {
	for _, e := range strings.Split(readFile(f, "exprs.txt"), "\n") {
		f.Add(e)
	}
	f.Fuzz(func(t *testing.T, s string) {
		log := &diag.Log{}
		e := ParseExpr(log, &diag.Source{Path: "e", Contents: s})
		if log.HasErrors() {
			return
		}
		printed := PrintExpr(e)
		log2 := &diag.Log{}
		e2 := ParseExpr(log2, &diag.Source{Path: "e", Contents: printed})
		if log2.HasErrors() {
			t.Fatalf("%q printed as %q, which has errors:\n%s", s, printed, msgLines(log2))
		}
		if d1, d2 := dumpExpr(e), dumpExpr(e2); d1 != d2 {
			t.Fatalf("%q printed as %q:\n%s\n%s", s, printed, d1, d2)
		}
	})
}
