package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// BenchmarkAuditedWrite measures one audited change (a tenant settings
// update and its history entry in one transaction), the unit every store
// write pays for the hash chain. Run with -benchtime=10000x for the cost of
// 10,000 audited writes.
func BenchmarkAuditedWrite(b *testing.B) {
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			s := sqlstoretest.Open(b, engine)
			ctx := context.Background()
			tn, err := s.CreateTenant(ctx, tenancy.Tenant{Slug: "bench", Name: "ベンチ商事", Status: tenancy.StatusActive})
			if err != nil {
				b.Fatal(err)
			}
			actor := audit.Actor{Realm: audit.RealmAdmin, ID: 1, ClientAddr: "192.0.2.1"}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ev := actor.Event("セキュリティ設定（更新）", "tenant", tn.ID.String())
				ev.Tenant = tn.ID
				ev.Detail = map[string]any{"require_2fa": map[string]any{"before": i%2 == 1, "after": i%2 == 0},
					"n": fmt.Sprint(i)}
				if err := s.UpdateTenantSettings(ctx, tn.ID, tenancy.Settings{Require2FA: i%2 == 0}, ev); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerifyAudit walks a 5,000-entry chain; ns/op ÷ 5,000 is the
// cost per entry.
func BenchmarkVerifyAudit(b *testing.B) {
	const entries = 5000
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			s := sqlstoretest.Open(b, engine)
			ctx := context.Background()
			tn, err := s.CreateTenant(ctx, tenancy.Tenant{Slug: "bench", Name: "ベンチ商事", Status: tenancy.StatusActive})
			if err != nil {
				b.Fatal(err)
			}
			actor := audit.Actor{Realm: audit.RealmAdmin, ID: 1}
			for i := 1; i < entries; i++ {
				ev := actor.Event("商品データ（更新）", "product", fmt.Sprint(i))
				ev.Tenant = tn.ID
				ev.Detail = map[string]any{"price": audit.Change{Before: i, After: i + 1}}
				if err := s.RecordAudit(ctx, ev); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				v, err := s.VerifyAudit(ctx, tn.ID)
				if err != nil || !v.OK() || v.Entries != entries {
					b.Fatalf("verify: %+v, %v", v, err)
				}
			}
		})
	}
}
