package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// TestPageTenantKeptBriefly: PageTenant keeps a tenant a moment, yet a
// change through the store shows at once and a contract's end takes
// effect on the store's clock, not at the cache's pace.
func TestPageTenantKeptBriefly(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			clk := sqlstoretest.NewClock(time.Date(2026, 3, 30, 3, 0, 0, 0, time.UTC)) // 12:00 JST
			s := sqlstoretest.OpenClock(t, engine, clk)
			ctx := context.Background()
			tn := catTenant(t, s, "cached")
			read := func() tenancy.Tenant {
				t.Helper()
				got, err := s.PageTenant(ctx, "cached")
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
					t.Errorf("%s: PageTenant = %+v", st.name, got)
				}
			}
		})
	}
}

// TestTenantBySlugNeverCached: a change behind the store's back (another
// instance, the CLI) shows in TenantBySlug at once; PageTenant may show it
// up to the TTL later.
func TestTenantBySlugNeverCached(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := catTenant(t, s, "fresh")
		if _, err := s.PageTenant(ctx, "fresh"); err != nil {
			t.Fatal(err)
		}
		tx, err := s.DB().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		q := `UPDATE tenants SET name = '改名後' WHERE id = ` + tn.String()
		if s.Engine() == "postgres" {
			if _, err := tx.ExecContext(ctx, `SELECT set_config('app.tenant_id', '0', true)`); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := tx.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		got, err := s.TenantBySlug(ctx, "fresh")
		if err != nil || got.Name != "改名後" {
			t.Errorf("TenantBySlug after the change: %q, %v", got.Name, err)
		}
	})
}
