package web

import (
	"context"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// Credit notes (返還請求書) in the admin invoice area: the list, newest
// first, with the latest PDF of each, and the form that issues one. The
// rules (required fields, rates, the buyer's own invoice, totals) are the
// billing service's; this file only reads the form and shows the result.

// creditPageSize is how many credit notes a list page shows.
const creditPageSize = 50

// creditNoteRoutes registers the credit note pages under p (…/invoices):
// admin.view lists and shows, admin.edit issues (and issues the PDF
// again); and the buyer's own in the shop (billing_credit_show.go).
func (s *Server) creditNoteRoutes(mux *http.ServeMux, a area, p string) {
	mux.Handle("GET "+p+"/credit-notes", s.page(a, identity.PermAdminView, s.creditNoteList))
	mux.Handle("GET "+p+"/credit-notes/new", s.page(a, identity.PermAdminEdit, s.creditNoteNew))
	mux.Handle("POST "+p+"/credit-notes/new", s.page(a, identity.PermAdminEdit, s.creditNoteCreate))
	mux.Handle("GET "+p+"/credit-notes/{id}", s.page(a, identity.PermAdminView, s.creditNoteShow))
	if s.Documents != nil {
		mux.Handle("POST "+p+"/credit-notes/{id}/document", s.page(a, identity.PermAdminEdit, s.creditNoteIssue))
	}
	sh := areaShop.pattern + "/invoices/credit-notes"
	mux.Handle("GET "+sh, s.page(areaShop, identity.PermShopView, s.shopCreditNoteList))
	mux.Handle("GET "+sh+"/{id}", s.page(areaShop, identity.PermShopView, s.shopCreditNoteShow))
}

// creditRow is one credit note of the list with the link to its latest PDF
// ("" when none was issued).
type creditRow struct {
	billing.CreditNote
	PDF string
}

// Issued is the credit note's date as the pages show it: 2026/04/30.
func (r creditRow) Issued() string { return dateText(r.Date) }

type creditListView struct {
	Notes []creditRow
	Form  creditFilterForm
	Next  string // URL of the next (older) page
	First string // URL of the first page, when on a later one
	Shop  bool
}

// creditNoteList: GET /invoices/credit-notes?buyer=&from=&to=&cursor= (the
// buyer by its code; cursor: the ID of the last note of the previous page).
func (s *Server) creditNoteList(w http.ResponseWriter, r *http.Request) error {
	form := readCreditFilter(r)
	f, errs := creditFilterOf(form)
	if form.Buyer != "" {
		id, err := s.buyerIDByCode(r, form.Buyer)
		if err != nil {
			return err
		}
		if id == 0 {
			errs["buyer"] = "取引先コード「" + form.Buyer + "」の取引先が見つかりません"
		}
		f.BuyerID = id
	}
	return s.listCreditNotes(w, r, creditListView{Form: form}, f, errs)
}

// listCreditNotes renders a page of credit notes selected by f (the
// admin's list, or the buyer's own in the shop when v.Shop).
func (s *Server) listCreditNotes(w http.ResponseWriter, r *http.Request, v creditListView, f billing.CreditFilter,
	errs map[string]string) error {
	rc := reqCtx(r)
	name := "admin/invoices/credit_notes"
	if v.Shop {
		name = "shop/invoices/credit_notes"
	}
	page := &Page{Title: "返還請求書一覧", Data: &v, Errors: errs}
	if len(errs) > 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, name, page)
	}
	f.Limit = creditPageSize + 1
	list, err := s.Billing.CreditNotes(r.Context(), rc.tenant.ID, f)
	if err != nil {
		return err
	}
	path := rc.base() + "/invoices/credit-notes"
	if len(list) > creditPageSize {
		list = list[:creditPageSize]
		v.Next = path + "?" + v.Form.query(list[len(list)-1].ID.String())
	}
	if v.Form.Cursor != "" {
		v.First = path + "?" + v.Form.query("")
	}
	buyerID := oroshi.ID(0)
	if v.Shop {
		buyerID = f.BuyerID
	}
	if v.Notes, err = s.creditRows(r.Context(), rc.base(), rc.tenant.ID, buyerID, list); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, name, page)
}

// creditRows adds to each note the link to its newest PDF version. One
// indexed lookup per note, at most a page of them.
func (s *Server) creditRows(ctx context.Context, base string, t oroshi.TenantID, buyerID oroshi.ID,
	list []billing.CreditNote) ([]creditRow, error) {
	rows := make([]creditRow, len(list))
	for i, cn := range list {
		rows[i].CreditNote = cn
		if s.Documents == nil {
			continue
		}
		links, err := s.sourceDocs(ctx, base, t, documents.SourceCredit, cn.ID, buyerID)
		if err != nil {
			return nil, err
		}
		if len(links) > 0 {
			rows[i].PDF = links[0].URL // newest first
		}
	}
	return rows, nil
}

// creditNoteNew: GET /invoices/credit-notes/new
func (s *Server) creditNoteNew(w http.ResponseWriter, r *http.Request) error {
	form := newCreditForm(s.Billing.Today().String())
	return s.renderCreditForm(w, r, http.StatusOK, form, nil)
}

func (s *Server) renderCreditForm(w http.ResponseWriter, r *http.Request, status int, f creditForm, errs map[string]string) error {
	v := creditFormView{Form: f, Rates: creditRates}
	v.Form.attachErrors(errs)
	return s.render(w, r, status, "admin/invoices/credit_new", &Page{Title: "返還請求書の発行", Data: v, Errors: errs})
}

// creditNoteCreate: POST /invoices/credit-notes/new. What the form cannot
// read (an unknown buyer code or invoice number, a date or an amount not
// typed as such) is refused here before the service is asked; the rest of
// the checks are the service's. Nothing is written on any error.
func (s *Server) creditNoteCreate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	form := readCreditForm(r)
	in, errs, err := s.creditInput(r, form)
	if err != nil {
		return err
	}
	if len(errs) == 0 {
		cn, err := s.Billing.CreateCreditNote(r.Context(), rc.tenant.ID, in, buyerActor(r))
		if fields, ok := asFieldErrors(err); ok {
			errs = creditFieldErrors(fields)
		} else if err != nil {
			return err
		} else if cn.DocumentProblem != "" {
			setFlash(w, "返還請求書を発行しました。PDFは作成できませんでした（帳票設定を確認してください）。")
		} else {
			setFlash(w, "返還請求書を発行しました。")
		}
	}
	if len(errs) > 0 {
		return s.renderCreditForm(w, r, http.StatusUnprocessableEntity, form, errs)
	}
	http.Redirect(w, r, rc.base()+"/invoices/credit-notes", http.StatusSeeOther)
	return nil
}

// creditFieldErrors renames the service's field keys to the form's: the
// buyer and the invoice are typed as a code and a number.
func creditFieldErrors(fields map[string]string) map[string]string {
	out := make(map[string]string, len(fields))
	for k, msg := range fields {
		switch k {
		case "buyer_id":
			k = "buyer"
		case "invoice_id":
			k = "invoice"
		}
		out[k] = msg
	}
	return out
}
