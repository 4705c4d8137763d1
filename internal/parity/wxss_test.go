package parity

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/wxss"
)

// The WXSS suites compare `mpc compile wxss --batch` (rpx=px) with the
// oracle's wxss-css.js under css-diff.js (through wxss_cssdiff.js, one node
// process per suite):
//
//   - wxss-corpus: every .wxss of the corpus; sample: at 375 px, full: at
//     320, 375, 414, 768 and iOS dpr 3 at 375.
//   - wxss-gen: random projects (wxss_gen_test.go); sample 300, full 2000
//     (MPC_WXSS_CASES overrides), seeds from MPC_WXSS_SEED or the clock.
//     Failures are saved under testdata/wxss/regress/.
//   - wxss-regress: testdata/wxss/regress and testdata/wxss/golden inputs.
//   - wxss-keep: mpc's minified WXSS (rpx=keep) of each tree compiled again
//     by the oracle must equal the oracle on the original (zero lengths
//     read as 0, url markers ignored).
//
// Both sides must reject the same inputs: a case that one side rejects and
// the other accepts is a difference.

type wxssConfig struct {
	Width, DPR float64
	IOS        bool
}

var wxssConfigs = []wxssConfig{{375, 2, false}, {320, 2, false}, {414, 2, false}, {768, 2, false}, {375, 3, true}}

// wxssCase is one line of the oracle's WXSS batch format.
type wxssCase struct {
	ID     string  `json:"id"`
	Root   string  `json:"root"`
	File   string  `json:"file"`
	Width  float64 `json:"width"`
	DPR    float64 `json:"dpr"`
	IOS    bool    `json:"ios,omitempty"`
	Suffix string  `json:"suffix,omitempty"`
}

func (c wxssCase) config() string {
	s := fmt.Sprintf("w%g", c.Width)
	if c.IOS {
		s += fmt.Sprintf(" ios dpr%g", c.DPR)
	}
	if c.Suffix != "" {
		s += " suffix " + c.Suffix
	}
	return s
}

// wxssMPC returns the mpc binary: MPC_WXSS_BIN if set (a prebuilt one),
// else the one MPC builds.
func wxssMPC(t *testing.T) string {
	if b := os.Getenv("MPC_WXSS_BIN"); b != "" {
		return b
	}
	return MPC(t)
}

type wxssOutcome struct {
	Case   wxssCase
	Diff   string // "" when equal
	Oracle Result
	MPC    Result
}

// compareWXSS runs both sides on cases and compares them.
func compareWXSS(t *testing.T, bin string, cases []wxssCase) []wxssOutcome {
	t.Helper()
	in := make([]any, len(cases))
	for i, c := range cases {
		in[i] = c
	}
	var (
		ores, mres []Result
		oerr, merr error
		wg         sync.WaitGroup
	)
	wg.Add(2)
	go func() { defer wg.Done(); ores, oerr = Oracle("wxss-css.js", nil, in) }()
	go func() {
		defer wg.Done()
		mres, _, merr = RunBatch(bin, []string{"compile", "wxss", "--batch", "-"}, RepoRoot(), in)
	}()
	wg.Wait()
	if oerr != nil {
		t.Fatalf("oracle: %v", oerr)
	}
	if merr != nil {
		t.Fatalf("mpc: %v", merr)
	}
	out := make([]wxssOutcome, len(cases))
	var pairs []wxssCSSPair
	var pairIdx []int
	for i := range cases {
		o, m := ores[i], mres[i]
		out[i] = wxssOutcome{Case: cases[i], Oracle: o, MPC: m}
		switch {
		case o.OK && m.OK:
			pairs = append(pairs, wxssCSSPair{A: *m.CSS, B: *o.CSS, URLs: true})
			pairIdx = append(pairIdx, i)
		case !o.OK && !m.OK:
			if o.Status != 2 || m.Status != 2 {
				out[i].Diff = fmt.Sprintf("both fail, status oracle %d mpc %d: %s | %s", o.Status, m.Status, wxssFirstLine(o.Error), wxssFirstLine(m.Error))
			}
		case o.OK:
			out[i].Diff = "mpc rejects what wcsc accepts: " + wxssFirstLine(m.Error)
		default:
			out[i].Diff = "mpc accepts what wcsc rejects: " + strings.ReplaceAll(strings.TrimSpace(o.Error), "\n", " ")
		}
	}
	for k, d := range wxssCSSDiffs(t, pairs) {
		out[pairIdx[k]].Diff = d
	}
	return out
}

func wxssFirstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

type wxssCSSPair struct {
	A     string `json:"a"`
	B     string `json:"b"`
	URLs  bool   `json:"urls,omitempty"`
	Zeros bool   `json:"zeros,omitempty"`
}

