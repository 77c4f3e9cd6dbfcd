package sqlstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// pricingFields returns the field errors of err, failing on other errors.
func pricingFields(t *testing.T, err error) map[string]string {
	t.Helper()
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a *oroshi.ValidationError", err)
	}
	return ve.Fields
}

func TestPriceListCRUD(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		f := newPricingFixture(t, s, "kaneya")
		other := newPricingFixture(t, s, "yamato")
		ga, gb, foreign := f.group("A"), f.group("B"), other.group("A")

		l := f.list(pricing.PriceList{GroupID: ga, Name: " 特約店A ", Kind: pricing.KindRate, RateBP: 7250,
			Rounding: pricing.RoundFloor, Priority: 5, Valid: pricing.Period{From: pday(2026, 4, 1), To: pday(2026, 9, 30)}})
		got, err := f.svc.PriceList(ctx, f.tenant, l.ID)
		if err != nil || got.Name != "特約店A" || !cmp.Equal(got, l) {
			t.Fatalf("PriceList = %+v, %v; want %+v", got, err, l)
		}

		edit := l
		edit.Name, edit.RateBP, edit.GroupID = "特約店A（改定）", 7000, gb
		if _, err := f.svc.UpdatePriceList(ctx, f.tenant, edit, pricingStaff); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.UpdatePriceList(ctx, f.tenant, edit, pricingStaff); err != nil {
			t.Fatalf("unchanged update: %v", err)
		}
		bad := edit
		bad.GroupID = foreign
		_, err = f.svc.UpdatePriceList(ctx, f.tenant, bad, pricingStaff)
		if diff := cmp.Diff(map[string]string{"group_id": "価格グループが見つかりません"}, pricingFields(t, err)); diff != "" {
			t.Errorf("update to another tenant's group (-want +got):\n%s", diff)
		}
		if got, _ := f.svc.PriceList(ctx, f.tenant, l.ID); got.GroupID != gb || got.RateBP != 7000 {
			t.Errorf("after refused update: %+v", got)
		}

		fixed := f.list(pricing.PriceList{GroupID: gb, Name: "夏季", Kind: pricing.KindFixed, RateBP: 9000, Rounding: pricing.RoundCeil})
		if fixed.RateBP != 0 || fixed.Rounding != "" {
			t.Errorf("a fixed list keeps rate fields: %+v", fixed)
		}
		lists, err := f.svc.PriceLists(ctx, f.tenant, gb)
		if err != nil || len(lists) != 2 || lists[0].ID != l.ID || lists[1].ID != fixed.ID {
			t.Errorf("PriceLists(B) = %+v, %v; want priority 5 first", lists, err)
		}
		if all, err := f.svc.PriceLists(ctx, f.tenant, 0); err != nil || len(all) != 2 {
			t.Errorf("PriceLists(0) = %d lists, %v", len(all), err)
		}
		if _, err := f.svc.PriceLists(ctx, f.tenant, foreign); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("PriceLists(foreign group) err = %v, want ErrNotFound", err)
		}
		if err := f.svc.DeletePriceList(ctx, f.tenant, l.ID, pricingStaff); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.PriceList(ctx, f.tenant, l.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("deleted list: err = %v", err)
		}

		want := []pricingEvent{
			{Action: "価格表（作成）", TargetType: "price_list", TargetID: l.ID.String(), ActorID: 7, Detail: map[string]any{
				"group_id": ga.String(), "name": "特約店A", "kind": "rate", "rate_bp": 7250.0, "rounding": "floor",
				"priority": 5.0, "valid_from": "2026-04-01", "valid_to": "2026-09-30"}},
			{Action: "価格表（更新）", TargetType: "price_list", TargetID: l.ID.String(), ActorID: 7, Detail: map[string]any{
				"group_id": map[string]any{"before": ga.String(), "after": gb.String()},
				"name":     map[string]any{"before": "特約店A", "after": "特約店A（改定）"},
				"rate_bp":  map[string]any{"before": 7250.0, "after": 7000.0}}},
			{Action: "価格表（作成）", TargetType: "price_list", TargetID: fixed.ID.String(), ActorID: 7, Detail: map[string]any{
				"group_id": gb.String(), "name": "夏季", "kind": "fixed", "priority": 0.0, "valid_from": "", "valid_to": ""}},
			{Action: "価格表（削除）", TargetType: "price_list", TargetID: l.ID.String(), ActorID: 7, Detail: map[string]any{
				"group_id": gb.String(), "name": "特約店A（改定）", "kind": "rate", "rate_bp": 7000.0, "rounding": "floor",
				"priority": 5.0, "valid_from": "2026-04-01", "valid_to": "2026-09-30"}},
		}
		if diff := cmp.Diff(want, f.audit()); diff != "" {
			t.Errorf("audit (-want +got):\n%s", diff)
		}
	})
}

