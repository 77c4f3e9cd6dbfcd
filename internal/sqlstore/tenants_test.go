package sqlstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

func TestTenants(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := tenancy.Service{Store: s}
		a, err := svc.Create(ctx, "marukawa", "丸川食品株式会社")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Create(ctx, "marukawa", "別会社"); !errors.Is(err, oroshi.ErrConflict) {
			t.Errorf("duplicate slug: got %v, want ErrConflict", err)
		}
		got, err := s.TenantBySlug(ctx, "marukawa")
		if err != nil || got.ID != a.ID || got.Name != "丸川食品株式会社" || !got.Active() {
			t.Errorf("TenantBySlug = %+v, %v", got, err)
		}
		if !got.CreatedAt.Equal(a.CreatedAt) {
			t.Errorf("created_at round trip: %v != %v", got.CreatedAt, a.CreatedAt)
		}
		if _, err := s.TenantBySlug(ctx, "nobody"); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("unknown slug: got %v", err)
		}
		list, err := s.Tenants(ctx)
		if err != nil || len(list) != 1 {
			t.Errorf("Tenants = %v, %v", list, err)
		}
		ok, err := s.MigrationsCurrent(ctx)
		if err != nil || !ok {
			t.Errorf("MigrationsCurrent = %v, %v", ok, err)
		}
	})
}
