package loadtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// vu is one virtual user: its own cookie jar (its session), the CSRF token
// of the last page it read, and the recorder of the current step.
type vu struct {
	base   string
	client *http.Client
	csrf   string
	rec    func() *recorder
	rng    *rand.Rand
	header http.Header   // sent with every request (an API key)
	think  time.Duration // pause after each response, ±50 %
	buf    []byte        // the bodies visit reads, reused
}

// newTransport is shared by every virtual user: enough idle connections
// that each user keeps its own.
func newTransport(maxConns int) *http.Transport {
	return &http.Transport{
		MaxIdleConns:        maxConns + 16,
		MaxIdleConnsPerHost: maxConns + 16,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
		ReadBufferSize:      64 << 10, // a page in a few reads, not one per 4 KB
	}
}

func newVU(base string, tr http.RoundTripper, rec func() *recorder, seed uint64) *vu {
	jar, _ := cookiejar.New(nil) // never fails without options
	return &vu{base: base, rec: rec, rng: rand.New(rand.NewPCG(seed, 7)),
		client: &http.Client{Transport: tr, Jar: jar, Timeout: 60 * time.Second}}
}

// errPage marks a response that was received but is not what the journey
// needed (a status ≥ 400, or a missing link or form).
var errPage = errors.New("unexpected page")

// get fetches path (a path under base or a full URL) and records it as page.
func (v *vu) get(ctx context.Context, page, path string) (string, error) {
	return v.getCheck(ctx, page, path, nil)
}

// getCheck is get, where check must accept the page (see postCheck).
func (v *vu) getCheck(ctx context.Context, page, path string, check func(path, body string) bool) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.url(path), nil)
	if err != nil {
		return "", err
	}
	return v.do(page, req, check, nil)
}

// visit is get for a page whose text the journey does not use: the body
// is read into the VU's own buffer, so a page allocates nothing for it
// (the client shares the server's cores: a 60 KB page allocated per
// request cost a sixth of a core in the focused catalogue step).
func (v *vu) visit(ctx context.Context, page, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.url(path), nil)
	if err != nil {
		return err
	}
	_, err = v.exchange(page, req, nil, nil, false)
	return err
}

// post sends a form with the VU's CSRF token and records it as page.
func (v *vu) post(ctx context.Context, page, path string, form url.Values) (string, error) {
	return v.postCheck(ctx, page, path, form, nil)
}

// landing is a check that the browser landed (after redirects) on a page
// whose path ends with suffix.
func landing(suffix string) func(path, body string) bool {
	return func(path, _ string) bool { return strings.HasSuffix(path, suffix) }
}

// postCheck is post, where check must accept the page the browser lands
// on; another page counts as an error ("wrong page"): a form re-rendered
// with a message, say.
func (v *vu) postCheck(ctx context.Context, page, path string, form url.Values, check func(path, body string) bool) (string, error) {
	return v.postForm(ctx, page, path, form, check, nil)
}

