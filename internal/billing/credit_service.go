package billing

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// CreateCreditNote checks and stores a 返還請求書 (返還請求書（発行）) and, when
// a DocumentIssuer is set, issues its PDF. Bad input is refused with a
// Japanese message per field and nothing is written. The PDF failing (no
// fonts, no saved layout) does not undo the credit note: DocumentProblem
// says why, and the PDF can be issued later.
func (s *Service) CreateCreditNote(ctx context.Context, t oroshi.TenantID, in CreditNoteInput, actor audit.Actor) (CreditNote, error) {
	cn, err := s.checkCreditNote(ctx, t, in)
	if err != nil {
		return CreditNote{}, err
	}
	ss, err := s.Store.SalesSettings(ctx, t)
	if err != nil {
		return CreditNote{}, fmt.Errorf("credit note: sales settings: %w", err)
	}
	cn = CreditTotals(cn, ss.TaxRounding)
	cn.CreatedBy = actor.ID
	ev := event(actor, t, ActionCreditNoteIssue, TargetCreditNote, 0)
	saved, err := s.Store.InsertCreditNote(ctx, cn, ev)
	if err != nil {
		return CreditNote{}, fmt.Errorf("create credit note for buyer %s: %w", in.BuyerID, err)
	}
	if s.Documents != nil {
		if err := s.Documents.IssueCreditNoteDocument(ctx, t, saved.ID, actor); err != nil {
			saved.DocumentProblem = problemText(err)
		}
	}
	return saved, nil
}

// checkCreditNote validates in against the buyer (and the invoice it
// names) and returns the note without its totals.
func (s *Service) checkCreditNote(ctx context.Context, t oroshi.TenantID, in CreditNoteInput) (CreditNote, error) {
	v := &oroshi.ValidationError{}
	cn := CreditNote{Tenant: t, BuyerID: in.BuyerID, InvoiceID: in.InvoiceID, Date: in.Date,
		Reason: strings.TrimSpace(in.Reason)}
	if cn.Date.IsZero() {
		cn.Date = s.Today()
	}
	switch {
	case !cn.Date.Valid():
		v.Add("date", "返還日を正しく入力してください")
	case cn.Date.Compare(s.Today()) > 0:
		v.Add("date", "返還日に未来の日付は指定できません")
	}
	switch n := utf8.RuneCountInString(cn.Reason); {
	case n == 0:
		v.Add("reason", "返還の理由（返品・値引きなど）を入力してください")
	case n > MaxCreditReasonLen:
		v.Add("reason", "返還の理由は"+strconv.Itoa(MaxCreditReasonLen)+"文字以内で入力してください")
	}
	cn.Lines = checkCreditLines(in.Lines, v)
	if err := s.creditParties(ctx, t, &cn, v); err != nil {
		return CreditNote{}, err
	}
	return cn, v.Err()
}

// creditParties fills the buyer of cn and checks the invoice it names.
func (s *Service) creditParties(ctx context.Context, t oroshi.TenantID, cn *CreditNote, v *oroshi.ValidationError) error {
	b, err := s.Store.Buyer(ctx, t, cn.BuyerID)
	switch {
	case cn.BuyerID == 0 || errors.Is(err, oroshi.ErrNotFound):
		v.Add("buyer_id", "取引先が見つかりません")
		return nil
	case err != nil:
		return fmt.Errorf("credit note: buyer %s: %w", cn.BuyerID, err)
	}
	cn.BuyerCode, cn.BuyerName = b.Code, b.Name
	if cn.InvoiceID == 0 {
		return nil
	}
	iv, err := s.Store.Invoice(ctx, t, cn.InvoiceID)
	switch {
	case errors.Is(err, oroshi.ErrNotFound) || err == nil && iv.BuyerID != cn.BuyerID:
		v.Add("invoice_id", "この取引先の請求書が見つかりません")
	case err != nil:
		return fmt.Errorf("credit note: invoice %s: %w", cn.InvoiceID, err)
	}
	return nil
}

func checkCreditLines(in []CreditLine, v *oroshi.ValidationError) []CreditLine {
	if len(in) == 0 {
		v.Add("lines", "明細を1行以上入力してください")
		return nil
	}
	if len(in) > MaxCreditLines {
		v.Add("lines", "明細は"+strconv.Itoa(MaxCreditLines)+"行以内にしてください")
		return nil
	}
	out := make([]CreditLine, len(in))
	for i, l := range in {
		row := "lines[" + strconv.Itoa(i) + "]."
		label := "明細" + strconv.Itoa(i+1) + "行目の"
		l.Description = strings.TrimSpace(l.Description)
		switch n := utf8.RuneCountInString(l.Description); {
		case n == 0:
			v.Add(row+"description", label+"内容を入力してください")
		case n > MaxCreditDescLen:
			v.Add(row+"description", label+"内容は"+strconv.Itoa(MaxCreditDescLen)+"文字以内で入力してください")
		}
		if l.Amount <= 0 || l.Amount > 1_000_000_000 {
			v.Add(row+"amount", label+"金額（税抜）は1円以上10億円以下で入力してください")
		}
		if l.TaxRate != sales.TaxStandard && l.TaxRate != sales.TaxReduced {
			v.Add(row+"tax_rate", label+"税率は10%か8%を選んでください")
		}
		out[i] = l
	}
	return out
}

// CreditNote returns one credit note with its lines.
func (s *Service) CreditNote(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (CreditNote, error) {
	cn, err := s.Store.CreditNote(ctx, t, id)
	if err != nil {
		return CreditNote{}, fmt.Errorf("credit note %s: %w", id, err)
	}
	return cn, nil
}

// CreditNotes lists credit notes, newest first.
func (s *Service) CreditNotes(ctx context.Context, t oroshi.TenantID, f CreditFilter) ([]CreditNote, error) {
	if f.Limit <= 0 || f.Limit > MaxLimit {
		f.Limit = 50
	}
	list, err := s.Store.CreditNotes(ctx, t, f)
	if err != nil {
		return nil, fmt.Errorf("credit notes: %w", err)
	}
	return list, nil
}

// problemText is the Japanese reason a document could not be issued: the
// validation message when there is one.
func problemText(err error) string {
	var v *oroshi.ValidationError
	if errors.As(err, &v) {
		for _, msg := range v.Fields {
			return msg
		}
	}
	return "返還請求書のPDFを作成できませんでした"
}
