package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// TestTenantBySlugKeptBriefly: TenantBySlug keeps a tenant a moment, yet a
// change through the store shows at once and a contract's end takes
// effect on the store's clock, not at the cache's pace.
func TestTenantBySlugKeptBriefly(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			clk := sqlstoretest.NewClock(time.Date(2026, 3, 30, 3, 0, 0, 0, time.UTC)) // 12:00 JST
			s := sqlstoretest.OpenClock(t, engine, clk)
			ctx := context.Background()
			tn := catTenant(t, s, "cached")
			read := func() tenancy.Tenant {
				t.Helper()
				got, err := s.TenantBySlug(ctx, "cached")
				if err != nil {
					t.Fatal(err)
				}
				return got
			}
			steps := []struct {
				name   string
				change func() error
				check  func(tenancy.Tenant) bool
			}{
				{"settings saved", func() error {
					return s.UpdateTenantSettings(ctx, tn, tenancy.Settings{Require2FA: true},
						audit.Event{Tenant: tn, ActorRealm: audit.RealmSystem, Action: "設定（更新）", TargetType: "tenant"})
				}, func(got tenancy.Tenant) bool { return got.Require2FA }},
				{"contract ends today", func() error {
					return s.SaveTenantContract(ctx, tn, tenancy.StatusActive, tenancy.Contract{Start: "2025-04-01", End: "2026-03-31"}, nil, nil)
				}, func(got tenancy.Tenant) bool {
					return got.Contract.End == "2026-03-31" && got.Status == tenancy.StatusActive
				}},
				{"the clock passes the end", func() error {
					clk.Add(48 * time.Hour)
					return nil
				}, func(got tenancy.Tenant) bool { return got.Status == tenancy.StatusTerminated }},
			}
			read() // cached from here on
			for _, st := range steps {
				if err := st.change(); err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
				if got := read(); !st.check(got) {
					t.Errorf("%s: TenantBySlug = %+v", st.name, got)
				}
			}
		})
	}
}
