package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
)

// salesWorld is one seller with two buyer companies and a small catalogue:
//
//	STD-1  ¥105, 10 %, stock not tracked
//	RED-1  ¥200,  8 %, stock tracked (10)
//	LOT-6  ¥50,  10 %, minimum 12, lot 6
//	HID-1  ¥300, visible to the other company only
//	DRF-1  ¥400, a draft
type salesWorld struct {
	t         testing.TB
	s         *sqlstore.Store
	tn        oroshi.TenantID
	svc       *sales.Service
	buyer     oroshi.ID // 株式会社まるやま商店
	other     oroshi.ID // another company of the same seller
	shipTo    oroshi.ID
	otherShip oroshi.ID
	purchaser identity.User // of buyer
	admin     identity.User // buyer admin of buyer
	staff     identity.User // seller staff
	sku       map[string]oroshi.ID
	keyN      int
}

// salesNow is the services' clock: Wednesday 13 May 2026, 10:00 JST.
var salesNow = time.Date(2026, 5, 13, 1, 0, 0, 0, time.UTC)

func newSalesWorld(t testing.TB, s *sqlstore.Store, slug string) *salesWorld {
	t.Helper()
	ctx := context.Background()
	w := &salesWorld{t: t, s: s, tn: catTenant(t, s, slug), sku: map[string]oroshi.ID{}}
	now := func() time.Time { return salesNow }
	w.svc = &sales.Service{Store: s, Pricing: &pricing.Service{Store: s, Now: now}, Now: now}
	w.buyer = w.newBuyer("B001")
	w.other = w.newBuyer("B002")
	w.shipTo, w.otherShip = w.newShipTo(w.buyer), w.newShipTo(w.other)
	w.purchaser = w.newUser(identity.RealmShop, identity.RolePurchaser, "buy@"+slug+".example", w.buyer)
	w.admin = w.newUser(identity.RealmShop, identity.RoleBuyerAdmin, "boss@"+slug+".example", w.buyer)
	w.staff = w.newUser(identity.RealmAdmin, identity.RoleStaff, "staff@"+slug+".example", 0)
	cat := &catalog.Service{Store: s}
	add := func(name string, tax catalog.TaxClass, status catalog.Status, vis catalog.Visibility, sku catalog.SKU) {
		p, err := cat.CreateProduct(ctx, w.tn, catalog.Product{Name: name, TaxClass: tax, Status: status, Visibility: vis,
			SKUs: []catalog.SKU{sku}}, catActor)
		if err != nil {
			t.Fatalf("product %s: %v", sku.Code, err)
		}
		w.sku[sku.Code] = p.SKUs[0].ID
	}
	all := catalog.Visibility{Mode: catalog.VisibleToAll}
	add("業務用ラップ", catalog.TaxStandard, catalog.StatusPublished, all, catalog.SKU{Code: "STD-1", ListPrice: 105})
	add("本枯れ鰹節", catalog.TaxReduced, catalog.StatusPublished, all,
		catalog.SKU{Code: "RED-1", Variant: "500g", Unit: "袋", CaseQty: 10, ListPrice: 200, TrackStock: true, Stock: 10})
	add("割り箸", catalog.TaxStandard, catalog.StatusPublished, all,
		catalog.SKU{Code: "LOT-6", ListPrice: 50, OrderLot: 6, MinQty: 12})
	add("特注品", catalog.TaxStandard, catalog.StatusPublished,
		catalog.Visibility{Mode: catalog.Restricted, BuyerIDs: []oroshi.ID{w.other}}, catalog.SKU{Code: "HID-1", ListPrice: 300})
	add("新商品", catalog.TaxStandard, catalog.StatusDraft, all, catalog.SKU{Code: "DRF-1", ListPrice: 400})
	return w
}

func (w *salesWorld) newBuyer(code string) oroshi.ID {
	ev := audit.Event{Tenant: w.tn, ActorRealm: audit.RealmSystem, Action: "テスト"}
	b, err := w.s.CreateBuyer(context.Background(), buyers.Buyer{Tenant: w.tn, Code: code, Name: "株式会社まるやま商店",
		Status: buyers.StatusActive}, ev)
	if err != nil {
		w.t.Fatal(err)
	}
	return b.ID
}

func (w *salesWorld) newShipTo(buyer oroshi.ID) oroshi.ID {
	ev := audit.Event{Tenant: w.tn, ActorRealm: audit.RealmSystem, Action: "テスト"}
	st, err := w.s.CreateShipTo(context.Background(), buyers.ShipTo{Tenant: w.tn, BuyerID: buyer, Label: "本店",
		PostalCode: "123-4567", Address: "東京都中央区日本橋1-1-1"}, ev)
	if err != nil {
		w.t.Fatal(err)
	}
	return st.ID
}

