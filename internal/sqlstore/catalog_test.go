package sqlstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

var catActor = audit.Actor{Realm: audit.RealmAdmin, ID: 42, ClientAddr: "192.0.2.1"}

func catTenant(t testing.TB, s *sqlstore.Store, slug string) oroshi.TenantID {
	t.Helper()
	tn, err := (&tenancy.Service{Store: s}).Create(context.Background(), slug, slug+"株式会社")
	if err != nil {
		t.Fatal(err)
	}
	return tn.ID
}

// katsuobushi is a published product with two SKUs.
func katsuobushi() catalog.Product {
	return catalog.Product{
		Name: "本枯れ鰹節", Kana: "ホンカレカツオブシ", Description: "鹿児島県枕崎産。", TaxClass: catalog.TaxReduced,
		Status: catalog.StatusPublished, Custom: map[string]any{"origin": "枕崎", "grade": 1},
		SKUs: []catalog.SKU{
			{Code: "KB-001", JAN: "4901234567894", Variant: "1kg", Unit: "袋", CaseQty: 10, OrderLot: 2, MinQty: 4, ListPrice: 3200},
			{Code: "KB-002", Variant: "500g", Unit: "袋", ListPrice: 1700, TrackStock: true, Stock: 30},
		},
	}
}

func wantFieldError(t *testing.T, err error, field, part string) {
	t.Helper()
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.Fields[field], part) {
		t.Fatalf("got %v, want a message on %s containing %q", err, field, part)
	}
}

func auditLines(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID) []string {
	t.Helper()
	lines, err := s.CatalogTestAudit(context.Background(), tn)
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

func TestCatalogProductCRUD(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := catTenant(t, s, "marukawa")
		svc := &catalog.Service{Store: s}
		created, err := svc.CreateProduct(ctx, tn, katsuobushi(), catActor)
		if err != nil {
			t.Fatal(err)
		}
		got, err := svc.Product(ctx, tn, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		opts := cmp.Options{cmpopts.EquateEmpty(), cmpopts.IgnoreFields(catalog.SKU{}, "CreatedAt", "UpdatedAt"),
			cmpopts.EquateApproxTime(0)}
		if diff := cmp.Diff(created, got, opts); diff != "" {
			t.Errorf("read back differs (-created +read):\n%s", diff)
		}
		if got.Custom["grade"] != float64(1) || got.SKUs[1].Stock != 30 || got.SKUs[0].MinQty != 4 {
			t.Errorf("read back %+v", got)
		}

		// Edit: rename, change a price, drop KB-002, add KB-003; the form's
		// stock for KB-001 is ignored.
		edit := got
		edit.Name, edit.SKUs = "本枯れ鰹節（特選）", []catalog.SKU{got.SKUs[0], {Code: "KB-003", Variant: "業務用", ListPrice: 9000}}
		edit.SKUs[0].ListPrice, edit.SKUs[0].Stock = 3300, 999
		updated, err := svc.UpdateProduct(ctx, tn, edit, catActor)
		if err != nil {
			t.Fatal(err)
		}
		if len(updated.SKUs) != 2 || updated.SKUs[0].ListPrice != 3300 || updated.SKUs[0].Stock != 0 ||
			updated.SKUs[1].Code != "KB-003" || updated.Name != "本枯れ鰹節（特選）" {
			t.Errorf("updated = %+v", updated)
		}
		// The form read before the edit is stale now.
		if _, err := svc.UpdateProduct(ctx, tn, edit, catActor); !errors.Is(err, oroshi.ErrConflict) {
			t.Errorf("stale form: got %v, want ErrConflict", err)
		}
		// Saving unchanged data writes nothing.
		if same, err := svc.UpdateProduct(ctx, tn, updated, catActor); err != nil || !same.UpdatedAt.Equal(updated.UpdatedAt) {
			t.Errorf("no-op update: %v, %v", same.UpdatedAt, err)
		}
		if err := svc.SetStatus(ctx, tn, created.ID, catalog.StatusDiscontinued, catActor); err != nil {
			t.Fatal(err)
		}
		if err := svc.DeleteProduct(ctx, tn, created.ID, catActor); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Product(ctx, tn, created.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("deleted product: got %v", err)
		}
		if p, k, f, err := s.CatalogTestCounts(ctx, tn); err != nil || p+k+f != 0 {
			t.Errorf("after delete: %d products, %d skus, %d search rows, %v", p, k, f, err)
		}
		checkCRUDAudit(t, auditLines(t, s, tn), created.ID)
	})
}

