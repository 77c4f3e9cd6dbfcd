package demo_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/demo"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

var jst = time.FixedZone("JST", 9*60*60)

func at(date string, hour int) time.Time {
	d, err := time.ParseInLocation("2006-01-02", date, jst)
	if err != nil {
		panic(err)
	}
	return d.Add(time.Duration(hour) * time.Hour)
}

// TestTenantDeletion: the demo tenant (rows in many tables, documents
// included) is terminated with its contract ending on Friday 2027-01-08;
// Monday 01-11 is 成人の日, so its data goes on Tuesday 01-12 and not a
// day before. On that day every table with a tenant_id (found in the
// schema, so a new table cannot be forgotten) has no row of it left,
// another tenant keeps every row, and the operators' log and the notice
// mail exist. Running again does nothing.
func TestTenantDeletion(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			clk := sqlstoretest.NewClock(at("2026-12-01", 10))
			s := sqlstoretest.OpenClock(t, engine, clk)
			if _, err := withDocuments(t, s).Run(ctx); err != nil {
				t.Fatal(err)
			}
			victim, err := s.TenantBySlug(ctx, demo.Slug)
			if err != nil {
				t.Fatal(err)
			}
			other := otherTenant(t, s)
			svc := &tenancy.Contracts{Store: s, Now: clk.Now}
			ops := audit.Actor{Realm: audit.RealmOps, ID: 1}
			if _, err := svc.Terminate(ctx, victim.ID, "2027-01-08", "契約満了", ops); err != nil {
				t.Fatal(err)
			}
			before := rowCounts(t, s, victim.ID)
			otherBefore := rowCounts(t, s, other)
			if nonEmpty(before) < 15 {
				t.Fatalf("the demo filled only %d tables: %v", nonEmpty(before), before)
			}
			for _, now := range []time.Time{at("2027-01-08", 23), at("2027-01-09", 12), at("2027-01-11", 23)} {
				clk.Set(now)
				done, err := svc.DeleteDue(ctx)
				if err != nil || len(done) != 0 {
					t.Fatalf("%v: deleted %v, %v", now, done, err)
				}
				if got := rowCounts(t, s, victim.ID); !reflect.DeepEqual(got, before) {
					t.Fatalf("%v: rows changed before the deletion day", now)
				}
			}
			clk.Set(at("2027-01-12", 3))
			done, err := svc.DeleteDue(ctx)
			if err != nil || len(done) != 1 || done[0].Tenant.ID != victim.ID {
				t.Fatalf("deletion day: %+v, %v", done, err)
			}
			t.Logf("%s: deleted %s", engine, tenancy.FormatRows(done[0].Rows))
			for table, n := range rowCounts(t, s, victim.ID) {
				if n != 0 {
					t.Errorf("%s: %d rows of the deleted tenant left", table, n)
				}
			}
			if got := rowCounts(t, s, other); !reflect.DeepEqual(got, otherBefore) {
				t.Errorf("the other tenant's rows changed:\nbefore %v\nafter  %v", otherBefore, got)
			}
			checkDeleted(t, s, victim, done[0], before)
			if again, err := svc.DeleteDue(ctx); err != nil || len(again) != 0 {
				t.Errorf("second run: %v, %v", again, err)
			}
		})
	}
}

// otherTenant makes a second tenant with a user, a buyer and history.
func otherTenant(t *testing.T, s *sqlstore.Store) oroshi.TenantID {
	t.Helper()
	ctx := context.Background()
	sd := seeder(s)
	tn, err := (&tenancy.Service{Store: s}).Create(ctx, "other-co", "他社株式会社")
	if err != nil {
		t.Fatal(err)
	}
	actor := audit.Actor{Realm: audit.RealmSystem}
	if _, err := sd.Identity.CreateUser(ctx, identity.NewUser{Tenant: tn.ID, Realm: identity.RealmAdmin,
		Email: "boss@other.example", Name: "他社 社長", Role: identity.RoleOwner}, actor); err != nil {
		t.Fatal(err)
	}
	if _, err := sd.Buyers.Create(ctx, buyers.Buyer{Tenant: tn.ID, Code: "X1", Name: "他社の取引先"}, actor); err != nil {
		t.Fatal(err)
	}
	return tn.ID
}

func rowCounts(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID) map[string]int64 {
	t.Helper()
	m, err := s.TenantRowCounts(context.Background(), tn)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func nonEmpty(m map[string]int64) int {
	n := 0
	for _, v := range m {
		if v > 0 {
			n++
		}
	}
	return n
}

// checkDeleted: the tenant row is kept as deleted, the operators' log has
// the deletion with its row counts, and the owner's notice is queued.
func checkDeleted(t *testing.T, s *sqlstore.Store, victim tenancy.Tenant, d tenancy.Deletion, before map[string]int64) {
	t.Helper()
	ctx := context.Background()
	tn, err := s.Tenant(ctx, victim.ID)
	if err != nil || tn.Status != tenancy.StatusDeleted || tn.DeletedAt == nil || tn.Slug != victim.Slug {
		t.Errorf("tenant after deletion: %+v, %v", tn, err)
	}
	for table, n := range before {
		if d.Rows[table] != n && table != "audit_events" && table != "audit_heads" && table != "mail_outbox" {
			t.Errorf("%s: %d rows deleted, %d were there", table, d.Rows[table], n)
		}
	}
	page, err := s.AuditHistory(ctx, oroshi.PlatformTenant, audit.Filter{Action: tenancy.ActionDeleted})
	if err != nil || len(page.Entries) != 1 {
		t.Fatalf("operators' log: %+v, %v", page, err)
	}
	if e := page.Entries[0]; e.Detail["slug"] != demo.Slug || e.Detail["rows"] == nil || e.TargetID != victim.ID.String() {
		t.Errorf("log entry %+v", e)
	}
	mails, err := s.Outbox(ctx, 20)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range mails {
		if m.Subject == "【oroshi 運営事務局】データ削除完了のお知らせ" && m.To == "owner@sakura-foods.example" && m.Tenant == oroshi.PlatformTenant {
			found = true
		}
	}
	if !found || !reflect.DeepEqual(d.Mailed, []string{"owner@sakura-foods.example"}) {
		t.Errorf("no deletion notice to the owner (mailed %v) in %d mails", d.Mailed, len(mails))
	}
}
