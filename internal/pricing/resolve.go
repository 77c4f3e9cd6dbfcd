package pricing

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/oroshi-jp/oroshi"
)

// BuyerRef is what pricing needs to know about the buyer company.
type BuyerRef struct {
	ID      oroshi.ID
	GroupID oroshi.ID // 0: the buyer is in no price group
}

// Input is one question: what does this buyer pay per unit of this SKU, for
// this quantity, on this day?
type Input struct {
	Tenant    oroshi.TenantID
	Buyer     BuyerRef
	SKU       oroshi.ID
	ListPrice oroshi.Yen // the SKU's 定価, tax-exclusive, 0..MaxYen
	Quantity  int        // ≥ 1, in the SKU's selling unit
	Date      Date       // the JST day prices are taken at; see DateOf
}

// ListWithItem is a price list of the buyer's group with, for a fixed list,
// its item for the SKU in question. Item is nil when the list has no price
// for the SKU (shown as この商品の価格なし) and is ignored for rate lists.
type ListWithItem struct {
	List PriceList
	Item *PriceListItem
}

// Candidates are the rows that may price one SKU for one buyer: its buyer
// prices for the SKU and every price list of its group. The store loads
// them; passing more (expired rows, say) only adds lines to the explanation.
type Candidates struct {
	BuyerPrices []BuyerPrice
	GroupLists  []ListWithItem
}

// Result is the unit price and the rule that set it.
type Result struct {
	UnitPrice   oroshi.Yen
	Rule        Rule
	RuleLabel   string    // Rule.Label(), for templates
	SourceID    oroshi.ID // BuyerPrice.ID or PriceList.ID; 0 for the list price
	BreakMinQty int       // MinQty of the break used; 0 for a rate or the list price
	Explanation []Step    // every candidate in precedence order; the winner is the first with ReasonApplied
}

// Resolve decides the unit price for in from the candidates c.
//
// Precedence: a buyer price (個別単価) valid on in.Date; else a fixed price of
// a valid fixed price list of the buyer's group; else a valid rate list of
// the group applied to the list price; else the list price. A candidate is
// valid when the date is within its period and (for prices with breaks) a
// break applies: the one with the greatest MinQty ≤ Quantity. Among valid
// candidates of one rule, the highest Priority wins (lists only), then the
// latest ValidFrom, then the lowest ID, so the outcome never depends on the
// order of rows.
//
// A quantity below 1, a list price outside 0..MaxYen or an invalid date is
// a *oroshi.ValidationError. Rows that break validation are skipped as
// 設定不備 rather than failing the whole cart.
func Resolve(in Input, c Candidates) (Result, error) {
	if err := validateInput(in); err != nil {
		return Result{}, err
	}
	steps := make([]Step, 0, len(c.BuyerPrices)+len(c.GroupLists)+1)
	for _, bp := range c.BuyerPrices {
		steps = append(steps, buyerStep(in, bp))
	}
	for _, gl := range c.GroupLists {
		steps = append(steps, listStep(in, gl))
	}
	steps = append(steps, Step{Rule: RuleListPrice, Reason: reasonEligible, Price: in.ListPrice})
	slices.SortStableFunc(steps, precedence)
	return decide(steps), nil
}

func buyerStep(in Input, bp BuyerPrice) Step {
	s := Step{Rule: RuleBuyerPrice, SourceID: bp.ID, Period: bp.Valid}
	switch {
	case bp.Tenant != in.Tenant || bp.BuyerID != in.Buyer.ID || bp.SKUID != in.SKU:
		s.Reason = ReasonNotApplicable
	case !bp.Valid.Contains(in.Date):
		s.Reason = ReasonOutOfPeriod
	default:
		s.useBreak(bp.Breaks, in.Quantity)
	}
	return s
}

