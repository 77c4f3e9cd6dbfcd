package web_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/web"
)

func newQuoteEnv(t *testing.T, s *sqlstore.Store) *env {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	bs := &buyers.Service{Store: s, Identity: e.svc}
	e.svc.ShopAccess = bs.CheckSignIn
	ps := &pricing.Service{Store: s, Now: time.Now}
	ss := &sales.Service{Store: s, Pricing: ps, Now: time.Now}
	srv, err := web.New(withShop(web.Deps{Tenants: s, Identity: e.svc, Data: s, Buyers: bs, Pricing: ps, Sales: ss,
		Quotes: &sales.QuoteService{Sales: ss, Store: s}, Fields: &customfields.Service{Store: s},
		Logger: slog.New(slog.NewTextHandler(e.log, nil))}, s))
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

var quoteLinkRE = regexp.MustCompile(`/quotes/(\d+)`)

// TestQuotePages walks a quote through the real router on each engine:
// the buyer asks from the cart, staff edit, issue and revise it, the buyer
// accepts the latest version at the quoted prices.
func TestQuotePages(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newQuoteEnv(t, s)
		sf := newShopFixture(t, e, e.fixture(t, 700))
		o := &orderEnv{env: e, sf: sf, home: e.shipTo(t, sf.fixture, sf.buyer.ID, "本店")}
		buyer := o.person(t, sf.buyer, identity.RolePurchaser, "buyer")
		staff := e.user(t, sf.fixture, identity.RoleStaff)
		sb := e.browser(t)
		sb.signIn(staff)
		admin := "/" + sf.tenant.Slug + "/admin"

		// The buyer asks for a quote from the cart; the cart is kept.
		o.add(t, buyer, "SH-500", "24")
		cart := buyer.get(sf.base + "/cart")
		mustContain(t, "cart", cart, http.StatusOK, "この内容で見積を依頼する", `action="`+sf.base+`/quotes/request"`)
		p := buyer.action(sf.base+"/cart", sf.base+"/quotes/request", url.Values{"note": {"24本以上のお値引きをご相談させてください"}})
		if p.status != http.StatusSeeOther || !quoteLinkRE.MatchString(p.location) {
			t.Fatalf("request: %d %q\n%s", p.status, p.location, p.body)
		}
		qpath := p.location
		id := quoteLinkRE.FindStringSubmatch(qpath)[1]
		mustContain(t, "requested quote", buyer.get(qpath), http.StatusOK, "依頼中", "24本以上のお値引き", "SH-500")
		mustContain(t, "cart kept", buyer.get(sf.base+"/cart"), http.StatusOK, "SH-500")

		// Staff find it among the requests and edit the draft.
		mustContain(t, "requests", sb.get(admin+"/quotes?status=requested"), http.StatusOK, "Q-", "依頼中", sf.buyer.Name)
		edit := admin + "/quotes/" + id + "/edit"
		mustContain(t, "editor", sb.get(edit), http.StatusOK, "取引先からのご要望", `value="SH-500"`, `name="row_version"`)
		valid := pricing.DateOf(time.Now()).AddDays(14).String()
		bad := sb.submit(edit, admin+"/quotes/"+id, url.Values{"code": {"NOPE-1", ""}, "quantity": {"1", ""},
			"unit_price": {"", ""}, "valid_until": {valid}, "row_version": {rowVersionOf(t, sb.get(edit))}})
		mustContain(t, "unknown code", bad, http.StatusUnprocessableEntity, "この商品は注文できません", `value="NOPE-1"`)
		noDate := sb.submit(edit, admin+"/quotes/"+id, url.Values{"code": {"SH-500"}, "quantity": {"24"},
			"unit_price": {"900"}, "then": {"issue"}, "row_version": {rowVersionOf(t, sb.get(edit))}})
		mustContain(t, "issue without date", noDate, http.StatusUnprocessableEntity, "有効期限を入力してください")
		issued := sb.submit(edit, admin+"/quotes/"+id, url.Values{"code": {"SH-500", ""}, "quantity": {"24", ""},
			"unit_price": {"900", ""}, "valid_until": {valid}, "notes": {"納期は受注後3営業日"}, "then": {"issue"},
			"row_version": {rowVersionOf(t, sb.get(edit))}})
		if issued.status != http.StatusSeeOther {
			t.Fatalf("save and issue: %d\n%s", issued.status, issued.body)
		}
		mustContain(t, "issued", sb.get(admin+"/quotes/"+id), http.StatusOK, "発行済", "21,600円", "改訂する")

		// Revise: version 2 at ¥850; version 1 stays, marked 旧版.
		show := admin + "/quotes/" + id
		if p := sb.submit(show, show+"/revise", url.Values{"row_version": {rowVersionOf(t, sb.get(show))}}); p.status != http.StatusSeeOther {
			t.Fatalf("revise: %d\n%s", p.status, p.body)
		}
		p = sb.submit(edit, show, url.Values{"code": {"SH-500"}, "quantity": {"24"},
			"unit_price": {"850"}, "valid_until": {valid}, "then": {"issue"}, "row_version": {rowVersionOf(t, sb.get(edit))}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("reissue: %d\n%s", p.status, p.body)
		}
		mustContain(t, "old version", sb.get(show+"?v=1"), http.StatusOK, "（旧版）", "この版は旧版です", "21,600円")

		// The buyer: version 1 cannot be accepted, version 2 can.
		old := buyer.get(qpath + "?v=1")
		mustContain(t, "buyer old version", old, http.StatusOK, "この版は旧版です")
		if strings.Contains(old.body, "この見積で注文を確定する") {
			t.Error("the superseded version offers the accept form")
		}
		latest := buyer.get(qpath)
		mustContain(t, "buyer latest", latest, http.StatusOK, "第2版", "20,400円", "この見積で注文を確定する")
		form := url.Values{"ship_to_id": {o.home.ID.String()}, "po_number": {"PO-Q-1"}, "idempotency_key": {"web-q-1"}}
		form.Set("version", "1")
		mustContain(t, "accept superseded", buyer.action(qpath, qpath+"/accept", form), http.StatusUnprocessableEntity,
			"この版は新しい版に置き換えられたため受諾できません")
		form.Set("version", "2")
		placed := buyer.action(qpath, qpath+"/accept", form)
		if placed.status != http.StatusSeeOther || !strings.HasSuffix(placed.location, "/placed") {
			t.Fatalf("accept: %d %q\n%s", placed.status, placed.location, placed.body)
		}
		again := buyer.action(qpath, qpath+"/accept", form)
		if again.status != http.StatusSeeOther || again.location != placed.location {
			t.Errorf("retried accept: %d %q, want the same order %q", again.status, again.location, placed.location)
		}
		if n := o.orders(t); n != 1 {
			t.Fatalf("%d orders, want 1", n)
		}
		// The cart the quote was asked from is kept, and the buyer is told.
		mustContain(t, "placed from the quote", buyer.get(placed.location), http.StatusOK,
			"カートには見積を依頼したときの商品が残っています")
		price := e.count(t, sf.tenant.ID, "SELECT unit_price FROM order_lines WHERE tenant_id = "+sf.tenant.ID.String()+
			" AND code = 'SH-500'")
		if price != 850 {
			t.Errorf("ordered at ¥%d, want the quoted ¥850", price)
		}
		mustContain(t, "accepted", buyer.get(qpath), http.StatusOK, "受注済", "この見積はご注文済みです")

		// Another company of the seller cannot see it.
		other := o.person(t, sf.buyerA, identity.RolePurchaser, "other")
		if p := other.get(qpath); p.status != http.StatusNotFound {
			t.Errorf("another buyer's quote: %d", p.status)
		}
	})
}

