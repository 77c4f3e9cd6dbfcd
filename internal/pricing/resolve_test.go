package pricing

import (
	"slices"
	"strconv"
	"testing"

	"github.com/oroshi-jp/oroshi"
)

// The buyer of every resolve test: buyer 100 in group 200 of tenant 7,
// buying SKU 300 (list price 1,980円) on 2026-05-15.
const (
	tenant = oroshi.TenantID(7)
	buyer  = oroshi.ID(100)
	group  = oroshi.ID(200)
	sku    = oroshi.ID(300)
)

var (
	today = NewDate(2026, 5, 15)
	open  = Period{}
	h1    = Period{NewDate(2026, 4, 1), NewDate(2026, 9, 30)} // 上期, inclusive
)

func input(qty int) Input {
	return Input{Tenant: tenant, Buyer: BuyerRef{ID: buyer, GroupID: group}, SKU: sku,
		ListPrice: 1980, Quantity: qty, Date: today}
}

func buyerPrice(id oroshi.ID, p Period, breaks ...Break) BuyerPrice {
	return BuyerPrice{ID: id, Tenant: tenant, BuyerID: buyer, SKUID: sku, Valid: p, Breaks: breaks}
}

func fixedList(id oroshi.ID, priority int, p Period, breaks ...Break) ListWithItem {
	l := PriceList{ID: id, Tenant: tenant, GroupID: group, Name: "固定" + id.String(), Kind: KindFixed,
		Valid: p, Priority: priority}
	return ListWithItem{List: l, Item: &PriceListItem{ListID: id, SKUID: sku, Breaks: breaks}}
}

func rateList(id oroshi.ID, bp int, r Rounding, p Period) ListWithItem {
	return ListWithItem{List: PriceList{ID: id, Tenant: tenant, GroupID: group, Name: "掛率" + id.String(),
		Kind: KindRate, RateBP: bp, Rounding: r, Valid: p}}
}

// want is the part of a Result most tests check.
type want struct {
	price  oroshi.Yen
	rule   Rule
	source oroshi.ID
	minQty int
}

func check(t *testing.T, name string, in Input, c Candidates, w want) {
	t.Helper()
	r, err := Resolve(in, c)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	got := want{r.UnitPrice, r.Rule, r.SourceID, r.BreakMinQty}
	if got != w {
		t.Errorf("%s: got %+v, want %+v\n%s", name, got, w, explain(r))
	}
	if r.RuleLabel != r.Rule.Label() {
		t.Errorf("%s: RuleLabel %q, want %q", name, r.RuleLabel, r.Rule.Label())
	}
}

func explain(r Result) string {
	s := ""
	for _, st := range r.Explanation {
		s += "  " + st.String() + "\n"
	}
	return s
}

func TestResolveEachRuleAlone(t *testing.T) {
	tests := []struct {
		name string
		c    Candidates
		w    want
	}{
		{"buyer price", Candidates{BuyerPrices: []BuyerPrice{buyerPrice(1, open, Break{1, 1500})}},
			want{1500, RuleBuyerPrice, 1, 1}},
		{"group fixed", Candidates{GroupLists: []ListWithItem{fixedList(2, 0, open, Break{1, 1600})}},
			want{1600, RuleGroupFixed, 2, 1}},
		{"group rate 72.5% floor", Candidates{GroupLists: []ListWithItem{rateList(3, 7250, RoundFloor, open)}},
			want{1435, RuleGroupRate, 3, 0}}, // 1980 × 0.725 = 1435.5
		{"group rate 72.5% half up", Candidates{GroupLists: []ListWithItem{rateList(3, 7250, RoundHalfUp, open)}},
			want{1436, RuleGroupRate, 3, 0}},
		{"list price", Candidates{}, want{1980, RuleListPrice, 0, 0}},
	}
	for _, tt := range tests {
		check(t, tt.name, input(1), tt.c, tt.w)
	}
}

func TestResolvePrecedence(t *testing.T) {
	bp := buyerPrice(1, open, Break{1, 1500})
	fx := fixedList(2, 0, open, Break{1, 1600})
	rt := rateList(3, 5000, RoundFloor, open) // 990円: cheapest, yet lowest precedence
	expiredBP := buyerPrice(4, Period{To: today.AddDays(-1)}, Break{1, 1})
	noItem := fixedList(5, 0, open)
	noItem.Item = nil
	tests := []struct {
		name string
		c    Candidates
		w    want
	}{
		{"buyer price beats fixed", Candidates{[]BuyerPrice{bp}, []ListWithItem{fx}}, want{1500, RuleBuyerPrice, 1, 1}},
		{"buyer price beats rate", Candidates{[]BuyerPrice{bp}, []ListWithItem{rt}}, want{1500, RuleBuyerPrice, 1, 1}},
		{"fixed beats rate", Candidates{GroupLists: []ListWithItem{rt, fx}}, want{1600, RuleGroupFixed, 2, 1}},
		{"all three: buyer price", Candidates{[]BuyerPrice{bp}, []ListWithItem{rt, fx}}, want{1500, RuleBuyerPrice, 1, 1}},
		{"expired buyer price falls to fixed", Candidates{[]BuyerPrice{expiredBP}, []ListWithItem{fx, rt}},
			want{1600, RuleGroupFixed, 2, 1}},
		{"fixed list without the SKU falls to rate", Candidates{GroupLists: []ListWithItem{noItem, rt}},
			want{990, RuleGroupRate, 3, 0}},
		{"nothing valid falls to list price", Candidates{[]BuyerPrice{expiredBP}, []ListWithItem{noItem}},
			want{1980, RuleListPrice, 0, 0}},
	}
	for _, tt := range tests {
		check(t, tt.name, input(1), tt.c, tt.w)
	}
}

