package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// auditTenant creates a tenant (its first event: 契約者（作成）) and records
// n-1 more events, so its chain holds seq 1…n.
func auditTenant(t *testing.T, s *sqlstore.Store, slug string, n int) oroshi.TenantID {
	t.Helper()
	ctx := context.Background()
	tn, err := s.CreateTenant(ctx, tenancy.Tenant{Slug: slug, Name: "監査テスト " + slug, Status: tenancy.StatusActive})
	if err != nil {
		t.Fatal(err)
	}
	actor := audit.Actor{Realm: audit.RealmAdmin, ID: 42, ClientAddr: "198.51.100.7"}
	for i := 2; i <= n; i++ {
		ev := actor.Event("顧客データ（更新）", "buyer", fmt.Sprint(1000+i))
		ev.Tenant = tn.ID
		ev.Detail = map[string]any{"name": audit.Change{Before: "旧<名>", After: fmt.Sprintf("新名 %d", i)},
			"credit_limit": map[string]any{"before": 9007199254740993, "after": i}}
		if err := s.RecordAudit(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	return tn.ID
}

// auditSQL runs statements directly on the database in tenant tn's scope,
// as an attacker with database access would.
func auditSQL(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if s.Engine() == "postgres" {
		if _, err := tx.ExecContext(ctx, `SELECT set_config('app.tenant_id', $1, true)`, tn.String()); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range stmts {
		res, err := tx.ExecContext(ctx, strings.ReplaceAll(q, "$T", tn.String()))
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("%s: %d rows changed, want 1", q, n)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func verifyAudit(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID) audit.Verification {
	t.Helper()
	v, err := s.VerifyAudit(context.Background(), tn)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestAuditChainDetectsTampering(t *testing.T) {
	const ev = `UPDATE audit_events SET %s WHERE tenant_id = $T AND seq = %d`
	cases := []struct {
		name  string
		stmts []string
		want  audit.Break
	}{
		{"detail edited", []string{fmt.Sprintf(ev, `detail = replace(detail, '新名', '偽名')`, 3)},
			audit.Break{Kind: audit.BreakChanged, Seq: 3}},
		{"actor changed", []string{fmt.Sprintf(ev, `actor_id = 7`, 5)},
			audit.Break{Kind: audit.BreakChanged, Seq: 5}},
		{"middle row deleted", []string{`DELETE FROM audit_events WHERE tenant_id = $T AND seq = 4`},
			audit.Break{Kind: audit.BreakMissing, Seq: 4}},
		{"last row deleted", []string{`DELETE FROM audit_events WHERE tenant_id = $T AND seq = 6`},
			audit.Break{Kind: audit.BreakTail, Seq: 6}},
		{"two rows swapped", []string{fmt.Sprintf(ev, `seq = 100`, 2), fmt.Sprintf(ev, `seq = 2`, 4), fmt.Sprintf(ev, `seq = 4`, 100)},
			audit.Break{Kind: audit.BreakReordered, Seq: 2}},
		{"row deleted and later ones renumbered", []string{`DELETE FROM audit_events WHERE tenant_id = $T AND seq = 3`,
			fmt.Sprintf(ev, `seq = 3`, 4), fmt.Sprintf(ev, `seq = 4`, 5), fmt.Sprintf(ev, `seq = 5`, 6),
			`UPDATE audit_heads SET seq = 5 WHERE tenant_id = $T`},
			audit.Break{Kind: audit.BreakReordered, Seq: 3}},
		{"head rolled back over the last row", []string{
			`UPDATE audit_heads SET seq = 5, hash = (SELECT hash FROM audit_events WHERE tenant_id = $T AND seq = 5) WHERE tenant_id = $T`},
			audit.Break{Kind: audit.BreakHead, Seq: 6}},
		{"head deleted", []string{`DELETE FROM audit_heads WHERE tenant_id = $T`},
			audit.Break{Kind: audit.BreakHead, Seq: 6}},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				tn := auditTenant(t, s, fmt.Sprintf("tamper-%d", i), 6)
				if v := verifyAudit(t, s, tn); !v.OK() || v.Entries != 6 {
					t.Fatalf("before tampering: %+v, want 6 good entries", v)
				}
				auditSQL(t, s, tn, c.stmts...)
				v := verifyAudit(t, s, tn)
				if v.OK() || *v.Break != c.want {
					t.Fatalf("verify = %+v (break %+v), want %+v", v, v.Break, c.want)
				}
				if msg := v.Break.Message(); !strings.Contains(msg, fmt.Sprintf("seq %d", c.want.Seq)) {
					t.Errorf("message %q does not name seq %d", msg, c.want.Seq)
				}
			})
		}
	})
}

func TestAuditChainsPerTenant(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		a := auditTenant(t, s, "chain-a", 3)
		b := auditTenant(t, s, "chain-b", 2)
		for i := 0; i < 2; i++ {
			err := s.RecordAudit(ctx, audit.Event{Tenant: oroshi.PlatformTenant, ActorRealm: audit.RealmOps, ActorID: 9,
				Action: "メンテナンス（登録）", TargetType: "maintenance", TargetID: fmt.Sprint(i)})
			if err != nil {
				t.Fatal(err)
			}
		}
		for tn, want := range map[oroshi.TenantID]int64{a: 3, b: 2, oroshi.PlatformTenant: 2} {
			if v := verifyAudit(t, s, tn); !v.OK() || v.Entries != want {
				t.Errorf("tenant %s: %+v, want %d good entries", tn, v, want)
			}
		}
		// Breaking one chain leaves the others intact.
		auditSQL(t, s, a, `UPDATE audit_events SET action = '注文（承認取消）' WHERE tenant_id = $T AND seq = 1`)
		if v := verifyAudit(t, s, a); v.OK() {
			t.Errorf("tenant a after edit: %+v", v)
		}
		if v := verifyAudit(t, s, b); !v.OK() {
			t.Errorf("tenant b: %+v", v.Break)
		}
	})
}

