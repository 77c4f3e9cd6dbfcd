package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/accesslog"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// accessRoutes: the access log, operator access grants with the read-only
// views of a tenant's data, and inquiries (support).
func (s *Server) accessRoutes(mux *http.ServeMux) {
	ops, admin, shop := areaOps, areaAdmin, areaShop
	if s.AccessLog != nil {
		mux.Handle("GET /ops/access-log", s.page(ops, identity.PermOpsConsole, s.accessLogPage))
		mux.Handle("GET /{tenant}/admin/access-log", s.page(admin, identity.PermAdminOwner, s.accessLogPage))
	}
	if s.Grants != nil {
		mux.Handle("GET /ops/grants", s.page(ops, identity.PermOpsConsole, s.opsGrants))
		mux.Handle("GET /ops/tenants/{slug}/access", s.page(ops, identity.PermOpsConsole, s.opsGrantPage))
		mux.Handle("POST /ops/tenants/{slug}/access", s.page(ops, identity.PermOpsConsole, s.opsGrantRequest))
		mux.Handle("POST /ops/tenants/{slug}/access/end", s.page(ops, identity.PermOpsConsole, s.opsGrantEnd))
		mux.Handle("GET /ops/tenants/{slug}/data/{kind}", s.page(ops, identity.PermOpsConsole, s.opsTenantData))
		mux.Handle("GET /ops/tenants/{slug}/data/{kind}/{id}", s.page(ops, identity.PermOpsConsole, s.opsTenantRecord))
		mux.Handle("GET /{tenant}/admin/operator-access", s.page(admin, identity.PermAdminManage, s.adminOperatorAccess))
	}
	if s.Support != nil {
		mux.Handle("GET /{tenant}/admin/support", s.page(admin, identity.PermAdminView, s.adminSupportForm))
		mux.Handle("POST /{tenant}/admin/support", s.page(admin, identity.PermAdminView, s.adminSupportSend))
		mux.Handle("GET /{tenant}/admin/inquiries", s.page(admin, identity.PermAdminView, s.adminInquiries))
		mux.Handle("GET /{tenant}/admin/inquiries/{id}", s.page(admin, identity.PermAdminView, s.adminInquiry))
		mux.Handle("POST /{tenant}/admin/inquiries/{id}", s.page(admin, identity.PermAdminEdit, s.adminInquiryUpdate))
		mux.Handle("GET /{tenant}/support", s.page(shop, identity.PermShopView, s.shopSupportForm))
		mux.Handle("POST /{tenant}/support", s.page(shop, identity.PermShopView, s.shopSupportSend))
		mux.Handle("GET /ops/inquiries", s.page(ops, identity.PermOpsConsole, s.opsInquiries))
		mux.Handle("GET /ops/inquiries/{id}", s.page(ops, identity.PermOpsConsole, s.opsInquiry))
		mux.Handle("POST /ops/inquiries/{id}", s.page(ops, identity.PermOpsConsole, s.opsInquiryUpdate))
	}
}

type accessLogView struct {
	Action     string // the page's own URL: the operators' or a tenant owner's
	AllTenants bool   // operators filter by tenant; an owner sees only their own
	Form       map[string]string
	Classes    []string
	Rows       []accessLogRow
	NextURL    string
}

type accessLogRow struct {
	accesslog.Entry
	Tenant string // slug, or "運営" for tenant 0
}

const accessLogPage = 100

// accessLogPage lists requests, newest first, filtered by tenant (slug,
// operators only), user ID, JST date range and status class; "next" pages
// by ID. A tenant's owner sees the requests made in their tenant.
func (s *Server) accessLogPage(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	q := r.URL.Query()
	form := map[string]string{}
	for _, k := range []string{"tenant", "user", "from", "until", "status"} {
		form[k] = strings.TrimSpace(q.Get(k))
	}
	f, errs := s.accessFilter(r, form)
	v := accessLogView{Action: rc.base() + "/access-log", AllTenants: rc.tenant == nil, Form: form,
		Classes: []string{"2xx", "3xx", "4xx", "5xx"}}
	if len(errs) == 0 {
		f.Before, _ = oroshi.ParseID(q.Get("before"))
		f.Limit = accessLogPage
		rows, err := s.AccessLog.AccessLog(r.Context(), f)
		if err != nil {
			return err
		}
		if v.Rows, err = s.accessRows(r, rows); err != nil {
			return err
		}
		if len(rows) == accessLogPage {
			next := r.URL.Query()
			next.Set("before", rows[len(rows)-1].ID.String())
			v.NextURL = v.Action + "?" + next.Encode()
		}
	}
	return s.render(w, r, http.StatusOK, "ops/access_log", &Page{Title: "アクセスログ", Data: v, Errors: errs})
}

func (s *Server) accessFilter(r *http.Request, form map[string]string) (accesslog.Filter, map[string]string) {
	f := accesslog.Filter{AnyTenant: true}
	errs := map[string]string{}
	if t := reqCtx(r).tenant; t != nil { // an owner: their tenant only
		f.AnyTenant, f.Tenant = false, t.ID
	} else if slug := form["tenant"]; slug != "" {
		f.AnyTenant = false
		if slug != "-" { // "-": the operators' own requests (tenant 0)
			t, err := s.Tenants.TenantBySlug(r.Context(), slug)
			if err != nil {
				errs["tenant"] = "該当する契約者がありません。"
			}
			f.Tenant = t.ID
		}
	}
	if u := form["user"]; u != "" {
		id, err := oroshi.ParseID(u)
		if err != nil {
			errs["user"] = "ユーザーIDは数字で入力してください。"
		}
		f.UserID = id
	}
	var err error
	if f.From, err = jstDate(form["from"], 0); err != nil {
		errs["from"] = "日付は YYYY-MM-DD で入力してください。"
	}
	if f.Until, err = jstDate(form["until"], 1); err != nil {
		errs["until"] = "日付は YYYY-MM-DD で入力してください。"
	}
	if c := form["status"]; c != "" {
		f.StatusClass, _ = strconv.Atoi(strings.TrimSuffix(c, "xx"))
	}
	return f, errs
}

// jstDate parses a JST calendar day and adds days (1: the end of the day).
func jstDate(v string, days int) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation("2006-01-02", v, jst)
	if err != nil {
		return time.Time{}, err
	}
	return d.AddDate(0, 0, days), nil
}

// accessRows names each row's tenant by its slug.
func (s *Server) accessRows(r *http.Request, rows []accesslog.Entry) ([]accessLogRow, error) {
	slugs := map[oroshi.TenantID]string{oroshi.PlatformTenant: "運営"}
	out := make([]accessLogRow, 0, len(rows))
	for _, e := range rows {
		if e.TenantID == oroshi.PlatformTenant && e.Realm != string(identity.RealmOps) {
			out = append(out, accessLogRow{e, "-"}) // before any tenant was known (static files, 404s)
			continue
		}
		slug, ok := slugs[e.TenantID]
		if !ok {
			t, err := s.Tenants.Tenant(r.Context(), e.TenantID)
			switch {
			case errors.Is(err, oroshi.ErrNotFound): // deleted since
				t.Slug = "#" + strconv.FormatInt(int64(e.TenantID), 10)
			case err != nil:
				return nil, err
			}
			slug, slugs[e.TenantID] = t.Slug, t.Slug
		}
		out = append(out, accessLogRow{e, slug})
	}
	return out, nil
}
