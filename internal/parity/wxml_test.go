package parity

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"maps"
	"math"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/internal/parity/wxmlgen"
	"github.com/mpc-dev/mpc/wxml"
)

// The WXML parity suites (docs/parity.md): every .wxml of the public corpus
// rendered by the oracle (wcc) and by `mpc render` with empty data, the
// tdesign fixtures and random data shaped by the file's data paths; and
// grammar-based random projects (wxmlgen.WXML). Both sides run in batch
// mode, one process each, side by side; canonical vdoms must be equal, and
// a case one side rejects (status 2) or fails to render (status 3) must be
// rejected or failed the same way by the other.

// wxmlCase is one line of the oracle's WXML batch format (NOTES.md §1.1),
// which `mpc render --batch` reads too.
type wxmlCase struct {
	ID       string          `json:"id"`
	Root     string          `json:"root"`
	File     string          `json:"file"`
	Data     json.RawMessage `json:"data,omitempty"`
	All      bool            `json:"all,omitempty"`
	Coverage bool            `json:"coverage,omitempty"`

	label string // what the data is, for reports ("{}", "fixture", "random#3")
}

// wxmlResult is one result line; Coverage is mpc's (NOTES.md contract in
// docs/parity.md), the oracle has none.
type wxmlResult struct {
	ID       json.RawMessage `json:"id"`
	OK       bool            `json:"ok"`
	Vdom     json.RawMessage `json:"vdom,omitempty"`
	Status   int             `json:"status,omitempty"`
	Error    string          `json:"error,omitempty"`
	Coverage *struct {
		Branches int      `json:"branches"`
		Loops    int      `json:"loops"`
		Hit      []string `json:"hit"`
	} `json:"coverage,omitempty"`
}

// statusHang marks a case whose process printed nothing for the idle
// timeout (killed) or died (e.g. a wxs loop that never ends).
const statusHang = -1

// idleTimeout is how long a batch may print nothing before the case it is
// on counts as hanging. Normal cases take milliseconds (a whole root
// compiles in under a second), but the machine is shared: a case that
// hangs on one side only is run again alone with recheckTimeout.
const (
	idleTimeout    = 30 * time.Second
	recheckTimeout = 3 * time.Minute
)

// ---------------------------------------------------------------- runners

// batchRunner runs cases through a batch process, restarting it after the
// case it hangs on.
type batchRunner struct {
	name string
	cmd  func() *exec.Cmd
	idle time.Duration // 0 = idleTimeout
}

func oracleRunner() batchRunner {
	return batchRunner{name: "oracle", cmd: func() *exec.Cmd {
		cmd := exec.Command("node", filepath.Join(OracleDir(), "wxml-vdom.js"), "--batch", "-")
		cmd.Dir = RepoRoot()
		cmd.Env = oracleEnv()
		return cmd
	}}
}

func mpcRunner(t testing.TB) batchRunner {
	bin := MPC(t)
	return batchRunner{name: "mpc", cmd: func() *exec.Cmd {
		cmd := exec.Command(bin, "render", "--batch", "-")
		cmd.Dir = RepoRoot()
		return cmd
	}}
}

// oracleEnv makes sure the oracle never installs into its own (shared,
// read-only) folder.
func oracleEnv() []string {
	env := os.Environ()
	if os.Getenv("MPC_ORACLE_CACHE") == "" {
		env = append(env, "MPC_ORACLE_CACHE="+oracleCache())
	}
	return env
}

func oracleCache() string {
	if d := os.Getenv("MPC_ORACLE_CACHE"); d != "" {
		return d
	}
	return filepath.Join(RepoRoot(), ".cache", "oracle")
}

// errNoRender is returned when the mpc binary has no render command yet.
var errNoRender = errors.New("mpc has no render command")

// run returns one result per case, in order. A case the process hangs on
// (nothing printed for idleTimeout) or dies on gets statusHang, and the
// process restarts after it.
func (b batchRunner) run(cases []wxmlCase) ([]wxmlResult, error) {
	res := make([]wxmlResult, len(cases))
	for start := 0; start < len(cases); {
		n, runErr, hung := b.runFrom(cases[start:], res[start:])
		start += n
		if start == len(cases) {
			break
		}
		if n == 0 && !hung && runErr != nil {
			return nil, runErr // the process does not work at all
		}
		msg := "hang: nothing printed for " + b.idleTimeout().String()
		if !hung {
			msg = fmt.Sprintf("process died: %v", runErr)
		}
		res[start] = wxmlResult{ID: mustJSON(cases[start].ID), Status: statusHang, Error: msg}
		start++
	}
	return res, nil
}

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// runFrom runs one process over cases and fills res until it ends or hangs.
func (b batchRunner) runFrom(cases []wxmlCase, res []wxmlResult) (n int, err error, hung bool) {
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	enc.SetEscapeHTML(false)
	for _, c := range cases {
		enc.Encode(c)
	}
	cmd := b.cmd()
	cmd.Stdin = &in
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err, false
	}
	if err := cmd.Start(); err != nil {
		return 0, err, false
	}
	lines := make(chan []byte)
	go func() {
		r := bufio.NewReaderSize(out, 1<<20)
		for {
			line, err := r.ReadBytes('\n')
			if len(bytes.TrimSpace(line)) > 0 {
				lines <- line
			}
			if err != nil {
				close(lines)
				return
			}
		}
	}()
	timer := time.NewTimer(b.idleTimeout())
	defer timer.Stop()
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				werr := cmd.Wait()
				if n < len(cases) {
					if werr == nil {
						werr = fmt.Errorf("%d results for %d cases", n, len(cases))
					}
					werr = fmt.Errorf("%s: %v\n%s", b.name, werr, tailString(stderr.String(), 1500))
					if strings.Contains(stderr.String(), "unknown command") {
						werr = errNoRender
					}
				}
				return n, werr, false
			}
			if n >= len(cases) {
				continue
			}
			var r wxmlResult
			if err := json.Unmarshal(line, &r); err != nil {
				r = wxmlResult{Status: 1, Error: fmt.Sprintf("%s printed a bad line %q: %v", b.name, tailString(string(line), 200), err)}
			} else if string(r.ID) != string(mustJSON(cases[n].ID)) {
				r = wxmlResult{Status: 1, Error: fmt.Sprintf("%s answered id %s for case %q (out of order)", b.name, r.ID, cases[n].ID)}
			}
			res[n] = r
			n++
			if !timer.Stop() {
				<-timer.C
			}
			timer.Reset(b.idleTimeout())
		case <-timer.C:
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			go func() {
				for range lines {
				}
			}()
			cmd.Wait()
			return n, nil, true
		}
	}
}

