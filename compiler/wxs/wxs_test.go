package wxs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/mpc-dev/mpc/diag"
)

func rewrite(t *testing.T, code string) (string, string) {
	t.Helper()
	var log diag.Log
	src := &diag.Source{Path: "a.wxs", Contents: code}
	js, _ := Rewrite(&log, src, 0, code, func(spec string) (string, bool) {
		return "./" + strings.TrimPrefix(spec, "./"), spec != "./missing.wxs"
	})
	var msgs []string
	for _, m := range log.Sorted() {
		msgs = append(msgs, m.String())
	}
	return js, strings.Join(msgs, "")
}

func expectBody(t *testing.T, code, want string) {
	t.Helper()
	js, msgs := rewrite(t, code)
	if msgs != "" {
		t.Fatalf("%q: unexpected errors:\n%s", code, msgs)
	}
	body := strings.TrimPrefix(js, "function (nv_require) {\nvar nv_module = {nv_exports: {}};\n")
	body = strings.TrimSuffix(body, "\n;return nv_module.nv_exports;\n}")
	if body != want {
		t.Errorf("%q:\n got %q\nwant %q", code, body, want)
	}
}

func expectError(t *testing.T, code, want string) {
	t.Helper()
	_, msgs := rewrite(t, code)
	if !strings.Contains(msgs, want) {
		t.Errorf("%q: want error containing %q, got %q", code, want, msgs)
	}
}

func TestRename(t *testing.T) {
	expectBody(t, `var a = 1; module.exports = {f: a}`, `var nv_a = 1; nv_module.nv_exports = {nv_f: nv_a}`)
	expectBody(t, `var o = {"q": 1, 'r': 2}; o["q"]`, `var nv_o = {"nv_q": 1, "nv_r": 2}; nv_o[wxsKey_("q")]`)
	expectBody(t, `x = c ? "a" : "b"`, `nv_x = nv_c ? "a" : "b"`)
	expectBody(t, `var r = '\d\n\\\''`, `var nv_r = "\\d\n\\\\x27"`)
	expectBody(t, `var l = [1, [2]]; l[0]`, `var nv_l = [1, [2]]; nv_l[wxsKey_(0)]`)
	expectBody(t, `a.new; a.class; a.in; a.try`, `nv_a.nv_new; nv_a.nv_class; nv_a.nv_in; nv_a.nv_try`)
	expectBody(t, `typeof x === 'string'`, `typeof nv_x === "string"`)
	expectBody(t, `function f(x) { return {k: x} }`, `function nv_f(nv_x) {arguments.nv_length=arguments.length; return {nv_k: nv_x} }`)
	expectBody(t, `var g = function (a, b) { return arguments.length }`, `var nv_g = function (nv_a, nv_b) {arguments.nv_length=arguments.length; return arguments.nv_length }`)
	expectBody(t, `var c = require("./c.wxs");`, `var nv_c = nv_require("p_./c.wxs")();`)
	expectBody(t, `switch (x) { case "a": break; default: y = 1 }`, `switch (nv_x) { case "a": break; default: nv_y = 1 }`)
	expectBody(t, `a = b / 2 / c`, `nv_a = nv_b / 2 / nv_c`)
}

// goja's == and ToInt32 differ from V8's: these operators go through the
// prelude's spec-exact helpers (values checked in testdata/render/wxs.txt).
func TestOperators(t *testing.T) {
	expectBody(t, `a == b`, `wxsEq_(nv_a , nv_b)`)
	expectBody(t, `a != b`, `wxsNe_(nv_a , nv_b)`)
	expectBody(t, `a === b; a !== b`, `nv_a === nv_b; nv_a !== nv_b`)
	expectBody(t, `a == null; undefined != b`, `nv_a == null; undefined != nv_b`)
	expectBody(t, `((a)) == (b)`, `wxsEq_(((nv_a)) , (nv_b))`)
	expectBody(t, `(f)(x) == g(y)`, `wxsEq_((nv_f)(nv_x) , nv_g(nv_y))`)
	expectBody(t, `a == b == c`, `wxsEq_(wxsEq_(nv_a , nv_b) , nv_c)`)
	expectBody(t, `x = a & b == c`, `nv_x = wxsI32_(nv_a) & wxsI32_(wxsEq_(nv_b , nv_c))`)
	expectBody(t, `a | 0`, `wxsI32_(nv_a) | 0`)
	expectBody(t, `a | b | c`, `wxsI32_(nv_a) | wxsI32_(nv_b) | wxsI32_(nv_c)`)
	expectBody(t, `~a; ~~a`, `~wxsI32_(nv_a); ~~wxsI32_(nv_a)`)
	expectBody(t, `a >>> (b + 1)`, `wxsI32_(nv_a) >>> wxsI32_((nv_b + 1))`)
	expectBody(t, `x |= y`, `nv_x = wxsI32_(nv_x) |  wxsI32_(nv_y)`)
	expectBody(t, `o.v >>= 1`, `nv_o.nv_v = wxsI32_(nv_o.nv_v) >>  wxsI32_(1)`)
	expectBody(t, `o[k] ^= 1`, `nv_o[wxsKey_(nv_k)] ^= 1`)
	expectBody(t, `"有" == a`, `wxsEq_("有" , nv_a)`)
	expectBody(t, `f(a == 1, [b != 2])`, `nv_f(wxsEq_(nv_a , 1), [wxsNe_(nv_b , 2)])`)
}

func TestNumbers(t *testing.T) {
	expectBody(t, `var a = [0, 10, 1.5, 5., 010, 00]`, `var nv_a = [0, 10, 1.5, 5., 010, 00]`)
	expectBody(t, `var a = [08, 019.5, 0.5]`, `var nv_a = [ 8,  19.5, 0.5]`)
	for _, n := range []string{"0x10", "0X1f", "1e3", "1E3", ".5", "0b1", "0o7", "1_000", "5.5e-2"} {
		expectError(t, "var a = "+n, "invalid number `"+n+"`")
	}
}

func TestRejected(t *testing.T) {
	expectError(t, `let a = 1`, "`let` is not supported")
	expectError(t, `const a = 1`, "`const` is not supported")
	expectError(t, `var f = (a) => a`, "arrow functions")
	expectError(t, "var s = `x`", "template literals")
	expectError(t, `var d = new Date()`, "`new` is not supported")
	expectError(t, `var r = /ab+/g`, "regular expression literals")
	expectError(t, `for (var k in o) {}`, "for...in")
	expectError(t, `var o = {3: 4}`, "numeric object keys")
	expectError(t, `var c = require("./missing.wxs")`, "cannot find WXS module")
	expectError(t, `var a = (1`, "WXS syntax error")
}

// Every .wxs of the public corpus rewrites without errors to code that
// parses (the corpus is fetched by `make corpus`).
func TestCorpusRewrites(t *testing.T) {
	dir := os.Getenv("MPC_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", ".cache", "corpus")
	}
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".wxs") {
			return nil
		}
		b, _ := os.ReadFile(p)
		var log diag.Log
		js, ok := Rewrite(&log, &diag.Source{Path: p, Contents: string(b)}, 0, string(b), func(string) (string, bool) { return "./x.wxs", true })
		if !ok {
			for _, m := range log.Msgs() {
				t.Errorf("%s", m.String())
			}
			return nil
		}
		if _, err := goja.Compile(p, "("+js+")", true); err != nil {
			t.Errorf("%s: rewritten code does not compile: %v", p, err)
		}
		n++
		return nil
	})
	if n == 0 {
		t.Skip("corpus not fetched (run `make corpus`)")
	}
	t.Logf("%d corpus .wxs files rewritten", n)
}
