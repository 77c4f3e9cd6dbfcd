package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/opsaccess"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

type grantsView struct {
	Rows []grantRow
}

type grantRow struct {
	Tenant tenancy.Tenant
	Grant  *opsaccess.Grant // the signed-in operator's active grant, if any
}

// opsGrants lists the tenants with the operator's active grant on each.
func (s *Server) opsGrants(w http.ResponseWriter, r *http.Request) error {
	tenants, err := s.Tenants.Tenants(r.Context())
	if err != nil {
		return err
	}
	rc := reqCtx(r)
	v := grantsView{}
	for _, t := range tenants {
		row := grantRow{Tenant: t}
		g, err := s.Grants.Check(r.Context(), t.ID, rc.user.ID)
		switch {
		case err == nil:
			row.Grant = &g
		case !errors.Is(err, opsaccess.ErrNoGrant):
			return err
		}
		v.Rows = append(v.Rows, row)
	}
	return s.render(w, r, http.StatusOK, "ops/grants", &Page{Title: "アクセス権", Data: v})
}

type grantPageView struct {
	Tenant  tenancy.Tenant
	Active  *opsaccess.Grant
	Grants  []opsaccess.Grant
	Form    map[string]string
	Minutes []grantChoice
	Kinds   []dataKind
	Now     time.Time
}

type grantChoice struct {
	Minutes int
	Label   string
}

var grantChoices = []grantChoice{{30, "30分"}, {60, "1時間"}, {120, "2時間"}, {240, "4時間"}, {480, "8時間"}}

func (s *Server) opsGrantPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderGrantPage(w, r, http.StatusOK, map[string]string{"minutes": "60"}, nil)
}

func (s *Server) renderGrantPage(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) error {
	t, err := s.Tenants.TenantBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	v := grantPageView{Tenant: t, Form: form, Minutes: grantChoices, Kinds: dataKinds, Now: time.Now()}
	if v.Grants, err = s.Grants.Grants(r.Context(), t.ID); err != nil {
		return err
	}
	if g, err := s.Grants.Check(r.Context(), t.ID, reqCtx(r).user.ID); err == nil {
		v.Active = &g
	} else if !errors.Is(err, opsaccess.ErrNoGrant) {
		return err
	}
	return s.render(w, r, status, "ops/grant", &Page{Title: "運営者アクセス", Data: v, Errors: errs})
}

func operatorActor(r *http.Request) audit.Actor {
	u := reqCtx(r).user
	return audit.Actor{Realm: string(u.Realm), ID: u.ID, ClientAddr: clientAddr(r)}
}

func (s *Server) opsGrantRequest(w http.ResponseWriter, r *http.Request) error {
	t, err := s.Tenants.TenantBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	form := map[string]string{"reason": r.PostFormValue("reason"), "minutes": r.PostFormValue("minutes")}
	minutes, _ := strconv.Atoi(form["minutes"])
	_, err = s.Grants.Request(r.Context(), operatorActor(r), reqCtx(r).user.Name, t.ID, form["reason"],
		time.Duration(minutes)*time.Minute)
	var ve *oroshi.ValidationError
	if errors.As(err, &ve) {
		return s.renderGrantPage(w, r, http.StatusUnprocessableEntity, form, ve.Fields)
	}
	if err != nil {
		return err
	}
	setFlash(w, "アクセス権を開始しました。閲覧はすべて契約者の操作履歴に記録されます。")
	http.Redirect(w, r, "/ops/tenants/"+t.Slug+"/access", http.StatusSeeOther)
	return nil
}

func (s *Server) opsGrantEnd(w http.ResponseWriter, r *http.Request) error {
	t, err := s.Tenants.TenantBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if err := s.Grants.End(r.Context(), operatorActor(r), t.ID); err != nil && !errors.Is(err, opsaccess.ErrNoGrant) {
		return err
	}
	setFlash(w, "アクセス権を終了しました。")
	http.Redirect(w, r, "/ops/tenants/"+t.Slug+"/access", http.StatusSeeOther)
	return nil
}

type operatorAccessView struct {
	Grants []opsaccess.Grant
	Now    time.Time
}

// adminOperatorAccess shows the tenant's admins every operator grant.
func (s *Server) adminOperatorAccess(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	gs, err := s.Grants.Grants(r.Context(), rc.tenant.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "admin/operator_access", &Page{Title: "運営者のアクセス",
		Data: operatorAccessView{Grants: gs, Now: time.Now()}})
}
