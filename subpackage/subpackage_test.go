package subpackage

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mpc-dev/mpc/diag"
)

// app is main + a (normal) + b (normal) + ind (independent).
func app() *Layout {
	return NewLayout(
		Package{Name: "a", Root: "a/"},
		Package{Name: "pkgs/b", Root: "pkgs/b/"},
		Package{Name: "ind", Root: "ind/", Independent: true},
	)
}

func TestNormalizeRoot(t *testing.T) {
	for in, want := range map[string]string{
		"pkgA": "pkgA/", "/pkgA": "pkgA/", "pkgA/": "pkgA/", "./pkgA//x/": "pkgA/x/", "": "", ".": "", "/": "",
	} {
		if got := NormalizeRoot(in); got != want {
			t.Errorf("NormalizeRoot(%q) = %q, want %q", in, got, want)
		}
	}
}

func expectOf(t *testing.T, p string, want int) {
	t.Helper()
	if got := app().Of(p); got != want {
		t.Errorf("Of(%q) = %d, want %d", p, got, want)
	}
}

func TestOf(t *testing.T) {
	expectOf(t, "pages/index/index.js", Main)
	expectOf(t, "a/pages/x.wxml", 1)
	expectOf(t, "ab/x.wxml", Main) // a root is a folder, not a prefix
	expectOf(t, "a", Main)
	expectOf(t, "pkgs/b/c.js", 2)
	expectOf(t, "pkgs/c.js", Main)
	expectOf(t, "ind/p.js", 3)
}

func expectRoots(t *testing.T, roots string, want string) {
	t.Helper()
	var got []string
	for _, p := range CheckRoots(strings.Split(roots, ",")) {
		got = append(got, fmt.Sprintf("%d>%d:%v", p.Outer, p.Inner, p.Same))
	}
	if s := strings.Join(got, " "); s != want {
		t.Errorf("CheckRoots(%s) = %q, want %q", roots, s, want)
	}
}

func TestCheckRoots(t *testing.T) {
	expectRoots(t, "a/,b/", "")
	expectRoots(t, "a/,a/b/", "0>1:false")
	expectRoots(t, "a/b/,a/", "1>0:false")
	expectRoots(t, "a/,a/", "0>1:true")
	expectRoots(t, "a/,ab/", "")
	expectRoots(t, "a/,,a/", "0>2:true")
}

func expectRef(t *testing.T, from, to int, want Verdict) {
	t.Helper()
	if got := app().Ref(from, to); got != want {
		t.Errorf("Ref(%d, %d) = %d, want %d", from, to, got, want)
	}
}

func TestRef(t *testing.T) {
	expectRef(t, Main, Main, Allowed)
	expectRef(t, 1, Main, Allowed)
	expectRef(t, 1, 1, Allowed)
	expectRef(t, Main, 1, Illegal)
	expectRef(t, 1, 2, Illegal)
	expectRef(t, 3, Main, CopyIn)
	expectRef(t, 3, 3, Allowed)
	expectRef(t, 1, 3, Illegal)
	expectRef(t, Main, 3, Illegal)
}

func TestRefText(t *testing.T) {
	l := app()
	for _, c := range []struct {
		from, to int
		want     string
	}{
		{Main, 1, "the main package cannot use files of subpackage a"},
		{1, 2, "subpackage a cannot use files of subpackage pkgs/b"},
		{3, Main, "independent subpackage ind cannot use files of the main package"},
	} {
		if got := l.RefText(c.from, c.to); got != c.want {
			t.Errorf("RefText(%d, %d) = %q, want %q", c.from, c.to, got, c.want)
		}
	}
}

func expectPlace(t *testing.T, home int, users []int, s Strategy, want string) {
	t.Helper()
	if got := fmt.Sprint(app().Place(home, users, s)); got != want {
		t.Errorf("Place(%d, %v, %v) = %s, want %s", home, users, s, got, want)
	}
}

func TestPlace(t *testing.T) {
	expectPlace(t, Main, []int{Main}, Copy, "[0]")
	expectPlace(t, Main, []int{Main, 1, 2}, Copy, "[0]")
	expectPlace(t, Main, []int{1}, Copy, "[1]")
	expectPlace(t, Main, []int{1}, Hoist, "[1]")
	expectPlace(t, Main, []int{2, 1, 2}, Copy, "[1 2]")
	expectPlace(t, Main, []int{2, 1}, Hoist, "[0]")
	expectPlace(t, Main, []int{3}, Copy, "[3]")
	expectPlace(t, Main, []int{Main, 3}, Hoist, "[0 3]")
	expectPlace(t, Main, []int{1, 3}, Hoist, "[1 3]")
	expectPlace(t, Main, nil, Copy, "[]")
	expectPlace(t, 1, []int{1, 2}, Copy, "[1]")
}

