package api

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/idempotency"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// orderNow is the clock of pricing and sales in these tests: Wednesday
// 13 May 2026, 10:00 in Japan (the earliest delivery day is the 14th).
var orderNow = time.Date(2026, 5, 13, 1, 0, 0, 0, time.UTC)

// newOrdersEnv is the API as the app wires it for orders: buyers, catalog,
// pricing, sales and Idempotency-Key handling; idem false leaves the API's
// own Idempotency-Key record out (the sales service's still holds).
func newOrdersEnv(t *testing.T, s *sqlstore.Store, idem bool) (*env, *catalog.Service) {
	t.Helper()
	e := &env{s: s, keys: &apikeys.Service{Store: s}, log: &bytes.Buffer{}}
	ident := identity.NewService(s, make([]byte, 32), "http://example.test", time.Hour, 12*time.Hour)
	now := func() time.Time { return orderNow }
	prices := &pricing.Service{Store: s, Now: now}
	cat := &catalog.Service{Store: s}
	d := Deps{Keys: e.keys, Tenants: s, Logger: slog.New(slog.NewTextHandler(e.log, nil)),
		Buyers: &buyers.Service{Store: s, Identity: ident}, Fields: &customfields.Service{Store: s},
		Pricing: prices, Catalog: cat, Sales: &sales.Service{Store: s, Pricing: prices, Now: now}}
	if idem {
		d.Idempotency = &idempotency.Service{Store: s, Now: s.Now}
	}
	srv := newServer(d)
	e.h = srv.handler(srv.routes())
	return e, cat
}

// orderWorld is one seller with two buyer companies and a small catalogue:
//
//	STD-1  ¥105 list, 山田's own price ¥100, 10 %, stock not tracked
//	RED-1  ¥200, 8 %, stock tracked (10)
//	LOT-6  ¥50, 10 %, minimum 12, lot 6
//	HID-1  ¥300, visible to 青木 only
type orderWorld struct {
	tenant       tenancy.Tenant
	setup        string // buyers and prices write, for seeding
	read, write  string // orders:read, orders:write
	yamada, aoki string
	ship, aokiTo string // a ship-to of each
	sku          map[string]string
	prod         map[string]oroshi.ID // product of a 品番
	catalog      *catalog.Service
	env          *env
}

func newOrderWorld(t *testing.T, e *env, cat *catalog.Service, slug string) *orderWorld {
	t.Helper()
	w := &orderWorld{tenant: e.tenant(t, slug), sku: map[string]string{}, prod: map[string]oroshi.ID{},
		catalog: cat, env: e}
	_, w.setup = e.key(t, w.tenant, apikeys.BuyersWrite, apikeys.PricesWrite)
	_, w.read = e.key(t, w.tenant, apikeys.OrdersRead)
	_, w.write = e.key(t, w.tenant, apikeys.OrdersWrite)
	var yamada, aoki BuyerDetail
	e.send(t, "POST", "/api/v1/buyers", w.setup, `{"code":"B001","name":"山田商店"}`, 201, &yamada)
	e.send(t, "POST", "/api/v1/buyers", w.setup, `{"code":"B002","name":"青木商店"}`, 201, &aoki)
	w.yamada, w.aoki = yamada.ID, aoki.ID
	w.ship, w.aokiTo = w.shipTo(t, w.yamada, "本店"), w.shipTo(t, w.aoki, "青木 倉庫")
	all := catalog.Visibility{Mode: catalog.VisibleToAll}
	w.product(t, "業務用ラップ", catalog.TaxStandard, all, catalog.SKU{Code: "STD-1", ListPrice: 105})
	w.product(t, "本枯れ鰹節", catalog.TaxReduced, all,
		catalog.SKU{Code: "RED-1", Unit: "袋", ListPrice: 200, TrackStock: true, Stock: 10})
	w.product(t, "割り箸", catalog.TaxStandard, all, catalog.SKU{Code: "LOT-6", ListPrice: 50, OrderLot: 6, MinQty: 12})
	w.product(t, "特注品", catalog.TaxStandard,
		catalog.Visibility{Mode: catalog.Restricted, BuyerIDs: []oroshi.ID{mustID(t, w.aoki)}},
		catalog.SKU{Code: "HID-1", ListPrice: 300})
	e.send(t, "POST", "/api/v1/buyer-prices", w.setup,
		fmt.Sprintf(`{"buyer_id":%q,"sku_id":%q,"breaks":[{"min_qty":1,"price":100}]}`, w.yamada, w.sku["STD-1"]), 201, nil)
	return w
}

