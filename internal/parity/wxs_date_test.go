package parity

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestParityWXSDate compares getDate(value).getTime() and Date.parse(value)
// in wxs, where wcc's output runs on V8 and mpc's on goja with V8's date
// parser ported (compiler/codegen/wxs_date.js). The values are the
// hand-picked strings of wxsDateStrings (plus a few non-strings), and in
// full mode 20,000 seeded random token sequences and random dates; every
// value is rendered by both sides in three time zones, as local times
// depend on it.
func TestParityWXSDate(t *testing.T) {
	mode := Mode(t)
	values := wxsDateValues()
	if mode == "full" {
		for _, s := range wxsDateRandom(rand.New(rand.NewSource(1)), 20000) {
			values = append(values, s)
		}
	}
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "a.wxml"), []byte(`<wxs module="m">
module.exports = {
  t: function (s) { return getDate(s).getTime() },
  p: function (s) { return Date.parse(s) },
};
</wxs><view wx:for="{{list}}" wx:key="index">{{m.t(item)}} {{m.p(item)}}</view>`))
	const chunk = 200 // values per render
	var cases []wxmlCase
	for i := 0; i < len(values); i += chunk {
		data, err := json.Marshal(map[string]any{"list": values[i:min(i+chunk, len(values))]})
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, wxmlCase{ID: fmt.Sprint(len(cases)), Root: root, File: "a.wxml", Data: data})
	}
	tally := Tally{Name: "wxs-date"}
	t0 := time.Now()
	for _, tz := range []string{"UTC", "Asia/Shanghai", "America/New_York"} {
		t.Setenv("TZ", tz) // both sides' processes inherit it
		oracle, mpc := runBoth(t, cases)
		for ci, c := range cases {
			n := min(chunk, len(values)-ci*chunk)
			if !oracle[ci].OK || !mpc[ci].OK {
				// every value of the case renders on both sides when all is well
				d := fmt.Sprintf("oracle %s%s, mpc %s%s", statusClass(oracle[ci]), errSummary(oracle[ci]), statusClass(mpc[ci]), errSummary(mpc[ci]))
				for range n {
					tally.Add(fmt.Sprintf("TZ=%s case %s: %s", tz, c.ID, d))
				}
				continue
			}
			ov, mv := viewTexts(oracle[ci].Vdom), viewTexts(mpc[ci].Vdom)
			for k := range n {
				v := values[ci*chunk+k]
				o, m := at(ov, k), at(mv, k)
				if o != m {
					tally.Add(fmt.Sprintf("TZ=%s %s: oracle %q, mpc %q", tz, short(v), o, m))
				} else {
					tally.Add("")
				}
			}
		}
	}
	t.Logf("%d values × 3 time zones: %v", len(values), time.Since(t0).Round(time.Millisecond))
	tally.Report(t, 30)
	if tally.Equal != tally.Total {
		t.Errorf("wxs-date: %d of %d differ", tally.Total-tally.Equal, tally.Total)
	}
}

// viewTexts is the text of each top-level <view> of a canonical vdom.
func viewTexts(vdom json.RawMessage) []string {
	var nodes []struct {
		Children []json.RawMessage `json:"children"`
	}
	json.Unmarshal(vdom, &nodes)
	out := make([]string, len(nodes))
	for i, n := range nodes {
		var b strings.Builder
		for _, c := range n.Children {
			var s string
			if json.Unmarshal(c, &s) == nil {
				b.WriteString(s)
			}
		}
		out[i] = b.String()
	}
	return out
}

func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return "(missing)"
}

// wxsDateValues are the hand-picked values: every rule of V8's parser
// (ES5 ISO forms and their extensions, the legacy tokenizer, the day, time
// and zone composers, the two-digit year rule, the value ranges) and local
// times around DST changes, followed by a few non-strings.
func wxsDateValues() []any {
	var out []any
	for _, s := range wxsDateStrings {
		out = append(out, s)
	}
	// Local times through the DST changes of the three zones (and the
	// first standard time, before which offsets have seconds).
	for _, day := range []string{"2020-03-08", "2020-11-01", "1991-04-14", "1991-09-15", "1986-05-04", "1900-01-01", "1883-11-18", "1901-01-01"} {
		for _, hm := range []string{"00:30", "01:00", "01:30", "02:00", "02:30", "03:00", "03:30", "12:00", "23:59"} {
			out = append(out, day+"T"+hm, strings.ReplaceAll(day, "-", "/")+" "+hm+":07")
		}
	}
	return append(out, 0, 1e12, -1, 1.5, 8.64e15, 8.64e15+1, true, nil, []any{"007"}, []any{2020, 1}, map[string]any{})
}

