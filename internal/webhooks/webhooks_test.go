package webhooks

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
)

func TestURLProblem(t *testing.T) {
	dev := Options{AllowLoopbackHTTP: true}
	long := "https://example.co.jp/" + strings.Repeat("a", 480)
	tests := []struct {
		url  string
		o    Options
		want string // a part of the message; "" for none
	}{
		{"https://erp.example.co.jp/hooks/oroshi", Options{}, ""},
		{"https://erp.example.co.jp:8443/h?x=1", Options{}, ""},
		{"https://8.8.8.8/h", Options{}, ""},
		{"", Options{}, "URLを入力してください"},
		{long, Options{}, "500文字以内"},
		{"erp.example.co.jp/hooks", Options{}, "形式"},
		{"http://erp.example.co.jp/hooks", Options{}, "https://"},
		{"http://erp.example.co.jp/hooks", dev, "https://"},
		{"ftp://erp.example.co.jp/hooks", dev, "https://"},
		{"https://user:pw@erp.example.co.jp/", Options{}, "ユーザー名"},
		{"https://erp.example.co.jp/#frag", Options{}, "#"},
		{"https://erp.example.co.jp:0/", Options{}, "ポート"},
		{"https://erp.example.co.jp:99999/", Options{}, "ポート"},
		{"http://127.0.0.1:8080/h", Options{}, "https://"},
		{"http://127.0.0.1:8080/h", dev, ""},
		{"http://localhost/h", dev, ""},
		{"http://[::1]:9000/h", dev, ""},
		{"https://localhost/h", Options{}, "ループバック"},
		{"https://127.0.0.1/h", Options{}, "ループバック"},
		{"https://10.0.0.5/h", dev, "社内ネットワーク"},
		{"https://192.168.1.10/h", Options{}, "社内ネットワーク"},
		{"https://169.254.169.254/latest/meta-data", Options{}, "社内ネットワーク"},
		{"https://[fd00::1]/h", Options{}, "社内ネットワーク"},
		{"https://[::ffff:10.0.0.1]/h", Options{}, "社内ネットワーク"},
		{"https://100.64.0.1/h", Options{}, "社内ネットワーク"},
	}
	for _, tt := range tests {
		got := URLProblem(tt.url, tt.o)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("URLProblem(%q, %+v) = %q, want %q", tt.url, tt.o, got, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	e := Normalize(Endpoint{URL: " https://erp.example.co.jp/h ", Description: strings.Repeat("説", 201),
		Events: []string{"order.paid", QuoteIssued, OrderCreated, QuoteIssued, " "}})
	if diff := cmp.Diff([]string{OrderCreated, QuoteIssued, "order.paid"}, e.Events); diff != "" {
		t.Errorf("normalised events (-want +got):\n%s", diff)
	}
	var ve *oroshi.ValidationError
	if err := Validate(e, Options{}); !errors.As(err, &ve) {
		t.Fatalf("Validate = %v", err)
	}
	want := map[string]string{"description": "説明は200文字以内で入力してください",
		"events": "不明なイベント「order.paid」が指定されています"}
	if diff := cmp.Diff(want, ve.Fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	if err := Validate(Normalize(Endpoint{URL: "https://a.example.jp/", Events: []string{OrderShipped}}), Options{}); err != nil {
		t.Errorf("a good endpoint: %v", err)
	}
}

func TestSignAndVerify(t *testing.T) {
	secret, err := NewSecret()
	if err != nil || !strings.HasPrefix(secret, SecretPrefix) || len(secret) != len(SecretPrefix)+43 {
		t.Fatalf("NewSecret = %q, %v", secret, err)
	}
	body := []byte(`{"id":"evt_1","type":"ping","created_at":"2026-04-01T00:00:00Z","data":{}}`)
	// A known vector, so a receiver in another language can check its code.
	if got := Sign("whsec_test", "1775001600", body); got != "v1="+knownMAC {
		t.Errorf("Sign = %s", got)
	}
	sig := Sign(secret, "1775001600", body)
	tests := []struct {
		name       string
		secret, ts string
		body       []byte
		header     string
		want       error
	}{
		{"good", secret, "1775001600", body, sig, nil},
		{"among others", secret, "1775001600", body, "v0=abc, " + sig, nil},
		{"other secret", "whsec_other", "1775001600", body, sig, ErrBadSignature},
		{"other timestamp", secret, "1775001601", body, sig, ErrBadSignature},
		{"changed body", secret, "1775001600", append([]byte(nil), append(body, ' ')...), sig, ErrBadSignature},
		{"no v1", secret, "1775001600", body, "v0=abc", ErrNoSignature},
		{"empty header", secret, "1775001600", body, "", ErrNoSignature},
		{"bad timestamp", secret, "yesterday", body, sig, ErrBadTimestamp},
		{"not hex", secret, "1775001600", body, "v1=zz", ErrBadSignature},
	}
	for _, tt := range tests {
		if err := Verify(tt.secret, tt.ts, tt.body, tt.header); !errors.Is(err, tt.want) && err != tt.want {
			t.Errorf("%s: Verify = %v, want %v", tt.name, err, tt.want)
		}
	}
	now := time.Unix(1775001600, 0)
	if err := CheckTimestamp("1775001600", now.Add(4*time.Minute), 5*time.Minute); err != nil {
		t.Errorf("fresh timestamp: %v", err)
	}
	if err := CheckTimestamp("1775001600", now.Add(6*time.Minute), 5*time.Minute); !errors.Is(err, ErrStale) {
		t.Errorf("old timestamp: %v", err)
	}
}

// knownMAC is HMAC-SHA256("whsec_test", "1775001600." + body) of the body
// above, computed with `openssl dgst -sha256 -hmac whsec_test`.
const knownMAC = "95db61443e8d678c691c6e1442a15fbea7d643ea131155f584992ec722af8840"

func TestDefaultBackoff(t *testing.T) {
	want := []time.Duration{30 * time.Second, 2 * time.Minute, 8 * time.Minute, 32 * time.Minute,
		128 * time.Minute, 6 * time.Hour, 6 * time.Hour, 6 * time.Hour, 6 * time.Hour}
	var total time.Duration
	for i, w := range want {
		if got := DefaultBackoff(i + 1); got != w {
			t.Errorf("DefaultBackoff(%d) = %s, want %s", i+1, got, w)
		}
		total += w
	}
	// MaxAttempts attempts wait MaxAttempts-1 times: about a day in all.
	if len(want) != MaxAttempts-1 || total < 24*time.Hour || total > 28*time.Hour {
		t.Errorf("%d waits totalling %s", len(want), total)
	}
	if got := DefaultBackoff(40); got != 6*time.Hour {
		t.Errorf("DefaultBackoff(40) = %s", got)
	}
}

func TestNewMessage(t *testing.T) {
	at := time.Date(2026, 4, 1, 18, 0, 0, 0, time.FixedZone("JST", 9*3600))
	m, err := NewMessage(Event{ID: "order.created:1", Type: OrderCreated, OccurredAt: at, Data: map[string]int{"total": 1100}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"order.created:1","type":"order.created","created_at":"2026-04-01T09:00:00Z","data":{"total":1100}}`
	if string(m.Body) != want || m.EventID != "order.created:1" || m.Type != OrderCreated {
		t.Errorf("NewMessage = %s", m.Body)
	}
	for _, bad := range []Event{{ID: "", Type: OrderCreated}, {ID: "x", Type: "order.paid"}, {ID: "x", Type: OrderCreated, Data: []int{1}}} {
		if _, err := NewMessage(bad); err == nil {
			t.Errorf("NewMessage(%+v) accepted", bad)
		}
	}
}

func TestBlockedAddr(t *testing.T) {
	for _, tt := range []struct {
		ip      string
		o       Options
		blocked bool
	}{
		{"8.8.8.8", Options{}, false}, {"2001:4860:4860::8888", Options{}, false},
		{"127.0.0.1", Options{}, true}, {"127.0.0.1", Options{AllowLoopbackHTTP: true}, false},
		{"::1", Options{}, true}, {"10.1.2.3", Options{AllowLoopbackHTTP: true}, true},
		{"172.16.0.1", Options{}, true}, {"192.168.0.1", Options{}, true}, {"169.254.169.254", Options{}, true},
		{"fe80::1", Options{}, true}, {"fc00::1", Options{}, true}, {"0.0.0.0", Options{}, true},
		{"::", Options{}, true}, {"224.0.0.1", Options{}, true}, {"::ffff:192.168.0.1", Options{}, true},
		{"64:ff9b::a00:1", Options{}, true}, {"100.100.100.100", Options{}, true},
	} {
		if got := blockedAddr(netip.MustParseAddr(tt.ip), tt.o); got != tt.blocked {
			t.Errorf("blockedAddr(%s, %+v) = %v", tt.ip, tt.o, got)
		}
	}
}

// TestGuardRefusesLoopback: without the development option the client
// does not connect to a loopback receiver, whatever the URL says.
func TestGuardRefusesLoopback(t *testing.T) {
	var hit atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit.Store(true) }))
	defer srv.Close()
	_, err := NewClient(Options{}).Post(srv.URL, "application/json", strings.NewReader("{}"))
	if err == nil || !errors.Is(err, errBlocked) || hit.Load() {
		t.Errorf("post to %s: %v (reached: %v)", srv.URL, err, hit.Load())
	}
	resp, err := NewClient(Options{AllowLoopbackHTTP: true}).Post(srv.URL, "application/json", strings.NewReader("{}"))
	if err != nil || !hit.Load() {
		t.Fatalf("with AllowLoopbackHTTP: %v", err)
	}
	resp.Body.Close()
}

// TestDeliverRecordsOutcome runs Deliver against a fake store and a local
// receiver that redirects: a 3xx is not followed and counts as a failure.
func TestDeliverRecordsOutcome(t *testing.T) {
	srv := httptest.NewServer(http.RedirectHandler("http://169.254.169.254/", http.StatusFound))
	defer srv.Close()
	st := &fakeStore{e: Endpoint{ID: 1, Tenant: 3, URL: srv.URL, Active: true, SealedSecret: "sealed"},
		d: Delivery{ID: 9, Tenant: 3, EndpointID: 1, EventType: Ping, Body: []byte(`{}`), Status: StatusPending}}
	svc := NewService(st, fakeSealer{}, Options{AllowLoopbackHTTP: true})
	err := svc.Deliver(context.Background(), 3, 9, 1, false)
	if err == nil || st.status != StatusPending || st.next == nil || st.a.StatusCode != http.StatusFound {
		t.Errorf("Deliver = %v; recorded %+v, %s, %v", err, st.a, st.status, st.next)
	}
	if err := svc.Deliver(context.Background(), 3, 9, MaxAttempts, true); err == nil || st.status != StatusFailed || st.next != nil {
		t.Errorf("final Deliver = %v; status %s", err, st.status)
	}
	st.d.Status = StatusCancelled
	st.a = Attempt{}
	if err := svc.Deliver(context.Background(), 3, 9, 2, false); err != nil || st.a.DeliveryID != 0 {
		t.Errorf("a cancelled delivery was attempted: %v, %+v", err, st.a)
	}
}

type fakeSealer struct{}

func (fakeSealer) Seal(p string) (string, error) { return "sealed", nil }
func (fakeSealer) Open(string) (string, error)   { return "whsec_test", nil }

// fakeStore keeps one endpoint and one delivery and the last attempt.
type fakeStore struct {
	Store
	e      Endpoint
	d      Delivery
	a      Attempt
	status string
	next   *time.Time
}

func (f *fakeStore) WebhookDelivery(context.Context, oroshi.TenantID, oroshi.ID) (Delivery, error) {
	return f.d, nil
}

func (f *fakeStore) WebhookEndpoint(context.Context, oroshi.TenantID, oroshi.ID) (Endpoint, error) {
	return f.e, nil
}

func (f *fakeStore) RecordWebhookAttempt(_ context.Context, _ oroshi.TenantID, a Attempt, status string, next *time.Time) error {
	f.a, f.status, f.next = a, status, next
	return nil
}
