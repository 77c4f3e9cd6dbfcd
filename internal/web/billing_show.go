package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// paymentForm is the 入金登録 form as typed.
type paymentForm struct {
	ReceivedOn, Amount, Fee, Method, Note string
	Overpayment                           bool
}

type invoiceShowView struct {
	Invoice  billing.Invoice
	Kind     string // 締め請求 or 都度請求
	Period   string // 2026/04/21〜2026/05/20
	Balance  oroshi.Yen
	Form     paymentForm
	Methods  []buyerOption
	Reason   string // the cancel reason typed, shown again after a refusal
	CancelID oroshi.ID
	Docs     []docLink // the 請求書 PDFs, every version
	// DocQueued: no PDF yet, and its job is queued (the page reloads).
	DocQueued bool
}

func (v invoiceShowView) StatusClass() string { return "invoice-" + string(v.Invoice.Status()) }

// HasReduced reports whether a line is at the reduced rate (the ※ note).
func (v invoiceShowView) HasReduced() bool {
	for _, l := range v.Invoice.Lines {
		if l.Reduced() {
			return true
		}
	}
	return false
}

// invoiceShow: GET /invoices/{id}
func (s *Server) invoiceShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderInvoiceShow(w, r, http.StatusOK, invoiceFailure{Form: s.blankPayment()})
}

// blankPayment is the 入金登録 form before anything is typed: today, 振込.
func (s *Server) blankPayment() paymentForm {
	return paymentForm{ReceivedOn: s.Billing.Today().String(), Method: string(billing.PaymentMethods[0])}
}

// invoiceFailure is a refused payment (the form as typed and its
// messages, keyed "pay.<field>") or a refused cancellation (the payment,
// the reason typed and the message, keyed "cancel").
type invoiceFailure struct {
	Form     paymentForm
	Errs     map[string]string
	CancelID oroshi.ID
	Reason   string
}

func (s *Server) renderInvoiceShow(w http.ResponseWriter, r *http.Request, status int, fail invoiceFailure) error {
	iv, err := s.pathInvoice(r)
	if err != nil {
		return err
	}
	v := newInvoiceShowView(iv)
	v.Form, v.CancelID, v.Reason = fail.Form, fail.CancelID, fail.Reason
	if v.Docs, err = s.invoiceDocs(r.Context(), reqCtx(r).base(), reqCtx(r).tenant.ID, iv.ID, 0); err != nil {
		return err
	}
	if len(v.Docs) == 0 {
		if v.DocQueued, err = s.Data.InvoiceDocumentQueued(r.Context(), iv.ID); err != nil {
			return err
		}
	}
	v.Methods = paymentMethodOptions(fail.Form.Method)
	return s.render(w, r, status, "admin/invoices/show", &Page{Title: "請求書詳細", Data: v, Errors: fail.Errs})
}

func newInvoiceShowView(iv billing.Invoice) invoiceShowView {
	return invoiceShowView{Invoice: iv, Kind: iv.Kind.Label(), Balance: iv.Balance(),
		Period: dateText(iv.PeriodFrom) + "〜" + dateText(iv.PeriodTo)}
}

// pathInvoice is the tenant's invoice of the path.
func (s *Server) pathInvoice(r *http.Request) (billing.Invoice, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return billing.Invoice{}, err
	}
	return s.Billing.Invoice(r.Context(), reqCtx(r).tenant.ID, id)
}

// paymentRecord: POST /invoices/{id}/payments, received_on, amount, fee,
// method, note, overpayment=on.
func (s *Server) paymentRecord(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	form := paymentForm{ReceivedOn: strings.TrimSpace(r.PostFormValue("received_on")),
		Amount: strings.TrimSpace(r.PostFormValue("amount")), Fee: strings.TrimSpace(r.PostFormValue("fee")),
		Method: r.PostFormValue("method"), Note: r.PostFormValue("note"), Overpayment: r.PostFormValue("overpayment") != ""}
	p, errs := readPayment(form)
	if len(errs) == 0 {
		p.InvoiceID = id
		_, err = s.Billing.RecordPayment(r.Context(), rc.tenant.ID, p, buyerActor(r))
		if fields, ok := asFieldErrors(err); ok {
			errs = fields
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderInvoiceShow(w, r, http.StatusUnprocessableEntity, invoiceFailure{Form: form, Errs: prefixed("pay.", errs)})
	}
	setFlash(w, "入金を登録しました。")
	http.Redirect(w, r, rc.base()+"/invoices/"+id.String()+"#payments", http.StatusSeeOther)
	return nil
}

// readPayment turns the form into a payment; the service checks the rest.
func readPayment(form paymentForm) (billing.Payment, map[string]string) {
	errs := map[string]string{}
	p := billing.Payment{Overpayment: form.Overpayment, Note: strings.TrimSpace(form.Note),
		Method: billing.PaymentMethod(form.Method)}
	if form.ReceivedOn != "" {
		d, err := pricing.ParseDate(form.ReceivedOn)
		if err != nil {
			errs["received_on"] = "入金日は「2026-04-01」の形で入力してください"
		}
		p.ReceivedOn = d
	}
	for _, a := range []struct {
		field, text, msg string
		to               *oroshi.Yen
	}{{"amount", form.Amount, "入金額は半角数字（円）で入力してください", &p.Amount},
		{"fee", form.Fee, "振込手数料は半角数字（円）で入力してください", &p.Fee}} {
		if a.text == "" {
			continue
		}
		n, err := strconv.ParseInt(strings.ReplaceAll(a.text, ",", ""), 10, 64)
		if err != nil {
			errs[a.field] = a.msg
		}
		*a.to = oroshi.Yen(n)
	}
	if form.Method != "" && !p.Method.Valid() {
		errs["method"] = "入金方法を選んでください"
	}
	return p, errs
}

// paymentMethodOptions are the 入金方法 choices, sel selected.
func paymentMethodOptions(sel string) []buyerOption {
	out := make([]buyerOption, len(billing.PaymentMethods))
	for i, m := range billing.PaymentMethods {
		out[i] = buyerOption{Value: string(m), Label: m.Label(), Selected: string(m) == sel}
	}
	return out
}

// paymentCancel: POST /invoices/{id}/payments/{pid}/cancel, reason=
// (required). Only a payment of this invoice is taken back here.
func (s *Server) paymentCancel(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	iv, err := s.pathInvoice(r)
	if err != nil {
		return err
	}
	pid, err := pathID(r, "pid")
	if err != nil {
		return err
	}
	if !hasPayment(iv, pid) {
		return errors.Join(errors.New("payment of another invoice"), oroshi.ErrNotFound)
	}
	reason := r.PostFormValue("reason")
	_, err = s.Billing.CancelPayment(r.Context(), rc.tenant.ID, pid, reason, buyerActor(r))
	if fields, ok := asFieldErrors(err); ok {
		return s.renderInvoiceShow(w, r, http.StatusUnprocessableEntity, invoiceFailure{Form: s.blankPayment(),
			Errs: map[string]string{"cancel": firstMessage(fields)}, CancelID: pid, Reason: reason})
	}
	if err != nil {
		return err
	}
	setFlash(w, "入金を取り消しました。")
	http.Redirect(w, r, rc.base()+"/invoices/"+iv.ID.String()+"#payments", http.StatusSeeOther)
	return nil
}

func hasPayment(iv billing.Invoice, id oroshi.ID) bool {
	for _, p := range iv.Payments {
		if p.ID == id {
			return true
		}
	}
	return false
}

// Date shows a calendar date of the invoice as the pages do: 2026/04/30.
func (invoiceShowView) Date(d pricing.Date) string { return dateText(d) }
