package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// TestBuyerPages runs the scenarios of the buyer, price group and field
// setting pages on each engine, with the services wired as in app.Open.
func TestBuyerPages(t *testing.T) {
	scenarios := []struct {
		name string
		fn   func(*testing.T, *env, *fixture)
	}{
		{"ListSearchPaging", testBuyerList},
		{"CreateValidation", testBuyerCreate},
		{"EditStale", testBuyerEditStale},
		{"ShipToDefault", testShipToDefault},
		{"SuspendSignsOut", testBuyerSuspend},
		{"PriceGroups", testPriceGroups},
		{"CustomFields", testCustomFieldsInForm},
		{"LabelRename", testLabelRename},
		{"FieldSettings", testFieldSettings},
		{"Roles", testBuyerRoles},
		{"SellerInvitesBuyerUser", testSellerInvitesBuyerUser},
		{"CompanyUsers", testCompanyUsers},
		{"English", testBuyerPagesInEnglish},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newBuyersEnv(t, s)
		for i, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { sc.fn(t, e, e.fixture(t, 100+i)) })
		}
	})
}

// newBuyersEnv is newEnv with the buyer and custom field services, and the
// shop's sign-in check of the buyer company.
func newBuyersEnv(t *testing.T, s *sqlstore.Store) *env {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	bs := &buyers.Service{Store: s, Identity: e.svc}
	e.svc.ShopAccess = bs.CheckSignIn
	srv, err := web.New(withShop(web.Deps{Tenants: s, Identity: e.svc, Data: s, Buyers: bs,
		Fields: &customfields.Service{Store: s}, Logger: slog.New(slog.NewTextHandler(e.log, nil))}, s))
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) buyers() *buyers.Service { return &buyers.Service{Store: e.s, Identity: e.svc} }

var system = audit.Actor{Realm: audit.RealmSystem}

// addBuyer stores a buyer of f's tenant.
func (e *env) addBuyer(t *testing.T, f *fixture, b buyers.Buyer) buyers.Buyer {
	t.Helper()
	b.Tenant = f.tenant.ID
	got, err := e.buyers().Create(context.Background(), b, system)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// signedIn is a browser signed in as a new user of role in f.
func (e *env) signedIn(t *testing.T, f *fixture, role string) (*browser, user) {
	t.Helper()
	u := e.user(t, f, role)
	b := e.browser(t)
	b.signIn(u)
	return b, u
}

func (e *env) buyerCount(t *testing.T, f *fixture) int {
	t.Helper()
	return e.count(t, f.tenant.ID, "SELECT count(*) FROM buyers WHERE tenant_id = "+f.tenant.ID.String())
}

var (
	rowRE       = regexp.MustCompile(`<tr><td><a href="[^"]*/buyers/\d+"><code>([^<]*)</code>`)
	updatedAtRE = regexp.MustCompile(`name="updated_at" value="([^"]*)"`)
)

// codesListed are the buyer codes of a list page, in order.
func codesListed(p *page) []string {
	var out []string
	for _, m := range rowRE.FindAllStringSubmatch(p.body, -1) {
		out = append(out, m[1])
	}
	return out
}

func testBuyerList(t *testing.T, e *env, f *fixture) {
	ctx := context.Background()
	g, err := e.buyers().CreatePriceGroup(ctx, buyers.PriceGroup{Tenant: f.tenant.ID, Code: "A", Name: "Aランク"}, system)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 120; i++ {
		b := buyers.Buyer{Code: fmt.Sprintf("K%03d", i), Name: fmt.Sprintf("株式会社テスト商事%d", i), Kana: "テストショウジ"}
		if i%10 == 0 {
			b.PriceGroupID = g.ID
		}
		e.addBuyer(t, f, b)
	}
	e.addBuyer(t, f, buyers.Buyer{Code: "Z900", Name: "山田青果店", Kana: "ヤマダセイカテン"})
	b, _ := e.signedIn(t, f, identity.RoleViewer)
	base := "/" + f.tenant.Slug + "/admin/buyers"

	p := b.get(base)
	mustContain(t, "first page", p, ok, "122", "1–50", `href="`+base+`?page=3"`)
	if got := codesListed(p); len(got) != 50 || got[0] != "B001" || got[1] != "K001" {
		t.Errorf("first page lists %d buyers starting %v", len(got), got[:min(2, len(got))])
	}
	p = b.get(base + "?page=3")
	if got := codesListed(p); len(got) != 22 || got[len(got)-1] != "Z900" {
		t.Errorf("page 3 lists %v", got)
	}
	mustContain(t, "page 3", p, ok, "101–122", `aria-current="page">3<`)

	for _, tt := range []struct{ q, want string }{
		{"z900", "Z900"}, {"山田", "Z900"}, {"やまだ", "Z900"}, {"ヤマダ", "Z900"}, {"ｚ９００", "Z900"}, {"存在しない", ""},
	} {
		got := codesListed(b.get(base + "?q=" + url.QueryEscape(tt.q)))
		if want := strings.Fields(tt.want); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("search %q: %v, want %v", tt.q, got, want)
		}
	}
	got := codesListed(b.get(base + "?group=" + g.ID.String()))
	if len(got) != 12 || got[0] != "K010" {
		t.Errorf("group filter: %v", got)
	}
	if err := e.buyers().Suspend(ctx, f.tenant.ID, f.buyer.ID, system); err != nil {
		t.Fatal(err)
	}
	if got := codesListed(b.get(base + "?status=suspended")); strings.Join(got, " ") != "B001" {
		t.Errorf("status filter: %v", got)
	}
	mustContain(t, "no match", b.get(base+"?q=nothing-like-this"), ok, "該当する取引先はありません。")
	if got := codesListed(b.get(base + "?q=z900&page=4")); strings.Join(got, " ") != "Z900" {
		t.Errorf("a page past the end shows the last one: %v", got)
	}
	mustContain(t, "bad page and group", b.get(base+"?page=x&group=y&status=z"), ok, "1–50")
}

