package sqlstore_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/ops"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestAnnouncementsAudience(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		a := maintenanceTenant(t, s, "an-a", "active")
		b := maintenanceTenant(t, s, "an-b", "active")
		now := s.Now()
		op := audit.Actor{Realm: "ops", ID: 7}
		seed := []ops.Announcement{
			{Title: "全社・管理", Audience: ops.AudienceAdmin, PublishAt: now.Add(-3 * time.Hour)},
			{Title: "全社・両方", Audience: ops.AudienceBoth, PublishAt: now.Add(-2 * time.Hour)},
			{Title: "A社・ショップ", Target: a, Audience: ops.AudienceShop, PublishAt: now.Add(-time.Hour)},
			{Title: "予約", Audience: ops.AudienceBoth, PublishAt: now.Add(time.Hour)},
		}
		var ids []oroshi.ID
		for _, x := range seed {
			x.Body = "本文"
			got, err := s.CreateAnnouncement(ctx, x, op)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, got.ID)
		}
		tests := []struct {
			tenant   oroshi.TenantID
			audience string
			want     []string
		}{
			{a, "admin", []string{"全社・両方", "全社・管理"}},
			{a, "shop", []string{"A社・ショップ", "全社・両方"}},
			{b, "shop", []string{"全社・両方"}},
			{b, "admin", []string{"全社・両方", "全社・管理"}},
		}
		for _, tt := range tests {
			list, err := s.AnnouncementsFor(ctx, tt.tenant, tt.audience, now, 10)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, x := range list {
				got = append(got, x.Title)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("AnnouncementsFor(%s, %s) = %v, want %v", tt.tenant, tt.audience, got, tt.want)
			}
		}
		all, err := s.Announcements(ctx, 10)
		if err != nil || len(all) != 4 || all[0].Title != "予約" || all[1].TargetName != "an-a商事" {
			t.Fatalf("Announcements = %+v, %v", all, err)
		}
		if err := s.DeleteAnnouncement(ctx, ids[1], op); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteAnnouncement(ctx, ids[1], op); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("second delete: %v, want ErrNotFound", err)
		}
		if list, _ := s.AnnouncementsFor(ctx, b, "shop", now, 10); len(list) != 0 {
			t.Errorf("after delete b/shop sees %+v", list)
		}
	})
}
