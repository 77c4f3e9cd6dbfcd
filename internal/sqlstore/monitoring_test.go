package sqlstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/incident"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/slo"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestLeases(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		take := func(holder string, ttl time.Duration) bool {
			t.Helper()
			ok, err := s.TakeLease(ctx, "l", holder, ttl)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !take("a", time.Minute) || take("b", time.Minute) || !take("a", time.Minute) {
			t.Fatal("a should hold the lease, b not")
		}
		if !take("a", -time.Second) { // a's last renewal has already run out
			t.Fatal("a cannot renew")
		}
		if !take("b", time.Minute) {
			t.Error("b cannot take an expired lease")
		}
		if err := s.ReleaseLease(ctx, "l", "b"); err != nil {
			t.Fatal(err)
		}
		if !take("a", time.Minute) {
			t.Error("a cannot take a released lease")
		}
	})
}

func TestSLOFiguresAddUp(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		hour := time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)
		for _, p := range []slo.ProbeHour{{Hour: hour, Total: 2, OK: 2, LatencySumMS: 4, LatencyMaxMS: 3},
			{Hour: hour, Total: 3, OK: 1, LatencySumMS: 10, LatencyMaxMS: 9}, {Hour: hour.AddDate(-2, 0, 0), Total: 1}} {
			if err := s.AddProbes(ctx, []slo.ProbeHour{p}); err != nil {
				t.Fatal(err)
			}
		}
		var h slo.Histogram
		h[0], h[9] = 2, 1
		for range 2 { // two instances
			if err := s.AddRequestStats(ctx, []slo.HourStat{{Hour: hour, Route: "GET /x", Hist: h}}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.PruneSLO(ctx, hour.AddDate(0, 0, -400)); err != nil {
			t.Fatal(err)
		}
		probes, err := s.ProbeHours(ctx, time.Time{})
		want := slo.ProbeHour{Hour: hour, Total: 5, OK: 3, LatencySumMS: 14, LatencyMaxMS: 9}
		if err != nil || len(probes) != 1 || probes[0] != want {
			t.Errorf("probes %+v %v, want %+v", probes, err, want)
		}
		stats, err := s.RequestStats(ctx, hour)
		if err != nil || len(stats) != 1 || stats[0].Hist[0] != 4 || stats[0].Hist[9] != 2 || !stats[0].Hour.Equal(hour) {
			t.Errorf("stats %+v %v", stats, err)
		}
	})
}

func TestIncidentStore(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		by := audit.Actor{Realm: audit.RealmSystem}
		start := time.Date(2025, 12, 31, 16, 0, 0, 0, time.UTC) // JST 2026-01-01 01:00
		in, err := s.CreateIncident(ctx, incident.Incident{StartedAt: start, Cause: "c", Tenants: []oroshi.TenantID{tenantA, tenantB},
			Source: incident.SourceWatchdog, Check: "readiness"}, by)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.OpenWatchdogIncident(ctx, "readiness")
		if err != nil || got.ID != in.ID || got.AllTenants || len(got.Tenants) != 2 || got.Tenants[1] != tenantB {
			t.Fatalf("open = %+v %v", got, err)
		}
		end := start.Add(time.Minute)
		in.EndedAt = &end
		if _, err := s.UpdateIncident(ctx, in, by); err != nil {
			t.Fatal(err)
		}
		if _, err := s.OpenWatchdogIncident(ctx, "readiness"); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("closed incident: %v", err)
		}
		if _, err := s.UpdateIncident(ctx, incident.Incident{ID: 999, StartedAt: start}, by); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("update of a missing incident: %v", err)
		}
		years, err := s.IncidentsPerYear(ctx)
		if err != nil || years[2026] != 1 || len(years) != 1 {
			t.Errorf("per year %v %v", years, err)
		}
	})
}

func TestRecordSentMail(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		if err := s.RecordSentMail(ctx, notify.Mail{ID: 42, To: "ops@example.jp", Subject: "alert", Text: "x"}); err != nil {
			t.Fatal(err)
		}
		m, err := s.Mail(ctx, 42)
		if err != nil || m.Status != notify.StatusSent || m.SentAt == nil || m.Tenant != oroshi.PlatformTenant {
			t.Errorf("mail %+v %v", m, err)
		}
		if _, ok, err := s.OldestAvailableJob(ctx); ok || err != nil {
			t.Errorf("a recorded alert has a send job (%v)", err)
		}
	})
}
