package sqlstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/accesslog"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/opsaccess"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/support"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// entryAt is a request made at t (its ID made then too).
func entryAt(t time.Time, n int, tenant oroshi.TenantID, user oroshi.ID, status int) accesslog.Entry {
	return accesslog.Entry{ID: sqlstore.IDAt(t) + oroshi.ID(n), At: t, TenantID: tenant, UserID: user, Realm: "admin",
		ClientAddr: "192.0.2.1", Method: "GET", Route: "GET /{tenant}/admin/{$}", Status: status,
		Duration: 1500 * time.Microsecond, Bytes: 512}
}

func TestAccessLogQueryAndPurge(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		// Six years ahead: IDs count from 2025, so "five years ago" must
		// fall after that for rows to be old enough.
		now := time.Now().UTC().AddDate(6, 0, 0).Truncate(time.Millisecond)
		old := now.Add(-accesslog.Retention - 24*time.Hour)
		rows := []accesslog.Entry{
			entryAt(old, 1, 7, 70, 200), entryAt(old, 2, 8, 80, 200), // past retention
			entryAt(now.Add(-48*time.Hour), 0, 7, 70, 404),
			entryAt(now.Add(-time.Hour), 0, 7, 71, 200),
			entryAt(now, 0, 8, 80, 500),
		}
		if err := s.InsertAccessLog(ctx, rows); err != nil {
			t.Fatal(err)
		}
		count := func(f accesslog.Filter) int {
			t.Helper()
			got, err := s.AccessLog(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return len(got)
		}
		tests := []struct {
			name string
			f    accesslog.Filter
			want int
		}{
			{"all", accesslog.Filter{AnyTenant: true}, 5},
			{"tenant", accesslog.Filter{Tenant: 7}, 3},
			{"user", accesslog.Filter{AnyTenant: true, UserID: 80}, 2},
			{"tenant and user", accesslog.Filter{Tenant: 7, UserID: 70}, 2},
			{"4xx", accesslog.Filter{AnyTenant: true, StatusClass: 4}, 1},
			{"5xx", accesslog.Filter{Tenant: 8, StatusClass: 5}, 1},
			{"last day", accesslog.Filter{AnyTenant: true, From: now.Add(-24 * time.Hour)}, 2},
			{"until", accesslog.Filter{Tenant: 7, Until: now.Add(-24 * time.Hour)}, 2},
			{"page", accesslog.Filter{AnyTenant: true, Limit: 2}, 2},
			{"before", accesslog.Filter{AnyTenant: true, Before: rows[2].ID}, 2},
		}
		for _, tt := range tests {
			if got := count(tt.f); got != tt.want {
				t.Errorf("%s: %d rows, want %d", tt.name, got, tt.want)
			}
		}
		got, err := s.AccessLog(ctx, accesslog.Filter{AnyTenant: true, Limit: 1})
		if err != nil || len(got) != 1 || got[0].ID != rows[4].ID || got[0].Duration != rows[4].Duration ||
			got[0].Route != rows[4].Route || !got[0].At.Equal(rows[4].At) {
			t.Errorf("newest = %+v, %v; want %+v", got, err, rows[4])
		}

		n, err := accesslog.Purge(ctx, s, now)
		if err != nil || n != 2 {
			t.Fatalf("purge = %d, %v; want 2 rows", n, err)
		}
		if got := count(accesslog.Filter{AnyTenant: true}); got != 3 {
			t.Errorf("after purge: %d rows, want 3 (only rows past five years go)", got)
		}
	})
}