var wxsDateStrings = []string{
	// the brief's and the corpus's
	"007", "7", "2001", "12/25/2020", "Dec 25 2020 10:00 PM", "2020-1-5", "2020/01/05 10:20:30",
	"Thu, 01 Jan 1970 00:00:00 GMT+0800", "1 January 2000", "2000-01-01T00:00:00Z",
	"2000-01-01T00:00:00.123+08:00", "", "abc", "  12  ", "(comment) 2020 Jan 3", "T10:00",
	// single numbers: 1-2 digits are a month of 2001, 4 digits an ISO year
	"0", "00", "1", "01", "12", "13", "31", "32", "49", "50", "99", "100", "999", "0007", "1970", "9999",
	"10000", "99999", "123456", "1234567", "000000001", "1234567890", "0000000000012",
	// ES5 ISO forms
	"2020", "2020-01", "2020-01-01", "2020-12-31", "2020-02-29", "2021-02-29", "2020-02-31", "2020-13-01",
	"2020-00-01", "2020-01-00", "2020-01-32", "2020-01-01T00:00", "2020-01-01T00:00Z", "2020-01-01T23:59:59",
	"2020-01-01T23:59:59.999Z", "2020-01-01T24:00", "2020-01-01T24:00:00.000Z", "2020-01-01T24:01",
	"2020-01-01T24:00:01", "2020-01-01T24:00:00.001", "2020-01-01T25:00", "2020-01-01T10:60",
	"2020-01-01T10:00:60", "2020-01-01T10", "2020-01-01T1:00", "2020-01-01T10:0", "2020-01-01T10:00:0",
	"2020-01-01T10:00:00.", "2020-01-01T10:00:00.1", "2020-01-01T10:00:00.12", "2020-01-01T10:00:00.1234567",
	"2020-01-01T10:00:00.0001", "2020-01-01T10:00:00.123456789012", "2020-01-01T10:00+0800",
	"2020-01-01T10:00+08", "2020-01-01T10:00+08:0", "2020-01-01T10:00-23:59", "2020-01-01T10:00+24:00",
	"2020-01-01T10:00+2400", "2020-01-01T10:00+0860", "2020-01-01T10:00Z ", "2020-01-01T10:00 Z",
	"2020-01-01t10:00z", "2020-01-01T10:00:00GMT", "2020-01-01 10:00", "2020-01-01  10:00:00",
	"2020-01-01 10:00Z", "2020-01-01 10:00:00 +0800", "2020-01-01 10:00:00 GMT+8", "2020-01-01Z",
	"2020-01-01 ", " 2020-01-01", "2020-01-01garbage", "2020-1-01", "2020-01-1", "20-01-01", "02020-01-01",
	"+002020-01-01", "-002020-01-01", "+020200-01-01", "-000000-01-01", "+000000-01-01", "-000001-01-01T00:00Z",
	"+275760-09-13T00:00:00Z", "+275760-09-13T00:00:00.001Z", "-271821-04-20T00:00:00Z",
	"-271821-04-19T23:59:59.999Z", "+275760-09-13", "+275760-09-14", "-271821-04-20", "-271821-04-19",
	"+275760-09-13T00:00", "-271821-04-20T00:00", "-271821-04-19T23:00", "+2020-01-01", "+12345-01-01",
	"-1-01-01", "0000-01-01", "0000-01-01T00:00", "0099-12-31", "1969-12-31T23:59:59.999Z",
	"2040-11-04T01:30", "2040-03-11T02:30", "2100-03-14T02:30", "2100-11-07T01:30", "1800-01-01T00:00",
	"+010000-06-01T00:00", "-001000-01-01T00:00", "1/1/1000 00:00", "7/1/3000 12:00",
	// legacy day orders: MDY, YMD, named months
	"1/2/2003", "1/2/03", "1/2/50", "1/2/49", "1/2/99", "1/2/100", "2003/1/2", "2003/13/2", "32/1/2",
	"1/32/2003", "13/1/2003", "0/1/2003", "1/0/2003", "1-2-2003", "1.2.2003", "1 2 2003", "1,2,2003", "1/2",
	"1/2/3/4", "12/31/1969 23:59:59", "2/29/2001", "2/30/2020", "Jan 1", "1 Jan", "Jan 2003", "2003 Jan",
	"Jan 1 2003", "1 Jan 2003", "2003 Jan 1", "2003 1 Jan", "Jan 2003 1", "32 Jan 2003", "Jan 32 2003",
	"Jan 0 2003", "Jan 1 50", "Jan 1 49", "Jan 1 100", "January 1, 2003", "JANUARY 1 2003", "Janxyz 1 2003",
	"Ja 1 2003", "Sept 9 2003", "September 9 2003", "Feb-3-2003", "3-Feb-2003", "2003-Feb-3", "Mar3 2003",
	"Apr 1 2003 Dec", "May 5 5 5", "Jun 1 1 1 1", "jul 4 1776", "aug 8 8888", "oct 10 10", "nov 11 1111",
	"dec 25 0", "Dec 25 -1", "Dec 25 +1",
	// times, AM/PM, '.', '::'
	"1/2/2003 10:20", "1/2/2003 10:20:30", "1/2/2003 10:20:30.4", "1/2/2003 10:20:30.45",
	"1/2/2003 10:20:30.456", "1/2/2003 10:20:30.4567", "1/2/2003 10:20:30.0456", "1/2/2003 10:20:30.0123456789",
	"1/2/2003 10:20.30", "1/2/2003 10.20", "1/2/2003 10:", "1/2/2003 10::", "1/2/2003 10:20:", "1/2/2003 10:20::",
	"1/2/2003 10:20:30:40", "1/2/2003 10:20:30:40:50", "1/2/2003 24:00", "1/2/2003 24:00:01", "1/2/2003 25:00",
	"1/2/2003 10:60", "1/2/2003 10:20:60", "10:20 1/2/2003", "1/2/2003 10:20 AM", "1/2/2003 10:20 PM",
	"1/2/2003 12:00 AM", "1/2/2003 12:00 PM", "1/2/2003 13:00 PM", "1/2/2003 0:00 PM", "1/2/2003 10:20PM",
	"1/2/2003 PM 10:20", "1/2/2003 10:20 a.m.", "1/2/2003 10:20 am am", "AM 1/2/2003", "1/2/2003 10:20x",
	"1/2/2003 10:20:30x", "1/2/2003 10:20,", "1/2/2003 10:20Z", "1/2/2003 10:20-05", "1/2/2003 10:20 -05:00",
	"1/2/2003 10:20:30.5Z", "Dec 25 2020 22:00", "Dec 25 2020 10 PM", "Dec 25 2020 10:00 pm GMT",
	// zones
	"1/2/2003 10:20 GMT", "1/2/2003 10:20 UTC", "1/2/2003 10:20 UT", "1/2/2003 10:20 Z", "1/2/2003 10:20 z",
	"1/2/2003 10:20 EST", "1/2/2003 10:20 EDT", "1/2/2003 10:20 CST", "1/2/2003 10:20 CDT", "1/2/2003 10:20 MST",
	"1/2/2003 10:20 MDT", "1/2/2003 10:20 PST", "1/2/2003 10:20 PDT", "1/2/2003 10:20 CET", "1/2/2003 10:20 GMTX",
	"1/2/2003 10:20 GMT+8", "1/2/2003 10:20 GMT-8", "1/2/2003 10:20 GMT+08", "1/2/2003 10:20 GMT+800",
	"1/2/2003 10:20 GMT+0800", "1/2/2003 10:20 GMT+08:00", "1/2/2003 10:20 GMT+08:30", "1/2/2003 10:20 GMT+12345",
	"1/2/2003 10:20 GMT+", "1/2/2003 10:20 GMT-", "1/2/2003 10:20 UTC+0530", "1/2/2003 10:20 +0530",
	"1/2/2003 10:20 -0530", "1/2/2003 +0800", "1/2/2003 GMT+0800", "GMT 1/2/2003", "1/2/2003 GMT",
	"1/2/2003 10:20 GMT+99", "1/2/2003 10:20 GMT+9999", "1/2/2003 10:20 GMT+596523:", "1/2/2003 10:20 GMT+596524:",
	"1/2/2003 10:20 EST+1", "1/2/2003 10:20 GMT+1 +2", "Thu, 01 Jan 1970 00:00:00 GMT",
	"Thu Jan 01 1970 08:00:00 GMT+0800 (China Standard Time)", "Wed Dec 31 1969 19:00:00 GMT-0500 (EST)",
	"Sat, 01-Jan-2000 08:00:00 GMT", "Tue, 1 Jul 2003 10:52:37 +0200",
	// words, parentheses, signs, separators
	"Thursday 1/2/2003", "foo 1/2/2003", "foo1/2/2003", "1/2/2003 foo", "(foo) 1/2/2003", "1/2/2003 (foo)",
	"1/2/2003 (foo", "1/2/2003 foo)", "1/2/2003 )", "(1/2/2003)", "((a)b) 1/2/2003", "1/2/2003 (a(b)c) 10:20",
	"-1/2/2003", "+1/2/2003", "1/2/2003 -", "1/2/2003 +", "- 1/2/2003", "1/-2/2003", "1/2/-2003", "1//2//2003",
	"1 / 2 / 2003", "1\t2\t2003", "1\n2\n2003", "1\u00a02\u00a02003", "1\u30002\u30002003", "1\u20282\u20282003",
	"1\ufeff2\ufeff2003", "2003\u0000garbage", "\u00002003", "1/2/2003\u0000 10:20", "１/２/２００３",
	"é 1/2/2003", "1/2/2003 é", "2020年1月5日", "2020.01.05", "2020_01_05", "20200105", "2020-01-05 10:20:30",
	"2020-01-05T10:20:30 ", "2020-1-5 10:20", "2020-01-5", "2020-1-05", "2020-01-05 T10:20",
	"T", "t", "Z", "GMT", "AM", "PM", "Jan", "Dec", "-", "+", ":", ".", ")", "(", " ", "\t", "undefined", "null",
	"NaN", "Infinity", "true", "0x10", "1e3", "1.5", "-1", "+1", "--1", "1 1", "1 1 1", "1 1 1 1", "1:1", "1:1:1",
	"1:1:1:1", "1::", "::1", "24", "24:00", "12:00", "12:00 PM", "12 Jan 12:00", "Jan 12:00 12",
}

