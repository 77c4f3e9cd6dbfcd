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

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// TestCatalogAdminPages runs the scenarios of the seller's product and
// category pages on each engine, with the services wired as in app.Open.
func TestCatalogAdminPages(t *testing.T) {
	scenarios := []struct {
		name string
		fn   func(*testing.T, *env, *fixture)
	}{
		{"ListSearchFilter", testAdminProductList},
		{"CreateSKUErrors", testAdminProductCreate},
		{"EditStale", testAdminProductEditStale},
		{"StatusAndDelete", testAdminProductStatusDelete},
		{"Images", testAdminProductImages},
		{"ImageOfAnotherTenant", testAdminImageOtherTenant},
		{"Visibility", testAdminProductVisibility},
		{"Stock", testAdminProductStock},
		{"Categories", testAdminCategories},
		{"Roles", testAdminCatalogRoles},
		{"English", testAdminCatalogEnglish},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newCatalogAdminEnv(t, s)
		for i, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { sc.fn(t, e, e.fixture(t, 200+i)) })
		}
	})
}

// newCatalogAdminEnv is newBuyersEnv with the catalogue service, whose
// custom values are checked by the tenant's product fields.
func newCatalogAdminEnv(t *testing.T, s *sqlstore.Store) *env {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	bs := &buyers.Service{Store: s, Identity: e.svc}
	e.svc.ShopAccess = bs.CheckSignIn
	srv, err := web.New(web.Deps{Tenants: s, Identity: e.svc, Data: s, Buyers: bs,
		Fields: &customfields.Service{Store: s}, Catalog: e.catalogAdmin(),
		Logger: slog.New(slog.NewTextHandler(e.log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) catalogAdmin() *catalog.Service {
	fields := &customfields.Service{Store: e.s}
	return &catalog.Service{Store: e.s, ValidateCustom: func(ctx context.Context, t oroshi.TenantID, v map[string]any) (map[string]any, error) {
		return fields.Check(ctx, t, customfields.EntityProduct, v)
	}}
}

// addProduct stores a product of f's tenant.
func (e *env) addProduct(t *testing.T, f *fixture, p catalog.Product) catalog.Product {
	t.Helper()
	got, err := e.catalogAdmin().CreateProduct(context.Background(), f.tenant.ID, p, system)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func (e *env) addCategory(t *testing.T, f *fixture, name string, parent oroshi.ID) catalog.Category {
	t.Helper()
	c, err := e.catalogAdmin().CreateCategory(context.Background(), f.tenant.ID, catalog.Category{Name: name, ParentID: parent}, system)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *env) storedProduct(t *testing.T, f *fixture, id oroshi.ID) catalog.Product {
	t.Helper()
	p, err := e.catalogAdmin().Product(context.Background(), f.tenant.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (e *env) productCount(t *testing.T, f *fixture) int {
	t.Helper()
	return e.count(t, f.tenant.ID, "SELECT count(*) FROM products WHERE tenant_id = "+f.tenant.ID.String())
}

// sku is a valid SKU with a code and a list price.
func sku(code string, price oroshi.Yen) catalog.SKU {
	return catalog.SKU{Code: code, ListPrice: price}
}

var productRowRE = regexp.MustCompile(`<td class="code"><a href="[^"]*/products/\d+"><code>([^<]*)</code>`)

// productCodes are the first 品番 of each product on a list page, in order.
func productCodes(p *page) []string {
	var out []string
	for _, m := range productRowRE.FindAllStringSubmatch(p.body, -1) {
		out = append(out, m[1])
	}
	return out
}

func testAdminProductList(t *testing.T, e *env, f *fixture) {
	food := e.addCategory(t, f, "食品", 0)
	sauce := e.addCategory(t, f, "調味料", food.ID)
	tools := e.addCategory(t, f, "厨房用品", 0)
	for i := 1; i <= 55; i++ {
		e.addProduct(t, f, catalog.Product{Name: fmt.Sprintf("業務用タオル%02d", i), CategoryID: tools.ID,
			SKUs: []catalog.SKU{sku(fmt.Sprintf("T-%03d", i), 300)}})
	}
	soy := e.addProduct(t, f, catalog.Product{Name: "濃口醤油 1L", Kana: "コイクチショウユ", CategoryID: sauce.ID,
		TaxClass: catalog.TaxReduced, Status: catalog.StatusPublished,
		SKUs: []catalog.SKU{{Code: "SY-1000", JAN: "4901234567894", ListPrice: 480, TrackStock: true, Stock: 12},
			{Code: "SY-1800", ListPrice: 1200}}})
	e.addProduct(t, f, catalog.Product{Name: "米酢", CategoryID: food.ID, Status: catalog.StatusDiscontinued,
		SKUs: []catalog.SKU{sku("SU-1", 350)}})
	b, _ := e.signedIn(t, f, identity.RoleViewer)
	base := "/" + f.tenant.Slug + "/admin/products"

	p := b.get(base)
	mustContain(t, "first page", p, ok, "57", "1–50", `href="`+base+`?page=2"`, "SU-1", "販売終了", "他1件",
		"480円〜1,200円", "濃口醤油 1L", "食品 › 調味料", "<td class=\"num\">12</td>", "\u3000└ 調味料")
	if got := productCodes(p); len(got) != 50 || got[0] != "SU-1" || got[1] != "SY-1000" {
		t.Errorf("first page lists %d products starting %v", len(got), got[:min(2, len(got))])
	}
	if got := productCodes(b.get(base + "?page=2")); len(got) != 7 || got[6] != "T-001" {
		t.Errorf("page 2 lists %v", got)
	}
	for _, tt := range []struct{ q, want string }{
		{"醤油", "SY-1000"}, {"しょうゆ", "SY-1000"}, {"sy-18", "SY-1000"}, {"4901234567894", "SY-1000"},
		{"タオル55", "T-055"}, {"存在しない", ""},
	} {
		got := productCodes(b.get(base + "?q=" + url.QueryEscape(tt.q)))
		if want := strings.Fields(tt.want); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("search %q: %v, want %v", tt.q, got, want)
		}
	}
	if got := productCodes(b.get(base + "?category=" + food.ID.String())); strings.Join(got, " ") != "SU-1 SY-1000" {
		t.Errorf("category with its subcategory: %v", got)
	}
	if got := productCodes(b.get(base + "?status=published")); strings.Join(got, " ") != "SY-1000" {
		t.Errorf("status filter: %v", got)
	}
	p = b.get(base + "?category=" + sauce.ID.String() + "&status=draft")
	mustContain(t, "no match", p, ok, "該当する商品はありません。", `<option value="`+sauce.ID.String()+`" selected>`)
	mustContain(t, "bad filters", b.get(base+"?page=x&category=y&status=z"), ok, "1–50")
	if got := productCodes(b.get(base + "?q=sy&page=9")); strings.Join(got, " ") != "SY-1000" {
		t.Errorf("a page past the end shows the last one: %v", got)
	}
	_ = soy
}

// productForm is a valid new product's form with the given SKU rows, each
// a map of column → value (skus[i].<column>).
func productForm(name string, rows ...map[string]string) url.Values {
	v := url.Values{"name": {name}, "kana": {"てすとしょうひん"}, "description": {"業務用の試験商品です。"},
		"tax_class": {"standard"}, "status": {"draft"}, "category_id": {""}}
	for i, row := range rows {
		for k, val := range row {
			v.Set(fmt.Sprintf("skus[%d].%s", i, k), val)
		}
	}
	return v
}

// skuRowHTML is the i-th row of the form's SKU table.
func skuRowHTML(t *testing.T, p *page, i int) string {
	t.Helper()
	body := p.body
	start := strings.Index(body, "<tbody data-sku-rows>")
	if start < 0 {
		t.Fatalf("no SKU table:\n%s", body)
	}
	rows := strings.Split(body[start:strings.Index(body[start:], "</tbody>")+start], "<tr")[1:]
	if i >= len(rows) {
		t.Fatalf("no SKU row %d (%d rows)", i, len(rows))
	}
	return rows[i]
}

func testAdminProductCreate(t *testing.T, e *env, f *fixture) {
	e.addProduct(t, f, catalog.Product{Name: "既存の商品", SKUs: []catalog.SKU{sku("TAKEN-1", 100)}})
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	base := "/" + f.tenant.Slug + "/admin/products"
	mustContain(t, "new form", b.get(base+"/new"), ok, "商品の登録", `name="skus[2].code"`, `value="standard" checked`)
	before := e.productCount(t, f)

	form := productForm("だし昆布",
		map[string]string{"code": "KB-1", "list_price": "1,200", "unit": "袋"},
		map[string]string{}, // a blank row between: messages still land on their own rows
		map[string]string{"code": "KB-2", "jan": "4901234567890"},
		map[string]string{"code": "KB-3", "order_lot": "6", "min_qty": "10"},
		map[string]string{"code": "ＫＢ－１", "variant": "大"})
	p := b.submit(base+"/new", base, form)
	mustContain(t, "SKU errors", p, http.StatusUnprocessableEntity, "入力内容に誤りがあります。", `value="だし昆布"`)
	checks := []struct {
		row  int
		want string
	}{
		{2, "JANコードのチェックディジットが正しくありません"},
		{3, "最小発注数は発注単位の倍数にしてください"},
		{4, "品番が1行目と重複しています"},
	}
	for _, c := range checks {
		if row := skuRowHTML(t, p, c.row); !strings.Contains(row, c.want) || !strings.Contains(row, `aria-invalid="true"`) {
			t.Errorf("row %d lacks %q:\n%s", c.row, c.want, row)
		}
	}
	for _, i := range []int{0, 1} {
		if row := skuRowHTML(t, p, i); strings.Contains(row, `class="error"`) {
			t.Errorf("row %d shows an error:\n%s", i, row)
		}
	}
	if n := e.productCount(t, f); n != before {
		t.Errorf("%d products after a refused form, want %d", n, before)
	}

	form = productForm("だし昆布", map[string]string{"code": "KB-1"}, map[string]string{"code": "TAKEN-1"})
	p = b.submit(base+"/new", base, form)
	mustContain(t, "taken code", p, http.StatusUnprocessableEntity)
	if row := skuRowHTML(t, p, 1); !strings.Contains(row, "この品番は既に使われています") {
		t.Errorf("the taken code is not reported on its row:\n%s", row)
	}
	p = b.submit(base+"/new", base, productForm("", map[string]string{}))
	mustContain(t, "empty form", p, http.StatusUnprocessableEntity, "商品名を入力してください", "品番（SKU）を1件以上登録してください")
	if n := e.productCount(t, f); n != before {
		t.Errorf("%d products after refused forms, want %d", n, before)
	}
	adminCreateOK(t, e, f, b, base)
}

// adminCreateOK: codes and numbers typed full-width are read, and the
// blank row between two SKUs is skipped.
func adminCreateOK(t *testing.T, e *env, f *fixture, b *browser, base string) {
	form := productForm("だし昆布",
		map[string]string{"code": "ｋｂ－１", "jan": "4901234567894", "variant": "500g", "unit": "袋", "case_qty": "２０",
			"order_lot": "2", "min_qty": "4", "list_price": "１，２００円", "track_stock": "on"},
		map[string]string{}, map[string]string{"code": "KB-2", "list_price": "2000"})
	p := b.submit(base+"/new", base, form)
	if p.status != away || !strings.HasPrefix(p.location, base+"/") {
		t.Fatalf("create: %d → %q\n%s", p.status, p.location, p.body)
	}
	mustContain(t, "created product", b.get(p.location), ok, "商品を登録しました。", "だし昆布", "てすとしょうひん",
		"<code>kb-1</code>", "4901234567894", "1,200円", "2,000円", "下書き", "標準税率10%")
	id, _ := oroshi.ParseID(strings.TrimPrefix(p.location, base+"/"))
	got := e.storedProduct(t, f, id)
	if len(got.SKUs) != 2 || got.SKUs[0].CaseQty != 20 || got.SKUs[0].MinQty != 4 || !got.SKUs[0].TrackStock || got.SKUs[1].Unit != "個" {
		t.Errorf("stored SKUs %+v", got.SKUs)
	}
}
