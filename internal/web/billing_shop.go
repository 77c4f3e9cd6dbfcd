package web

import (
	"fmt"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
)

// The buyer company's own invoices in the shop: the list with the
// company's current balance, and each invoice read-only.

type shopInvoiceListView struct {
	Balance  billing.Balance
	Filter   invoiceFilterForm
	Statuses []buyerOption
	Invoices []invoiceRow
	Next     string
	First    string
}

// shopInvoiceList: GET /{tenant}/invoices?status=&cursor=
func (s *Server) shopInvoiceList(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	bu, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	buyerID := bu.BuyerID
	q := r.URL.Query()
	form := invoiceFilterForm{Status: q.Get("status"), Cursor: q.Get("cursor")}
	v := shopInvoiceListView{Filter: form, Statuses: invoiceStatusOptions(form.Status)}
	if v.Balance, err = s.Billing.Balance(r.Context(), rc.tenant.ID, buyerID); err != nil {
		return err
	}
	f, errs := invoiceFilter(form)
	f.BuyerID = buyerID // only the company's own, whatever the query says
	status := http.StatusOK
	if len(errs) == 0 {
		list, err := s.Billing.Invoices(r.Context(), rc.tenant.ID, f)
		if err != nil {
			return err
		}
		v.Invoices, v.Next, v.First = invoicePage(list, rc.base()+"/invoices", invoiceFilterForm{Status: form.Status, Cursor: form.Cursor})
	} else {
		status = http.StatusUnprocessableEntity
	}
	return s.render(w, r, status, "shop/invoices/index", &Page{Title: "請求書", Data: v, Errors: errs})
}

// shopInvoiceShow: GET /{tenant}/invoices/{id}; another company's invoice
// is not found.
func (s *Server) shopInvoiceShow(w http.ResponseWriter, r *http.Request) error {
	bu, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	buyerID := bu.BuyerID
	iv, err := s.pathInvoice(r)
	if err != nil {
		return err
	}
	if iv.BuyerID != buyerID {
		return fmt.Errorf("invoice %s of another buyer: %w", iv.ID, oroshi.ErrNotFound)
	}
	v := newInvoiceShowView(iv)
	if v.Docs, err = s.invoiceDocs(r.Context(), reqCtx(r).base(), reqCtx(r).tenant.ID, iv.ID, buyerID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "shop/invoices/show", &Page{Title: "請求書詳細", Data: v})
}
