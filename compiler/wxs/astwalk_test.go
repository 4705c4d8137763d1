package wxs

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
)

// walkASTReference is the plain reflective walk walkAST's per-type shapes
// must agree with: every exported field but DeclarationList and File.
func walkASTReference(v reflect.Value, enter func(ast.Node) func()) {
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			walkASTReference(v.Elem(), enter)
		}
	case reflect.Pointer:
		if v.IsNil() || v.Elem().Kind() != reflect.Struct {
			return
		}
		var leave func()
		if v.Type().Implements(nodeIface) {
			leave = enter(v.Interface().(ast.Node))
		}
		walkASTReference(v.Elem(), enter)
		if leave != nil {
			leave()
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			if f := t.Field(i); f.IsExported() && f.Name != "DeclarationList" && f.Name != "File" {
				walkASTReference(v.Field(i), enter)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkASTReference(v.Index(i), enter)
		}
	}
}

// The walk visits the same nodes in the same order as the reference, on
// every program of the accept suite (ES5 and the ES2015+ forms it rejects).
func TestWalkASTMatchesReference(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "wxs", "accept.txt"))
	if err != nil {
		t.Fatal(err)
	}
	trace := func(walk func(reflect.Value, func(ast.Node) func()), prog *ast.Program) string {
		var b strings.Builder
		walk(reflect.ValueOf(prog), func(n ast.Node) func() {
			fmt.Fprintf(&b, "(%T@%p", n, n)
			return func() { b.WriteString(")") }
		})
		return b.String()
	}
	parsed := 0
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		src := strings.ReplaceAll(strings.TrimPrefix(line, "gap: "), "⏎", "\n")
		prog, err := parser.ParseFile(nil, "", src, 0)
		if err != nil {
			continue
		}
		parsed++
		if got, want := trace(walkAST, prog), trace(walkASTReference, prog); got != want {
			t.Errorf("%s:\n got  %s\n want %s", line, got, want)
		}
	}
	if parsed < 200 {
		t.Errorf("only %d programs parsed", parsed)
	}
}