func (w *orderWorld) shipTo(t *testing.T, buyer, label string) string {
	t.Helper()
	var st ShipTo
	w.env.send(t, "POST", "/api/v1/buyers/"+buyer+"/ship-tos", w.setup,
		`{"label":"`+label+`","recipient":"仕入部","postal_code":"100-0001","address":"東京都千代田区千代田1-1"}`, 201, &st)
	return st.ID
}

func (w *orderWorld) product(t *testing.T, name string, tax catalog.TaxClass, vis catalog.Visibility, sku catalog.SKU) {
	t.Helper()
	p, err := w.catalog.CreateProduct(context.Background(), w.tenant.ID, catalog.Product{Name: name, TaxClass: tax,
		Status: catalog.StatusPublished, Visibility: vis, SKUs: []catalog.SKU{sku}}, audit.Actor{Realm: audit.RealmAdmin, ID: 1})
	if err != nil {
		t.Fatalf("product %s: %v", sku.Code, err)
	}
	w.sku[sku.Code], w.prod[sku.Code] = p.SKUs[0].ID.String(), p.ID
}

// stock is the stock of a tracked SKU by 品番.
func (w *orderWorld) stock(t *testing.T, code string) int64 {
	t.Helper()
	p, err := w.catalog.Product(context.Background(), w.tenant.ID, w.prod[code])
	if err != nil {
		t.Fatalf("product %s: %v", code, err)
	}
	return p.SKUs[0].Stock
}

// order places a proxy order for 山田 with lines (JSON) and extra fields.
func (w *orderWorld) order(t *testing.T, lines, extra string) Order {
	t.Helper()
	var o Order
	w.env.send(t, "POST", "/api/v1/orders", w.write,
		`{"buyer_id":"`+w.yamada+`","ship_to_id":"`+w.ship+`"`+extra+`,"lines":`+lines+`}`, 201, &o)
	return o
}

func (w *orderWorld) line(code string, qty int) string {
	return fmt.Sprintf(`{"sku_id":%q,"quantity":%d}`, w.sku[code], qty)
}

// orderCount is how many orders the tenant has, every status.
func orderCount(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID) int {
	t.Helper()
	var n int
	inTenant(t, s, tn, func(tx *sql.Tx) error {
		return tx.QueryRow(fmt.Sprintf(`SELECT count(*) FROM orders WHERE tenant_id = %d`, tn)).Scan(&n)
	})
	return n
}

// inTenant runs fn in a transaction that row-level security lets see tn.
func inTenant(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID, fn func(tx *sql.Tx) error) {
	t.Helper()
	tx, err := s.DB().Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	if s.Engine() == "postgres" {
		if _, err := tx.Exec(fmt.Sprintf(`SELECT set_config('app.tenant_id', '%d', true)`, tn)); err != nil {
			t.Fatal(err)
		}
	}
	if err := fn(tx); err != nil {
		t.Fatal(err)
	}
}

