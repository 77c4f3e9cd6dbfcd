package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/web"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// newWebhookEnv is a web server whose webhooks service may send to the
// loopback receivers of the tests.
func newWebhookEnv(t *testing.T, s *sqlstore.Store) (*env, *webhooks.Service) {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	hooks := webhooks.NewService(s, e.svc.Sealer("webhook"), webhooks.Options{AllowLoopbackHTTP: true})
	srv, err := web.New(withShop(web.Deps{Tenants: s, Identity: e.svc, Data: s, Webhooks: hooks,
		Logger: slog.New(slog.NewTextHandler(e.log, nil))}, s))
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e, hooks
}

// signedReceiver records the requests it gets and answers 200.
type signedReceiver struct {
	mu   sync.Mutex
	reqs []receivedHook
}

type receivedHook struct {
	header http.Header
	body   []byte
}

func (rc *signedReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.reqs = append(rc.reqs, receivedHook{r.Header.Clone(), body})
	rc.mu.Unlock()
	_, _ = w.Write([]byte("ok"))
}

var secretRE = regexp.MustCompile(`<code class="secret">(whsec_[A-Za-z0-9_-]{43})</code>`)

// TestWebhookPages: an admin creates a webhook (a bad form first, which
// writes nothing), reveals its secret, sends a test event that a local
// receiver verifies, and sees the delivery log; staff may not open the
// pages, and another tenant's webhook is not found.
func TestWebhookPages(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		e, hooks := newWebhookEnv(t, s)
		f := &fixture{n: 901, tenant: e.tenant(t, "hooks-a")}
		other := &fixture{n: 902, tenant: e.tenant(t, "hooks-b")}
		admin, staff := e.user(t, f, identity.RoleAdmin), e.user(t, f, identity.RoleStaff)
		base := "/" + f.tenant.Slug + "/admin/webhooks"
		rc := &signedReceiver{}
		recv := httptest.NewServer(rc)
		t.Cleanup(recv.Close)

		b := e.browser(t)
		b.signIn(admin)
		mustContain(t, "empty list", b.get(base), ok, "Webhookはまだありません。", `href="`+base+`/new"`)
		p := b.submit(base+"/new", base, url.Values{"url": {"http://erp.example.jp/hooks"}})
		mustContain(t, "bad form", p, http.StatusUnprocessableEntity, "URLは https:// で始めてください",
			"送信するイベントを1つ以上選んでください", `value="http://erp.example.jp/hooks"`)
		if n := e.count(t, f.tenant.ID, `SELECT count(*) FROM webhook_endpoints`); n != 0 {
			t.Fatalf("a bad form stored %d endpoints", n)
		}
		p = b.submit(base+"/new", base, url.Values{"url": {recv.URL + "/hooks"}, "description": {"基幹システム"},
			"events": {webhooks.OrderCreated, webhooks.OrderShipped}})
		if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, base+"/") {
			t.Fatalf("create: %d → %q\n%s", p.status, p.location, p.body)
		}
		show := p.location
		id, err := oroshi.ParseID(strings.TrimPrefix(show, base+"/"))
		if err != nil {
			t.Fatal(err)
		}
		page := b.get(show)
		mustContain(t, "show", page, ok, "Webhookを登録しました。", recv.URL+"/hooks", "注文（受付）", "注文（出荷）", "まだ配信はありません。")
		if strings.Contains(page.body, "whsec_") {
			t.Error("the secret is on the page before it is asked for")
		}

		p = b.post(show+"/secret", url.Values{"csrf_token": {b.csrf(page)}})
		m := secretRE.FindStringSubmatch(p.body)
		want, _ := hooks.RevealSecret(ctx, f.tenant.ID, id)
		if p.status != ok || m == nil || m[1] != want {
			t.Fatalf("reveal: %d, %q, want %q", p.status, m, want)
		}

		p = b.post(show+"/ping", url.Values{"csrf_token": {b.csrf(page)}})
		if p.status != http.StatusSeeOther || p.location != show {
			t.Fatalf("ping: %d → %q", p.status, p.location)
		}
		mustContain(t, "after ping", b.get(show), ok, "テスト送信を受け付けました。", "<code>ping</code>", "送信待ち")
		ds, err := hooks.Deliveries(ctx, f.tenant.ID, id, webhooks.DeliveryPage{})
		if err != nil || len(ds) != 1 {
			t.Fatalf("deliveries %+v, %v", ds, err)
		}
		// The job's work, run here: the receiver checks the signature.
		if err := hooks.Deliver(ctx, f.tenant.ID, ds[0].ID, 1, false); err != nil {
			t.Fatal(err)
		}
		rc.mu.Lock()
		got := rc.reqs
		rc.mu.Unlock()
		if len(got) != 1 || webhooks.Verify(m[1], got[0].header.Get(webhooks.HeaderTimestamp), got[0].body,
			got[0].header.Get(webhooks.HeaderSignature)) != nil || got[0].header.Get(webhooks.HeaderEvent) != webhooks.Ping {
			t.Fatalf("receiver got %d requests: %+v", len(got), got)
		}
		mustContain(t, "log", b.get(show), ok, "成功", ">200<")
		mustContain(t, "delivery", b.get(show+"/deliveries/"+ds[0].ID.String()), ok, "配信の詳細", ds[0].EventID, "&#34;type&#34;: &#34;ping&#34;")
		webhookLifecycle(t, b, show, m[1], ds[0].ID)

		sb := e.browser(t)
		sb.signIn(staff)
		mustContain(t, "staff", sb.get(base), http.StatusForbidden)
		ob := e.browser(t)
		ob.signIn(e.user(t, other, identity.RoleAdmin))
		mustContain(t, "other tenant", ob.get("/"+other.tenant.Slug+"/admin/webhooks/"+id.String()), http.StatusNotFound)
	})
}

