package render

import (
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mpc-dev/mpc/compiler"
	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/internal/cases"
)

// renderCase compiles and renders one case in memory; it returns the
// canonical JSON, or "error" with the messages when compilation fails.
func renderCase(t testing.TB, c *cases.Case) (string, string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range c.Files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	l := compiler.NewLoader(fsys)
	set := l.Closure([]string{compiler.Key(c.Entry)})
	if set.HasErrors() {
		var b strings.Builder
		for _, m := range set.Msgs() {
			if m.Kind == diag.Error {
				b.WriteString(m.String())
			}
		}
		return "error", b.String()
	}
	h, err := NewHost(set)
	if err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	res, err := h.Render(compiler.Key(c.Entry), c.Data, Options{Virtual: c.Virtual, RawText: c.RawText})
	if err != nil {
		return "render-error", err.Error()
	}
	return res.VDOM, ""
}

// The cases in testdata/render (their expectations are re-checked against
// wcc by internal/parity).
func TestRenderCases(t *testing.T) {
	all, err := cases.Load(filepath.Join("..", "..", "testdata", "render"))
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range all {
		got, msgs := renderCase(t, c)
		if got != c.Want {
			t.Errorf("%s:%d: %s\n got: %s %s\nwant: %s", c.File, c.Line, c.Name, got, msgs, c.Want)
		}
	}
}

func BenchmarkRenderCases(b *testing.B) {
	all, _ := cases.Load(filepath.Join("..", "..", "testdata", "render"))
	for i := 0; i < b.N; i++ {
		for _, c := range all {
			renderCase(b, c)
		}
	}
}

func TestTimeout(t *testing.T) {
	fsys := fstest.MapFS{"a.wxml": &fstest.MapFile{Data: []byte(`<wxs module="m">module.exports = {f: function() { var a = []; while (true) { a.push(1) } }}</wxs>{{m.f()}}`)}}
	set := compiler.NewLoader(fsys).Closure([]string{"./a.wxml"})
	h, err := NewHost(set)
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.Render("./a.wxml", "{}", Options{Timeout: 100 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "render stopped after 100ms") {
		t.Fatalf("want a timeout error, got %v", err)
	}
	// the host stays usable
	if _, err := h.Render("./a.wxml", "{}", Options{Timeout: 100 * time.Millisecond}); err == nil {
		t.Fatal("second render should time out too")
	}
}
