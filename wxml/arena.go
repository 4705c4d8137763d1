package wxml

// An Arena holds the nodes of parsed files so that their memory can be
// used again for the next file, once nothing refers to the previous one's
// tree (ParseArena). A one-shot `mpc compile` does not collect garbage, so
// without it every node of every file is fresh memory: a page fault per
// 4 KB and an allocation per node, a third of the parser's time.
//
// It holds the most frequent node types in chunks; the others, and slices,
// are ordinary allocations. The zero Arena is ready to use; a nil *Arena
// allocates every node on its own, as Parse does.
type Arena struct {
	attrs    slab[attrBlock]
	texts    slab[textBlock]
	values   slab[valueBlock]
	elements slab[Element]
	chains   slab[chainBlock]
	idents   slab[EIdent]
	dots     slab[EDot]
	indexes  slab[EIndex]
	calls    slab[ECall]
	binaries slab[EBinary]
	conds    slab[ECond]
	strings  slab[EString]
	numbers  slab[ENumber]

	nodes    slab[Node]  // children
	attrPtrs slab[*Attr] // elements' attributes
	parts    slab[Part]  // values of more than one part
}

// Reset makes all of a's memory available again. Every node parsed into a
// becomes invalid: the caller must hold no pointer into those trees.
func (a *Arena) Reset() {
	a.attrs.reset()
	a.texts.reset()
	a.values.reset()
	a.elements.reset()
	a.chains.reset()
	a.idents.reset()
	a.dots.reset()
	a.indexes.reset()
	a.calls.reset()
	a.binaries.reset()
	a.conds.reset()
	a.strings.reset()
	a.numbers.reset()
	a.nodes.reset()
	a.attrPtrs.reset()
	a.parts.reset()
}

// One allocation for an attribute, its value and (usually) its only part;
// the same for text and for a value alone.
type attrBlock struct {
	attr Attr
	val  Value
	part [1]Part
}

type textBlock struct {
	text Text
	val  Value
	part [1]Part
}

type valueBlock struct {
	val  Value
	part [1]Part
}

// An if chain with its first branch and room for a second.
type chainBlock struct {
	chain    IfChain
	branch   IfBranch
	branches [2]*IfBranch
}

// Each returns a zero node from a, or from the heap when a is nil.

func (a *Arena) newAttr() *attrBlock {
	if a == nil {
		return new(attrBlock)
	}
	return a.attrs.alloc()
}

func (a *Arena) newText() *textBlock {
	if a == nil {
		return new(textBlock)
	}
	return a.texts.alloc()
}

func (a *Arena) newValue() *valueBlock {
	if a == nil {
		return new(valueBlock)
	}
	return a.values.alloc()
}

func (a *Arena) newElement() *Element {
	if a == nil {
		return new(Element)
	}
	return a.elements.alloc()
}

func (a *Arena) newChain() *chainBlock {
	if a == nil {
		return new(chainBlock)
	}
	return a.chains.alloc()
}

func (a *Arena) newIdent() *EIdent {
	if a == nil {
		return new(EIdent)
	}
	return a.idents.alloc()
}

func (a *Arena) newDot() *EDot {
	if a == nil {
		return new(EDot)
	}
	return a.dots.alloc()
}

func (a *Arena) newIndex() *EIndex {
	if a == nil {
		return new(EIndex)
	}
	return a.indexes.alloc()
}

func (a *Arena) newCall() *ECall {
	if a == nil {
		return new(ECall)
	}
	return a.calls.alloc()
}

func (a *Arena) newBinary() *EBinary {
	if a == nil {
		return new(EBinary)
	}
	return a.binaries.alloc()
}

func (a *Arena) newCond() *ECond {
	if a == nil {
		return new(ECond)
	}
	return a.conds.alloc()
}

func (a *Arena) newStr() *EString {
	if a == nil {
		return new(EString)
	}
	return a.strings.alloc()
}

func (a *Arena) newNumber() *ENumber {
	if a == nil {
		return new(ENumber)
	}
	return a.numbers.alloc()
}

const slabChunk = 128

// slab hands out Ts from chunks, which reset keeps (cleared) for reuse.
type slab[T any] struct {
	chunks [][]T
	i, n   int // the next T is chunks[i][n]
}

func (s *slab[T]) alloc() *T { return &s.take(1)[0] }

// take returns n zero Ts, n <= slabChunk, as a slice whose capacity is n
// (appending to it copies it out).
func (s *slab[T]) take(n int) []T {
	for {
		if s.i < len(s.chunks) {
			if c := s.chunks[s.i]; s.n+n <= len(c) {
				s.n += n
				return c[s.n-n : s.n : s.n]
			}
			s.i, s.n = s.i+1, 0
			continue
		}
		s.chunks = append(s.chunks, make([]T, slabChunk))
	}
}

// The slabs of slices, for copyOf and take.
var (
	nodesOf    = func(a *Arena) *slab[Node] { return &a.nodes }
	attrPtrsOf = func(a *Arena) *slab[*Attr] { return &a.attrPtrs }
	partsOf    = func(a *Arena) *slab[Part] { return &a.parts }
)

// copyOf returns a copy of xs from a's slab picked by pick, or from the
// heap when a is nil or xs is long; nil for an empty xs.
func copyOf[T any](a *Arena, pick func(*Arena) *slab[T], xs []T) []T {
	if len(xs) == 0 {
		return nil
	}
	if a == nil || len(xs) > slabChunk/4 {
		return append([]T(nil), xs...)
	}
	d := pick(a).take(len(xs))
	copy(d, xs)
	return d
}

// take returns the scratch slice *s for a node: with an arena a copy, so
// that *s stays for reuse; without one *s itself, which is then cleared.
func take[T any](a *Arena, pick func(*Arena) *slab[T], s *[]T) []T {
	if a != nil {
		return copyOf(a, pick, *s)
	}
	c := *s
	*s = nil
	if len(c) == 0 {
		return nil
	}
	return c
}

func (s *slab[T]) reset() {
	for i := 0; i < s.i && i < len(s.chunks); i++ {
		clear(s.chunks[i])
	}
	if s.i < len(s.chunks) {
		clear(s.chunks[s.i][:s.n])
	}
	s.i, s.n = 0, 0
}
