package parity

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/mpc-dev/mpc/internal/cases"
)

// TestParityRenderCases checks the hand-kept expectations of
// testdata/render against wcc, so that the unit tests of compiler/render
// rest on observed behaviour, not on copies.
func TestParityRenderCases(t *testing.T) {
	Mode(t)
	all, err := cases.Load(filepath.Join(RepoRoot(), "testdata", "render"))
	if err != nil {
		t.Fatal(err)
	}
	var in []any
	for i, c := range all {
		dir := t.TempDir()
		if err := c.WriteFiles(dir); err != nil {
			t.Fatal(err)
		}
		in = append(in, map[string]any{"id": i, "root": dir, "file": c.Entry, "data": json.RawMessage(c.Data), "virtual": c.Virtual, "rawText": c.RawText})
	}
	res, err := Oracle("wxml-vdom.js", nil, in)
	if err != nil {
		t.Fatal(err)
	}
	tally := Tally{Name: "render-cases (expectations vs wcc)"}
	for i, c := range all {
		r := res[i]
		got := "error"
		if r.OK {
			got = string(r.Vdom)
		} else if r.Status != 2 {
			got = fmt.Sprintf("oracle status %d: %s", r.Status, r.Error)
		}
		if got != c.Want {
			tally.Add(fmt.Sprintf("%s:%d %s: wcc gives %s", c.File, c.Line, c.Name, got))
		} else {
			tally.Add("")
		}
	}
	tally.Report(t, 10)
	if tally.Equal != tally.Total {
		t.Errorf("%d expectations differ from wcc", tally.Total-tally.Equal)
	}
}