func (b batchRunner) idleTimeout() time.Duration {
	if b.idle > 0 {
		return b.idle
	}
	return idleTimeout
}

func tailString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// runBoth runs the oracle and mpc side by side. It skips the test when mpc
// has no render command yet.
func runBoth(t *testing.T, cases []wxmlCase) (oracle, mpc []wxmlResult) {
	t.Helper()
	o, m := oracleRunner(), selfOrMPC(t)
	t0 := time.Now()
	oracle, mpc, oDur, mDur := sideBySide(t, o, m, cases)
	// A hang on one side only may be the shared machine stalling: run
	// those cases again, alone, with a longer timeout.
	var again []int
	for i := range cases {
		oc, mc := statusClass(oracle[i]), statusClass(mpc[i])
		if oc != mc && (oc == "hang" || mc == "hang") {
			again = append(again, i)
		}
	}
	if len(again) > 0 {
		sub := make([]wxmlCase, len(again))
		for j, i := range again {
			sub[j] = cases[i]
		}
		o.idle, m.idle = recheckTimeout, recheckTimeout
		ro, rm, _, _ := sideBySide(t, o, m, sub)
		for j, i := range again {
			oracle[i], mpc[i] = ro[j], rm[j]
		}
		t.Logf("%d cases hung on one side only: ran again alone", len(again))
	}
	t.Logf("%d cases: oracle %v, %s %v (side by side; %v in all)", len(cases), oDur.Round(time.Millisecond), m.name, mDur.Round(time.Millisecond), time.Since(t0).Round(time.Millisecond))
	return oracle, mpc
}

// sideBySide runs the two runners concurrently over the same cases.
func sideBySide(t *testing.T, o, m batchRunner, cases []wxmlCase) (oracle, mpc []wxmlResult, oDur, mDur time.Duration) {
	t.Helper()
	var wg sync.WaitGroup
	var oErr, mErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		t0 := time.Now()
		oracle, oErr = o.run(cases)
		oDur = time.Since(t0)
	}()
	go func() {
		defer wg.Done()
		t0 := time.Now()
		mpc, mErr = m.run(cases)
		mDur = time.Since(t0)
	}()
	wg.Wait()
	if oErr != nil {
		t.Fatalf("oracle: %v", oErr)
	}
	if errors.Is(mErr, errNoRender) {
		t.Skip("`mpc render` does not exist yet (cmd/mpc/render.go)")
	}
	if mErr != nil {
		t.Fatalf("%s: %v", m.name, mErr)
	}
	return oracle, mpc, oDur, mDur
}

// selfOrMPC is the runner compared with the oracle: mpc, or with
// MPC_PARITY_SELF set the oracle itself in a fresh sandbox per case
// (--fresh), which must give every case equal (a check of the harness).
func selfOrMPC(t *testing.T) batchRunner {
	m := oracleRunner()
	if os.Getenv("MPC_PARITY_SELF") == "" {
		return mpcRunner(t)
	}
	m.name = "oracle --fresh"
	base := m.cmd
	m.cmd = func() *exec.Cmd {
		c := base()
		c.Args = append(c.Args, "--fresh")
		return c
	}
	return m
}

// ---------------------------------------------------------------- comparing

// statusClass is how a result compares: ok, rejected at compile time (2),
// render error (3), hang, or a harness problem (1, never equal).
func statusClass(r wxmlResult) string {
	switch {
	case r.OK:
		return "ok"
	case r.Status == 2:
		return "rejected"
	case r.Status == 3:
		return "render-error"
	case r.Status == statusHang:
		return "hang"
	}
	return fmt.Sprintf("status-%d", r.Status)
}

// compareResults returns "" when the results are equal, else a one-line
// description of the first difference.
func compareResults(o, m wxmlResult) string {
	oc, mc := statusClass(o), statusClass(m)
	if oc != mc || strings.HasPrefix(oc, "status-") {
		return fmt.Sprintf("oracle %s%s, mpc %s%s", oc, errSummary(o), mc, errSummary(m))
	}
	if oc != "ok" || bytes.Equal(o.Vdom, m.Vdom) {
		return ""
	}
	ov, err1 := decodeJSON(o.Vdom)
	mv, err2 := decodeJSON(m.Vdom)
	if err1 != nil || err2 != nil {
		return fmt.Sprintf("bad vdom JSON: oracle %v, mpc %v", err1, err2)
	}
	return firstDiff("$", ov, mv)
}

func errSummary(r wxmlResult) string {
	if r.OK {
		return ""
	}
	s := strings.TrimSpace(r.Error)
	s = strings.TrimPrefix(s, "wcc exit status ")
	s = strings.ReplaceAll(s, "\n", " ⏎ ")
	return " (" + tailHead(s, 160) + ")"
}

func tailHead(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func decodeJSON(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

// firstDiff walks two canonical vdoms and describes the first place they
// differ. Numbers compare by value (formatting is not a difference).
func firstDiff(path string, a, b any) string {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			break
		}
		keys := map[string]bool{}
		for k := range av {
			keys[k] = true
		}
		for k := range bv {
			keys[k] = true
		}
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			x, inA := av[k]
			y, inB := bv[k]
			p := path + jsonKey(k)
			switch {
			case !inA:
				return fmt.Sprintf("at %s: oracle has no such key, mpc %s", p, short(y))
			case !inB:
				return fmt.Sprintf("at %s: oracle %s, mpc has no such key", p, short(x))
			}
			if d := firstDiff(p, x, y); d != "" {
				return d
			}
		}
		return ""
	case []any:
		bv, ok := b.([]any)
		if !ok {
			break
		}
		for i := 0; i < len(av) && i < len(bv); i++ {
			if d := firstDiff(fmt.Sprintf("%s[%d]", path, i), av[i], bv[i]); d != "" {
				return d
			}
		}
		if len(av) != len(bv) {
			return fmt.Sprintf("at %s: oracle %d items, mpc %d items (first extra: %s)", path, len(av), len(bv), short(extra(av, bv)))
		}
		return ""
	case json.Number:
		if bn, ok := b.(json.Number); ok {
			x, e1 := strconv.ParseFloat(string(av), 64)
			y, e2 := strconv.ParseFloat(string(bn), 64)
			if e1 == nil && e2 == nil && (x == y || math.IsNaN(x) && math.IsNaN(y)) {
				return ""
			}
		}
	default:
		if a == b {
			return ""
		}
	}
	return fmt.Sprintf("at %s: oracle %s, mpc %s", path, short(a), short(b))
}

