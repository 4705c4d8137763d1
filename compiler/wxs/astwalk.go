package wxs

import (
	"reflect"
	"sync"
	"sync/atomic"

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
		if v.IsNil() {
			return
		}
		st := shapeOf(v.Type())
		if st == nil {
			return
		}
		var leave func()
		if st.node {
			leave = enter(v.Interface().(ast.Node))
		}
		walkStruct(v.Elem(), st, enter)
		if leave != nil {
			leave()
		}
	case reflect.Struct:
		walkStruct(v, shapeOf(reflect.PointerTo(v.Type())), enter)
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkAST(v.Index(i), enter)
		}
	}
}

func walkStruct(v reflect.Value, st *shape, enter func(ast.Node) func()) {
	for _, i := range st.fields {
		walkAST(v.Field(i), enter)
	}
}

// shape is what the walk needs of a struct type, worked out once per type:
// reflecting over every field of every node was a third of checking wxs.
type shape struct {
	node   bool  // *T is an ast.Node
	fields []int // the fields that may hold nodes
}

// shapes maps a pointer type to its *shape (nil: not a pointer to a
// struct). It is copied on write: goja's AST has a few dozen types, all
// seen in the first files, and a plain map read is several times cheaper
// than a sync.Map's.
var (
	shapes   atomic.Pointer[map[reflect.Type]*shape]
	shapesMu sync.Mutex
)

func shapeOf(pt reflect.Type) *shape {
	if m := shapes.Load(); m != nil {
		if s, ok := (*m)[pt]; ok {
			return s
		}
	}
	var s *shape
	if t := pt.Elem(); t.Kind() == reflect.Struct {
		s = &shape{node: pt.Implements(nodeIface)}
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() && f.Name != "DeclarationList" && f.Name != "File" && mayHoldNode(f.Type) {
				s.fields = append(s.fields, i)
			}
		}
	}
	shapesMu.Lock()
	defer shapesMu.Unlock()
	m := map[reflect.Type]*shape{pt: s}
	if old := shapes.Load(); old != nil {
		for k, v := range *old {
			m[k] = v
		}
	}
	shapes.Store(&m)
	return s
}

// mayHoldNode is false for fields of plain data (names, positions, flags).
func mayHoldNode(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Interface, reflect.Pointer, reflect.Struct:
		return true
	case reflect.Slice, reflect.Array:
		return mayHoldNode(t.Elem())
	}
	return false
}
