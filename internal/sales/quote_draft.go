package sales

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// QuoteLineInput is a line of a quote draft: a SKU by ID, or by 品番 when
// SKUID is 0, a quantity and the unit price staff set (nil: the buyer's
// resolved price today).
type QuoteLineInput struct {
	SKUID     oroshi.ID
	Code      string
	Quantity  int64
	UnitPrice *oroshi.Yen
}

// QuoteDraftInput is what staff edit on a draft.
type QuoteDraftInput struct {
	Lines      []QuoteLineInput
	ValidUntil pricing.Date // 有効期限; may stay zero until issued
	Notes      string
}

// buildVersion checks a draft and prices it for the buyer: each line's SKU
// must be one the buyer may order, its quantity within minimum and lot
// (stock is not checked: it is checked when the quote is accepted); lines
// without a price get the buyer's resolved price. Field errors are keyed
// "lines[i].code", "lines[i].quantity", "lines[i].unit_price".
func (s *QuoteService) buildVersion(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, in QuoteDraftInput, n int) (QuoteVersion, error) {
	in.Notes = strings.TrimSpace(in.Notes)
	v := &oroshi.ValidationError{}
	s.checkDraftHead(in, v)
	lines := make([]LineInput, len(in.Lines))
	for i, l := range in.Lines {
		lines[i] = LineInput{SKUID: l.SKUID, Code: strings.TrimSpace(l.Code), Quantity: l.Quantity}
		if l.UnitPrice != nil {
			if *l.UnitPrice < 0 || *l.UnitPrice > pricing.MaxYen {
				v.Add(lineField(i, "unit_price"), "単価は0円以上で入力してください")
				continue
			}
			lines[i].Price, lines[i].PriceLabel = l.UnitPrice, QuotePriceLabel
		}
	}
	if err := v.Err(); err != nil {
		return QuoteVersion{}, err
	}
	views, totals, err := s.Sales.evaluate(ctx, t, buyerID, lines)
	if err != nil {
		return QuoteVersion{}, err
	}
	if err := quoteLineErrors(views); err != nil {
		return QuoteVersion{}, err
	}
	st, err := s.Sales.Settings(ctx, t)
	if err != nil {
		return QuoteVersion{}, err
	}
	qv := QuoteVersion{Version: n, ValidUntil: in.ValidUntil, Notes: in.Notes, TaxRounding: st.TaxRounding, Totals: totals}
	for i, l := range views {
		qv.Lines = append(qv.Lines, QuoteLine{No: i + 1, SKUID: l.SKU.ID, Code: l.SKU.Code, JAN: l.SKU.JAN,
			ProductName: l.SKU.ProductName, Variant: l.SKU.Variant, Unit: l.SKU.Unit, CaseQty: l.SKU.CaseQty,
			Quantity: l.Quantity, UnitPrice: l.UnitPrice, PriceRule: l.PriceRule, TaxRate: l.TaxRate, Amount: l.Amount})
	}
	return qv, nil
}

// checkDraftHead checks what a draft holds besides its lines.
func (s *QuoteService) checkDraftHead(in QuoteDraftInput, v *oroshi.ValidationError) {
	switch {
	case len(in.Lines) == 0:
		v.Add("lines", "明細を1行以上入力してください")
	case len(in.Lines) > MaxQuoteLines:
		v.Add("lines", fmt.Sprintf("明細は%d行以内にしてください", MaxQuoteLines))
	}
	if utf8.RuneCountInString(in.Notes) > MaxQuoteNotesLen {
		v.Add("notes", fmt.Sprintf("備考は%d文字以内で入力してください", MaxQuoteNotesLen))
	}
	if !in.ValidUntil.IsZero() {
		if msg := s.validityProblem(in.ValidUntil); msg != "" {
			v.Add("valid_until", msg)
		}
	}
}

// validityProblem says what is wrong with a validity date ("" if nothing):
// it must be a real date from today (JST) to a year ahead.
func (s *QuoteService) validityProblem(d pricing.Date) string {
	today := s.Sales.today()
	switch {
	case d.IsZero():
		return "有効期限を入力してください"
	case !d.Valid():
		return "有効期限が正しくありません"
	case d.Compare(today) < 0:
		return fmt.Sprintf("有効期限は%s以降の日付を指定してください", today)
	case d.Compare(today.AddDays(366)) > 0:
		return "有効期限は1年以内の日付を指定してください"
	}
	return ""
}

// quoteLineErrors turns the problems of priced lines into field errors,
// leaving out stock: a quote may promise goods not yet in stock.
func quoteLineErrors(views []LineView) error {
	v := &oroshi.ValidationError{}
	for _, l := range views {
		if !l.Known {
			v.Add(lineField(l.Index, "code"), msgUnknownSKU)
			continue
		}
		probs := slices.DeleteFunc(slices.Clone(l.Problems), func(p string) bool {
			return l.SKU.TrackStock && p == StockMessage(l.SKU.Stock)
		})
		if len(probs) > 0 {
			v.Add(lineField(l.Index, "quantity"), strings.Join(probs, "／"))
		}
		if !l.Priced && len(probs) == 0 {
			v.Add(lineField(l.Index, "unit_price"), "金額が上限を超えています")
		}
	}
	return v.Err()
}

// draftInputOf is the input that rebuilds version qv (a revision's start,
// or a draft checked again at issue), keeping its prices.
func draftInputOf(qv QuoteVersion) QuoteDraftInput {
	in := QuoteDraftInput{ValidUntil: qv.ValidUntil, Notes: qv.Notes}
	for _, l := range qv.Lines {
		price := l.UnitPrice
		in.Lines = append(in.Lines, QuoteLineInput{SKUID: l.SKUID, Quantity: l.Quantity, UnitPrice: &price})
	}
	return in
}

// quoteSummary is the audit detail of a version's content.
func quoteSummary(qv QuoteVersion) map[string]any {
	return map[string]any{"version": qv.Version, "lines": len(qv.Lines), "subtotal": int64(qv.Totals.Subtotal),
		"tax": int64(qv.Totals.Tax), "total": int64(qv.Totals.Total), "valid_until": qv.ValidUntil.String()}
}