func extra(a, b []any) any {
	if len(a) > len(b) {
		return a[len(b)]
	}
	return b[len(a)]
}

func jsonKey(k string) string {
	if wxmlgenIdent(k) {
		return "." + k
	}
	return "[" + strconv.Quote(k) + "]"
}

func wxmlgenIdent(k string) bool {
	if k == "" {
		return false
	}
	for i, c := range k {
		if !(c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func short(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return tailHead(strings.TrimSpace(b.String()), 160)
}

// ---------------------------------------------------------------- deliberate differences

// deliberate lists the wcc behaviours mpc does not copy, each with its
// reason (also in docs/parity.md). A case that differs in one of these ways
// is reported apart and does not fail the suite.
var deliberate = []struct {
	name, reason string
	match        func(c wxmlCase, o, m wxmlResult) bool
}{
	{
		name: "raw line break in an attribute value",
		reason: "this old wcc build rejects a raw newline inside an attribute value (a version quirk); " +
			"real projects use them and newer WeChat accepts them, so mpc does (docs/wxml.md)",
		match: func(c wxmlCase, o, m wxmlResult) bool {
			return o.Status == 2 && strings.Contains(o.Error, "unexpected character `\n`") && m.OK
		},
	},
	{
		name: "wxs function rendered as text",
		reason: "a wxs function used as text prints its source; wcc prints its own re-printed code " +
			"(function (nv_x){return(\"\\x3c\" + nv_x ...}), mpc its rewritten source: an artefact no page relies on (docs/codegen.md)",
		match: func(c wxmlCase, o, m wxmlResult) bool {
			return o.OK && m.OK && strings.Contains(string(o.Vdom), "function (nv_") && strings.Contains(string(m.Vdom), "function")
		},
	},
	{
		name: "octal-looking number with a fraction",
		reason: "wcc emits `010.5` as it is and the page dies with a JavaScript SyntaxError when it renders; " +
			"mpc warns and reads 10.5 (docs/wxml.md)",
		match: func(c wxmlCase, o, m wxmlResult) bool {
			return o.Status == 3 && strings.Contains(o.Error, "SyntaxError: Unexpected number") && m.OK
		},
	},
}

func deliberateDiff(c wxmlCase, o, m wxmlResult) string {
	for _, d := range deliberate {
		if d.match(c, o, m) {
			return d.name
		}
	}
	return ""
}

// tally compares results and reports like Tally, with deliberate
// differences apart and differences grouped by kind.
type wxmlTally struct {
	Tally
	deliberate map[string]int
	kinds      map[string]*diffKind
}

type diffKind struct {
	n       int
	example string
}

func newTally(name string) *wxmlTally {
	return &wxmlTally{Tally: Tally{Name: name}, deliberate: map[string]int{}, kinds: map[string]*diffKind{}}
}

var (
	kindQuoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	kindDigits = regexp.MustCompile(`[0-9]+`)
	kindFile   = regexp.MustCompile(`[\w./-]+\.wxml\b`)
)

// kindOf is a difference without its specifics (strings, numbers, file
// names, further messages), so that many cases of one bug count as one
// kind.
func kindOf(d string) string {
	d, _, _ = strings.Cut(d, " ⏎ ")
	d = kindQuoted.ReplaceAllString(d, `"…"`)
	d = kindFile.ReplaceAllString(d, "F.wxml")
	return kindDigits.ReplaceAllString(d, "#")
}

// add compares one case; describe names the case in a difference report.
func (tl *wxmlTally) add(c wxmlCase, o, m wxmlResult, describe func() string) bool {
	d := compareResults(o, m)
	if d != "" {
		if name := deliberateDiff(c, o, m); name != "" {
			tl.deliberate[name]++
			tl.Total++
			return true
		}
		k := saveKind(d)
		if tl.kinds[k] == nil {
			tl.kinds[k] = &diffKind{example: describe()}
		}
		tl.kinds[k].n++
		d = describe() + ": " + d
	}
	tl.Add(d)
	return d == ""
}

func (tl *wxmlTally) report(t *testing.T) {
	t.Helper()
	tl.Report(t, 15)
	for _, k := range slices.Sorted(maps.Keys(tl.deliberate)) {
		fmt.Printf("  deliberate difference %q: %d cases\n", k, tl.deliberate[k])
	}
	if len(tl.kinds) > 1 {
		kinds := slices.Collect(maps.Keys(tl.kinds))
		sort.Slice(kinds, func(i, j int) bool {
			a, b := tl.kinds[kinds[i]], tl.kinds[kinds[j]]
			return a.n > b.n || a.n == b.n && kinds[i] < kinds[j]
		})
		fmt.Printf("  differences by kind (%d kinds):\n", len(kinds))
		for i, k := range kinds {
			if i == 12 {
				fmt.Printf("    ... %d more kinds\n", len(kinds)-i)
				break
			}
			fmt.Printf("    %5d × %s  (e.g. %s)\n", tl.kinds[k].n, k, tailHead(tl.kinds[k].example, 120))
		}
	}
	if len(tl.Diffs) > 0 {
		t.Errorf("parity %s: %d cases differ", tl.Name, len(tl.Diffs))
	}
}

// ---------------------------------------------------------------- corpus

// pins fix data paths for corpus files whose wxs loops forever on other
// values, in every data set (also {}): the calendars of vant and lin-ui
// build their month list with
// `do … while (compareMonth(cursor, getDate(maxDate)) !== 1)`, which never
// ends for an invalid date — wcc's runtime hangs (and dies out of memory),
// so any faithful renderer does too.
var pins = map[string]map[string]any{
	"@vant/weapp@*:calendar/calendar.wxml": calendarDates,
	"@vant/weapp@*:calendar/index.wxml":    calendarDates,
	"lin-ui@*:calendar/index.wxml":         calendarDates,
}

var calendarDates = map[string]any{"minDate": 1700000000000.0, "maxDate": 1705000000000.0}

func pinsFor(spec, file string) *wxmlgen.Obj {
	name := spec
	if i := strings.LastIndex(spec, "@"); i > 0 {
		name = spec[:i]
	}
	p, ok := pins[name+"@*:"+file]
	if !ok {
		return nil
	}
	o := &wxmlgen.Obj{}
	for _, k := range slices.Sorted(maps.Keys(p)) {
		o.Set(k, p[k])
	}
	return o
}

// fixtures are the tdesign component data sets of the oracle (NOTES.md
// §4.15): fixtures/tdesign/NAME.json is the data of NAME/NAME.wxml.
func fixtures(t *testing.T) map[string][]byte {
	dir := filepath.Join(OracleDir(), "fixtures", "tdesign")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("fixtures: %v", err)
	}
	out := map[string][]byte{}
	for _, e := range ents {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[name+"/"+name+".wxml"] = bytes.TrimSpace(b)
	}
	return out
}

// corpusShape is the data shape a corpus file's expressions read (through
// what it includes and the templates it calls).
func corpusShape(root, file string, cache map[string]*wxml.File) *wxmlgen.Shape {
	return wxmlgen.Paths(file, func(rel string) *wxml.File {
		if f, ok := cache[rel]; ok {
			return f
		}
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		var f *wxml.File
		if err == nil {
			f = parseWXML(rel, string(b))
		}
		cache[rel] = f
		return f
	})
}

// parseWXML parses with mpc's parser, which never fails (diagnostics are
// ignored here: the shape only guides the random data).
func parseWXML(rel, src string) *wxml.File {
	return wxml.Parse(&diag.Log{}, &diag.Source{Path: rel, Contents: src})
}

func seedOf(parts ...string) int64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return int64(h.Sum64() >> 1)
}

// allMode picks, per root, whether the oracle compiles the whole root once
// (`all`, much faster: NOTES.md §6) or each file's dependency closure: with
// `all` one file wcc rejects fails every case of the root.
func allMode(t *testing.T, roots []CorpusRoot) map[string]bool {
	var probe []wxmlCase
	for _, r := range roots {
		files := Files(r.Dir, ".wxml")
		if len(files) == 0 {
			continue
		}
		probe = append(probe, wxmlCase{ID: r.Spec, Root: r.Dir, File: files[0], Data: json.RawMessage("{}"), All: true})
	}
	res, err := oracleRunner().run(probe)
	if err != nil {
		t.Fatalf("oracle probe: %v", err)
	}
	out := map[string]bool{}
	for i, c := range probe {
		out[c.Root] = res[i].Status != 2
	}
	return out
}

// coverage accumulates mpc's branch and loop-body coverage per source
// file: a hit id is "b<N>" or "l<N>", qualified by its file
// ("./a/b.wxml:b3"), so a template-only file is exercised through the
// files that import it. Totals per file come from the AST (each wx:if,
// wx:elif and wx:else branch, each wx:for body, templates included).
type coverage struct {
	total map[string][2]int          // "root rel" -> branches, loop bodies
	hit   map[string]map[string]bool // "root rel" -> ids
	order []string
	got   bool // mpc reported coverage at all
}

// file registers a source file with its totals.
func (cv *coverage) file(root, rel string, f *wxml.File) {
	if cv.total == nil {
		cv.total = map[string][2]int{}
		cv.hit = map[string]map[string]bool{}
	}
	key := root + " " + rel
	if _, ok := cv.total[key]; ok || f == nil {
		return
	}
	var b, l int
	var walk func(ns []wxml.Node)
	walkNode := func(n wxml.Node) { walk([]wxml.Node{n}) }
	walk = func(ns []wxml.Node) {
		for _, n := range ns {
			switch n := n.(type) {
			case *wxml.Element:
				walk(n.Children)
			case *wxml.IfChain:
				for _, br := range n.Branches {
					b++
					walkNode(br.Body)
				}
			case *wxml.For:
				l++
				walkNode(n.Body)
			}
		}
	}
	walk(f.Nodes)
	for _, t := range f.Templates {
		walk(t.Children)
	}
	cv.total[key] = [2]int{b, l}
	cv.order = append(cv.order, key)
}

// add records the hits of one result of an entry of root.
func (cv *coverage) add(root, entry string, r wxmlResult) {
	if r.Coverage == nil {
		return
	}
	cv.got = true
	for _, h := range r.Coverage.Hit {
		rel, id := entry, h
		if i := strings.LastIndexByte(h, ':'); i >= 0 {
			rel, id = strings.TrimPrefix(h[:i], "./"), h[i+1:]
		}
		key := root + " " + rel
		if cv.hit[key] == nil {
			cv.hit[key] = map[string]bool{}
		}
		cv.hit[key][id] = true
	}
}

func (cv *coverage) report(name string) {
	if !cv.got {
		fmt.Printf("parity %s coverage: mpc reported no coverage\n", name)
		return
	}
	var nb, nl, hb, hl, full, withAny int
	type low struct {
		key   string
		share float64
	}
	var lows []low
	for _, k := range cv.order {
		tot := cv.total[k]
		b, l := 0, 0
		for id := range cv.hit[k] {
			switch {
			case strings.HasPrefix(id, "b"):
				b++
			case strings.HasPrefix(id, "l"):
				l++
			}
		}
		b, l = min(b, tot[0]), min(l, tot[1])
		nb += tot[0]
		nl += tot[1]
		hb += b
		hl += l
		if tot[0]+tot[1] == 0 {
			continue
		}
		withAny++
		if b+l == tot[0]+tot[1] {
			full++
		}
		lows = append(lows, low{k, float64(b+l) / float64(tot[0]+tot[1])})
	}
	fmt.Printf("parity %s coverage: branches %d/%d (%s), loop bodies %d/%d (%s) exercised; %d/%d files with branches or loops fully exercised\n",
		name, hb, nb, pct(hb, nb), hl, nl, pct(hl, nl), full, withAny)
	sort.SliceStable(lows, func(i, j int) bool { return lows[i].share < lows[j].share })
	for i, l := range lows {
		if i == 5 || l.share == 1 {
			break
		}
		tot := cv.total[l.key]
		fmt.Printf("  least exercised: %s: %.0f%% of %d branches + %d loop bodies\n", l.key, 100*l.share, tot[0], tot[1])
	}
}

func pct(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
}

func TestParityWXMLCorpus(t *testing.T) {
	mode := Mode(t)
	roots := CorpusRoots(t)
	random := 20 // random data sets per file
	if mode == "sample" {
		random = 2
	}
	fix := fixtures(t)
	all := allMode(t, roots)

	var cases []wxmlCase
	var cov coverage
	nFiles := 0
	for _, r := range roots {
		files := Files(r.Dir, ".wxml")
		nFiles += len(files)
		parsed := map[string]*wxml.File{}
		for _, f := range files {
			pin := pinsFor(r.Spec, f)
			add := func(label string, data []byte) {
				cases = append(cases, wxmlCase{
					ID: fmt.Sprintf("%s:%s#%s", r.Spec, f, label), Root: r.Dir, File: f,
					Data: wxmlgen.Pin(data, pin), All: all[r.Dir], Coverage: true, label: label,
				})
			}
			add("{}", []byte("{}"))
			if d, ok := fix[f]; ok && strings.HasPrefix(r.Spec, "tdesign-miniprogram@") {
				add("fixture", d)
			}
			shape := corpusShape(r.Dir, f, parsed)
			for rel, pf := range parsed {
				cov.file(r.Dir, rel, pf)
			}
			for i, d := range wxmlgen.Data(shape, seedOf(r.Spec, f), random) {
				add("random"+strconv.Itoa(i), d)
			}
		}
	}
	fmt.Printf("parity wxml-corpus cases (%s): %d files of %d roots, %d cases ({} + tdesign fixtures + %d random data sets per file)\n",
		mode, nFiles, len(roots), len(cases), random)

	oracle, mpc := runBoth(t, cases)
	tl := newTally("wxml-corpus")
	classes := map[string]int{}
	for i, c := range cases {
		classes[statusClass(oracle[i])]++
		if statusClass(oracle[i]) == "hang" {
			fmt.Printf("  oracle hangs on %s\n", c.ID)
		}
		tl.add(c, oracle[i], mpc[i], func() string {
			return fmt.Sprintf("%s %s data %s %s", c.Root, c.File, c.label, tailHead(string(c.Data), 200))
		})
		cov.add(c.Root, c.File, mpc[i])
	}
	fmt.Printf("parity wxml-corpus oracle results: %s\n", classSummary(classes))
	tl.report(t)
	cov.report("wxml-corpus")
}

func classSummary(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}

// ---------------------------------------------------------------- generated

// regressionDir holds generated cases that once differed, one folder per
// seed (the project's files and data.json); every run re-checks them.
func regressionDir() string {
	return filepath.Join(RepoRoot(), "testdata", "wxml", "parity-regressions")
}

// maxNewRegressions bounds what one run saves (a broken build would
// otherwise save thousands).
const maxNewRegressions = 20

func writeProject(dir string, files map[string]string, data []byte) error {
	for _, p := range wxmlgen.Files(files) {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, []byte(files[p]), 0o644); err != nil {
			return err
		}
	}
	if data != nil {
		return os.WriteFile(filepath.Join(dir, "data.json"), append(data, '\n'), 0o644)
	}
	return nil
}