// listStep judges one price list. An unknown kind is listed with the fixed
// lists, as 設定不備.
func listStep(in Input, gl ListWithItem) Step {
	l := gl.List
	s := Step{Rule: RuleGroupFixed, SourceID: l.ID, Name: l.Name, Period: l.Valid, Priority: l.Priority}
	if l.Kind == KindRate {
		s.Rule, s.RateBP, s.Rounding = RuleGroupRate, l.RateBP, l.Rounding
	}
	switch {
	case l.Tenant != in.Tenant || l.GroupID == 0 || l.GroupID != in.Buyer.GroupID:
		s.Reason = ReasonNotApplicable
	case l.Kind != KindFixed && l.Kind != KindRate:
		s.Reason = ReasonInvalid
	case !l.Valid.Contains(in.Date):
		s.Reason = ReasonOutOfPeriod
	case l.Kind == KindRate:
		s.useRate(in.ListPrice)
	case gl.Item == nil:
		s.Reason = ReasonNoItem
	case gl.Item.ListID != l.ID || gl.Item.SKUID != in.SKU:
		s.Reason = ReasonNotApplicable
	default:
		s.useBreak(gl.Item.Breaks, in.Quantity)
	}
	return s
}

func (s *Step) useBreak(breaks []Break, qty int) {
	b, ok := breakFor(breaks, qty)
	switch {
	case !ok:
		s.Reason = ReasonBelowMinQty
	case b.MinQty < 1 || b.Price < 0 || b.Price > MaxYen: // a row that breaks validation: 設定不備
		s.Reason = ReasonInvalid
	default:
		s.Reason, s.Price, s.BreakMinQty = reasonEligible, b.Price, b.MinQty
	}
}

func (s *Step) useRate(list oroshi.Yen) {
	p, err := ApplyRate(list, s.RateBP, s.Rounding)
	if err != nil {
		s.Reason = ReasonInvalid
		return
	}
	s.Reason, s.Price = reasonEligible, p
}

// precedence orders steps by rule, then by the tie-break within a rule:
// higher Priority, later From (an open start, the zero Date, sorts as
// earliest), lower ID.
func precedence(a, b Step) int {
	if c := cmp.Compare(a.Rule.rank(), b.Rule.rank()); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Priority, a.Priority); c != 0 {
		return c
	}
	if c := b.Period.From.Compare(a.Period.From); c != 0 {
		return c
	}
	return cmp.Compare(a.SourceID, b.SourceID)
}

// decide takes the first eligible step of the sorted steps; the list price
// step is always eligible, so there is always a winner.
func decide(steps []Step) Result {
	win := -1
	for i := range steps {
		s := &steps[i]
		if s.Reason != reasonEligible {
			continue
		}
		switch {
		case win < 0:
			win, s.Reason = i, ReasonApplied
		case s.Rule == steps[win].Rule:
			s.Reason = ReasonLowerPriority
		default:
			s.Reason = ReasonOutranked
		}
	}
	w := steps[win]
	return Result{
		UnitPrice:   w.Price,
		Rule:        w.Rule,
		RuleLabel:   w.Rule.Label(),
		SourceID:    w.SourceID,
		BreakMinQty: w.BreakMinQty,
		Explanation: steps,
	}
}

// ResolveCart resolves every line of a cart, each with the candidates of its
// SKU (a SKU missing from c simply has none: its list price applies). All
// lines are checked; problems come back as one *oroshi.ValidationError with
// fields keyed "lines[i].quantity" etc. (i from 0), and no results.
func ResolveCart(lines []Input, c map[oroshi.ID]Candidates) ([]Result, error) {
	out := make([]Result, len(lines))
	v := &oroshi.ValidationError{}
	for i, in := range lines {
		r, err := Resolve(in, c[in.SKU])
		if err != nil {
			addLineError(v, i, err)
			continue
		}
		out[i] = r
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// addLineError copies a line's field errors under the line's prefix.
func addLineError(v *oroshi.ValidationError, i int, err error) {
	prefix := fmt.Sprintf("lines[%d].", i)
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) { // Resolve returns nothing else today; keep any future error visible
		v.Add(strings.TrimSuffix(prefix, "."), err.Error())
		return
	}
	for f, msg := range ve.Fields {
		v.Add(prefix+f, msg)
	}
}
