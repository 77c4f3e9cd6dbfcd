package sqlstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// pricingWorld is the precedence scenario: buyer B in group A, buyer C in
// no group, four SKUs at list price, and every kind of rule.
type pricingWorld struct {
	f                      *pricingFixture
	group, b, c            oroshi.ID
	s1, s2, s3, s4         oroshi.ID
	bpS1, bpS2June         pricing.BuyerPrice
	fixed, campaign, later pricing.PriceList
	rate, oldRate          pricing.PriceList
}

func newPricingWorld(t *testing.T, s *sqlstore.Store) *pricingWorld {
	f := newPricingFixture(t, s, "kaneya")
	w := &pricingWorld{f: f, group: f.group("A")}
	w.b, w.c = f.buyer("B", w.group), f.buyer("C", 0)
	skus := f.skus(2000, "S1", "S2", "S3")
	w.s1, w.s2, w.s3, w.s4 = skus[0], skus[1], skus[2], f.sku("S4", 1980)
	open := pricing.Period{}
	w.bpS1 = f.buyerPrice(w.b, w.s1, open, pbreak(1, 1500), pbreak(10, 1400))
	w.bpS2June = f.buyerPrice(w.b, w.s2, pricing.Period{From: pday(2026, 6, 1), To: pday(2026, 6, 30)}, pbreak(1, 1250))
	w.oldRate = f.list(pricing.PriceList{GroupID: w.group, Name: "旧掛け率", Kind: pricing.KindRate, RateBP: 5000,
		Rounding: pricing.RoundFloor, Valid: pricing.Period{To: pday(2026, 3, 31)}})
	w.rate = f.list(pricing.PriceList{GroupID: w.group, Name: "Aランク", Kind: pricing.KindRate, RateBP: 7250, Rounding: pricing.RoundFloor})
	w.fixed = f.list(pricing.PriceList{GroupID: w.group, Name: "特約", Kind: pricing.KindFixed})
	f.item(w.fixed.ID, w.s1, pbreak(1, 1700))
	f.item(w.fixed.ID, w.s2, pbreak(1, 1700), pbreak(50, 1600))
	w.campaign = f.list(pricing.PriceList{GroupID: w.group, Name: "5月キャンペーン", Kind: pricing.KindFixed,
		Valid: pricing.Period{From: pday(2026, 5, 1), To: pday(2026, 5, 31)}})
	f.item(w.campaign.ID, w.s3, pbreak(1, 1300))
	w.later = f.list(pricing.PriceList{GroupID: w.group, Name: "7月改定", Kind: pricing.KindFixed, Priority: 9,
		Valid: pricing.Period{From: pday(2026, 7, 1)}})
	f.item(w.later.ID, w.s1, pbreak(1, 1000))
	w.mirror(newPricingFixture(t, s, "yamato"))
	return w
}

// mirror gives another tenant a group, buyer and SKUs with the very IDs of
// this world's, and rules that price everything at 1 yen: a query that
// forgot its tenant filter would pick them up.
func (w *pricingWorld) mirror(o *pricingFixture) {
	o.exec(func(x func(string, ...any)) {
		x(`INSERT INTO price_groups (tenant_id, id, code, name, created_at, updated_at) VALUES (?, ?, 'A', 'A', ?, ?)`,
			o.tenant, w.group, pricingStamp, pricingStamp)
		x(`INSERT INTO buyers (tenant_id, id, code, name, status, price_group_id, created_at, updated_at)
			VALUES (?, ?, 'B', '他社の取引先', 'active', ?, ?, ?)`, o.tenant, w.b, w.group, pricingStamp, pricingStamp)
		list, rate := o.id(), o.id()
		x(`INSERT INTO price_lists (tenant_id, id, group_id, name, kind, priority, created_at, updated_at)
			VALUES (?, ?, ?, '他社', 'fixed', 999, ?, ?)`, o.tenant, list, w.group, pricingStamp, pricingStamp)
		x(`INSERT INTO price_lists (tenant_id, id, group_id, name, kind, rate_bp, rounding, created_at, updated_at)
			VALUES (?, ?, ?, '他社率', 'rate', 1, 'floor', ?, ?)`, o.tenant, rate, w.group, pricingStamp, pricingStamp)
		for _, sku := range []oroshi.ID{w.s1, w.s2, w.s3, w.s4} {
			pid := o.id()
			x(`INSERT INTO products (tenant_id, id, name, created_at, updated_at) VALUES (?, ?, '他社品', ?, ?)`,
				o.tenant, pid, pricingStamp, pricingStamp)
			x(`INSERT INTO skus (tenant_id, id, product_id, code, list_price, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)`,
				o.tenant, sku, pid, "X"+sku.String(), pricingStamp, pricingStamp)
			x(`INSERT INTO price_list_items (tenant_id, list_id, sku_id, breaks) VALUES (?, ?, ?, '[{"min_qty":1,"price":1}]')`,
				o.tenant, list, sku)
			x(`INSERT INTO buyer_prices (tenant_id, id, buyer_id, sku_id, breaks, created_at, updated_at)
				VALUES (?, ?, ?, ?, '[{"min_qty":1,"price":1}]', ?, ?)`, o.tenant, o.id(), w.b, sku, pricingStamp, pricingStamp)
		}
	})
	res, err := o.svc.PriceCart(context.Background(), o.tenant, w.b, []pricing.Line{{SKU: w.s1, Qty: 1}}, pricingToday)
	if err != nil || res[0].UnitPrice != 1 {
		o.t.Fatalf("the mirror tenant prices its own rows: %+v, %v", res, err)
	}
}

