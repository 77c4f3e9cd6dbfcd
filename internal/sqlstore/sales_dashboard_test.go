package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// dashWorld is a salesWorld whose store clock (placed_at) the test sets.
type dashWorld struct {
	*salesWorld
	at   time.Time
	dash *sales.Service // "today" is salesNow: 2026-05-13 10:00 JST
}

func newDashWorld(t *testing.T, engine string) *dashWorld {
	t.Helper()
	d := &dashWorld{at: salesNow}
	o := sqlstoretest.Options(t, engine)
	o.Now = func() time.Time { return d.at }
	s, err := sqlstore.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	d.salesWorld = newSalesWorld(t, s, "dash")
	d.dash = &sales.Service{Store: s, Now: func() time.Time { return salesNow }}
	return d
}

// placeAt places a proxy order of one line for buyer at the instant utc.
func (d *dashWorld) placeAt(utc string, buyer oroshi.ID, code string, qty int64) sales.Order {
	d.t.Helper()
	at, err := time.Parse(time.RFC3339Nano, utc)
	if err != nil {
		d.t.Fatal(err)
	}
	d.at = at
	in := d.proxyOrder(d.line(code, qty))
	if in.BuyerID = buyer; buyer == d.other {
		in.ShipToID = d.otherShip
	}
	return d.place(in)
}

func (d *dashWorld) dashboard() sales.Dashboard {
	d.t.Helper()
	got, err := d.dash.Dashboard(context.Background(), d.tn)
	if err != nil {
		d.t.Fatal(err)
	}
	return got
}

// sums lists the non-zero buckets as "start amount/orders".
func sums(bs []sales.Bucket) string {
	var out []string
	for _, b := range bs {
		if b.Orders != 0 || b.Amount.Amount != 0 {
			out = append(out, fmt.Sprintf("%s %d/%d", b.Start, b.Amount.Amount, b.Orders))
		}
	}
	return strings.Join(out, ", ")
}

