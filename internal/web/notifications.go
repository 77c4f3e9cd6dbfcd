package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/salesnotify"
)

// notificationRoutes registers the notices list (お知らせ・通知) of the shop
// and of the admin: anyone signed in reads their own.
func (s *Server) notificationRoutes(mux *http.ServeMux) {
	for _, a := range []struct {
		area area
		perm identity.Permission
	}{{areaShop, identity.PermShopView}, {areaAdmin, identity.PermAdminView}} {
		p := a.area.pattern
		mux.Handle("GET "+p+"/notifications", s.page(a.area, a.perm, s.notificationList))
		mux.Handle("GET "+p+"/notifications/{id}", s.page(a.area, a.perm, s.notificationOpen))
		mux.Handle("POST "+p+"/notifications/read", s.page(a.area, a.perm, s.notificationReadAll))
	}
}

// notificationView is the notices page.
type notificationView struct {
	Items      []notificationRow
	UnreadOnly bool
	Unread     int
	OlderURL   string // the next page, "" on the last
}

type notificationRow struct {
	ID        oroshi.ID
	Title     string
	Body      string
	Kind      string // the event's label (受付, 出荷 …) for the badge
	Class     string // CSS class of the badge
	CreatedAt time.Time
	Unread    bool
}

// notificationList: GET /notifications[?unread=1][&before=ID] lists the
// signed-in user's notices, newest first.
func (s *Server) notificationList(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	if s.Notifications == nil {
		return fmt.Errorf("notices are not wired: %w", oroshi.ErrNotFound)
	}
	q := r.URL.Query()
	p := salesnotify.Page{UnreadOnly: q.Get("unread") == "1", Limit: salesnotify.DefaultPageSize + 1}
	if b := q.Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return fmt.Errorf("notices before %q: %w", b, errBadRequest)
		}
		p.Before = oroshi.ID(n)
	}
	list, err := s.Notifications.List(r.Context(), rc.tenant.ID, rc.user.ID, p)
	if err != nil {
		return err
	}
	v := notificationView{UnreadOnly: p.UnreadOnly}
	if len(list) > salesnotify.DefaultPageSize {
		list = list[:salesnotify.DefaultPageSize]
		v.OlderURL = olderNotices(rc.base(), p.UnreadOnly, list[len(list)-1].ID)
	}
	for _, n := range list {
		kind := sales.EventType(n.Kind)
		v.Items = append(v.Items, notificationRow{ID: n.ID, Title: n.Title, Body: n.Body, Kind: kind.Label(),
			Class: "event-" + eventClass(kind), CreatedAt: n.CreatedAt, Unread: n.Unread()})
	}
	page := "shop/notifications/index"
	if rc.area.realm == identity.RealmAdmin {
		page = "admin/notifications/index"
	}
	return s.render(w, r, http.StatusOK, page, &Page{Title: "通知", Data: v})
}

func olderNotices(base string, unreadOnly bool, last oroshi.ID) string {
	u := base + "/notifications?before=" + last.String()
	if unreadOnly {
		u += "&unread=1"
	}
	return u
}

// eventClass is a CSS-safe name of an event type: order.created → order-created.
func eventClass(t sales.EventType) string {
	b := []byte(t)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			b[i] = '-'
		}
	}
	return string(b)
}

// notificationOpen: GET /notifications/{id} marks the notice read and goes
// to what it is about (the order page). Reading is the only effect, and
// only on the user's own notice: another's answers 404.
func (s *Server) notificationOpen(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	if s.Notifications == nil {
		return fmt.Errorf("notices are not wired: %w", oroshi.ErrNotFound)
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("notice %q: %w", r.PathValue("id"), oroshi.ErrNotFound)
	}
	n, err := s.Notifications.Open(r.Context(), rc.tenant.ID, rc.user.ID, oroshi.ID(id))
	if err != nil {
		return err
	}
	to := rc.base() + "/notifications"
	if n.Link != "" {
		to = localPath(rc.base() + n.Link)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// notificationReadAll: POST /notifications/read marks every notice read.
func (s *Server) notificationReadAll(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	if s.Notifications == nil {
		return fmt.Errorf("notices are not wired: %w", oroshi.ErrNotFound)
	}
	if _, err := s.Notifications.ReadAll(r.Context(), rc.tenant.ID, rc.user.ID); err != nil {
		return err
	}
	setFlash(w, "すべての通知を既読にしました。")
	http.Redirect(w, r, rc.base()+"/notifications", http.StatusSeeOther)
	return nil
}
