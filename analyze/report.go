// Package analyze reads the build report of `mpc build` (schema
// "mpc-report/1", docs/report.md) and turns it into what a team looks at:
// a self-contained HTML page with a treemap of every package, folder and file
// (WriteHTML), and a comparison of two reports with growth budgets for code
// review (Compare, Comparison.Table, Comparison.Markdown).
//
// The report types are this package's own, decoded from the JSON contract,
// so analyze does not depend on the bundler: any file that follows the
// schema can be analyzed.
package analyze

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// Schema is the only report format this package reads.
const Schema = "mpc-report/1"

// Report is a decoded "mpc-report/1" build report. Sizes are bytes; paths are
// slash paths relative to the build's output folder.
type Report struct {
	Schema         string      `json:"schema"`
	Project        string      `json:"project"`
	Limits         Limits      `json:"limits"`
	TotalBytes     int64       `json:"totalBytes"`
	TotalGzipBytes int64       `json:"totalGzipBytes"`
	Packages       []Package   `json:"packages"`
	ColdStart      ColdStart   `json:"coldStart"`
	Duplicated     []Duplicate `json:"duplicated"`
	Unused         []Unused    `json:"unused"`
	Preload        []Preload   `json:"preload"`
	Violations     []Violation `json:"violations"`
}

// Limits are WeChat's size limits the build checked against.
type Limits struct {
	Main    int64 `json:"main"`
	Sub     int64 `json:"sub"`
	Total   int64 `json:"total"`
	Preload int64 `json:"preload"`
}

// Package is the main package or one subpackage.
type Package struct {
	Name        string `json:"name"` // "main", else the subpackage root as app.json writes it
	Root        string `json:"root"` // "" for main
	Independent bool   `json:"independent"`
	Bytes       int64  `json:"bytes"`
	GzipBytes   int64  `json:"gzipBytes"`
	Limit       int64  `json:"limit"`
	Files       []File `json:"files"`
}

// File is one output file. Its path starts with the package root.
type File struct {
	Path      string `json:"path"`
	Bytes     int64  `json:"bytes"`
	GzipBytes int64  `json:"gzipBytes"`
	Kind      string `json:"kind"` // js, wxml, wxss, wxs, json, asset
}

// ColdStart holds the launch figures of the build.
type ColdStart struct {
	EntryPage                      string   `json:"entryPage"`
	MainBytes                      int64    `json:"mainBytes"`
	JSBytes                        int64    `json:"jsBytes"`
	JSFiles                        int      `json:"jsFiles"`
	LazyJSBytes                    int64    `json:"lazyJsBytes"`
	LazyJSFiles                    int      `json:"lazyJsFiles"`
	LazyCodeLoading                bool     `json:"lazyCodeLoading"`
	GlobalComponents               []string `json:"globalComponents"`
	MainUsedOnlyBySubpackagesBytes int64    `json:"mainUsedOnlyBySubpackagesBytes"`
	DuplicatedBytes                int64    `json:"duplicatedBytes"`
}

// Duplicate is a source file copied into more than one package.
type Duplicate struct {
	Source string   `json:"source"`
	Bytes  int64    `json:"bytes"`
	Copies []string `json:"copies"`
}

// Unused is a source file nothing reaches, left out of the output.
type Unused struct {
	Path  string `json:"path"`
	Bytes int64  `json:"bytes"`
}

// Preload is one preloadRule entry of app.json.
type Preload struct {
	Page     string   `json:"page"`
	Packages []string `json:"packages"`
	Bytes    int64    `json:"bytes"`
	Limit    int64    `json:"limit"`
}

// Violation is a size limit the build exceeded.
type Violation struct {
	Package string `json:"package"`
	Bytes   int64  `json:"bytes"`
	Limit   int64  `json:"limit"`
	Message string `json:"message"`
}

// Decode reads one report. Unknown fields are ignored so that a newer writer
// can add figures without breaking older readers; a different schema is an
// error because its fields may mean something else.
func Decode(r io.Reader) (*Report, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// Parse decodes a report held in memory.
func Parse(data []byte) (*Report, error) {
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, jsonError(data, err)
	}
	if rep.Schema != Schema {
		if rep.Schema == "" {
			return nil, fmt.Errorf("not an %q build report (docs/report.md): no \"schema\" field; `mpc analyze DIR --save-report FILE` writes one", Schema)
		}
		return nil, fmt.Errorf("unsupported report schema %q (want %q)", rep.Schema, Schema)
	}
	seen := make(map[string]bool, len(rep.Packages))
	for _, p := range rep.Packages {
		if seen[p.Name] {
			return nil, fmt.Errorf("package %q appears twice", p.Name)
		}
		seen[p.Name] = true
	}
	return &rep, nil
}

// ReadFile decodes the report in the named file; errors name the file.
func ReadFile(name string) (*Report, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	rep, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return rep, nil
}

// jsonError turns encoding/json's byte offsets into line:col, which is what
// a person opening the file needs.
func jsonError(data []byte, err error) error {
	var off int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return err
	}
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	if col < 1 {
		col = 1
	}
	return fmt.Errorf("%d:%d: %w", line, col, err)
}

// fileIndex maps every file's path (unique across the output tree) to the
// file and its package.
func (r *Report) fileIndex() map[string]fileRef {
	m := make(map[string]fileRef)
	for i := range r.Packages {
		p := &r.Packages[i]
		for j := range p.Files {
			m[p.Files[j].Path] = fileRef{pkg: p.Name, file: &p.Files[j]}
		}
	}
	return m
}

type fileRef struct {
	pkg  string
	file *File
}
