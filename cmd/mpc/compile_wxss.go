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
	"runtime/debug"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/mpc-dev/mpc/diag"
	"github.com/mpc-dev/mpc/internal/dirfs"
	"github.com/mpc-dev/mpc/wxss"
)

func init() {
	var (
		root, rpx, batch string
		width, dpr       float64
		ios, component   bool
		minify           bool
		prefix           string
	)
	cmd := &cobra.Command{
		Use:   "wxss [--root DIR] FILE... [--rpx keep|px|vw] [--width W] [--dpr D] [--ios]",
		Short: "Compile WXSS files: minified WXSS (rpx kept) or CSS for one device",
		Long: `--rpx keep (default) prints minified WXSS for the upload tree: rpx,
selectors and @import as written. --rpx px prints the CSS WeChat's wcsc
injects for a device of --width px (default 375; --dpr, --ios select how
sub-pixel values round), with @imports inlined; --rpx vw prints rpx as vw.

--batch CASES.jsonl (or - for stdin) reads the JSON lines of the oracle's
wxss-css.js batch mode and prints one result line per case, in order.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if batch == "" && len(args) == 0 {
				return usageErr("compile wxss: give FILE... or --batch CASES.jsonl")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			// Parsing allocates in short bursts; a larger GC target halves
			// the time spent collecting (the heap stays small either way).
			debug.SetGCPercent(400)
			if batch != "" {
				if len(args) > 0 {
					return usageErr("compile wxss: --batch takes no FILE arguments")
				}
				return wxssBatch(batch, cmd.OutOrStdout())
			}
			opts := wxss.PrintOptions{Width: width, DPR: dpr, IOS: ios, Minify: minify, ClassPrefix: prefix}
			switch rpx {
			case "keep":
				opts.Rpx = wxss.RpxKeep
				opts.Minify = true
			case "px":
				opts.Rpx = wxss.RpxPX
			case "vw":
				opts.Rpx = wxss.RpxVW
			default:
				return usageErr("--rpx %q: want keep, px or vw", rpx)
			}
			return compileWXSS(cmd.OutOrStdout(), root, args, opts, component)
		},
	}
	f := cmd.Flags()
	f.StringVar(&root, "root", ".", "mini program root that /absolute @imports resolve from")
	f.StringVar(&rpx, "rpx", "keep", "keep (WXSS for WeChat), px (CSS for one device) or vw (CSS for the web)")
	f.Float64Var(&width, "width", 375, "device width in px for --rpx px")
	f.Float64Var(&dpr, "dpr", 2, "device pixel ratio for --rpx px")
	f.BoolVar(&ios, "ios", false, "iOS rounding of sub-pixel rpx (0.5px when --dpr is not 1)")
	f.BoolVar(&component, "component", false, "the files are component styles: warn about tag, id and attribute selectors")
	f.BoolVar(&minify, "minify", false, "print px/vw output on one line (keep output always is)")
	f.StringVar(&prefix, "class-prefix", "", "prefix for every class selector in px/vw output (wcsc's component class slot)")
	f.StringVar(&batch, "batch", "", "run the JSON-lines cases of FILE (- for stdin), oracle wxss-css.js format")
	compileCmd.AddCommand(cmd)
}

func compileWXSS(w io.Writer, root string, files []string, opts wxss.PrintOptions, component bool) error {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return usageErr("%v", err)
	}
	if st, err := os.Stat(absRoot); err != nil || !st.IsDir() {
		return usageErr("--root %s: not a folder", root)
	}
	var paths []string
	for _, f := range files {
		p, err := wxssPathUnder(absRoot, f)
		if err != nil {
			return err
		}
		paths = append(paths, p)
	}
	l := wxss.NewLoader(dirfs.New(absRoot))
	if component {
		l.Component = func(string) bool { return true }
	}
	var log diag.Log
	var out bytes.Buffer
	for _, p := range paths {
		sheet, err := l.Load(&log, p)
		if err != nil {
			return usageErr("%s: %v", p, err)
		}
		o := opts
		o.Imports = l.Sheet
		if len(paths) > 1 {
			fmt.Fprintf(&out, "/* %s */\n", p)
		}
		out.Write(wxss.Print(sheet, o))
		if opts.Minify && len(paths) > 1 {
			out.WriteByte('\n')
		}
	}
	color := wxssIsTerminal(os.Stderr)
	for _, m := range log.Sorted() {
		fmt.Fprint(os.Stderr, m.Format(diag.FormatOptions{Color: color}))
	}
	if log.HasErrors() {
		return silentExit(exitSource)
	}
	w.Write(out.Bytes())
	if opts.Rpx == wxss.RpxKeep && out.Len() > 0 && len(paths) == 1 {
		io.WriteString(w, "\n")
	}
	return nil
}

// wxssPathUnder maps FILE (relative to the current folder or to the root,
// or absolute) to its slash path under absRoot.
func wxssPathUnder(absRoot, file string) (string, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", usageErr("%v", err)
	}
	if st, err := os.Stat(abs); err != nil || st.IsDir() {
		alt := filepath.Join(absRoot, file)
		if st, err := os.Stat(alt); err != nil || st.IsDir() {
			return "", usageErr("%s: no such file", file)
		}
		abs = alt
	}
	rel, err := filepath.Rel(absRoot, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", usageErr("%s is outside the root %s (use --root)", file, absRoot)
	}
	return filepath.ToSlash(rel), nil
}

func wxssIsTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0 && os.Getenv("NO_COLOR") == ""
}

// wxssCase is one line of the oracle's WXSS batch format (NOTES.md §1.1).
type wxssCase struct {
	ID     json.RawMessage `json:"id"`
	Root   string          `json:"root"`
	File   string          `json:"file"`
	Width  *float64        `json:"width"`
	DPR    *float64        `json:"dpr"`
	IOS    bool            `json:"ios"`
	Suffix string          `json:"suffix"`

	bad string
}

type wxssResult struct {
	ID     json.RawMessage `json:"id"`
	OK     bool            `json:"ok"`
	CSS    *string         `json:"css,omitempty"`
	Status int             `json:"status,omitempty"`
	Error  string          `json:"error,omitempty"`
}

func wxssBatch(file string, stdout io.Writer) error {
	lines, err := readJSONLines(file)
	if err != nil {
		return err
	}
	loaders := newRootCache(func(root string) *wxss.Loader { return wxss.NewLoader(dirfs.New(root)) })
	loader := loaders.get
	return runOrdered(stdout, len(lines), func(i int) []byte {
		c := &wxssCase{}
		if msg := lines[i].decode(c); msg != "" {
			c = &wxssCase{bad: msg}
		}
		c.ID = idOrNull(c.ID)
		return runWXSSCase(c, loader)
	})
}

// rootCache keeps one value per root folder (a loader and its parse cache)
// for the batch modes, whose cases run concurrently.
type rootCache[T any] struct {
	mu   sync.Mutex
	m    map[string]T
	make func(root string) T
}

func newRootCache[T any](make func(root string) T) *rootCache[T] {
	return &rootCache[T]{m: map[string]T{}, make: make}
}

func (c *rootCache[T]) get(root string) T {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[root]
	if !ok {
		v = c.make(root)
		c.m[root] = v
	}
	return v
}

// jsonLine is one non-blank line of a JSON-lines file and its number.
type jsonLine struct {
	n    int
	text []byte
}

// decode unmarshals the line into c, or says why the line is no case.
func (l jsonLine) decode(c any) string {
	if l.text[0] != '{' || json.Unmarshal(l.text, c) != nil {
		return fmt.Sprintf("line %d is not a JSON object", l.n)
	}
	return ""
}

// caseProblem says why a batch case cannot run before its files are read
// (status 1), or "".
func caseProblem(bad, root, file string) string {
	switch {
	case bad != "":
		return bad
	case root == "" || file == "":
		return "case needs root and file"
	}
	return ""
}

// idOrNull is a case's id as results echo it: null when absent.
func idOrNull(id json.RawMessage) json.RawMessage {
	if len(id) == 0 {
		return json.RawMessage("null")
	}
	return id
}

// readJSONLines reads the non-blank lines of FILE ("-" is stdin).
func readJSONLines(file string) ([]jsonLine, error) {
	var in io.Reader = os.Stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return nil, usageErr("--batch: %v", err)
		}
		defer f.Close()
		in = f
	}
	var lines []jsonLine
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for n := 1; sc.Scan(); n++ {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			lines = append(lines, jsonLine{n, append([]byte(nil), line...)})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, usageErr("--batch: %v", err)
	}
	return lines, nil
}

// runOrdered runs job(0..n-1) on every core and writes each result as a
// line of w in index order, as soon as it and those before it are done.
func runOrdered(w io.Writer, n int, job func(i int) []byte) error {
	results := make([][]byte, n)
	done := make([]chan struct{}, n)
	for i := range done {
		done[i] = make(chan struct{})
	}
	work := make(chan int)
	for k := 0; k < runtime.GOMAXPROCS(0); k++ {
		go func() {
			for i := range work {
				results[i] = job(i)
				close(done[i])
			}
		}()
	}
	go func() {
		for i := 0; i < n; i++ {
			work <- i
		}
		close(work)
	}()
	bw := bufio.NewWriter(w)
	for i := 0; i < n; i++ {
		<-done[i]
		bw.Write(results[i])
		bw.WriteByte('\n')
		results[i] = nil
		// Flush while waiting for the next result, so a reader sees each
		// line as soon as it is known (and can tell which case hangs).
		if i+1 < n {
			select {
			case <-done[i+1]:
			default:
				bw.Flush()
			}
		}
	}
	return bw.Flush()
}

func runWXSSCase(c *wxssCase, loader func(string) *wxss.Loader) []byte {
	fail := func(status int, msg string) []byte {
		return wxssJSON(wxssResult{ID: c.ID, Status: status, Error: msg})
	}
	if msg := caseProblem(c.bad, c.Root, c.File); msg != "" {
		return fail(1, msg)
	}
	root, err := filepath.Abs(c.Root)
	if err != nil {
		return fail(1, err.Error())
	}
	file := strings.TrimPrefix(filepathToSlashClean(c.File), "/")
	l := loader(root)
	var log diag.Log
	sheet, err := l.Load(&log, file)
	if err != nil {
		return fail(1, fmt.Sprintf("no such file: %s (relative to %s)", c.File, c.Root))
	}
	if log.HasErrors() {
		var b strings.Builder
		for _, m := range log.Sorted() {
			if m.Kind == diag.Error {
				b.WriteString(m.String())
			}
		}
		return fail(2, b.String())
	}
	opts := wxss.PrintOptions{Rpx: wxss.RpxPX, Width: 375, DPR: 2, IOS: c.IOS, ClassPrefix: c.Suffix, Imports: l.Sheet}
	if c.Width != nil {
		opts.Width = *c.Width
	}
	if c.DPR != nil {
		opts.DPR = *c.DPR
	}
	css := string(wxss.Print(sheet, opts))
	return wxssJSON(wxssResult{ID: c.ID, OK: true, CSS: &css})
}

func filepathToSlashClean(p string) string {
	p = filepath.ToSlash(filepath.Clean(filepath.FromSlash(p)))
	return strings.TrimPrefix(p, "./")
}

func wxssJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
