package sqlstore_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestSearchGrams(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"", []string{}},
		{"a", []string{"a"}},
		{"かつお", []string{"か", "かつ", "つ", "つお", "お"}},
		{"ab ab", []string{"a", "ab", "b"}},
		{"x  y", []string{"x", "y"}},
	}
	for _, tt := range tests {
		if got := sqlstore.CatalogTestGrams(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("grams(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestSearchGramsMatchMigration: the backfill of migration 00003 computes
// grams in SQL the way the store does in Go.
func TestSearchGramsMatchMigration(t *testing.T) {
	s := sqlstoretest.Open(t, "postgres")
	const q = `SELECT array_to_string(ARRAY(
		SELECT DISTINCT substr($1, i, n)
		FROM generate_series(1, length($1)) AS i, (VALUES (1), (2)) AS w (n)
		WHERE i + n - 1 <= length($1) AND strpos(substr($1, i, n), ' ') = 0), ' ')`
	for _, text := range []string{"本枯れ鰹節 ほんかれかつおぶし 1kg kb-001 4901234567894", "a", "ab  ab", ""} {
		var joined string
		if err := s.DB().QueryRowContext(context.Background(), q, text).Scan(&joined); err != nil {
			t.Fatal(err)
		}
		got := strings.Fields(joined)
		want := sqlstore.CatalogTestGrams(text)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("grams of %q: SQL %q, Go %q", text, got, want)
		}
	}
}

// TestSearchFunctionNeedsTenant: sku_search_match runs as the owner, past
// row-level security, so it must apply the tenant scope itself: as the
// application role with no tenant set it finds nothing, and with one set
// only that tenant's SKUs.
func TestSearchFunctionNeedsTenant(t *testing.T) {
	s := sqlstoretest.Open(t, "postgres")
	ctx := context.Background()
	a, b := catTenant(t, s, "tenant-a"), catTenant(t, s, "tenant-b")
	svc := &catalog.Service{Store: s}
	for _, tn := range []oroshi.TenantID{a, b} {
		if _, err := svc.CreateProduct(ctx, tn, katsuobushi(), catActor); err != nil {
			t.Fatal(err)
		}
	}
	conn, err := s.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The session setting would outlive the test on the pooled connection.
	defer conn.ExecContext(ctx, `SELECT set_config('app.tenant_id', '', false)`)
	count := func() int {
		var n int
		err := conn.QueryRowContext(ctx, `SELECT count(*) FROM sku_search_match(ARRAY['%かつお%'], ARRAY['鰹'])`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 0 {
		t.Errorf("no tenant set: %d SKUs, want 0", n)
	}
	if _, err := conn.ExecContext(ctx, `SELECT set_config('app.tenant_id', $1, false)`, a.String()); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 2 {
		t.Errorf("tenant A: %d SKUs, want its 2", n)
	}
	var role string
	if err := conn.QueryRowContext(ctx, `SELECT current_user`).Scan(&role); err != nil || role != sqlstore.AppRole {
		t.Errorf("ran as %q (%v), want %s", role, err, sqlstore.AppRole)
	}
}