func TestSalesDashboard(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			d := newDashWorld(t, engine)
			d.placeAt("2025-05-31T14:59:00Z", d.buyer, "STD-1", 9) // 2025-05-31 JST: before the 12 months
			d.placeAt("2025-05-31T15:00:00Z", d.buyer, "STD-1", 2) // 2025-06-01 JST: the first month
			d.placeAt("2026-04-13T14:00:00Z", d.other, "STD-1", 4) // 4/13 23:00 JST: before the 30 days
			d.placeAt("2026-04-30T14:59:59Z", d.other, "STD-1", 3) // 4/30 23:59:59 JST
			d.placeAt("2026-04-30T15:00:00Z", d.other, "STD-1", 1) // 5/1 00:00 JST, still April in UTC
			a := d.placeAt("2026-05-12T14:59:59.999999Z", d.buyer, "STD-1", 10)
			d.placeAt("2026-05-12T15:00:00Z", d.buyer, "RED-1", 2) // 5/13 00:00 JST, ¥400 at 8 %
			gone := d.placeAt("2026-05-13T00:30:00Z", d.buyer, "STD-1", 100)
			if _, err := d.svc.Approve(ctx, d.tn, a.ID, salesStaff); err != nil {
				t.Fatal(err)
			}
			if _, err := d.svc.Cancel(ctx, d.tn, gone.ID, "重複注文", salesStaff); err != nil {
				t.Fatal(err)
			}
			got := d.dashboard()
			if len(got.Days) != 30 || got.Days[0].Start.String() != "2026-04-14" || got.Days[29].Start.String() != "2026-05-13" ||
				len(got.Months) != 12 || got.Months[0].Start.String() != "2025-06-01" || got.ThisMonth().Start.String() != "2026-05-01" {
				t.Fatalf("buckets %v … %v, %v … %v", got.Days[0].Start, got.Days[len(got.Days)-1].Start, got.Months[0].Start, got.ThisMonth().Start)
			}
			wantDays := "2026-04-30 315/1, 2026-05-01 105/1, 2026-05-12 1050/1, 2026-05-13 400/1"
			wantMonths := "2025-06-01 210/1, 2026-04-01 735/2, 2026-05-01 1555/3"
			if sums(got.Days) != wantDays || sums(got.Months) != wantMonths {
				t.Errorf("days %s\nwant %s\nmonths %s\nwant %s", sums(got.Days), wantDays, sums(got.Months), wantMonths)
			}
			if len(got.TopProducts) != 2 || got.TopProducts[0].Code != "STD-1" || got.TopProducts[0].Quantity != 11 ||
				got.TopProducts[0].Amount.Amount != 1155 || got.TopProducts[1].Code != "RED-1" ||
				got.TopProducts[1].ProductName != "本枯れ鰹節" || got.TopProducts[1].Variant != "500g" || got.TopProducts[1].Amount.Amount != 400 {
				t.Errorf("top products %+v", got.TopProducts)
			}
			if len(got.TopBuyers) != 2 || got.TopBuyers[0].BuyerID != d.buyer || got.TopBuyers[0].Amount != (sales.Amount{Amount: 1450, Orders: 2}) ||
				got.TopBuyers[0].BuyerName != "株式会社まるやま商店" || got.TopBuyers[1].BuyerID != d.other || got.TopBuyers[1].Amount.Amount != 105 {
				t.Errorf("top buyers %+v", got.TopBuyers)
			}
			// 受付: everything but the approved and the cancelled one, oldest first.
			if got.Received != 6 || len(got.Oldest) != 5 || got.Oldest[0].PlacedAt.Format(time.RFC3339) != "2025-05-31T14:59:00Z" ||
				got.Oldest[4].PlacedAt.Format(time.RFC3339) != "2026-04-30T15:00:00Z" || got.BuyerPending != 0 {
				t.Errorf("waiting %d, oldest %d, buyer pending %d", got.Received, len(got.Oldest), got.BuyerPending)
			}
			q := sales.DashboardQueryOf(got.Today)
			q.CountCap = 2
			if f, err := d.s.SalesDashboard(ctx, d.tn, q); err != nil || f.Received != 2 || len(f.Oldest) != 5 {
				t.Errorf("capped count %d, oldest %d, %v", f.Received, len(f.Oldest), err)
			}
			testDashboardBuyerApproval(t, d)
			testDashboardIsolation(t, d, engine)
			testDashboardBackfill(t, d)
		})
	}
}

// testDashboardBuyerApproval: an order waiting for the buyer's own approval
// is counted as waiting but is no sale until the buyer approves it.
func testDashboardBuyerApproval(t *testing.T, d *dashWorld) {
	ctx := context.Background()
	if err := d.svc.SaveBuyerSettings(ctx, d.tn, sales.BuyerSettings{BuyerID: d.buyer, BuyerApproval: true,
		ApproverUserID: d.staff.ID}, salesStaff); err != nil {
		t.Fatal(err)
	}
	if err := d.svc.SaveUserLimit(ctx, d.tn, sales.UserLimit{UserID: d.purchaser.ID, OrderLimit: 1000}, salesStaff); err != nil {
		t.Fatal(err)
	}
	d.at = time.Date(2026, 5, 13, 0, 40, 0, 0, time.UTC)
	v := d.addToCart(d.purchaser, "STD-1", 20) // ¥2,100 + tax, over the limit
	o := d.place(d.cartOrder(d.purchaser, v.Revision))
	got := d.dashboard()
	if o.Status != sales.StatusBuyerApproval || got.BuyerPending != 1 || got.Days[29].Amount.Amount != 400 {
		t.Fatalf("status %s, buyer pending %d, today %+v", o.Status, got.BuyerPending, got.Days[29])
	}
	if _, err := d.svc.BuyerApprove(ctx, d.tn, d.buyer, o.ID, audit.Actor{Realm: audit.RealmShop, ID: d.admin.ID}); err != nil {
		t.Fatal(err)
	}
	got = d.dashboard()
	if got.BuyerPending != 0 || got.Days[29].Amount != (sales.Amount{Amount: 2500, Orders: 2}) ||
		got.ThisMonth().Amount != (sales.Amount{Amount: 3655, Orders: 4}) || got.TopProducts[0].Quantity != 31 {
		t.Errorf("after the buyer's approval: pending %d, today %+v, month %+v, top %+v",
			got.BuyerPending, got.Days[29], got.ThisMonth(), got.TopProducts[0])
	}
}