func TestParityWXMLGenerated(t *testing.T) {
	mode := Mode(t)
	n := 2000
	if mode == "sample" {
		n = 200
	}
	if s := os.Getenv("MPC_PARITY_GENERATED"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 {
			t.Fatalf("MPC_PARITY_GENERATED=%q: want a number of cases", s)
		}
		n = v
	}
	base := int64(1)
	if s := os.Getenv("MPC_PARITY_SEED"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("MPC_PARITY_SEED=%q: want a number", s)
		}
		base = v
	}
	tmp := t.TempDir()
	var cases []wxmlCase
	projects := map[string]map[string]string{}
	for seed := base; seed < base+int64(n); seed++ {
		files, data := wxmlgen.WXML(seed)
		root := filepath.Join(tmp, strconv.FormatInt(seed, 10))
		if err := writeProject(root, files, nil); err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(seed, 10)
		projects[id] = files
		cases = append(cases, wxmlCase{ID: id, Root: root, File: wxmlgen.Entry, Data: data, label: "seed " + id})
	}
	regs := regressionCases(t)
	fmt.Printf("parity wxml-generated cases (%s): %d generated projects (seeds %d..%d), %d saved regressions\n",
		mode, n, base, base+int64(n)-1, len(regs))

	oracle, mpc := runBoth(t, append(cases, regs...))
	gen := newTally("wxml-generated")
	reg := newTally("wxml-regressions")
	classes := map[string]int{}
	var failed []int
	diffs := map[int]string{}
	for i, c := range append(cases, regs...) {
		if i < len(cases) {
			classes[statusClass(oracle[i])]++
			if !gen.add(c, oracle[i], mpc[i], func() string { return "seed " + c.ID }) {
				failed = append(failed, i)
				diffs[i] = compareResults(oracle[i], mpc[i])
			}
			continue
		}
		reg.add(c, oracle[i], mpc[i], func() string { return c.Root })
	}
	fmt.Printf("parity wxml-generated oracle results: %s (rejected/render errors count as equal only when mpc fails the same way)\n", classSummary(classes))
	saveRegressions(t, cases, projects, failed, diffs)
	gen.report(t)
	if len(regs) > 0 {
		reg.report(t)
	}
}

