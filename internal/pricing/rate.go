package pricing

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
)

// ApplyRate is list × rateBP / 10000 rounded to whole yen, in integer
// arithmetic: 198円 × 72.5 % = 143.55円 → 143 (floor), 144 (half up, ceil).
// Inputs outside 0 ≤ list ≤ MaxYen and MinRateBP ≤ rateBP ≤ MaxRateBP are
// refused, because that bound is what keeps the product inside int64.
func ApplyRate(list oroshi.Yen, rateBP int, r Rounding) (oroshi.Yen, error) {
	switch {
	case list < 0 || list > MaxYen:
		return 0, fmt.Errorf("apply rate: list price %d out of range", list)
	case rateBP < MinRateBP || rateBP > MaxRateBP:
		return 0, fmt.Errorf("apply rate: rate %d bp out of range", rateBP)
	case !r.valid():
		return 0, fmt.Errorf("apply rate: unknown rounding %q", r)
	}
	n := int64(list) * int64(rateBP)
	q, rem := n/bpPerUnit, n%bpPerUnit // n ≥ 0, so Go's truncation is floor
	switch {
	case r == RoundCeil && rem > 0:
		q++
	case r == RoundHalfUp && 2*rem >= bpPerUnit:
		q++
	}
	return oroshi.Yen(q), nil
}

// rateMsg is the one message for a rate out of range, shared by forms.
const rateMsg = "掛け率は0.01%〜1000%の範囲で入力してください"

// ParseRate reads a percentage typed into a form ("72.5", "72.50%",
// "７２．５％" — full-width input is common from Japanese IMEs) into basis
// points without going through float64, so 72.5 is exactly 7250. Errors are
// *oroshi.ValidationError on field "rate_bp".
func ParseRate(s string) (int, error) {
	s = strings.TrimSuffix(halfWidth(strings.TrimSpace(s)), "%")
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || (hasDot && frac == "") || !digits(whole) || !digits(frac) {
		return 0, oroshi.Invalid("rate_bp", "掛け率は数字で入力してください（例: 72.5）")
	}
	if len(frac) > 2 {
		return 0, oroshi.Invalid("rate_bp", "掛け率は小数第2位まで入力してください")
	}
	if len(whole) > 6 { // keeps Atoi far from overflow; anything this long is out of range
		return 0, oroshi.Invalid("rate_bp", rateMsg)
	}
	w, _ := strconv.Atoi(whole)
	f, _ := strconv.Atoi((frac + "00")[:2])
	bp := w*100 + f
	if bp < MinRateBP || bp > MaxRateBP {
		return 0, oroshi.Invalid("rate_bp", rateMsg)
	}
	return bp, nil
}

// halfWidth maps full-width digits, period and percent sign to ASCII.
func halfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '．':
			return '.'
		case r == '％':
			return '%'
		}
		return r
	}, s)
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// FormatRate writes basis points as a percentage without trailing zeros:
// 7250 → "72.5%", 7000 → "70%", 3333 → "33.33%".
func FormatRate(bp int) string {
	s := strconv.Itoa(bp / 100)
	if frac := bp % 100; frac != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%02d", frac), "0")
	}
	return s + "%"
}