func (w *salesWorld) newUser(realm identity.Realm, role, email string, buyer oroshi.ID) identity.User {
	ev := audit.Event{Tenant: w.tn, ActorRealm: audit.RealmSystem, Action: "テスト"}
	u, err := w.s.CreateUser(context.Background(), identity.User{Tenant: w.tn, Realm: realm, Role: role, Email: email,
		Name: "山田 太郎", BuyerID: buyer, PasswordHash: "$argon2id$fake", Status: identity.StatusActive}, ev)
	if err != nil {
		w.t.Fatal(err)
	}
	return u
}

func (w *salesWorld) shopper(u identity.User) sales.BuyerUser {
	return sales.BuyerUser{Tenant: w.tn, BuyerID: u.BuyerID, UserID: u.ID}
}

func (w *salesWorld) key() string {
	w.keyN++
	return fmt.Sprintf("key-%d", w.keyN)
}

// cartOrder is a checkout of u's cart as the review page would send it.
func (w *salesWorld) cartOrder(u identity.User, revision int64) sales.PlaceInput {
	return sales.PlaceInput{Tenant: w.tn, BuyerID: u.BuyerID, UserID: u.ID, ShipToID: w.shipTo, FromCart: true,
		CartRevision: revision, PONumber: "PO-778", IdemKey: w.key(), ClientAddr: "192.0.2.10"}
}

// proxyOrder is an order entered by staff for the buyer.
func (w *salesWorld) proxyOrder(lines ...sales.LineInput) sales.PlaceInput {
	return sales.PlaceInput{Tenant: w.tn, BuyerID: w.buyer, UserID: w.staff.ID, Proxy: true, ShipToID: w.shipTo,
		Lines: lines, IdemKey: w.key()}
}

func (w *salesWorld) line(code string, qty int64) sales.LineInput {
	return sales.LineInput{SKUID: w.sku[code], Quantity: qty}
}

// addToCart adds qty of the SKU code to u's cart and returns the cart as
// its page shows it.
func (w *salesWorld) addToCart(u identity.User, code string, qty int64) sales.CartView {
	w.t.Helper()
	ctx := context.Background()
	if _, err := w.svc.AddToCart(ctx, w.shopper(u), w.sku[code], qty); err != nil {
		w.t.Fatalf("add %s: %v", code, err)
	}
	v, err := w.svc.Cart(ctx, w.shopper(u))
	if err != nil {
		w.t.Fatalf("cart after adding %s: %v", code, err)
	}
	return v
}

// place places an order and checks it is returned as stored.
func (w *salesWorld) place(in sales.PlaceInput) sales.Order {
	w.t.Helper()
	p, err := w.svc.PlaceOrder(context.Background(), in)
	if err != nil {
		w.t.Fatalf("place order: %v", err)
	}
	wantAsStored(w.t, w.s, p.Order)
	return p.Order
}

// wantAsStored fails t unless o, as PlaceOrder returned it, is the order
// that reading it back gives: PlaceOrder answers without reading it back.
func wantAsStored(t testing.TB, s *sqlstore.Store, o sales.Order) {
	t.Helper()
	stored, err := s.Order(context.Background(), o.Tenant, o.ID)
	if err != nil {
		t.Fatalf("order %s read back: %v", o.ID, err)
	}
	if d := cmp.Diff(stored, o, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); d != "" {
		t.Errorf("order %s as placed differs from the one read back (-read +placed):\n%s", o.Number, d)
	}
}

func (w *salesWorld) stock(code string) int64 {
	w.t.Helper()
	p, err := w.s.Product(context.Background(), w.tn, w.productOf(code))
	if err != nil {
		w.t.Fatal(err)
	}
	return p.SKUs[0].Stock
}

func (w *salesWorld) productOf(code string) oroshi.ID {
	w.t.Helper()
	l, err := w.s.Products(context.Background(), w.tn, catalog.ProductFilter{Query: code})
	if err != nil || len(l.Products) != 1 {
		w.t.Fatalf("product of %s: %v (%d)", code, err, len(l.Products))
	}
	return l.Products[0].ID
}

// count counts the tenant's rows of a sales table.
func (w *salesWorld) count(table string) int {
	return scopedCount(w.t.(*testing.T), w.s, w.tn, fmt.Sprintf("SELECT count(*) FROM %s WHERE tenant_id = %d", table, w.tn))
}

// actions lists the audit actions recorded on an order, oldest first.
func (w *salesWorld) actions(orderID oroshi.ID) []string {
	w.t.Helper()
	var out []string
	for _, l := range auditLines(w.t.(*testing.T), w.s, w.tn) {
		if strings.Contains(l, " order:"+orderID.String()+" ") {
			out = append(out, strings.SplitN(l, " ", 2)[0])
		}
	}
	return out
}
