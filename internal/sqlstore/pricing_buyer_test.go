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

func TestBuyerPriceCRUD(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		f := newPricingFixture(t, s, "kaneya")
		b := f.buyer("B001", 0)
		sku := f.sku("SHOYU-1L", 1500)
		may := pricing.Period{From: pday(2026, 5, 1), To: pday(2026, 5, 31)}

		bp := f.buyerPrice(b, sku, pricing.Period{}, pbreak(12, 1300), pbreak(1, 1400))
		got, err := f.svc.BuyerPrice(ctx, f.tenant, bp.ID)
		if err != nil || got.Buyer.Code != "B001" || got.SKU.Code != "SHOYU-1L" || got.Tenant != f.tenant ||
			!cmp.Equal(got.Breaks, []pricing.Break{pbreak(1, 1400), pbreak(12, 1300)}) {
			t.Fatalf("BuyerPrice = %+v, %v", got, err)
		}

		edit := pricing.BuyerPrice{ID: bp.ID, Valid: may, Breaks: []pricing.Break{pbreak(1, 1350), pbreak(12, 1300)}}
		upd, err := f.svc.UpdateBuyerPrice(ctx, f.tenant, edit, pricingStaff)
		if err != nil || upd.BuyerID != b || upd.SKUID != sku || upd.Valid != may {
			t.Fatalf("UpdateBuyerPrice = %+v, %v", upd, err)
		}
		if _, err := f.svc.UpdateBuyerPrice(ctx, f.tenant, edit, pricingStaff); err != nil {
			t.Fatalf("unchanged update: %v", err)
		}
		moved := edit
		moved.SKUID = f.sku("SHOYU-2L", 2800)
		_, err = f.svc.UpdateBuyerPrice(ctx, f.tenant, moved, pricingStaff)
		if diff := cmp.Diff(map[string]string{"sku_id": "商品は変更できません（削除して登録し直してください）"}, pricingFields(t, err)); diff != "" {
			t.Errorf("moving a price to another SKU (-want +got):\n%s", diff)
		}
		badEdit := edit
		badEdit.Valid = pricing.Period{From: pday(2026, 6, 1), To: pday(2026, 5, 1)}
		_, err = f.svc.UpdateBuyerPrice(ctx, f.tenant, badEdit, pricingStaff)
		if diff := cmp.Diff(map[string]string{"valid_from": "適用開始日は終了日以前にしてください"}, pricingFields(t, err)); diff != "" {
			t.Errorf("inverted period (-want +got):\n%s", diff)
		}
		if err := f.svc.DeleteBuyerPrice(ctx, f.tenant, bp.ID, pricingStaff); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.BuyerPrice(ctx, f.tenant, bp.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("deleted price: err = %v", err)
		}

		id := bp.ID.String()
		bk := pricingBreaksDetail
		want := []pricingEvent{
			{Action: "個別単価（作成）", TargetType: "buyer_price", TargetID: id, ActorID: 7, Detail: map[string]any{
				"buyer": "B001", "sku": "SHOYU-1L", "valid_from": "", "valid_to": "", "breaks": bk(1, 1400, 12, 1300)}},
			{Action: "個別単価（更新）", TargetType: "buyer_price", TargetID: id, ActorID: 7, Detail: map[string]any{
				"buyer": "B001", "sku": "SHOYU-1L",
				"valid_from": map[string]any{"before": "", "after": "2026-05-01"},
				"valid_to":   map[string]any{"before": "", "after": "2026-05-31"},
				"breaks":     map[string]any{"before": bk(1, 1400, 12, 1300), "after": bk(1, 1350, 12, 1300)}}},
			{Action: "個別単価（削除）", TargetType: "buyer_price", TargetID: id, ActorID: 7, Detail: map[string]any{
				"buyer": "B001", "sku": "SHOYU-1L", "valid_from": "2026-05-01", "valid_to": "2026-05-31",
				"breaks": bk(1, 1350, 12, 1300)}},
		}
		if diff := cmp.Diff(want, f.audit()); diff != "" {
			t.Errorf("audit (-want +got):\n%s", diff)
		}
	})
}

