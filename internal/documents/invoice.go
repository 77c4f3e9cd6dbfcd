package documents

import (
	"context"
	"fmt"
	"strconv"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// SlipsNote is printed on a monthly 請求書 whose tax was computed on each
// delivery slip (billing.MethodSlips): the slips are the qualified
// invoices, and the per-rate tax here is their sum.
const SlipsNote = "消費税額は、納品書（適格請求書）ごとに税率別に計算した額の合計です。"

// IssueInvoice issues the 請求書 of a billing invoice (請求書（発行）);
// issuing again makes the next version. The money printed is billing's:
// the lines tax excluded, per-rate subtotals and the tax as the invoice
// computed it (once per rate, or the slips' sum), and the header figures
// 前回請求額 … 今回ご請求額. The layout's tax display says whether they are
// shown without tax (外税) or with it (内税, inclusive.go); the amount billed
// is the same either way.
func (s *Service) IssueInvoice(ctx context.Context, t oroshi.TenantID, invoiceID oroshi.ID, actor audit.Actor) (Document, error) {
	iv, err := s.Store.Invoice(ctx, t, invoiceID)
	if err != nil {
		return Document{}, fmt.Errorf("invoice document: invoice %s: %w", invoiceID, err)
	}
	b, err := s.Store.Buyer(ctx, t, iv.BuyerID)
	if err != nil {
		return Document{}, fmt.Errorf("invoice document: buyer %s: %w", iv.BuyerID, err)
	}
	src := source{
		doc: Document{Kind: KindInvoice, Number: iv.Number, SourceType: SourceInvoice, SourceID: iv.ID,
			OrderID: iv.OrderID, BuyerID: iv.BuyerID, BuyerName: iv.BuyerName, DocDate: iv.IssueDate},
		sheet: sheetInput{Kind: KindInvoice, Number: iv.Number, Recipient: iv.BuyerName, Address: buyerAddress(b),
			Headline: "ご請求金額"},
		build: func(in sheetInput) (Sheet, Amounts, error) {
			return invoiceSheet(in, iv), Amounts{Total: iv.Total}, nil
		},
	}
	return s.issue(ctx, t, src, actor)
}

// IssueInvoiceDocument is IssueInvoice for billing (billing.DocumentIssuer).
func (s *Service) IssueInvoiceDocument(ctx context.Context, t oroshi.TenantID, invoiceID oroshi.ID, actor audit.Actor) error {
	_, err := s.IssueInvoice(ctx, t, invoiceID, actor)
	return err
}

var _ billing.DocumentIssuer = (*Service)(nil)

// invoiceSheet lays out a 請求書: the header figures, one row per
// delivered line, the per-rate subtotals and tax, the bank account.
func invoiceSheet(in sheetInput, iv billing.Invoice) Sheet {
	lo := in.Layout
	sh := Sheet{Title: KindInvoice.Label(), Number: iv.Number, IssuedOn: DateText(iv.IssueDate),
		Recipient: in.Recipient + " 御中", RecipientSub: in.Address, Greeting: lo.Greetings[KindInvoice],
		Headline: []Field{{Label: "ご請求金額（税込）", Value: YenText(iv.Total), Strong: true},
			{Label: "お支払期限", Value: DateText(iv.DueDate)}},
		Meta: invoiceMeta(iv, lo.TaxDisplay), Issuer: issuer(lo)}
	d := lo.TaxDisplay
	sh.Columns, sh.Rows = invoiceTable(iv.Lines, lo.ShowCode, d, iv.TaxRounding)
	sh.Totals, sh.TaxSummary = rateTotals(shownRates(iv.ByRate, d, iv.Method, iv.TaxRounding), d)
	sh.Totals = append(sh.Totals, Field{Label: "今回ご請求額", Value: YenText(iv.Total), Strong: true})
	for _, l := range iv.Lines {
		if l.Reduced() {
			sh.Legend = Legend
			break
		}
	}
	if iv.Kind == billing.ModeMonthly && iv.Method == billing.MethodSlips {
		sh.Notes = append(sh.Notes, Note{"消費税額の計算", SlipsNote})
	}
	if d == TaxInclusive {
		sh.Notes = append(sh.Notes, inclusiveNote)
	}
	sh.Notes = append(sh.Notes, notes("", lo)...)
	sh.Footer = footer(KindInvoice.Label(), iv.Number, in.Version)
	return sh
}

// invoiceMeta is the 請求期間 and the summary 前回請求額 … 今回ご請求額 (a
// per-order invoice bills its order alone: no carried amounts). With 内税
// the sales are shown tax included, with the tax they include.
func invoiceMeta(iv billing.Invoice, d TaxDisplay) []Field {
	var out []Field
	if iv.Kind == billing.ModePerOrder {
		if len(iv.Lines) > 0 {
			out = append(out, Field{Label: "注文番号", Value: iv.Lines[0].OrderNumber})
		}
		out = append(out, Field{Label: "請求期間", Value: DateText(iv.PeriodFrom) + "〜" + DateText(iv.PeriodTo)})
	} else {
		out = append(out, Field{Label: "請求期間", Value: DateText(iv.PeriodFrom) + "〜" + DateText(iv.PeriodTo) + "締"},
			Field{Label: "前回請求額", Value: YenText(iv.Previous)},
			Field{Label: "ご入金額", Value: YenText(iv.Received)},
			Field{Label: "繰越金額", Value: YenText(iv.Carried)})
	}
	if d == TaxInclusive {
		out = append(out, Field{Label: "今回売上額（税込）", Value: YenText(iv.Sales + iv.Tax)},
			Field{Label: "うち消費税額", Value: YenText(iv.Tax)})
	} else {
		out = append(out, Field{Label: "今回売上額", Value: YenText(iv.Sales)},
			Field{Label: "消費税額", Value: YenText(iv.Tax)})
	}
	return append(out, Field{Label: "今回ご請求額", Value: YenText(iv.Total), Strong: true})
}

// invoiceTable: 日付, 伝票番号, 品番 (when the layout shows it), 商品名 (※ for
// the reduced rate), 数量, 単位, 単価, 金額 — amounts as the display says.
func invoiceTable(lines []billing.Line, showCode bool, d TaxDisplay, r pricing.Rounding) ([]Column, [][]string) {
	price, amount := amountHeads(d)
	cols := []Column{{"日付", 6, AlignCenter}, {"伝票番号", 14, AlignLeft}}
	if showCode {
		cols = append(cols, Column{"品番", 10, AlignLeft})
	}
	cols = append(cols, Column{"商品名", 26, AlignLeft}, Column{"数量", 7, AlignRight}, Column{"単位", 5, AlignCenter},
		Column{price, 10, AlignRight}, Column{amount, 11, AlignRight})
	rows := make([][]string, len(lines))
	for i, l := range lines {
		name := l.Name
		if l.Reduced() {
			name += " " + ReducedMark
		}
		row := []string{strconv.Itoa(int(l.ShippedOn.Month)) + "/" + strconv.Itoa(l.ShippedOn.Day), l.SlipNo}
		if showCode {
			row = append(row, l.Code)
		}
		unit, amt := l.UnitPrice, l.Amount
		if d == TaxInclusive {
			unit, amt = withTax(unit, l.TaxRate, r), withTax(amt, l.TaxRate, r)
		}
		rows[i] = append(row, name, Thousands(l.Quantity), l.Unit, Thousands(int64(unit)), Thousands(int64(amt)))
	}
	return cols, rows
}

// shownRates are billing's per-rate totals as the display shows them: as
// they are (外税) or with their tax included (内税). A tax summed from the
// delivery slips (billing.MethodSlips) stays that sum; otherwise the
// included tax is computed once on the rate's included total, which gives
// billing's tax again (inclusive.go), so the document bills the same.
func shownRates(rs []billing.RateTotal, d TaxDisplay, m billing.Method, r pricing.Rounding) []RateAmount {
	out := make([]RateAmount, len(rs))
	for i, rt := range rs {
		out[i] = RateAmount{Rate: rt.Rate, Base: rt.Subtotal, Tax: rt.Tax}
		switch {
		case d != TaxInclusive:
		case m == billing.MethodSlips:
			out[i].Base += rt.Tax
		default:
			out[i] = inclusiveRate(rt.Rate, rt.Subtotal, rt.Tax, r)
		}
	}
	return out
}

// rateTotals are the per-rate totals and tax (a qualified invoice's
// 税率ごとに区分した合計額と税額), and the summary.
func rateTotals(rs []RateAmount, d TaxDisplay) (tot, sum []Field) {
	for _, r := range rs {
		t, f := rateFields(d, r)
		tot, sum = append(tot, t...), append(sum, f)
	}
	return tot, sum
}

// footer is the small line on every page: title, number, and a re-issue's
// version.
func footer(title, number string, version int) string {
	f := title + " " + number
	if version > 1 {
		f += "（第" + strconv.Itoa(version) + "版・再発行）"
	}
	return f
}
