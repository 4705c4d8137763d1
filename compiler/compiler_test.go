package compiler

import (
	"bufio"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mpc-dev/mpc/internal/dirfs"
	"github.com/mpc-dev/mpc/internal/parity"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Golden tests of the generated code: testdata/codegen/NAME.wxml (plus any
// files it references, named NAME.*.wxml / NAME.*.wxs) compiles to
// testdata/codegen/NAME.js. Run with -update after a deliberate change and
// review the diff.
func TestCodegenGolden(t *testing.T) {
	dir := filepath.Join("..", "testdata", "codegen")
	entries, _ := filepath.Glob(filepath.Join(dir, "*.wxml"))
	fsys := fstest.MapFS{}
	all, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, p := range all {
		b, _ := os.ReadFile(p)
		fsys[filepath.Base(p)] = &fstest.MapFile{Data: b}
	}
	n := 0
	for _, e := range entries {
		name := filepath.Base(e)
		if strings.Count(name, ".") > 1 {
			continue // a dependency of another case
		}
		n++
		l := NewLoader(fsys)
		set := l.Closure([]string{Key(name)})
		got := set.JS()
		for _, m := range set.Msgs() {
			got += "// " + m.String()
		}
		golden := filepath.Join(dir, strings.TrimSuffix(name, ".wxml")+".js")
		if *update {
			os.WriteFile(golden, []byte(got), 0o644)
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%s: %v (run with -update)", golden, err)
			continue
		}
		if got != string(want) {
			t.Errorf("%s: generated code differs from %s (run go test ./compiler -update and review the diff)", name, golden)
		}
	}
	if n == 0 {
		t.Fatal("no golden cases")
	}
}

// Parsing a file set twice gives byte-identical code, whatever the
// scheduling of the parallel loader.
func TestDeterministic(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := 0; i < 30; i++ {
		name := "p" + string(rune('a'+i%26)) + strings.Repeat("x", i/26) + ".wxml"
		fsys[name] = &fstest.MapFile{Data: []byte(`<import src="lib.wxml"/><include src="inc"/><view wx:for="{{list}}">{{item}}<template is="t" data="{{item}}"/></view>`)}
	}
	fsys["lib.wxml"] = &fstest.MapFile{Data: []byte(`<template name="t"><text wx:if="{{a}}">{{a}}</text><text wx:else>-</text></template>`)}
	fsys["inc.wxml"] = &fstest.MapFile{Data: []byte(`<wxs module="m">module.exports = {f: function(x) { return x }}</wxs>{{m.f(1)}}`)}
	var first string
	for round := 0; round < 5; round++ {
		l := NewLoader(fsys)
		js := l.Closure(l.All()).JS()
		if round == 0 {
			first = js
		} else if js != first {
			t.Fatal("generated code differs between runs")
		}
	}
}

// BenchmarkCompileCorpus compiles every WXML file of each public corpus
// root (fetched by `make corpus`) and prints the modules, as `mpc compile
// wxml FILE...` does with the file list of TestBenchWXML.
func BenchmarkCompileCorpus(b *testing.B) {
	if _, err := os.Stat(parity.CorpusDir()); err != nil {
		b.Skip("corpus not fetched (run `make corpus`)")
	}
	type root struct {
		dir  string
		keys []string
	}
	var roots []root
	for _, r := range parity.CorpusRoots(b) {
		var keys []string
		for _, f := range parity.Files(r.Dir, ".wxml") {
			keys = append(keys, Key(f))
		}
		roots = append(roots, root{r.Dir, keys})
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, r := range roots {
			l := NewLoader(os.DirFS(r.dir))
			_ = l.Closure(r.keys).JS()
		}
	}
}

// BenchmarkCompileRoot is BenchmarkCompileCorpus per root, streaming the
// modules as `mpc compile wxml` does (run with GOGC=off to see the CLI's
// costs: it does not collect).
func BenchmarkCompileRoot(b *testing.B) {
	if _, err := os.Stat(parity.CorpusDir()); err != nil {
		b.Skip("corpus not fetched (run `make corpus`)")
	}
	for _, r := range parity.CorpusRoots(b) {
		var keys []string
		for _, f := range parity.Files(r.Dir, ".wxml") {
			keys = append(keys, Key(f))
		}
		name := r.Spec[:max(strings.LastIndex(r.Spec, "@"), 0)]
		b.Run(strings.ReplaceAll(name, "/", "_"), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				l := NewLoader(dirfs.New(r.Dir))
				w := bufio.NewWriterSize(io.Discard, 64<<10)
				l.Closure(keys).WriteJS(w)
				w.Flush()
			}
		})
	}
}
