package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// historyFixture is tenant A with two buyer companies (a user each) and a
// staff user, and tenant B with entries of its own.
type historyFixture struct {
	staff, u1, u2 identity.User
	b1, b2        oroshi.ID
	base          time.Time // the first event's time; event i of u1 is i hours later
	u1IDs         []oroshi.ID
}

func newHistoryFixture(t *testing.T, s *sqlstore.Store) historyFixture {
	t.Helper()
	f := historyFixture{b1: newBuyer(t, s, tenantA, "B1").ID, b2: newBuyer(t, s, tenantA, "B2").ID,
		base: time.Date(2026, 11, 25, 15, 30, 0, 0, time.UTC)} // 2026-11-26 00:30 JST
	f.staff = newUser(t, s, tenantA, identity.RealmAdmin, identity.RoleAdmin, "staff@example.com", 0)
	f.u1 = newUser(t, s, tenantA, identity.RealmShop, identity.RoleBuyerAdmin, "u1@example.com", f.b1)
	f.u2 = newUser(t, s, tenantA, identity.RealmShop, identity.RoleBuyerAdmin, "u2@example.com", f.b2)
	record := func(tn oroshi.TenantID, u identity.User, action, typ, id string, at time.Time) oroshi.ID {
		ev := audit.Actor{Realm: string(u.Realm), ID: u.ID, ClientAddr: "192.0.2.9"}.Event(action, typ, id)
		ev.Tenant, ev.At, ev.ID = tn, at, s.NewID()
		ev.Detail = map[string]any{"memo": audit.Change{Before: "", After: map[string]any{"n": id}}}
		if err := s.RecordAudit(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
		return ev.ID
	}
	for i := range 10 {
		f.u1IDs = append(f.u1IDs, record(tenantA, f.u1, "注文（作成）", "order", fmt.Sprint(100+i), f.base.Add(time.Duration(i)*time.Hour)))
	}
	for i := range 5 {
		record(tenantA, f.u2, "注文（作成）", "order", fmt.Sprint(200+i), f.base.Add(time.Duration(i)*time.Hour))
	}
	for i := range 4 {
		record(tenantA, f.staff, "顧客データ（更新）", "buyer", f.b1.String(), f.base.AddDate(0, 0, i))
	}
	other := newUser(t, s, tenantB, identity.RealmShop, identity.RoleBuyerAdmin, "u1@example.com", newBuyer(t, s, tenantB, "B1").ID)
	record(tenantB, other, "注文（作成）", "order", "100", f.base)
	return f
}

// historyAll follows the pages of f to the end, checking each page's
// order and size.
func historyAll(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID, f audit.Filter) []audit.Entry {
	t.Helper()
	var all []audit.Entry
	for pages := 0; ; pages++ {
		p, err := s.AuditHistory(context.Background(), tn, f)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Next.IsZero() && len(p.Entries) != f.PageLimit() {
			t.Fatalf("page %d: %d entries with a next page, want %d", pages, len(p.Entries), f.PageLimit())
		}
		all = append(all, p.Entries...)
		if p.Next.IsZero() {
			break
		}
		f.Before = p.Next
	}
	for i := 1; i < len(all); i++ {
		if prev := all[i-1]; all[i].At.After(prev.At) || (all[i].At.Equal(prev.At) && all[i].Seq >= prev.Seq) {
			t.Fatalf("entry %d: %v seq %d after %v seq %d, want newest first", i, all[i].At, all[i].Seq, prev.At, prev.Seq)
		}
	}
	return all
}

func TestAuditHistoryFilters(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := newHistoryFixture(t, s)
		jst := time.FixedZone("JST", 9*60*60)
		day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, jst) }
		cases := []struct {
			name   string
			tenant oroshi.TenantID
			filter audit.Filter
			want   int
		}{
			{"actor", tenantA, audit.Filter{ActorID: f.u1.ID}, 10},
			{"actor, pages of 3", tenantA, audit.Filter{ActorID: f.u1.ID, Limit: 3}, 10},
			{"actor, page size = count", tenantA, audit.Filter{ActorID: f.u2.ID, Limit: 5}, 5},
			{"action", tenantA, audit.Filter{Action: "注文（作成）"}, 15},
			{"target", tenantA, audit.Filter{TargetType: "order", TargetID: "101"}, 1},
			{"target type and actor", tenantA, audit.Filter{TargetType: "buyer", ActorID: f.staff.ID, Limit: 1}, 4},
			{"JST day 26 (00:30 … 09:30)", tenantA, audit.Filter{ActorID: f.u1.ID, From: day(26), To: day(27)}, 10},
			{"from 05:00 JST", tenantA, audit.Filter{Action: "注文（作成）", From: day(26).Add(5 * time.Hour)}, 5},
			{"From included, To excluded", tenantA, audit.Filter{ActorID: f.u1.ID, From: f.base, To: f.base.Add(time.Hour)}, 1},
			{"To only", tenantA, audit.Filter{ActorID: f.u1.ID, To: f.base.Add(2*time.Hour + time.Microsecond)}, 3},
			{"buyer b1", tenantA, audit.Filter{BuyerID: f.b1}, 10},
			{"buyer b2 and target", tenantA, audit.Filter{BuyerID: f.b2, TargetID: "101"}, 0},
			{"tenant B", tenantB, audit.Filter{Action: "注文（作成）"}, 1},
			{"tenant B, A's actor", tenantB, audit.Filter{ActorID: f.u1.ID}, 0},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				got := historyAll(t, s, c.tenant, c.filter)
				if len(got) != c.want {
					t.Fatalf("%d entries, want %d", len(got), c.want)
				}
				for _, e := range got {
					if (c.filter.ActorID != 0 && e.ActorID != c.filter.ActorID) || e.Tenant != c.tenant ||
						(c.filter.BuyerID == f.b1 && e.ActorID != f.u1.ID) {
						t.Fatalf("entry %+v does not match %+v", e.Event, c.filter)
					}
				}
			})
		}
	})
}

