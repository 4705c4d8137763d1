package bundler

import (
	"encoding/json"
	"testing"

	"github.com/mpc-dev/mpc/diag"
)

func expectJSON(t *testing.T, in, want string) {
	t.Helper()
	var log diag.Log
	v := parseJSON(&log, &diag.Source{Path: "a.json", Contents: in})
	got := ""
	if v != nil {
		got = string(v.encode(false))
	}
	for _, m := range log.Sorted() {
		got += m.String()
	}
	if got != want {
		t.Errorf("parseJSON(%q) = %q, want %q", in, got, want)
	}
}

func TestParseJSON(t *testing.T) {
	expectJSON(t, `{"b": 1, "a": [true, null, "x<y"], "c": {}}`, `{"b":1,"a":[true,null,"x<y"],"c":{}}`)
	expectJSON(t, "\uFEFF {\"k\": -1.5e3}\n", `{"k":-1.5e3}`)
	expectJSON(t, `{"a": 1,}`, "a.json:1:9: error: invalid JSON: expected a string key, found '}'\n")
	expectJSON(t, `{"a": 01}`, "a.json:1:7: error: invalid JSON: bad number \"01\"\n")
	expectJSON(t, `[1] x`, "a.json:1:5: error: invalid JSON: unexpected 'x' after the JSON value\n")
	expectJSON(t, `"\u00e9\n"`, `"é\n"`)
}

// FuzzParseJSON checks that the JSON reader never panics and agrees with
// encoding/json on what is valid.
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{"a": [1, "x", {"b": null}]}`, `[`, `{"a":1,}`, `"\ud800"`, `-0.5e+7`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var log diag.Log
		v := parseJSON(&log, &diag.Source{Path: "f.json", Contents: s})
		if (v != nil) != json.Valid([]byte(s)) && !(len(s) >= 3 && s[:3] == "\uFEFF") {
			t.Errorf("parseJSON(%q) ok=%v, json.Valid=%v", s, v != nil, json.Valid([]byte(s)))
		}
		if v != nil && !json.Valid(v.encode(false)) {
			t.Errorf("encode(parseJSON(%q)) is not valid JSON", s)
		}
	})
}