// regressionCases loads the saved failing projects.
func regressionCases(t *testing.T) []wxmlCase {
	dir := regressionDir()
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var cases []wxmlCase
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		root := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(filepath.Join(root, "data.json"))
		if err != nil {
			t.Errorf("regression %s: %v", e.Name(), err)
			continue
		}
		cases = append(cases, wxmlCase{ID: "regression " + e.Name(), Root: root, File: wxmlgen.Entry, Data: bytes.TrimSpace(data), label: "regression"})
	}
	return cases
}

// saveRegressions writes failing generated cases to the regression folder:
// at most maxPerKind of each kind of difference (one bug shows in many
// seeds) and maxNewRegressions in all per run; none when most cases fail,
// which means a broken build rather than bugs worth keeping.
func saveRegressions(t *testing.T, cases []wxmlCase, projects map[string]map[string]string, failed []int, diffs map[int]string) {
	if len(failed) == 0 || len(failed) > len(cases)/2 {
		return
	}
	saved := 0
	perKind := map[string]int{}
	for _, i := range failed {
		c := cases[i]
		k := saveKind(diffs[i])
		if perKind[k] == maxPerKind {
			continue
		}
		perKind[k]++
		dir := filepath.Join(regressionDir(), c.ID)
		if _, err := os.Stat(dir); err == nil {
			continue
		}
		if saved == maxNewRegressions {
			fmt.Printf("  (more failing seeds not saved: at most %d per run)\n", maxNewRegressions)
			break
		}
		if err := writeProject(dir, projects[c.ID], c.Data); err != nil {
			t.Errorf("saving regression: %v", err)
			return
		}
		saved++
		fmt.Printf("  saved failing seed %s to %s\n", c.ID, dir)
	}
}

