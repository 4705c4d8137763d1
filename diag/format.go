package diag

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// FormatOptions controls how messages are printed.
type FormatOptions struct {
	Color bool // ANSI colors for a terminal
	// NoFrame prints only the first line (path:line:col: kind: text), as the
	// batch modes and one-line test expectations want.
	NoFrame bool
}

// Position returns "path:line:col" for d (or just the path when there is no
// source text, or "" when there is no source).
func (d MsgData) Position() string {
	if d.Source == nil {
		return ""
	}
	line, col := d.Source.LineCol(d.Range.Loc.Start)
	return fmt.Sprintf("%s:%d:%d", d.Source.Path, line, col)
}

// String formats m as "path:line:col: kind: text" without a code frame.
func (m Msg) String() string {
	return m.Format(FormatOptions{NoFrame: true})
}

// Format prints a message the way compilers do:
//
//	pages/index.wxml:3:7: error: expected end tag </view>, found </text>
//	    3 | <view><text>x</view>
//	      |       ^~~~~
//	hint: ...
func (m Msg) Format(o FormatOptions) string {
	var b strings.Builder
	writeData(&b, m.Kind, m.Data, o)
	if m.Hint != "" && !o.NoFrame {
		b.WriteString(colorize(o, "\x1b[36m", "hint: ") + m.Hint + "\n")
	}
	for _, n := range m.Notes {
		writeData(&b, Note, n, o)
	}
	return b.String()
}

func colorize(o FormatOptions, code, s string) string {
	if !o.Color {
		return s
	}
	return code + s + "\x1b[0m"
}

func writeData(b *strings.Builder, kind Kind, d MsgData, o FormatOptions) {
	if pos := d.Position(); pos != "" {
		b.WriteString(pos)
		b.WriteString(": ")
	}
	code := "\x1b[1;31m"
	switch kind {
	case Warning:
		code = "\x1b[1;35m"
	case Note:
		code = "\x1b[1;37m"
	}
	b.WriteString(colorize(o, code, kind.String()+":"))
	b.WriteString(" ")
	b.WriteString(d.Text)
	b.WriteString("\n")
	if o.NoFrame || d.Source == nil {
		return
	}
	line, col := d.Source.LineCol(d.Range.Loc.Start)
	text := d.Source.LineText(line)
	// Long minified lines: show a window around the column.
	prefix := ""
	runes := []rune(text)
	start := 0
	if col > 100 {
		start = col - 60
		prefix = "..."
	}
	end := len(runes)
	if end-start > 160 {
		end = start + 160
	}
	shown := prefix + strings.ReplaceAll(string(runes[start:end]), "\t", " ")
	gutter := fmt.Sprintf("%5d | ", line)
	b.WriteString(gutter + shown + "\n")
	caretCol := col - 1 - start + len(prefix)
	if caretCol < 0 {
		caretCol = 0
	}
	width := 1
	if d.Range.Len > 1 {
		endLine, endCol := d.Source.LineCol(d.Range.End())
		if endLine == line {
			width = endCol - col
		} else {
			width = utf8.RuneCountInString(text) - (col - 1)
		}
		if width < 1 {
			width = 1
		}
		if width > 80 {
			width = 80
		}
	}
	mark := "^" + strings.Repeat("~", width-1)
	b.WriteString(strings.Repeat(" ", len(gutter)-2) + "| " + strings.Repeat(" ", caretCol) + colorize(o, "\x1b[32m", mark) + "\n")
}
