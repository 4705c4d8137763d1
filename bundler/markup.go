package bundler

import (
	"path"
	"sort"
	"strings"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/wxss"
)

// refKind is what a reference in a source file points at.
type refKind uint8

const (
	refImport    refKind = iota // WXML <import src>
	refInclude                  // WXML <include src>
	refWxs                      // WXML <wxs src>, WXS require()
	refStyle                    // WXSS @import
	refAsset                    // an image, font, media file from WXML/WXSS/JSON
	refComponent                // JSON usingComponents / componentGenerics
	refJS                       // JS import/require (bundled or external)
	refPage                     // a package's entries: page files, app files
)

// mref is one reference found in a WXML, WXSS or WXS file: the path as
// written and the byte range of that text, which is where the output
// rewrites it when the target moves.
type mref struct {
	kind refKind
	spec string
	rng  diag.Range
}

// WXSS goes through the wxss package (parse, then print minified with rpx
// kept). The WXML compiler (package wxml) is being written in parallel
// with the bundler: until it lands, WXML is scanned for its references by
// the small scanner below and copied verbatim (moved references spliced
// in); scanWXML/printWXML are the only places to switch.

// scanWXML finds <import>/<include>/<wxs> src and static attribute values
// that name asset files.
func scanWXML(src *diag.Source) []mref {
	s := src.Contents
	var refs []mref
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		if strings.HasPrefix(s[i:], "<!--") {
			end := strings.Index(s[i+4:], "-->")
			if end < 0 {
				break
			}
			i += 4 + end + 3
			continue
		}
		j := i + 1
		for j < len(s) && isNameByte(s[j]) {
			j++
		}
		tag := s[i+1 : j]
		if tag == "" {
			i++
			continue
		}
		end, attrs := scanAttrs(s, j)
		for _, a := range attrs {
			val := s[a.vs:a.ve]
			if strings.Contains(val, "{{") {
				continue
			}
			r := diag.RangeOf(a.vs, a.ve)
			switch {
			case (tag == "import" || tag == "include") && a.name == "src":
				k := refImport
				if tag == "include" {
					k = refInclude
				}
				refs = append(refs, mref{kind: k, spec: val, rng: r})
			case tag == "wxs" && a.name == "src":
				refs = append(refs, mref{kind: refWxs, spec: val, rng: r})
			case isAssetSpec(val):
				refs = append(refs, mref{kind: refAsset, spec: val, rng: r})
			}
		}
		i = end
		if tag == "wxs" && end > 1 && s[end-2] != '/' {
			// An inline wxs body is code, not markup.
			if k := strings.Index(s[i:], "</wxs"); k >= 0 {
				i += k
			}
		}
	}
	return refs
}

type attrSpan struct {
	name   string
	vs, ve int
}

// scanAttrs reads attributes from s[i:] to the end of the tag and returns
// the offset just past '>' and the valued attributes.
func scanAttrs(s string, i int) (int, []attrSpan) {
	var out []attrSpan
	for i < len(s) {
		c := s[i]
		switch {
		case c == '>':
			return i + 1, out
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/':
			i++
			continue
		}
		ns := i
		for i < len(s) && !strings.ContainsRune(" \t\r\n=>/", rune(s[i])) {
			i++
		}
		if i == ns {
			i++
			continue
		}
		name := s[ns:i]
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++
		}
		if i >= len(s) || s[i] != '=' {
			continue
		}
		i++
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++
		}
		if i < len(s) && (s[i] == '"' || s[i] == '\'') {
			q := s[i]
			k := strings.IndexByte(s[i+1:], q)
			if k < 0 {
				return len(s), out
			}
			out = append(out, attrSpan{name, i + 1, i + 1 + k})
			i += k + 2
			continue
		}
		vs := i
		for i < len(s) && !strings.ContainsRune(" \t\r\n>", rune(s[i])) {
			i++
		}
		out = append(out, attrSpan{name, vs, i})
	}
	return len(s), out
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == ':' || c == '.'
}

// assetExts are the file types WeChat packs besides code (miniprogram-ci's
// white_ext_list.js).
var assetExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".svg": true, ".cer": true,
	".mp3": true, ".aac": true, ".m4a": true, ".mp4": true, ".wav": true, ".ogg": true,
	".silk": true, ".wasm": true, ".br": true, ".cur": true, ".ico": true, ".skel": true,
	".crt": true, ".cert": true,
}

// packedExts are every extension WeChat packs.
var packedExts = map[string]bool{".wxml": true, ".wxss": true, ".wxs": true, ".js": true, ".json": true}

