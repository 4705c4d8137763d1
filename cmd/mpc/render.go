package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/mpc-dev/mpc/compiler"
	"github.com/mpc-dev/mpc/compiler/render"
	"github.com/mpc-dev/mpc/diag"
)

func init() {
	var root, data, batch string
	var o render.Options
	var compact bool
	cmd := &cobra.Command{
		Use:   "render [--root DIR] FILE.wxml [--data JSON|@file] [--virtual]",
		Short: "Render a WXML file with data and print its canonical virtual DOM (mpc-vdom/1)",
		Long: `Compiles FILE.wxml with mpc, runs the generated render function in an
embedded JS engine and prints the virtual DOM in the canonical form of
../shared/oracle/wxml-vdom.js ("mpc-vdom/1"), so the two can be compared.

--batch CASES.jsonl (a file, or - for stdin) reads the oracle's batch lines
({"id", "root", "file", "data"|"dataFile", "virtual", "rawText", "all",
"warnings", "coverage"}) and prints one result line per case, in order.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if batch != "" {
				if len(args) > 0 {
					return usageErr("--batch takes no FILE arguments")
				}
				return renderBatch(batch, cmd.OutOrStdout())
			}
			if len(args) != 1 {
				return usageErr("render takes one FILE.wxml (or --batch)")
			}
			dataJSON, err := readData(data)
			if err != nil {
				return err
			}
			set, keys, err := compileEntries(root, args)
			if err != nil {
				return err
			}
			if printMsgs(set.Msgs()) {
				return silentExit(exitSource)
			}
			h, err := render.NewHost(set)
			if err != nil {
				return &exitError{code: exitSource, msg: err.Error()}
			}
			res, err := h.Render(keys[0], dataJSON, o)
			if err != nil {
				return &exitError{code: exitSource, msg: err.Error()}
			}
			for _, w := range res.Warnings {
				fmt.Fprintln(os.Stderr, w)
			}
			out := []byte(res.VDOM)
			if !compact {
				var buf bytes.Buffer
				json.Indent(&buf, out, "", "  ")
				out = buf.Bytes()
			}
			fmt.Fprintln(cmd.OutOrStdout(), string(out))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&root, "root", ".", "mini program root that absolute /paths resolve from")
	f.StringVar(&data, "data", "{}", "data as inline JSON, or @file")
	f.StringVar(&batch, "batch", "", "run the cases of a JSON-lines file (- for stdin)")
	f.BoolVar(&o.Virtual, "virtual", false, "keep virtual nodes (wx:for items with their wx:key, wx:if holders)")
	f.BoolVar(&o.RawText, "raw-text", false, "do not merge adjacent text nodes")
	f.BoolVar(&o.Warnings, "warnings", false, "print runtime warnings (missing templates, include loops) to stderr")
	f.BoolVar(&compact, "compact", false, "print the JSON on one line")
	rootCmd.AddCommand(cmd)
}

func readData(arg string) (string, error) {
	s := arg
	if strings.HasPrefix(arg, "@") {
		b, err := os.ReadFile(arg[1:])
		if err != nil {
			return "", usageErr("--data: %v", err)
		}
		s = string(b)
	}
	if !json.Valid([]byte(s)) {
		return "", usageErr("--data: not valid JSON")
	}
	return s, nil
}

// batchCase is one line of the oracle's WXML batch format (NOTES.md §1.1).
type batchCase struct {
	ID       json.RawMessage `json:"id"`
	Root     string          `json:"root"`
	File     string          `json:"file"`
	Data     json.RawMessage `json:"data"`
	DataFile string          `json:"dataFile"`
	Virtual  bool            `json:"virtual"`
	RawText  bool            `json:"rawText"`
	All      bool            `json:"all"`
	Warnings bool            `json:"warnings"`
	Coverage bool            `json:"coverage"`

	line   int
	badMsg string // set when the line is not a usable case
}

type coverageOut struct {
	Branches int      `json:"branches"`
	Loops    int      `json:"loops"`
	Hit      []string `json:"hit"`
}

type batchResult struct {
	ID       json.RawMessage `json:"id"`
	OK       bool            `json:"ok"`
	Vdom     json.RawMessage `json:"vdom,omitempty"`
	Warnings []string        `json:"warnings,omitempty"`
	Coverage *coverageOut    `json:"coverage,omitempty"`
	Status   int             `json:"status,omitempty"`
	Error    string          `json:"error,omitempty"`
}

func renderBatch(file string, stdout io.Writer) error {
	var in io.Reader = os.Stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return usageErr("--batch: %v", err)
		}
		defer f.Close()
		in = f
	}
	var cases []*batchCase
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		c := &batchCase{line: n}
		if err := json.Unmarshal(line, c); err != nil || line[0] != '{' {
			c.ID = json.RawMessage("null")
			c.badMsg = fmt.Sprintf("line %d is not a JSON object", n)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return usageErr("--batch: %v", err)
	}

	// Cases of one (root, file, all) share a compiled host; groups run in
	// parallel, each on its own JS engine, and results print in input order.
	type group struct {
		idx []int
	}
	groups := map[string]*group{}
	var order []string
	for i, c := range cases {
		// With "all" every file of the root is compiled, so all cases of the
		// root share one engine; otherwise each entry has its own closure.
		k := c.Root + "\x00" + c.File
		if c.All {
			k = c.Root + "\x00\x00all"
		}
		g := groups[k]
		if g == nil {
			g = &group{}
			groups[k] = g
			order = append(order, k)
		}
		g.idx = append(g.idx, i)
	}
	results := make([][]byte, len(cases))
	done := make([]chan struct{}, len(cases))
	for i := range done {
		done[i] = make(chan struct{})
	}
	loaders := &loaderCache{m: map[string]*compiler.Loader{}}
	work := make(chan *group)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range work {
				runGroup(cases, g.idx, loaders, results)
				for _, i := range g.idx {
					close(done[i])
				}
			}
		}()
	}
	go func() {
		for _, k := range order {
			work <- groups[k]
		}
		close(work)
	}()
	bw := bufio.NewWriter(stdout)
	for i := range cases {
		<-done[i]
		bw.Write(results[i])
		bw.WriteByte('\n')
		if i%64 == 0 {
			bw.Flush()
		}
	}
	bw.Flush()
	wg.Wait()
	return nil
}

type loaderCache struct {
	mu sync.Mutex
	m  map[string]*compiler.Loader
}

func (lc *loaderCache) get(root string) *compiler.Loader {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	l := lc.m[root]
	if l == nil {
		l = compiler.NewLoader(os.DirFS(root))
		lc.m[root] = l
	}
	return l
}

func runGroup(cases []*batchCase, idx []int, loaders *loaderCache, results [][]byte) {
	fail := func(i, status int, msg string) {
		results[i] = mustJSON(batchResult{ID: cases[i].ID, Status: status, Error: msg})
	}
	first := cases[idx[0]]
	if first.badMsg != "" || first.Root == "" || first.File == "" {
		for _, i := range idx {
			msg := cases[i].badMsg
			if msg == "" {
				msg = "case needs root and file"
			}
			fail(i, 1, msg)
		}
		return
	}
	root, err := filepath.Abs(first.Root)
	if err == nil {
		_, err = os.Stat(filepath.Join(root, filepath.FromSlash(first.File)))
	}
	if err != nil {
		for _, i := range idx {
			fail(i, 1, fmt.Sprintf("no such file: %s", first.File))
		}
		return
	}
	l := loaders.get(root)
	entries := []string{compiler.Key(first.File)}
	if first.All {
		entries = l.All()
	}
	set := l.Closure(entries)
	if set.HasErrors() {
		var b strings.Builder
		for _, m := range set.Msgs() {
			if m.Kind == diag.Error {
				b.WriteString(m.String())
			}
		}
		for _, i := range idx {
			fail(i, 2, b.String())
		}
		return
	}
	h, err := render.NewHost(set)
	if err != nil {
		for _, i := range idx {
			fail(i, 2, err.Error())
		}
		return
	}
	for _, i := range idx {
		c := cases[i]
		key := compiler.Key(c.File)
		if c.File == "" || !fileExists(filepath.Join(root, filepath.FromSlash(c.File))) {
			fail(i, 1, fmt.Sprintf("no such file: %s", c.File))
			continue
		}
		data := "{}"
		switch {
		case c.DataFile != "":
			b, err := os.ReadFile(c.DataFile)
			if err != nil || !json.Valid(b) {
				fail(i, 1, fmt.Sprintf("bad dataFile %s", c.DataFile))
				continue
			}
			data = string(b)
		case len(c.Data) > 0:
			data = string(c.Data)
		}
		res, err := h.Render(key, data, render.Options{Virtual: c.Virtual, RawText: c.RawText, Coverage: c.Coverage, Warnings: c.Warnings})
		if err != nil {
			fail(i, 3, err.Error())
			continue
		}
		out := batchResult{ID: c.ID, OK: true, Vdom: json.RawMessage(res.VDOM), Warnings: res.Warnings}
		if c.Coverage {
			out.Coverage = entryCoverage(l, key, res.Coverage)
		}
		results[i] = mustJSON(out)
	}
}

func mustJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// entryCoverage counts coverage over the files the entry itself reaches
// (its closure), also when the case compiled the whole root ("all").
func entryCoverage(l *compiler.Loader, key string, hits []string) *coverageOut {
	closure := l.Closure([]string{key})
	in := map[string]bool{}
	for _, f := range closure.WXML {
		in[f.Key] = true
	}
	out := &coverageOut{Hit: []string{}}
	out.Branches, out.Loops = closure.Branches()
	for _, h := range hits {
		if i := strings.LastIndexByte(h, ':'); i > 0 && in[h[:i]] {
			out.Hit = append(out.Hit, h)
		}
	}
	return out
}
