package parity

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/wxml"
)

// TestParityWXMLAccept checks that wxml.Parse reports an error exactly when
// wcc rejects a file: hand-written cases (testdata/wxml/accept.txt: every
// grammar form and every rejected form of NOTES.md §4.12-§4.14), every
// expression of testdata/wxml/exprs.txt in four contexts, and mutations of
// all of them. It also checks that wcc's line:column is among mpc's errors.
//
// Not compared: wxs syntax errors (wcc exit 141: wxs JavaScript is checked
// by the code generator), missing wxs files (resolution is not the
// parser's job) and the deliberate differences of docs/wxml.md (raw line
// breaks in attribute values).
func TestParityWXMLAccept(t *testing.T) {
	mode := Mode(t)
	cases, nbase := wxmlAcceptCases(t, mode)
	root := t.TempDir()
	var batch []any
	write := func(dir, wxml string) {
		files := map[string]string{"a.wxml": wxml, "x.wxs": "module.exports = {};\n", "u.wxs": "module.exports = {};\n"}
		for name, text := range files {
			writeFile(t, filepath.Join(dir, name), []byte(text))
		}
	}
	// Base cases mpc accepts are also rendered printed (wxml-print-cases):
	// the printed form must render like the source.
	data := map[string]any{"a": 1, "b": 2, "n": 2, "s": "str", "k": "x", "list": []any{1, 2}, "obj": map[string]any{"x": map[string]any{"y": "Y"}}}
	printed := map[int]int{} // case -> index of its printed twin in batch
	for i, c := range cases {
		dir := filepath.Join(root, fmt.Sprintf("c%04d", i))
		write(dir, c)
		batch = append(batch, map[string]any{"id": i, "root": dir, "file": "a.wxml", "data": data})
	}
	for i, c := range cases[:nbase] {
		log := &diag.Log{}
		f := wxml.Parse(log, &diag.Source{Path: "a.wxml", Contents: c})
		if log.HasErrors() {
			continue
		}
		dir := filepath.Join(root, fmt.Sprintf("c%04d-min", i))
		write(dir, string(wxml.Print(f)))
		printed[i] = len(batch)
		batch = append(batch, map[string]any{"id": []any{i, "min"}, "root": dir, "file": "a.wxml", "data": data})
	}
	res, err := Oracle("wxml-vdom.js", nil, batch)
	if err != nil {
		t.Fatal(err)
	}
	same := Tally{Name: "wxml-print-cases"}
	accept := Tally{Name: "wxml-accept"}
	pos := Tally{Name: "wxml-error-pos"}
	var wxsSkipped, deliberate int
	for i, r := range res[:len(cases)] {
		src := cases[i]
		if j, ok := printed[i]; ok && (r.OK || r.Status != 2) { // (wcc rejects raw line breaks in values: deliberate)
			switch {
			case r.OK != res[j].OK || r.Status != res[j].Status:
				same.Add(fmt.Sprintf("%q: source %s, printed %s", src, verdict(!r.OK, r.Error), verdict(!res[j].OK, res[j].Error)))
			case r.OK && !jsonEqual(r.Vdom, res[j].Vdom):
				same.Add(fmt.Sprintf("%q printed renders %s, not %s", src, clip(string(res[j].Vdom)), clip(string(r.Vdom))))
			default:
				same.Add("")
			}
		}
		exit, line, col := wccFailure(r)
		if exit == 141 || exit == 1 && strings.Contains(r.Error, " not found from ") {
			wxsSkipped++
			continue
		}
		wccRejects := !r.OK && r.Status == 2
		log := &diag.Log{}
		wxml.Parse(log, &diag.Source{Path: "a.wxml", Contents: src})
		mpcRejects := log.HasErrors()
		if wccRejects && !mpcRejects && strings.Contains(r.Error, "unexpected character `\n`") {
			deliberate++
			continue
		}
		if wccRejects != mpcRejects {
			accept.Add(fmt.Sprintf("%q: wcc %s, mpc %s", src, verdict(wccRejects, r.Error), verdict(mpcRejects, firstError(log))))
			continue
		}
		accept.Add("")
		if wccRejects && line > 0 {
			want := fmt.Sprintf("%d:%d", line, col)
			if !hasErrorAt(log, want) {
				pos.Add(fmt.Sprintf("%q: wcc at %s (%s), mpc: %s", src, want, strings.TrimSpace(r.Error), firstError(log)))
			} else {
				pos.Add("")
			}
		}
	}
	accept.Report(t, 30)
	pos.Report(t, 10)
	same.Report(t, 30)
	fmt.Printf("  (%d cases with wxs syntax or missing .wxs files skipped, %d deliberate differences)\n", wxsSkipped, deliberate)
	if accept.Equal != accept.Total || same.Equal != same.Total {
		t.Errorf("wxml-accept: %d cases differ, wxml-print-cases: %d", accept.Total-accept.Equal, same.Total-same.Equal)
	}
}