func TestResolveValidityBoundaries(t *testing.T) {
	from, to := h1.From, h1.To
	tests := []struct {
		name string
		p    Period
		date Date
		w    want
	}{
		{"day before From", h1, from.AddDays(-1), want{1980, RuleListPrice, 0, 0}},
		{"From", h1, from, want{1500, RuleBuyerPrice, 1, 1}},
		{"To (inclusive)", h1, to, want{1500, RuleBuyerPrice, 1, 1}},
		{"day after To", h1, to.AddDays(1), want{1980, RuleListPrice, 0, 0}},
		{"open start", Period{To: to}, NewDate(2001, 1, 1), want{1500, RuleBuyerPrice, 1, 1}},
		{"open end", Period{From: from}, NewDate(2099, 12, 31), want{1500, RuleBuyerPrice, 1, 1}},
		{"open end, day before From", Period{From: from}, from.AddDays(-1), want{1980, RuleListPrice, 0, 0}},
	}
	for _, tt := range tests {
		in := input(1)
		in.Date = tt.date
		check(t, "buyer price, "+tt.name, in, Candidates{BuyerPrices: []BuyerPrice{buyerPrice(1, tt.p, Break{1, 1500})}}, tt.w)

		// The same boundaries hold for price lists.
		lw := tt.w
		if lw.rule == RuleBuyerPrice {
			lw = want{1600, RuleGroupFixed, 2, 1}
		}
		check(t, "fixed list, "+tt.name, in, Candidates{GroupLists: []ListWithItem{fixedList(2, 0, tt.p, Break{1, 1600})}}, lw)
		rw := tt.w
		if rw.rule == RuleBuyerPrice {
			rw = want{990, RuleGroupRate, 3, 0}
		}
		check(t, "rate list, "+tt.name, in, Candidates{GroupLists: []ListWithItem{rateList(3, 5000, RoundFloor, tt.p)}}, rw)
	}
}

func TestResolveDateFromInstantIsJST(t *testing.T) {
	// A list starting 2026-04-01 applies to an order placed at 2026-03-31
	// 15:00 UTC, which is 00:00 on 1 April in Japan.
	in := input(1)
	in.Date = DateOf(mustUTC(t, "2026-03-31T15:00:00Z"))
	check(t, "JST midnight", in, Candidates{GroupLists: []ListWithItem{fixedList(2, 0, h1, Break{1, 1600})}},
		want{1600, RuleGroupFixed, 2, 1})
}

func TestResolveQuantityBreaks(t *testing.T) {
	breaks := []Break{{1, 1000}, {10, 900}, {100, 800}}
	tests := []struct {
		qty    int
		price  oroshi.Yen
		minQty int
	}{
		{1, 1000, 1},
		{9, 1000, 1}, // MinQty-1 of the 10 break
		{10, 900, 10},
		{11, 900, 10},
		{99, 900, 10},
		{100, 800, 100},
		{101, 800, 100},
		{1_000_000, 800, 100},
	}
	orders := map[string][]Break{"sorted": breaks, "reversed": {breaks[2], breaks[1], breaks[0]},
		"shuffled": {breaks[1], breaks[2], breaks[0]}}
	for order, bs := range orders {
		for _, tt := range tests {
			name := order + " breaks, quantity " + strconv.Itoa(tt.qty)
			check(t, "buyer price, "+name, input(tt.qty),
				Candidates{BuyerPrices: []BuyerPrice{buyerPrice(1, open, bs...)}},
				want{tt.price, RuleBuyerPrice, 1, tt.minQty})
			check(t, "fixed list, "+name, input(tt.qty),
				Candidates{GroupLists: []ListWithItem{fixedList(2, 0, open, bs...)}},
				want{tt.price, RuleGroupFixed, 2, tt.minQty})
		}
	}
}

func TestResolveBreaksStayWithinTheChosenRule(t *testing.T) {
	// The buyer price has no break for 100+, the fixed list does and is
	// cheaper there: the buyer price still wins, with its own best break.
	c := Candidates{
		BuyerPrices: []BuyerPrice{buyerPrice(1, open, Break{1, 1500}, Break{10, 1400})},
		GroupLists:  []ListWithItem{fixedList(2, 0, open, Break{1, 1600}, Break{100, 1000})},
	}
	check(t, "quantity 100", input(100), c, want{1400, RuleBuyerPrice, 1, 10})
}

