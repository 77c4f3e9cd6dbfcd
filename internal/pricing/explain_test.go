package pricing

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/oroshi-jp/oroshi"
)

func mustUTC(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// TestResolveExplanation checks what the price check screen shows: every
// candidate in precedence order with the reason it was taken or skipped.
func TestResolveExplanation(t *testing.T) {
	q1 := Period{NewDate(2026, 1, 1), NewDate(2026, 3, 31)}
	foreign := buyerPrice(13, open, Break{1, 1})
	foreign.BuyerID = 999
	noItem := fixedList(23, 0, open)
	noItem.Item = nil
	badRate := rateList(32, 7000, "banker", open)
	otherGroup := fixedList(24, 0, open, Break{1, 1})
	otherGroup.List.GroupID = 998
	c := Candidates{
		BuyerPrices: []BuyerPrice{
			foreign,
			buyerPrice(12, open, Break{10, 1400}), // starts at 10: breaks validation, yet must not crash
			buyerPrice(11, q1, Break{1, 1500}),
		},
		GroupLists: []ListWithItem{
			rateList(31, 7250, RoundFloor, h1),
			noItem,
			fixedList(22, 0, open, Break{1, 1700}),
			otherGroup,
			badRate,
			fixedList(21, 5, h1, Break{1, 1650}, Break{5, 1600}),
		},
	}
	r, err := Resolve(input(5), c)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range r.Explanation {
		got = append(got, s.String())
	}
	want := []string{
		"個別単価（#11・2026-01-01〜2026-03-31）: 期間外",
		"個別単価（#12・期間指定なし）: 数量未満",
		"個別単価（#13・期間指定なし）: 対象外",
		"グループ価格表「固定21」（#21・優先度5・2026-04-01〜2026-09-30）: 適用 1,600円（数量5以上）",
		"グループ価格表「固定22」（#22・期間指定なし）: 優先度が低い 1,700円（数量1以上）",
		"グループ価格表「固定23」（#23・期間指定なし）: この商品の価格なし",
		"グループ価格表「固定24」（#24・期間指定なし）: 対象外",
		"掛け率「掛率31」72.5%・切り捨て（#31・2026-04-01〜2026-09-30）: 上位のルールを適用 1,435円",
		"掛け率「掛率32」70%・banker（#32・期間指定なし）: 設定不備",
		"定価: 上位のルールを適用 1,980円",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("explanation (-want +got):\n%s", diff)
	}
	if r.UnitPrice != 1600 || r.SourceID != 21 || r.BreakMinQty != 5 {
		t.Errorf("result = %+v", r)
	}
	applied := 0
	for _, s := range r.Explanation {
		if s.Reason == ReasonApplied {
			applied++
		}
	}
	if applied != 1 {
		t.Errorf("%d steps marked applied, want exactly 1", applied)
	}
}

func TestResolveSkipsRowsItShouldNeverSee(t *testing.T) {
	// Defence in depth: rows of another tenant, buyer, group or SKU, or rows
	// that break validation, must never price the line.
	otherTenant := buyerPrice(1, open, Break{1, 1})
	otherTenant.Tenant = 8
	otherSKU := buyerPrice(2, open, Break{1, 1})
	otherSKU.SKUID = 301
	negative := buyerPrice(3, open, Break{1, -5})
	tenantList := fixedList(4, 0, open, Break{1, 1})
	tenantList.List.Tenant = 8
	itemOfOtherSKU := fixedList(5, 0, open, Break{1, 1})
	itemOfOtherSKU.Item.SKUID = 301
	itemOfOtherList := fixedList(6, 0, open, Break{1, 1})
	itemOfOtherList.Item.ListID = 99
	unknownKind := fixedList(7, 0, open, Break{1, 1})
	unknownKind.List.Kind = "percent"
	zeroRate := rateList(8, 0, RoundFloor, open)
	c := Candidates{
		BuyerPrices: []BuyerPrice{otherTenant, otherSKU, negative},
		GroupLists:  []ListWithItem{tenantList, itemOfOtherSKU, itemOfOtherList, unknownKind, zeroRate},
	}
	check(t, "every row skipped", input(1), c, want{1980, RuleListPrice, 0, 0})

	noGroup := input(1)
	noGroup.Buyer.GroupID = 0
	c = Candidates{GroupLists: []ListWithItem{fixedList(9, 0, open, Break{1, 1})}}
	c.GroupLists[0].List.GroupID = 0
	check(t, "buyer without group, list without group", noGroup, c, want{1980, RuleListPrice, 0, 0})
}

func TestResolveZeroPrices(t *testing.T) {
	in := input(1)
	in.ListPrice = 0
	check(t, "0円 list price", in, Candidates{}, want{0, RuleListPrice, 0, 0})
	check(t, "rate of 0円", in, Candidates{GroupLists: []ListWithItem{rateList(3, 7000, RoundCeil, open)}},
		want{0, RuleGroupRate, 3, 0})
	check(t, "0円 buyer price (sample)", input(1),
		Candidates{BuyerPrices: []BuyerPrice{buyerPrice(1, open, Break{1, 0})}}, want{0, RuleBuyerPrice, 1, 1})
}

func TestResolveInputErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Input)
		want map[string]string
	}{
		{"quantity 0", func(in *Input) { in.Quantity = 0 }, map[string]string{"quantity": "数量は1以上で入力してください"}},
		{"quantity negative", func(in *Input) { in.Quantity = -3 }, map[string]string{"quantity": "数量は1以上で入力してください"}},
		{"list price negative", func(in *Input) { in.ListPrice = -1 }, map[string]string{"list_price": "定価は0円以上1兆円以下にしてください"}},
		{"list price above bound", func(in *Input) { in.ListPrice = MaxYen + 1 }, map[string]string{"list_price": "定価は0円以上1兆円以下にしてください"}},
		{"no date", func(in *Input) { in.Date = Date{} }, map[string]string{"date": "日付が正しくありません"}},
		{"impossible date", func(in *Input) { in.Date = NewDate(2026, 2, 30) }, map[string]string{"date": "日付が正しくありません"}},
	}
	for _, tt := range tests {
		in := input(1)
		tt.edit(&in)
		_, err := Resolve(in, Candidates{})
		if diff := cmp.Diff(tt.want, fieldsOf(t, err)); diff != "" {
			t.Errorf("%s: fields (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestResolveCart(t *testing.T) {
	line := func(s oroshi.ID, qty int) Input {
		in := input(qty)
		in.SKU = s
		return in
	}
	bp := buyerPrice(1, open, Break{1, 1500})
	other := fixedList(2, 0, open, Break{1, 700}, Break{12, 650})
	other.Item.SKUID = 301
	c := map[oroshi.ID]Candidates{
		sku: {BuyerPrices: []BuyerPrice{bp}},
		301: {GroupLists: []ListWithItem{other}},
	}
	lines := []Input{line(sku, 1), line(301, 12), line(302, 3)}
	rs, err := ResolveCart(lines, c)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]want, len(rs))
	for i, r := range rs {
		got[i] = want{r.UnitPrice, r.Rule, r.SourceID, r.BreakMinQty}
	}
	wantRs := []want{
		{1500, RuleBuyerPrice, 1, 1},
		{650, RuleGroupFixed, 2, 12},
		{1980, RuleListPrice, 0, 0}, // no candidates for SKU 302
	}
	if diff := cmp.Diff(wantRs, got, cmp.AllowUnexported(want{})); diff != "" {
		t.Errorf("cart (-want +got):\n%s", diff)
	}

	lines = append(lines, line(sku, 0), line(301, -1))
	lines[0].ListPrice = -1
	rs, err = ResolveCart(lines, c)
	wantFields := map[string]string{
		"lines[0].list_price": "定価は0円以上1兆円以下にしてください",
		"lines[3].quantity":   "数量は1以上で入力してください",
		"lines[4].quantity":   "数量は1以上で入力してください",
	}
	if diff := cmp.Diff(wantFields, fieldsOf(t, err)); diff != "" || rs != nil {
		t.Errorf("cart errors (-want +got):\n%s\nresults: %v", diff, rs)
	}
}

