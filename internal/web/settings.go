package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

func (s *Server) adminSettings(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "admin/settings", &Page{Title: "設定"})
}

// adminSettingsSave lets the owner require two-step verification for all
// users and show public notices on the shop's sign-in page.
func (s *Server) adminSettingsSave(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	st := tenancy.Settings{Require2FA: r.PostFormValue("require_2fa") == "on", PublicNotices: r.PostFormValue("public_notices") == "on"}
	actor := audit.Actor{Realm: string(rc.user.Realm), ID: rc.user.ID, ClientAddr: clientAddr(r)}
	if err := tenancy.UpdateSettings(r.Context(), s.Tenants, *rc.tenant, st, actor); err != nil {
		return err
	}
	setFlash(w, "設定を保存しました。")
	http.Redirect(w, r, rc.base()+"/settings", http.StatusSeeOther)
	return nil
}

// opsTenantCreate creates a tenant and invites its first owner by e-mail.
func (s *Server) opsTenantCreate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	form := map[string]string{"slug": strings.TrimSpace(r.PostFormValue("slug")), "name": r.PostFormValue("name"),
		"email": r.PostFormValue("email"), "admin_name": r.PostFormValue("admin_name")}
	svc := tenancy.Service{Store: s.Tenants}
	t, err := svc.Create(r.Context(), form["slug"], form["name"])
	if errors.Is(err, oroshi.ErrConflict) {
		err = oroshi.Invalid("slug", "このスラッグは既に使われています")
	}
	var ve *oroshi.ValidationError
	if errors.As(err, &ve) {
		return s.renderOpsHome(w, r, http.StatusUnprocessableEntity, form, ve.Fields)
	}
	if err != nil {
		return err
	}
	actor := audit.Actor{Realm: string(rc.user.Realm), ID: rc.user.ID, ClientAddr: clientAddr(r)}
	u, err := s.Identity.CreateUser(r.Context(), identity.NewUser{Tenant: t.ID, Realm: identity.RealmAdmin,
		Email: form["email"], Name: orDefault(strings.TrimSpace(form["admin_name"]), "管理者"), Role: identity.RoleOwner}, actor)
	if err != nil {
		return err
	}
	if _, err := s.Identity.Invite(r.Context(), u, t.Slug, t.Name, "oroshi 運営事務局"); err != nil {
		return err
	}
	setFlash(w, "契約者を作成し、管理者に招待メールを送信しました。")
	http.Redirect(w, r, "/ops/", http.StatusSeeOther)
	return nil
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}
