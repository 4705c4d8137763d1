// Package cases reads render case files (testdata/render/*.txt): a case is
// a small set of files, a data object and the expected canonical vdom. Unit
// tests check mpc against the expectations; the parity suite checks the same
// expectations against the official compiler, so none is taken on trust.
//
// Format:
//
//	=== name [virtual] [rawText]
//	-- a.wxml --
//	<view>{{x}}</view>
//	-- data --
//	{"x": 1}
//	-- want --
//	[{"tag":"view","attrs":{},"children":["1"]}]
//
// The entry is the first file. "want" may be "error" (the compiler must
// reject the input). A file's text ends at the next "-- " or "=== " line;
// its final newline is dropped (so files without a trailing newline can
// be written).
package cases

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Case is one render case.
type Case struct {
	Name    string
	File    string // path of the case file, for messages
	Line    int
	Entry   string
	Files   map[string]string
	Data    string
	Want    string // canonical JSON, or "error"
	Virtual bool
	RawText bool
}

// Load reads every *.txt under dir.
func Load(dir string) ([]*Case, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var out []*Case
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, Parse(p, string(b))...)
	}
	return out, nil
}

// Parse reads the cases of one file.
func Parse(path, text string) []*Case {
	var out []*Case
	var cur *Case
	section := ""
	var buf []string
	flush := func() {
		if cur == nil || section == "" {
			return
		}
		body := strings.Join(buf, "\n")
		switch section {
		case "data":
			cur.Data = strings.TrimSpace(body)
		case "want":
			cur.Want = strings.TrimSpace(body)
		default:
			if cur.Entry == "" {
				cur.Entry = section
			}
			cur.Files[section] = body
		}
		buf = nil
	}
	for i, line := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(line, "=== "):
			flush()
			f := strings.Fields(line[4:])
			cur = &Case{Name: f[0], File: path, Line: i + 1, Files: map[string]string{}, Data: "{}"}
			for _, opt := range f[1:] {
				cur.Virtual = cur.Virtual || opt == "virtual"
				cur.RawText = cur.RawText || opt == "rawText"
			}
			out = append(out, cur)
			section = ""
		case strings.HasPrefix(line, "-- ") && strings.HasSuffix(line, " --") && cur != nil:
			flush()
			section = strings.TrimSuffix(strings.TrimPrefix(line, "-- "), " --")
		default:
			if section != "" {
				buf = append(buf, line)
			}
		}
	}
	flush()
	return out
}

// WriteFiles writes the case's files under dir.
func (c *Case) WriteFiles(dir string) error {
	for name, body := range c.Files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}
