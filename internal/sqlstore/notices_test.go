package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

func TestNotices(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		now := s.Now()
		seed := []tenancy.Notice{
			{Tenant: tenantA, Audience: "all", Public: true, Title: "年末年始の営業について", PublishedAt: now.Add(-3 * time.Hour)},
			{Tenant: tenantA, Audience: "shop", Title: "新商品のご案内", PublishedAt: now.Add(-2 * time.Hour)},
			{Tenant: tenantA, Audience: "admin", Title: "締め処理日程", PublishedAt: now.Add(-time.Hour)},
			{Tenant: tenantA, Audience: "shop", Public: true, Title: "価格改定のお知らせ", PublishedAt: now.Add(-4 * time.Hour)},
			{Tenant: tenantA, Audience: "admin", Public: true, Title: "社内向け公開", PublishedAt: now.Add(-5 * time.Hour)},
			{Tenant: tenantA, Audience: "shop", Public: true, Title: "予約投稿", PublishedAt: now.Add(time.Hour)},
			{Tenant: tenantB, Audience: "all", Public: true, Title: "別の販売元", PublishedAt: now.Add(-time.Hour)},
		}
		for _, n := range seed {
			if _, err := s.CreateNotice(ctx, n); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			tenant     oroshi.TenantID
			audience   string
			publicOnly bool
			limit      int
			want       []string // titles, newest first
		}{
			{tenantA, "shop", false, 10, []string{"新商品のご案内", "年末年始の営業について", "価格改定のお知らせ"}},
			{tenantA, "admin", false, 10, []string{"締め処理日程", "年末年始の営業について", "社内向け公開"}},
			{tenantA, "shop", true, 10, []string{"年末年始の営業について", "価格改定のお知らせ"}},
			{tenantA, "admin", true, 10, []string{"年末年始の営業について", "社内向け公開"}},
			{tenantA, "all", false, 10, []string{"年末年始の営業について"}},
			{tenantA, "shop", false, 1, []string{"新商品のご案内"}},
			{tenantB, "shop", false, 10, []string{"別の販売元"}},
			{999, "shop", false, 10, nil},
		}
		for _, tt := range tests {
			list, err := s.Notices(ctx, tt.tenant, tt.audience, tt.publicOnly, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range list {
				if n.Tenant != tt.tenant {
					t.Errorf("Notices(%s) returned a notice of %s", tt.tenant, n.Tenant)
				}
				got = append(got, n.Title)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Notices(%s, %q, public=%v, %d) (-want +got):\n%s", tt.tenant, tt.audience, tt.publicOnly, tt.limit, diff)
			}
		}
		n, err := s.CreateNotice(ctx, tenancy.Notice{Tenant: tenantB, Audience: "shop", Title: "本文あり", Body: "本文です。"})
		if err != nil {
			t.Fatal(err)
		}
		if n.ID == 0 || n.PublishedAt.IsZero() {
			t.Errorf("CreateNotice without a date = %+v; want an ID and published now", n)
		}
		list, err := s.Notices(ctx, tenantB, "shop", false, 1)
		if err != nil || len(list) != 1 {
			t.Fatalf("Notices = %v, %v", list, err)
		}
		if diff := cmp.Diff(n, list[0]); diff != "" {
			t.Errorf("notice round trip (-want +got):\n%s", diff)
		}
	})
}

func TestTenantCounts(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		b1 := newBuyer(t, s, tenantA, "B001")
		newBuyer(t, s, tenantA, "B002")
		newUser(t, s, tenantA, identity.RealmAdmin, identity.RoleOwner, "owner@a.example", 0)
		staff := newUser(t, s, tenantA, identity.RealmAdmin, identity.RoleStaff, "staff@a.example", 0)
		newUser(t, s, tenantA, identity.RealmShop, identity.RolePurchaser, "buyer@a.example", b1.ID)
		newUser(t, s, tenantB, identity.RealmAdmin, identity.RoleOwner, "owner@b.example", 0)
		newUser(t, s, 0, identity.RealmOps, identity.RoleOperator, "ops@oroshi.example", 0)
		if err := s.SetUserStatus(ctx, tenantA, staff.ID, identity.StatusDisabled, audit.Event{Tenant: tenantA, Action: "x"}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			tenant oroshi.TenantID
			want   tenancy.Counts
		}{
			{tenantA, tenancy.Counts{Staff: 2, Buyers: 2, BuyerUsers: 1}},
			{tenantB, tenancy.Counts{Staff: 1}},
			{999, tenancy.Counts{}},
		}
		for _, tt := range tests {
			got, err := s.TenantCounts(ctx, tt.tenant)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("TenantCounts(%s) (-want +got):\n%s", tt.tenant, diff)
			}
		}
	})
}