func TestOperatorGrants(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn, err := s.CreateTenant(ctx, tenancy.Tenant{Slug: "grants", Name: "権限商事", Status: tenancy.StatusActive})
		if err != nil {
			t.Fatal(err)
		}
		clock := time.Now()
		svc := &opsaccess.Service{Store: s, Now: func() time.Time { return clock }}
		op := audit.Actor{Realm: string(identity.RealmOps), ID: 42, ClientAddr: "192.0.2.9"}
		if _, err := svc.Check(ctx, tn.ID, op.ID); !errors.Is(err, opsaccess.ErrNoGrant) || !errors.Is(err, oroshi.ErrForbidden) {
			t.Fatalf("no grant: err = %v", err)
		}
		if _, err := svc.Request(ctx, op, "運営 花子", tn.ID, "", time.Hour); err == nil {
			t.Error("a grant without a reason was accepted")
		}
		if _, err := svc.Request(ctx, op, "運営 花子", tn.ID, "調査", 9*time.Hour); err == nil {
			t.Error("a 9-hour grant was accepted")
		}
		g, err := svc.Request(ctx, op, "運営 花子", tn.ID, "調査", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := svc.Check(ctx, tn.ID, op.ID); err != nil || got.ID != g.ID {
			t.Fatalf("check = %+v, %v", got, err)
		}
		if _, err := svc.Check(ctx, tn.ID, 43); !errors.Is(err, opsaccess.ErrNoGrant) {
			t.Errorf("another operator: err = %v, want ErrNoGrant", err)
		}
		clock = clock.Add(61 * time.Minute)
		if _, err := svc.Check(ctx, tn.ID, op.ID); !errors.Is(err, opsaccess.ErrNoGrant) {
			t.Errorf("expired: err = %v, want ErrNoGrant", err)
		}
		if _, err := svc.Request(ctx, op, "運営 花子", tn.ID, "再調査", time.Hour); err != nil {
			t.Fatal(err)
		}
		if err := svc.End(ctx, op, tn.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Check(ctx, tn.ID, op.ID); !errors.Is(err, opsaccess.ErrNoGrant) {
			t.Errorf("ended: err = %v, want ErrNoGrant", err)
		}
		list, err := svc.Grants(ctx, tn.ID)
		if err != nil || len(list) != 2 || list[0].EndedAt == nil || list[0].EndedBy != op.ID || list[1].Reason != "調査" {
			t.Errorf("grants = %+v, %v", list, err)
		}
		if other, err := s.Grants(ctx, tn.ID+1, 10); err != nil || len(other) != 0 {
			t.Errorf("another tenant's grants = %v, %v", other, err)
		}
	})
}

func TestInquiriesStore(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn, err := s.CreateTenant(ctx, tenancy.Tenant{Slug: "inq", Name: "問合せ商事", Status: tenancy.StatusActive})
		if err != nil {
			t.Fatal(err)
		}
		svc := &support.Service{Store: s, Now: time.Now, SupportEmails: []string{"help@oroshi.example"}}
		from := support.Sender{Tenant: tn.ID, TenantName: tn.Name,
			User: identity.User{ID: 5, Tenant: tn.ID, Realm: identity.RealmAdmin, Name: "担当 一郎"}}
		in := support.Input{Subject: "質問", Category: "usage", Body: "本文", ReplyEmail: "ichiro@example.jp"}
		for want := int64(1); want <= 2; want++ {
			q, err := svc.ToOperators(ctx, from, in)
			if err != nil || q.Number != want || q.Tenant != oroshi.PlatformTenant || q.FromTenant != tn.ID {
				t.Fatalf("inquiry %d = %+v, %v", want, q, err)
			}
		}
		list, err := svc.Inquiries(ctx, oroshi.PlatformTenant, support.StatusOpen)
		if err != nil || len(list) != 2 {
			t.Fatalf("open inquiries = %d, %v", len(list), err)
		}
		if err := svc.Update(ctx, oroshi.PlatformTenant, list[0].ID, support.StatusAnswered, "電話で回答"); err != nil {
			t.Fatal(err)
		}
		if err := svc.Update(ctx, oroshi.PlatformTenant, list[0].ID, "bogus", ""); err == nil {
			t.Error("a bogus status was accepted")
		}
		q, err := svc.Inquiry(ctx, oroshi.PlatformTenant, list[0].ID)
		if err != nil || q.Status != support.StatusAnswered || q.Memo != "電話で回答" {
			t.Errorf("updated = %+v, %v", q, err)
		}
		if _, err := s.Inquiry(ctx, tn.ID, list[0].ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("read through the seller's tenant: err = %v, want not found", err)
		}
		if n, err := s.CountInquiries(ctx, oroshi.PlatformTenant, tn.ID, 5, time.Now().Add(-time.Hour)); err != nil || n != 2 {
			t.Errorf("count = %d, %v", n, err)
		}
	})
}
