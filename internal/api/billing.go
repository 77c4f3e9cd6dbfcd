package api

import (
	"net/http"
	"strconv"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Billing (請求・入金): /api/v1/invoices, payments, buyer balances.

// listInvoices answers GET /api/v1/invoices?buyer_id=&from=&to=&status=,
// newest first.
func (s *server) listInvoices(w http.ResponseWriter, r *http.Request) error {
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
	f := billing.Filter{Status: billing.Status(q.Get("status")), Limit: pg.Limit + 1}
	if f.Status != "" && !f.Status.Valid() {
		return badParam("status", "status は unpaid, partial, paid のいずれかを指定してください")
	}
	if f.BuyerID, err = queryID(q, "buyer_id"); err != nil {
		return err
	}
	for _, d := range []struct {
		name string
		dst  *pricing.Date
	}{{"from", &f.From}, {"to", &f.To}} {
		if raw := q.Get(d.name); raw != "" {
			if *d.dst, err = pricing.ParseDate(raw); err != nil {
				return badParam(d.name, d.name+" は YYYY-MM-DD で指定してください")
			}
		}
	}
	if pg.After != nil {
		key, ok := invoiceKey(pg.After)
		if !ok {
			return badParam("cursor", "cursor が正しくありません（前のレスポンスの next_cursor をそのまま指定してください）")
		}
		f.After = &key
	}
	list, err := s.billing.Invoices(r.Context(), p.Tenant.ID, f)
	if err != nil {
		return err
	}
	out := make([]Invoice, len(list))
	for i, iv := range list {
		out[i] = invoiceOut(iv)
	}
	writeJSON(w, http.StatusOK, newList(out, pg.Limit, func(iv Invoice) []string { return []string{iv.IssueDate, iv.ID} }))
	return nil
}

func invoiceKey(after []string) (billing.Key, bool) {
	if len(after) != 2 {
		return billing.Key{}, false
	}
	d, err := pricing.ParseDate(after[0])
	id, ierr := strconv.ParseInt(after[1], 10, 64)
	if err != nil || ierr != nil {
		return billing.Key{}, false
	}
	return billing.Key{IssueDate: d, ID: oroshi.ID(id)}, true
}

// getInvoice answers GET /api/v1/invoices/{id} with lines and payments.
func (s *server) getInvoice(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	iv, err := s.billing.Invoice(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, invoiceOut(iv))
	return nil
}

// createPayment answers POST /api/v1/invoices/{id}/payments.
func (s *server) createPayment(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var in PaymentInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	received, err := pricing.ParseDate(in.ReceivedOn)
	if err != nil && in.ReceivedOn != "" {
		return oroshi.Invalid("received_on", "入金日は YYYY-MM-DD で指定してください")
	}
	pay, err := s.billing.RecordPayment(r.Context(), p.Tenant.ID, billing.Payment{InvoiceID: id, ReceivedOn: received,
		Amount: oroshi.Yen(in.Amount), Fee: oroshi.Yen(in.Fee), Overpayment: in.Overpayment, Method: billing.PaymentMethod(in.Method),
		Note: in.Note}, actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, paymentOut(pay))
	return nil
}

// getBuyerBalance answers GET /api/v1/buyers/{id}/balance.
func (s *server) getBuyerBalance(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	b, err := s.buyers.Buyer(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	bal, err := s.billing.Balance(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, BuyerBalance{BuyerID: id.String(), Invoiced: int64(bal.Invoiced), Paid: int64(bal.Paid),
		Outstanding: int64(bal.Outstanding()), OpenOrders: int64(bal.OpenOrders), Exposure: int64(bal.Exposure()),
		CreditLimit: int64(b.CreditLimit)})
	return nil
}
