package sales

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

func TestComputeTotals(t *testing.T) {
	three105 := []Amounted{{10, 105}, {10, 105}, {10, 105}}
	tests := []struct {
		name  string
		lines []Amounted
		r     pricing.Rounding
		want  Totals
	}{
		{"three ¥105 at 10 %, floor: once on ¥315", three105, pricing.RoundFloor,
			Totals{ByRate: []RateTotal{{10, 315, 31}}, Subtotal: 315, Tax: 31, Total: 346}},
		{"half up 31.5 → 32", three105, pricing.RoundHalfUp,
			Totals{ByRate: []RateTotal{{10, 315, 32}}, Subtotal: 315, Tax: 32, Total: 347}},
		{"ceil", []Amounted{{10, 301}}, pricing.RoundCeil,
			Totals{ByRate: []RateTotal{{10, 301, 31}}, Subtotal: 301, Tax: 31, Total: 332}},
		{"half up below half stays", []Amounted{{10, 304}}, pricing.RoundHalfUp,
			Totals{ByRate: []RateTotal{{10, 304, 30}}, Subtotal: 304, Tax: 30, Total: 334}},
		{"both rates, 10 first", []Amounted{{8, 999}, {10, 1000}, {8, 1}}, pricing.RoundFloor,
			Totals{ByRate: []RateTotal{{10, 1000, 100}, {8, 1000, 80}}, Subtotal: 2000, Tax: 180, Total: 2180}},
		{"8 % floor 79.92 → 79", []Amounted{{8, 999}}, pricing.RoundFloor,
			Totals{ByRate: []RateTotal{{8, 999, 79}}, Subtotal: 999, Tax: 79, Total: 1078}},
		{"8 % ceil", []Amounted{{8, 999}}, pricing.RoundCeil,
			Totals{ByRate: []RateTotal{{8, 999, 80}}, Subtotal: 999, Tax: 80, Total: 1079}},
		{"empty", nil, pricing.RoundFloor, Totals{}},
	}
	for _, tc := range tests {
		got, err := ComputeTotals(tc.lines, tc.r)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, d)
		}
	}
	if _, err := ComputeTotals([]Amounted{{5, 100}}, pricing.RoundFloor); err == nil {
		t.Error("rate 5 accepted")
	}
	if _, err := ComputeTotals(three105, "banker"); err == nil {
		t.Error("unknown rounding accepted")
	}
	if got := RoundTax(-315, 10, pricing.RoundFloor); got != -31 {
		t.Errorf("credit tax %d", got)
	}
	tot, _ := ComputeTotals([]Amounted{{8, 100}}, pricing.RoundFloor)
	if r := tot.Rate(10); r != (RateTotal{Rate: 10}) || tot.Rate(8).Tax != 8 {
		t.Errorf("Rate: %+v %+v", r, tot.Rate(8))
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		at   time.Time
		n    int64
		want string
	}{
		{time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), 123, "O-2026-000123"},
		// 2025-12-31 15:00 UTC is already New Year's Day in Japan.
		{time.Date(2025, 12, 31, 15, 0, 0, 0, time.UTC), 1, "O-2026-000001"},
		{time.Date(2025, 12, 31, 14, 59, 0, 0, time.UTC), 1, "O-2025-000001"},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 1234567, "O-2026-1234567"},
	}
	for _, tc := range tests {
		if got := FormatNumber(PrefixOrder, tc.at, tc.n); got != tc.want {
			t.Errorf("FormatNumber(%v, %d) = %q, want %q", tc.at, tc.n, got, tc.want)
		}
	}
	if got := FormatNumber(PrefixQuote, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), 7); got != "Q-2026-000007" {
		t.Errorf("quote number %q", got)
	}
}

func TestNeedsBuyerApproval(t *testing.T) {
	on := BuyerSettings{BuyerApproval: true}
	tests := []struct {
		bs        BuyerSettings
		purchaser bool
		limit     oroshi.Yen
		total     oroshi.Yen
		want      bool
	}{
		{on, true, 10000, 10001, true},
		{on, true, 10000, 10000, false},  // at the limit is within it
		{on, true, 0, 999999, false},     // no limit set
		{on, false, 10000, 20000, false}, // buyer admins order freely
		{BuyerSettings{}, true, 10000, 20000, false},
	}
	for i, tc := range tests {
		if got := NeedsBuyerApproval(tc.bs, tc.purchaser, tc.limit, tc.total); got != tc.want {
			t.Errorf("case %d: %v, want %v", i, got, tc.want)
		}
	}
}
