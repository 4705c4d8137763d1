package wxml

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/wxml")

func expectPrint(t *testing.T, in, want string) {
	t.Helper()
	f, log := parseString(in)
	if log.HasErrors() {
		t.Errorf("%q: %s", in, msgLines(log))
	}
	got := string(Print(f))
	if got != want {
		t.Errorf("%q:\n got: %s\nwant: %s", in, got, want)
	}
	checkFixpoint(t, in)
}

// checkFixpoint checks that printed output parses without errors and
// prints the same again.
func checkFixpoint(t *testing.T, in string) {
	t.Helper()
	f, log := parseString(in)
	if log.HasErrors() {
		return
	}
	p1 := string(Print(f))
	f2, log2 := parseString(p1)
	if log2.HasErrors() {
		t.Errorf("%q printed as %q, which has errors:\n%s", in, p1, msgLines(log2))
		return
	}
	if p2 := string(Print(f2)); p2 != p1 {
		t.Errorf("%q: not a fixpoint:\n 1st: %s\n 2nd: %s", in, p1, p2)
	}
}

func TestPrint(t *testing.T) {
	expectPrint(t, "<view class=\"a  {{ b }}\"\n  id='x' hidden>\n  <text>hi {{ name }}!</text>\n  <!-- comment -->\n</view>\n",
		`<view class="a  {{b}}" id="x" hidden><text>hi {{name}}!</text></view>`)
	expectPrint(t, `<view a='say "hi"' b="it's" c='{{"x"}}' d="{{'a\"b'}}"/>`, `<view a='say "hi"' b="it's" c="{{'x'}}" d="{{'a\"b'}}"/>`)
	expectPrint(t, `<view a="x\ny" b="\\n" c="\\\\"/>`, `<view a="x\ny" b="\n" c="\\x5c"/>`)
	expectPrint(t, "<view wx:if=\"{{a}}\">1</view>\n<view wx:elif=\"{{b}}\">2</view>\n<view wx:else>3</view>",
		`<view wx:if="{{a}}">1</view><view wx:elif="{{b}}">2</view><view wx:else>3</view>`)
	expectPrint(t, `<view wx:for="{{l}}" wx:for-item="it" wx:for-index="i" wx:key="id" wx:if="{{it}}">{{i}}</view>`,
		`<view wx:for="{{l}}" wx:for-item="it" wx:for-index="i" wx:key="id" wx:if="{{it}}">{{i}}</view>`)
	expectPrint(t, `<view wx:for-items="{{l}}" wx:for-item="item" wx:for-index="index"/>`, `<view wx:for="{{l}}"/>`)
	// Declarations come first; template calls keep is/data.
	expectPrint(t, `<view><template name="t"><text>{{a}}</text></template><import src="b"/></view><template is="t" data="{{ a: {b: 1} }}"/><wxs module="m">module.exports = {};</wxs>`,
		`<wxs module="m">module.exports = {};</wxs><import src="b"/><template name="t"><text>{{a}}</text></template><view/><template is="t" data="{{a:{b:1} }}"/>`)
	expectPrint(t, `<include src="a"/><include src="b" wx:if="{{x}}"/><wxs module="u" src="./u.wxs"></wxs>`,
		`<wxs module="u" src="./u.wxs"/><include src="a"/><include src="b" wx:if="{{x}}"/>`)
	// Attributes of <block> never render; repeated attributes keep the last.
	expectPrint(t, `<block class="x" wx:if="{{a}}">y</block><view b="1" b="2"/>`,
		`<block wx:if="{{a}}">y</block><view b="2"/>`)
	// Text stays verbatim (escapes included); comments split text.
	expectPrint(t, `<text>a\nb \\ \" {{"\\"}}</text>`, `<text>a`+"\n"+`b \x5c \x22 {{'\\'}}</text>`)
	expectPrint(t, "<view>a\\<!-- c -->nb</view>", "<view>a\\<!---->nb</view>")
	expectPrint(t, "<view>{{ {a: 1} }}</view>", "<view>{{{a:1} }}</view>")
	// Things that render nothing in structure print as an empty block.
	expectPrint(t, `<import src="b" wx:if="{{a}}"/><view wx:else/>`, `<block wx:if="{{a}}"/><view wx:else/>`)
}

func readCases(t testing.TB, name string) []string {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "wxml", name))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range strings.Split(string(data), "\n----\n") {
		if c = strings.TrimRight(c, "\n"); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// TestPrintFixpoint: for every error-free case of the accept suite (and
// every expression in text and attributes), the printed output parses
// without errors and prints the same.
func TestPrintFixpoint(t *testing.T) {
	for _, c := range readCases(t, "accept.txt") {
		checkFixpoint(t, c)
	}
	for _, e := range strings.Split(readFile(t, "exprs.txt"), "\n") {
		checkFixpoint(t, "<view>{{"+e+"}}</view>")
		checkFixpoint(t, `<view v="{{`+e+`}}"/>`)
		checkFixpoint(t, "<view v='{{"+e+"}}'/>")
		checkFixpoint(t, `<template is="t" data="{{`+e+`}}"/>`)
	}
}

func readFile(t testing.TB, name string) string {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "wxml", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimRight(string(data), "\n")
}

// TestGolden keeps the AST, messages and printed form of every case of
// testdata/wxml/accept.txt in testdata/wxml/accept.golden (go test -update
// rewrites it).
func TestGolden(t *testing.T) {
	var b strings.Builder
	for _, c := range readCases(t, "accept.txt") {
		f, log := parseString(c)
		b.WriteString("== " + strings.ReplaceAll(c, "\n", "\n   ") + "\n")
		b.WriteString("ast: " + dumpFile(f) + "\n")
		if msgs := msgLines(log); msgs != "" {
			b.WriteString(msgs + "\n")
		}
		b.WriteString("min: " + string(Print(f)) + "\n")
	}
	path := filepath.Join("..", "testdata", "wxml", "accept.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./wxml -run TestGolden -update)", err)
	}
	if got := b.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("accept.golden differs at line %d:\n got: %s\nwant: %s\n(go test ./wxml -run TestGolden -update rewrites it)", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("accept.golden differs in length (go test ./wxml -run TestGolden -update rewrites it)")
	}
}
