package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// journeyTimeout bounds one journey; a wait that never ends fails here
// rather than at go test's 10-minute panic.
const journeyTimeout = 30 * time.Second

// startBrowser starts one headless Chromium for the test and returns the
// context that new tabs derive from.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath()),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root, where the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	// The first Run ties the browser's life to the context it gets, so it
	// cannot carry a deadline; bound the start from outside instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(browserCtx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("start chromium: %v", err)
		}
	case <-time.After(30 * time.Second):
		cancelBrowser()
		t.Fatal("chromium did not start within 30s")
	}
	return browserCtx
}

// tab is one browser context (its own cookies, like a private window) with
// one page, bound to a journey.
type tab struct {
	t       *testing.T
	ctx     context.Context
	base    string
	shots   string // screenshot directory; "" writes none
	prefix  string // screenshot file name prefix (the engine)
	console *consoleLog
}

// newTab opens a fresh browser context. When the test ends it fails on any
// console error, CSP violation or uncaught exception the pages produced:
// Chromium logs a CSP violation as a "security" entry of the browser log.
func newTab(t *testing.T, browser context.Context, s *server, engine string) *tab {
	t.Helper()
	cl := &consoleLog{}
	jctx, cancelTimeout := context.WithTimeout(browser, journeyTimeout)
	ctx, cancelTab := chromedp.NewContext(jctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(cl.listen))
	b := &tab{t: t, ctx: ctx, base: s.base, shots: os.Getenv("OROSHI_E2E_SCREENSHOTS"), prefix: engine, console: cl}
	t.Cleanup(func() {
		// A round trip delivers every event sent before its reply to the
		// listener, so the check below sees the last page's messages.
		_, _ = chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`0`))
		cl.check(t)
		cancelTab()
		cancelTimeout()
	})
	// Start the tab now, so that the listener hears the first page whole.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	return b
}

// consoleLog keeps what a tab's pages wrote to the console.
type consoleLog struct {
	mu       sync.Mutex
	messages []consoleMessage
	allowed  []string // substrings of network errors the journey expects
}

type consoleMessage struct {
	text    string
	problem bool // an error, a CSP violation or an exception
}

// listen runs on the tab's event loop: it must be quick and run no command.
func (c *consoleLog) listen(ev any) {
	var m consoleMessage
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		m.text = fmt.Sprintf("console.%s: %s", ev.Type, remoteArgs(ev.Args))
		m.problem = ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil {
			text += " " + d.Exception.Description
		}
		m = consoleMessage{fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, text), true}
	case *log.EventEntryAdded:
		e := ev.Entry
		m.text = fmt.Sprintf("log %s/%s: %s (%s)", e.Source, e.Level, e.Text, e.URL)
		m.problem = e.Level == log.EntryLevelError || e.Source == log.EntrySourceSecurity
	default:
		return
	}
	c.mu.Lock()
	c.messages = append(c.messages, m)
	c.mu.Unlock()
}

// allow accepts a network error the journey causes on purpose (a 401
// answer to a wrong password is the right answer, and Chromium logs it).
func (c *consoleLog) allow(substr string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.allowed = append(c.allowed, substr)
}

// check fails t on each problem and logs the other messages (seen with -v).
func (c *consoleLog) check(t *testing.T) {
	c.mu.Lock()
	defer c.mu.Unlock()
next:
	for _, m := range c.messages {
		if m.problem {
			for _, a := range c.allowed {
				if strings.HasPrefix(m.text, "log network/error") && strings.Contains(m.text, a) {
					t.Logf("browser console (expected): %s", m.text)
					continue next
				}
			}
			t.Errorf("browser console: %s", m.text)
			continue
		}
		t.Logf("browser console: %s", m.text)
	}
}

// remoteArgs renders console.* arguments roughly as DevTools shows them:
// strings as they are, other values as JSON or their description.
func remoteArgs(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		switch {
		case len(a.Value) > 0:
			var s string
			if json.Unmarshal(a.Value, &s) == nil {
				parts = append(parts, s)
			} else {
				parts = append(parts, string(a.Value))
			}
		default:
			parts = append(parts, a.Description)
		}
	}
	return strings.Join(parts, " ")
}

// open navigates to a path of the server and returns the response of the
// page it ends on (after redirects).
func (b *tab) open(path string) *network.Response {
	b.t.Helper()
	return b.openURL(b.base + path)
}

// openURL is open for a full URL (a link read from a mail).
func (b *tab) openURL(u string) *network.Response {
	b.t.Helper()
	resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(u))
	if err != nil {
		b.t.Fatalf("open %s: %v", u, err)
	}
	return resp
}

// clickXPath clicks the one element xpath finds and waits for the page it
// leads to. XPath can name a link or button by its text, as a person finds
// it, where CSS cannot.
func (b *tab) clickXPath(xpath string) *network.Response {
	b.t.Helper()
	n := evaluate[int](b, fmt.Sprintf(`document.evaluate(%s, document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null).snapshotLength`, jsString(xpath)))
	if n != 1 {
		b.t.Fatalf("%s: %d elements match %s, want 1\npage text:\n%s", b.path(), n, xpath, b.bodyText())
	}
	// A plain string selector is a DOM search, which takes XPath.
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(xpath))
	if err != nil {
		b.t.Fatalf("click %s on %s: %v", xpath, b.path(), err)
	}
	return resp
}

