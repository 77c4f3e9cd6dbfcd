package web

import (
	"context"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/documents"
)

// Issuing from the order, shipment and quote pages: each button issues the
// next version and goes back to the page, which lists every version; a
// refusal (no settings, no registration number for a 納品書, a quote not
// issued) comes back as a Japanese flash-free error page of the source.

// documentIssueConfirmation: POST /orders/{id}/documents/confirmation
func (s *Server) documentIssueConfirmation(w http.ResponseWriter, r *http.Request) error {
	return s.issueStep(w, r, "/orders/", func(id oroshi.ID) (documents.Document, error) {
		return s.Documents.IssueOrderConfirmation(r.Context(), reqCtx(r).tenant.ID, id, buyerActor(r))
	})
}

// documentIssueSlip: POST /orders/{id}/shipments/{sid}/delivery-slip
func (s *Server) documentIssueSlip(w http.ResponseWriter, r *http.Request) error {
	sid, err := pathID(r, "sid")
	if err != nil {
		return err
	}
	return s.issueStep(w, r, "/orders/", func(id oroshi.ID) (documents.Document, error) {
		return s.Documents.IssueDeliverySlip(r.Context(), reqCtx(r).tenant.ID, id, sid, buyerActor(r))
	})
}

// documentIssueQuote: POST /quotes/{id}/document
func (s *Server) documentIssueQuote(w http.ResponseWriter, r *http.Request) error {
	return s.issueStep(w, r, "/quotes/", func(id oroshi.ID) (documents.Document, error) {
		return s.Documents.IssueQuote(r.Context(), reqCtx(r).tenant.ID, id, buyerActor(r))
	})
}

type documentRefusalView struct {
	Message, Back, Settings string
}

func (s *Server) issueStep(w http.ResponseWriter, r *http.Request, prefix string, do func(oroshi.ID) (documents.Document, error)) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	back := rc.base() + prefix + id.String()
	d, err := do(id)
	if fields, ok := asFieldErrors(err); ok {
		v := documentRefusalView{Message: firstMessage(fields), Back: back, Settings: rc.base() + "/settings/documents"}
		return s.render(w, r, http.StatusUnprocessableEntity, "admin/documents/refused", &Page{Title: "帳票を発行できません", Data: v})
	}
	if err != nil {
		return err
	}
	setFlash(w, d.Kind.Label()+"を発行しました。")
	http.Redirect(w, r, back+"#documents", http.StatusSeeOther)
	return nil
}

// documentIssueInvoice: POST /invoices/{id}/document issues (again) the
// invoice's 請求書 PDF — when the closing run could not (no fonts, no
// settings yet) or after the layout changed.
func (s *Server) documentIssueInvoice(w http.ResponseWriter, r *http.Request) error {
	return s.issueStep(w, r, "/invoices/", func(id oroshi.ID) (documents.Document, error) {
		return s.Documents.IssueInvoice(r.Context(), reqCtx(r).tenant.ID, id, buyerActor(r))
	})
}

// invoiceDocs are the links to an invoice's 請求書 PDFs, newest version
// first; buyerID 0 is the seller's view, else only that buyer's.
func (s *Server) invoiceDocs(ctx context.Context, base string, t oroshi.TenantID, invoiceID, buyerID oroshi.ID) ([]docLink, error) {
	if s.Documents == nil {
		return nil, nil
	}
	ds, err := s.Documents.ForSource(ctx, t, documents.SourceInvoice, invoiceID, buyerID)
	if err != nil {
		return nil, err
	}
	return newDocLinks(base, ds), nil
}
