package pricing

import (
	"errors"
	"slices"
	"testing"

	"github.com/oroshi-jp/oroshi"
)

// fuzzBreaks reads quantity breaks from raw, 3 bytes each: a signed
// minimum and a signed price shifted up to 2^47, so that negative, zero,
// duplicate and far too large values all occur.
func fuzzBreaks(raw []byte) []Break {
	var out []Break
	for ; len(raw) >= 3 && len(out) < 2*MaxBreaks; raw = raw[3:] {
		out = append(out, Break{MinQty: int(int8(raw[0])), Price: oroshi.Yen(int8(raw[1])) << (raw[2] % 48)})
	}
	return out
}

// fuzzCandidates builds two buyer prices, a fixed and a rate price list
// for buyer 7 (group 5) and SKU 3 around base, from the fuzzer's bytes.
func fuzzCandidates(base Date, raw []byte, rateBP int, round uint8) Candidates {
	half := len(raw) / 2
	all, some := fuzzBreaks(raw), fuzzBreaks(raw[half-half%3:])
	return Candidates{
		BuyerPrices: []BuyerPrice{
			{ID: 11, Tenant: 1, BuyerID: 7, SKUID: 3, Valid: Period{From: base, To: base.AddDays(30)}, Breaks: all},
			{ID: 12, Tenant: 1, BuyerID: 7, SKUID: 3, Valid: Period{To: base.AddDays(-1)}, Breaks: some},
		},
		GroupLists: []ListWithItem{
			{List: PriceList{ID: 21, Tenant: 1, GroupID: 5, Kind: KindFixed, Priority: int(round) % 3},
				Item: &PriceListItem{ListID: 21, SKUID: 3, Breaks: some}},
			{List: PriceList{ID: 22, Tenant: 1, GroupID: 5, Kind: KindRate, RateBP: rateBP, Priority: 1,
				Rounding: append(Roundings, "round")[int(round)%4], Valid: Period{From: base.AddDays(-10)}}},
		},
	}
}

// FuzzResolve: price resolution (個別単価, price lists with quantity breaks,
// 掛け率, validity periods) never panics, refuses a bad question only with a
// *oroshi.ValidationError, applies exactly one candidate, does not depend
// on the order of rows, charges the break with the greatest minimum ≤ the
// quantity, and rounds a rate as its rounding says.
func FuzzResolve(f *testing.F) {
	f.Add(10, int64(1980), 7250, int16(0), uint8(0), []byte{1, 100, 1, 10, 90, 1, 10, 80, 1})
	f.Add(-3, int64(-1), 0, int16(400), uint8(1), []byte{0, 127, 47})
	f.Add(1<<62, int64(MaxYen), MaxRateBP, int16(-11), uint8(2), []byte{1, 0, 0, 255, 255, 255})
	f.Add(1, int64(198), 7255, int16(-10), uint8(3), []byte{})
	f.Fuzz(func(t *testing.T, qty int, list int64, rateBP int, day int16, round uint8, raw []byte) {
		base := NewDate(2026, 4, 1)
		in := Input{Tenant: 1, Buyer: BuyerRef{ID: 7, GroupID: 5}, SKU: 3, ListPrice: oroshi.Yen(list),
			Quantity: qty, Date: base.AddDays(int(day))}
		c := fuzzCandidates(base, raw, rateBP, round)
		res, err := Resolve(in, c)
		if bad := qty < 1 || list < 0 || oroshi.Yen(list) > MaxYen || !in.Date.Valid(); bad || err != nil {
			var ve *oroshi.ValidationError
			if !bad || !errors.As(err, &ve) || len(ve.Fields) == 0 {
				t.Fatalf("Resolve(%+v) = %v (%T), refusal expected: %v", in, err, err, bad)
			}
			return
		}
		checkApplied(t, in, res)
		slices.Reverse(c.BuyerPrices)
		slices.Reverse(c.GroupLists)
		again, _ := Resolve(in, c)
		if again.UnitPrice != res.UnitPrice || again.SourceID != res.SourceID || again.BreakMinQty != res.BreakMinQty {
			t.Fatalf("row order changed the price: %+v then %+v", res, again)
		}
	})
}

func checkApplied(t *testing.T, in Input, res Result) {
	t.Helper()
	applied := 0
	for _, s := range res.Explanation {
		if s.Reason == ReasonApplied {
			applied++
		}
	}
	if applied != 1 || len(res.Explanation) != 5 || res.UnitPrice < 0 {
		t.Fatalf("%d applied of %d steps, price %d", applied, len(res.Explanation), res.UnitPrice)
	}
	switch res.Rule {
	case RuleListPrice:
		if res.UnitPrice != in.ListPrice {
			t.Fatalf("list price %d charged as %d", in.ListPrice, res.UnitPrice)
		}
	case RuleGroupRate:
		s := res.Explanation[slices.IndexFunc(res.Explanation, func(s Step) bool { return s.Reason == ReasonApplied })]
		exact, p := int64(in.ListPrice)*int64(s.RateBP), int64(res.UnitPrice)*bpPerUnit
		if p > exact+bpPerUnit-1 || p < exact-bpPerUnit+1 || (s.Rounding == RoundFloor && p > exact) || (s.Rounding == RoundCeil && p < exact) {
			t.Fatalf("%d × %d bp (%s) = %d", in.ListPrice, s.RateBP, s.Rounding, res.UnitPrice)
		}
	default:
		if res.BreakMinQty < 1 || res.BreakMinQty > in.Quantity || res.UnitPrice > MaxYen {
			t.Fatalf("break %d for quantity %d at %d", res.BreakMinQty, in.Quantity, res.UnitPrice)
		}
	}
}

// FuzzParseRate: a typed 掛け率 is refused only with a validation error on
// rate_bp, and an accepted one is in range and reads back from FormatRate.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"72.5", "７２．５％", "0.01", "1000%", "1000.01", "99999999999999999999", "-5", ".5", "5.", "1e3", "７２.５0%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bp, err := ParseRate(s)
		if err != nil {
			var ve *oroshi.ValidationError
			if !errors.As(err, &ve) || ve.Fields["rate_bp"] == "" {
				t.Fatalf("ParseRate(%q) = %v (%T)", s, err, err)
			}
			return
		}
		if bp < MinRateBP || bp > MaxRateBP {
			t.Fatalf("ParseRate(%q) = %d: out of range", s, bp)
		}
		if back, err := ParseRate(FormatRate(bp)); err != nil || back != bp {
			t.Fatalf("ParseRate(%q) = %d → %q → %d, %v", s, bp, FormatRate(bp), back, err)
		}
	})
}
