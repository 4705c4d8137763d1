package bundler

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/subpackage"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/build")

// snapshot lists every output file with its package and size, and the
// contents of the text files, so a change in placement, rewriting or
// printing shows as a diff.
func snapshot(res *Result) string {
	var b strings.Builder
	for _, f := range res.Files {
		fmt.Fprintf(&b, "== %s [%s] %d\n", f.Path, res.Report.Packages[f.Pkg].Name, len(f.Data))
	}
	for _, f := range res.Files {
		if kindOf(f.Path) == kAsset {
			continue
		}
		fmt.Fprintf(&b, "\n--- %s\n%s", f.Path, f.Data)
		if len(f.Data) > 0 && f.Data[len(f.Data)-1] != '\n' {
			b.WriteString("\n")
		}
	}
	return b.String()
}

func expectGolden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("..", "testdata", "build", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./bundler -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the build (go test ./bundler -update to accept):\n%s", name, firstDiff(string(want), got))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, x, y)
		}
	}
	return ""
}

func msgLines(ms []diag.Msg) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(m.String())
	}
	return b.String()
}

func buildApp(t *testing.T, o Options) *Result {
	t.Helper()
	o.FS = os.DirFS(filepath.Join("..", "testdata", "app"))
	res, err := Build(o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed() {
		t.Fatalf("build failed:\n%s", msgLines(res.Log.Sorted()))
	}
	return res
}

func TestAppSnapshot(t *testing.T) {
	res := buildApp(t, Options{Limits: subpackage.DefaultLimits})
	expectGolden(t, "app.txt", snapshot(res))
	data, _ := json.MarshalIndent(res.Report, "", "  ")
	expectGolden(t, "app.report.json", string(data)+"\n")
	expectGolden(t, "app.table.txt", res.Report.Table()+msgLines(res.Log.Sorted()))
	if len(res.SizeMsgs) != 0 {
		t.Errorf("size messages under the default limits: %s", msgLines(res.SizeMsgs))
	}
}

func TestAppHoist(t *testing.T) {
	res := buildApp(t, Options{Shared: subpackage.Hoist, Limits: subpackage.DefaultLimits, Minify: true})
	var b strings.Builder
	for _, f := range res.Files {
		fmt.Fprintf(&b, "%s [%s]\n", f.Path, res.Report.Packages[f.Pkg].Name)
	}
	expectGolden(t, "app-hoist.tree.txt", b.String())
}

func TestAppSizeGate(t *testing.T) {
	res := buildApp(t, Options{Limits: subpackage.Limits{Main: 2048 * subpackage.KB, Sub: 100 * subpackage.KB, Total: 150 * subpackage.KB, Preload: 120 * subpackage.KB}})
	got := ""
	for _, m := range res.SizeMsgs {
		got += m.Format(diag.FormatOptions{})
	}
	expectGolden(t, "app.size-gate.txt", got)
	if !strings.Contains(got, `subpackage "pkgB" source size`) || !strings.Contains(got, "exceeds max limit 100KB") {
		t.Errorf("no pkgB limit message:\n%s", got)
	}
}

// expectBuild builds a MapFS project and compares the sorted messages
// (one-line form) with want.
func expectBuild(t *testing.T, files map[string]string, want string) *Result {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, c := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(c)}
	}
	res, err := Build(Options{FS: fsys, Limits: subpackage.DefaultLimits})
	if err != nil {
		t.Fatal(err)
	}
	if got := msgLines(res.Log.Sorted()); got != want {
		t.Errorf("messages:\n%s\nwant:\n%s", got, want)
	}
	return res
}

func page(name string) map[string]string {
	return map[string]string{name + ".wxml": "<view/>", name + ".js": "Page({})"}
}

func app(appJSON string, more ...map[string]string) map[string]string {
	files := map[string]string{"app.json": appJSON, "app.js": "App({})"}
	for _, m := range more {
		for k, v := range m {
			files[k] = v
		}
	}
	return files
}

func expectFiles(t *testing.T, res *Result, want string) {
	t.Helper()
	var got []string
	for _, f := range res.Files {
		got = append(got, f.Path)
	}
	if g := strings.Join(got, " "); g != want {
		t.Errorf("files:\n  got  %s\n  want %s", g, want)
	}
}