func isPacked(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return packedExts[ext] || assetExts[ext]
}

// isAssetSpec reports whether an attribute or url() value looks like a local
// file reference (any extension: fonts are references too, just not packed).
func isAssetSpec(v string) bool {
	v = stripQuery(v)
	if v == "" || strings.Contains(v, "://") || strings.HasPrefix(v, "//") || strings.HasPrefix(v, "data:") ||
		strings.HasPrefix(v, "#") || strings.ContainsAny(v, " \t\n{}()<>\"'") {
		return false
	}
	ext := strings.ToLower(path.Ext(v))
	return ext != "" && (assetExts[ext] || fontExts[ext])
}

var fontExts = map[string]bool{".ttf": true, ".woff": true, ".woff2": true, ".otf": true, ".eot": true}

func stripQuery(v string) string {
	if i := strings.IndexAny(v, "?#"); i >= 0 {
		return v[:i]
	}
	return v
}

// scanned is what a markup file's scan keeps (cached by content hash).
type scanned struct {
	refs  []mref
	sheet *wxss.Stylesheet
}

// scanWXSS parses a stylesheet with the WXSS compiler and lists its
// top-level @imports and local url()s.
func scanWXSS(log *diag.Log, src *diag.Source) scanned {
	sheet := wxss.Parse(log, src, wxss.ParseOptions{})
	var refs []mref
	for _, imp := range sheet.Imports {
		if imp.Nested {
			continue
		}
		r := imp.SpecRange
		if r.Len >= 2 { // the string token: drop the quotes
			r = diag.RangeOf(int(r.Loc.Start)+1, int(r.End())-1)
		}
		refs = append(refs, mref{kind: refStyle, spec: imp.Spec, rng: r})
	}
	for _, u := range sheet.URLs {
		if !isAssetSpec(u.URL) {
			continue
		}
		tok := src.Contents[u.Range.Loc.Start:u.Range.End()]
		if i := strings.Index(tok, u.URL); i >= 0 {
			start := int(u.Range.Loc.Start) + i
			refs = append(refs, mref{kind: refAsset, spec: u.URL, rng: diag.RangeOf(start, start+len(u.URL))})
		}
	}
	return scanned{refs: refs, sheet: sheet}
}

// scanWXS finds require("x.wxs") calls.
func scanWXS(src *diag.Source) []mref {
	s := src.Contents
	var refs []mref
	for i := 0; ; {
		k := strings.Index(s[i:], "require(")
		if k < 0 {
			return refs
		}
		j := i + k + len("require(")
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if j < len(s) && (s[j] == '"' || s[j] == '\'') {
			if e := strings.IndexByte(s[j+1:], s[j]); e >= 0 {
				refs = append(refs, mref{kind: refWxs, spec: s[j+1 : j+1+e], rng: diag.RangeOf(j+1, j+1+e)})
			}
		}
		i = j
	}
}

// splice replaces byte ranges of s (non-overlapping) with new texts.
func splice(s string, edits map[int32]edit) []byte {
	if len(edits) == 0 {
		return []byte(s)
	}
	starts := make([]int, 0, len(edits))
	for k := range edits {
		starts = append(starts, int(k))
	}
	sort.Ints(starts)
	var b strings.Builder
	at := 0
	for _, st := range starts {
		e := edits[int32(st)]
		if st < at {
			continue
		}
		b.WriteString(s[at:st])
		b.WriteString(e.text)
		at = st + int(e.len)
	}
	b.WriteString(s[at:])
	return []byte(b.String())
}

type edit struct {
	len  int32
	text string
}

// printWXML is the output of one WXML file with moved references rewritten.
func printWXML(src *diag.Source, edits map[int32]edit) []byte { return splice(src.Contents, edits) }

// printWXSS prints a stylesheet minified, rpx kept. Moved references are
// spliced into the source, which is then parsed again: rare (only files
// placed away from what they reference), and it keeps the cached AST
// immutable.
func printWXSS(src *diag.Source, sc scanned, edits map[int32]edit) []byte {
	sheet := sc.sheet
	if len(edits) > 0 || sheet == nil {
		sheet = wxss.Parse(&diag.Log{}, &diag.Source{Path: src.Path, Contents: string(splice(src.Contents, edits))}, wxss.ParseOptions{})
	}
	return wxss.Print(sheet, wxss.PrintOptions{Rpx: wxss.RpxKeep, Minify: true})
}