var rowVersionRE = regexp.MustCompile(`name="row_version" value="(\d+)"`)

func rowVersionOf(t *testing.T, p *page) string {
	t.Helper()
	m := rowVersionRE.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no row_version on the page (%d):\n%s", p.status, p.body)
	}
	return m[1]
}

// TestQuoteNewAndWithdraw: staff start a quote for a company, and a
// withdrawal needs confirmation and ends the quote.
func TestQuoteNewAndWithdraw(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newQuoteEnv(t, s)
		sf := newShopFixture(t, e, e.fixture(t, 720))
		sb := e.browser(t)
		sb.signIn(e.user(t, sf.fixture, identity.RoleStaff))
		admin := "/" + sf.tenant.Slug + "/admin"
		mustContain(t, "empty list", sb.get(admin+"/quotes"), http.StatusOK, "見積はまだありません")
		mustContain(t, "new form", sb.get(admin+"/quotes/new"), http.StatusOK, sf.buyerA.Name, `name="buyer_id"`)
		noBuyer := sb.submit(admin+"/quotes/new", admin+"/quotes", url.Values{"code": {"SH-500"}, "quantity": {"6"}})
		mustContain(t, "no buyer", noBuyer, http.StatusUnprocessableEntity, "取引先を選んでください")
		p := sb.submit(admin+"/quotes/new", admin+"/quotes", url.Values{"buyer_id": {sf.buyerA.ID.String()},
			"code": {"SH-1000", ""}, "quantity": {"6", ""}, "unit_price": {"", ""}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", p.status, p.body)
		}
		show := p.location
		mustContain(t, "draft", sb.get(show), http.StatusOK, "作成中", "（下書き）", "9,900円", "見積を取り下げる",
			`data-confirm="この見積を取り下げます`)
		w := sb.submit(show, show+"/withdraw", url.Values{"reason": {"お取引条件の変更のため"}, "row_version": {rowVersionOf(t, sb.get(show))}})
		if w.status != http.StatusSeeOther {
			t.Fatalf("withdraw: %d\n%s", w.status, w.body)
		}
		mustContain(t, "withdrawn", sb.get(show), http.StatusOK, "取下げ", "お取引条件の変更のため")
		again := sb.submit(show, show+"/issue", url.Values{"row_version": {"0"}})
		mustContain(t, "issue withdrawn", again, http.StatusConflict, "「取下げ」の見積は「発行」できません")
	})
}