func TestValidation(t *testing.T) {
	expectBuild(t, app(`{"pages": ["p/a"]}`),
		"app.json:1:12: error: [\"pages\"][0]: \"p/a\" could not find the corresponding file: \"p/a.js\"\n"+
			"app.json:1:12: error: [\"pages\"][0]: \"p/a\" could not find the corresponding file: \"p/a.wxml\"\n")
	expectBuild(t, app(`{"pages": ["a", "a"]}`, page("a")),
		"app.json:1:17: error: [\"pages\"][1]: \"a\" is repeated in the pages of the app\n")
	expectBuild(t, app(`{"pages": ["a"], "subPackages": [{"root": "s", "pages": ["b"]}, {"root": "s/t", "pages": ["c"]}], "tabBar": {"list": [{"pagePath": "s/b"}]}}`,
		page("a"), page("s/b"), page("s/t/c")),
		"app.json:1:74: error: [\"subPackages\"][0][\"root\"] should not contain [\"subPackages\"][1][\"root\"]\n"+
			"app.json:1:132: error: [\"tabBar\"][\"list\"][0][\"pagePath\"]: \"s/b\" need in [\"pages\"] (tabBar pages must be in the main package)\n")
	expectBuild(t, app(`{"pages": ["a", "s/x"], "subpackages": [{"root": "s", "pages": ["b"]}]}`, page("a"), page("s/b"), page("s/x")),
		"app.json:1:17: error: [\"pages\"][1]: \"s/x\" Should not exist in subpackage \"s\"\n")
	var subs []string
	files := app("", page("a"))
	for i := 0; i < 101; i++ {
		subs = append(subs, fmt.Sprintf(`{"root": "s%d", "pages": ["p"]}`, i))
		for k, v := range page(fmt.Sprintf("s%d/p", i)) {
			files[k] = v
		}
	}
	files["app.json"] = `{"pages": ["a"], "subPackages": [` + strings.Join(subs, ",") + `]}`
	expectBuild(t, files, "app.json:1:18: error: [\"subPackages\"] exceed limit 100 (found 101)\n")
	expectBuild(t, app(`{"pages": ["a"], "preloadRule": {"a": {"packages": ["nope"]}, "zz": {}}, "entryPagePath": "q"}`, page("a")),
		"app.json:1:53: error: [\"preloadRule\"][\"a\"][\"packages\"][0]: nope not found\n"+
			"app.json:1:63: error: [\"preloadRule\"][\"zz\"]: Page Path not found\n"+
			"app.json:1:91: error: No entry page defined in pages、subPackages is found in entryPagePath\n")
	expectBuild(t, app(`{"pages": [`), "app.json:1:12: error: invalid JSON: unexpected end of file\n")
}

func TestComponentsAndCrossPackage(t *testing.T) {
	comp := func(base string) map[string]string {
		return map[string]string{base + ".json": `{"component": true}`, base + ".wxml": "<view/>", base + ".js": "Component({})"}
	}
	// Not found, plugin and extended-lib components left alone.
	expectBuild(t, app(`{"pages": ["a"], "useExtendedLib": {"weui": true}}`, page("a"),
		map[string]string{"a.json": `{"usingComponents": {"x": "./nope", "p": "plugin://x/y", "w": "weui-miniprogram/dialog/dialog"}}`}),
		"a.json:1:27: error: [\"usingComponents\"]: component \"x\" not found: \"./nope\" needs ./nope.wxml and ./nope.js\n")
	// main -> subpackage, subpackage -> subpackage, JS across packages.
	two := `{"pages": ["a"], "subPackages": [{"root": "s", "pages": ["p"]}, {"root": "t", "pages": ["q"]}]}`
	expectBuild(t, app(two, page("a"), page("s/p"), page("t/q"), comp("s/c"),
		map[string]string{"a.json": `{"usingComponents": {"c": "/s/c"}}`, "t/q.json": `{"usingComponents": {"c": "../s/c"}}`,
			"t/q.js": "require('../s/util.js')", "s/util.js": "module.exports = 1"}),
		"a.json:1:27: error: the main package cannot use files of subpackage s: \"/s/c\" is s/c.json\n"+
			"t/q.js:1:10: error: subpackage t cannot use files of subpackage s: \"../s/util.js\" is s/util.js\n"+
			"t/q.json:1:27: error: subpackage t cannot use files of subpackage s: \"../s/c\" is s/c.json\n")
	// componentPlaceholder and require.async make them legal.
	res := expectBuild(t, app(two, page("a"), page("s/p"), page("t/q"), comp("s/c"),
		map[string]string{"a.json": `{"usingComponents": {"c": "/s/c"}, "componentPlaceholder": {"c": "view"}}`,
			"t/q.js": "require.async('../s/util.js').then(() => {})", "s/util.js": "module.exports = 1"}),
		"")
	expectFiles(t, res, "a.js a.json a.wxml app.js app.json s/c.js s/c.json s/c.wxml s/p.js s/p.wxml s/util.js t/q.js t/q.wxml")
}

