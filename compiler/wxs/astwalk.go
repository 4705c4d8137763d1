package wxs

import (
	"reflect"

	"github.com/dop251/goja/ast"
)

var nodeIface = reflect.TypeOf((*ast.Node)(nil)).Elem()

// walkAST visits every node below v, outer nodes first: enter is called
// before a node's children and the function it returns, if any, after
// them. goja's AST has no visitor, and a typed walk would repeat all forty
// node types. DeclarationList repeats the declarations of a body and File
// is not syntax, so neither is followed.
func walkAST(v reflect.Value, enter func(ast.Node) func()) {
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			walkAST(v.Elem(), enter)
		}
	case reflect.Pointer:
		if v.IsNil() || v.Elem().Kind() != reflect.Struct {
			return
		}
		var leave func()
		if v.Type().Implements(nodeIface) {
			leave = enter(v.Interface().(ast.Node))
		}
		walkAST(v.Elem(), enter)
		if leave != nil {
			leave()
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			if f := t.Field(i); f.IsExported() && f.Name != "DeclarationList" && f.Name != "File" {
				walkAST(v.Field(i), enter)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkAST(v.Index(i), enter)
		}
	}
}
