package documents

import (
	"context"
	"fmt"
	"strconv"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/billing"
)

// IssueCreditNote issues the 返還請求書 of a credit note (返還請求書（発行）);
// issuing again makes the next version. It carries the qualified items of
// a 適格返還請求書: issuer and registration number, the date, what was given
// back with ※ for the reduced rate, the per-rate amounts and the tax once
// per rate, and the recipient.
func (s *Service) IssueCreditNote(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) (Document, error) {
	cn, err := s.Store.CreditNote(ctx, t, id)
	if err != nil {
		return Document{}, fmt.Errorf("credit note document: %s: %w", id, err)
	}
	b, err := s.Store.Buyer(ctx, t, cn.BuyerID)
	if err != nil {
		return Document{}, fmt.Errorf("credit note document: buyer %s: %w", cn.BuyerID, err)
	}
	var ref string
	if cn.InvoiceID != 0 {
		iv, err := s.Store.Invoice(ctx, t, cn.InvoiceID)
		if err != nil {
			return Document{}, fmt.Errorf("credit note document: invoice %s: %w", cn.InvoiceID, err)
		}
		ref = iv.Number
	}
	src := source{
		doc: Document{Kind: KindCreditNote, Number: cn.Number, SourceType: SourceCredit, SourceID: cn.ID,
			BuyerID: cn.BuyerID, BuyerName: cn.BuyerName, DocDate: cn.Date},
		sheet: sheetInput{Kind: KindCreditNote, Number: cn.Number, Recipient: cn.BuyerName, Address: buyerAddress(b)},
		build: func(in sheetInput) (Sheet, Amounts, error) {
			return creditSheet(in, cn, ref), Amounts{Total: cn.Total}, nil
		},
	}
	return s.issue(ctx, t, src, actor)
}

// IssueCreditNoteDocument is IssueCreditNote for billing
// (billing.DocumentIssuer).
func (s *Service) IssueCreditNoteDocument(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) error {
	_, err := s.IssueCreditNote(ctx, t, id, actor)
	return err
}

// creditSheet lays out a 返還請求書: amounts given back, with the per-rate
// totals and tax, shown as the layout's tax display says.
func creditSheet(in sheetInput, cn billing.CreditNote, invoiceNumber string) Sheet {
	lo := in.Layout
	sh := Sheet{Title: KindCreditNote.Label(), Number: cn.Number, IssuedOn: DateText(in.IssuedOn),
		Recipient: in.Recipient + " 御中", RecipientSub: in.Address,
		Greeting: "下記のとおり返品・値引きによりご返還いたします。",
		Headline: []Field{{Label: "ご返還金額（税込）", Value: YenText(cn.Total), Strong: true}},
		Issuer:   issuer(lo)}
	sh.Meta = []Field{{Label: "返還年月日", Value: DateText(cn.Date)}, {Label: "理由", Value: cn.Reason}}
	if invoiceNumber != "" {
		sh.Meta = append(sh.Meta, Field{Label: "対象の請求書", Value: invoiceNumber})
	}
	d := lo.TaxDisplay
	_, amount := amountHeads(d)
	sh.Columns = []Column{{"No.", 4, AlignCenter}, {"内容", 50, AlignLeft}, {"税率", 8, AlignRight},
		{amount, 14, AlignRight}}
	for _, l := range cn.Lines {
		name := l.Description
		if l.Reduced() {
			name += " " + ReducedMark
			sh.Legend = Legend
		}
		amt := l.Amount
		if d == TaxInclusive {
			amt = withTax(amt, l.TaxRate, cn.TaxRounding)
		}
		sh.Rows = append(sh.Rows, []string{strconv.Itoa(l.No), name, strconv.Itoa(l.TaxRate) + "%", Thousands(int64(amt))})
	}
	sh.Totals, sh.TaxSummary = rateTotals(shownRates(cn.ByRate, d, billing.MethodDetailed, cn.TaxRounding), d)
	sh.Totals = append(sh.Totals, Field{Label: "返還額合計（税込）", Value: YenText(cn.Total), Strong: true})
	if d == TaxInclusive {
		sh.Notes = append(sh.Notes, inclusiveNote)
	}
	if lo.Notes != "" {
		sh.Notes = append(sh.Notes, Note{"ご案内", lo.Notes})
	}
	sh.Footer = footer(KindCreditNote.Label(), cn.Number, in.Version)
	return sh
}