func checkCRUDAudit(t *testing.T, lines []string, id oroshi.ID) {
	t.Helper()
	var got []string
	for _, l := range lines {
		if strings.Contains(l, "product:") {
			got = append(got, l)
		}
	}
	wants := []struct{ prefix, contains string }{
		{"商品データ（作成） product:" + id.String(), `"skus[KB-002].code"`},
		{"商品データ（更新） product:" + id.String(), `"skus[KB-001].list_price":{"before":3200,"after":3300}`},
		{"商品データ（更新） product:" + id.String(), `"status":{"before":"published","after":"discontinued"}`},
		{"商品データ（削除） product:" + id.String(), `"name":"本枯れ鰹節（特選）"`},
	}
	if len(got) != len(wants) {
		t.Fatalf("product audit events:\n%s", strings.Join(got, "\n"))
	}
	for i, w := range wants {
		if !strings.HasPrefix(got[i], w.prefix) || !strings.Contains(got[i], w.contains) {
			t.Errorf("event %d = %s\nwant %s … %s", i, got[i], w.prefix, w.contains)
		}
	}
	update := got[1]
	for _, part := range []string{`"name":{"before":"本枯れ鰹節"`, `"skus[KB-002].code":{"before":"KB-002","after":null}`,
		`"skus[KB-003].code":{"before":null,"after":"KB-003"}`} {
		if !strings.Contains(update, part) {
			t.Errorf("update detail lacks %s: %s", part, update)
		}
	}
	if strings.Contains(update, `.stock"`) || strings.Contains(update, `"description"`) {
		t.Errorf("update detail records unchanged fields: %s", update)
	}
}

func TestCatalogDuplicateCode(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn, other := catTenant(t, s, "marukawa"), catTenant(t, s, "yamada")
		svc := &catalog.Service{Store: s}
		first, err := svc.CreateProduct(ctx, tn, katsuobushi(), catActor)
		if err != nil {
			t.Fatal(err)
		}
		before := auditLines(t, s, tn)
		dup := katsuobushi()
		dup.SKUs[0].Code = "KB-100"       // new
		dup.SKUs[1].Code = "KB-001"       // taken by the first product
		dup.SKUs[1].JAN = "4901234567894" // JANs may repeat
		_, err = svc.CreateProduct(ctx, tn, dup, catActor)
		wantFieldError(t, err, "skus[1].code", "この品番は既に使われています")
		if !errors.Is(err, oroshi.ErrConflict) {
			t.Errorf("duplicate code: %v does not wrap ErrConflict", err)
		}
		if p, k, f, _ := s.CatalogTestCounts(ctx, tn); p != 1 || k != 2 || f != 2 {
			t.Errorf("after refused create: %d products, %d skus, %d search rows; want 1, 2, 2", p, k, f)
		}
		if after := auditLines(t, s, tn); len(after) != len(before) {
			t.Errorf("refused create left an audit event: %v", after[len(before):])
		}
		// Another tenant may use the same codes.
		if _, err := svc.CreateProduct(ctx, other, katsuobushi(), catActor); err != nil {
			t.Errorf("same code in another tenant: %v", err)
		}
		// An update taking another product's code is refused the same way.
		second, err := svc.CreateProduct(ctx, tn, catalog.Product{Name: "鰹だし", SKUs: []catalog.SKU{{Code: "KD-1"}}}, catActor)
		if err != nil {
			t.Fatal(err)
		}
		second.SKUs[0].Code = "KB-002"
		_, err = svc.UpdateProduct(ctx, tn, second, catActor)
		wantFieldError(t, err, "skus[0].code", "この品番は既に使われています")
		if got, _ := svc.Product(ctx, tn, second.ID); got.SKUs[0].Code != "KD-1" {
			t.Errorf("refused update changed the code to %s", got.SKUs[0].Code)
		}
		// Freed codes can be reused: drop KB-002 from the first product and
		// give it to the second in the next update.
		first.SKUs = first.SKUs[:1]
		if _, err := svc.UpdateProduct(ctx, tn, first, catActor); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.UpdateProduct(ctx, tn, second, catActor); err != nil {
			t.Errorf("reuse freed code: %v", err)
		}
	})
}

