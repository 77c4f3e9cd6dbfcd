package webhooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
)

// Delivery timing.
const (
	// RequestTimeout bounds one POST, connection and response included.
	RequestTimeout = 10 * time.Second
	// MaxAttempts per delivery: with DefaultBackoff the last attempt comes
	// about 27 hours after the first (30 s, 2 min, 8 min, 32 min, 2 h 8 min,
	// then every 6 h).
	MaxAttempts = 10
	// responseLimit is how much of a response body is read.
	responseLimit = 4 << 10
	// errorLimit bounds the error text kept per attempt (characters).
	errorLimit = 300
)

// DefaultBackoff is the wait after failed attempt n (1-based): 30 s times
// 4ⁿ⁻¹, at most 6 hours.
func DefaultBackoff(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < 6*time.Hour; i++ {
		d *= 4
	}
	return min(d, 6*time.Hour)
}

// NewClient is the HTTP client of deliveries: it connects only to public
// addresses (checked on the address actually dialled, after DNS, so a name
// that resolves to an internal address is refused), ignores proxy
// settings (a proxy would dial for us, unchecked) and follows no redirect.
func NewClient(o Options) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second, Control: guard(o)}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          20,
		IdleConnTimeout:       60 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: RequestTimeout,
	}
	return &http.Client{Transport: tr, Timeout: RequestTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// errBlocked is the dial error for a refused address.
var errBlocked = errors.New("宛先が社内ネットワークまたはループバックのアドレスのため送信しませんでした")

// guard is the dialer's Control: it runs with the resolved address, for
// every connection, just before connecting.
func guard(o Options) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ip, err := hostPort(address)
		if err != nil {
			return fmt.Errorf("webhook dial %s: %w", address, err)
		}
		if blockedAddr(ip, o) {
			return fmt.Errorf("%w (%s)", errBlocked, ip)
		}
		return nil
	}
}

// outcome is what one POST came to.
type outcome struct {
	status   int
	errText  string
	duration time.Duration
}

func (o outcome) ok() bool { return o.status >= 200 && o.status < 300 }

// post sends body to url, signed with secret, once.
func (s *Service) post(ctx context.Context, url, secret string, d Delivery) outcome {
	start := s.now()
	ts := strconv.FormatInt(start.Unix(), 10)
	ctx, cancel := context.WithTimeout(ctx, RequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(d.Body))
	if err != nil {
		return outcome{errText: truncate("リクエストを作成できません: " + err.Error())}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set(HeaderEvent, d.EventType)
	req.Header.Set(HeaderDelivery, d.ID.String())
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, Sign(secret, ts, d.Body))
	resp, err := s.client.Do(req)
	if err != nil {
		return outcome{errText: truncate(err.Error()), duration: time.Since(start)}
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, responseLimit))
	out := outcome{status: resp.StatusCode, duration: time.Since(start)}
	if !out.ok() {
		out.errText = truncate(fmt.Sprintf("HTTP %d: %s", resp.StatusCode, bytes.ToValidUTF8(snippet, []byte("?"))))
	}
	return out
}

// truncate keeps the first errorLimit characters.
func truncate(s string) string {
	if utf8.RuneCountInString(s) <= errorLimit {
		return s
	}
	r := []rune(s)
	return string(r[:errorLimit]) + "…"
}

// Deliver makes attempt n (River's attempt number) of delivery id and logs
// it. A delivery no longer pending, or whose endpoint is inactive, is left
// alone. A failed attempt returns an error so the job is retried, unless
// final, when the delivery is marked failed. A missing delivery wraps
// oroshi.ErrNotFound (the endpoint was deleted).
func (s *Service) Deliver(ctx context.Context, t oroshi.TenantID, id oroshi.ID, n int, final bool) error {
	d, err := s.Store.WebhookDelivery(ctx, t, id)
	if err != nil {
		return fmt.Errorf("deliver webhook %s: %w", id, err)
	}
	if d.Status != StatusPending {
		return nil
	}
	e, err := s.Store.WebhookEndpoint(ctx, t, d.EndpointID)
	if err != nil {
		return fmt.Errorf("deliver webhook %s: %w", id, err)
	}
	if !e.Active {
		return nil
	}
	secret, err := s.Sealer.Open(e.SealedSecret)
	if err != nil {
		return fmt.Errorf("deliver webhook %s: secret: %w", id, err)
	}
	out := s.post(ctx, e.URL, secret, d)
	a := Attempt{DeliveryID: id, At: s.now(), StatusCode: out.status, Error: out.errText, Duration: out.duration}
	status, next := StatusSucceeded, (*time.Time)(nil)
	if !out.ok() {
		status = StatusFailed
		if !final {
			at := a.At.Add(s.backoff(n))
			status, next = StatusPending, &at
		}
	}
	// The log is written even when the job's context has run out, so the
	// seller sees the attempt that was made.
	if err := s.Store.RecordWebhookAttempt(context.WithoutCancel(ctx), t, a, status, next); err != nil {
		return fmt.Errorf("deliver webhook %s: record attempt: %w", id, err)
	}
	if !out.ok() {
		return fmt.Errorf("deliver webhook %s to endpoint %s: %s", id, e.ID, out.errText)
	}
	return nil
}

// RetryDelay is the wait after failed attempt n, for the job's NextRetry.
func (s *Service) RetryDelay(n int) time.Duration { return s.backoff(n) }

func (s *Service) backoff(n int) time.Duration {
	if s.Backoff != nil {
		return s.Backoff(n)
	}
	return DefaultBackoff(n)
}