func TestAPIOrderCreate(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, cat := newOrdersEnv(t, s, true)
		w := newOrderWorld(t, e, cat, "orders-create")
		k, _ := e.keys.Authenticate(context.Background(), w.write)
		o := w.order(t, `[`+w.line("STD-1", 3)+`,{"product_code":"RED-1","quantity":4}]`,
			`,"desired_delivery_date":"2026-05-14","po_number":"ＰＯ－７７","note":"電話注文"`)
		if o.Status != "received" || o.StatusLabel != "受付" || !o.Proxy || o.PlacedByRealm != audit.RealmAPI ||
			o.PlacedBy != k.ID.String() || o.BuyerID != w.yamada || o.BuyerName != "山田商店" ||
			!strings.HasPrefix(o.Number, "O-") || o.PONumber != "PO-77" || o.Note != "電話注文" ||
			o.DesiredDeliveryDate == nil || *o.DesiredDeliveryDate != "2026-05-14" || o.ShipTo.Label != "本店" ||
			strings.Join(o.AllowedActions, ",") != "approve,cancel" {
			t.Fatalf("created %+v", o.OrderSummary)
		}
		// 山田's own price for STD-1; 8 % and 10 % taxed once per rate.
		if len(o.Lines) != 2 || o.Lines[0].UnitPrice != 100 || o.Lines[0].PriceRule == "" || o.Lines[1].ProductCode != "RED-1" ||
			o.Lines[1].TaxRate != 8 || o.Lines[1].Amount != 800 {
			t.Errorf("lines %+v", o.Lines)
		}
		if o.Subtotal != 1100 || o.Tax != 30+64 || o.Total != 1194 || len(o.TaxByRate) != 2 || o.TaxByRate[0].Rate != 10 {
			t.Errorf("totals %d %d %d %+v", o.Subtotal, o.Tax, o.Total, o.TaxByRate)
		}
		if len(o.Events) != 1 || o.Events[0].Type != "order.created" || o.Events[0].ActorRealm != audit.RealmAPI {
			t.Errorf("events %+v", o.Events)
		}
		if got := w.stock(t, "RED-1"); got != 6 {
			t.Errorf("RED-1 stock %d, want 6 (4 reserved)", got)
		}
		var realm, action string
		var actor int64
		inTenant(t, s, w.tenant.ID, func(tx *sql.Tx) error {
			return tx.QueryRow(fmt.Sprintf(`SELECT actor_realm, actor_id, action FROM audit_events
				WHERE tenant_id = %d AND target_type = 'order' AND target_id = '%s'`, w.tenant.ID, o.ID)).Scan(&realm, &actor, &action)
		})
		if realm != audit.RealmAPI || oroshi.ID(actor) != k.ID || action != sales.ActionOrderProxy {
			t.Errorf("audit %s %d %s", realm, actor, action)
		}
	})
}

func TestAPIOrderCreateRefused(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, cat := newOrdersEnv(t, s, true)
		w := newOrderWorld(t, e, cat, "orders-refused")
		other := newOrderWorld(t, e, cat, "orders-refused-b")
		post := func(body string, code string) ErrorBody {
			t.Helper()
			return e.fails(t, "POST", "/api/v1/orders", w.write, body, 422, code)
		}
		head := `"buyer_id":"` + w.yamada + `","ship_to_id":"` + w.ship + `"`
		// Every line's problem at once, each on its own field.
		eb := post(`{`+head+`,"desired_delivery_date":"2026-05-13","lines":[`+w.line("LOT-6", 13)+`,`+w.line("HID-1", 1)+
			`,{"product_code":"NOPE-9","quantity":1},`+w.line("STD-1", 0)+`,{"quantity":1},{"sku_id":"x1","quantity":1}]}`, CodeValidationFailed)
		wantFields(t, eb, "desired_delivery_date", "lines[0].quantity", "lines[1].sku_id", "lines[2].product_code",
			"lines[3].quantity", "lines[4].sku_id", "lines[5].sku_id")
		if !strings.Contains(eb.Fields["lines[0].quantity"], "ロット") || !strings.Contains(eb.Fields["desired_delivery_date"], "2026-05-14") {
			t.Errorf("messages %v", eb.Fields)
		}
		// All readable: the head's problem and the lines' come back together.
		eb = post(`{`+head+`,"desired_delivery_date":"2026-05-13","lines":[`+w.line("HID-1", 1)+`,`+w.line("STD-1", 0)+
			`,`+w.line("RED-1", 11)+`]}`, CodeValidationFailed)
		wantFields(t, eb, "desired_delivery_date", "lines[0].sku_id", "lines[1].quantity", "lines[2].quantity")
		// A ship-to of another company; a buyer of another tenant.
		eb = post(`{"buyer_id":"`+w.yamada+`","ship_to_id":"`+w.aokiTo+`","lines":[`+w.line("STD-1", 1)+`]}`, CodeValidationFailed)
		wantFields(t, eb, "ship_to_id")
		eb = post(`{"buyer_id":"`+other.yamada+`","ship_to_id":"`+other.ship+`","lines":[`+w.line("STD-1", 1)+`]}`, CodeValidationFailed)
		wantFields(t, eb, "buyer_id")
		eb = post(`{"ship_to_id":"`+w.ship+`","lines":[]}`, CodeValidationFailed)
		wantFields(t, eb, "buyer_id")
		eb = post(`{`+head+`,"lines":[]}`, CodeValidationFailed)
		wantFields(t, eb, "lines")
		// Stock: 10 left of RED-1.
		eb = post(`{`+head+`,"lines":[`+w.line("STD-1", 1)+`,`+w.line("RED-1", 11)+`]}`, CodeOutOfStock)
		if eb.Fields["lines[1].quantity"] != "在庫が不足しています（残り10）" || len(eb.Fields) != 1 {
			t.Errorf("out of stock fields %v", eb.Fields)
		}
		if n := orderCount(t, s, w.tenant.ID); n != 0 || w.stock(t, "RED-1") != 10 {
			t.Fatalf("refusals wrote %d orders, stock %d", n, w.stock(t, "RED-1"))
		}
		w.order(t, `[`+w.line("RED-1", 10)+`]`, "")
		eb = post(`{`+head+`,"lines":[`+w.line("RED-1", 1)+`]}`, CodeOutOfStock)
		wantFields(t, eb, "lines[0].quantity")
		e.fails(t, "POST", "/api/v1/orders", w.read, `{`+head+`,"lines":[`+w.line("STD-1", 1)+`]}`, 403, CodeForbidden)
		e.fails(t, "POST", "/api/v1/orders", w.write, `{`+head+`,"lines":[`+w.line("STD-1", 1)+`],"price":1}`, 400, CodeBadRequest)
	})
}

