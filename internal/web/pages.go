package web

import (
	"errors"
	"net/http"
	"regexp"
	"slices"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

func (s *Server) landing(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "landing", &Page{Title: "受発注システム", NoSession: true})
}

type opsHomeView struct {
	Tenants []tenancy.Tenant
	Outbox  []notify.Mail
	Form    map[string]string
}

func (s *Server) opsHome(w http.ResponseWriter, r *http.Request) error {
	return s.renderOpsHome(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderOpsHome(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) error {
	tenants, err := s.Tenants.Tenants(r.Context())
	if err != nil {
		return err
	}
	outbox, err := s.Data.Outbox(r.Context(), 50)
	if err != nil {
		return err
	}
	return s.render(w, r, status, "ops/home", &Page{Title: "運営コンソール", Data: opsHomeView{tenants, outbox, form}, Errors: errs})
}

func (s *Server) opsMail(w http.ResponseWriter, r *http.Request) error {
	id, err := oroshi.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	m, err := s.Data.Mail(r.Context(), id)
	if err != nil {
		return err
	}
	// Reading a mail may reveal a working link: every view is recorded, and
	// links of delivered mail are hidden (only held mail, which nobody else
	// will ever receive, needs the operator to pass its link on).
	rc := reqCtx(r)
	ev := audit.Actor{Realm: string(rc.user.Realm), ID: rc.user.ID, ClientAddr: clientAddr(r)}.Event("メール（閲覧）", "mail", m.ID.String())
	ev.Tenant = oroshi.PlatformTenant
	ev.Detail = map[string]any{"to": m.To, "subject": m.Subject}
	if err := s.Data.RecordAudit(r.Context(), ev); err != nil {
		return err
	}
	v := mailView{Mail: m}
	if m.Status == notify.StatusSent {
		v.Text, v.Masked = tokenRE.ReplaceAllString(m.Text, "token=********"), true
	}
	return s.render(w, r, http.StatusOK, "ops/mail", &Page{Title: "メール", Data: v})
}

type mailView struct {
	notify.Mail
	Masked bool
}

var tokenRE = regexp.MustCompile(`token=[A-Za-z0-9_%-]+`)

type adminHomeView struct {
	Counts  tenancy.Counts
	Notices []tenancy.Notice
	Dash    dashboardView // sales figures (dashboard.go)
}

func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	counts, err := s.Data.TenantCounts(r.Context(), rc.tenant.ID)
	if err != nil {
		return err
	}
	notices, err := s.Data.Notices(r.Context(), rc.tenant.ID, "admin", false, 10)
	if err != nil {
		return err
	}
	dash, err := s.dashboard(r.Context(), rc.tenant.ID, rc.lang)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "admin/home", &Page{Title: "管理画面", Data: adminHomeView{counts, notices, dash}})
}

type usersView struct {
	Users []identity.User
	Roles []string
	Form  map[string]string
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) error {
	rc := reqCtx(r)
	users, err := s.Identity.Store.Users(r.Context(), rc.tenant.ID, identity.RealmAdmin)
	if err != nil {
		return err
	}
	roles := identity.RolesOf(identity.RealmAdmin)
	slices.Reverse(roles) // least privileged first: the safe choice comes first
	v := usersView{Users: users, Roles: roles, Form: form}
	return s.render(w, r, status, "admin/users", &Page{Title: "ユーザー管理", Data: v, Errors: errs})
}

// adminUserInvite creates a staff user and e-mails the invitation link.
// Only an owner may create another owner.
func (s *Server) adminUserInvite(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	form := map[string]string{"email": r.PostFormValue("email"), "name": r.PostFormValue("name"), "role": r.PostFormValue("role")}
	if form["role"] == identity.RoleOwner && rc.user.Role != identity.RoleOwner {
		return s.renderUsers(w, r, http.StatusUnprocessableEntity, form, map[string]string{"role": "オーナー権限はオーナーのみ付与できます"})
	}
	actor := audit.Actor{Realm: string(rc.user.Realm), ID: rc.user.ID, ClientAddr: clientAddr(r)}
	u, err := s.Identity.CreateUser(r.Context(), identity.NewUser{Tenant: rc.tenant.ID, Realm: identity.RealmAdmin,
		Email: form["email"], Name: form["name"], Role: form["role"]}, actor)
	var ve *oroshi.ValidationError
	if errors.As(err, &ve) {
		return s.renderUsers(w, r, http.StatusUnprocessableEntity, form, ve.Fields)
	}
	if err != nil {
		return err
	}
	if _, err := s.Identity.Invite(r.Context(), u, rc.tenant.Slug, rc.tenant.Name, rc.tenant.Name); err != nil {
		return err
	}
	setFlash(w, "招待メールを送信しました。")
	http.Redirect(w, r, rc.base()+"/users", http.StatusSeeOther)
	return nil
}

func (s *Server) adminUserStatus(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := oroshi.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	status := r.PostFormValue("status")
	if status != identity.StatusActive && status != identity.StatusDisabled {
		return errBadRequest
	}
	if id == rc.user.ID {
		setFlash(w, "自分自身は無効にできません。")
		http.Redirect(w, r, rc.base()+"/users", http.StatusSeeOther)
		return nil
	}
	actor := audit.Actor{Realm: string(rc.user.Realm), ID: rc.user.ID, ClientAddr: clientAddr(r)}
	if err := s.Identity.SetStatus(r.Context(), rc.tenant.ID, identity.RealmAdmin, id, status, rc.user.Role, actor); err != nil {
		return err
	}
	setFlash(w, "ユーザーの状態を変更しました。")
	http.Redirect(w, r, rc.base()+"/users", http.StatusSeeOther)
	return nil
}

type shopHomeView struct {
	Notices    []tenancy.Notice
	Categories []shopCategoryLink // the root categories (catalog_shop_view.go)
}

func (s *Server) shopHome(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	notices, err := s.Data.Notices(r.Context(), rc.tenant.ID, "shop", false, 10)
	if err != nil {
		return err
	}
	viewer, err := s.shopViewer(r)
	if err != nil {
		return err
	}
	tree, err := s.Catalog.BuyerCategoryTree(r.Context(), rc.tenant.ID, viewer)
	if err != nil {
		return err
	}
	v := shopHomeView{Notices: notices, Categories: shopCategoryLinks(rc.base(), tree, nil)}
	return s.render(w, r, http.StatusOK, "shop/home", &Page{Title: rc.tenant.Name, Data: v})
}
