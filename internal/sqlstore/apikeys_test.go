package sqlstore_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// apiKeyClock is a settable test clock.
type apiKeyClock struct{ t time.Time }

func (c *apiKeyClock) now() time.Time { return c.t }

func apiKeySHA256(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func apiKeyTenant(t *testing.T, s *sqlstore.Store, slug string) tenancy.Tenant {
	t.Helper()
	tn, err := (&tenancy.Service{Store: s}).Create(context.Background(), slug, slug+"株式会社")
	if err != nil {
		t.Fatal(err)
	}
	return tn
}

var apiKeyAdmin = audit.Actor{Realm: audit.RealmAdmin, ID: 42, ClientAddr: "192.0.2.1"}

func TestAPIKeyLifecycle(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		a := apiKeyTenant(t, s, "marukawa")
		clk := &apiKeyClock{time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
		svc := apikeys.Service{Store: s, Now: clk.now}

		k, plain, err := svc.Create(ctx, a.ID, " 基幹連携 ", []string{apikeys.OrdersWrite, apikeys.CatalogRead}, apiKeyAdmin)
		if err != nil {
			t.Fatal(err)
		}
		if k.ID == 0 || k.Tenant != a.ID || k.Name != "基幹連携" || !strings.HasPrefix(plain, k.Prefix) ||
			!strings.HasPrefix(plain, "oroshi_"+a.ID.String()+"_") {
			t.Fatalf("Create = %+v, %q", k, plain)
		}
		got, err := svc.Authenticate(ctx, plain)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != k.ID || !cmp.Equal(got.Scopes, []string{apikeys.CatalogRead, apikeys.OrdersWrite}) ||
			!got.CreatedAt.Equal(clk.t) || got.LastUsedAt == nil || !got.LastUsedAt.Equal(clk.t) {
			t.Errorf("Authenticate = %+v", got)
		}

		if err := svc.Revoke(ctx, a.ID, k.ID, apiKeyAdmin); err != nil {
			t.Fatal(err)
		}
		if err := svc.Revoke(ctx, a.ID, k.ID, apiKeyAdmin); err != nil {
			t.Errorf("second revoke: %v", err)
		}
		if _, err := svc.Authenticate(ctx, plain); !errors.Is(err, oroshi.ErrUnauthorized) {
			t.Errorf("revoked key: got %v, want ErrUnauthorized", err)
		}
		keys, err := svc.Keys(ctx, a.ID)
		if err != nil || len(keys) != 1 || keys[0].RevokedAt == nil || !keys[0].RevokedAt.Equal(clk.t) {
			t.Errorf("Keys after revoke = %+v, %v", keys, err)
		}
		want := []string{"契約者（作成）", "APIキー（作成）", "APIキー（失効）"}
		if diff := cmp.Diff(want, apiKeyAuditActions(t, s, a.ID)); diff != "" {
			t.Errorf("audit actions (-want +got):\n%s", diff)
		}
	})
}

// TestAPIKeyLastUsed: uses within a minute do not write; the next one after
// does.
func TestAPIKeyLastUsed(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		a := apiKeyTenant(t, s, "lastused")
		first := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
		clk := &apiKeyClock{first}
		svc := apikeys.Service{Store: s, Now: clk.now}
		_, plain, err := svc.Create(ctx, a.ID, "連携", []string{apikeys.CatalogRead}, apiKeyAdmin)
		if err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			after time.Duration
			want  time.Duration // expected last_used_at, as an offset from first
		}{
			{0, 0},
			{30 * time.Second, 0},
			{59 * time.Second, 0},
			{61 * time.Second, 61 * time.Second},
			{90 * time.Second, 61 * time.Second},
		}
		for _, st := range steps {
			clk.t = first.Add(st.after)
			if _, err := svc.Authenticate(ctx, plain); err != nil {
				t.Fatal(err)
			}
			if lu := apiKeyLastUsed(t, &svc, a.ID); !lu.Equal(first.Add(st.want)) {
				t.Errorf("use at +%v: last_used_at = %v, want +%v", st.after, lu, st.want)
			}
		}
	})
}