// testDashboardIsolation: another seller's orders never show.
func testDashboardIsolation(t *testing.T, d *dashWorld, engine string) {
	before := d.dashboard()
	other := newSalesWorld(t, d.s, "dash-other")
	d.at = time.Date(2026, 5, 13, 0, 50, 0, 0, time.UTC)
	other.place(other.proxyOrder(other.line("STD-1", 7)))
	if after := d.dashboard(); !reflect.DeepEqual(before, after) {
		t.Errorf("%s: another tenant's order changed the dashboard", engine)
	}
	theirs, err := d.dash.Dashboard(context.Background(), other.tn)
	if err != nil {
		t.Fatal(err)
	}
	if sums(theirs.Days) != "2026-05-13 735/1" || theirs.Received != 1 || len(theirs.TopBuyers) != 1 {
		t.Errorf("other tenant: days %s, received %d, buyers %+v", sums(theirs.Days), theirs.Received, theirs.TopBuyers)
	}
}

// testDashboardBackfill: the migration's backfill sums the same as the
// rollups kept by the transactions, also for orders of several lines (one
// SKU twice) placed, and cancelled after placing.
func testDashboardBackfill(t *testing.T, d *dashWorld) {
	d.at = time.Date(2026, 5, 13, 1, 0, 0, 0, time.UTC)
	d.place(d.proxyOrder(d.line("RED-1", 1), d.line("STD-1", 2), d.line("RED-1", 3)))
	gone := d.place(d.proxyOrder(d.line("STD-1", 5), d.line("RED-1", 2), d.line("STD-1", 1)))
	if _, err := d.svc.Cancel(context.Background(), d.tn, gone.ID, "重複注文", salesStaff); err != nil {
		t.Fatal(err)
	}
	before := d.dashboard()
	rebuildSalesRollups(t, d.s, d.tn)
	if after := d.dashboard(); !reflect.DeepEqual(before, after) {
		t.Errorf("backfill differs:\n%s\n%s\nwas\n%s\n%s", sums(after.Days), sums(after.Months), sums(before.Days), sums(before.Months))
	}
}

// rebuildSalesRollups recomputes tenant t's rollups with the backfill
// statements of migration 00013 (orders seeded by SQL bypass the store).
func rebuildSalesRollups(tb testing.TB, s *sqlstore.Store, t oroshi.TenantID) {
	tb.Helper()
	src, err := os.ReadFile(filepath.Join("migrations", s.Engine(), "00013_sales_rollup.sql"))
	if err != nil {
		tb.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(src), "-- backfill:begin\n")
	body, _, ok := strings.Cut(rest, "-- backfill:end")
	if !ok {
		tb.Fatal("backfill markers missing in migration 00013")
	}
	ctx := context.Background()
	err = scopedTx(ctx, s, t, func(tx *sql.Tx) error {
		for _, table := range []string{"sales_daily", "sales_monthly_buyers", "sales_monthly_skus"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE tenant_id = `+t.String()); err != nil {
				return err
			}
		}
		// Every tenant's orders are the backfill's; this tenant's only are ours.
		for _, stmt := range strings.Split(body, ";\n") {
			if stmt = strings.TrimSpace(stmt); stmt == "" {
				continue
			}
			stmt = strings.Replace(stmt, "WHERE ", "WHERE "+orderAlias(stmt)+"tenant_id = "+t.String()+" AND ", 1)
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("%.80s…: %w", stmt, err)
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func orderAlias(stmt string) string {
	if strings.Contains(stmt, "FROM orders o") {
		return "o."
	}
	return ""
}
