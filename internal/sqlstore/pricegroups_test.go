package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// groupExec runs q (values formatted in, no placeholders) in tenant tn's
// scope, for rows other packages own (products, price lists).
func groupExec(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID, q string) {
	t.Helper()
	ctx := context.Background()
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if s.Engine() == "postgres" {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("SELECT set_config('app.tenant_id', '%d', true)", tn)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tx.ExecContext(ctx, q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestPriceGroups(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := &buyers.Service{Store: s}
		a, err := svc.CreatePriceGroup(ctx, buyers.PriceGroup{Tenant: tenantA, Code: "Ａ", Name: " Ａランク "}, buyerStaff)
		if err != nil {
			t.Fatal(err)
		}
		if a.Code != "A" || a.Name != "Aランク" {
			t.Errorf("created %+v, want folded code and name", a)
		}
		b := mustGroup(t, svc, tenantA, "B")
		nEvents := len(buyerAudit(t, s, tenantA))
		_, err = svc.CreatePriceGroup(ctx, buyers.PriceGroup{Tenant: tenantA, Code: "A", Name: "重複"}, buyerStaff)
		wantField(t, err, "code", "この価格グループコードは既に使われています")
		_, err = svc.CreatePriceGroup(ctx, buyers.PriceGroup{Tenant: tenantA, Code: "ランク", Name: ""}, buyerStaff)
		wantField(t, err, "name", "価格グループ名を100文字以内で入力してください")
		upd := b
		upd.Code = "A"
		_, err = svc.UpdatePriceGroup(ctx, upd, buyerStaff)
		wantField(t, err, "code", "この価格グループコードは既に使われています")
		if n := len(buyerAudit(t, s, tenantA)); n != nEvents {
			t.Errorf("refused changes wrote %d events", n-nEvents)
		}
		upd.Code, upd.Name = "B2", "Bランク（新）"
		got, err := svc.UpdatePriceGroup(ctx, upd, buyerStaff)
		if err != nil || got.Code != "B2" || !got.CreatedAt.Equal(b.CreatedAt) {
			t.Errorf("update: %+v, %v", got, err)
		}
		mustBuyer(t, svc, buyers.Buyer{Tenant: tenantA, Code: "C1", PriceGroupID: a.ID})
		mustBuyer(t, svc, buyers.Buyer{Tenant: tenantA, Code: "C2", PriceGroupID: a.ID})
		list, err := svc.PriceGroups(ctx, tenantA)
		if err != nil || len(list) != 2 || list[0].Code != "A" || list[0].Buyers != 2 || list[1].Buyers != 0 {
			t.Errorf("PriceGroups = %+v, %v", list, err)
		}
		var actions []string
		for _, e := range buyerAudit(t, s, tenantA) {
			if e.TargetType == "price_group" {
				actions = append(actions, e.Action)
			}
		}
		if fmt.Sprint(actions) != "[価格グループ（作成） 価格グループ（作成） 価格グループ（更新）]" {
			t.Errorf("group events %v", actions)
		}
	})
}

func TestPriceGroupDelete(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := &buyers.Service{Store: s}
		used := mustGroup(t, svc, tenantA, "USED")
		shown := mustGroup(t, svc, tenantA, "SHOWN")
		free := mustGroup(t, svc, tenantA, "FREE")
		b := mustBuyer(t, svc, buyers.Buyer{Tenant: tenantA, Code: "B001", PriceGroupID: used.ID})
		const at = "2026-01-01T00:00:00.000000Z"
		groupExec(t, s, tenantA, fmt.Sprintf(`INSERT INTO products (tenant_id, id, name, created_at, updated_at)
			VALUES (%d, 7001, '限定品', '%s', '%s')`, tenantA, at, at))
		groupExec(t, s, tenantA, fmt.Sprintf(`INSERT INTO product_visibility (tenant_id, product_id, group_id, buyer_id)
			VALUES (%d, 7001, %d, 0)`, tenantA, shown.ID))
		groupExec(t, s, tenantA, fmt.Sprintf(`INSERT INTO price_lists (tenant_id, id, group_id, name, kind, created_at, updated_at)
			VALUES (%d, 7002, %d, '標準', 'rate', '%s', '%s')`, tenantA, free.ID, at, at))

		err := svc.DeletePriceGroup(ctx, tenantA, used.ID, buyerStaff)
		wantField(t, err, "price_group", "この価格グループは取引先1社に設定されているため削除できません。先に取引先の価格グループを変更してください")
		err = svc.DeletePriceGroup(ctx, tenantA, shown.ID, buyerStaff)
		wantField(t, err, "price_group", "この価格グループは商品の公開先に指定されているため削除できません。先に商品の公開先を変更してください")
		var inUse *buyers.PriceGroupInUseError
		if err := s.DeletePriceGroup(ctx, tenantA, used.ID, sys); !errors.As(err, &inUse) || !errors.Is(err, oroshi.ErrConflict) {
			t.Errorf("store error %v, want PriceGroupInUseError matching ErrConflict", err)
		}
		if n := buyerRows(t, s, tenantA, "price_groups"); n != 3 {
			t.Errorf("%d groups after refused deletes, want 3", n)
		}
		if err := svc.DeletePriceGroup(ctx, tenantA, free.ID, buyerStaff); err != nil {
			t.Fatal(err)
		}
		if n := buyerRows(t, s, tenantA, "price_lists"); n != 0 {
			t.Errorf("%d price lists left of the deleted group", n)
		}
		b.PriceGroupID = 0
		if _, err := svc.Update(ctx, b, buyerStaff); err != nil {
			t.Fatal(err)
		}
		if err := svc.DeletePriceGroup(ctx, tenantA, used.ID, buyerStaff); err != nil {
			t.Errorf("delete after the buyer left: %v", err)
		}
		if err := svc.DeletePriceGroup(ctx, tenantA, used.ID, buyerStaff); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("second delete: %v", err)
		}
		ev := buyerAudit(t, s, tenantA)
		if last := ev[len(ev)-1]; last.Action != "価格グループ（削除）" || last.Detail["code"] != "USED" {
			t.Errorf("last event %+v", last)
		}
	})
}

// TestPriceGroupDeleteRace saves buyers into a group while it is deleted:
// afterwards no buyer may point at a group that is gone.
func TestPriceGroupDeleteRace(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := &buyers.Service{Store: s}
		for i := range 5 {
			g := mustGroup(t, svc, tenantA, fmt.Sprintf("G%d", i))
			done := make(chan error, 1)
			go func() { done <- svc.DeletePriceGroup(ctx, tenantA, g.ID, buyerStaff) }()
			_, cerr := svc.Create(ctx, buyers.Buyer{Tenant: tenantA, Code: fmt.Sprintf("B%d", i), Name: "x", PriceGroupID: g.ID}, buyerStaff)
			derr := <-done
			if (cerr == nil) == (derr == nil) {
				t.Errorf("round %d: create %v, delete %v: exactly one must win", i, cerr, derr)
			}
		}
		orphans := scopedCount(t, s, tenantA, fmt.Sprintf(`SELECT count(*) FROM buyers b WHERE b.tenant_id = %d
			AND b.price_group_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM price_groups g
			WHERE g.tenant_id = b.tenant_id AND g.id = b.price_group_id)`, tenantA))
		if orphans != 0 {
			t.Errorf("%d buyers point at a deleted group", orphans)
		}
	})
}
