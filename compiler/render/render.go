// Package render runs generated WXML render modules in an embedded JS
// engine (goja) and returns the canonical virtual DOM ("mpc-vdom/1") that
// ../shared/oracle/wxml-vdom.js prints for wcc. It is mpc's own renderer:
// wcc is never involved.
package render

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/mpc-dev/mpc/compiler"
	"github.com/mpc-dev/mpc/compiler/codegen"
	"github.com/mpc-dev/mpc/compiler/wxs"
)

var (
	baseOnce sync.Once
	baseProg *goja.Program
	baseErr  error
)

// base compiles the runtime and the wxs library once per process.
func base() (*goja.Program, error) {
	baseOnce.Do(func() {
		src := codegen.Runtime + "\n" + wxs.Prelude + codegen.WxsPrelude
		baseProg, baseErr = goja.Compile("mpc-runtime.js", src, false) // sloppy, like wcc
	})
	return baseProg, baseErr
}

// Host is a JS engine loaded with one compiled set of files. A Host is not
// safe for concurrent use; make one per goroutine.
type Host struct {
	vm         *goja.Runtime
	renderJSON goja.Callable
}

// Options for one render.
type Options struct {
	Virtual  bool // keep virtual nodes (wx:for items, wx:if holders) with their keys
	RawText  bool // do not merge adjacent text nodes
	Coverage bool // report which branches and loop bodies rendered
	Warnings bool // collect runtime warnings (missing templates, ...)
	// Timeout stops a render that runs too long (a wxs loop that never
	// ends: wcc itself runs out of memory on some); 0 means DefaultTimeout.
	Timeout time.Duration
}

// DefaultTimeout bounds one render.
const DefaultTimeout = 10 * time.Second

// maxCallStack is goja's call depth limit (see NewHost).
const maxCallStack = 20000

// Result of one render.
type Result struct {
	VDOM     string   // canonical JSON, compact
	Coverage []string // ids of rendered branches ("./a.wxml:b0") and loop bodies ("./a.wxml:l1")
	Warnings []string
}

// NewHost loads the set's generated modules.
func NewHost(set *compiler.Set) (*Host, error) {
	prog, err := base()
	if err != nil {
		return nil, fmt.Errorf("runtime: %v", err)
	}
	vm := goja.New()
	// Infinite recursion in wxs fails fast instead of running until the
	// timeout. V8 (where wcc's output runs) stops simple recursion near
	// 11,000 frames and its RangeError leaves the module undefined; goja's
	// overflow cannot be caught from JS, so the render fails instead
	// (docs/parity.md). Deep template nesting stays far below this.
	vm.SetMaxCallStackSize(maxCallStack)
	if _, err := vm.RunProgram(prog); err != nil {
		return nil, fmt.Errorf("runtime: %v", err)
	}
	if _, err := vm.RunScript("modules.js", set.JS()); err != nil {
		return nil, fmt.Errorf("generated code: %v", err)
	}
	r := vm.Get("R").ToObject(vm)
	fn, ok := goja.AssertFunction(r.Get("renderJSON"))
	if !ok {
		return nil, fmt.Errorf("runtime: no renderJSON")
	}
	return &Host{vm: vm, renderJSON: fn}, nil
}

// Render renders the file key (e.g. "./pages/a.wxml") with data (JSON text).
func (h *Host) Render(key, dataJSON string, o Options) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("render: %v", r)
		}
	}()
	timeout := o.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	timer := time.AfterFunc(timeout, func() { h.vm.Interrupt("render stopped after " + timeout.String()) })
	defer func() {
		timer.Stop()
		h.vm.ClearInterrupt()
	}()
	opts := h.vm.NewObject()
	opts.Set("virtual", o.Virtual)
	opts.Set("rawText", o.RawText)
	opts.Set("coverage", o.Coverage)
	opts.Set("warnings", o.Warnings)
	v, err := h.renderJSON(goja.Undefined(), h.vm.ToValue(key), h.vm.ToValue(dataJSON), opts)
	if err != nil {
		msg := err.Error()
		if ex, ok := err.(*goja.Exception); ok {
			msg = ex.Value().String()
		} else if ie, ok := err.(*goja.InterruptedError); ok {
			msg = fmt.Sprint(ie.Value())
		} else if _, ok := err.(*goja.StackOverflowError); ok {
			msg = "maximum call stack size exceeded (infinite recursion in wxs?)"
		}
		return res, fmt.Errorf("render error: %s", strings.TrimSpace(msg))
	}
	out := v.ToObject(h.vm)
	res.VDOM = out.Get("vdom").String()
	if c := out.Get("coverage"); c != nil && !goja.IsUndefined(c) {
		h.vm.ExportTo(c, &res.Coverage)
	}
	if w := out.Get("warnings"); w != nil && !goja.IsUndefined(w) && !goja.IsNull(w) {
		h.vm.ExportTo(w, &res.Warnings)
	}
	return res, nil
}
