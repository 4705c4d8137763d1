package wxml

import (
	"strconv"
	"strings"
)

// dumpFile is a compact one-line form of the AST for tests: elements as
// <tag a="lit" b={{expr}}>children</tag>, text as "lit"+{{expr}},
// [if {{c}} node | elif ... | else node], for(list item,index key=k)
// node, call(is data), include(src top); then the hoisted declarations.
func dumpFile(f *File) string {
	var b strings.Builder
	dumpNodes(&b, f.Nodes)
	for _, t := range f.Templates {
		b.WriteString(" #template " + t.Name + "{")
		dumpNodes(&b, t.Children)
		b.WriteString("}")
	}
	for _, im := range f.Imports {
		b.WriteString(" #import " + im.Src)
	}
	for _, m := range f.Wxs {
		b.WriteString(" #wxs " + m.Module)
		if m.Src != "" {
			b.WriteString(" src=" + m.Src)
		} else {
			b.WriteString(" " + strconv.Quote(m.Code))
		}
	}
	return strings.TrimSpace(b.String())
}

func dumpNodes(b *strings.Builder, ns []Node) {
	for i, n := range ns {
		if i > 0 {
			b.WriteString(" ")
		}
		dumpNode(b, n)
	}
}

func dumpNode(b *strings.Builder, n Node) {
	switch n := n.(type) {
	case *Text:
		b.WriteString(dumpValue(n.Value))
	case *Element:
		b.WriteString("<" + n.Tag)
		for _, a := range n.Attrs {
			b.WriteString(" " + a.Name)
			if a.Value != nil {
				b.WriteString("=" + dumpValue(a.Value))
			}
		}
		if len(n.Children) == 0 {
			b.WriteString("/>")
			return
		}
		b.WriteString(">")
		dumpNodes(b, n.Children)
		b.WriteString("</" + n.Tag + ">")
	case *IfChain:
		b.WriteString("[")
		for i, br := range n.Branches {
			if i > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(strings.TrimPrefix(br.Kind, "wx:"))
			if br.Cond != nil {
				b.WriteString(" " + dumpValue(br.Cond))
			}
			b.WriteString(" ")
			dumpNode(b, br.Body)
		}
		b.WriteString("]")
	case *For:
		b.WriteString("for(" + dumpValue(n.List) + " " + n.Item + "," + n.Index)
		if n.HasKey {
			b.WriteString(" key=" + n.Key)
		}
		b.WriteString(") ")
		dumpNode(b, n.Body)
	case *TemplateCall:
		b.WriteString("call(" + dumpValue(n.Is))
		if n.Data != nil {
			b.WriteString(" " + dumpExpr(n.Data))
		}
		if n.DataText != nil {
			b.WriteString(" text:" + dumpValue(n.DataText))
		}
		b.WriteString(")")
	case *Include:
		b.WriteString("include(" + n.Src)
		if n.TopLevel {
			b.WriteString(" top")
		}
		b.WriteString(")")
	}
}

func dumpValue(v *Value) string {
	if v == nil {
		return "nil"
	}
	var parts []string
	for _, p := range v.Parts {
		if p.Expr != nil {
			parts = append(parts, "{{"+dumpExpr(p.Expr)+"}}")
		} else {
			parts = append(parts, strconv.Quote(p.Literal))
		}
	}
	return strings.Join(parts, "+")
}

// dumpExpr prints an expression fully parenthesized.
func dumpExpr(e Expr) string {
	switch e := e.(type) {
	case *EEmpty:
		return ""
	case *ENumber:
		return strconv.FormatFloat(e.Value, 'g', -1, 64)
	case *EString:
		return strconv.Quote(e.Value)
	case *EBool:
		return strconv.FormatBool(e.Value)
	case *ENull:
		return "null"
	case *EIdent:
		return e.Name
	case *EDot:
		return dumpExpr(e.Target) + "." + e.Name
	case *EIndex:
		return dumpExpr(e.Target) + "[" + dumpExpr(e.Index) + "]"
	case *ECall:
		var args []string
		for _, a := range e.Args {
			args = append(args, dumpExpr(a))
		}
		return dumpExpr(e.Target) + "(" + strings.Join(args, ", ") + ")"
	case *EUnary:
		return "(" + e.Op + dumpExpr(e.X) + ")"
	case *EBinary:
		return "(" + dumpExpr(e.L) + " " + e.Op + " " + dumpExpr(e.R) + ")"
	case *ECond:
		return "(" + dumpExpr(e.Test) + " ? " + dumpExpr(e.Yes) + " : " + dumpExpr(e.No) + ")"
	case *EArray:
		var items []string
		for _, it := range e.Items {
			items = append(items, dumpExpr(it))
		}
		return "[" + strings.Join(items, ", ") + "]"
	case *EObject:
		var props []string
		for _, p := range e.Props {
			switch {
			case p.Spread:
				props = append(props, "..."+dumpExpr(p.Value))
			case p.Shorthand:
				props = append(props, p.Key)
			default:
				props = append(props, p.Key+": "+dumpExpr(p.Value))
			}
		}
		return "{" + strings.Join(props, ", ") + "}"
	}
	return "?"
}
