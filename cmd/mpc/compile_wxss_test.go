package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runWXSSCLI runs `mpc compile wxss ARGS` in-process. cobra keeps flag
// values between runs, so every test passes the flags it relies on.
func runWXSSCLI(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	rootCmd.SetOut(&out)
	defer rootCmd.SetOut(nil)
	code := run(append([]string{"compile", "wxss"}, args...))
	return code, out.String()
}

func TestCompileWXSSCLI(t *testing.T) {
	dir := t.TempDir()
	write := func(p, s string) {
		full := filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("common/c.wxss", ".c { padding: 1rpx }")
	write("pages/a.wxss", "@import \"/common/c\";\npage .a { width: 750rpx; margin: -5rpx 0 } /* x */")
	write("bad.wxss", "* { margin: 0 }")
	batch := `{"id":1,"root":"` + dir + `","file":"pages/a.wxss","width":414}` + "\nnot json\n" +
		`{"id":"m","root":"` + dir + `","file":"missing.wxss"}` + "\n" + `{"id":[2],"root":"` + dir + `","file":"bad.wxss"}` + "\n"
	write("cases.jsonl", batch)

	for _, c := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"--root", dir, "--rpx", "keep", filepath.Join(dir, "pages/a.wxss")}, 0,
			"@import \"/common/c\";page .a{width:750rpx;margin:-5rpx 0}\n"},
		{[]string{"--root", dir, "--rpx", "px", "--width", "375", "--dpr", "2", "pages/a.wxss"}, 0,
			".c{padding:1px}\nbody .a{width:375px;margin:-3px 0}\n"},
		{[]string{"--root", dir, "--rpx", "px", "--width", "375", "--ios", "pages/a.wxss"}, 0,
			".c{padding:0.5px}\nbody .a{width:375px;margin:-3px 0}\n"},
		{[]string{"--root", dir, "--rpx", "vw", "--ios=false", "pages/a.wxss"}, 0,
			".c{padding:calc(1 * 100vw / 750)}\nbody .a{width:100vw;margin:calc(-5 * 100vw / 750) 0}\n"},
		{[]string{"--root", dir, "--rpx", "keep", "bad.wxss"}, exitSource, ""},
		{[]string{"--root", dir, "--rpx", "keep", "nope.wxss"}, exitUsage, ""},
		{[]string{"--root", dir, "--rpx", "cm", "pages/a.wxss"}, exitUsage, ""},
		{[]string{"--batch", filepath.Join(dir, "cases.jsonl")}, 0,
			`{"id":1,"ok":true,"css":".c{padding:1px}\nbody .a{width:414px;margin:-3px 0}\n"}` + "\n" +
				`{"id":null,"ok":false,"status":1,"error":"line 2 is not a JSON object"}` + "\n" +
				`{"id":"m","ok":false,"status":1,"error":"no such file: missing.wxss (relative to ` + dir + `)"}` + "\n" +
				`{"id":[2],"ok":false,"status":2,"error":"bad.wxss:1:1: error: the universal selector \"*\" is not supported by WeChat\n"}` + "\n"},
	} {
		code, out := runWXSSCLI(t, c.args...)
		if code != c.code || out != c.out {
			t.Errorf("mpc compile wxss %s: exit %d, want %d\n got %q\nwant %q", strings.Join(c.args, " "), code, c.code, out, c.out)
		}
	}
}