// postForm posts form (with the user's CSRF token unless it has one).
func (v *vu) postForm(ctx context.Context, page, path string, form url.Values, check func(path, body string) bool, refused *refusal) (string, error) {
	if form.Get("csrf_token") == "" {
		form.Set("csrf_token", v.csrf)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, v.url(path), strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return v.do(page, req, check, refused)
}

// refusal is an answer that refuses a request for a business reason the
// journey expects at times (an order of a product sold out meanwhile): a
// response of status whose body says one of texts is recorded as page,
// without an error, and the request returns errRefused.
type refusal struct {
	status int
	texts  []string
	page   string
}

func (r *refusal) is(status int, body string) bool {
	if r == nil || status != r.status {
		return false
	}
	for _, t := range r.texts {
		if strings.Contains(body, t) {
			return true
		}
	}
	return false
}

// errRefused: the server answered with the expected refusal.
var errRefused = errors.New("refused")

// postOr is postCheck, where the refusal r is an answer, not an error.
func (v *vu) postOr(ctx context.Context, page, path string, form url.Values, check func(path, body string) bool, r refusal) (string, error) {
	return v.postForm(ctx, page, path, form, check, &r)
}

func (v *vu) url(path string) string {
	if strings.HasPrefix(path, "http") {
		return path
	}
	return v.base + html.UnescapeString(path)
}

// do sends req (following redirects, as a browser does), reads the whole
// body, records the latency and the outcome, and keeps the page's CSRF token.
func (v *vu) do(page string, req *http.Request, check func(path, body string) bool, refused *refusal) (string, error) {
	return v.exchange(page, req, check, refused, true)
}

// exchange is do; unless keep, the body goes to v.buf and the text is
// returned only for a page that failed (the report's example).
func (v *vu) exchange(page string, req *http.Request, check func(path, body string) bool, refused *refusal, keep bool) (string, error) {
	for k, vals := range v.header {
		req.Header[k] = vals
	}
	defer v.pause(req.Context())
	start := time.Now()
	resp, err := v.client.Do(req)
	if err != nil {
		if req.Context().Err() != nil {
			v.rec().cut(page, time.Since(start)) // still waiting when the step ended
			return "", err
		}
		v.rec().add(page, time.Since(start), failure(err))
		return "", err
	}
	var body string
	if keep {
		body, err = readBody(resp)
	} else {
		err = v.readBuf(resp)
		if resp.StatusCode >= 400 || check != nil || refused != nil {
			body = string(v.buf)
		}
	}
	resp.Body.Close()
	d := time.Since(start)
	if err != nil {
		if req.Context().Err() != nil {
			v.rec().cut(page, time.Since(start))
			return "", err
		}
		v.rec().add(page, d, "read")
		return "", err
	}
	if refused.is(resp.StatusCode, body) {
		v.rec().add(refused.page, d, "")
		if t := csrfToken(body); t != "" {
			v.csrf = t
		}
		return body, errRefused
	}
	if resp.StatusCode >= 400 {
		v.rec().add(page, d, strconv.Itoa(resp.StatusCode))
		v.rec().example(page, strconv.Itoa(resp.StatusCode), errorMessage(body))
		return body, fmt.Errorf("%s: %s: %w", page, resp.Status, errPage)
	}
	if check != nil && !check(resp.Request.URL.Path, body) {
		v.rec().add(page, d, "wrong page")
		v.rec().example(page, "wrong page", resp.Request.URL.Path+": "+errorMessage(body))
		return body, fmt.Errorf("%s: landed on %s: %w", page, resp.Request.URL.Path, errPage)
	}
	v.rec().add(page, d, "")
	t := csrfToken(body)
	if !keep {
		t = csrfTokenIn(v.buf)
	}
	if t != "" {
		v.csrf = t
	}
	return body, nil
}

// readBuf reads a response's whole body into v.buf.
func (v *vu) readBuf(resp *http.Response) error {
	v.buf = v.buf[:0]
	if n := resp.ContentLength; n > int64(cap(v.buf)) && n < 64<<20 {
		v.buf = make([]byte, 0, n)
	}
	for {
		if len(v.buf) == cap(v.buf) {
			v.buf = append(v.buf, 0)[:len(v.buf)]
		}
		n, err := resp.Body.Read(v.buf[len(v.buf):cap(v.buf)])
		v.buf = v.buf[:len(v.buf)+n]
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// readBody reads a response's whole body as a string, in one allocation
// when the length is known: the client shares the server's two cores, so
// what it spends per page (growing a buffer, copying it to a string) is
// taken from the server's throughput.
func readBody(resp *http.Response) (string, error) {
	var b strings.Builder
	if n := resp.ContentLength; n > 0 && n < 64<<20 {
		b.Grow(int(n))
	}
	_, err := io.Copy(&b, resp.Body)
	return b.String(), err
}

// pause waits the think time (uniform in [think/2, 3·think/2]).
func (v *vu) pause(ctx context.Context) {
	if v.think <= 0 {
		return
	}
	v.wait(ctx, v.think/2+time.Duration(v.rng.Int64N(int64(v.think))))
}

// stagger waits a random part of one think time before a paced user's
// first request of a run, so that the users arrive spread over it as
// people do, not all in the same millisecond (which measured a burst no
// site sees: 200 first pages at once). Flat-out users do not wait.
func (v *vu) stagger(ctx context.Context) {
	if v.think <= 0 {
		return
	}
	v.wait(ctx, time.Duration(v.rng.Int64N(int64(v.think))))
}

func (v *vu) wait(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// failure names a transport error briefly.
func failure(err error) string {
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		return "timeout"
	}
	return "conn"
}

var (
	errorRe    = regexp.MustCompile(`class="error[^"]*"[^>]*>([^<]+)<`)
	apiErrorRe = regexp.MustCompile(`"message":\s*"([^"]*)"`)
	inputRe    = regexp.MustCompile(`<input[^>]*>`)
	attrRe     = regexp.MustCompile(`(\w[\w-]*)="([^"]*)"`)
	formRe     = regexp.MustCompile(`(?s)<form[^>]*action="([^"]*)"[^>]*>(.*?)</form>`)
)

// errorMessage is the text of a page's error messages or an API error's
// message, for the report.
func errorMessage(body string) string {
	var msgs []string
	for _, m := range errorRe.FindAllStringSubmatch(body, 4) {
		msgs = append(msgs, html.UnescapeString(m[1]))
	}
	if m := apiErrorRe.FindStringSubmatch(body); m != nil {
		msgs = append(msgs, m[1])
	}
	return strings.Join(msgs, " / ")
}

// csrfField opens the value of a form's CSRF token.
const csrfField = `name="csrf_token" value="`

// csrfToken is the value of the page's first csrf_token field ("" if none).
func csrfToken(body string) string {
	_, rest, ok := strings.Cut(body, csrfField)
	if !ok {
		return ""
	}
	v, _, ok := strings.Cut(rest, `"`)
	if !ok || v == "" {
		return ""
	}
	return html.UnescapeString(v)
}

// csrfTokenIn is csrfToken of a body in bytes.
func csrfTokenIn(body []byte) string {
	_, rest, ok := bytes.Cut(body, []byte(csrfField))
	if !ok {
		return ""
	}
	v, _, ok := bytes.Cut(rest, []byte(`"`))
	if !ok || len(v) == 0 {
		return ""
	}
	return html.UnescapeString(string(v))
}

// formFields returns what a browser would send from the first form whose
// action ends with action (see forms).
func formFields(page, action string) (url.Values, bool) {
	f := forms(page, action)
	if len(f) == 0 {
		return nil, false
	}
	return f[0], true
}

// forms returns, for each form whose action ends with action, the fields a
// browser would send untouched: every named input with its value except
// unchecked radios and boxes, and the first radio of a group with none
// checked (a person picks one). Textareas and selects are left out.
func forms(page, action string) []url.Values {
	var out []url.Values
	for _, m := range formRe.FindAllStringSubmatch(page, -1) {
		if !strings.HasSuffix(html.UnescapeString(m[1]), action) {
			continue
		}
		vals, firstRadio := url.Values{}, url.Values{}
		for _, in := range inputRe.FindAllString(m[2], -1) {
			a := attrs(in)
			typ, checked := a["type"], strings.Contains(in, " checked")
			switch {
			case a["name"] == "" || typ == "submit" || typ == "button":
			case typ == "radio" && !checked:
				if !firstRadio.Has(a["name"]) {
					firstRadio.Set(a["name"], a["value"])
				}
			case typ == "checkbox" && !checked:
			default:
				vals.Add(a["name"], a["value"])
			}
		}
		for name, v := range firstRadio {
			if !vals.Has(name) {
				vals[name] = v
			}
		}
		out = append(out, vals)
	}
	return out
}

func attrs(tag string) map[string]string {
	a := map[string]string{}
	for _, m := range attrRe.FindAllStringSubmatch(tag, -1) {
		a[m[1]] = html.UnescapeString(m[2])
	}
	return a
}

// links returns the distinct href values matching re's first group, in
// page order.
func links(page string, re *regexp.Regexp) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		if l := html.UnescapeString(m[1]); !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}

// pick returns a random element of s ("" when s is empty).
func pick(rng *rand.Rand, s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[rng.IntN(len(s))]
}
