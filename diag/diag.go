// Package diag holds source files, byte ranges and the diagnostics every
// phase of mpc reports. It is a leaf: parsers, generators and the bundler all
// use it, it uses none of them.
//
// Positions are byte offsets into Source.Contents; line and column are only
// computed when a message is printed, so parsers stay cheap.
package diag

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Source is one input file. Path is slash-separated and relative to the
// project (or as given on the command line); it is what messages print.
type Source struct {
	Path     string
	Contents string

	lineOnce   sync.Once
	lineStarts []int32
}

// Loc is a byte offset into a Source.
type Loc struct{ Start int32 }

// Range is a byte range [Loc.Start, Loc.Start+Len).
type Range struct {
	Loc Loc
	Len int32
}

// End is the offset just past the range.
func (r Range) End() int32 { return r.Loc.Start + r.Len }

// RangeOf makes a range from two offsets.
func RangeOf(start, end int) Range {
	if end < start {
		end = start
	}
	return Range{Loc: Loc{Start: int32(start)}, Len: int32(end - start)}
}

// Kind is the severity of a message.
type Kind uint8

const (
	Error Kind = iota
	Warning
	Note
)

func (k Kind) String() string {
	switch k {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "note"
	}
}

// MsgData is the located text of a message or of one of its notes.
type MsgData struct {
	Source *Source // nil for messages about no particular file
	Range  Range
	Text   string
}

// Msg is one diagnostic. ID is a short stable code (e.g. "wxml/end-tag")
// that tests and tools can match on without depending on wording.
type Msg struct {
	Kind  Kind
	ID    string
	Data  MsgData
	Hint  string    // optional one-line suggestion, printed after the caret
	Notes []MsgData // related places ("first defined here", import chain)
}

// Log collects messages. It is safe for concurrent use, so one Log can serve
// a whole parallel build; Sorted gives a deterministic order at the end.
type Log struct {
	mu   sync.Mutex
	msgs []Msg
	errs int
}

// Add records a message.
func (l *Log) Add(m Msg) {
	l.mu.Lock()
	l.msgs = append(l.msgs, m)
	if m.Kind == Error {
		l.errs++
	}
	l.mu.Unlock()
}

// AddError records an error at r in src.
func (l *Log) AddError(src *Source, r Range, id, text string) {
	l.Add(Msg{Kind: Error, ID: id, Data: MsgData{Source: src, Range: r, Text: text}})
}

// AddWarning records a warning at r in src.
func (l *Log) AddWarning(src *Source, r Range, id, text string) {
	l.Add(Msg{Kind: Warning, ID: id, Data: MsgData{Source: src, Range: r, Text: text}})
}

// AddMsgs appends messages gathered elsewhere (e.g. from a per-file log).
func (l *Log) AddMsgs(ms []Msg) {
	for _, m := range ms {
		l.Add(m)
	}
}

// HasErrors reports whether any error was recorded.
func (l *Log) HasErrors() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.errs > 0
}

// Msgs returns the messages in the order they were added.
func (l *Log) Msgs() []Msg {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Msg(nil), l.msgs...)
}

// Sorted returns the messages ordered by path, offset, kind and text, so that
// output does not depend on which goroutine finished first.
func (l *Log) Sorted() []Msg {
	ms := l.Msgs()
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		ap, bp := "", ""
		if a.Data.Source != nil {
			ap = a.Data.Source.Path
		}
		if b.Data.Source != nil {
			bp = b.Data.Source.Path
		}
		if ap != bp {
			return ap < bp
		}
		if a.Data.Range.Loc.Start != b.Data.Range.Loc.Start {
			return a.Data.Range.Loc.Start < b.Data.Range.Loc.Start
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Data.Text < b.Data.Text
	})
	return ms
}

func (s *Source) computeLines() {
	s.lineOnce.Do(func() {
		s.lineStarts = append(s.lineStarts, 0)
		for i := 0; i < len(s.Contents); i++ {
			if s.Contents[i] == '\n' {
				s.lineStarts = append(s.lineStarts, int32(i+1))
			}
		}
	})
}

// LineCol returns the 1-based line and 1-based column (in characters, not
// bytes, so that it matches what editors show for CJK text) of offset.
func (s *Source) LineCol(offset int32) (line, col int) {
	s.computeLines()
	if offset < 0 {
		offset = 0
	}
	if int(offset) > len(s.Contents) {
		offset = int32(len(s.Contents))
	}
	i := sort.Search(len(s.lineStarts), func(i int) bool { return s.lineStarts[i] > offset }) - 1
	start := s.lineStarts[i]
	return i + 1, utf8.RuneCountInString(s.Contents[start:offset]) + 1
}

// LineText returns the text of the 1-based line, without its line break.
func (s *Source) LineText(line int) string {
	s.computeLines()
	if line < 1 || line > len(s.lineStarts) {
		return ""
	}
	start := int(s.lineStarts[line-1])
	end := len(s.Contents)
	if line < len(s.lineStarts) {
		end = int(s.lineStarts[line]) - 1
	}
	return strings.TrimSuffix(s.Contents[start:end], "\r")
}
