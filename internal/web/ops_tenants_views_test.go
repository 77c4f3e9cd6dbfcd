package web

import (
	"time"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// The contract pages and the full export page, for TestPagesRender.
func init() {
	at := time.Date(2026, 5, 13, 18, 0, 0, 0, time.UTC)
	t := tenancy.Tenant{Slug: "sakura", Name: "さくら食品株式会社", Status: tenancy.StatusActive, CreatedAt: at,
		Contract: tenancy.Contract{Start: "2026-04-01", End: "2027-01-08", Plan: "スタンダード", Notes: "年額"}}
	deleted := t
	deleted.Status, deleted.DeletedAt = tenancy.StatusDeleted, &at
	type view = struct {
		data  any
		areas []string
	}
	pageViews["ops/tenants/index"] = view{[]tenantRow{{t, "2027-01-12"}, {deleted, "2027-01-12"}}, []string{"ops"}}
	pageViews["ops/tenants/show"] = view{tenantShowView{tenantRow: tenantRow{t, "2027-01-12"}, Contract: t.Contract,
		Counts: tenancy.Counts{Staff: 3, Buyers: 10, BuyerUsers: 4}, DefaultEnd: "2026-06-12", Today: "2026-05-13",
		Admins: []identity.User{{Name: "桜井 一郎", Email: "owner@sakura.example", Role: identity.RoleOwner}}}, []string{"ops"}}
	pageViews["admin/export"] = view{exportView{ContractEnd: "2027-01-08"}, []string{"admin"}}
}
