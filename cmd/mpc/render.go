package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/mpc-dev/mpc/compiler"
	"github.com/mpc-dev/mpc/compiler/render"
	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/internal/dirfs"
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
	lines, err := readJSONLines(file)
	if err != nil {
		return err
	}
	pool := &hostPool{
		loaders: newRootCache(func(root string) *compiler.Loader { return compiler.NewLoader(dirfs.New(root)) }),
		sets:    map[string]*poolEntry{},
	}
	return runOrdered(stdout, len(lines), func(i int) []byte {
		c := &batchCase{}
		if msg := lines[i].decode(c); msg != "" {
			c = &batchCase{badMsg: msg}
		}
		c.ID = idOrNull(c.ID)
		return runRenderCase(c, pool)
	})
}

// hostPool shares compiled file sets between cases: one loader per root
// (parse cache), one compiled set per (root, entry or "all"), and idle JS
// engines per set, since an engine serves one goroutine at a time.
type hostPool struct {
	loaders *rootCache[*compiler.Loader]
	mu      sync.Mutex
	sets    map[string]*poolEntry
}

type poolEntry struct {
	once sync.Once
	set  *compiler.Set
	err  string // compile errors (status 2)
	idle []*render.Host
}

func (p *hostPool) entry(key string) *poolEntry {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.sets[key]
	if e == nil {
		e = &poolEntry{}
		p.sets[key] = e
	}
	return e
}

func (p *hostPool) take(e *poolEntry) (*render.Host, error) {
	p.mu.Lock()
	if n := len(e.idle); n > 0 {
		h := e.idle[n-1]
		e.idle = e.idle[:n-1]
		p.mu.Unlock()
		return h, nil
	}
	p.mu.Unlock()
	return render.NewHost(e.set)
}

func (p *hostPool) give(e *poolEntry, h *render.Host) {
	p.mu.Lock()
	e.idle = append(e.idle, h)
	p.mu.Unlock()
}

func runRenderCase(c *batchCase, pool *hostPool) []byte {
	fail := func(status int, msg string) []byte {
		return mustJSON(batchResult{ID: c.ID, Status: status, Error: msg})
	}
	if msg := caseProblem(c.badMsg, c.Root, c.File); msg != "" {
		return fail(1, msg)
	}
	root, err := filepath.Abs(c.Root)
	if err != nil || !fileExists(filepath.Join(root, filepath.FromSlash(c.File))) {
		return fail(1, fmt.Sprintf("no such file: %s", c.File))
	}
	data := "{}"
	switch {
	case c.DataFile != "":
		b, err := os.ReadFile(c.DataFile)
		if err != nil || !json.Valid(b) {
			return fail(1, fmt.Sprintf("bad dataFile %s", c.DataFile))
		}
		data = string(b)
	case len(c.Data) > 0:
		data = string(c.Data)
	}
	l := pool.loaders.get(root)
	key := compiler.Key(c.File)
	// With "all" every file of the root is compiled (one bad file fails
	// every case of the root, as with the oracle), so those cases share a set.
	setKey := root + "\x00" + key
	if c.All {
		setKey = root + "\x00\x00all"
	}
	e := pool.entry(setKey)
	e.once.Do(func() {
		entries := []string{key}
		if c.All {
			entries = l.All()
		}
		e.set = l.Closure(entries)
		if e.set.HasErrors() {
			var b strings.Builder
			for _, m := range e.set.Msgs() {
				if m.Kind == diag.Error {
					b.WriteString(m.String())
				}
			}
			e.err = b.String()
		}
	})
	if e.err != "" {
		return fail(2, e.err)
	}
	h, err := pool.take(e)
	if err != nil {
		return fail(2, err.Error())
	}
	defer pool.give(e, h)
	res, err := h.Render(key, data, render.Options{Virtual: c.Virtual, RawText: c.RawText, Coverage: c.Coverage, Warnings: c.Warnings})
	if err != nil {
		return fail(3, err.Error())
	}
	out := batchResult{ID: c.ID, OK: true, Vdom: json.RawMessage(res.VDOM), Warnings: res.Warnings}
	if c.Coverage {
		out.Coverage = entryCoverage(l, key, res.Coverage)
	}
	return mustJSON(out)
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