// wxssCSSDiffs compares pairs with css-diff.js and returns "" or the first
// difference for each.
func wxssCSSDiffs(t *testing.T, pairs []wxssCSSPair) []string {
	t.Helper()
	if len(pairs) == 0 {
		return nil
	}
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	enc.SetEscapeHTML(false)
	for _, p := range pairs {
		enc.Encode(p)
	}
	cmd := exec.Command("node", filepath.Join(RepoRoot(), "internal", "parity", "wxss_cssdiff.js"))
	cmd.Env = append(os.Environ(), "MPC_ORACLE_DIR="+OracleDir())
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("wxss_cssdiff.js: %v\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(pairs) {
		t.Fatalf("wxss_cssdiff.js: %d answers for %d pairs", len(lines), len(pairs))
	}
	res := make([]string, len(pairs))
	for i, l := range lines {
		var r struct {
			Equal bool   `json:"equal"`
			Diff  string `json:"diff"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("wxss_cssdiff.js: %v", err)
		}
		if !r.Equal {
			res[i] = r.Diff
		}
	}
	return res
}

func tallyWXSS(t *testing.T, name string, outs []wxssOutcome) {
	t.Helper()
	tally := Tally{Name: name}
	for _, o := range outs {
		d := o.Diff
		if d != "" {
			d = fmt.Sprintf("%s %s (%s): %s", o.Case.ID, o.Case.File, o.Case.config(), d)
		}
		tally.Add(d)
	}
	show := 10
	if s := os.Getenv("MPC_WXSS_SHOW"); s != "" {
		show, _ = strconv.Atoi(s)
	}
	tally.Report(t, show)
	if tally.Equal != tally.Total {
		t.Errorf("parity %s: %d of %d cases differ", name, tally.Total-tally.Equal, tally.Total)
	}
}

func TestParityWXSSCorpus(t *testing.T) {
	mode := Mode(t)
	bin := wxssMPC(t)
	configs := wxssConfigs[:1]
	if mode == "full" {
		configs = wxssConfigs
	}
	var cases []wxssCase
	for _, r := range CorpusRoots(t) {
		for _, f := range Files(r.Dir, ".wxss") {
			// The configs of one file are adjacent: the oracle runs wcsc
			// once per file then.
			for _, c := range configs {
				cases = append(cases, wxssCase{ID: r.Spec, Root: r.Dir, File: f, Width: c.Width, DPR: c.DPR, IOS: c.IOS})
			}
		}
	}
	tallyWXSS(t, "wxss-corpus", compareWXSS(t, bin, cases))
}

func TestParityWXSSGenerated(t *testing.T) {
	mode := Mode(t)
	bin := wxssMPC(t)
	n := 300
	if mode == "full" {
		n = 2000
	}
	if s := os.Getenv("MPC_WXSS_CASES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	base := time.Now().UnixNano() % 1_000_000_000
	if mode == "sample" {
		base = 1 // make test stays deterministic
	}
	if s := os.Getenv("MPC_WXSS_SEED"); s != "" {
		base, _ = strconv.ParseInt(s, 10, 64)
	}
	fmt.Printf("wxss-gen: %d cases from seed %d (MPC_WXSS_SEED=%d reproduces)\n", n, base, base)
	dir := t.TempDir()
	var cases []wxssCase
	projects := map[string]*wxssProject{}
	for i := 0; i < n; i++ {
		seed := base + int64(i)
		p := genWXSSProject(seed)
		root := filepath.Join(dir, strconv.FormatInt(seed, 10))
		wxssWriteTree(t, root, p.Files)
		c := wxssConfigs[int(seed%int64(len(wxssConfigs)))]
		id := strconv.FormatInt(seed, 10)
		if p.Bad != "" {
			id += " (bad: " + p.Bad + ")"
		}
		projects[id] = p
		cases = append(cases, wxssCase{ID: id, Root: root, File: p.Target, Width: c.Width, DPR: c.DPR, IOS: c.IOS, Suffix: p.Suffix})
	}
	outs := compareWXSS(t, bin, cases)
	bad, rejected := 0, 0
	for _, o := range outs {
		if strings.Contains(o.Case.ID, "(bad:") {
			bad++
		}
		if !o.Oracle.OK {
			rejected++
		}
		if o.Diff != "" && (mode == "full" || os.Getenv("MPC_WXSS_SAVE") == "1") && os.Getenv("MPC_WXSS_SAVE") != "0" {
			saveWXSSRegression(t, o.Case, projects[o.Case.ID].Files)
		}
	}
	fmt.Printf("wxss-gen: %d with an injected rejection, %d rejected by wcsc\n", bad, rejected)
	tallyWXSS(t, "wxss-gen", outs)
	wxssKeepRoundTrip(t, "wxss-gen-keep", outs)
}

func wxssWriteTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for p, text := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// saveWXSSRegression keeps a generated case that differs under
// testdata/wxss/regress/<seed>/ (the files plus case.json).
func saveWXSSRegression(t *testing.T, c wxssCase, files map[string]string) {
	seed, _, _ := strings.Cut(c.ID, " ")
	dir := filepath.Join(RepoRoot(), "testdata", "wxss", "regress", "gen-"+seed)
	if _, err := os.Stat(dir); err == nil {
		return
	}
	wxssWriteTree(t, dir, files)
	meta, _ := json.MarshalIndent(wxssCase{ID: c.ID, File: c.File, Width: c.Width, DPR: c.DPR, IOS: c.IOS, Suffix: c.Suffix}, "", "  ")
	os.WriteFile(filepath.Join(dir, "case.json"), append(meta, '\n'), 0o644)
	fmt.Printf("wxss-gen: saved %s as %s\n", c.ID, dir)
}

// TestParityWXSSRegress re-runs the saved regression cases and the golden
// inputs against the oracle.
func TestParityWXSSRegress(t *testing.T) {
	Mode(t)
	bin := wxssMPC(t)
	var cases []wxssCase
	regress := filepath.Join(RepoRoot(), "testdata", "wxss", "regress")
	ents, _ := os.ReadDir(regress)
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		root := filepath.Join(regress, e.Name())
		var c wxssCase
		b, err := os.ReadFile(filepath.Join(root, "case.json"))
		if err != nil || json.Unmarshal(b, &c) != nil {
			t.Errorf("%s: bad or missing case.json", root)
			continue
		}
		c.ID, c.Root = e.Name(), root
		cases = append(cases, c)
	}
	golden := filepath.Join(RepoRoot(), "testdata", "wxss", "golden")
	for _, f := range Files(golden, ".wxss") {
		if strings.Contains(f, "/") {
			continue // imported helpers live in subfolders
		}
		for _, c := range wxssConfigs {
			cases = append(cases, wxssCase{ID: "golden", Root: golden, File: f, Width: c.Width, DPR: c.DPR, IOS: c.IOS})
		}
	}
	if len(cases) == 0 {
		t.Skip("no regression cases")
	}
	outs := compareWXSS(t, bin, cases)
	tallyWXSS(t, "wxss-regress", outs)
	wxssKeepRoundTrip(t, "wxss-regress-keep", outs)
}

// TestParityWXSSKeep compiles mpc's rpx=keep output of every corpus root
// with the oracle (sample: 375 px only).
func TestParityWXSSKeep(t *testing.T) {
	Mode(t)
	var outs []wxssOutcome
	for _, r := range CorpusRoots(t) {
		for _, f := range Files(r.Dir, ".wxss") {
			outs = append(outs, wxssOutcome{Case: wxssCase{ID: r.Spec, Root: r.Dir, File: f, Width: 375, DPR: 2}})
		}
	}
	in := make([]any, len(outs))
	for i := range outs {
		in[i] = outs[i].Case
	}
	res, err := Oracle("wxss-css.js", nil, in)
	if err != nil {
		t.Fatal(err)
	}
	for i := range outs {
		outs[i].Oracle = res[i]
	}
	wxssKeepRoundTrip(t, "wxss-corpus-keep", outs)
}

// wxssKeepRoundTrip writes mpc's minified WXSS of every stylesheet of each
// case's root into a mirror tree, runs the oracle there and compares with
// the oracle's result on the original.
func wxssKeepRoundTrip(t *testing.T, name string, outs []wxssOutcome) {
	t.Helper()
	mirrors := map[string]string{}
	dir := t.TempDir()
	var cases []wxssCase
	var idx []int
	for i, o := range outs {
		if !o.Oracle.OK {
			continue
		}
		m, ok := mirrors[o.Case.Root]
		if !ok {
			m = filepath.Join(dir, strconv.Itoa(len(mirrors)))
			wxssMirrorKeep(t, o.Case.Root, m)
			mirrors[o.Case.Root] = m
		}
		c := o.Case
		c.Root = m
		cases = append(cases, c)
		idx = append(idx, i)
	}
	in := make([]any, len(cases))
	for i, c := range cases {
		in[i] = c
	}
	res, err := Oracle("wxss-css.js", nil, in)
	if err != nil {
		t.Fatal(err)
	}
	var pairs []wxssCSSPair
	var pairIdx []int
	diffs := make([]string, len(cases))
	for k, r := range res {
		o := outs[idx[k]]
		if !r.OK {
			diffs[k] = "wcsc rejects mpc's WXSS: " + strings.ReplaceAll(strings.TrimSpace(r.Error), "\n", " ")
			continue
		}
		pairs = append(pairs, wxssCSSPair{A: *r.CSS, B: *o.Oracle.CSS, URLs: true, Zeros: true})
		pairIdx = append(pairIdx, k)
	}
	for j, d := range wxssCSSDiffs(t, pairs) {
		diffs[pairIdx[j]] = d
	}
	keepOuts := make([]wxssOutcome, len(cases))
	for k := range cases {
		keepOuts[k] = wxssOutcome{Case: outs[idx[k]].Case, Diff: diffs[k]}
	}
	tallyWXSS(t, name, keepOuts)
}

// wxssMirrorKeep writes rpx=keep output of every .wxss under root to the same
// path under dst (a file mpc cannot parse is copied as it is).
func wxssMirrorKeep(t *testing.T, root, dst string) {
	t.Helper()
	files := map[string]string{}
	for _, f := range Files(root, ".wxss") {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		var log diag.Log
		sheet := wxss.Parse(&log, &diag.Source{Path: f, Contents: string(b)}, wxss.ParseOptions{})
		if log.HasErrors() {
			files[f] = string(b)
			continue
		}
		files[f] = string(wxss.Print(sheet, wxss.PrintOptions{Rpx: wxss.RpxKeep, Minify: true}))
	}
	wxssWriteTree(t, dst, files)
}

// TestBenchWXSS times wcsc (all files of a corpus root in one process, as
// the devtools run it) against mpc (in-process, files in parallel: read,
// parse, follow imports, print px, with the GC target of the CLI) on the
// same files (`make bench`).
func TestBenchWXSS(t *testing.T) {
	if !*BenchCompare {
		t.Skip("run with -bench-compare (make bench)")
	}
	bin := wxssWcscBinary(t)
	roots := CorpusRoots(t)
	var totalW, totalM time.Duration
	files, bytesIn := 0, 0
	const runs = 5
	for _, r := range roots {
		fs := Files(r.Dir, ".wxss")
		if len(fs) == 0 {
			continue
		}
		args := []string{"-pc", strconv.Itoa(len(fs))}
		for _, f := range fs {
			args = append(args, "./"+f)
			if st, err := os.Stat(filepath.Join(r.Dir, f)); err == nil {
				bytesIn += int(st.Size())
			}
		}
		files += len(fs)
		w := wxssBestOf(runs, func() {
			cmd := exec.Command(bin, args...)
			cmd.Dir = r.Dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("wcsc on %s: %v\n%s", r.Spec, err, tail(string(out), 500))
			}
		})
		// The GC target `mpc compile wxss` sets.
		gc := debug.SetGCPercent(400)
		m := wxssBestOf(runs, func() { wxssCompileRoot(t, r.Dir, fs) })
		debug.SetGCPercent(gc)
		totalW += w
		totalM += m
		fmt.Printf("bench wxss %-28s %4d files  wcsc %8.1f ms  mpc %7.1f ms  %6.1fx\n", r.Spec, len(fs), wxssMS(w), wxssMS(m), float64(w)/float64(m))
	}
	fmt.Printf("bench wxss total: %d files, %d kB: wcsc %.1f ms, mpc %.1f ms, mpc is %.1fx faster (best of %d)\n",
		files, bytesIn/1024, wxssMS(totalW), wxssMS(totalM), float64(totalW)/float64(totalM), runs)
}

func wxssMS(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func wxssBestOf(n int, f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for i := 0; i < n; i++ {
		start := time.Now()
		f()
		if d := time.Since(start); d < best {
			best = d
		}
	}
	return best
}

func wxssWcscBinary(t *testing.T) string {
	cache := os.Getenv("MPC_ORACLE_CACHE")
	if cache == "" {
		cache = filepath.Join(RepoRoot(), ".cache", "oracle")
	}
	bin := filepath.Join(cache, "miniprogram-compiler", "package", "bin", "linux", "wcsc")
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("wcsc not installed (%v): run make oracle", err)
	}
	return bin
}

// wxssCompileRoot compiles every file of one root to px CSS, one goroutine
// per core pulling files, sharing one loader (each file parsed once).
func wxssCompileRoot(t *testing.T, root string, files []string) {
	l := wxss.NewLoader(os.DirFS(root))
	work := make(chan string)
	var wg sync.WaitGroup
	var failed []string
	var mu sync.Mutex
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range work {
				var log diag.Log
				sheet, err := l.Load(&log, f)
				if err != nil || log.HasErrors() {
					mu.Lock()
					failed = append(failed, f)
					mu.Unlock()
					continue
				}
				wxss.Print(sheet, wxss.PrintOptions{Rpx: wxss.RpxPX, Width: 375, Imports: l.Sheet})
			}
		}()
	}
	for _, f := range files {
		work <- f
	}
	close(work)
	wg.Wait()
	if len(failed) > 0 {
		sort.Strings(failed)
		t.Fatalf("mpc failed on %v", failed)
	}
}