// signIn fills the sign-in form of the current page and submits it.
func (b *tab) signIn(email, password string) *network.Response {
	b.t.Helper()
	b.fill("input[name=email]", email)
	b.fill("input[name=password]", password)
	return b.clickXPath(`//main//form//button[@type="submit"][normalize-space()="ログイン"]`)
}

// choose picks the option of a select by its visible label.
func (b *tab) choose(sel, label string) {
	b.t.Helper()
	ok := evaluate[bool](b, fmt.Sprintf(`(() => {
  const s = document.querySelector(%s);
  const o = s && Array.from(s.options).find(o => o.text.trim() === %s);
  if (!o) return false;
  s.value = o.value;
  s.dispatchEvent(new Event("change", {bubbles: true}));
  return true;
})()`, jsString(sel), jsString(label)))
	if !ok {
		b.t.Fatalf("%s: no option %q in %s", b.path(), label, sel)
	}
}

// row returns the cells of the first row of the table tableXPath finds
// that has a cell showing exactly cell; nil when there is none.
func (b *tab) row(tableXPath, cell string) []string {
	b.t.Helper()
	return evaluate[[]string](b, fmt.Sprintf(`(() => {
  const t = document.evaluate(%s, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
  if (!t) return null;
  for (const tr of t.querySelectorAll("tr")) {
    const cells = Array.from(tr.cells, c => c.innerText.trim());
    if (cells.includes(%s)) return cells;
  }
  return null;
})()`, jsString(tableXPath), jsString(cell)))
}

// fill types value into the field sel finds, replacing what it held.
func (b *tab) fill(sel, value string) {
	b.t.Helper()
	b.mustFind(sel)
	if err := chromedp.Do(b.ctx, chromedp.Clear(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), value)); err != nil {
		b.t.Fatalf("fill %s on %s: %v", sel, b.path(), err)
	}
}

// mustFind fails at once when sel matches nothing: the query actions
// would otherwise wait for it until the journey's timeout.
func (b *tab) mustFind(sel string) {
	b.t.Helper()
	if b.count(sel) == 0 {
		b.t.Fatalf("%s: nothing matches %s\npage text:\n%s", b.path(), sel, b.bodyText())
	}
}

func (b *tab) count(sel string) int {
	b.t.Helper()
	return evaluate[int](b, fmt.Sprintf(`document.querySelectorAll(%s).length`, jsString(sel)))
}

// text is the visible text of the first element sel finds, or "" when
// there is none.
func (b *tab) text(sel string) string {
	b.t.Helper()
	return evaluate[string](b, fmt.Sprintf(`(document.querySelector(%s) || {innerText: ""}).innerText.trim()`, jsString(sel)))
}

// texts is the visible text of every element sel finds.
func (b *tab) texts(sel string) []string {
	b.t.Helper()
	return evaluate[[]string](b, fmt.Sprintf(`Array.from(document.querySelectorAll(%s), e => e.innerText.trim())`, jsString(sel)))
}

func (b *tab) bodyText() string { return b.text("body") }
func (b *tab) lang() string     { return evaluate[string](b, `document.documentElement.lang`) }
func (b *tab) path() string     { return evaluate[string](b, `location.pathname`) }

// evaluate runs a script in the page and returns its result.
func evaluate[T any](b *tab, script string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](script))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", script, err)
	}
	return v
}

// wantPath fails unless the page is at path.
func (b *tab) wantPath(path string) {
	b.t.Helper()
	if got := b.path(); got != path {
		b.t.Fatalf("at %s, want %s\npage text:\n%s", got, path, b.bodyText())
	}
}

// wantText fails unless the element sel finds shows exactly want.
func (b *tab) wantText(sel, want string) {
	b.t.Helper()
	if got := b.text(sel); got != want {
		b.t.Errorf("%s: %s shows %q, want %q", b.path(), sel, got, want)
	}
}

// wantContains fails unless the page shows each of wants somewhere.
func (b *tab) wantContains(wants ...string) {
	b.t.Helper()
	body := b.bodyText()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			b.t.Errorf("%s does not show %q; page text:\n%s", b.path(), w, body)
		}
	}
}

func (b *tab) wantStatus(resp *network.Response, want int64) {
	b.t.Helper()
	if resp == nil {
		b.t.Fatalf("%s: no response, want status %d", b.path(), want)
	}
	if resp.Status != want {
		b.t.Errorf("%s answered %d %s, want %d", resp.URL, resp.Status, resp.StatusText, want)
	}
}

// screenshot saves a full-page PNG when OROSHI_E2E_SCREENSHOTS names a
// directory, for people to look at; the run never compares them.
func (b *tab) screenshot(name string) {
	b.t.Helper()
	if b.shots == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(b.shots, 0o755); err != nil {
		b.t.Fatal(err)
	}
	file := filepath.Join(b.shots, b.prefix+"-"+name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}