const maxPerKind = 2

var kindAttr = regexp.MustCompile(`\.attrs(\.[\w$]+|\["…"\])`)

// saveKind is the kind of a difference without where it is and which
// attribute it is on.
func saveKind(d string) string {
	d = kindTreePath.ReplaceAllString(kindOf(d), "at …")
	return tailHead(kindAttr.ReplaceAllString(d, ".attrs.*"), 110)
}

// ---------------------------------------------------------------- reducing

// TestReduceWXMLRegressions shrinks saved regressions in place (delta
// debugging over pieces of the files, then over data keys) while the
// oracle's result class stays the same and mpc still differs from it.
// It runs only on demand: MPC_PARITY_REDUCE=all, or a comma-separated list
// of seeds. Each round tests all candidates in one batch per side.
func TestReduceWXMLRegressions(t *testing.T) {
	which := os.Getenv("MPC_PARITY_REDUCE")
	if which == "" {
		t.Skip("reduces saved regressions on demand (MPC_PARITY_REDUCE=all, =seed,seed or =/abs/project/dir)")
	}
	if filepath.IsAbs(which) {
		reduceRegression(t, which)
		return
	}
	for _, c := range regressionCases(t) {
		seed := filepath.Base(c.Root)
		if which != "all" && !slices.Contains(strings.Split(which, ","), seed) {
			continue
		}
		reduceRegression(t, c.Root)
	}
}

// splitPieces cuts text before every '<' (fine: also before every space,
// newline and "{{").
func splitPieces(text string, fine bool) []string {
	var out []string
	start := 0
	for i := 1; i < len(text); i++ {
		cut := text[i] == '<'
		if fine && !cut {
			cut = text[i] == ' ' || text[i] == '\n' || strings.HasPrefix(text[i:], "{{")
		}
		if cut {
			out = append(out, text[start:i])
			start = i
		}
	}
	return append(out, text[start:])
}

var kindTreePath = regexp.MustCompile(`^at \$(\[#\]|\.children)*`)

// reduceKind is the kind of a difference without where it is in the tree.
func reduceKind(d string) string {
	return tailHead(kindTreePath.ReplaceAllString(kindOf(d), "at …"), 110)
}

func reduceRegression(t *testing.T, dir string) {
	files := map[string]string{}
	var names []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "data.json" {
			return nil
		}
		b, _ := os.ReadFile(p)
		files[rel] = string(b)
		names = append(names, rel)
		return nil
	})
	sort.Strings(names)
	raw, err := os.ReadFile(filepath.Join(dir, "data.json"))
	if err != nil {
		t.Fatal(err)
	}
	dv, err := wxmlgen.Unmarshal(bytes.TrimSpace(raw))
	data, ok := dv.(*wxmlgen.Obj)
	if err != nil || !ok {
		t.Fatalf("%s: data.json is not an object", dir)
	}
	r := &reducer{t: t, tmp: t.TempDir()}
	if len(r.try([]map[string]string{files}, []*wxmlgen.Obj{data})) == 0 {
		t.Logf("%s: no difference any more", dir)
		return
	}
	// pieces: whole files, then tags, then words
	type piece struct {
		file int
		text string
	}
	build := func(ps []piece) map[string]string {
		out := map[string]string{}
		for _, n := range names {
			out[n] = ""
		}
		for _, p := range ps {
			out[names[p.file]] += p.text
		}
		return out
	}
	for pass := 0; pass < 3; pass++ {
		var ps []piece
		for i, n := range names {
			switch pass {
			case 0:
				ps = append(ps, piece{i, files[n]})
			default:
				for _, x := range splitPieces(files[n], pass == 2) {
					ps = append(ps, piece{i, x})
				}
			}
		}
		keep := r.ddmin(len(ps), func(sets [][]int) []map[string]string {
			out := make([]map[string]string, len(sets))
			for i, set := range sets {
				sub := make([]piece, len(set))
				for j, k := range set {
					sub[j] = ps[k]
				}
				out[i] = build(sub)
			}
			return out
		}, data)
		sub := make([]piece, len(keep))
		for j, k := range keep {
			sub[j] = ps[k]
		}
		files = build(sub)
	}
	// data: top-level keys
	keep := r.ddminData(files, data)
	data = keep
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	size := 0
	for k, v := range files {
		if strings.TrimSpace(v) != "" || k == wxmlgen.Entry {
			out[k] = v
			size += len(v)
		}
	}
	if err := writeProject(dir, out, wxmlgen.Marshal(data)); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("reduced %s: %d files, %d bytes, data %s (%d candidates tried)\n", dir, len(out), size, tailHead(string(wxmlgen.Marshal(data)), 200), r.n)
}

// reducer runs candidate projects in batches and keeps the kind of
// difference the first run showed.
type reducer struct {
	t        *testing.T
	tmp      string
	n        int
	wantKind string
}

