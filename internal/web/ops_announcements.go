package web

import (
	"net/http"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/ops"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

type announcementsView struct {
	List    []ops.Announcement
	Tenants []tenancy.Tenant
	Form    map[string]string
}

func (s *Server) opsAnnouncements(w http.ResponseWriter, r *http.Request) error {
	return s.renderAnnouncements(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderAnnouncements(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) error {
	list, err := s.Ops.Store.Announcements(r.Context(), 200)
	if err != nil {
		return err
	}
	tenants, err := s.Tenants.Tenants(r.Context())
	if err != nil {
		return err
	}
	if form == nil {
		form = map[string]string{"audience": ops.AudienceBoth, "target": "0"}
	}
	v := announcementsView{List: list, Tenants: tenants, Form: form}
	return s.render(w, r, status, "ops/announcements", &Page{Title: "お知らせ配信", Data: v, Errors: errs})
}

func (s *Server) opsAnnouncementCreate(w http.ResponseWriter, r *http.Request) error {
	form := map[string]string{}
	for _, k := range []string{"target", "audience", "title", "body", "publish_at"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	a := ops.Announcement{Audience: form["audience"], Title: form["title"], Body: form["body"], PublishAt: parseJST(form["publish_at"])}
	if form["target"] != "" && form["target"] != "0" {
		id, err := oroshi.ParseID(form["target"])
		if err != nil {
			return s.renderAnnouncements(w, r, http.StatusUnprocessableEntity, form, map[string]string{"target": "対象の契約者を選んでください。"})
		}
		a.Target = oroshi.TenantID(id)
	}
	_, err := s.Ops.Announce(r.Context(), a, buyerActor(r))
	if fields, ok := asFieldErrors(err); ok {
		return s.renderAnnouncements(w, r, http.StatusUnprocessableEntity, form, fields)
	}
	if err != nil {
		return err
	}
	setFlash(w, "お知らせを登録しました。")
	http.Redirect(w, r, "/ops/announcements", http.StatusSeeOther)
	return nil
}

func (s *Server) opsAnnouncementDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := oroshi.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.Ops.Store.DeleteAnnouncement(r.Context(), id, buyerActor(r)); err != nil {
		return err
	}
	setFlash(w, "お知らせを削除しました。")
	http.Redirect(w, r, "/ops/announcements", http.StatusSeeOther)
	return nil
}

// opsDecorate gives every page the maintenance banners, and the home pages
// of the admin and the shop the operators' announcements for their tenant.
func (s *Server) opsDecorate(r *http.Request, name string, p *Page) {
	if s.Gate != nil {
		p.Banners = s.Gate.Status(r.Context()).Banners
	}
	audience := map[string]string{"admin/home": ops.AudienceAdmin, "shop/home": ops.AudienceShop}[name]
	if s.Ops == nil || audience == "" || p.Tenant == nil {
		return
	}
	list, err := s.Ops.Visible(r.Context(), p.Tenant.ID, audience)
	if err != nil {
		s.Logger.Warn("operator announcements", "err", err)
		return
	}
	p.Announcements = list
}