func TestPriceListRefusals(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		f := newPricingFixture(t, s, "kaneya")
		other := newPricingFixture(t, s, "yamato")
		g, foreign := f.group("A"), other.group("A")
		tests := []struct {
			name string
			l    pricing.PriceList
			want map[string]string
		}{
			{"another tenant's group", pricing.PriceList{GroupID: foreign, Name: "x", Kind: pricing.KindFixed},
				map[string]string{"group_id": "価格グループが見つかりません"}},
			{"no such group", pricing.PriceList{GroupID: 12345, Name: "x", Kind: pricing.KindFixed},
				map[string]string{"group_id": "価格グループが見つかりません"}},
			{"invalid fields", pricing.PriceList{GroupID: g, Name: " ", Kind: pricing.KindRate, Rounding: "banker"},
				map[string]string{"name": "価格表名を100文字以内で入力してください",
					"rate_bp": "掛け率は0.01%〜1000%の範囲で入力してください", "rounding": "端数処理を選択してください"}},
		}
		for _, tt := range tests {
			_, err := f.svc.CreatePriceList(ctx, f.tenant, tt.l, pricingStaff)
			if diff := cmp.Diff(tt.want, pricingFields(t, err)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
		if n := pricingCount(t, s, f.tenant, "price_lists"); n != 0 {
			t.Errorf("refused creates wrote %d lists", n)
		}
		if n := len(f.audit()); n != 0 {
			t.Errorf("refused creates wrote %d audit rows", n)
		}
		// Another tenant can neither read nor change nor delete the list.
		l := f.list(pricing.PriceList{GroupID: g, Name: "標準", Kind: pricing.KindFixed})
		if _, err := other.svc.PriceList(ctx, other.tenant, l.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("foreign read: err = %v", err)
		}
		edit := l
		edit.Name = "乗っ取り"
		edit.GroupID = foreign
		if _, err := other.svc.UpdatePriceList(ctx, other.tenant, edit, pricingStaff); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("foreign update: err = %v", err)
		}
		if err := other.svc.DeletePriceList(ctx, other.tenant, l.ID, pricingStaff); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("foreign delete: err = %v", err)
		}
		if got, err := f.svc.PriceList(ctx, f.tenant, l.ID); err != nil || got.Name != "標準" {
			t.Errorf("list after foreign attempts = %+v, %v", got, err)
		}
	})
}

// pricingItemWorld is a fixed list and a rate list with three SKUs, listed
// out of code order, and another tenant with a SKU of its own.
type pricingItemWorld struct {
	f, other   *pricingFixture
	list, rate pricing.PriceList
	skus       []oroshi.ID // S-003, S-001, S-002
	foreignSKU oroshi.ID
}

func newPricingItemWorld(t *testing.T, s *sqlstore.Store) *pricingItemWorld {
	f := newPricingFixture(t, s, "kaneya")
	w := &pricingItemWorld{f: f, other: newPricingFixture(t, s, "yamato")}
	g := f.group("A")
	w.skus = f.skus(1500, "S-003", "S-001", "S-002")
	w.foreignSKU = w.other.sku("S-001", 1500)
	w.list = f.list(pricing.PriceList{GroupID: g, Name: "標準", Kind: pricing.KindFixed})
	w.rate = f.list(pricing.PriceList{GroupID: g, Name: "掛け率", Kind: pricing.KindRate, RateBP: 8000, Rounding: pricing.RoundFloor})
	return w
}

func TestPriceListItems(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newPricingItemWorld(t, s)
		f, l, skus := w.f, w.list, w.skus
		f.item(l.ID, skus[0], pbreak(10, 1100), pbreak(1, 1200))
		f.item(l.ID, skus[0], pbreak(1, 1200), pbreak(10, 1100)) // same set: no change, no audit
		f.item(l.ID, skus[0], pbreak(1, 1250))
		f.item(l.ID, skus[1], pbreak(1, 1300))
		if err := f.svc.RemovePriceListItem(ctx, f.tenant, l.ID, skus[1], pricingStaff); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.RemovePriceListItem(ctx, f.tenant, l.ID, skus[1], pricingStaff); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("second remove: err = %v", err)
		}

		var got []map[string]any
		for _, e := range f.audit()[2:] { // after the two list creations
			if e.Action != "価格表（更新）" || e.TargetID != l.ID.String() {
				t.Errorf("item event = %+v", e)
			}
			got = append(got, e.Detail)
		}
		bk := pricingBreaksDetail
		want := []map[string]any{
			{"sku": "S-003", "breaks": map[string]any{"before": nil, "after": bk(1, 1200, 10, 1100)}},
			{"sku": "S-003", "breaks": map[string]any{"before": bk(1, 1200, 10, 1100), "after": bk(1, 1250)}},
			{"sku": "S-001", "breaks": map[string]any{"before": nil, "after": bk(1, 1300)}},
			{"sku": "S-001", "breaks": map[string]any{"before": bk(1, 1300), "after": nil}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("item audit details (-want +got):\n%s", diff)
		}
		if err := f.svc.DeletePriceList(ctx, f.tenant, l.ID, pricingStaff); err != nil {
			t.Fatal(err)
		}
		if n := pricingCount(t, s, f.tenant, "price_list_items"); n != 0 {
			t.Errorf("items left after deleting their list: %d", n)
		}
	})
}

