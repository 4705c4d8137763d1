package bundler

import (
	"path"
	"sort"
	"strings"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/wxml"
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

// WXML and WXSS go through their compilers' parsers: a file is parsed once
// per content (cached by hash), its references come from the AST, and the
// output is the printer's minified text. WXS is copied with its require()
// paths rewritten.

// parsedWXML is a parsed WXML file and its references.
type parsedWXML struct {
	file *wxml.File
	refs []mref
}

// scanWXML parses a WXML file and lists what it references: <import>,
// <include> (anywhere, template bodies included), <wxs src>, require()s in
// inline <wxs> code, and static attribute values naming asset files
// (`<image src="/img/a.png">`), in source order.
func scanWXML(log *diag.Log, src *diag.Source) parsedWXML {
	f := wxml.Parse(log, src)
	var refs []mref
	add := func(k refKind, spec string, r diag.Range) {
		if spec != "" && !strings.Contains(spec, "{{") {
			refs = append(refs, mref{kind: k, spec: spec, rng: r})
		}
	}
	for _, im := range f.Imports {
		add(refImport, im.Src, im.SrcRange)
	}
	for _, m := range f.Wxs {
		if m.Src != "" {
			add(refWxs, m.Src, m.SrcRange)
			continue
		}
		for _, r := range scanWXS(&diag.Source{Contents: m.Code}) {
			add(refWxs, r.spec, diag.RangeOf(int(m.CodeRange.Loc.Start+r.rng.Loc.Start), int(m.CodeRange.Loc.Start+r.rng.End())))
		}
	}
	var nodes func([]wxml.Node)
	var node func(wxml.Node)
	node = func(n wxml.Node) {
		switch n := n.(type) {
		case *wxml.Element:
			for _, a := range n.Attrs {
				if a.Value != nil && a.Value.IsStatic() {
					if v := a.Value.StaticString(); isAssetSpec(v) {
						add(refAsset, v, a.Value.Range)
					}
				}
			}
			nodes(n.Children)
		case *wxml.IfChain:
			for _, b := range n.Branches {
				node(b.Body)
			}
		case *wxml.For:
			node(n.Body)
		case *wxml.Include:
			add(refInclude, n.Src, n.SrcRange)
		}
	}
	nodes = func(ns []wxml.Node) {
		for _, n := range ns {
			node(n)
		}
	}
	nodes(f.Nodes)
	for _, t := range f.Templates {
		nodes(t.Children)
	}
	sort.SliceStable(refs, func(i, j int) bool { return refs[i].rng.Loc.Start < refs[j].rng.Loc.Start })
	return parsedWXML{file: f, refs: refs}
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

// printWXML prints a WXML file minified. Moved references are spliced
// into the source, which is then parsed again (as for WXSS): the cached AST
// stays immutable.
func printWXML(src *diag.Source, pw parsedWXML, edits map[int32]edit) []byte {
	f := pw.file
	if len(edits) > 0 || f == nil {
		f = wxml.Parse(&diag.Log{}, &diag.Source{Path: src.Path, Contents: string(splice(src.Contents, edits))})
	}
	return wxml.Print(f)
}

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