// try returns the indexes of the candidates that still show the kind of
// difference (the first call sets the kind).
func (r *reducer) try(cands []map[string]string, datas []*wxmlgen.Obj) []int {
	cases := make([]wxmlCase, len(cands))
	for i := range cands {
		r.n++
		root := filepath.Join(r.tmp, strconv.Itoa(r.n))
		if err := writeProject(root, cands[i], nil); err != nil {
			r.t.Fatal(err)
		}
		cases[i] = wxmlCase{ID: strconv.Itoa(r.n), Root: root, File: wxmlgen.Entry, Data: wxmlgen.Marshal(datas[i])}
	}
	o, m, _, _ := sideBySide(r.t, oracleRunner(), selfOrMPC(r.t), cases)
	var ok []int
	for i := range cases {
		d := compareResults(o[i], m[i])
		if d == "" {
			continue
		}
		// the same kind of difference, wherever it is in the tree
		k := reduceKind(d)
		if r.wantKind == "" {
			r.wantKind = k
		}
		if k == r.wantKind {
			ok = append(ok, i)
		}
	}
	os.RemoveAll(r.tmp)
	return ok
}

// ddmin removes chunks of n pieces: each round tries every chunk's removal
// in one batch, then all successful removals together (usually
// independent), else the first one.
func (r *reducer) ddmin(n int, build func([][]int) []map[string]string, data *wxmlgen.Obj) []int {
	kept := make([]int, n)
	for i := range kept {
		kept[i] = i
	}
	without := func(drop map[int]bool, chunks [][]int) []int {
		var out []int
		for ci, c := range chunks {
			if !drop[ci] {
				out = append(out, c...)
			}
		}
		return out
	}
	for parts := 2; len(kept) > 0; {
		parts = min(parts, len(kept))
		var chunks [][]int
		size := (len(kept) + parts - 1) / parts
		for i := 0; i < len(kept); i += size {
			chunks = append(chunks, kept[i:min(i+size, len(kept))])
		}
		var sets [][]int
		for ci := range chunks {
			sets = append(sets, without(map[int]bool{ci: true}, chunks))
		}
		ok := r.try(build(sets), repeat(data, len(sets)))
		if len(ok) > 0 {
			drop := map[int]bool{}
			for _, ci := range ok {
				drop[ci] = true
			}
			all := without(drop, chunks)
			if len(ok) > 1 && len(r.try(build([][]int{all}), repeat(data, 1))) == 1 {
				kept = all
			} else {
				kept = sets[ok[0]]
			}
			parts = max(parts-len(ok), 2)
			continue
		}
		if parts >= len(kept) {
			break
		}
		parts = min(2*parts, len(kept))
	}
	return kept
}

// ddminData drops top-level data keys the difference does not need.
func (r *reducer) ddminData(files map[string]string, data *wxmlgen.Obj) *wxmlgen.Obj {
	for changed := true; changed && len(data.Keys) > 0; {
		changed = false
		var datas []*wxmlgen.Obj
		for i := range data.Keys {
			d := &wxmlgen.Obj{}
			for j, k := range data.Keys {
				if j != i {
					d.Set(k, data.Vals[j])
				}
			}
			datas = append(datas, d)
		}
		if ok := r.try(repeat(files, len(datas)), datas); len(ok) > 0 {
			data = datas[ok[0]]
			changed = true
		}
	}
	return data
}

func repeat[T any](x T, n int) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = x
	}
	return out
}

// ---------------------------------------------------------------- speed

