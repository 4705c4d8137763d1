package analyze

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/analyze")

const testdata = "../testdata/analyze"

func mustRead(t testing.TB, name string) *Report {
	t.Helper()
	r, err := ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// expectGolden compares got with testdata/analyze/NAME, or rewrites it with
// -update.
func expectGolden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join(testdata, name)
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./analyze -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test ./analyze -update rewrites it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestDecodeFixtures(t *testing.T) {
	r := mustRead(t, "new.json")
	if r.Project != "analyze-demo" || len(r.Packages) != 4 {
		t.Fatalf("project %q, %d packages", r.Project, len(r.Packages))
	}
	var sum int64
	for _, p := range r.Packages {
		var ps int64
		for _, f := range p.Files {
			ps += f.Bytes
			if !strings.HasPrefix(f.Path, p.Root) {
				t.Errorf("%s: file %s outside its root", p.Name, f.Path)
			}
		}
		if ps != p.Bytes {
			t.Errorf("%s: files sum to %d, package says %d", p.Name, ps, p.Bytes)
		}
		sum += p.Bytes
	}
	if sum != r.TotalBytes {
		t.Errorf("packages sum to %d, total says %d", sum, r.TotalBytes)
	}
	if !r.Packages[3].Independent || r.ColdStart.LazyJSFiles == 0 || len(r.Duplicated) != 1 || len(r.Unused) == 0 || len(r.Preload) != 2 {
		t.Errorf("fixture fields not decoded: %+v", r.ColdStart)
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"schema": "mpc-report/2"}`, `unsupported report schema "mpc-report/2" (want "mpc-report/1")`},
		{`{"packages": []}`, `not an "mpc-report/1" build report (docs/report.md): no "schema" field`},
		{"{\"schema\": \"mpc-report/1\",\n  \"totalBytes\": x}", `2:17: invalid character 'x'`},
		{"{\"schema\": \"mpc-report/1\",\n \"totalBytes\": \"12\"}", `2:19: json: cannot unmarshal string`},
		{`{"schema": "mpc-report/1", "packages": [{"name": "main"}, {"name": "main"}]}`, `package "main" appears twice`},
		{``, `unexpected end of JSON input`},
	} {
		_, err := Parse([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
	// A newer writer may add fields.
	r, err := Parse([]byte(`{"schema": "mpc-report/1", "extra": {"a": 1}, "packages": [{"name": "main", "files": [{"path": "a.js", "bytes": 3, "hash": "x"}]}]}`))
	if err != nil || r.Packages[0].Files[0].Bytes != 3 {
		t.Errorf("unknown fields: %v", err)
	}
}

func TestParseBudget(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"10KB", "10KB"},
		{"10kb", "10KB"},
		{"10 KiB", "10KB"},
		{"1.5MB", "1536KB"},
		{"2m", "2MB"},
		{"2048", "2KB"},
		{"300B", "300B"},
		{"0", "0B"},
		{"5%", "5%"},
		{"0.5%", "0.5%"},
		{"total=10KB", "10KB"},
		{" main = 10KB , packageA=2% ", "main=10KB,packageA=2%"},
		{"packageA=2%,main=10KB,*=1KB,3%", "3%,*=1KB,main=10KB,packageA=2%"},
		{"sub/pkg=1MB", "sub/pkg=1MB"},
	} {
		b, err := ParseBudget(tc.in)
		if err != nil {
			t.Errorf("ParseBudget(%q): %v", tc.in, err)
			continue
		}
		if got := b.String(); got != tc.want {
			t.Errorf("ParseBudget(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"10GB", `unknown unit "GB"`},
		{"-5KB", `"-5KB" is not an amount`},
		{"KB", `"KB" is not an amount`},
		{"main=", "missing amount"},
		{"=10KB", "missing package name"},
		{"main=1KB,main=2KB", `package "main" is given twice`},
		{"1KB,total=2KB", "total budget is given twice"},
		{"*=1KB,*=2%", `"*" is given twice`},
		{"1KB,,2KB", "empty item"},
		{"1.2.3KB", "not an amount"},
		{"99999999999999MB", "too large"},
	} {
		_, err := ParseBudget(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseBudget(%q) = %v, want error %q", tc.in, err, tc.want)
		}
	}
}

func TestAmountAllowed(t *testing.T) {
	for _, tc := range []struct {
		a    Amount
		old  int64
		want int64
	}{
		{Amount{Bytes: 1024}, 0, 1024},
		{Amount{Percent: 5, IsPercent: true}, 1000, 50},
		{Amount{Percent: 5, IsPercent: true}, 1019, 50}, // floored
		{Amount{Percent: 5, IsPercent: true}, 0, 0},     // a new package only fits a byte budget
	} {
		if got := tc.a.Allowed(tc.old); got != tc.want {
			t.Errorf("%v.Allowed(%d) = %d, want %d", tc.a, tc.old, got, tc.want)
		}
	}
}

func TestCompareGolden(t *testing.T) {
	old, new := mustRead(t, "old.json"), mustRead(t, "new.json")
	b, _ := ParseBudget("main=10KB,*=5%")
	c := Compare(old, new, b)
	if !c.Exceeded() {
		t.Error("main grew 29 KB over a 10 KB budget: want Exceeded")
	}
	expectGolden(t, "compare.txt", c.Table())
	expectGolden(t, "compare.md", c.Markdown())

	b, _ = ParseBudget("40KB")
	c = Compare(old, new, b)
	if c.Exceeded() {
		t.Errorf("total grew %d bytes, within 40 KB: want not Exceeded", c.Total.Growth())
	}
	expectGolden(t, "compare-within.md", c.Markdown())
}

func TestCompareAddedRemoved(t *testing.T) {
	old := &Report{Project: "a", TotalBytes: 300, Packages: []Package{
		{Name: "main", Bytes: 100, Files: []File{{Path: "app.js", Bytes: 100}}},
		{Name: "gone", Root: "gone", Bytes: 200, Files: []File{{Path: "gone/x.js", Bytes: 200}}},
	}}
	new := &Report{Project: "a", TotalBytes: 350, Packages: []Package{
		{Name: "main", Bytes: 100, Files: []File{{Path: "app.js", Bytes: 100}}},
		{Name: "fresh", Root: "fresh", Bytes: 250, Files: []File{{Path: "fresh/y.js", Bytes: 250}}},
	}}
	b, _ := ParseBudget("*=10%,fresh=300B")
	c := Compare(old, new, b)
	var got []string
	for _, p := range c.Packages {
		got = append(got, p.Name+" "+status(p.Added, p.Removed)+" "+FormatDelta(p.Growth())+" over="+map[bool]string{true: "yes", false: "no"}[p.Over])
	}
	want := []string{"main  0 B over=no", "fresh new +250 B over=no", "gone removed -200 B over=no"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("packages:\n got %q\nwant %q", got, want)
	}
	if c.FilesAdded != 1 || c.FilesRemoved != 1 || c.FilesChanged != 0 || len(c.Files) != 2 || c.Files[0].Path != "fresh/y.js" {
		t.Errorf("files: %+v", c)
	}
	// A percentage of nothing is nothing: a new package over "*=10%".
	b, _ = ParseBudget("*=10%")
	if c := Compare(old, new, b); !c.Packages[1].Over || !c.Exceeded() {
		t.Errorf("new package under a percentage budget: want Over")
	}
	b, _ = ParseBudget("typo=1KB")
	if c := Compare(old, new, b); !reflect.DeepEqual(c.UnknownBudgets, []string{"typo"}) {
		t.Errorf("UnknownBudgets = %q", c.UnknownBudgets)
	}
}

func TestCompareKeepsLargestFileChanges(t *testing.T) {
	old, new := &Report{}, &Report{}
	op, np := Package{Name: "main"}, Package{Name: "main"}
	for i := range 30 {
		p := "f" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".js"
		op.Files = append(op.Files, File{Path: p, Bytes: 1000})
		np.Files = append(np.Files, File{Path: p, Bytes: int64(1000 + i)})
	}
	old.Packages, new.Packages = []Package{op}, []Package{np}
	c := Compare(old, new, Budget{})
	if c.FilesChanged != 29 || len(c.Files) != MaxFileChanges || c.Files[0].Growth() != 29 || c.Files[MaxFileChanges-1].Growth() != 10 {
		t.Errorf("changed %d, listed %d, first %+v", c.FilesChanged, len(c.Files), c.Files[0])
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 B", 1023: "1023 B", 1024: "1.0 KB", 1536: "1.5 KB", -300: "-300 B",
		2 << 20: "2.00 MB", 31457280: "30.00 MB",
	} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
	if got := FormatDelta(2048); got != "+2.0 KB" {
		t.Errorf("FormatDelta(2048) = %q", got)
	}
}

func TestMarkdownEscapes(t *testing.T) {
	if got := mdCode("a|b`c"); got != "`` a\\|b`c ``" {
		t.Errorf("mdCode = %q", got)
	}
	if got := mdText("my *app* <x>"); got != `my \*app\* \<x\>` {
		t.Errorf("mdText = %q", got)
	}
}

func writeHTML(t testing.TB, r *Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

var reportJSON = regexp.MustCompile(`(?s)<script type="application/json" id="mpc-report">(.*?)</script>`)

func TestWriteHTML(t *testing.T) {
	r := mustRead(t, "new.json")
	page := writeHTML(t, r)
	if page != writeHTML(t, r) {
		t.Error("the same report gave two different pages")
	}
	for _, bad := range []string{"http://", "https://", "//cdn", "fetch(", "XMLHttpRequest", "@import", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("the page must be self-contained but contains %q", bad)
		}
	}
	if n := strings.Count(page, "<script"); n != 2 {
		t.Errorf("want 2 script elements (data and code), found %d", n)
	}
	m := reportJSON.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no embedded report")
	}
	var back Report
	if err := json.Unmarshal([]byte(m[1]), &back); err != nil {
		t.Fatalf("embedded report is not valid JSON: %v", err)
	}
	if !reflect.DeepEqual(&back, r) {
		t.Error("embedded report differs from the input")
	}
	for _, p := range r.Packages {
		if !strings.Contains(m[1], `"name":"`+p.Name+`"`) {
			t.Errorf("package %s missing from the page", p.Name)
		}
	}
	for _, id := range []string{`id="treemap"`, `id="search"`, `id="metric-gzip"`, `id="crumbs"`, `id="packages"`, `id="coldstart"`, `id="duplicated"`, `id="unused"`} {
		if !strings.Contains(page, id) {
			t.Errorf("page lacks %s", id)
		}
	}
}

func TestWriteHTMLHostileNames(t *testing.T) {
	r := &Report{Project: `<b>x</b> & "y"`, Packages: []Package{{Name: "main", Files: []File{
		{Path: "</script><script>alert(1)</script>.js", Bytes: 10},
	}}}}
	page := writeHTML(t, r)
	if strings.Count(page, "</script>") != 2 || strings.Contains(page, "<b>x</b>") {
		t.Errorf("names not escaped:\n%s", page[:400])
	}
	if !strings.Contains(page, "<title>&lt;b&gt;x&lt;/b&gt; &amp; &#34;y&#34; · mpc analyze</title>") {
		t.Error("title not escaped")
	}
	m := reportJSON.FindStringSubmatch(page)
	var back Report
	if m == nil || json.Unmarshal([]byte(m[1]), &back) != nil || back.Packages[0].Files[0].Path != r.Packages[0].Files[0].Path {
		t.Error("file name does not survive the embedding")
	}
	// nil lists become [] so that the page never meets null.
	if !strings.Contains(m[1], `"duplicated":[]`) || !strings.Contains(m[1], `"globalComponents":[]`) {
		t.Errorf("nil lists not normalized: %s", m[1])
	}
}

func FuzzParseBudget(f *testing.F) {
	for _, s := range []string{"10KB", "5%", "main=10KB,packageA=2%", "*=1.5MB,3%", "a=b=c", ",", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBudget(s)
		if err != nil {
			return
		}
		// What String prints, ParseBudget reads back to the same budget.
		b2, err := ParseBudget(b.String())
		if err != nil {
			t.Fatalf("ParseBudget(%q).String() = %q does not parse: %v", s, b.String(), err)
		}
		if b2.String() != b.String() {
			t.Fatalf("round trip %q → %q → %q", s, b.String(), b2.String())
		}
	})
}
