package documents

import (
	"context"
	"fmt"
	"strconv"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/billing"
)

// SlipsNote is printed on a monthly 請求書 whose tax was computed on each
// delivery slip (billing.MethodSlips): the slips are the qualified
// invoices, and the per-rate tax here is their sum.
const SlipsNote = "消費税額は、納品書（適格請求書）ごとに税率別に計算した額の合計です。"

// IssueInvoice issues the 請求書 of a billing invoice (請求書（発行）);
// issuing again makes the next version. The money printed is billing's:
// the lines tax excluded, per-rate subtotals and the tax as the invoice
// computed it (once per rate, or the slips' sum), and the header figures
// 前回請求額 … 今回ご請求額. The 請求書 always shows amounts without tax
// (外税), whatever the layout's tax display, because billing stores them so.
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
		Meta: invoiceMeta(iv), Issuer: issuer(lo)}
	sh.Columns, sh.Rows = invoiceTable(iv.Lines, lo.ShowCode)
	sh.Totals, sh.TaxSummary = rateTotals(iv.ByRate)
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
	sh.Notes = append(sh.Notes, notes("", lo)...)
	sh.Footer = footer(KindInvoice.Label(), iv.Number, in.Version)
	return sh
}

// invoiceMeta is the 請求期間 and the summary 前回請求額 … 今回ご請求額 (a
// per-order invoice bills its order alone: no carried amounts).
func invoiceMeta(iv billing.Invoice) []Field {
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
	return append(out, Field{Label: "今回売上額", Value: YenText(iv.Sales)},
		Field{Label: "消費税額", Value: YenText(iv.Tax)},
		Field{Label: "今回ご請求額", Value: YenText(iv.Total), Strong: true})
}

// invoiceTable: 日付, 伝票番号, 品番 (when the layout shows it), 商品名 (※ for
// the reduced rate), 数量, 単位, 単価, 金額 — amounts tax excluded.
func invoiceTable(lines []billing.Line, showCode bool) ([]Column, [][]string) {
	cols := []Column{{"日付", 6, AlignCenter}, {"伝票番号", 14, AlignLeft}}
	if showCode {
		cols = append(cols, Column{"品番", 10, AlignLeft})
	}
	cols = append(cols, Column{"商品名", 26, AlignLeft}, Column{"数量", 7, AlignRight}, Column{"単位", 5, AlignCenter},
		Column{"単価（税抜）", 10, AlignRight}, Column{"金額（税抜）", 11, AlignRight})
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
		rows[i] = append(row, name, Thousands(l.Quantity), l.Unit, Thousands(int64(l.UnitPrice)),
			Thousands(int64(l.Amount)))
	}
	return cols, rows
}

// rateTotals are the per-rate subtotal and tax as billing computed them
// (a qualified invoice's 税率ごとに区分した合計額と税額), and the summary.
func rateTotals(rs []billing.RateTotal) (tot, sum []Field) {
	for _, r := range rs {
		rate := strconv.Itoa(r.Rate) + "%"
		tot = append(tot, Field{Label: rate + "対象 小計", Value: YenText(r.Subtotal)},
			Field{Label: "消費税（" + rate + "）", Value: YenText(r.Tax)})
		sum = append(sum, Field{Label: rate + "対象", Value: YenText(r.Subtotal) + "（消費税 " + YenText(r.Tax) + "）"})
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