// webhookLifecycle rotates the secret, disables (a resend is then
// refused), enables, resends and deletes.
func webhookLifecycle(t *testing.T, b *browser, show, secret string, delivery oroshi.ID) {
	t.Helper()
	page := b.get(show)
	token := b.csrf(page)
	p := b.post(show+"/secret/rotate", url.Values{"csrf_token": {token}})
	m := secretRE.FindStringSubmatch(p.body)
	if p.status != ok || m == nil || m[1] == secret || !strings.Contains(p.body, "新しい署名シークレットを発行しました。") {
		t.Errorf("rotate: %d, %q", p.status, m)
	}
	resend := show + "/deliveries/" + delivery.String() + "/resend"
	steps := []struct {
		path   string
		form   url.Values
		next   string
		expect []string
	}{
		{show + "/active", url.Values{"active": {"0"}}, show, []string{"Webhookを無効にしました。", "badge disabled", `disabled>テスト送信`}},
		{resend, nil, show + "/deliveries/" + delivery.String(), []string{"無効なWebhookには再送できません。有効にしてから再送してください"}},
		{show + "/active", url.Values{"active": {"1"}}, show, []string{"Webhookを有効にしました。", "badge active"}},
		{resend, nil, show + "/deliveries/" + delivery.String(), []string{"再送を受け付けました。", "送信待ち"}},
		{show + "/delete", nil, strings.TrimSuffix(show, show[strings.LastIndex(show, "/"):]), []string{"Webhookを削除しました。", "Webhookはまだありません。"}},
	}
	for _, st := range steps {
		form := url.Values{"csrf_token": {token}}
		for k, v := range st.form {
			form[k] = v
		}
		p := b.post(st.path, form)
		if p.status != http.StatusSeeOther || p.location != st.next {
			t.Fatalf("POST %s: %d → %q, want %s", st.path, p.status, p.location, st.next)
		}
		mustContain(t, "after "+st.path, b.get(st.next), ok, st.expect...)
	}
	mustContain(t, "deleted", b.get(show), http.StatusNotFound)
}
