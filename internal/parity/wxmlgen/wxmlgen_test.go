package wxmlgen

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/wxml"
)

func TestMarshalKeepsOrderAndNegativeZero(t *testing.T) {
	o := &Obj{}
	o.Set("b", 1.0)
	o.Set("2", []any{negZero, "x<y&\"", nil, true})
	o.Set("a", &Obj{Keys: []string{"z", "y"}, Vals: []any{1e21, 0.5}})
	o.Set("b", 2.0) // keeps its first position
	want := `{"b":2,"2":[-0,"x<y&\"",null,true],"a":{"z":1e+21,"y":0.5}}`
	if got := string(Marshal(o)); got != want {
		t.Fatalf("Marshal:\n got %s\nwant %s", got, want)
	}
	back, err := Unmarshal([]byte(want))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(Marshal(back)); got != want {
		t.Fatalf("round trip:\n got %s\nwant %s", got, want)
	}
	if _, err := Unmarshal([]byte(`{"a":1} x`)); err == nil {
		t.Fatal("trailing data accepted")
	}
}

func TestPin(t *testing.T) {
	pins := &Obj{}
	pins.Set("minDate", 1.0)
	pins.Set("new", "x")
	got := string(Pin([]byte(`{"a":1,"minDate":"bad"}`), pins))
	if want := `{"a":1,"minDate":1,"new":"x"}`; got != want {
		t.Fatalf("Pin: got %s want %s", got, want)
	}
}

