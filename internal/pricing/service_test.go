package pricing

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// fakeStore answers the few Store methods a test sets; any other call hits
// the nil embedded interface and panics, which is how a test proves that
// invalid input never reaches the store.
type fakeStore struct {
	Store
	list       PriceList
	item       ItemChange
	buyerPrice BuyerPriceWithRefs
	refErr     error
	events     []audit.Event
	written    any

	// Candidates
	buyer      BuyerRef
	listPrices map[oroshi.ID]oroshi.Yen
	cands      map[oroshi.ID]Candidates
	askedSKUs  []oroshi.ID
	askedDate  Date
	version    int64 // PriceVersion
}

func (f *fakeStore) PriceVersion(context.Context, oroshi.TenantID) (int64, error) {
	return f.version, nil
}

func (f *fakeStore) CreatePriceList(_ context.Context, l PriceList, ev audit.Event) (PriceList, error) {
	if f.refErr != nil {
		return PriceList{}, f.refErr
	}
	f.events, f.written = append(f.events, ev), l
	return l, nil
}

func (f *fakeStore) UpdatePriceList(_ context.Context, _ oroshi.TenantID, _ oroshi.ID,
	fn func(PriceList) (PriceList, *audit.Event, error)) (PriceList, error) {
	after, ev, err := fn(f.list)
	if err != nil || ev == nil {
		return after, err
	}
	f.events, f.written = append(f.events, *ev), after
	return after, nil
}

func (f *fakeStore) SetPriceListItem(_ context.Context, _ oroshi.TenantID, it PriceListItem,
	fn func(ItemChange) (*audit.Event, error)) error {
	ev, err := fn(f.item)
	if err != nil || ev == nil {
		return err
	}
	f.events, f.written = append(f.events, *ev), it
	return nil
}

func (f *fakeStore) UpdateBuyerPrice(_ context.Context, _ oroshi.TenantID, _ oroshi.ID,
	fn func(BuyerPriceWithRefs) (BuyerPrice, *audit.Event, error)) (BuyerPrice, error) {
	after, ev, err := fn(f.buyerPrice)
	if err != nil || ev == nil {
		return after, err
	}
	f.events, f.written = append(f.events, *ev), after
	return after, nil
}

func (f *fakeStore) Candidates(_ context.Context, _ oroshi.TenantID, _ oroshi.ID, skus []oroshi.ID, d Date) (
	BuyerRef, map[oroshi.ID]oroshi.Yen, map[oroshi.ID]Candidates, error) {
	f.askedSKUs, f.askedDate = skus, d
	return f.buyer, f.listPrices, f.cands, nil
}

var staff = audit.Actor{Realm: audit.RealmAdmin, ID: 3}

func TestServiceRefusesBeforeTheStore(t *testing.T) {
	s := &Service{Store: &fakeStore{}} // any store call would panic
	ctx := context.Background()
	tests := []struct {
		name string
		err  error
	}{
		{"list", func() error {
			_, err := s.CreatePriceList(ctx, tenant, PriceList{Kind: KindFixed}, staff)
			return err
		}()},
		{"list update", func() error {
			_, err := s.UpdatePriceList(ctx, tenant, PriceList{ID: 1, GroupID: 1, Kind: "x", Name: "a"}, staff)
			return err
		}()},
		{"item", s.SetPriceListItem(ctx, tenant, PriceListItem{ListID: 1, SKUID: 2}, staff)},
		{"buyer price", func() error {
			_, err := s.CreateBuyerPrice(ctx, tenant, BuyerPrice{BuyerID: 1, SKUID: 2, Breaks: []Break{{0, 1}}}, staff)
			return err
		}()},
		{"page cursor", func() error {
			_, err := s.BuyerPrices(ctx, tenant, 1, Page{After: []string{"A-1"}})
			return err
		}()},
		{"cart date", func() error {
			_, err := s.PriceCart(ctx, tenant, 1, []Line{{1, 1}}, NewDate(2026, 2, 30))
			return err
		}()},
		{"cart size", func() error {
			_, err := s.PriceCart(ctx, tenant, 1, make([]Line, MaxCartLines+1), Date{})
			return err
		}()},
	}
	for _, tt := range tests {
		var ve *oroshi.ValidationError
		if !errors.As(tt.err, &ve) {
			t.Errorf("%s: err = %v, want a validation error", tt.name, tt.err)
		}
	}
}

