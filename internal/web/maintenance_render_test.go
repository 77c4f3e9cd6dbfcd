package web

import (
	"time"

	"github.com/oroshi-jp/oroshi/internal/ops"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// The maintenance and announcement pages, for TestPagesRender: in
// maintenance, with an upcoming, a canceled and a service-end notice, and
// announcements for every tenant and for one.
func init() {
	at := time.Date(2026, 12, 9, 17, 0, 0, 0, time.UTC)
	w := ops.Window{ID: 1, Kind: ops.KindPlanned, Start: at, End: at.Add(2 * time.Hour), Message: "更新", Stop: true, CreatedAt: at}
	canceled := w
	canceled.ID, canceled.Kind, canceled.CanceledAt = 2, ops.KindEmergency, &at
	end := ops.Window{ID: 3, Kind: ops.KindServiceEnd, Start: at, End: at, Message: "終了", CreatedAt: at}
	until := at.Add(time.Hour)
	type view = struct {
		data  any
		areas []string
	}
	pageViews["ops/maintenance"] = view{maintenanceView{Mode: ops.Mode{On: true, Until: &until, UpdatedAt: at},
		Status: ops.Status{Maintenance: true}, Form: map[string]string{"kind": ops.KindPlanned},
		Tables: []windowTable{{Title: "予定・告知中のお知らせ", Rows: []ops.Window{w, end}, Cancel: true},
			{Title: "終了・中止したお知らせ", Rows: []ops.Window{canceled}}}}, []string{"ops"}}
	pageViews["ops/announcements"] = view{announcementsView{
		List: []ops.Announcement{{ID: 1, Audience: ops.AudienceBoth, Title: "t", Body: "b", PublishAt: at},
			{ID: 2, Target: 7, TargetName: "さくら食品株式会社", Audience: ops.AudienceShop, Title: "t", Body: "b", PublishAt: at}},
		Tenants: []tenancy.Tenant{{ID: 7, Slug: "sakura", Name: "さくら食品株式会社"}},
		Form:    map[string]string{"audience": ops.AudienceBoth, "target": "7"}}, []string{"ops"}}
}