func TestLocation(t *testing.T) {
	l := app()
	for _, c := range []struct {
		p      string
		pkg    int
		placed []int
		want   string
	}{
		{"utils/x.js", Main, []int{Main}, "utils/x.js"},
		{"utils/x.js", 1, []int{Main}, "utils/x.js"},
		{"utils/x.js", 1, []int{1, 2}, "a/_shared/utils/x.js"},
		{"utils/x.js", 2, []int{1, 2}, "pkgs/b/_shared/utils/x.js"},
		{"utils/x.js", 3, []int{0, 3}, "ind/_shared/utils/x.js"},
		{"a/x.js", 1, []int{1}, "a/x.js"},
	} {
		if got := l.Location(c.p, c.pkg, c.placed); got != c.want {
			t.Errorf("Location(%q, %d, %v) = %q, want %q", c.p, c.pkg, c.placed, got, c.want)
		}
	}
}

func TestParseStrategy(t *testing.T) {
	if s, ok := ParseStrategy("hoist"); !ok || s != Hoist {
		t.Error("hoist")
	}
	if s, ok := ParseStrategy("copy"); !ok || s != Copy {
		t.Error("copy")
	}
	if _, ok := ParseStrategy("dup"); ok {
		t.Error("dup accepted")
	}
}

func msgs(ms []diag.Msg) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(m.Format(diag.FormatOptions{}))
	}
	return b.String()
}

func TestMeasure(t *testing.T) {
	sizes := app().Measure([]File{
		{"app.js", 10}, {"a/p.js", 5}, {"a/p.js.map", 100}, {"project.config.json", 50},
		{"ind/x.png", 7}, {"pkgs/b/y.wxml", 1}, {"pkgs/z.js", 2},
	})
	got := ""
	for _, s := range sizes {
		got += fmt.Sprintf("%d:%d/%d ", s.Pkg, s.Bytes, len(s.Files))
	}
	if want := "0:12/2 1:5/1 2:1/1 3:7/1 "; got != want {
		t.Errorf("Measure = %q, want %q", got, want)
	}
}

func TestKBOf(t *testing.T) {
	for in, want := range map[int64]int64{0: 0, 1: 1, 1024: 1, 1025: 2, 2048 * 1024: 2048} {
		if got := KBOf(in); got != want {
			t.Errorf("KBOf(%d) = %d, want %d", in, got, want)
		}
	}
}

func TestCheckSizes(t *testing.T) {
	l := app()
	files := []File{{"app.js", 3000}, {"big.png", 2000}, {"a/x.js", 100}, {"c.js", 10}, {"d.js", 10}, {"e.js", 10}, {"f.js", 5}}
	sizes := l.Measure(files)
	got := msgs(l.CheckSizes(sizes, Limits{Main: 4 * KB, Sub: 50, Total: 5 * KB}))
	want := `error: main package source size 5KB exceeds max limit 4KB
note: 3KB app.js
note: 2KB big.png
note: 1KB c.js
note: 1KB d.js
note: 1KB e.js
error: subpackage "a" source size 1KB exceeds max limit 1KB
note: 1KB a/x.js
error: total source size 6KB exceeds max limit 5KB
note: 3KB app.js
note: 2KB big.png
note: 1KB a/x.js
note: 1KB c.js
note: 1KB d.js
`
	if got != want {
		t.Errorf("CheckSizes:\n%s\nwant:\n%s", got, want)
	}
	if got := l.CheckSizes(sizes, DefaultLimits); got != nil {
		t.Errorf("CheckSizes(default) = %v", got)
	}
	if got := l.CheckSizes(sizes, Limits{}); got != nil {
		t.Errorf("CheckSizes(no limits) = %v", got)
	}
}

func TestCheckPreload(t *testing.T) {
	l := app()
	sizes := l.Measure([]File{{"a/x.js", 3 * KB}, {"pkgs/b/y.js", 2 * KB}})
	rules := []Preload{{Page: "pages/index/index", Pkgs: []int{1, 2}}, {Page: "a/p", Pkgs: []int{2}}}
	got := msgs(l.CheckPreload(rules, sizes, Limits{Preload: 4 * KB}))
	want := `error: preloadRule of page "pages/index/index" downloads 5KB, over the preload limit 4KB
note: 3KB subpackage "a"
note: 2KB subpackage "pkgs/b"
`
	if got != want {
		t.Errorf("CheckPreload:\n%s\nwant:\n%s", got, want)
	}
}

func TestCheckCount(t *testing.T) {
	if _, ok := CheckCount(100); !ok {
		t.Error("100 rejected")
	}
	if msg, ok := CheckCount(101); ok || msg != `["subPackages"] exceed limit 100 (found 101)` {
		t.Errorf("CheckCount(101) = %q, %v", msg, ok)
	}
}