func TestResolveRoundingOnAwkwardRates(t *testing.T) {
	tests := []struct {
		list oroshi.Yen
		bp   int
		r    Rounding
		want oroshi.Yen
	}{
		{198, 7250, RoundFloor, 143}, // 143.55
		{198, 7250, RoundHalfUp, 144},
		{198, 7250, RoundCeil, 144},
		{105, 3333, RoundFloor, 34}, // 34.9965
		{105, 3333, RoundHalfUp, 35},
		{105, 3333, RoundCeil, 35},
		{101, 5000, RoundHalfUp, 51}, // exactly 50.5 goes up
		{100, 6667, RoundHalfUp, 67}, // 66.67
		{100, 6667, RoundFloor, 66},
	}
	for _, tt := range tests {
		in := input(1)
		in.ListPrice = tt.list
		c := Candidates{GroupLists: []ListWithItem{rateList(3, tt.bp, tt.r, open)}}
		name := FormatRate(tt.bp) + " " + tt.r.Label() + " of " + formatYen(tt.list)
		check(t, name, in, c, want{tt.want, RuleGroupRate, 3, 0})
	}
}

func TestResolveTieBreaks(t *testing.T) {
	early := Period{From: NewDate(2026, 1, 1)}
	late := Period{From: NewDate(2026, 5, 1), To: NewDate(2026, 5, 31)} // a May campaign
	notYet := Period{From: today.AddDays(1)}
	tests := []struct {
		name  string
		lists []ListWithItem
		w     want
	}{
		{"higher priority wins over later start",
			[]ListWithItem{fixedList(1, 0, late, Break{1, 1100}), fixedList(2, 5, early, Break{1, 1200})},
			want{1200, RuleGroupFixed, 2, 1}},
		{"same priority: latest ValidFrom wins",
			[]ListWithItem{fixedList(1, 0, early, Break{1, 1200}), fixedList(2, 0, late, Break{1, 1100})},
			want{1100, RuleGroupFixed, 2, 1}},
		{"open start counts as earliest",
			[]ListWithItem{fixedList(1, 0, open, Break{1, 1200}), fixedList(2, 0, early, Break{1, 1300})},
			want{1300, RuleGroupFixed, 2, 1}},
		{"same priority and start: lowest ID wins",
			[]ListWithItem{fixedList(9, 0, early, Break{1, 1100}), fixedList(4, 0, early, Break{1, 1300})},
			want{1300, RuleGroupFixed, 4, 1}},
		{"higher priority list without the SKU yields to the next",
			[]ListWithItem{{List: fixedList(1, 9, open).List}, fixedList(2, 0, open, Break{1, 1250})},
			want{1250, RuleGroupFixed, 2, 1}},
		{"higher priority list not yet valid yields to the next",
			[]ListWithItem{fixedList(1, 9, notYet, Break{1, 1}), fixedList(2, 0, open, Break{1, 1250})},
			want{1250, RuleGroupFixed, 2, 1}},
		{"rate lists: latest ValidFrom wins",
			[]ListWithItem{rateList(1, 8000, RoundFloor, early), rateList(2, 7000, RoundFloor, late)},
			want{1386, RuleGroupRate, 2, 0}},
	}
	for _, tt := range tests {
		check(t, tt.name, input(1), Candidates{GroupLists: tt.lists}, tt.w)
		rev := slices.Clone(tt.lists)
		slices.Reverse(rev)
		check(t, tt.name+" (rows reversed)", input(1), Candidates{GroupLists: rev}, tt.w)
	}
}

func TestResolveBuyerPriceTieBreak(t *testing.T) {
	standing := buyerPrice(5, open, Break{1, 1500})
	campaign := buyerPrice(8, Period{NewDate(2026, 5, 1), NewDate(2026, 5, 31)}, Break{1, 1300})
	twin := buyerPrice(3, Period{NewDate(2026, 5, 1), NewDate(2026, 5, 31)}, Break{1, 1350})
	tests := []struct {
		name string
		bps  []BuyerPrice
		w    want
	}{
		{"campaign (later start) wins", []BuyerPrice{standing, campaign}, want{1300, RuleBuyerPrice, 8, 1}},
		{"same start: lowest ID", []BuyerPrice{campaign, twin, standing}, want{1350, RuleBuyerPrice, 3, 1}},
	}
	for _, tt := range tests {
		check(t, tt.name, input(1), Candidates{BuyerPrices: tt.bps}, tt.w)
		rev := slices.Clone(tt.bps)
		slices.Reverse(rev)
		check(t, tt.name+" (rows reversed)", input(1), Candidates{BuyerPrices: rev}, tt.w)
	}
}