func TestCatalogTenantIsolation(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		a, b := catTenant(t, s, "tenant-a"), catTenant(t, s, "tenant-b")
		svc := &catalog.Service{Store: s}
		cat, err := svc.CreateCategory(ctx, a, catalog.Category{Name: "乾物"}, catActor)
		if err != nil {
			t.Fatal(err)
		}
		p := katsuobushi()
		p.CategoryID = cat.ID
		p, err = svc.CreateProduct(ctx, a, p, catActor)
		if err != nil {
			t.Fatal(err)
		}
		img, err := svc.AddImage(ctx, a, p.ID, strings.NewReader(string(testPNG(t, 300, 200))), catActor)
		if err != nil {
			t.Fatal(err)
		}
		foreign := p
		foreign.Tenant = b
		buyerB := catalog.Viewer{BuyerID: 1}
		attempts := map[string]error{}
		_, attempts["read"] = svc.Product(ctx, b, p.ID)
		_, attempts["update"] = svc.UpdateProduct(ctx, b, p, catActor)
		_, attempts["store update"] = s.UpdateProduct(ctx, foreign, audit.Event{Tenant: b})
		attempts["status"] = svc.SetStatus(ctx, b, p.ID, catalog.StatusDraft, catActor)
		attempts["store status"] = s.SetProductStatus(ctx, b, p.ID, catalog.StatusDraft, audit.Event{Tenant: b})
		attempts["visibility"] = s.SetVisibility(ctx, b, p.ID, catalog.Visibility{Mode: catalog.VisibleToAll}, audit.Event{Tenant: b})
		attempts["delete"] = svc.DeleteProduct(ctx, b, p.ID, catActor)
		attempts["store delete"] = s.DeleteProduct(ctx, b, p.ID, audit.Event{Tenant: b})
		_, attempts["stock"] = svc.AdjustStock(ctx, b, p.SKUs[1].ID, -1, "破損", catActor)
		_, attempts["add image"] = s.AddImage(ctx, b, catalog.ImageUpload{Image: catalog.Image{ProductID: p.ID,
			ContentType: "image/jpeg", Width: 1, Height: 1}, Display: []byte{1}, Thumb: []byte{1}}, audit.Event{Tenant: b})
		attempts["image"] = firstErr(s.ProductImage(ctx, b, img.ID, false))
		attempts["delete image"] = s.DeleteImage(ctx, b, p.ID, img.ID, audit.Event{Tenant: b})
		attempts["buyer page"] = firstErr(s.BuyerProduct(ctx, b, buyerB, p.ID))
		attempts["buyer image"] = firstErr(s.BuyerImage(ctx, b, buyerB, img.ID, true))
		attempts["category rename"] = firstErr(s.UpdateCategory(ctx, catalog.Category{Tenant: b, ID: cat.ID, Name: "x"}, audit.Event{Tenant: b}))
		attempts["category delete"] = s.DeleteCategory(ctx, b, cat.ID, audit.Event{Tenant: b})
		for what, err := range attempts {
			if !errors.Is(err, oroshi.ErrNotFound) {
				t.Errorf("tenant B %s of A's data: got %v, want ErrNotFound", what, err)
			}
		}
		// B cannot file a product under A's category either.
		q := katsuobushi()
		q.CategoryID = cat.ID
		_, err = svc.CreateProduct(ctx, b, q, catActor)
		wantFieldError(t, err, "category_id", "カテゴリが見つかりません")
		for _, list := range []func() (catalog.ProductList, error){
			func() (catalog.ProductList, error) { return s.Products(ctx, b, catalog.ProductFilter{}) },
			func() (catalog.ProductList, error) {
				return s.Products(ctx, b, catalog.ProductFilter{Query: "かつお"})
			},
			func() (catalog.ProductList, error) {
				return s.BuyerProducts(ctx, b, buyerB, catalog.BuyerFilter{Query: "KB"})
			},
		} {
			if l, err := list(); err != nil || l.Total != 0 || len(l.Products) != 0 {
				t.Errorf("tenant B listing shows %d of A's products (%v)", l.Total, err)
			}
		}
		// A's data is intact.
		got, err := svc.Product(ctx, a, p.ID)
		if err != nil || got.Status != catalog.StatusPublished || got.SKUs[1].Stock != 30 || len(got.Images) != 1 {
			t.Errorf("A's product after B's attempts: %+v, %v", got, err)
		}
	})
}

func firstErr[T any](_ T, err error) error { return err }