// TestAuditChainConcurrent: 20 writers of one tenant end with a chain
// without gaps or forks.
func TestAuditChainConcurrent(t *testing.T) {
	const writers, each = 20, 10
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := auditTenant(t, s, "busy", 1)
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				actor := audit.Actor{Realm: audit.RealmAdmin, ID: oroshi.ID(w + 1)}
				for i := 0; i < each; i++ {
					ev := actor.Event("セキュリティ設定（更新）", "tenant", tn.String())
					ev.Tenant = tn
					ev.Detail = map[string]any{"writer": w, "i": i}
					// Even writers contend on the chain head alone; odd ones
					// also lock the tenant row before it.
					var err error
					if w%2 == 0 {
						err = s.RecordAudit(ctx, ev)
					} else {
						err = s.UpdateTenantSettings(ctx, tn, tenancy.Settings{Require2FA: i%2 == 0}, ev)
					}
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if v := verifyAudit(t, s, tn); !v.OK() || v.Entries != 1+writers*each {
			t.Fatalf("verify = %+v (break %+v), want %d good entries", v, v.Break, 1+writers*each)
		}
		var n, lo, hi int64
		err := auditRead(s, tn, `SELECT count(*), min(seq), max(seq) FROM audit_events WHERE tenant_id = `+tn.String(), &n, &lo, &hi)
		if err != nil || n != 1+writers*each || lo != 1 || hi != n {
			t.Errorf("count %d, seq %d…%d, %v; want 1…%d", n, lo, hi, err, 1+writers*each)
		}
	})
}

func auditRead(s *sqlstore.Store, tn oroshi.TenantID, q string, dest ...any) error {
	ctx := context.Background()
	tx, err := s.DB().BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.Engine() == "postgres" {
		if _, err := tx.ExecContext(ctx, `SELECT set_config('app.tenant_id', $1, true)`, tn.String()); err != nil {
			return err
		}
	}
	return tx.QueryRowContext(ctx, q).Scan(dest...)
}

func TestAuditNeedsKey(t *testing.T) {
	o := sqlstoretest.Options(t, "sqlite")
	o.AuditKey = nil
	s, err := sqlstore.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.RecordAudit(context.Background(), audit.Event{Tenant: 1, ActorRealm: audit.RealmSystem, Action: "テスト"})
	if err == nil || !strings.Contains(err.Error(), "key") {
		t.Errorf("RecordAudit without a key = %v, want an error about the key", err)
	}
	if _, err := s.VerifyAudit(context.Background(), 1); err == nil {
		t.Error("VerifyAudit without a key succeeded")
	}
}

// TestAuditBackfill: history written before the chain existed (numbered by
// migration 00006, unsealed) is sealed by the next migrate; a chain whose
// head was deleted is not re-sealed, and without a key the migrate refuses.
func TestAuditBackfill(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			o := sqlstoretest.Options(t, engine)
			s, err := sqlstore.Open(ctx, o)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			legacy := auditTenant(t, s, "legacy", 1)
			const row = `INSERT INTO audit_events (tenant_id, id, seq, at, actor_realm, actor_id, action, detail)
				VALUES ($T, %d, %d, '2025-01-0%dT03:04:05.123456Z', 'admin', 5, '商品データ（更新）', '{"b": 1, "a": {"y": 2, "x": "<&>"}}')`
			auditSQL(t, s, legacy, `DELETE FROM audit_heads WHERE tenant_id = $T`,
				`UPDATE audit_events SET hash = '', prev_hash = '' WHERE tenant_id = $T`,
				fmt.Sprintf(row, 901, 2, 2), fmt.Sprintf(row, 902, 3, 3))
			tampered := auditTenant(t, s, "tampered", 3)
			auditSQL(t, s, tampered, `DELETE FROM audit_heads WHERE tenant_id = $T`)
			good := auditTenant(t, s, "good", 2)

			if err := sqlstore.Migrate(ctx, o, ""); err != nil {
				t.Fatal(err)
			}
			if v := verifyAudit(t, s, legacy); !v.OK() || v.Entries != 3 {
				t.Errorf("legacy after backfill: %+v (break %+v), want 3 good entries", v, v.Break)
			}
			if v := verifyAudit(t, s, good); !v.OK() || v.Entries != 2 {
				t.Errorf("good: %+v", v)
			}
			if v := verifyAudit(t, s, tampered); v.OK() || v.Break.Kind != audit.BreakHead {
				t.Errorf("tampered (head deleted) after migrate: %+v, want a head break", v)
			}
			// The sealed chain goes on from the backfilled head.
			if err := s.RecordAudit(ctx, audit.Event{Tenant: legacy, ActorRealm: audit.RealmSystem, Action: "テスト"}); err != nil {
				t.Fatal(err)
			}
			if v := verifyAudit(t, s, legacy); !v.OK() || v.Entries != 4 {
				t.Errorf("legacy after a new entry: %+v", v)
			}

			auditSQL(t, s, good, `DELETE FROM audit_heads WHERE tenant_id = $T`,
				`UPDATE audit_events SET hash = '' WHERE tenant_id = $T AND seq = 1`,
				`UPDATE audit_events SET hash = '' WHERE tenant_id = $T AND seq = 2`)
			o.AuditKey = nil
			if err := sqlstore.Migrate(ctx, o, ""); err == nil || !strings.Contains(err.Error(), "key") {
				t.Errorf("migrate of unsealed history without a key = %v, want an error about the key", err)
			}
		})
	}
}
