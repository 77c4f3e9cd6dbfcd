package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// The operation history (操作履歴): the seller's admins browse the whole
// tenant's at /admin/history (admin.manage: it shows who did what,
// including staff sign-ins), a buyer company's admins the entries of their
// own company's users at /company/history (shop.manage).

// HistoryStore reads the history (sqlstore.Store).
type HistoryStore interface {
	AuditHistory(ctx context.Context, t oroshi.TenantID, f audit.Filter) (audit.Page, error)
	AuditEntry(ctx context.Context, t oroshi.TenantID, id, buyer oroshi.ID) (audit.Entry, audit.Check, error)
	AuditActions(ctx context.Context, t oroshi.TenantID, buyer oroshi.ID) ([]string, error)
}

func (s *Server) historyRoutes(mux *http.ServeMux) {
	a, sh := areaAdmin, areaShop
	mux.Handle("GET "+a.pattern+"/history", s.page(a, identity.PermAdminManage, s.historyList))
	mux.Handle("GET "+a.pattern+"/history/export", s.exportGate(s.page(a, identity.PermAdminManage, s.historyExport)))
	mux.Handle("GET "+a.pattern+"/history/{id}", s.page(a, identity.PermAdminManage, s.historyShow))
	mux.Handle("GET "+sh.pattern+"/company/history", s.page(sh, identity.PermShopManage, s.historyList))
	mux.Handle("GET "+sh.pattern+"/company/history/{id}", s.page(sh, identity.PermShopManage, s.historyShow))
}

// historyStore is Deps.History, or the Data store when that reads the
// history too (wiring that predates the field).
func (s *Server) historyStore() HistoryStore {
	if s.History != nil {
		return s.History
	}
	if hs, ok := s.Data.(HistoryStore); ok {
		return hs
	}
	return nil
}

// historyScope is what the request may see: a buyer admin only their own
// company's users' entries, under /company/history.
func historyScope(r *http.Request) (buyer oroshi.ID, path string) {
	rc := reqCtx(r)
	if rc.area.realm == identity.RealmShop {
		return rc.user.BuyerID, rc.base() + "/company/history"
	}
	return 0, rc.base() + "/history"
}

var jstZone = time.FixedZone("JST", 9*60*60)

// historyForm is the filter as typed; parse turns it into an audit.Filter
// and field errors.
type historyForm struct {
	Actor, Action, TargetType, TargetID, From, To string
	ActorID                                       string // typed in the ID box; wins over the picker
}

func readHistoryForm(q url.Values) historyForm {
	g := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	f := historyForm{Actor: g("actor"), Action: g("action"), TargetType: g("target_type"), TargetID: g("target_id"),
		From: g("from"), To: g("to"), ActorID: g("actor_id")}
	if f.ActorID != "" {
		f.Actor = f.ActorID
	}
	return f
}

func (f historyForm) parse(q url.Values) (audit.Filter, map[string]string) {
	errs := map[string]string{}
	out := audit.Filter{Action: f.Action, TargetType: f.TargetType, TargetID: f.TargetID}
	if f.Actor != "" {
		id, err := oroshi.ParseID(f.Actor)
		if err != nil {
			errs["actor"] = "操作者IDが正しくありません"
		}
		out.ActorID = id
	}
	day := func(field, v string) time.Time {
		if v == "" {
			return time.Time{}
		}
		d, err := time.ParseInLocation("2006-01-02", v, jstZone)
		if err != nil {
			errs[field] = "日付が正しくありません"
		}
		return d
	}
	out.From = day("from", f.From)
	if to := day("to", f.To); !to.IsZero() {
		out.To = to.AddDate(0, 0, 1) // through the whole day, in Japan
	}
	if !out.From.IsZero() && !out.To.IsZero() && !out.From.Before(out.To) {
		errs["to"] = "終了日は開始日以降にしてください"
	}
	c, err := audit.ParseCursor(q.Get("before"))
	if err != nil {
		errs["before"] = "ページの指定が正しくありません"
	}
	out.Before = c
	return out, errs
}

// values is the form as a query string (without the page cursor).
func (f historyForm) values() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"actor": f.Actor, "action": f.Action, "target_type": f.TargetType,
		"target_id": f.TargetID, "from": f.From, "to": f.To} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// historyList: GET /admin/history and /company/history, filtered, newest
// first, a page at a time (?before= the last seq shown).
func (s *Server) historyList(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	buyer, path := historyScope(r)
	form := readHistoryForm(r.URL.Query())
	f, errs := form.parse(r.URL.Query())
	f.BuyerID = buyer
	v, err := s.historyListView(r, form, path)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	} else {
		page, err := s.historyStore().AuditHistory(r.Context(), rc.tenant.ID, f)
		if err != nil {
			return err
		}
		v.Rows = historyRows(page.Entries, rc.base(), path, buyer != 0)
		if !page.Next.IsZero() {
			next := form.values()
			next.Set("before", page.Next.String())
			v.Next = path + "?" + next.Encode()
		}
	}
	return s.render(w, r, status, "history/index", &Page{Title: "操作履歴", Data: v, Errors: errs})
}

// historyListView is the page around the rows: the filter form's choices.
func (s *Server) historyListView(r *http.Request, form historyForm, path string) (historyListView, error) {
	rc := reqCtx(r)
	buyer, _ := historyScope(r)
	actions, err := s.historyStore().AuditActions(r.Context(), rc.tenant.ID, buyer)
	if err != nil {
		return historyListView{}, err
	}
	realm := identity.RealmAdmin
	if buyer != 0 {
		realm = identity.RealmShop
	}
	users, err := s.Identity.Store.Users(r.Context(), rc.tenant.ID, realm)
	if err != nil {
		return historyListView{}, err
	}
	v := historyListView{Form: form, Path: path, Actions: actions, Shop: buyer != 0,
		Filtered: len(form.values()) > 0, TargetTypes: historyTargetTypes()}
	for _, u := range users {
		if buyer == 0 || u.BuyerID == buyer {
			v.Users = append(v.Users, historyOption{Value: u.ID.String(), Label: u.Name})
		}
	}
	return v, nil
}

// historyShow: GET /admin/history/{id} and /company/history/{id}: one
// entry, its changes and its place in the chain. A buyer admin asking for
// another company's entry gets 404.
func (s *Server) historyShow(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	buyer, path := historyScope(r)
	id, err := oroshi.ParseID(r.PathValue("id"))
	if err != nil {
		return oroshi.ErrNotFound
	}
	e, chk, err := s.historyStore().AuditEntry(r.Context(), rc.tenant.ID, id, buyer)
	if err != nil {
		return err
	}
	v := historyShowView{Row: historyRows([]audit.Entry{e}, rc.base(), path, buyer != 0)[0], Back: path,
		Checked: chk.OK(), Sealed: chk.Sealed, Linked: chk.Linked, Hash: prefix(e.Hash, 16), PrevHash: prefix(e.PrevHash, 16)}
	v.Changes, v.Values = historyDetail(e.Detail)
	return s.render(w, r, http.StatusOK, "history/show", &Page{Title: "操作履歴の詳細", Data: v})
}

func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