var wccPosRE = regexp.MustCompile(`(?m)^\./a\.wxml:(\d+):(\d+):`)
var wccExitRE = regexp.MustCompile(`wcc exit status (\d+)`)

// wccFailure extracts wcc's exit code and the position of its message.
func wccFailure(r Result) (exit, line, col int) {
	if r.OK {
		return 0, 0, 0
	}
	if m := wccExitRE.FindStringSubmatch(r.Error); m != nil {
		exit, _ = strconv.Atoi(m[1])
	}
	if m := wccPosRE.FindStringSubmatch(r.Error); m != nil {
		line, _ = strconv.Atoi(m[1])
		col, _ = strconv.Atoi(m[2])
	}
	return exit, line, col
}

func verdict(rejects bool, msg string) string {
	if !rejects {
		return "accepts"
	}
	msg = strings.TrimSpace(strings.ReplaceAll(msg, "\n", " | "))
	if len(msg) > 160 {
		msg = msg[:160] + "..."
	}
	return "rejects (" + msg + ")"
}

func firstError(log *diag.Log) string {
	for _, m := range log.Sorted() {
		if m.Kind == diag.Error {
			return strings.TrimSpace(m.Data.Position() + ": " + m.Data.Text)
		}
	}
	return ""
}

func hasErrorAt(log *diag.Log, lineCol string) bool {
	for _, m := range log.Msgs() {
		if m.Kind == diag.Error && strings.HasSuffix(m.Data.Position(), ":"+lineCol) {
			return true
		}
	}
	return false
}

// wxmlAcceptCases builds the case list: the hand-written cases, the
// expressions in four contexts, and seeded mutations of all of them (fewer
// in sample mode).
func wxmlAcceptCases(t *testing.T, mode string) (cases []string, nbase int) {
	dir := filepath.Join(RepoRoot(), "testdata", "wxml")
	data, err := os.ReadFile(filepath.Join(dir, "accept.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var base []string
	for _, c := range strings.Split(string(data), "\n----\n") {
		if c = strings.TrimRight(c, "\n"); c != "" {
			base = append(base, c)
		}
	}
	exprs, err := os.ReadFile(filepath.Join(dir, "exprs.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range strings.Split(strings.TrimRight(string(exprs), "\n"), "\n") {
		base = append(base,
			"<view>{{"+e+"}}</view>",
			`<view v="{{`+e+`}}"/>`,
			"<view v='{{"+e+"}}'/>",
			`<template is="t" data="{{`+e+`}}"/>`)
	}
	mutations := 3
	if mode == "sample" {
		mutations = 1
	}
	rng := rand.New(rand.NewSource(1))
	seen := map[string]bool{}
	var out []string
	add := func(c string) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, c := range base {
		add(c)
	}
	nbase = len(out)
	for _, c := range base {
		for k := 0; k < mutations; k++ {
			add(mutate(rng, c))
		}
	}
	return out, nbase
}

var mutationInserts = []string{"<", ">", "/", "\"", "'", "{", "}", "{{", "}}", "=", " ", "\\", "\n", "-", "!", "<!--", "-->", " wx:else", " wx:if=\"{{a}}\"", "</view>", "<view>", "a", ".", "(", ")", "[", "]", ",", ":", "?"}

// mutate applies one random edit at an ASCII position.
func mutate(rng *rand.Rand, s string) string {
	if s == "" {
		return "<"
	}
	i := rng.Intn(len(s) + 1)
	for i < len(s) && s[i] >= 0x80 {
		i++
	}
	switch rng.Intn(4) {
	case 0: // delete a byte
		if i < len(s) {
			return s[:i] + s[i+1:]
		}
		return s[:len(s)-1]
	case 1: // insert a token
		return s[:i] + mutationInserts[rng.Intn(len(mutationInserts))] + s[i:]
	case 2: // duplicate a span
		j := i + rng.Intn(8)
		if j > len(s) {
			j = len(s)
		}
		for j < len(s) && s[j] >= 0x80 {
			j++
		}
		return s[:j] + s[i:j] + s[j:]
	default: // swap two neighbours
		if i+1 < len(s) && s[i+1] < 0x80 {
			return s[:i] + string(s[i+1]) + string(s[i]) + s[i+2:]
		}
		return s + s[:1]
	}
}
