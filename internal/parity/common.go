// Package parity compares mpc with WeChat's official compilers (the oracle
// in ../shared/oracle) on the public corpus and on generated inputs.
//
// The suites are Go tests gated by MPC_PARITY: "sample" (bounded, run by
// `make test`), "full" (`make parity`). Both sides are driven through their
// batch modes — `node wxml-vdom.js --batch` / `node wxss-css.js --batch`
// against `mpc render --batch` / `mpc compile wxss --batch` — so each suite
// costs one process per side, whatever the number of cases.
package parity

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/mpc-dev/mpc/internal/corpusfiles"
)

// BenchCompare enables the speed comparisons against wcc/wcsc (`make bench`).
var BenchCompare = flag.Bool("bench-compare", false, "run the mpc vs wcc/wcsc timing comparisons")

// Mode returns "sample" or "full", or skips the test (with the reason) when
// MPC_PARITY is unset: parity needs Node.js, the oracle and the corpus,
// which the Makefile targets set up.
func Mode(t testing.TB) string {
	m := os.Getenv("MPC_PARITY")
	switch m {
	case "sample", "full":
		return m
	case "":
		t.Skip("parity suites run through `make parity` / `make test` (MPC_PARITY unset)")
	default:
		t.Fatalf("MPC_PARITY=%q: want sample or full", m)
	}
	return ""
}

// RepoRoot is the module root (two levels above this package).
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// OracleDir is the folder of wxml-vdom.js and wxss-css.js.
func OracleDir() string {
	if d := os.Getenv("MPC_ORACLE_DIR"); d != "" {
		return d
	}
	return filepath.Join(RepoRoot(), "..", "shared", "oracle")
}

// CorpusDir is where ../shared/corpus/fetch.sh unpacked the corpus.
func CorpusDir() string { return corpusfiles.Dir() }

// CorpusRoot is one mini program root of the corpus.
type CorpusRoot struct {
	Spec string // npm spec, e.g. "tdesign-miniprogram@1.16.0"
	Dir  string // absolute path of the root
}

// CorpusRoots runs fetch.sh (idempotent, fast once fetched) and returns the
// roots it prints, in its order.
func CorpusRoots(t testing.TB) []CorpusRoot {
	t.Helper()
	fetch := filepath.Join(OracleDir(), "..", "corpus", "fetch.sh")
	out, err := exec.Command("bash", fetch, CorpusDir()).Output()
	if err != nil {
		t.Fatalf("corpus fetch: %v", err)
	}
	var roots []CorpusRoot
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		spec, dir, ok := strings.Cut(line, " -> ")
		if !ok {
			continue
		}
		roots = append(roots, CorpusRoot{Spec: spec, Dir: dir})
	}
	if len(roots) == 0 {
		t.Fatal("corpus fetch printed no roots")
	}
	return roots
}

// Files lists the files under dir with the given extension (slash paths
// relative to dir, sorted), skipping node_modules.
func Files(dir, ext string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && d.Name() == "node_modules" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ext) {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// Result is one line of a batch result (oracle or mpc): the shared format of
// NOTES.md §1.1.
type Result struct {
	ID     json.RawMessage `json:"id"`
	OK     bool            `json:"ok"`
	Vdom   json.RawMessage `json:"vdom,omitempty"`
	CSS    *string         `json:"css,omitempty"`
	Status int             `json:"status,omitempty"`
	Error  string          `json:"error,omitempty"`
}

// RunBatch writes cases as JSON lines to the stdin of `name args...` and
// parses one Result per output line. Stderr is returned for reporting.
func RunBatch(name string, args []string, dir string, cases []any) ([]Result, string, error) {
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	enc.SetEscapeHTML(false)
	for _, c := range cases {
		if err := enc.Encode(c); err != nil {
			return nil, "", err
		}
	}
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdin = &in
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, stderr.String(), fmt.Errorf("%s: %v\n%s", name, err, tail(stderr.String(), 2000))
	}
	var res []Result
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var r Result
		if err := json.Unmarshal(line, &r); err != nil {
			return nil, stderr.String(), fmt.Errorf("%s: bad result line %q: %v", name, tail(string(line), 300), err)
		}
		res = append(res, r)
	}
	if len(res) != len(cases) {
		return res, stderr.String(), fmt.Errorf("%s: %d results for %d cases", name, len(res), len(cases))
	}
	return res, stderr.String(), nil
}

// Oracle runs an oracle script (wxml-vdom.js or wxss-css.js) in batch mode
// with extra options, reading cases from stdin.
func Oracle(script string, opts []string, cases []any) ([]Result, error) {
	args := append([]string{filepath.Join(OracleDir(), script), "--batch", "-"}, opts...)
	res, _, err := RunBatch("node", args, RepoRoot(), cases)
	return res, err
}

var (
	mpcOnce sync.Once
	mpcBin  string
	mpcErr  error
)

// MPC builds the mpc binary once per test process and returns its path.
func MPC(t testing.TB) string {
	t.Helper()
	mpcOnce.Do(func() {
		dir, err := os.MkdirTemp("", "mpc-parity-bin-")
		if err != nil {
			mpcErr = err
			return
		}
		mpcBin = filepath.Join(dir, "mpc")
		cmd := exec.Command("go", "build", "-o", mpcBin, "./cmd/mpc")
		cmd.Dir = RepoRoot()
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0") // as `make build`
		if out, err := cmd.CombinedOutput(); err != nil {
			mpcErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if mpcErr != nil {
		t.Fatal(mpcErr)
	}
	return mpcBin
}

// Tally counts equal cases and keeps the first differences for the report.
type Tally struct {
	Name  string
	Equal int
	Total int
	Diffs []string
}

// Add records one comparison; diff is "" when equal.
func (s *Tally) Add(diff string) {
	s.Total++
	if diff == "" {
		s.Equal++
		return
	}
	s.Diffs = append(s.Diffs, diff)
}

// Report prints "parity NAME: N/M equal" and the first differences.
func (s *Tally) Report(t testing.TB, show int) {
	t.Helper()
	t.Logf("parity %s: %d/%d equal", s.Name, s.Equal, s.Total)
	fmt.Printf("parity %s: %d/%d equal\n", s.Name, s.Equal, s.Total)
	for i, d := range s.Diffs {
		if i == show {
			fmt.Printf("  ... %d more differences\n", len(s.Diffs)-show)
			break
		}
		fmt.Printf("  differ: %s\n", d)
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