func TestPriceListItemRefusals(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newPricingItemWorld(t, s)
		one := []pricing.Break{pbreak(1, 1)}
		refused := []struct {
			name string
			it   pricing.PriceListItem
			want map[string]string
		}{
			{"rate list", pricing.PriceListItem{ListID: w.rate.ID, SKUID: w.skus[0], Breaks: one},
				map[string]string{"breaks": "掛け率の価格表には商品別の単価を設定できません"}},
			{"another tenant's SKU", pricing.PriceListItem{ListID: w.list.ID, SKUID: w.foreignSKU, Breaks: one},
				map[string]string{"sku_id": "商品が見つかりません"}},
			{"bad breaks", pricing.PriceListItem{ListID: w.list.ID, SKUID: w.skus[0], Breaks: []pricing.Break{pbreak(5, 1)}},
				map[string]string{"breaks": "最初の数量の下限は1にしてください"}},
		}
		for _, tt := range refused {
			err := w.f.svc.SetPriceListItem(ctx, w.f.tenant, tt.it, pricingStaff)
			if diff := cmp.Diff(tt.want, pricingFields(t, err)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
		err := w.other.svc.SetPriceListItem(ctx, w.other.tenant,
			pricing.PriceListItem{ListID: w.list.ID, SKUID: w.foreignSKU, Breaks: one}, pricingStaff)
		if !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("item in another tenant's list: err = %v", err)
		}
		if n := pricingCount(t, s, w.f.tenant, "price_list_items") + pricingCount(t, s, w.other.tenant, "price_list_items"); n != 0 {
			t.Errorf("refused items wrote %d rows", n)
		}
	})
}

func TestPriceListItemPages(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newPricingItemWorld(t, s)
		f, l, skus := w.f, w.list, w.skus
		f.item(l.ID, skus[0], pbreak(1, 1250))
		f.item(l.ID, skus[1], pbreak(1, 1300))
		f.item(l.ID, skus[2], pbreak(1, 1400))
		page1, err := f.svc.PriceListItems(ctx, f.tenant, l.ID, pricing.Page{Limit: 2})
		if err != nil || len(page1) != 2 || page1[0].SKU.Code != "S-001" || page1[1].SKU.Code != "S-002" {
			t.Fatalf("page 1 = %+v, %v", page1, err)
		}
		if page1[0].SKU.ProductName != "商品S-001" || page1[0].SKU.ListPrice != 1500 || page1[0].SKUID != skus[1] {
			t.Errorf("item SKU info = %+v", page1[0])
		}
		page2, err := f.svc.PriceListItems(ctx, f.tenant, l.ID, pricing.Page{Limit: 2, After: page1[1].Key()})
		if err != nil || len(page2) != 1 || page2[0].SKU.Code != "S-003" ||
			!cmp.Equal(page2[0].Breaks, []pricing.Break{pbreak(1, 1250)}) {
			t.Fatalf("page 2 = %+v, %v", page2, err)
		}
		if _, err := w.other.svc.PriceListItems(ctx, w.other.tenant, l.ID, pricing.Page{}); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("foreign items: err = %v", err)
		}
	})
}

// TestPriceListConcurrentEdit shows the updated_at guard: an edit saved by
// someone else between the read of the row and the write (possible on
// PostgreSQL, where write transactions run in parallel) makes the later
// one fail with ErrConflict rather than overwrite it with a stale diff.
func TestPriceListConcurrentEdit(t *testing.T) {
	s := sqlstoretest.Open(t, "postgres")
	ctx := context.Background()
	f := newPricingFixture(t, s, "kaneya")
	l := f.list(pricing.PriceList{GroupID: f.group("A"), Name: "標準", Kind: pricing.KindFixed})
	_, err := s.UpdatePriceList(ctx, f.tenant, l.ID, func(before pricing.PriceList) (pricing.PriceList, *audit.Event, error) {
		f.exec(func(x func(string, ...any)) { // another user's save, committed meanwhile
			x(`UPDATE price_lists SET name = '他の人の変更', updated_at = ? WHERE tenant_id = ? AND id = ?`,
				"2030-01-01T00:00:00.000000Z", f.tenant, l.ID)
		})
		after := before
		after.Name = "私の変更"
		ev := pricingStaff.Event(pricing.ActionListUpdate, pricing.TargetPriceList, l.ID.String())
		return after, &ev, nil
	})
	if !errors.Is(err, oroshi.ErrConflict) {
		t.Errorf("err = %v, want ErrConflict", err)
	}
	if got, _ := f.svc.PriceList(ctx, f.tenant, l.ID); got.Name != "他の人の変更" {
		t.Errorf("name = %q, want the other save kept", got.Name)
	}
}