type pricingOutcome struct {
	Price  oroshi.Yen
	Rule   pricing.Rule
	Source oroshi.ID
}

func TestPriceCartPrecedence(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		w := newPricingWorld(t, s)
		lines := []pricing.Line{{SKU: w.s1, Qty: 1}, {SKU: w.s1, Qty: 10}, {SKU: w.s2, Qty: 1},
			{SKU: w.s2, Qty: 50}, {SKU: w.s3, Qty: 1}, {SKU: w.s4, Qty: 1}}
		bp, fixed, rate, list := pricing.RuleBuyerPrice, pricing.RuleGroupFixed, pricing.RuleGroupRate, pricing.RuleListPrice
		tests := []struct {
			name  string
			buyer oroshi.ID
			date  pricing.Date
			want  []pricingOutcome
		}{
			{"May: buyer price, fixed list with breaks, campaign beats rate, rate", w.b, pricingToday, []pricingOutcome{
				{1500, bp, w.bpS1.ID}, {1400, bp, w.bpS1.ID}, {1700, fixed, w.fixed.ID}, {1600, fixed, w.fixed.ID},
				{1300, fixed, w.campaign.ID}, {1435, rate, w.rate.ID}}},
			{"June: the June buyer price applies, the campaign has ended", w.b, pday(2026, 6, 10), []pricingOutcome{
				{1500, bp, w.bpS1.ID}, {1400, bp, w.bpS1.ID}, {1250, bp, w.bpS2June.ID}, {1250, bp, w.bpS2June.ID},
				{1450, rate, w.rate.ID}, {1435, rate, w.rate.ID}}},
			{"last day of the campaign is included", w.b, pday(2026, 5, 31), []pricingOutcome{
				{1500, bp, w.bpS1.ID}, {1400, bp, w.bpS1.ID}, {1700, fixed, w.fixed.ID}, {1600, fixed, w.fixed.ID},
				{1300, fixed, w.campaign.ID}, {1435, rate, w.rate.ID}}},
			{"March: the old rate list is valid too and wins the tie on its lower ID", w.b, pday(2026, 3, 31), []pricingOutcome{
				{1500, bp, w.bpS1.ID}, {1400, bp, w.bpS1.ID}, {1700, fixed, w.fixed.ID}, {1600, fixed, w.fixed.ID},
				{1000, rate, w.oldRate.ID}, {990, rate, w.oldRate.ID}}},
			{"July: higher-priority list, but the buyer price still wins", w.b, pday(2026, 7, 2), []pricingOutcome{
				{1500, bp, w.bpS1.ID}, {1400, bp, w.bpS1.ID}, {1700, fixed, w.fixed.ID}, {1600, fixed, w.fixed.ID},
				{1450, rate, w.rate.ID}, {1435, rate, w.rate.ID}}},
			{"buyer without a group pays list prices", w.c, pricingToday, []pricingOutcome{
				{2000, list, 0}, {2000, list, 0}, {2000, list, 0}, {2000, list, 0}, {2000, list, 0}, {1980, list, 0}}},
		}
		for _, tt := range tests {
			res, err := w.f.svc.PriceCart(context.Background(), w.f.tenant, tt.buyer, lines, tt.date)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			var got []pricingOutcome
			for _, r := range res {
				got = append(got, pricingOutcome{r.UnitPrice, r.Rule, r.SourceID})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
	})
}