func TestServiceUnknownRefs(t *testing.T) {
	st := &fakeStore{refErr: &UnknownRefError{Fields: []string{"group_id"}}}
	s := &Service{Store: st}
	_, err := s.CreatePriceList(context.Background(), tenant, PriceList{GroupID: 5, Name: "標準", Kind: KindFixed}, staff)
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) || ve.Fields["group_id"] != "価格グループが見つかりません" {
		t.Errorf("err = %v, want a field error on group_id", err)
	}
	if !errors.Is(st.refErr, oroshi.ErrNotFound) {
		t.Error("UnknownRefError should match ErrNotFound")
	}
}

func TestUpdatePriceListAuditsTheDiff(t *testing.T) {
	before := PriceList{ID: 4, Tenant: tenant, GroupID: 1, Name: "標準", Kind: KindRate, RateBP: 7000, Rounding: RoundFloor}
	st := &fakeStore{list: before}
	s := &Service{Store: st}
	ctx := context.Background()
	if _, err := s.UpdatePriceList(ctx, tenant, before, staff); err != nil || len(st.events) != 0 {
		t.Fatalf("unchanged: err %v, events %v", err, st.events)
	}
	edit := before
	edit.Name, edit.Kind = " 標準（固定） ", KindFixed
	got, err := s.UpdatePriceList(ctx, tenant, edit, staff)
	if err != nil || got.Name != "標準（固定）" || got.RateBP != 0 || got.Rounding != "" {
		t.Fatalf("update = %+v, %v", got, err)
	}
	want := map[string]any{
		"name":     audit.Change{Before: "標準", After: "標準（固定）"},
		"kind":     audit.Change{Before: "rate", After: "fixed"},
		"rate_bp":  audit.Change{Before: 7000, After: nil},
		"rounding": audit.Change{Before: "floor", After: nil},
	}
	ev := st.events[0]
	if diff := cmp.Diff(want, ev.Detail); diff != "" || ev.Action != ActionListUpdate || ev.TargetID != "4" || ev.Tenant != tenant {
		t.Errorf("event %+v; detail (-want +got):\n%s", ev, diff)
	}
}