// wxsDateRandom returns n seeded random strings: token sequences from the
// vocabulary of V8's tokenizer, and dates assembled from random fields.
func wxsDateRandom(rng *rand.Rand, n int) []any {
	atoms := []string{"0", "1", "2", "7", "9", "12", "13", "24", "25", "29", "30", "31", "32", "49", "50", "59",
		"60", "99", "100", "999", "1000", "1970", "2000", "2020", "9999", "10000", "123456", "000", "007", "0001",
		"12345678901", "-", "+", ":", ".", "/", ",", "(", ")", " ", "  ", "T", "t", "Z", "z", "UTC", "UT", "GMT",
		"EST", "PDT", "am", "PM", "Jan", "january", "Sept", "Dec", "Mon", "Thursday", "foo", "x", "é", "\u3000",
		"\t", "(x)", "(a(b)c)", "a.m.", "24:00", "12:60", "-05:00", "+0800", "08:00"}
	pad := func(v, w int) string { return fmt.Sprintf("%0*d", w, v) }
	out := make([]any, 0, n)
	for len(out) < n {
		if rng.Intn(3) > 0 {
			var b strings.Builder
			for k := 1 + rng.Intn(7); k > 0; k-- {
				b.WriteString(atoms[rng.Intn(len(atoms))])
			}
			out = append(out, b.String())
			continue
		}
		y := pad(rng.Intn(3000), 4)
		if rng.Intn(3) == 0 {
			y = fmt.Sprint(rng.Intn(100))
		}
		m, d := pad(rng.Intn(14), 1+rng.Intn(2)), pad(rng.Intn(33), 1+rng.Intn(2))
		sep := []string{"-", "/", " ", "."}[rng.Intn(4)]
		var s string
		switch rng.Intn(3) {
		case 0:
			s = y + sep + m + sep + d
		case 1:
			s = m + sep + d + sep + y
		default:
			s = d + sep + m + sep + y
		}
		if rng.Intn(2) == 0 {
			s += []string{" ", "T", "  "}[rng.Intn(3)] + pad(rng.Intn(26), 2) + ":" + pad(rng.Intn(61), 2)
			if rng.Intn(2) == 0 {
				s += ":" + pad(rng.Intn(61), 2)
				if rng.Intn(2) == 0 {
					s += "." + fmt.Sprint(rng.Intn(10000))
				}
			}
		}
		s += []string{"", "Z", "+08:00", "-0500", " GMT", " GMT+8", " UTC-0330", " PST", "+8"}[rng.Intn(9)]
		out = append(out, s)
	}
	return out
}