// A hand-made shape: the data sets must cover every kind of value.
func TestDataCoversValueKinds(t *testing.T) {
	root := NewShape()
	root.Field("list").Items().Field("id")
	root.Field("list").Items().Field("name")
	root.Field("type").Hint("primary")
	root.Field("n").Num = true
	root.Field("obj").Field("x").Field("y")

	sets := Data(root, 7, 60)
	if len(sets) != 60 {
		t.Fatalf("%d sets", len(sets))
	}
	if !reflect.DeepEqual(sets, Data(root, 7, 60)) {
		t.Fatal("Data is not deterministic")
	}
	if reflect.DeepEqual(sets, Data(root, 8, 60)) {
		t.Fatal("Data ignores the seed")
	}
	seen := map[string]bool{}
	var kind func(v any) string
	kind = func(v any) string {
		switch v := v.(type) {
		case nil:
			return "null"
		case bool:
			return "bool"
		case float64:
			switch {
			case v == 0:
				return "zero"
			case v < 0:
				return "negative"
			case v != float64(int64(v)):
				return "fraction"
			}
			return "number"
		case string:
			if v == "" {
				return "empty-string"
			}
			return "string"
		case []any:
			if len(v) == 0 {
				return "empty-array"
			}
			if _, ok := v[0].(*Obj); ok {
				return "array-of-objects"
			}
			return "array"
		case *Obj:
			return "object"
		}
		return "?"
	}
	for _, s := range sets {
		v, err := Unmarshal(s)
		if err != nil {
			t.Fatalf("bad JSON %s: %v", s, err)
		}
		o := v.(*Obj)
		for _, k := range []string{"list", "type", "n", "obj"} {
			x, ok := o.Get(k)
			if !ok {
				seen[k+":missing"] = true
				continue
			}
			seen[k+":"+kind(x)] = true
			if k == "type" && x == "primary" {
				seen["type:hint"] = true
			}
		}
	}
	for _, want := range []string{
		"list:array-of-objects", "list:empty-array", "list:object", "list:missing", "list:null",
		"type:hint", "type:string", "type:bool", "n:zero", "n:negative", "n:fraction", "n:number",
		"obj:object", "type:empty-string",
	} {
		if !seen[want] {
			t.Errorf("no data set has %s (seen %v)", want, keys(seen))
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// AST helpers for hand-built files (the extractor only reads the AST).
func id(n string) wxml.Expr               { return &wxml.EIdent{Name: n} }
func dot(e wxml.Expr, n string) wxml.Expr { return &wxml.EDot{Target: e, Name: n} }
func str(s string) wxml.Expr              { return &wxml.EString{Value: s} }
func bin(l wxml.Expr, op string, r wxml.Expr) wxml.Expr {
	return &wxml.EBinary{L: l, Op: op, R: r}
}
func mus(e wxml.Expr) *wxml.Value { return &wxml.Value{Parts: []wxml.Part{{Expr: e}}} }
func lit(s string) *wxml.Value    { return &wxml.Value{Parts: []wxml.Part{{Literal: s}}} }
func text(e wxml.Expr) wxml.Node  { return &wxml.Text{Value: mus(e)} }
func el(children ...wxml.Node) *wxml.Element {
	return &wxml.Element{Tag: "view", Children: children}
}

func TestPaths(t *testing.T) {
	card := &wxml.TemplateDef{Name: "card", Children: []wxml.Node{
		text(dot(id("k"), "z")),
		text(id("w")),
	}}
	lib := &wxml.File{Templates: []*wxml.TemplateDef{
		{Name: "icon", Children: []wxml.Node{text(id("name"))}},
	}}
	sub := &wxml.File{Nodes: []wxml.Node{text(dot(id("it"), "fromInclude"))}}
	entry := &wxml.File{
		Templates: []*wxml.TemplateDef{card},
		Imports:   []*wxml.Import{{Src: "/lib/icon"}},
		Wxs:       []*wxml.WxsModule{{Module: "m"}},
		Nodes: []wxml.Node{
			text(dot(dot(id("a"), "b"), "c")),
			&wxml.For{
				List: mus(bin(id("list"), "||", id("fallback"))), Item: "it", Index: "i", Key: "id", HasKey: true,
				Body: el(
					text(dot(id("it"), "name")),
					text(id("i")),
					&wxml.Include{Src: "sub/inc"},
				),
			},
			&wxml.For{List: mus(&wxml.EArray{}), Item: "item", Index: "index", Body: text(dot(id("item"), "ignored"))},
			&wxml.IfChain{Branches: []*wxml.IfBranch{
				{Kind: "wx:if", Cond: mus(bin(id("type"), "===", str("primary"))), Body: el()},
				{Kind: "wx:elif", Cond: mus(bin(id("count"), ">", &wxml.ENumber{Value: 99})), Body: el()},
			}},
			&wxml.TemplateCall{Is: lit("card"), Data: &wxml.EObject{Props: []wxml.Property{
				{Spread: true, Value: id("obj")},
				{Key: "k", Value: dot(id("x"), "y")},
			}}},
			&wxml.TemplateCall{Is: lit("icon"), Data: &wxml.EObject{Props: []wxml.Property{
				{Key: "name", Value: id("iconName")},
			}}},
			text(&wxml.ECall{Target: dot(id("m"), "f"), Args: []wxml.Expr{id("arg")}}),
			text(&wxml.EIndex{Target: id("arr"), Index: &wxml.ENumber{Value: 0}}),
			&wxml.TemplateCall{Is: mus(id("tname"))},
			text(bin(id("theme"), "===", dot(dot(id("m"), "THEME"), "LINE"))),
			&wxml.For{
				List: mus(&wxml.ECall{Target: dot(id("m"), "opts"), Args: []wxml.Expr{&wxml.ENumber{Value: 1}, id("cols")}}),
				Item: "item", Index: "index", Body: text(dot(id("item"), "label")),
			},
		},
	}
	files := map[string]*wxml.File{"index.wxml": entry, "lib/icon.wxml": lib, "sub/inc.wxml": sub}
	got := Paths("index.wxml", func(rel string) *wxml.File { return files[rel] }).Paths()
	want := []string{
		"a", "a.b", "a.b.c",
		"arg",
		"arr", "arr[]",
		"cols", "cols[]", "cols[].label",
		"count", "count#num", "count=100", "count=98", "count=99",
		"fallback", "fallback[]", "fallback[].fromInclude", "fallback[].id", `fallback[].id="k-id"`, "fallback[].name",
		"iconName",
		"list", "list[]", "list[].fromInclude", "list[].id", `list[].id="k-id"`, "list[].name",
		"obj", "obj.k", "obj.k.z", "obj.w",
		"theme", `theme="line"`,
		"tname", `tname="card"`, `tname="icon"`,
		"type", `type="primary"`,
		"x", "x.y", "x.y.z",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Paths:\n got %q\nwant %q", got, want)
	}
}

func TestWXMLDeterministic(t *testing.T) {
	for seed := int64(1); seed <= 50; seed++ {
		f1, d1 := WXML(seed)
		f2, d2 := WXML(seed)
		if !reflect.DeepEqual(f1, f2) || !bytes.Equal(d1, d2) {
			t.Fatalf("seed %d: WXML is not deterministic", seed)
		}
		if _, ok := f1[Entry]; !ok {
			t.Fatalf("seed %d: no %s", seed, Entry)
		}
		if _, err := Unmarshal(d1); err != nil {
			t.Fatalf("seed %d: bad data: %v", seed, err)
		}
	}
	a, _ := WXML(1)
	b, _ := WXML(2)
	if reflect.DeepEqual(a, b) {
		t.Fatal("WXML ignores the seed")
	}
}

// The generator must reach every construct of the grammar over a few
// hundred seeds (it is what the parity suite relies on).
func TestWXMLCoversGrammar(t *testing.T) {
	var all strings.Builder
	for seed := int64(1); seed <= 300; seed++ {
		files, _ := WXML(seed)
		for _, p := range Files(files) {
			all.WriteString(files[p])
		}
	}
	s := all.String()
	for _, want := range []string{
		"wx:if=", "wx:elif=", "wx:else", "wx:for=", "wx:for-items=", "wx:for-item=", "wx:for-index=",
		`wx:key="*this"`, `wx:key="id"`, "<block", "<slot", "<template name=", `<template is="`,
		`is="{{tname}}"`, "data=", "...", "<import src=", "<include src=", `src="/`, "../", "<wxs module=",
		".wxs", "require(", "model:value", "generic:", "bind:tap", "data-", "catch:long-press", "010",
		".5", " ? ", " : ", "[0]", "['", "{ ", "!", "~", " % ", " << ", " === ", " && ", " || ",
		"<!-- c -->", "{{}}", "{{ {", ".length",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("no generated project contains %q", want)
		}
	}
}

// Imports inside containers: in some files, not most (the other features
// must stay covered), and in every form the generator knows.
func TestWXMLNestedImports(t *testing.T) {
	var all strings.Builder
	files, nested := 0, 0
	for seed := int64(1); seed <= 400; seed++ {
		fs, _ := WXML(seed)
		for _, p := range Files(fs) {
			if !strings.HasSuffix(p, ".wxml") {
				continue
			}
			files++
			all.WriteString(fs[p])
			f := wxml.Parse(&diag.Log{}, &diag.Source{Path: p, Contents: fs[p]})
			if hasNestedImport(f) {
				nested++
			}
		}
	}
	pct := 100 * nested / files
	t.Logf("%d of %d files (%d%%) have an import inside a container", nested, files, pct)
	if pct < 5 || pct > 25 {
		t.Errorf("%d of %d files (%d%%) have an import inside a container, want 5-25%%", nested, files, pct)
	}
	s := all.String()
	for _, want := range []string{
		"<import wx:for=", "<import wx:if=", "</include>", "ignored</view><import", "ignored</view><view><import",
		`name="n0"`, `name="n1"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("no generated project contains %q", want)
		}
	}
}

func hasNestedImport(f *wxml.File) bool {
	inside := func(outer, inner diag.Range) bool {
		return outer.Loc.Start < inner.Loc.Start && inner.End() <= outer.End()
	}
	for _, im := range f.Imports {
		for _, n := range f.Nodes {
			if inside(n.NodeRange(), im.Range) {
				return true
			}
		}
		for _, td := range f.Templates {
			if inside(td.Range, im.Range) {
				return true
			}
		}
	}
	return false
}