func TestAPIOrderCreateIdempotent(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, cat := newOrdersEnv(t, s, true)
		w := newOrderWorld(t, e, cat, "orders-idem")
		body := `{"buyer_id":"` + w.yamada + `","ship_to_id":"` + w.ship + `","lines":[` + w.line("RED-1", 2) + `]}`
		first := e.post("/api/v1/orders", w.write, "order-key-1", body)
		again := e.post("/api/v1/orders", w.write, "order-key-1", body)
		if first.Code != 201 || again.Code != 201 || again.Header().Get(ReplayedHeader) != "true" ||
			again.Body.String() != first.Body.String() {
			t.Fatalf("first %d %s\nagain %d %v %s", first.Code, first.Body, again.Code, again.Header(), again.Body)
		}
		if n := orderCount(t, s, w.tenant.ID); n != 1 || w.stock(t, "RED-1") != 8 {
			t.Fatalf("%d orders, stock %d", n, w.stock(t, "RED-1"))
		}
		// Without the API's own record (expired, or another front end), the
		// sales service still knows the key: the same order, not a second.
		bare, _ := newOrdersEnv(t, s, false)
		var firstOrder, replayed Order
		decodeBody(t, first, &firstOrder)
		w2 := bare.post("/api/v1/orders", w.write, "order-key-1", body)
		decodeBody(t, w2, &replayed)
		if w2.Code != 201 || w2.Header().Get(ReplayedHeader) != "true" || replayed.ID != firstOrder.ID {
			t.Fatalf("sales replay %d %v %s", w2.Code, w2.Header(), w2.Body)
		}
		// The same key on other content is refused there too; a new key orders again.
		w3 := bare.post("/api/v1/orders", w.write, "order-key-1", strings.Replace(body, `"quantity":2`, `"quantity":3`, 1))
		if w3.Code != 409 || errorOf(t, w3).Code != CodeConflict {
			t.Fatalf("other content, same key: %d %s", w3.Code, w3.Body)
		}
		if w4 := bare.post("/api/v1/orders", w.write, "order-key-2", body); w4.Code != 201 {
			t.Fatalf("new key: %d %s", w4.Code, w4.Body)
		}
		if n := orderCount(t, s, w.tenant.ID); n != 2 || w.stock(t, "RED-1") != 6 {
			t.Fatalf("%d orders, stock %d", n, w.stock(t, "RED-1"))
		}
	})
}
