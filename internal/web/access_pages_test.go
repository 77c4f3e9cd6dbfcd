package web

import (
	"time"

	"github.com/oroshi-jp/oroshi/internal/accesslog"
	"github.com/oroshi-jp/oroshi/internal/opsaccess"
	"github.com/oroshi-jp/oroshi/internal/support"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// The access, grant and inquiry pages, for TestPagesRender: with rows, so
// that the loops and branches of the templates are rendered too.
func init() {
	at := time.Date(2026, 5, 13, 1, 0, 0, 0, time.UTC)
	tenant := tenancy.Tenant{ID: 7, Slug: "sakura", Name: "さくら食品株式会社"}
	active := opsaccess.Grant{ID: 9, Tenant: 7, OperatorID: 1, OperatorName: "運営 太郎", Reason: "障害調査",
		StartedAt: at, ExpiresAt: at.Add(time.Hour)}
	ended := active
	ended.EndedAt = &at
	grants := []opsaccess.Grant{active, ended, {ExpiresAt: at.Add(-time.Hour)}}
	inq := inquiryRow{Inquiry: support.Inquiry{ID: 3, Number: 1, Subject: "請求書について", Body: "本文", Status: "open",
		CreatedAt: at}, From: "さくら食品", CategoryLabel: "その他", StatusLabel: "未対応"}
	form := map[string]string{"status": "4xx", "minutes": "60", "category": "usage"}
	for name, e := range map[string]struct {
		data  any
		areas []string
	}{
		"ops/access_log": {accessLogView{Action: "/x", AllTenants: true, Form: form, Classes: []string{"4xx"}, NextURL: "/n", Rows: []accessLogRow{{accesslog.Entry{At: at,
			Route: "GET /{tenant}/admin/{$}", Status: 200, UserID: 5}, "sakura"}}}, []string{"ops", "admin"}},
		"ops/grants":         {grantsView{Rows: []grantRow{{Tenant: tenant, Grant: &active}, {Tenant: tenant}}}, []string{"ops"}},
		"ops/grant":          {grantPageView{Tenant: tenant, Grants: grants, Form: form, Minutes: grantChoices, Now: at}, []string{"ops"}},
		"ops/grant_required": {grantPageView{Tenant: tenant}, []string{"ops"}},
		"ops/tenant_data": {tenantDataView{Tenant: tenant, Grant: active, Kind: "orders", Kinds: dataKinds,
			Heads: []string{"注文番号"}, Rows: []dataRow{{"1", []string{"O-1"}}, {"", []string{"x"}}},
			Pairs: [][2]string{{"注文番号", "O-1"}}, NextURL: "/n"}, []string{"ops"}},
		"admin/operator_access": {operatorAccessView{Grants: grants, Now: at}, []string{"admin"}},
		"support/form":          {supportFormView{Form: form, Categories: support.Categories, Action: "/x"}, []string{"admin", "shop"}},
		"support/list": {inquiryListView{Rows: []inquiryRow{inq}, Status: "open", Statuses: support.StatusLabels, Base: "/x"},
			[]string{"ops", "admin"}},
		"support/show": {inquiryView{inquiryRow: inq, Statuses: support.StatusLabels, Base: "/x"}, []string{"ops", "admin"}},
	} {
		pageViews[name] = e
	}
}
