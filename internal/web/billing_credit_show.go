package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// A credit note (返還請求書) on its own page: for seller staff with its PDF
// versions and the button that issues the PDF again (the invoice page's
// issueStep); for the buyer company, its own notes in the shop, read-only.

// creditFilterForm is the credit note list's search form as typed.
type creditFilterForm struct {
	Buyer, From, To, Cursor string
}

func readCreditFilter(r *http.Request) creditFilterForm {
	q := r.URL.Query()
	return creditFilterForm{Buyer: strings.TrimSpace(q.Get("buyer")), From: strings.TrimSpace(q.Get("from")),
		To: strings.TrimSpace(q.Get("to")), Cursor: q.Get("cursor")}
}

// query is the form as a query string, with cursor ("" for the first page).
func (f creditFilterForm) query(cursor string) string {
	q := url.Values{}
	for k, v := range map[string]string{"buyer": f.Buyer, "from": f.From, "to": f.To, "cursor": cursor} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q.Encode()
}

// creditFilterOf reads the dates and the cursor of the form; the buyer
// code is the caller's (the shop ignores it).
func creditFilterOf(form creditFilterForm) (billing.CreditFilter, map[string]string) {
	var f billing.CreditFilter
	errs := map[string]string{}
	readDates(errs, dateField{"from", form.From, &f.From}, dateField{"to", form.To, &f.To})
	if form.Cursor != "" {
		id, err := oroshi.ParseID(form.Cursor)
		if err != nil {
			errs["cursor"] = "ページの指定が正しくありません"
		}
		f.AfterID = id
	}
	return f, errs
}

// shopCreditNoteList: GET /{tenant}/invoices/credit-notes?from=&to=, the
// buyer company's own credit notes.
func (s *Server) shopCreditNoteList(w http.ResponseWriter, r *http.Request) error {
	bu, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	form := readCreditFilter(r)
	form.Buyer = ""
	f, errs := creditFilterOf(form)
	f.BuyerID = bu.BuyerID
	return s.listCreditNotes(w, r, creditListView{Form: form, Shop: true}, f, errs)
}

type creditShowView struct {
	Note    billing.CreditNote
	Invoice string    // number of the invoice it corrects; "" when none
	Docs    []docLink // the 返還請求書 PDFs, newest version first
}

// Date shows a calendar date as the pages do: 2026/04/30.
func (creditShowView) Date(d pricing.Date) string { return dateText(d) }

// HasReduced reports whether a line is at the reduced rate (the ※ note).
func (v creditShowView) HasReduced() bool {
	for _, l := range v.Note.Lines {
		if l.Reduced() {
			return true
		}
	}
	return false
}

// creditNoteShow: GET /invoices/credit-notes/{id}
func (s *Server) creditNoteShow(w http.ResponseWriter, r *http.Request) error {
	return s.showCreditNote(w, r, 0, "admin/invoices/credit_show")
}

// shopCreditNoteShow: GET /{tenant}/invoices/credit-notes/{id}; another
// company's credit note is not found.
func (s *Server) shopCreditNoteShow(w http.ResponseWriter, r *http.Request) error {
	bu, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	return s.showCreditNote(w, r, bu.BuyerID, "shop/invoices/credit_show")
}

// showCreditNote renders the credit note of the path; buyerID 0 is the
// seller's view, else only that buyer's note (and its PDFs) is found.
func (s *Server) showCreditNote(w http.ResponseWriter, r *http.Request, buyerID oroshi.ID, name string) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return fmt.Errorf("credit note id: %w", oroshi.ErrNotFound)
	}
	cn, err := s.Billing.CreditNote(r.Context(), rc.tenant.ID, id)
	if err != nil {
		return err
	}
	if buyerID != 0 && cn.BuyerID != buyerID {
		return fmt.Errorf("credit note %s of another buyer: %w", id, oroshi.ErrNotFound)
	}
	v := creditShowView{Note: cn}
	if cn.InvoiceID != 0 {
		iv, err := s.Billing.Invoice(r.Context(), rc.tenant.ID, cn.InvoiceID)
		if err != nil {
			return err
		}
		v.Invoice = iv.Number
	}
	if v.Docs, err = s.sourceDocs(r.Context(), rc.base(), rc.tenant.ID, documents.SourceCredit, id, buyerID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, name, &Page{Title: "返還請求書", Data: v})
}

// creditNoteIssue: POST /invoices/credit-notes/{id}/document issues (again)
// the credit note's 返還請求書 PDF — when it failed at issue (no fonts, no
// settings yet) or after the layout changed; documents records
// 返還請求書（発行） in the operation history.
func (s *Server) creditNoteIssue(w http.ResponseWriter, r *http.Request) error {
	return s.issueStep(w, r, "/invoices/credit-notes/", func(id oroshi.ID) (documents.Document, error) {
		return s.Documents.IssueCreditNote(r.Context(), reqCtx(r).tenant.ID, id, buyerActor(r))
	})
}

// dateField is a date typed in a filter bar and where it goes.
type dateField struct {
	field, text string
	to          *pricing.Date
}

// readDates reads the dates typed in a filter bar (empty: open); one that
// cannot be read is a message under its field.
func readDates(errs map[string]string, dates ...dateField) {
	for _, d := range dates {
		if d.text == "" {
			continue
		}
		day, err := pricing.ParseDate(d.text)
		if err != nil {
			errs[d.field] = "日付は「2026-04-01」の形で入力してください"
		}
		*d.to = day
	}
}
