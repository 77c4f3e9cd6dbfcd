package pricing

import (
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
)

// Rule names the kind of rule that set a price. The values are stable codes
// for the database (e.g. on order lines) and the API.
type Rule string

// Rules in order of precedence.
const (
	RuleBuyerPrice Rule = "buyer_price" // 個別単価
	RuleGroupFixed Rule = "group_fixed" // グループ価格表 (fixed price)
	RuleGroupRate  Rule = "group_rate"  // 掛け率 on the list price
	RuleListPrice  Rule = "list_price"  // 定価
)

// Label is the Japanese name shown on screens.
func (r Rule) Label() string {
	switch r {
	case RuleBuyerPrice:
		return "個別単価"
	case RuleGroupFixed:
		return "グループ価格表"
	case RuleGroupRate:
		return "掛け率"
	case RuleListPrice:
		return "定価"
	}
	return string(r)
}

// rank orders rules by precedence, lower first.
func (r Rule) rank() int {
	switch r {
	case RuleBuyerPrice:
		return 0
	case RuleGroupFixed:
		return 1
	case RuleGroupRate:
		return 2
	}
	return 3
}

// Reason says why Resolve took or skipped a candidate.
type Reason string

// Reasons, as stable codes; Label gives the Japanese text.
const (
	ReasonApplied       Reason = "applied"        // this candidate set the price
	ReasonLowerPriority Reason = "lower_priority" // valid, but another of the same rule won the tie-break
	ReasonOutranked     Reason = "outranked"      // valid, but a rule of higher precedence won
	ReasonOutOfPeriod   Reason = "out_of_period"  // the date is outside its validity period
	ReasonBelowMinQty   Reason = "below_min_qty"  // no quantity break reaches down to the quantity
	ReasonNoItem        Reason = "no_item"        // a fixed price list without a price for this SKU
	ReasonNotApplicable Reason = "not_applicable" // another tenant, buyer, group or SKU (a store bug if seen)
	ReasonInvalid       Reason = "invalid"        // the row breaks validation (e.g. an unknown kind)

	// reasonEligible marks a usable candidate before the winner is chosen;
	// it never leaves Resolve.
	reasonEligible Reason = "eligible"
)

// Label is the Japanese text shown on the price check screen.
func (r Reason) Label() string {
	switch r {
	case ReasonApplied:
		return "適用"
	case ReasonLowerPriority:
		return "優先度が低い"
	case ReasonOutranked:
		return "上位のルールを適用"
	case ReasonOutOfPeriod:
		return "期間外"
	case ReasonBelowMinQty:
		return "数量未満"
	case ReasonNoItem:
		return "この商品の価格なし"
	case ReasonNotApplicable:
		return "対象外"
	case ReasonInvalid:
		return "設定不備"
	}
	return string(r)
}

// Step is one candidate Resolve considered, in precedence order, with the
// outcome. The price check screen lists them so staff can see why a buyer
// pays what it pays, and what the other rules would have given.
type Step struct {
	Rule        Rule
	SourceID    oroshi.ID // BuyerPrice.ID or PriceList.ID; 0 for the list price
	Name        string    // price list name; "" for other rules
	Period      Period
	Priority    int      // price lists only
	RateBP      int      // group_rate only
	Rounding    Rounding // group_rate only
	Reason      Reason
	Price       oroshi.Yen // the unit price this candidate gives; see HasPrice
	BreakMinQty int        // MinQty of the break used; 0 for rules without breaks
}

// HasPrice reports whether the candidate was usable, so Price is what it
// would charge (applied, or lost only on precedence).
func (s Step) HasPrice() bool {
	return s.Reason == ReasonApplied || s.Reason == ReasonLowerPriority || s.Reason == ReasonOutranked
}

// String is a one-line Japanese explanation, e.g.
// 「掛け率「ランクB」72.5%・切り捨て（#7・2026-04-01〜2026-09-30）: 適用 1,435円」.
func (s Step) String() string {
	var b strings.Builder
	b.WriteString(s.Rule.Label())
	if s.Name != "" {
		b.WriteString("「" + s.Name + "」")
	}
	if s.Rule == RuleGroupRate {
		b.WriteString(FormatRate(s.RateBP) + "・" + s.Rounding.Label())
	}
	if s.Rule != RuleListPrice {
		b.WriteString("（#" + s.SourceID.String() + "・")
		if s.Priority != 0 {
			b.WriteString("優先度" + strconv.Itoa(s.Priority) + "・")
		}
		b.WriteString(s.Period.String() + "）")
	}
	b.WriteString(": " + s.Reason.Label())
	if s.HasPrice() {
		b.WriteString(" " + formatYen(s.Price))
		if s.BreakMinQty > 0 {
			b.WriteString("（数量" + strconv.Itoa(s.BreakMinQty) + "以上）")
		}
	}
	return b.String()
}

// formatYen writes an amount with thousands separators: 1234567 → "1,234,567円".
func formatYen(y oroshi.Yen) string {
	s := strconv.FormatInt(int64(y), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + "円"
}
