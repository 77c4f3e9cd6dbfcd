package billing

import (
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

func d(s string) pricing.Date {
	x, err := pricing.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

func TestPeriod(t *testing.T) {
	cases := []struct {
		day           int
		closing       string
		from, to      string
		isClosingDate bool
	}{
		{buyers.EndOfMonth, "2026-03-31", "2026-03-01", "2026-03-31", true},
		{buyers.EndOfMonth, "2026-02-28", "2026-02-01", "2026-02-28", true},
		{buyers.EndOfMonth, "2024-02-29", "2024-02-01", "2024-02-29", true},
		{buyers.EndOfMonth, "2026-03-01", "2026-03-01", "2026-03-01", false},
		{buyers.EndOfMonth, "2026-04-30", "2026-04-01", "2026-04-30", true},
		{20, "2026-03-20", "2026-02-21", "2026-03-20", true},
		{20, "2026-01-20", "2025-12-21", "2026-01-20", true},
		{5, "2026-03-05", "2026-02-06", "2026-03-05", true},
		{25, "2026-03-25", "2026-02-26", "2026-03-25", true},
		{25, "2026-03-24", "", "", false},
	}
	for _, c := range cases {
		if got := IsClosingDate(c.day, d(c.closing)); got != c.isClosingDate {
			t.Errorf("IsClosingDate(%d, %s) = %v", c.day, c.closing, got)
		}
		if !c.isClosingDate || c.from == "" {
			continue
		}
		from, to := Period(c.day, d(c.closing))
		if from != d(c.from) || to != d(c.to) {
			t.Errorf("Period(%d, %s) = %s … %s, want %s … %s", c.day, c.closing, from, to, c.from, c.to)
		}
	}
	// 末日締め in March starts the day after 2月28日, not after "2月31日".
	if from, _ := Period(buyers.EndOfMonth, d("2026-03-31")); from != d("2026-03-01") {
		t.Errorf("March period starts %s", from)
	}
}

func TestDueDate(t *testing.T) {
	cases := []struct {
		terms   buyers.PaymentTerms
		closing string
		want    string
	}{
		{buyers.PaymentTerms{MonthOffset: 1, Day: buyers.EndOfMonth}, "2026-01-31", "2026-02-28"},
		{buyers.PaymentTerms{MonthOffset: 2, Day: 10}, "2026-12-20", "2027-02-10"},
		{buyers.PaymentTerms{MonthOffset: 0, Day: 25}, "2026-03-20", "2026-03-25"},
	}
	for _, c := range cases {
		if got := DueDate(c.terms, d(c.closing)); got != d(c.want) {
			t.Errorf("DueDate(%s, %s) = %s, want %s", c.terms.Label(), c.closing, got, c.want)
		}
	}
	// A per-order invoice of 4月21日 with 20日締め翌月末払い is due 6月30日.
	if got := PerOrderDueDate(20, buyers.PaymentTerms{MonthOffset: 1, Day: 31}, d("2026-04-21")); got != d("2026-06-30") {
		t.Errorf("PerOrderDueDate = %s", got)
	}
}

// threeSlips are three deliveries of ¥105 at 10 % and one of ¥105 at 8 %.
func threeSlips() []Line {
	var ls []Line
	for i := 1; i <= 3; i++ {
		ls = append(ls, Line{ShipmentID: oroshi.ID(i), Quantity: 1, UnitPrice: 105, Amount: 105, TaxRate: 10})
	}
	return append(ls, Line{ShipmentID: 3, Quantity: 1, UnitPrice: 105, Amount: 105, TaxRate: 8})
}

func TestDetailedAndSlipsDiffer(t *testing.T) {
	cases := []struct {
		method   Method
		rounding pricing.Rounding
		tax10    oroshi.Yen
		tax8     oroshi.Yen
	}{
		// 10 % of ¥315 is 31.5; per slip 10.5 each.
		{MethodDetailed, pricing.RoundFloor, 31, 8},
		{MethodSlips, pricing.RoundFloor, 30, 8},
		{MethodDetailed, pricing.RoundCeil, 32, 9},
		{MethodSlips, pricing.RoundCeil, 33, 9},
		{MethodDetailed, pricing.RoundHalfUp, 32, 8},
		{MethodSlips, pricing.RoundHalfUp, 33, 8},
	}
	for _, c := range cases {
		tot, err := ComputeTotals(threeSlips(), c.method, c.rounding)
		if err != nil {
			t.Fatal(err)
		}
		if len(tot.ByRate) != 2 || tot.ByRate[0].Tax != c.tax10 || tot.ByRate[1].Tax != c.tax8 {
			t.Errorf("%s %s: %+v, want tax %d / %d", c.method, c.rounding, tot.ByRate, c.tax10, c.tax8)
		}
		if tot.Sales != 420 || tot.Tax != c.tax10+c.tax8 {
			t.Errorf("%s %s: sales %d tax %d", c.method, c.rounding, tot.Sales, tot.Tax)
		}
	}
	if _, err := ComputeTotals(threeSlips(), "weekly", pricing.RoundFloor); err == nil {
		t.Error("unknown method accepted")
	}
}

func TestBuildCarriesOver(t *testing.T) {
	iv, err := Build(Invoice{Kind: ModeMonthly, Method: MethodDetailed, TaxRounding: pricing.RoundFloor,
		Lines: []Line{{Amount: 1000, TaxRate: 10}, {Amount: 500, TaxRate: 8}}}, 20000, 5000)
	if err != nil {
		t.Fatal(err)
	}
	want := Invoice{Previous: 20000, Received: 15000, Carried: 5000, Sales: 1500, Tax: 140, Total: 6640}
	if iv.Previous != want.Previous || iv.Received != want.Received || iv.Carried != want.Carried ||
		iv.Sales != want.Sales || iv.Tax != want.Tax || iv.Total != want.Total {
		t.Errorf("got 前回%d 入金%d 繰越%d 売上%d 税%d 請求%d", iv.Previous, iv.Received, iv.Carried, iv.Sales, iv.Tax, iv.Total)
	}
	if iv.Lines[1].No != 2 || iv.Charge() != 1640 {
		t.Errorf("lines not numbered or charge %d", iv.Charge())
	}
	po, _ := Build(Invoice{Kind: ModePerOrder, Method: MethodDetailed, TaxRounding: pricing.RoundFloor,
		Lines: []Line{{Amount: 1000, TaxRate: 10}}}, 20000, 5000)
	if po.Carried != 0 || po.Total != 1100 {
		t.Errorf("per-order invoice carries over: %+v", po)
	}
}

func TestAgingBuckets(t *testing.T) {
	today := d("2026-06-30")
	items := []OpenItem{
		{BuyerID: 1, BuyerCode: "A", DueDate: d("2026-06-30"), Balance: 100}, // due today: current
		{BuyerID: 1, BuyerCode: "A", DueDate: d("2026-06-29"), Balance: 200}, // 1 day
		{BuyerID: 1, BuyerCode: "A", DueDate: d("2026-05-31"), Balance: 300}, // 30 days
		{BuyerID: 2, BuyerCode: "B", DueDate: d("2026-05-30"), Balance: 400}, // 31 days
		{BuyerID: 2, BuyerCode: "B", DueDate: d("2026-04-01"), Balance: 500}, // 90 days
		{BuyerID: 2, BuyerCode: "B", DueDate: d("2026-03-31"), Balance: 600}, // 91 days
		{BuyerID: 3, BuyerCode: "C", DueDate: d("2026-01-31"), Balance: 0},   // paid: left out
	}
	a := BuildAging(items, today)
	if len(a.Rows) != 2 {
		t.Fatalf("rows %d", len(a.Rows))
	}
	wantA := [bucketCount]oroshi.Yen{100, 500, 0, 0, 0}
	wantB := [bucketCount]oroshi.Yen{0, 0, 400, 500, 600}
	if a.Rows[0].Amounts != wantA || a.Rows[1].Amounts != wantB || a.Totals.Total != 2100 {
		t.Errorf("aging %+v", a)
	}
}

func TestCheckPayment(t *testing.T) {
	today := d("2026-06-30")
	cases := []struct {
		p     Payment
		field string
	}{
		{Payment{ReceivedOn: today, Amount: 1000}, ""},
		{Payment{ReceivedOn: today, Amount: 0, Fee: 440}, ""},
		{Payment{ReceivedOn: today}, "amount"},
		{Payment{ReceivedOn: today, Amount: -1}, "amount"},
		{Payment{ReceivedOn: today, Amount: 1, Fee: -1}, "fee"},
		{Payment{Amount: 1}, "received_on"},
		{Payment{ReceivedOn: d("2026-07-01"), Amount: 1}, "received_on"},
	}
	for _, c := range cases {
		err := checkPayment(&c.p, today)
		v, _ := err.(*oroshi.ValidationError)
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%+v: %v", c.p, err)
		case c.field != "" && (v == nil || v.Fields[c.field] == ""):
			t.Errorf("%+v: want error on %s, got %v", c.p, c.field, err)
		}
	}
}