func apiKeyLastUsed(t *testing.T, svc *apikeys.Service, tenant oroshi.TenantID) time.Time {
	t.Helper()
	keys, err := svc.Keys(context.Background(), tenant)
	if err != nil || len(keys) == 0 || keys[0].LastUsedAt == nil {
		t.Fatalf("Keys = %+v, %v", keys, err)
	}
	return *keys[0].LastUsedAt
}

// apiKeyAuditActions reads the tenant's audit actions in order, inside a
// transaction scoped to the tenant (row-level security on PostgreSQL).
func apiKeyAuditActions(t *testing.T, s *sqlstore.Store, tenant oroshi.TenantID) []string {
	t.Helper()
	ctx := context.Background()
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if s.Engine() == "postgres" {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("SELECT set_config('app.tenant_id', '%d', true)", tenant)); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT action, detail FROM audit_events WHERE tenant_id = %d ORDER BY at, id`, tenant))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var action, detail string
		if err := rows.Scan(&action, &detail); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(detail, "secret") || strings.Contains(detail, "hash") {
			t.Errorf("audit detail of %s reveals the secret: %s", action, detail)
		}
		out = append(out, action)
	}
	return out
}

func TestAPIKeyTenantIsolation(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		a, b := apiKeyTenant(t, s, "tenant-a"), apiKeyTenant(t, s, "tenant-b")
		svc := apikeys.Service{Store: s}
		k, plain, err := svc.Create(ctx, a.ID, "A の連携", []string{apikeys.CatalogRead}, apiKeyAdmin)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.APIKeyByHash(ctx, b.ID, apiKeySHA256(plain)); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("A's hash looked up as B: got %v, want ErrNotFound", err)
		}
		if err := svc.Revoke(ctx, b.ID, k.ID, apiKeyAdmin); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("B revoking A's key: got %v, want ErrNotFound", err)
		}
		if keys, err := svc.Keys(ctx, b.ID); err != nil || len(keys) != 0 {
			t.Errorf("B's keys = %+v, %v", keys, err)
		}
		// A's secret presented as B's key: the hash differs, nothing is found.
		swapped := strings.Replace(plain, "_"+a.ID.String()+"_", "_"+b.ID.String()+"_", 1)
		if _, err := svc.Authenticate(ctx, swapped); !errors.Is(err, oroshi.ErrUnauthorized) {
			t.Errorf("A's secret under B's id: got %v, want ErrUnauthorized", err)
		}
		if _, err := svc.Authenticate(ctx, plain); err != nil {
			t.Errorf("A's key after B's attempts: %v", err)
		}
	})
}

func TestAPIKeyErrors(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		a := apiKeyTenant(t, s, "errors")
		svc := apikeys.Service{Store: s}

		r := apikeys.Record{SecretHash: apiKeySHA256("x"), Key: apikeys.Key{Tenant: a.ID, Name: "one",
			Prefix: "oroshi_1_abcdefgh", Scopes: []string{apikeys.AuditRead}}}
		if _, err := s.CreateAPIKey(ctx, r, apiKeyAdmin); err != nil {
			t.Fatal(err)
		}
		r.Name = "two"
		if _, err := s.CreateAPIKey(ctx, r, apiKeyAdmin); !errors.Is(err, oroshi.ErrConflict) {
			t.Errorf("duplicate hash: got %v, want ErrConflict", err)
		}

		_, _, err := svc.Create(ctx, a.ID, "", []string{"orders:delete"}, apiKeyAdmin)
		var ve *oroshi.ValidationError
		if !errors.As(err, &ve) || ve.Fields["name"] == "" || ve.Fields["scopes"] == "" {
			t.Errorf("invalid create: got %v, want messages on name and scopes", err)
		}
		if err := svc.Revoke(ctx, a.ID, 12345, apiKeyAdmin); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("revoke of a missing key: got %v, want ErrNotFound", err)
		}
		for _, k := range []string{"", "garbage", "oroshi_" + a.ID.String() + "_" + strings.Repeat("a", 52)} {
			if _, err := svc.Authenticate(ctx, k); !errors.Is(err, oroshi.ErrUnauthorized) {
				t.Errorf("Authenticate(%q): got %v, want ErrUnauthorized", k, err)
			}
		}
	})
}
