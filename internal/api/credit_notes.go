package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Credit notes (返還請求書): /api/v1/credit-notes, and issuing the PDFs of
// invoices and credit notes again (after a failure, or a re-issue).

// CreditNoteLine is one item given back.
type CreditNoteLine struct {
	No          int    `json:"no" doc:"行番号（応答のみ）"`
	Description string `json:"description" doc:"内容（返品・値引きの対象。100文字以内）"`
	Amount      int64  `json:"amount" doc:"金額（税抜、円、1以上）"`
	TaxRate     int    `json:"tax_rate" doc:"税率（%）: 10 または 8（軽減税率）"`
}

// CreditNoteInput is a credit note to issue.
type CreditNoteInput struct {
	BuyerID   string           `json:"buyer_id" doc:"取引先ID（必須）"`
	InvoiceID string           `json:"invoice_id" doc:"対象の請求書ID（任意。この取引先の請求書に限る）"`
	Date      string           `json:"date" doc:"返還年月日 YYYY-MM-DD（省略時は今日、未来日不可）"`
	Reason    string           `json:"reason" doc:"理由（返品・値引きなど。必須、200文字以内）"`
	Lines     []CreditNoteLine `json:"lines" doc:"明細（1〜100行）"`
}

// CreditNote is an issued credit note (返還請求書). Amounts are positive: what
// is given back; they lower the buyer's outstanding balance at once and
// count in the next monthly invoice's received (ご入金額).
type CreditNote struct {
	ID              string           `json:"id"`
	Number          string           `json:"number" doc:"返還請求書番号 R-YYYY-NNNNNN"`
	BuyerID         string           `json:"buyer_id"`
	BuyerCode       string           `json:"buyer_code"`
	BuyerName       string           `json:"buyer_name"`
	InvoiceID       *string          `json:"invoice_id" doc:"対象の請求書（なければ null）"`
	Date            string           `json:"date" doc:"返還年月日 YYYY-MM-DD"`
	Reason          string           `json:"reason"`
	TaxRounding     string           `json:"tax_rounding"`
	Subtotal        int64            `json:"subtotal" doc:"返還額（税抜、円）"`
	Tax             int64            `json:"tax" doc:"消費税額（税率ごとに1回計算、円）"`
	Total           int64            `json:"total" doc:"返還額（税込、円）"`
	ByRate          []InvoiceRate    `json:"by_rate"`
	Lines           []CreditNoteLine `json:"lines" doc:"明細（一覧では空）"`
	DocumentProblem *string          `json:"document_problem" doc:"作成時に返還請求書のPDFを発行できなかった理由（発行できた・一覧では null）。POST /api/v1/credit-notes/{id}/document で後から発行できる"`
	CreatedAt       time.Time        `json:"created_at"`
}

func creditNoteOut(cn billing.CreditNote) CreditNote {
	out := CreditNote{ID: cn.ID.String(), Number: cn.Number, BuyerID: cn.BuyerID.String(), BuyerCode: cn.BuyerCode,
		BuyerName: cn.BuyerName, InvoiceID: optID(cn.InvoiceID), Date: cn.Date.String(), Reason: cn.Reason,
		TaxRounding: string(cn.TaxRounding), Subtotal: int64(cn.Subtotal), Tax: int64(cn.Tax), Total: int64(cn.Total),
		ByRate: []InvoiceRate{}, Lines: []CreditNoteLine{}, CreatedAt: cn.CreatedAt}
	for _, r := range cn.ByRate {
		out.ByRate = append(out.ByRate, InvoiceRate{Rate: r.Rate, Subtotal: int64(r.Subtotal), Tax: int64(r.Tax)})
	}
	for _, l := range cn.Lines {
		out.Lines = append(out.Lines, CreditNoteLine{No: l.No, Description: l.Description, Amount: int64(l.Amount), TaxRate: l.TaxRate})
	}
	if cn.DocumentProblem != "" {
		out.DocumentProblem = &cn.DocumentProblem
	}
	return out
}

// createCreditNote answers POST /api/v1/credit-notes.
func (s *server) createCreditNote(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	var in CreditNoteInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v := &oroshi.ValidationError{}
	bid, err := oroshi.ParseID(in.BuyerID)
	if err != nil && in.BuyerID != "" {
		v.Add("buyer_id", "取引先IDが正しくありません")
	}
	var ivID oroshi.ID
	if in.InvoiceID != "" {
		if ivID, err = oroshi.ParseID(in.InvoiceID); err != nil {
			v.Add("invoice_id", "請求書IDが正しくありません")
		}
	}
	var date pricing.Date
	if in.Date != "" {
		if date, err = pricing.ParseDate(in.Date); err != nil {
			v.Add("date", "返還年月日は YYYY-MM-DD で指定してください")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	lines := make([]billing.CreditLine, len(in.Lines))
	for i, l := range in.Lines {
		lines[i] = billing.CreditLine{Description: l.Description, Amount: oroshi.Yen(l.Amount), TaxRate: l.TaxRate}
	}
	cn, err := s.billing.CreateCreditNote(r.Context(), p.Tenant.ID, billing.CreditNoteInput{BuyerID: bid, InvoiceID: ivID,
		Date: date, Reason: in.Reason, Lines: lines}, actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, creditNoteOut(cn))
	return nil
}

// getCreditNote answers GET /api/v1/credit-notes/{id} with its lines.
func (s *server) getCreditNote(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	cn, err := s.billing.CreditNote(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, creditNoteOut(cn))
	return nil
}

// listCreditNotes answers GET /api/v1/credit-notes?buyer_id=, newest first.
func (s *server) listCreditNotes(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	pg, err := parsePage(r)
	if err != nil {
		return err
	}
	q, err := queryOf(r)
	if err != nil {
		return err
	}
	f := billing.CreditFilter{Limit: pg.Limit + 1}
	if f.BuyerID, err = queryID(q, "buyer_id"); err != nil {
		return err
	}
	if pg.After != nil {
		n, err := strconv.ParseInt(pg.After[0], 10, 64)
		if len(pg.After) != 1 || err != nil {
			return badParam("cursor", "cursor が正しくありません（前のレスポンスの next_cursor をそのまま指定してください）")
		}
		f.AfterID = oroshi.ID(n)
	}
	list, err := s.billing.CreditNotes(r.Context(), p.Tenant.ID, f)
	if err != nil {
		return err
	}
	out := make([]CreditNote, len(list))
	for i, cn := range list {
		out[i] = creditNoteOut(cn)
	}
	writeJSON(w, http.StatusOK, newList(out, pg.Limit, func(cn CreditNote) []string { return []string{cn.ID} }))
	return nil
}

// issueCreditNoteDocument answers POST /api/v1/credit-notes/{id}/document:
// the 返還請求書, the next version when issued before.
func (s *server) issueCreditNoteDocument(w http.ResponseWriter, r *http.Request) error {
	return s.issueDocument(w, r, func(t oroshi.TenantID, id oroshi.ID, a audit.Actor) (documents.Document, error) {
		return s.documents.IssueCreditNote(r.Context(), t, id, a)
	})
}

// issueInvoiceDocument answers POST /api/v1/invoices/{id}/document: the
// invoice's 請求書, the next version when issued before (closing issues the
// first one; without fonts it is issued here later).
func (s *server) issueInvoiceDocument(w http.ResponseWriter, r *http.Request) error {
	return s.issueDocument(w, r, func(t oroshi.TenantID, id oroshi.ID, a audit.Actor) (documents.Document, error) {
		return s.documents.IssueInvoice(r.Context(), t, id, a)
	})
}
