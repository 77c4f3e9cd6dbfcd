package web

import (
	"errors"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/support"
)

// Inquiries as their answerers see them: the operators those of tenant 0
// (sellers' staff), a seller's staff those of their buyers.

type inquiryListView struct {
	Rows     []inquiryRow
	Status   string
	Statuses []support.Label
	Base     string // "/ops/inquiries" or "/{slug}/admin/inquiries"
}

type inquiryRow struct {
	support.Inquiry
	From          string // the sender's company
	CategoryLabel string
	StatusLabel   string
}

type inquiryView struct {
	inquiryRow
	Statuses []support.Label
	Base     string
}

// inquiryOwner is the tenant whose inquiries the request answers.
func inquiryOwner(r *http.Request) (oroshi.TenantID, string) {
	rc := reqCtx(r)
	if rc.tenant == nil {
		return oroshi.PlatformTenant, "/ops/inquiries"
	}
	return rc.tenant.ID, rc.base() + "/inquiries"
}

func (s *Server) opsInquiries(w http.ResponseWriter, r *http.Request) error {
	return s.inquiryList(w, r)
}
func (s *Server) adminInquiries(w http.ResponseWriter, r *http.Request) error {
	return s.inquiryList(w, r)
}
func (s *Server) opsInquiry(w http.ResponseWriter, r *http.Request) error {
	return s.inquiryShow(w, r, http.StatusOK, nil)
}
func (s *Server) adminInquiry(w http.ResponseWriter, r *http.Request) error {
	return s.inquiryShow(w, r, http.StatusOK, nil)
}
func (s *Server) opsInquiryUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.inquiryUpdate(w, r)
}
func (s *Server) adminInquiryUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.inquiryUpdate(w, r)
}

func (s *Server) inquiryList(w http.ResponseWriter, r *http.Request) error {
	t, base := inquiryOwner(r)
	status := r.URL.Query().Get("status")
	if support.LabelOf(support.StatusLabels, status) == status {
		status = ""
	}
	list, err := s.Support.Inquiries(r.Context(), t, status)
	if err != nil {
		return err
	}
	v := inquiryListView{Status: status, Statuses: support.StatusLabels, Base: base}
	for _, q := range list {
		row, err := s.inquiryRow(r, q)
		if err != nil {
			return err
		}
		v.Rows = append(v.Rows, row)
	}
	return s.render(w, r, http.StatusOK, "support/list", &Page{Title: "お問い合わせ一覧", Data: v})
}

func (s *Server) inquiryRow(r *http.Request, q support.Inquiry) (inquiryRow, error) {
	row := inquiryRow{Inquiry: q, CategoryLabel: support.LabelOf(support.Categories, q.Category),
		StatusLabel: support.LabelOf(support.StatusLabels, q.Status)}
	switch {
	case q.BuyerID != 0:
		b, err := s.Buyers.Buyer(r.Context(), q.Tenant, q.BuyerID)
		if err != nil && !errors.Is(err, oroshi.ErrNotFound) {
			return row, err
		}
		row.From = b.Name
	case q.FromTenant != oroshi.PlatformTenant:
		t, err := s.Tenants.Tenant(r.Context(), q.FromTenant)
		if err != nil && !errors.Is(err, oroshi.ErrNotFound) {
			return row, err
		}
		row.From = t.Name
	}
	return row, nil
}

func (s *Server) inquiryShow(w http.ResponseWriter, r *http.Request, status int, errs map[string]string) error {
	t, base := inquiryOwner(r)
	id, err := oroshi.ParseID(r.PathValue("id"))
	if err != nil {
		return errors.Join(oroshi.ErrNotFound, err)
	}
	q, err := s.Support.Inquiry(r.Context(), t, id)
	if err != nil {
		return err
	}
	row, err := s.inquiryRow(r, q)
	if err != nil {
		return err
	}
	return s.render(w, r, status, "support/show", &Page{Title: "お問い合わせ",
		Data: inquiryView{inquiryRow: row, Statuses: support.StatusLabels, Base: base}, Errors: errs})
}

func (s *Server) inquiryUpdate(w http.ResponseWriter, r *http.Request) error {
	t, base := inquiryOwner(r)
	id, err := oroshi.ParseID(r.PathValue("id"))
	if err != nil {
		return errors.Join(oroshi.ErrNotFound, err)
	}
	err = s.Support.Update(r.Context(), t, id, r.PostFormValue("status"), r.PostFormValue("memo"))
	var ve *oroshi.ValidationError
	if errors.As(err, &ve) {
		return s.inquiryShow(w, r, http.StatusUnprocessableEntity, ve.Fields)
	}
	if err != nil {
		return err
	}
	setFlash(w, "お問い合わせを更新しました。")
	http.Redirect(w, r, base+"/"+id.String(), http.StatusSeeOther)
	return nil
}