func TestAuditHistoryEntryAndActions(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		f := newHistoryFixture(t, s)
		id := f.u1IDs[3]
		e, chk, err := s.AuditEntry(ctx, tenantA, id, f.b1)
		if err != nil || !chk.OK() {
			t.Fatalf("entry: %+v %+v %v", e, chk, err)
		}
		if e.ActorName != "山田 太郎" || e.TargetID != "103" || e.ActorRealm != audit.RealmShop {
			t.Errorf("entry = %+v", e)
		}
		if diff := cmp.Diff(map[string]any{"memo": map[string]any{"before": "", "after": map[string]any{"n": "103"}}}, e.Detail); diff != "" {
			t.Errorf("detail (-want +got):\n%s", diff)
		}
		for name, call := range map[string]func() error{
			"another company's entry": func() error { _, _, err := s.AuditEntry(ctx, tenantA, id, f.b2); return err },
			"another tenant's entry":  func() error { _, _, err := s.AuditEntry(ctx, tenantB, id, 0); return err },
		} {
			if err := call(); !errors.Is(err, oroshi.ErrNotFound) {
				t.Errorf("%s: %v, want ErrNotFound", name, err)
			}
		}
		// A changed row no longer checks out.
		auditSQL(t, s, tenantA, fmt.Sprintf(`UPDATE audit_events SET target_id = '999' WHERE tenant_id = $T AND id = %d`, id))
		if _, chk, err := s.AuditEntry(ctx, tenantA, id, 0); err != nil || chk.Sealed || !chk.Linked {
			t.Errorf("tampered entry: %+v %v, want not sealed but linked", chk, err)
		}
		all, err := s.AuditActions(ctx, tenantA, 0)
		if err != nil || !slices.Contains(all, "注文（作成）") || !slices.Contains(all, "顧客データ（更新）") {
			t.Errorf("actions = %q, %v", all, err)
		}
		mine, err := s.AuditActions(ctx, tenantA, f.b2)
		if diff := cmp.Diff([]string{"注文（作成）"}, mine); diff != "" || err != nil {
			t.Errorf("buyer's actions (-want +got):\n%s %v", diff, err)
		}
		n := 0
		err = s.EachAuditEntry(ctx, tenantA, audit.Filter{BuyerID: f.b1, Limit: 2}, func(audit.Entry) error { n++; return nil })
		if err != nil || n != 10 {
			t.Errorf("each: %d entries, %v; want 10 (the limit ignored)", n, err)
		}
	})
}
