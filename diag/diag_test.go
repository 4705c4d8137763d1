package diag

import (
	"strings"
	"testing"
)

func TestLineCol(t *testing.T) {
	src := &Source{Path: "a.wxml", Contents: "ab\r\n中文x\n\nlast"}
	for _, c := range []struct {
		off       int32
		line, col int
	}{
		{0, 1, 1}, {2, 1, 3}, {4, 2, 1}, {7, 2, 2}, {10, 2, 3}, {11, 2, 4}, {12, 3, 1}, {13, 4, 1}, {17, 4, 5}, {99, 4, 5},
	} {
		line, col := src.LineCol(c.off)
		if line != c.line || col != c.col {
			t.Errorf("offset %d: got %d:%d, want %d:%d", c.off, line, col, c.line, c.col)
		}
	}
	if got := src.LineText(1); got != "ab" {
		t.Errorf("LineText(1) = %q", got)
	}
}

func TestFormat(t *testing.T) {
	src := &Source{Path: "pages/a.wxml", Contents: "<view>\n  <text>x</view>\n"}
	m := Msg{Kind: Error, ID: "wxml/end-tag", Data: MsgData{Source: src, Range: RangeOf(16, 23), Text: "expected </text>, found </view>"}, Hint: "close <text> first",
		Notes: []MsgData{{Source: src, Range: RangeOf(9, 15), Text: "<text> opened here"}}}
	want := strings.Join([]string{
		"pages/a.wxml:2:10: error: expected </text>, found </view>",
		"    2 |   <text>x</view>",
		"      |          ^~~~~~~",
		"hint: close <text> first",
		"pages/a.wxml:2:3: note: <text> opened here",
		"    2 |   <text>x</view>",
		"      |   ^~~~~~",
		"",
	}, "\n")
	if got := m.Format(FormatOptions{}); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := m.String(); got != "pages/a.wxml:2:10: error: expected </text>, found </view>\npages/a.wxml:2:3: note: <text> opened here\n" {
		t.Errorf("String: %q", got)
	}
}

func TestSortedIsDeterministic(t *testing.T) {
	a := &Source{Path: "a"}
	b := &Source{Path: "b"}
	var l Log
	l.AddWarning(b, RangeOf(1, 1), "x", "w")
	l.AddError(a, RangeOf(5, 5), "x", "e2")
	l.AddError(a, RangeOf(1, 1), "x", "e1")
	var got []string
	for _, m := range l.Sorted() {
		got = append(got, m.Data.Text)
	}
	if strings.Join(got, ",") != "e1,e2,w" {
		t.Errorf("order %v", got)
	}
	if !l.HasErrors() {
		t.Error("HasErrors")
	}
}