// BenchmarkResolveCart100 prices a 100-line cart where every SKU has two
// buyer prices, three fixed lists with three breaks each and two rate lists:
// more rules than a real seller keeps.
func BenchmarkResolveCart100(b *testing.B) {
	lines := make([]Input, 100)
	c := make(map[oroshi.ID]Candidates, 100)
	for i := range lines {
		s := oroshi.ID(1000 + i)
		lines[i] = Input{Tenant: tenant, Buyer: BuyerRef{ID: buyer, GroupID: group}, SKU: s,
			ListPrice: oroshi.Yen(100 + i*37), Quantity: 1 + i%150, Date: today}
		c[s] = benchCandidates(s)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ResolveCart(lines, c); err != nil {
			b.Fatal(err)
		}
	}
}

func benchCandidates(s oroshi.ID) Candidates {
	breaks := []Break{{1, 1000}, {10, 900}, {100, 800}}
	var c Candidates
	for id := oroshi.ID(1); id <= 2; id++ {
		bp := buyerPrice(id, Period{From: NewDate(2025, 1, 1), To: NewDate(2026, 1, 1)}, breaks...)
		bp.SKUID = s
		c.BuyerPrices = append(c.BuyerPrices, bp)
	}
	for id := oroshi.ID(10); id < 13; id++ {
		l := fixedList(id, int(id%2), h1, breaks...)
		l.Item.SKUID = s
		c.GroupLists = append(c.GroupLists, l)
	}
	c.GroupLists = append(c.GroupLists, rateList(20, 7250, RoundFloor, open), rateList(21, 8000, RoundCeil, h1))
	return c
}