func TestPlacement(t *testing.T) {
	files := app(`{"pages": ["a"], "subPackages": [{"root": "s", "pages": ["p"]}, {"root": "t", "pages": ["q"]}, {"root": "i", "pages": ["r"], "independent": true}]}`,
		page("a"), page("s/p"), page("t/q"), page("i/r"),
		map[string]string{
			"s/p.wxml": `<import src="/tpl/x.wxml"/><image src="../img/y.png"/>`, "t/q.wxml": `<import src="../tpl/x"/>`,
			"tpl/x.wxml": `<template name="x"><include src="z.wxml"/></template>`, "tpl/z.wxml": "Z", "img/y.png": "PNG",
			"s/p.js": "require('../lib/s1.js'); require('../lib/both.js')", "t/q.js": "require('../lib/both.js')",
			"i/r.js": "require('../lib/main.js')", "a.js": "require('./lib/main.js')",
			"lib/s1.js": "exports.s1 = 1", "lib/both.js": "exports.both = 1", "lib/main.js": "exports.main = 1", "lib/unused.js": "",
		})
	res := expectBuild(t, files, "")
	expectFiles(t, res, "a.js a.wxml app.js app.json i/_shared/lib/main.js i/r.js i/r.wxml lib/main.js s/_shared/img/y.png s/_shared/lib/both.js s/_shared/tpl/x.wxml s/_shared/tpl/z.wxml s/p.js s/p.wxml t/_shared/lib/both.js t/_shared/tpl/x.wxml t/_shared/tpl/z.wxml t/q.js t/q.wxml")
	if got := string(fileData(res, "s/p.wxml")); got != `<import src="/s/_shared/tpl/x.wxml"/><image src="./_shared/img/y.png"/>` {
		t.Errorf("s/p.wxml = %q", got)
	}
	if got := res.Report.Unused; len(got) != 1 || got[0].Path != "lib/unused.js" {
		t.Errorf("unused = %v", got)
	}
	fsys := fstest.MapFS{}
	for p, c := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(c)}
	}
	hoisted, err := Build(Options{FS: fsys, Shared: subpackage.Hoist})
	if err != nil || hoisted.Failed() {
		t.Fatal(err, msgLines(hoisted.Log.Sorted()))
	}
	expectFiles(t, hoisted, "a.js a.wxml app.js app.json i/_shared/lib/main.js i/r.js i/r.wxml lib/both.js lib/main.js s/_shared/img/y.png s/p.js s/p.wxml t/q.js t/q.wxml tpl/x.wxml tpl/z.wxml")
}

func fileData(res *Result, p string) []byte {
	for _, f := range res.Files {
		if f.Path == p {
			return f.Data
		}
	}
	return nil
}

func TestPackOptions(t *testing.T) {
	files := app(`{"pages": ["a"]}`, page("a"), map[string]string{
		"project.config.json": `{"packOptions": {"ignore": [{"type": "prefix", "value": "Skip"}, {"type": "regexp", "value": "\\.draft\\."}, {"type": "folder", "value": "raw"}], "include": [{"type": "glob", "value": "raw/**/*.PNG"}]}}`,
		"a.wxml":              `<image src="skip-me.png"/><image src="x.draft.png"/>`, "skip-me.png": "1", "x.draft.png": "2",
		"raw/a/b.png": "3", "raw/c.txt": "4",
	})
	res := expectBuild(t, files, "a.wxml:1:13: warning: file \"skip-me.png\" not found (looked for skip-me.png)\n"+
		"a.wxml:1:39: warning: file \"x.draft.png\" not found (looked for x.draft.png)\n")
	expectFiles(t, res, "a.js a.wxml app.js app.json project.config.json raw/a/b.png")
}

func TestGlob(t *testing.T) {
	for glob, cases := range map[string]map[string]bool{
		"**/*.png":     {"a.png": true, "x/y/a.png": true, "a.jpg": false},
		"a/*.js":       {"a/b.js": true, "a/b/c.js": false},
		"{a,b}/?.wxml": {"a/x.wxml": true, "b/y.wxml": true, "c/z.wxml": false, "a/xy.wxml": false},
	} {
		r := &packRule{typ: "glob"}
		r.re = mustRe(globToRegexp(glob))
		for p, want := range cases {
			if got := r.match(p); got != want {
				t.Errorf("glob %q match %q = %v", glob, p, got)
			}
		}
	}
}