func TestPriceCheckExplains(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		w := newPricingWorld(t, s)
		r, err := w.f.svc.Price(context.Background(), w.f.tenant, w.b, w.s1, 1, pday(2026, 5, 15))
		if err != nil {
			t.Fatal(err)
		}
		type step struct {
			Rule   pricing.Rule
			Source oroshi.ID
			Reason pricing.Reason
			Price  oroshi.Yen
		}
		var got []step
		for _, st := range r.Explanation {
			got = append(got, step{st.Rule, st.SourceID, st.Reason, st.Price})
		}
		// The price check loads rows of every period, so future and expired
		// lists are explained too; the oldRate and rate lists both have an
		// open start, so the lower ID (created first) ranks first.
		want := []step{
			{pricing.RuleBuyerPrice, w.bpS1.ID, pricing.ReasonApplied, 1500},
			{pricing.RuleGroupFixed, w.later.ID, pricing.ReasonOutOfPeriod, 0},
			{pricing.RuleGroupFixed, w.campaign.ID, pricing.ReasonNoItem, 0},
			{pricing.RuleGroupFixed, w.fixed.ID, pricing.ReasonOutranked, 1700},
			{pricing.RuleGroupRate, w.oldRate.ID, pricing.ReasonOutOfPeriod, 0},
			{pricing.RuleGroupRate, w.rate.ID, pricing.ReasonOutranked, 1450},
			{pricing.RuleListPrice, 0, pricing.ReasonOutranked, 2000},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("explanation (-want +got):\n%s", diff)
		}
		if got, want := r.Explanation[3].String(), "グループ価格表「特約」（#"+w.fixed.ID.String()+"・期間指定なし）: 上位のルールを適用 1,700円（数量1以上）"; got != want {
			t.Errorf("step text = %q, want %q", got, want)
		}
	})
}

func TestPriceRefusals(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newPricingWorld(t, s)
		f := w.f
		o := newPricingFixture(t, s, "hokuto")
		ob, osku := o.buyer("B9", 0), o.sku("S9", 100)
		notFound := []struct {
			name  string
			buyer oroshi.ID
			lines []pricing.Line
		}{
			{"another tenant's SKU", w.b, []pricing.Line{{SKU: w.s1, Qty: 1}, {SKU: osku, Qty: 1}}},
			{"another tenant's buyer", ob, []pricing.Line{{SKU: w.s1, Qty: 1}}},
			{"another tenant's buyer, empty cart", ob, nil},
			{"no such SKU", w.b, []pricing.Line{{SKU: 12345, Qty: 1}}},
		}
		for _, tt := range notFound {
			if _, err := f.svc.PriceCart(ctx, f.tenant, tt.buyer, tt.lines, pricingToday); !errors.Is(err, oroshi.ErrNotFound) {
				t.Errorf("%s: err = %v, want ErrNotFound", tt.name, err)
			}
		}
		if _, err := f.svc.Price(ctx, f.tenant, w.b, osku, 1, pricingToday); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("Price of another tenant's SKU: err = %v", err)
		}
		bad := []pricing.Line{{SKU: w.s1, Qty: 1}, {SKU: w.s2, Qty: 0}, {SKU: w.s3, Qty: -2}}
		_, err := f.svc.PriceCart(ctx, f.tenant, w.b, bad, pricingToday)
		want := map[string]string{"lines[1].quantity": "数量は1以上で入力してください", "lines[2].quantity": "数量は1以上で入力してください"}
		if diff := cmp.Diff(want, pricingFields(t, err)); diff != "" {
			t.Errorf("bad quantities (-want +got):\n%s", diff)
		}
		res, err := f.svc.PriceCart(ctx, f.tenant, w.b, nil, pricing.Date{})
		if err != nil || res == nil || len(res) != 0 {
			t.Errorf("empty cart = %v, %v", res, err)
		}
		today, err := f.svc.Price(ctx, f.tenant, w.b, w.s3, 1, pricing.Date{}) // the fixture's clock says 2026-05-15 JST
		if err != nil || today.UnitPrice != 1300 {
			t.Errorf("Price with no date = %+v, %v; want the May campaign", today, err)
		}
	})
}