func TestBuyerPriceRefusalsAndIsolation(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		f := newPricingFixture(t, s, "kaneya")
		other := newPricingFixture(t, s, "yamato")
		b, sku := f.buyer("B001", 0), f.sku("S-1", 1000)
		fb, fsku := other.buyer("B001", 0), other.sku("S-1", 1000)
		one := []pricing.Break{pbreak(1, 900)}
		tests := []struct {
			name string
			bp   pricing.BuyerPrice
			want map[string]string
		}{
			{"another tenant's buyer and SKU", pricing.BuyerPrice{BuyerID: fb, SKUID: fsku, Breaks: one},
				map[string]string{"buyer_id": "取引先が見つかりません", "sku_id": "商品が見つかりません"}},
			{"another tenant's SKU", pricing.BuyerPrice{BuyerID: b, SKUID: fsku, Breaks: one},
				map[string]string{"sku_id": "商品が見つかりません"}},
			{"no breaks", pricing.BuyerPrice{BuyerID: b, SKUID: sku},
				map[string]string{"breaks": "単価を1件以上入力してください"}},
		}
		for _, tt := range tests {
			_, err := f.svc.CreateBuyerPrice(ctx, f.tenant, tt.bp, pricingStaff)
			if diff := cmp.Diff(tt.want, pricingFields(t, err)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
		if n := pricingCount(t, s, f.tenant, "buyer_prices"); n != 0 {
			t.Errorf("refused creates wrote %d rows", n)
		}
		bp := f.buyerPrice(b, sku, pricing.Period{}, one...)
		if _, err := other.svc.BuyerPrice(ctx, other.tenant, bp.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("foreign read: err = %v", err)
		}
		edit := pricing.BuyerPrice{ID: bp.ID, Breaks: []pricing.Break{pbreak(1, 1)}}
		if _, err := other.svc.UpdateBuyerPrice(ctx, other.tenant, edit, pricingStaff); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("foreign update: err = %v", err)
		}
		if err := other.svc.DeleteBuyerPrice(ctx, other.tenant, bp.ID, pricingStaff); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("foreign delete: err = %v", err)
		}
		if _, err := other.svc.BuyerPrices(ctx, other.tenant, b, pricing.Page{}); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("foreign list by buyer: err = %v", err)
		}
		if _, err := other.svc.BuyerPricesBySKU(ctx, other.tenant, sku, pricing.Page{}); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("foreign list by SKU: err = %v", err)
		}
		if got, err := f.svc.BuyerPrice(ctx, f.tenant, bp.ID); err != nil || got.Breaks[0].Price != 900 {
			t.Errorf("price after foreign attempts = %+v, %v", got, err)
		}
	})
}

func TestBuyerPricePages(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		f := newPricingFixture(t, s, "kaneya")
		b1, b2 := f.buyer("B002", 0), f.buyer("B001", 0)
		skus := f.skus(1000, "S-2", "S-1")
		standing := f.buyerPrice(b1, skus[0], pricing.Period{}, pbreak(1, 900))
		campaign := f.buyerPrice(b1, skus[0], pricing.Period{From: pday(2026, 5, 1)}, pbreak(1, 850))
		first := f.buyerPrice(b1, skus[1], pricing.Period{}, pbreak(1, 700))
		other := f.buyerPrice(b2, skus[0], pricing.Period{}, pbreak(1, 950))

		var ids []oroshi.ID
		p := pricing.Page{Limit: 2}
		for range 3 {
			page, err := f.svc.BuyerPrices(ctx, f.tenant, b1, p)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page {
				ids = append(ids, r.ID)
			}
			if len(page) < p.Limit {
				break
			}
			p.After = page[len(page)-1].KeyByBuyer()
		}
		if want := []oroshi.ID{first.ID, standing.ID, campaign.ID}; !cmp.Equal(want, ids) {
			t.Errorf("by buyer, paged by 2 = %v, want %v (SKU code, then ID)", ids, want)
		}

		bySKU, err := f.svc.BuyerPricesBySKU(ctx, f.tenant, skus[0], pricing.Page{})
		if err != nil || len(bySKU) != 3 || bySKU[0].ID != other.ID || bySKU[0].Buyer.Code != "B001" {
			t.Errorf("by SKU = %+v, %v; want B001's first", bySKU, err)
		}
		next, err := f.svc.BuyerPricesBySKU(ctx, f.tenant, skus[0], pricing.Page{Limit: 5, After: bySKU[1].KeyBySKU()})
		if err != nil || len(next) != 1 || next[0].ID != campaign.ID {
			t.Errorf("by SKU after %v = %+v, %v", bySKU[1].KeyBySKU(), next, err)
		}
		for _, bad := range [][]string{{"B001"}, {"B001", "x"}, {"B001", "-3"}} {
			_, err := f.svc.BuyerPricesBySKU(ctx, f.tenant, skus[0], pricing.Page{After: bad})
			if _, ok := pricingFields(t, err)["cursor"]; !ok {
				t.Errorf("cursor %q: err = %v", bad, err)
			}
		}
	})
}
