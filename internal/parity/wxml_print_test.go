package parity

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/wxml"
)

// TestParityWXMLPrint parses every corpus .wxml with wxml.Parse and checks
//
//   - wxml-corpus-accept: mpc reports an error exactly when wcc rejects the
//     file (all corpus files but one are valid);
//   - wxml-print: wxml.Print's minified output renders the same vdom as the
//     source, through the oracle, with {} data. Each root is copied twice
//     (source and printed .wxml, same .wxs/.json) and both copies go
//     through one oracle batch.
//
// Sample mode takes every 5th file.
func TestParityWXMLPrint(t *testing.T) {
	mode := Mode(t)
	type file struct {
		root, rel string
		src       []byte
		errors    bool
		printed   []byte
	}
	var files []*file
	tmp := t.TempDir()
	if d := os.Getenv("MPC_WXML_PRINT_DIR"); d != "" {
		tmp = d
	}
	var batch []any
	n := 0
	for ri, r := range CorpusRoots(t) {
		orig := filepath.Join(tmp, fmt.Sprintf("r%d-src", ri))
		printed := filepath.Join(tmp, fmt.Sprintf("r%d-min", ri))
		for _, ext := range []string{".wxs", ".json"} {
			for _, rel := range Files(r.Dir, ext) {
				data, err := os.ReadFile(filepath.Join(r.Dir, rel))
				if err != nil {
					t.Fatal(err)
				}
				writeFile(t, filepath.Join(orig, rel), data)
				writeFile(t, filepath.Join(printed, rel), data)
			}
		}
		for _, rel := range Files(r.Dir, ".wxml") {
			data, err := os.ReadFile(filepath.Join(r.Dir, rel))
			if err != nil {
				t.Fatal(err)
			}
			log := &diag.Log{}
			f := wxml.Parse(log, &diag.Source{Path: rel, Contents: string(data)})
			fl := &file{root: r.Spec, rel: rel, src: data, errors: log.HasErrors()}
			fl.printed = wxml.Print(f)
			if fl.errors {
				fl.printed = data
			}
			writeFile(t, filepath.Join(orig, rel), data)
			writeFile(t, filepath.Join(printed, rel), fl.printed)
			n++
			if mode == "sample" && n%5 != 0 {
				continue
			}
			files = append(files, fl)
			id := len(files) - 1
			batch = append(batch,
				map[string]any{"id": []any{id, "src"}, "root": orig, "file": rel},
				map[string]any{"id": []any{id, "min"}, "root": printed, "file": rel})
		}
	}
	if out := os.Getenv("MPC_WXML_PRINT_BATCH"); out != "" {
		// Debugging aid: write the batch for running the oracle by hand.
		var b bytes.Buffer
		for _, c := range batch {
			line, _ := json.Marshal(c)
			b.Write(append(line, '\n'))
		}
		writeFile(t, out, b.Bytes())
		t.Skip("batch written to " + out)
	}
	res, err := oracleWithTimeout("wxml-vdom.js", batch, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	accept := Tally{Name: "wxml-corpus-accept"}
	same := Tally{Name: "wxml-print"}
	var srcBytes, minBytes, timeouts int
	for i, fl := range files {
		a, b := res[2*i], res[2*i+1]
		name := fl.root + " " + fl.rel
		if a.Status == statusTimeout || b.Status == statusTimeout {
			timeouts++
			continue
		}
		wccRejects := !a.OK && a.Status == 2
		if wccRejects != fl.errors {
			accept.Add(fmt.Sprintf("%s: wcc %s, mpc rejects=%v", name, verdict(wccRejects, a.Error), fl.errors))
		} else {
			accept.Add("")
		}
		if fl.errors {
			continue
		}
		srcBytes += len(fl.src)
		minBytes += len(fl.printed)
		switch {
		case a.OK != b.OK || a.Status != b.Status:
			same.Add(fmt.Sprintf("%s: source %s, printed %s", name, verdict(!a.OK, a.Error), verdict(!b.OK, b.Error)))
		case a.OK && !jsonEqual(a.Vdom, b.Vdom):
			same.Add(fmt.Sprintf("%s: vdom differs\n    source:  %s\n    printed: %s", name, clip(string(a.Vdom)), clip(string(b.Vdom))))
		default:
			same.Add("")
		}
	}
	accept.Report(t, 20)
	same.Report(t, 20)
	if timeouts > 0 {
		fmt.Printf("  (%d files skipped: the oracle does not finish rendering them with {} data)\n", timeouts)
	}
	if srcBytes > 0 {
		fmt.Printf("  (printed size %d of %d bytes, %.1f%%)\n", minBytes, srcBytes, 100*float64(minBytes)/float64(srcBytes))
	}
	if accept.Equal != accept.Total || same.Equal != same.Total {
		t.Errorf("wxml corpus: %d accept differences, %d print differences", accept.Total-accept.Equal, same.Total-same.Equal)
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func jsonEqual(a, b json.RawMessage) bool {
	var x, y bytes.Buffer
	if json.Compact(&x, a) != nil || json.Compact(&y, b) != nil {
		return bytes.Equal(a, b)
	}
	return bytes.Equal(x.Bytes(), y.Bytes())
}

func clip(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// statusTimeout marks a case the oracle did not finish in time (some
// components loop forever in their wxs when rendered with {} data).
const statusTimeout = -1

// oracleWithTimeout runs an oracle batch like Oracle, but gives up on a
// case after perCase without output, marks it statusTimeout and goes on
// with the rest in a new process.
func oracleWithTimeout(script string, cases []any, perCase time.Duration) ([]Result, error) {
	var out []Result
	for len(out) < len(cases) {
		rest := cases[len(out):]
		var in bytes.Buffer
		enc := json.NewEncoder(&in)
		enc.SetEscapeHTML(false)
		for _, c := range rest {
			if err := enc.Encode(c); err != nil {
				return nil, err
			}
		}
		cmd := exec.Command("node", filepath.Join(OracleDir(), script), "--batch", "-")
		cmd.Dir = RepoRoot()
		cmd.Stdin = &in
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			return nil, err
		}
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		lines := make(chan []byte)
		go func() {
			sc := bufio.NewScanner(stdout)
			sc.Buffer(make([]byte, 1<<20), 1<<30)
			for sc.Scan() {
				lines <- append([]byte(nil), sc.Bytes()...)
			}
			close(lines)
		}()
		got := 0
		timedOut := false
	read:
		for {
			select {
			case line, ok := <-lines:
				if !ok {
					break read
				}
				if len(bytes.TrimSpace(line)) == 0 {
					continue
				}
				var r Result
				if err := json.Unmarshal(line, &r); err != nil {
					cmd.Process.Kill()
					return nil, fmt.Errorf("bad oracle line %q: %v", clip(string(line)), err)
				}
				out = append(out, r)
				got++
			case <-time.After(perCase):
				timedOut = true
				cmd.Process.Kill()
				for range lines {
				}
				break read
			}
		}
		cmd.Wait()
		if timedOut {
			out = append(out, Result{Status: statusTimeout, Error: "oracle timeout"})
			continue
		}
		if got < len(rest) {
			return nil, fmt.Errorf("oracle: %d results for %d cases\n%s", got, len(rest), clip(stderr.String()))
		}
	}
	return out, nil
}