// TestBenchWXML times wcc and mpc compiling every .wxml (and .wxs) of each
// corpus root in one process, as the devtools do, best of 5 each.
func TestBenchWXML(t *testing.T) {
	if !*BenchCompare {
		t.Skip("speed comparison runs with -bench-compare (make bench)")
	}
	wcc := filepath.Join(oracleCache(), "miniprogram-compiler", "package", "bin", "linux", "wcc")
	if _, err := os.Stat(wcc); err != nil {
		t.Fatalf("wcc not installed (make oracle): %v", err)
	}
	mpc := MPC(t)
	// The fixed cost of one process (start-up) on a one-element file, to
	// read the per-root times against.
	tiny := t.TempDir()
	if err := os.WriteFile(filepath.Join(tiny, "a.wxml"), []byte("<view/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	w0, _ := bestOf(5, tiny, wcc, wccArgs(tiny, []string{"a.wxml"}, nil))
	m0, _ := bestOf(5, tiny, mpc, []string{"compile", "wxml", "--root", ".", "a.wxml"})
	fmt.Printf("bench wxml one-element file (start-up): wcc %v, mpc %v\n", w0.Round(time.Microsecond*100), m0.Round(time.Microsecond*100))
	benchWXMLWholeCorpus(t, wcc, mpc, w0, m0)
	var totW, totM time.Duration
	roots := 0
	for _, r := range CorpusRoots(t) {
		files := Files(r.Dir, ".wxml")
		wxs := Files(r.Dir, ".wxs")
		if len(files) == 0 {
			continue
		}
		wArgs := wccArgs(r.Dir, files, wxs)
		w, wErr := bestOf(5, r.Dir, wcc, wArgs)
		m, mErr := bestOf(5, r.Dir, mpc, slices.Concat([]string{"compile", "wxml", "--root", "."}, files, wxs))
		note := ""
		if wErr != nil || mErr != nil {
			note = fmt.Sprintf(" (wcc: %v; mpc: %v)", errText(wErr), errText(mErr))
		}
		fmt.Printf("bench wxml %s: %d wxml + %d wxs: wcc %v, mpc %v, mpc %.1f× faster%s\n",
			r.Spec, len(files), len(wxs), w.Round(time.Microsecond*100), m.Round(time.Microsecond*100), ratio(w, m), note)
		totW += w
		totM += m
		roots++
	}
	fmt.Printf("bench wxml total: wcc %v, mpc %v, mpc %.1f× faster\n", totW.Round(time.Millisecond), totM.Round(time.Millisecond), ratio(totW, totM))
	// The same minus each process's start-up (the one-element file's time):
	// the compile work itself, which is what grows with a project.
	workW, workM := totW-time.Duration(roots)*w0, totM-time.Duration(roots)*m0
	fmt.Printf("bench wxml total without start-up (%d × one-element file): wcc %v, mpc %v, mpc %.1f× faster\n",
		roots, workW.Round(time.Millisecond), workM.Round(time.Millisecond), ratio(workW, workM))
}

// benchWXMLWholeCorpus is the measure the speed target is set on: every
// .wxml and .wxs of the corpus compiled by one process, as the devtools
// compile a project, with the corpus folder as the root of both compilers.
// Files wcc rejects (a library's uncompiled sources) are left out of both
// runs, one at a time as wcc names them, so that each compiler does the
// whole job.
func benchWXMLWholeCorpus(t *testing.T, wcc, mpc string, w0, m0 time.Duration) {
	base, err := filepath.Abs(CorpusDir())
	if err != nil {
		t.Fatal(err)
	}
	var files, wxs []string
	for _, r := range CorpusRoots(t) {
		dir, err := filepath.Abs(r.Dir)
		if err != nil {
			t.Fatal(err)
		}
		rel, err := filepath.Rel(base, dir)
		if err != nil || !filepath.IsLocal(rel) {
			t.Fatalf("corpus root %s is not under %s", dir, base)
		}
		for _, f := range Files(dir, ".wxml") {
			files = append(files, path.Join(filepath.ToSlash(rel), f))
		}
		for _, f := range Files(dir, ".wxs") {
			wxs = append(wxs, path.Join(filepath.ToSlash(rel), f))
		}
	}
	var dropped []string
	for {
		args := wccArgs(base, files, wxs)
		cmd := exec.Command(wcc, args...)
		cmd.Dir = base
		cmd.Stdout = io.Discard
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if cmd.Run() == nil {
			break
		}
		// wcc stops at the first file it rejects: "./path:line:col: ..."
		bad, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(stderr.String()), "./"), ":")
		i := slices.Index(files, bad)
		if i < 0 || len(dropped) >= 20 {
			t.Fatalf("wcc fails on the whole corpus: %s", tailHead(stderr.String(), 400))
		}
		dropped = append(dropped, bad)
		files = slices.Delete(files, i, i+1)
	}
	w, wErr := bestOf(5, base, wcc, wccArgs(base, files, wxs))
	// mpc gets the .wxs files too, as wcc does: a few are not required by
	// any .wxml, and wcc compiles them all
	m, mErr := bestOf(5, base, mpc, slices.Concat([]string{"compile", "wxml", "--root", "."}, files, wxs))
	if wErr != nil || mErr != nil {
		t.Errorf("whole corpus: wcc: %v; mpc: %v", errText(wErr), errText(mErr))
	}
	fmt.Printf("bench wxml whole corpus, one process: %d wxml + %d wxs (%d left out, wcc rejects them: %s): wcc %v, mpc %v, mpc %.1f× faster\n",
		len(files), len(wxs), len(dropped), strings.Join(dropped, ", "), w.Round(time.Microsecond*100), m.Round(time.Microsecond*100), ratio(w, m))
	fmt.Printf("bench wxml whole corpus without start-up: wcc %v, mpc %v, mpc %.1f× faster\n",
		(w - w0).Round(time.Microsecond*100), (m - m0).Round(time.Microsecond*100), ratio(w-w0, m-m0))
}

func errText(err error) string {
	if err == nil {
		return "ok"
	}
	return tailHead(err.Error(), 200)
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return math.Inf(1)
	}
	return float64(a) / float64(b)
}

// bestOf runs the command n times (cwd dir, output discarded) and returns
// the fastest wall time and the last failure, if any.
func bestOf(n int, dir, name string, args []string) (time.Duration, error) {
	best := time.Duration(math.MaxInt64)
	var last error
	for i := 0; i < n; i++ {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Stdout = io.Discard
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		t0 := time.Now()
		err := cmd.Run()
		d := time.Since(t0)
		if err != nil {
			last = fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
		}
		best = min(best, d)
	}
	return best, last
}

// wccArgs is the devtools' command line (the oracle's lib/wcc.js
// buildArgs): -d, the -cc custom component table, ./-prefixed paths.
func wccArgs(root string, files, wxs []string) []string {
	app := readJSONMap(filepath.Join(root, "app.json"))
	var global []string
	if uc, ok := app["usingComponents"].(map[string]any); ok {
		global = slices.Sorted(maps.Keys(uc))
	}
	var rows [][]string
	for _, f := range files {
		j := readJSONMap(filepath.Join(root, strings.TrimSuffix(f, ".wxml")+".json"))
		if j == nil {
			continue
		}
		uc, hasUC := j["usingComponents"].(map[string]any)
		cg, hasCG := j["componentGenerics"].(map[string]any)
		_, isComp := j["component"]
		if !hasUC && !hasCG && !isComp {
			continue
		}
		names := append([]string(nil), global...)
		seen := map[string]bool{}
		for _, n := range names {
			seen[n] = true
		}
		for _, m := range []map[string]any{uc, cg} {
			for _, k := range slices.Sorted(maps.Keys(m)) {
				if !seen[k] {
					seen[k] = true
					names = append(names, k)
				}
			}
		}
		row := append([]string{"./" + f, strconv.Itoa(len(names))}, names...)
		if strings.ContainsAny(strings.Join(row, ""), " \t\n") {
			continue // the table is space-separated (lib/wcc.js leaves such rows out too)
		}
		rows = append(rows, row)
	}
	table := []string{strconv.Itoa(len(rows))}
	for _, r := range rows {
		table = append(table, r...)
	}
	args := []string{"-d", "-cc", strings.Join(table, " ")}
	for _, f := range files {
		args = append(args, "./"+f)
	}
	for _, f := range wxs {
		args = append(args, "./"+f)
	}
	args = append(args, "-gn", "$gwx")
	if len(strings.Join(args, " ")) > 100000 {
		// wcc reads further arguments one per line from --config-path
		f, err := os.CreateTemp("", "mpc-bench-wcc-*.txt")
		if err == nil {
			f.WriteString(strings.Join(args, "\n"))
			f.Close()
			return []string{"--config-path", f.Name()}
		}
	}
	return args
}

func readJSONMap(p string) map[string]any {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	return m
}
