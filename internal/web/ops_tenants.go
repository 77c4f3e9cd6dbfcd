package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// tenantRoutes are the operators' contract pages (契約者) and the seller
// owner's full export (データ一括出力, tenant_export.go).
func (s *Server) tenantRoutes(mux *http.ServeMux) {
	ops, m := areaOps, identity.PermOpsConsole
	mux.Handle("GET /ops/tenants", s.page(ops, m, s.opsTenants))
	mux.Handle("GET /ops/tenants/{slug}", s.page(ops, m, s.opsTenantShow))
	mux.Handle("POST /ops/tenants/{slug}/contract", s.page(ops, m, s.opsTenantContract))
	mux.Handle("POST /ops/tenants/{slug}/{action}", s.page(ops, m, s.opsTenantAction))
	mux.Handle("GET /{tenant}/admin/export", s.page(areaAdmin, identity.PermAdminOwner, s.adminExportPage))
	mux.Handle("POST /{tenant}/admin/export", s.exportGate(s.page(areaAdmin, identity.PermAdminOwner, s.adminExport)))
}

// tenantRow is a tenant as the list shows it.
type tenantRow struct {
	tenancy.Tenant
	DeletionDay string
}

func (s *Server) opsTenants(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Tenants.Tenants(r.Context())
	if err != nil {
		return err
	}
	rows := make([]tenantRow, len(list))
	for i, t := range list {
		rows[i] = tenantRow{t, t.DeletionDay()}
	}
	return s.render(w, r, http.StatusOK, "ops/tenants/index", &Page{Title: "契約者", Data: rows})
}

// tenantShowView is the detail page of one tenant.
type tenantShowView struct {
	tenantRow
	Counts     tenancy.Counts
	Admins     []identity.User
	Contract   tenancy.Contract // the form's values
	DefaultEnd string           // a termination's default end date
	Today      string
}

func (s *Server) opsTenantShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderTenantShow(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderTenantShow(w http.ResponseWriter, r *http.Request, status int, form *tenancy.Contract, errs map[string]string) error {
	ctx := r.Context()
	t, err := s.Tenants.TenantBySlug(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	v := tenantShowView{tenantRow: tenantRow{t, t.DeletionDay()}, Contract: t.Contract}
	if form != nil {
		v.Contract = *form
	}
	now := s.contracts().Clock()
	v.Today = tenancy.Today(now)
	v.DefaultEnd, _ = tenancy.TerminationEnd(now, "")
	if t.Status != tenancy.StatusDeleted {
		if v.Counts, err = s.Data.TenantCounts(ctx, t.ID); err != nil {
			return err
		}
		if v.Admins, err = s.Identity.Store.Users(ctx, t.ID, identity.RealmAdmin); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "ops/tenants/show", &Page{Title: t.Name, Data: v, Errors: errs})
}

// contracts is the contract service (a default on the tenant store when
// not wired).
func (s *Server) contracts() *tenancy.Contracts {
	if s.Contracts != nil {
		return s.Contracts
	}
	st, _ := s.Tenants.(tenancy.ContractStore)
	return &tenancy.Contracts{Store: st}
}

func (s *Server) opsTenantContract(w http.ResponseWriter, r *http.Request) error {
	t, err := s.Tenants.TenantBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	c := tenancy.Contract{Start: r.PostFormValue("start"), End: r.PostFormValue("end"),
		Plan: r.PostFormValue("plan"), Notes: r.PostFormValue("notes")}
	err = s.contracts().UpdateContract(r.Context(), t.ID, c, buyerActor(r))
	return s.afterTenantChange(w, r, t, err, &c, "契約内容を保存しました。")
}

// opsTenantAction: POST /ops/tenants/{slug}/suspend|resume|terminate with
// a reason (and for terminate an optional end date).
func (s *Server) opsTenantAction(w http.ResponseWriter, r *http.Request) error {
	t, err := s.Tenants.TenantBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	svc, reason, actor := s.contracts(), r.PostFormValue("reason"), buyerActor(r)
	if r.PostFormValue("confirm") != "1" {
		err = oroshi.Invalid("confirm", "確認のチェックを入れてください")
	}
	var flash string
	switch action := r.PathValue("action"); {
	case err != nil:
	case action == "suspend":
		err, flash = svc.Suspend(r.Context(), t.ID, reason, actor), "契約者を一時停止しました。"
	case action == "resume":
		err, flash = svc.Resume(r.Context(), t.ID, reason, actor), "契約者の利用を再開しました。"
	case action == "terminate":
		_, err = svc.Terminate(r.Context(), t.ID, strings.TrimSpace(r.PostFormValue("end")), reason, actor)
		flash = "解約を登録しました。終了日までは利用とデータ出力ができます。"
	default:
		return oroshi.ErrNotFound
	}
	return s.afterTenantChange(w, r, t, err, nil, flash)
}

// afterTenantChange re-renders the detail page with the errors of a
// refused change, or goes back to it with flash.
func (s *Server) afterTenantChange(w http.ResponseWriter, r *http.Request, t tenancy.Tenant, err error, form *tenancy.Contract, flash string) error {
	var ve *oroshi.ValidationError
	if errors.As(err, &ve) {
		return s.renderTenantShow(w, r, http.StatusUnprocessableEntity, form, ve.Fields)
	}
	if err != nil {
		return err
	}
	setFlash(w, flash)
	http.Redirect(w, r, "/ops/tenants/"+t.Slug, http.StatusSeeOther)
	return nil
}
