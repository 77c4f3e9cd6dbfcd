package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// buyerFormKeys are the inputs of the buyer form besides custom fields.
var buyerFormKeys = []string{"code", "name", "kana", "postal_code", "address", "phone", "billing_name",
	"billing_email", "price_group", "closing_day", "terms_month", "terms_day", "credit_limit", "payment_method"}

// buyerFormValues is b as the form shows it.
func buyerFormValues(b buyers.Buyer, defs []customfields.Field) map[string]string {
	m := map[string]string{"code": b.Code, "name": b.Name, "kana": b.Kana, "postal_code": b.PostalCode,
		"address": b.Address, "phone": b.Phone, "billing_name": b.BillingName, "billing_email": b.BillingEmail,
		"closing_day": strconv.Itoa(b.ClosingDay), "terms_month": strconv.Itoa(b.PaymentTerms.MonthOffset),
		"terms_day": strconv.Itoa(b.PaymentTerms.Day), "payment_method": b.PaymentMethod}
	if b.PriceGroupID != 0 {
		m["price_group"] = b.PriceGroupID.String()
	}
	if b.CreditLimit != 0 {
		m["credit_limit"] = strconv.FormatInt(int64(b.CreditLimit), 10)
	}
	if !b.UpdatedAt.IsZero() {
		m["updated_at"] = b.UpdatedAt.Format(time.RFC3339Nano)
	}
	for _, d := range defs {
		m[customfields.ErrKey(d.Key)] = customfields.FormatCell(d, b.Custom[d.Key])
	}
	return m
}

// parseBuyerForm reads the posted form as typed (to show it again) and as
// a buyer for the service. A value the form cannot read becomes one the
// service refuses, so its own message is shown next to the input.
func parseBuyerForm(r *http.Request, defs []customfields.Field) (buyers.Buyer, map[string]string) {
	form := map[string]string{}
	for _, k := range buyerFormKeys {
		form[k] = r.PostFormValue(k)
	}
	b := buyers.Buyer{Code: form["code"], Name: form["name"], Kana: form["kana"], PostalCode: form["postal_code"],
		Address: form["address"], Phone: form["phone"], BillingName: form["billing_name"],
		BillingEmail: form["billing_email"], PaymentMethod: form["payment_method"]}
	if form["price_group"] != "" {
		b.PriceGroupID = -1
		if id, err := oroshi.ParseID(form["price_group"]); err == nil {
			b.PriceGroupID = id
		}
	}
	b.ClosingDay = formInt(form["closing_day"])
	b.PaymentTerms = buyers.PaymentTerms{MonthOffset: formInt(form["terms_month"]), Day: formInt(form["terms_day"])}
	b.CreditLimit = formYen(form["credit_limit"])
	b.Custom = map[string]any{}
	for _, d := range defs {
		k := customfields.ErrKey(d.Key)
		form[k] = r.PostFormValue(k)
		if form[k] != "" {
			b.Custom[d.Key] = form[k]
		}
	}
	form["updated_at"] = r.PostFormValue("updated_at")
	b.UpdatedAt, _ = time.Parse(time.RFC3339Nano, form["updated_at"])
	return b, form
}

// formInt reads a select's number; -1 (refused by the service) otherwise.
func formInt(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// formYen reads an amount typed as 1000000, 1,000,000 or １,０００,０００円.
// Empty is 0 (no limit); anything else is -1, which the service refuses.
func formYen(s string) oroshi.Yen {
	s = strings.NewReplacer(",", "", "，", "", "円", "", " ", "").Replace(buyers.Fold(s))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return -1
	}
	return oroshi.Yen(n)
}

// buyerNew: GET /buyers/new, with the defaults the service would fill.
func (s *Server) buyerNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderBuyerForm(w, r, http.StatusOK, buyerFormState{New: true,
		Form: buyerFormValues(buyers.Normalize(buyers.Buyer{}), nil)})
}

// buyerCreate: POST /buyers
func (s *Server) buyerCreate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	defs, err := s.Fields.Fields(r.Context(), rc.tenant.ID, customfields.EntityBuyer)
	if err != nil {
		return err
	}
	b, form := parseBuyerForm(r, defs)
	b.Tenant = rc.tenant.ID
	created, err := s.Buyers.Create(r.Context(), b, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		return s.renderBuyerForm(w, r, http.StatusUnprocessableEntity, buyerFormState{New: true, Form: form, Errors: errs})
	}
	if err != nil {
		return err
	}
	setFlash(w, "取引先を登録しました。")
	http.Redirect(w, r, rc.base()+"/buyers/"+created.ID.String(), http.StatusSeeOther)
	return nil
}

// buyerEdit: GET /buyers/{id}/edit
func (s *Server) buyerEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := s.Buyers.Buyer(r.Context(), reqCtx(r).tenant.ID, id)
	if err != nil {
		return err
	}
	defs, err := s.Fields.Fields(r.Context(), b.Tenant, customfields.EntityBuyer)
	if err != nil {
		return err
	}
	return s.renderBuyerForm(w, r, http.StatusOK, buyerFormState{ID: id, Form: buyerFormValues(b, defs)})
}

// buyerUpdate: POST /buyers/{id}. The form's updated_at is the version the
// person read; if someone saved since, the latest version is shown with
// what was sent, and nothing is saved.
func (s *Server) buyerUpdate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	defs, err := s.Fields.Fields(r.Context(), rc.tenant.ID, customfields.EntityBuyer)
	if err != nil {
		return err
	}
	b, form := parseBuyerForm(r, defs)
	if b.UpdatedAt.IsZero() { // a zero version would skip the check
		return fmt.Errorf("buyer %s form without updated_at: %w", id, errBadRequest)
	}
	b.ID, b.Tenant = id, rc.tenant.ID
	_, err = s.Buyers.Update(r.Context(), b, buyerActor(r))
	errs, invalid := asFieldErrors(err)
	switch {
	case errors.Is(err, buyers.ErrStale):
		return s.renderStaleBuyer(w, r, id, form, defs)
	case invalid:
		return s.renderBuyerForm(w, r, http.StatusUnprocessableEntity, buyerFormState{ID: id, Form: form, Errors: errs})
	case err != nil:
		return err
	}
	setFlash(w, "取引先を更新しました。")
	http.Redirect(w, r, rc.base()+"/buyers/"+id.String(), http.StatusSeeOther)
	return nil
}

// renderStaleBuyer shows the latest version in the form (so another
// person's changes are not undone by saving again) and lists what was sent
// where it differs, to be entered again.
func (s *Server) renderStaleBuyer(w http.ResponseWriter, r *http.Request, id oroshi.ID, sent map[string]string, defs []customfields.Field) error {
	latest, err := s.Buyers.Buyer(r.Context(), reqCtx(r).tenant.ID, id)
	if err != nil {
		return err
	}
	form := buyerFormValues(latest, defs)
	var changed []string
	for k, v := range sent {
		if k != "updated_at" && strings.TrimSpace(v) != form[k] {
			changed = append(changed, k)
		}
	}
	return s.renderBuyerForm(w, r, http.StatusConflict, buyerFormState{ID: id, Form: form, Sent: sent, Changed: changed})
}
