package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/ops"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// maintenanceTenant creates a tenant of status with admin-realm users of
// the given roles (a "-" suffix makes the user disabled); e-mail addresses
// are <role><index>@<slug>.example.jp.
func maintenanceTenant(t *testing.T, s *sqlstore.Store, slug, status string, roles ...string) oroshi.TenantID {
	t.Helper()
	ctx := context.Background()
	tn, err := s.CreateTenant(ctx, tenancy.Tenant{Slug: slug, Name: slug + "商事", Status: status})
	if err != nil {
		t.Fatal(err)
	}
	for i, role := range roles {
		st := identity.StatusActive
		if r, ok := strings.CutSuffix(role, "-"); ok {
			role, st = r, identity.StatusDisabled
		}
		u := identity.User{Tenant: tn.ID, Realm: identity.RealmAdmin, Email: fmt.Sprintf("%s%d@%s.example.jp", strings.TrimSuffix(role, "-"), i, slug), Name: role, Role: role, Status: st}
		if _, err := s.CreateUser(ctx, u, audit.Event{Tenant: tn.ID, ActorRealm: audit.RealmSystem, Action: "ユーザー（作成）"}); err != nil {
			t.Fatal(err)
		}
	}
	return tn.ID
}

func maintenanceMailsTo(t *testing.T, s *sqlstore.Store, subjectPart string) []string {
	t.Helper()
	box, err := s.Outbox(context.Background(), 500)
	if err != nil {
		t.Fatal(err)
	}
	var to []string
	for _, m := range box {
		if strings.Contains(m.Subject, subjectPart) {
			to = append(to, m.To)
		}
	}
	slices.Sort(to)
	return to
}

func TestMaintenanceWindowsTellAdmins(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		maintenanceTenant(t, s, "mw-a", "active", "owner", "admin", "staff", "admin-")
		maintenanceTenant(t, s, "mw-b", "active", "admin", "viewer")
		maintenanceTenant(t, s, "mw-c", "suspended", "owner")
		now := s.Now()
		op := audit.Actor{Realm: "ops", ID: 7}
		w := ops.Window{Kind: ops.KindPlanned, Start: now.Add(15 * 24 * time.Hour), End: now.Add(15*24*time.Hour + 2*time.Hour),
			Message: "データベースの更新", Stop: true, CreatedBy: 7}
		w, n, err := s.ScheduleWindow(ctx, w, func(r ops.Recipient) notify.Mail { return ops.Letter(w, r) }, op)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"admin0@mw-b.example.jp", "admin1@mw-a.example.jp", "owner0@mw-a.example.jp"}
		if got := maintenanceMailsTo(t, s, "メンテナンスのお知らせ"); n != 3 || !slices.Equal(got, want) {
			t.Errorf("scheduling mailed %d: %v, want %v", n, got, want)
		}
		cur, err := s.CurrentWindows(ctx, now)
		if err != nil || len(cur) != 1 || cur[0].ID != w.ID || !cur[0].Stop || cur[0].Message != w.Message {
			t.Fatalf("CurrentWindows = %+v, %v", cur, err)
		}
		if cur, _ := s.CurrentWindows(ctx, w.End); len(cur) != 0 {
			t.Errorf("CurrentWindows after the end = %+v", cur)
		}
		if _, err := s.CancelWindow(ctx, w.ID, ops.CancelLetter, op); err != nil {
			t.Fatal(err)
		}
		if got := maintenanceMailsTo(t, s, "中止のお知らせ"); !slices.Equal(got, want) {
			t.Errorf("cancel mailed %v, want %v", got, want)
		}
		if _, err := s.CancelWindow(ctx, w.ID, ops.CancelLetter, op); !errors.Is(err, oroshi.ErrConflict) {
			t.Errorf("second cancel: %v, want ErrConflict", err)
		}
		if cur, _ := s.CurrentWindows(ctx, now); len(cur) != 0 {
			t.Errorf("CurrentWindows after cancel = %+v", cur)
		}
		all, err := s.Windows(ctx, 10)
		if err != nil || len(all) != 1 || !all[0].Canceled() {
			t.Errorf("Windows = %+v, %v", all, err)
		}
	})
}

func TestMaintenanceModeSwitch(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		if m, err := s.MaintenanceMode(ctx); err != nil || m.On {
			t.Fatalf("initial mode = %+v, %v", m, err)
		}
		until := s.Now().Add(time.Hour).Truncate(time.Second)
		op := audit.Actor{Realm: "ops", ID: 7}
		if err := s.SetMaintenanceMode(ctx, ops.Mode{On: true, Message: "障害対応中", Until: &until, UpdatedBy: 7, UpdatedAt: s.Now()}, op); err != nil {
			t.Fatal(err)
		}
		m, err := s.MaintenanceMode(ctx)
		if err != nil || !m.On || m.Message != "障害対応中" || m.Until == nil || !m.Until.Equal(until) || m.UpdatedBy != 7 {
			t.Fatalf("mode after on = %+v, %v", m, err)
		}
		if err := s.SetMaintenanceMode(ctx, ops.Mode{UpdatedBy: 8, UpdatedAt: s.Now()}, op); err != nil {
			t.Fatal(err)
		}
		if m, err := s.MaintenanceMode(ctx); err != nil || m.On || m.Until != nil || m.UpdatedBy != 8 {
			t.Fatalf("mode after off = %+v, %v", m, err)
		}
	})
}