func TestSetPriceListItem(t *testing.T) {
	list := PriceList{ID: 4, Kind: KindFixed}
	sku := SKUInfo{ID: 8, Code: "SHOYU-1L"}
	tests := []struct {
		name      string
		change    ItemChange
		breaks    []Break
		wantErr   bool
		wantEvent map[string]any
	}{
		{"new item, breaks stored sorted", ItemChange{List: list, SKU: sku}, []Break{{10, 90}, {1, 100}}, false,
			map[string]any{"sku": "SHOYU-1L", "breaks": audit.Change{Before: []Break(nil), After: []Break{{1, 100}, {10, 90}}}}},
		{"same breaks in another order: nothing to do",
			ItemChange{List: list, SKU: sku, Before: &PriceListItem{Breaks: []Break{{10, 90}, {1, 100}}}},
			[]Break{{1, 100}, {10, 90}}, false, nil},
		{"rate list", ItemChange{List: PriceList{ID: 4, Kind: KindRate}, SKU: sku}, []Break{{1, 100}}, true, nil},
	}
	for _, tt := range tests {
		st := &fakeStore{item: tt.change}
		s := &Service{Store: st}
		err := s.SetPriceListItem(context.Background(), tenant, PriceListItem{ListID: 4, SKUID: 8, Breaks: tt.breaks}, staff)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: err = %v", tt.name, err)
		}
		var got map[string]any
		if len(st.events) > 0 {
			got = st.events[0].Detail
		}
		if diff := cmp.Diff(tt.wantEvent, got); diff != "" {
			t.Errorf("%s: event detail (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestUpdateBuyerPriceKeepsBuyerAndSKU(t *testing.T) {
	stored := BuyerPriceWithRefs{
		BuyerPrice: BuyerPrice{ID: 5, Tenant: tenant, BuyerID: 1, SKUID: 2, Breaks: []Break{{1, 500}}},
		Buyer:      BuyerInfo{ID: 1, Code: "B001"}, SKU: SKUInfo{ID: 2, Code: "S-2"},
	}
	tests := []struct {
		name  string
		edit  BuyerPrice
		field string // expected field error, "" for none
	}{
		{"zero IDs keep them", BuyerPrice{ID: 5, Breaks: []Break{{1, 450}}}, ""},
		{"same IDs", BuyerPrice{ID: 5, BuyerID: 1, SKUID: 2, Breaks: []Break{{1, 450}}}, ""},
		{"another buyer", BuyerPrice{ID: 5, BuyerID: 3, Breaks: []Break{{1, 450}}}, "buyer_id"},
		{"another SKU", BuyerPrice{ID: 5, SKUID: 3, Breaks: []Break{{1, 450}}}, "sku_id"},
		{"no breaks", BuyerPrice{ID: 5}, "breaks"},
	}
	for _, tt := range tests {
		st := &fakeStore{buyerPrice: stored}
		got, err := (&Service{Store: st}).UpdateBuyerPrice(context.Background(), tenant, tt.edit, staff)
		if tt.field != "" {
			var ve *oroshi.ValidationError
			if !errors.As(err, &ve) || ve.Fields[tt.field] == "" {
				t.Errorf("%s: err = %v, want a field error on %s", tt.name, err, tt.field)
			}
			continue
		}
		if err != nil || got.BuyerID != 1 || got.SKUID != 2 || got.Breaks[0].Price != 450 {
			t.Errorf("%s: got %+v, %v", tt.name, got, err)
		}
		if d := st.events[0].Detail; d["buyer"] != "B001" || d["sku"] != "S-2" {
			t.Errorf("%s: detail %v does not name buyer and SKU", tt.name, d)
		}
	}
}

func TestPriceCartThroughStore(t *testing.T) {
	st := &fakeStore{
		buyer:      BuyerRef{ID: 1},
		listPrices: map[oroshi.ID]oroshi.Yen{10: 1000, 11: 2000},
		cands: map[oroshi.ID]Candidates{10: {BuyerPrices: []BuyerPrice{{ID: 7, Tenant: tenant, BuyerID: 1, SKUID: 10,
			Breaks: []Break{{1, 800}}}}}},
	}
	clock := func() time.Time { return time.Date(2026, 3, 31, 15, 30, 0, 0, time.UTC) } // 2026-04-01 in Japan
	s := &Service{Store: st, Now: clock}
	ctx := context.Background()
	res, err := s.PriceCart(ctx, tenant, 1, []Line{{10, 1}, {11, 2}, {10, 5}}, Date{})
	if err != nil {
		t.Fatal(err)
	}
	got := []oroshi.Yen{res[0].UnitPrice, res[1].UnitPrice, res[2].UnitPrice}
	if !cmp.Equal(got, []oroshi.Yen{800, 2000, 800}) || !cmp.Equal(st.askedSKUs, []oroshi.ID{10, 11}) ||
		st.askedDate != NewDate(2026, 4, 1) {
		t.Errorf("prices %v, asked SKUs %v on %v", got, st.askedSKUs, st.askedDate)
	}
	if _, err := s.PriceCart(ctx, tenant, 1, []Line{{10, 1}, {99, 1}}, Date{}); !errors.Is(err, oroshi.ErrNotFound) {
		t.Errorf("unknown SKU: err = %v", err)
	}
	testPriceCartCache(t, s, st)
	r, err := s.Price(ctx, tenant, 1, 10, 1, NewDate(2026, 5, 1))
	if err != nil || r.UnitPrice != 800 || !st.askedDate.IsZero() {
		t.Errorf("Price = %+v, %v; asked date %v (want every period for the explanation)", r, err, st.askedDate)
	}
}

// testPriceCartCache: PriceCart asks the store only for lines it has not
// priced at this price version, buyer and day.
func testPriceCartCache(t *testing.T, s *Service, st *fakeStore) {
	ctx := context.Background()
	tests := []struct {
		name   string
		lines  []Line
		date   Date
		bump   bool
		asked  []oroshi.ID // nil: the store was not asked
		prices []oroshi.Yen
	}{
		{"all kept", []Line{{10, 1}, {11, 2}}, Date{}, false, nil, []oroshi.Yen{800, 2000}},
		{"a new quantity", []Line{{10, 1}, {11, 3}}, Date{}, false, []oroshi.ID{11}, []oroshi.Yen{800, 2000}},
		{"another day", []Line{{10, 1}}, NewDate(2026, 4, 2), false, []oroshi.ID{10}, []oroshi.Yen{800}},
		{"a new version", []Line{{10, 1}, {11, 2}}, Date{}, true, []oroshi.ID{10, 11}, []oroshi.Yen{800, 2000}},
	}
	for _, tt := range tests {
		st.askedSKUs = nil
		if tt.bump {
			st.version++
		}
		res, err := s.PriceCart(ctx, tenant, 1, tt.lines, tt.date)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []oroshi.Yen
		for _, r := range res {
			got = append(got, r.UnitPrice)
		}
		if !cmp.Equal(got, tt.prices) || !cmp.Equal(st.askedSKUs, tt.asked) {
			t.Errorf("%s: prices %v, asked %v; want %v, asked %v", tt.name, got, st.askedSKUs, tt.prices, tt.asked)
		}
	}
	_, err := s.PriceCart(ctx, tenant, 1, []Line{{10, 1}, {10, 0}}, Date{})
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) || ve.Fields["lines[1].quantity"] == "" {
		t.Errorf("a zero quantity beside a kept line: err = %v, want a field error on lines[1].quantity", err)
	}
}