// buyerForm is a valid new buyer's form.
func buyerForm(code string) url.Values {
	return url.Values{"code": {code}, "name": {"株式会社みなと食品"}, "kana": {"みなとしょくひん"},
		"postal_code": {"１０４－００４５"}, "address": {"東京都中央区築地1-2-3"}, "phone": {"03(1234)5678"},
		"billing_email": {"keiri@minato.example.jp"}, "price_group": {""}, "closing_day": {"20"},
		"terms_month": {"1"}, "terms_day": {"10"}, "credit_limit": {"1,000,000"}, "payment_method": {"account"}}
}

func testBuyerCreate(t *testing.T, e *env, f *fixture) {
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	base := "/" + f.tenant.Slug + "/admin/buyers"
	before := e.buyerCount(t, f)

	bad := buyerForm("B001") // the fixture's code
	bad.Set("postal_code", "12-345")
	bad.Set("name", "入力を残す株式会社")
	p := b.submit(base+"/new", base, bad)
	mustContain(t, "invalid buyer", p, http.StatusUnprocessableEntity, "入力内容に誤りがあります。",
		"郵便番号は7桁の数字（例: 123-4567）で入力してください", `value="入力を残す株式会社"`, `value="12-345"`)
	if n := e.buyerCount(t, f); n != before {
		t.Errorf("%d buyers after a refused form, want %d", n, before)
	}
	bad.Set("postal_code", "104-0045")
	p = b.submit(base+"/new", base, bad)
	mustContain(t, "taken code", p, http.StatusUnprocessableEntity, "この取引先コードは既に使われています")
	bad = buyerForm("C-1")
	bad.Set("credit_limit", "たくさん")
	bad.Set("closing_day", "7")
	p = b.submit(base+"/new", base, bad)
	mustContain(t, "bad limit and closing day", p, http.StatusUnprocessableEntity,
		"与信限度額は0円（上限なし）以上", "締め日は5日・10日・15日・20日・25日・末日から選んでください")
	if n := e.buyerCount(t, f); n != before {
		t.Errorf("%d buyers after refused forms, want %d", n, before)
	}

	p = b.submit(base+"/new", base, buyerForm("C-1"))
	if p.status != away || !strings.HasPrefix(p.location, base+"/") {
		t.Fatalf("create: %d → %q\n%s", p.status, p.location, p.body)
	}
	mustContain(t, "created buyer", b.get(p.location), ok, "取引先を登録しました。", "株式会社みなと食品",
		"ミナトショクヒン", "〒104-0045", "03-1234-5678", "20日", "翌月10日払い", "1,000,000円", "掛売り")
	got, err := e.s.BuyerByCode(context.Background(), f.tenant.ID, "C-1")
	if err != nil || got.CreditLimit != 1_000_000 || got.ClosingDay != 20 || got.PaymentTerms != (buyers.PaymentTerms{MonthOffset: 1, Day: 10}) {
		t.Errorf("stored buyer %+v, %v", got, err)
	}
}

func testBuyerEditStale(t *testing.T, e *env, f *fixture) {
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	path := "/" + f.tenant.Slug + "/admin/buyers/" + f.buyer.ID.String()
	form := b.get(path + "/edit")
	mustContain(t, "edit form", form, ok, `value="B001"`, `value="株式会社まるやま商店"`)
	m := updatedAtRE.FindStringSubmatch(form.body)
	if m == nil {
		t.Fatalf("no updated_at in the edit form:\n%s", form.body)
	}
	// Someone else saves first.
	other := f.buyer
	other.Name, other.UpdatedAt = "株式会社まるやま本店", time.Time{}
	if _, err := e.buyers().Update(context.Background(), other, system); err != nil {
		t.Fatal(err)
	}
	mine := buyerForm("B001")
	mine.Set("name", "株式会社まるやま支店")
	mine.Set("updated_at", m[1])
	mine.Set("csrf_token", b.csrf(form))
	p := b.post(path, mine)
	mustContain(t, "stale save", p, http.StatusConflict, "他の担当者が先に更新しました。最新の内容を確認してください。",
		`value="株式会社まるやま本店"`, "株式会社まるやま支店")
	stored, err := e.s.Buyer(context.Background(), f.tenant.ID, f.buyer.ID)
	if err != nil || stored.Name != "株式会社まるやま本店" {
		t.Fatalf("after a stale save: %q, %v", stored.Name, err)
	}
	// Saved again from the latest version, it goes through.
	m = updatedAtRE.FindStringSubmatch(p.body)
	mine.Set("updated_at", m[1])
	p = b.post(path, mine)
	mustContain(t, "saved again", followFlash(t, b, p, path), ok, "取引先を更新しました。", "株式会社まるやま支店")
	mine.Del("updated_at")
	if p := b.post(path, mine); p.status != http.StatusBadRequest {
		t.Errorf("a save without updated_at: %d, want 400", p.status)
	}
	if p := b.get("/" + f.tenant.Slug + "/admin/buyers/999999/edit"); p.status != http.StatusNotFound {
		t.Errorf("edit of an unknown buyer: %d", p.status)
	}
}
