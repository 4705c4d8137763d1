package analyze

// A minimal Chrome DevTools protocol client for the browser test and
// benchmark. It talks to Chromium over --remote-debugging-pipe (JSON
// messages ending in NUL on file descriptors 3 and 4), which needs no
// websocket library and no open port.

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// chromiumPath returns the browser to drive, or "" when none is installed.
func chromiumPath() string {
	if p := os.Getenv("MPC_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

type cdpMsg struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *cdpError       `json:"error,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
}

type cdpError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

type browser struct {
	cmd    *exec.Cmd
	out    *os.File // the browser reads commands from this pipe
	stderr bytes.Buffer

	mu      sync.Mutex
	nextID  int
	pending map[int]chan cdpMsg
	subs    map[string][]chan cdpMsg // by method
	dead    chan struct{}            // closed when the pipe from the browser ends
}

// startBrowser launches headless Chromium with the flags the machine needs
// (no network, no sandbox, a fresh profile) and stops it when the test ends.
func startBrowser(tb testing.TB) *browser {
	tb.Helper()
	exe := chromiumPath()
	if exe == "" {
		tb.Skip("no Chromium: install it (apt-get install -y chromium) or set MPC_CHROMIUM to run the browser test")
	}
	toBrowser, cmdOut, err := os.Pipe()
	if err != nil {
		tb.Fatal(err)
	}
	fromBrowser, evIn, err := os.Pipe()
	if err != nil {
		tb.Fatal(err)
	}
	b := &browser{out: cmdOut, pending: map[int]chan cdpMsg{}, subs: map[string][]chan cdpMsg{}, dead: make(chan struct{})}
	b.cmd = exec.Command(exe,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-extensions", "--hide-scrollbars", "--mute-audio",
		"--user-data-dir="+tb.TempDir(), "--remote-debugging-pipe", "about:blank")
	b.cmd.ExtraFiles = []*os.File{toBrowser, evIn} // fd 3: commands in, fd 4: replies out
	b.cmd.Stderr = &b.stderr
	b.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // so that its helpers can be stopped with it
	if err := b.cmd.Start(); err != nil {
		tb.Fatalf("start %s: %v", exe, err)
	}
	toBrowser.Close()
	evIn.Close()
	go b.read(fromBrowser)
	tb.Cleanup(b.close)
	return b
}

func (b *browser) read(f *os.File) {
	defer close(b.dead)
	r := bufio.NewReaderSize(f, 1<<20)
	for {
		line, err := r.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMsg
		if json.Unmarshal(line[:len(line)-1], &m) != nil {
			continue
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch := b.pending[m.ID]; ch != nil {
				delete(b.pending, m.ID)
				ch <- m
			}
		} else {
			for _, ch := range b.subs[m.Method] {
				select {
				case ch <- m:
				default: // nobody waits for more of these
				}
			}
		}
		b.mu.Unlock()
	}
}

// subscribe returns a channel that receives the next events of method.
func (b *browser) subscribe(method string) chan cdpMsg {
	ch := make(chan cdpMsg, 64)
	b.mu.Lock()
	b.subs[method] = append(b.subs[method], ch)
	b.mu.Unlock()
	return ch
}

// call sends a command (to a page when session is set) and decodes its
// result into result (when not nil).
func (b *browser) call(session, method string, params, result any) error {
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	ch := make(chan cdpMsg, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	p, err := json.Marshal(params)
	if err != nil {
		return err
	}
	msg, _ := json.Marshal(cdpMsg{ID: id, Method: method, Params: p, SessionID: session})
	if _, err := b.out.Write(append(msg, 0)); err != nil {
		return fmt.Errorf("%s: %v", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %s (%d)", method, m.Error.Message, m.Error.Code)
		}
		if result != nil {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	case <-b.dead:
		return fmt.Errorf("%s: the browser exited:\n%s", method, b.stderr.String())
	case <-time.After(60 * time.Second):
		return fmt.Errorf("%s: no reply in 60 s", method)
	}
}

func (b *browser) close() {
	b.call("", "Browser.close", struct{}{}, nil)
	done := make(chan struct{})
	go func() { b.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		syscall.Kill(-b.cmd.Process.Pid, syscall.SIGKILL) // the group of the browser we started
		<-done
	}
	b.out.Close()
}

// page is one tab.
type page struct {
	tb      testing.TB
	b       *browser
	session string
	errors  chan cdpMsg // Runtime.exceptionThrown
}

// newPage opens a tab with a fixed viewport.
func (b *browser) newPage(tb testing.TB, width, height int) *page {
	tb.Helper()
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		tb.Fatal(err)
	}
	var att struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att); err != nil {
		tb.Fatal(err)
	}
	p := &page{tb: tb, b: b, session: att.SessionID, errors: b.subscribe("Runtime.exceptionThrown")}
	p.must("Page.enable", struct{}{}, nil)
	p.must("Runtime.enable", struct{}{}, nil)
	p.must("Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}, nil)
	return p
}

func (p *page) must(method string, params, result any) {
	p.tb.Helper()
	if err := p.b.call(p.session, method, params, result); err != nil {
		p.tb.Fatal(err)
	}
}

// open loads a local file and waits for its load event.
func (p *page) open(file string) {
	p.tb.Helper()
	abs, err := filepath.Abs(file)
	if err != nil {
		p.tb.Fatal(err)
	}
	loaded := p.b.subscribe("Page.loadEventFired")
	p.must("Page.navigate", map[string]any{"url": "file://" + filepath.ToSlash(abs)}, nil)
	select {
	case <-loaded:
	case <-time.After(60 * time.Second):
		p.tb.Fatalf("%s did not load in 60 s", file)
	}
	p.checkErrors()
}

// checkErrors fails the test on uncaught exceptions in the page.
func (p *page) checkErrors() {
	p.tb.Helper()
	for {
		select {
		case m := <-p.errors:
			if m.SessionID == p.session {
				p.tb.Errorf("uncaught exception in the page: %s", m.Params)
			}
		default:
			return
		}
	}
}

// eval evaluates a JS expression (awaiting a promise) and decodes its value
// into out (when not nil).
func (p *page) eval(expr string, out any) {
	p.tb.Helper()
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	p.must("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &res)
	if e := res.ExceptionDetails; e != nil {
		p.tb.Fatalf("eval %s: %s %s", expr, e.Text, e.Exception.Description)
	}
	if out != nil {
		if err := json.Unmarshal(res.Result.Value, out); err != nil {
			p.tb.Fatalf("eval %s: %v (value %s)", expr, err, res.Result.Value)
		}
	}
}

// waitFor polls a JS condition until it is true.
func (p *page) waitFor(cond string) {
	p.tb.Helper()
	deadline := time.Now().Add(30 * time.Second) // generous: go test ./... loads both cores
	for {
		var ok bool
		p.eval("!!("+cond+")", &ok)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			p.tb.Fatalf("timed out waiting for %s", cond)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// click presses and releases the left mouse button at a point of the
// viewport, as a user would.
func (p *page) click(x, y float64) {
	p.tb.Helper()
	p.must("Input.dispatchMouseEvent", map[string]any{"type": "mouseMoved", "x": x, "y": y}, nil)
	for _, typ := range []string{"mousePressed", "mouseReleased"} {
		p.must("Input.dispatchMouseEvent", map[string]any{"type": typ, "x": x, "y": y, "button": "left", "clickCount": 1}, nil)
	}
}

// typeText types into the focused element.
func (p *page) typeText(s string) {
	p.tb.Helper()
	p.must("Input.insertText", map[string]any{"text": s}, nil)
}

// screenshot saves a PNG of the viewport.
func (p *page) screenshot(file string) {
	p.tb.Helper()
	var shot struct {
		Data string `json:"data"`
	}
	p.must("Page.captureScreenshot", map[string]any{"format": "png"}, &shot)
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		p.tb.Fatal(err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		p.tb.Fatal(err)
	}
}
