package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// pricingFixture builds the rows pricing needs in one tenant. Price groups,
// products and SKUs are inserted directly: their own stores are other
// issues' work, and pricing only reads them.
type pricingFixture struct {
	t      testing.TB
	s      *sqlstore.Store
	tenant oroshi.TenantID
	svc    *pricing.Service
}

var pricingStaff = audit.Actor{Realm: audit.RealmAdmin, ID: 7, ClientAddr: "192.0.2.7"}

// pricingToday is the day the tests price at unless they say otherwise.
var pricingToday = pricing.NewDate(2026, 5, 15)

func newPricingFixture(t testing.TB, s *sqlstore.Store, slug string) *pricingFixture {
	t.Helper()
	tn, err := (&tenancy.Service{Store: s}).Create(context.Background(), slug, "株式会社"+slug)
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 5, 15, 3, 0, 0, 0, time.UTC) }
	return &pricingFixture{t: t, s: s, tenant: tn.ID, svc: &pricing.Service{Store: s, Now: now}}
}

// exec runs statements written with ? in one transaction scoped to the
// tenant (on PostgreSQL with app.tenant_id set, as row-level security needs).
func (f *pricingFixture) exec(fn func(x func(q string, args ...any))) {
	f.t.Helper()
	ctx := context.Background()
	tx, err := f.s.DB().BeginTx(ctx, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	defer tx.Rollback()
	pg := f.s.Engine() == "postgres"
	if pg {
		if _, err := tx.ExecContext(ctx, `SELECT set_config('app.tenant_id', $1, true)`, f.tenant.String()); err != nil {
			f.t.Fatal(err)
		}
	}
	fn(func(q string, args ...any) {
		f.t.Helper()
		if pg {
			q = pricingDollars(q)
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			f.t.Fatalf("%s: %v", q, err)
		}
	})
	if err := tx.Commit(); err != nil {
		f.t.Fatal(err)
	}
}

// pricingDollars turns ? into $1, $2 … (the fixture's SQL has no quoted ?).
func pricingDollars(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// stamp is a fixed timestamp in the text form SQLite stores (PostgreSQL
// reads it as timestamptz).
const pricingStamp = "2026-01-01T00:00:00.000000Z"

func (f *pricingFixture) id() oroshi.ID { return f.s.NewID() }

func (f *pricingFixture) group(code string) oroshi.ID {
	f.t.Helper()
	id := f.id()
	f.exec(func(x func(string, ...any)) {
		x(`INSERT INTO price_groups (tenant_id, id, code, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			f.tenant, id, code, code+"ランク", pricingStamp, pricingStamp)
	})
	return id
}

// skus inserts one product per code with one SKU each, at listPrice.
func (f *pricingFixture) skus(listPrice oroshi.Yen, codes ...string) []oroshi.ID {
	f.t.Helper()
	out := make([]oroshi.ID, len(codes))
	f.exec(func(x func(string, ...any)) {
		for i, code := range codes {
			pid, sid := f.id(), f.id()
			x(`INSERT INTO products (tenant_id, id, name, status, created_at, updated_at) VALUES (?, ?, ?, 'published', ?, ?)`,
				f.tenant, pid, "商品"+code, pricingStamp, pricingStamp)
			x(`INSERT INTO skus (tenant_id, id, product_id, code, variant, list_price, created_at, updated_at)
				VALUES (?, ?, ?, ?, '1ケース', ?, ?, ?)`, f.tenant, sid, pid, code, listPrice, pricingStamp, pricingStamp)
			out[i] = sid
		}
	})
	return out
}

func (f *pricingFixture) sku(code string, listPrice oroshi.Yen) oroshi.ID {
	f.t.Helper()
	return f.skus(listPrice, code)[0]
}

// buyer creates a buyer company through the buyers store, in group (0: none).
func (f *pricingFixture) buyer(code string, group oroshi.ID) oroshi.ID {
	f.t.Helper()
	ev := pricingStaff.Event("顧客データ（作成）", "buyer", "")
	ev.Tenant = f.tenant
	b, err := f.s.CreateBuyer(context.Background(), buyers.Buyer{Tenant: f.tenant, Code: code, Name: "取引先" + code, Status: "active"}, ev)
	if err != nil {
		f.t.Fatal(err)
	}
	if group != 0 {
		f.exec(func(x func(string, ...any)) {
			x(`UPDATE buyers SET price_group_id = ? WHERE tenant_id = ? AND id = ?`, group, f.tenant, b.ID)
		})
	}
	return b.ID
}

func (f *pricingFixture) list(l pricing.PriceList) pricing.PriceList {
	f.t.Helper()
	out, err := f.svc.CreatePriceList(context.Background(), f.tenant, l, pricingStaff)
	if err != nil {
		f.t.Fatalf("create list %q: %v", l.Name, err)
	}
	return out
}

func (f *pricingFixture) item(list, sku oroshi.ID, breaks ...pricing.Break) {
	f.t.Helper()
	err := f.svc.SetPriceListItem(context.Background(), f.tenant, pricing.PriceListItem{ListID: list, SKUID: sku, Breaks: breaks}, pricingStaff)
	if err != nil {
		f.t.Fatalf("set item: %v", err)
	}
}

func (f *pricingFixture) buyerPrice(buyer, sku oroshi.ID, p pricing.Period, breaks ...pricing.Break) pricing.BuyerPrice {
	f.t.Helper()
	bp, err := f.svc.CreateBuyerPrice(context.Background(), f.tenant,
		pricing.BuyerPrice{BuyerID: buyer, SKUID: sku, Valid: p, Breaks: breaks}, pricingStaff)
	if err != nil {
		f.t.Fatalf("create buyer price: %v", err)
	}
	return bp
}

// pricingEvent is an audit row as the tests compare it.
type pricingEvent struct {
	Action, TargetType, TargetID string
	ActorID                      oroshi.ID
	Detail                       map[string]any
}

// audit reads the tenant's audit rows of pricing, oldest first, as the
// application would (tenant-scoped).
func (f *pricingFixture) audit() []pricingEvent {
	f.t.Helper()
	ctx := context.Background()
	var out []pricingEvent
	err := pricingScoped(f.s, f.tenant, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT action, target_type, target_id, actor_id, detail
			FROM audit_events WHERE tenant_id = %d AND target_type IN ('price_list', 'buyer_price') ORDER BY at, id`, f.tenant))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e pricingEvent
			var detail string
			if err := rows.Scan(&e.Action, &e.TargetType, &e.TargetID, &e.ActorID, &detail); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(detail), &e.Detail); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return out
}

// pricingScoped runs fn in a transaction scoped to tenant tn, rolled back.
func pricingScoped(s *sqlstore.Store, tn oroshi.TenantID, fn func(*sql.Tx) error) error {
	ctx := context.Background()
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.Engine() == "postgres" {
		if _, err := tx.ExecContext(ctx, `SELECT set_config('app.tenant_id', $1, true)`, tn.String()); err != nil {
			return err
		}
	}
	return fn(tx)
}

func pricingCount(t testing.TB, s *sqlstore.Store, tn oroshi.TenantID, table string) int {
	t.Helper()
	var n int
	err := pricingScoped(s, tn, func(tx *sql.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT count(*) FROM `+table+` WHERE tenant_id = `+tn.String()).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// pricingBreaksDetail is breaks as an audit detail reads back from JSON:
// pairs of minimum quantity and price.
func pricingBreaksDetail(pairs ...float64) []any {
	var out []any
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, map[string]any{"min_qty": pairs[i], "price": pairs[i+1]})
	}
	return out
}

// pbreak is a quantity break, short for table-driven tests.
func pbreak(minQty int, price oroshi.Yen) pricing.Break {
	return pricing.Break{MinQty: minQty, Price: price}
}

func pday(y int, m time.Month, d int) pricing.Date { return pricing.NewDate(y, m, d) }
