package pricing

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oroshi-jp/oroshi"
)

func TestResolveTiers(t *testing.T) {
	tests := []struct {
		name string
		from int
		c    Candidates
		want []Tier
	}{
		{"list price only", 1, Candidates{}, []Tier{{1, 1980}}},
		{"fixed list breaks", 1, Candidates{GroupLists: []ListWithItem{fixedList(2, 0, open, Break{1, 1800}, Break{10, 1700}, Break{50, 1600})}},
			[]Tier{{1, 1800}, {10, 1700}, {50, 1600}}},
		{"from the minimum order quantity", 12, Candidates{GroupLists: []ListWithItem{fixedList(2, 0, open, Break{1, 1800}, Break{10, 1700}, Break{50, 1600})}},
			[]Tier{{12, 1700}, {50, 1600}}},
		// The buyer price wins at every quantity: the list's cheaper break
		// at 100 is not the buyer's price and must not appear.
		{"winner's breaks only", 1, Candidates{
			BuyerPrices: []BuyerPrice{buyerPrice(1, open, Break{1, 1500}, Break{10, 1400})},
			GroupLists:  []ListWithItem{fixedList(2, 0, open, Break{1, 1600}, Break{100, 1000})},
		}, []Tier{{1, 1500}, {10, 1400}}},
		{"equal prices merge", 1, Candidates{GroupLists: []ListWithItem{fixedList(2, 0, open, Break{1, 1800}, Break{5, 1800}, Break{20, 1700})}},
			[]Tier{{1, 1800}, {20, 1700}}},
		{"rate list has no breaks", 1, Candidates{GroupLists: []ListWithItem{rateList(3, 8000, RoundFloor, open)}},
			[]Tier{{1, 1584}}},
	}
	for _, tt := range tests {
		got, err := resolveTiers(input(tt.from), tt.c)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !cmp.Equal(got, tt.want) {
			t.Errorf("%s: tiers %v, want %v", tt.name, got, tt.want)
		}
		// Each tier is what PriceCart charges at that quantity.
		for _, tier := range got {
			r, _ := Resolve(input(tier.MinQty), tt.c)
			if r.UnitPrice != tier.UnitPrice {
				t.Errorf("%s: tier %v, Resolve gives %d", tt.name, tier, r.UnitPrice)
			}
		}
	}
}

func TestTiersThroughStore(t *testing.T) {
	st := &fakeStore{
		buyer:      BuyerRef{ID: buyer, GroupID: group},
		listPrices: map[oroshi.ID]oroshi.Yen{sku: 1980, 301: 500},
		cands:      map[oroshi.ID]Candidates{sku: {GroupLists: []ListWithItem{fixedList(2, 0, open, Break{1, 1800}, Break{10, 1700})}}},
	}
	s := &Service{Store: st}
	ctx := context.Background()
	got, err := s.Tiers(ctx, tenant, buyer, []Line{{sku, 1}, {301, 6}}, today)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]Tier{{{1, 1800}, {10, 1700}}, {{6, 500}}}
	if !cmp.Equal(got, want) || !cmp.Equal(st.askedSKUs, []oroshi.ID{sku, 301}) || st.askedDate != today {
		t.Errorf("tiers %v, asked %v on %v", got, st.askedSKUs, st.askedDate)
	}
	if _, err := s.Tiers(ctx, tenant, buyer, []Line{{99, 1}}, today); !errors.Is(err, oroshi.ErrNotFound) {
		t.Errorf("unknown SKU: err = %v", err)
	}
	var ve *oroshi.ValidationError
	if _, err := s.Tiers(ctx, tenant, buyer, []Line{{sku, 0}}, today); !errors.As(err, &ve) || ve.Fields["lines[0].quantity"] == "" {
		t.Errorf("quantity 0: err = %v", err)
	}
}