func TestRespec(t *testing.T) {
	for _, c := range []struct{ spec, from, to, want string }{
		{"../tpl/x", "t/q.wxml", "tpl/x.wxml", ""},
		{"../tpl/x", "t/q.wxml", "t/_shared/tpl/x.wxml", "./_shared/tpl/x"},
		{"/img/a.png?v=1", "s/p.wxml", "s/_shared/img/a.png", "/s/_shared/img/a.png?v=1"},
		{"z.wxml", "s/_shared/tpl/x.wxml", "s/_shared/tpl/z.wxml", ""},
		{"z.wxml", "s/_shared/tpl/x.wxml", "tpl/z.wxml", "../../../tpl/z.wxml"},
	} {
		got, _ := respec(c.spec, c.from, c.to)
		if got != c.want {
			t.Errorf("respec(%q, %q, %q) = %q, want %q", c.spec, c.from, c.to, got, c.want)
		}
	}
}

func TestWriteOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dist")
	files := []OutputFile{{Path: "app.json", Data: []byte("{}")}, {Path: "a/b.js", Data: []byte("x")}}
	st, err := WriteOutput(out, files)
	if err != nil || st.Written != 2 {
		t.Fatalf("first write: %+v %v", st, err)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(out, "app.json"), old, old)
	os.WriteFile(filepath.Join(out, "mine.txt"), []byte("user file"), 0o644)
	st, err = WriteOutput(out, []OutputFile{{Path: "app.json", Data: []byte("{}")}, {Path: "c.js", Data: []byte("y")}})
	if err != nil || st.Written != 1 || st.Unchanged != 1 || st.Removed != 1 {
		t.Fatalf("second write: %+v %v", st, err)
	}
	if fi, _ := os.Stat(filepath.Join(out, "app.json")); !fi.ModTime().Equal(old) {
		t.Error("an unchanged file was rewritten")
	}
	if _, err := os.Stat(filepath.Join(out, "a")); err == nil {
		t.Error("the emptied folder a/ was kept")
	}
	if _, err := os.Stat(filepath.Join(out, "mine.txt")); err != nil {
		t.Error("a file mpc did not write was removed")
	}
	ents, _ := os.ReadDir(out)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".mpc-tmp") {
			t.Error("temporary folder left behind")
		}
	}
	// A folder mpc did not write is refused.
	foreign := t.TempDir()
	os.WriteFile(filepath.Join(foreign, "x"), nil, 0o644)
	if _, err := WriteOutput(foreign, files); err == nil {
		t.Error("wrote into a non-empty folder without a manifest")
	}
}

func TestCheckOut(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := checkOut(dir, dir); err == nil {
		t.Error("output = project accepted")
	}
	if _, _, err := checkOut(filepath.Join(dir, "p"), dir); err == nil {
		t.Error("output holding the project accepted")
	}
	if rel, inside, err := checkOut(dir, filepath.Join(dir, "out", "x")); err != nil || !inside || rel != "out/x" {
		t.Errorf("inside: %q %v %v", rel, inside, err)
	}
}

func TestBuildOnDiskExcludesOutput(t *testing.T) {
	dir := t.TempDir()
	for p, c := range app(`{"pages": ["a"]}`, page("a")) {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte(c), 0o644)
	}
	for i := 0; i < 2; i++ {
		res, err := Build(Options{Dir: dir, Out: filepath.Join(dir, "out")})
		if err != nil || res.Failed() {
			t.Fatal(err, msgLines(res.Log.Sorted()))
		}
		if len(res.Report.Unused) != 0 {
			t.Errorf("build %d read its own output: unused %v", i, res.Report.Unused)
		}
		if i == 1 && res.Written.Written != 0 {
			t.Errorf("rebuild rewrote %d files", res.Written.Written)
		}
	}
	// A failed build leaves the output alone.
	os.WriteFile(filepath.Join(dir, "app.json"), []byte(`{"pages": ["a", "missing"]}`), 0o644)
	res, err := Build(Options{Dir: dir, Out: filepath.Join(dir, "out")})
	if err != nil || !res.Failed() {
		t.Fatal("expected a failed build", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "out", "app.json")); !strings.Contains(string(data), `"a"`) || strings.Contains(string(data), "missing") {
		t.Errorf("output changed by a failed build: %s", data)
	}
}

func TestCacheReuse(t *testing.T) {
	c := NewMemCache()
	buildApp(t, Options{Cache: c})
	n := c.Len()
	buildApp(t, Options{Cache: c})
	if c.Len() != n {
		t.Errorf("second build added %d cache entries", c.Len()-n)
	}
}

func mustRe(s string) *regexp.Regexp { return regexp.MustCompile(s) }
