package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func shipTo(b buyers.Buyer, label string, isDefault bool) buyers.ShipTo {
	return buyers.ShipTo{Tenant: b.Tenant, BuyerID: b.ID, Label: label, PostalCode: "５３００００１",
		Address: "大阪府大阪市北区梅田１－１", Phone: "06-1234-5678", IsDefault: isDefault}
}

// defaults returns the labels of a buyer's ship-tos and which is default,
// failing unless exactly one is (or there are none).
func defaults(t *testing.T, s *sqlstore.Store, b buyers.Buyer) (labels []string, def string) {
	t.Helper()
	sts, err := s.ShipTos(context.Background(), b.Tenant, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, st := range sts {
		labels = append(labels, st.Label)
		if st.IsDefault {
			n, def = n+1, st.Label
		}
	}
	if len(sts) > 0 && n != 1 {
		t.Errorf("%d defaults among %v", n, labels)
	}
	return labels, def
}

func TestShipTos(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := &buyers.Service{Store: s}
		b := mustBuyer(t, svc, buyers.Buyer{Tenant: tenantA, Code: "B001"})
		create := func(label string, isDefault bool) buyers.ShipTo {
			t.Helper()
			st, err := svc.CreateShipTo(ctx, shipTo(b, label, isDefault), buyerStaff)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		head := create("本店", false)
		if !head.IsDefault || head.PostalCode != "530-0001" || head.Address != "大阪府大阪市北区梅田1-1" {
			t.Errorf("first ship-to = %+v, want the default, normalised", head)
		}
		second := create("第二倉庫", false)
		if _, def := defaults(t, s, b); def != "本店" {
			t.Errorf("default = %s after adding a non-default", def)
		}
		third := create("第三倉庫", true)
		if _, def := defaults(t, s, b); def != "第三倉庫" {
			t.Errorf("default = %s after adding a default", def)
		}
		if err := svc.SetDefaultShipTo(ctx, tenantA, b.ID, second.ID, buyerStaff); err != nil {
			t.Fatal(err)
		}
		if labels, def := defaults(t, s, b); def != "第二倉庫" || labels[0] != "第二倉庫" {
			t.Errorf("after SetDefault: %v, default %s (default listed first)", labels, def)
		}
		upd := third
		upd.Label, upd.IsDefault = "第三倉庫（冷凍）", false
		if _, err := svc.UpdateShipTo(ctx, upd, buyerStaff); err != nil {
			t.Fatal(err)
		}
		if _, def := defaults(t, s, b); def != "第二倉庫" {
			t.Errorf("updating another ship-to moved the default to %s", def)
		}
		upd = second
		upd.IsDefault = false // cannot remove the default this way
		if got, err := svc.UpdateShipTo(ctx, upd, buyerStaff); err != nil || !got.IsDefault {
			t.Errorf("unsetting the default: %+v, %v", got, err)
		}
		upd = head
		upd.IsDefault, upd.Recipient = true, "受付 山田様"
		if got, err := svc.UpdateShipTo(ctx, upd, buyerStaff); err != nil || !got.IsDefault || got.Recipient != "受付 山田様" {
			t.Errorf("update to default: %+v, %v", got, err)
		}
		if _, def := defaults(t, s, b); def != "本店" {
			t.Errorf("default = %s after update with IsDefault", def)
		}
		if err := svc.DeleteShipTo(ctx, tenantA, b.ID, head.ID, buyerStaff); err != nil {
			t.Fatal(err)
		}
		if _, def := defaults(t, s, b); def != "第二倉庫" {
			t.Errorf("after deleting the default, the oldest remaining should be default, got %s", def)
		}
		if err := svc.DeleteShipTo(ctx, tenantA, b.ID, second.ID, buyerStaff); err != nil {
			t.Fatal(err)
		}
		if err := svc.DeleteShipTo(ctx, tenantA, b.ID, third.ID, buyerStaff); err != nil {
			t.Fatal(err)
		}
		if labels, _ := defaults(t, s, b); len(labels) != 0 {
			t.Errorf("left: %v", labels)
		}
		var actions []string
		for _, e := range buyerAudit(t, s, tenantA) {
			if e.TargetType == "ship_to" {
				actions = append(actions, e.Action)
			}
		}
		want := []string{"納品先（作成）", "納品先（作成）", "納品先（作成）", "納品先（更新）", "納品先（更新）",
			"納品先（更新）", "納品先（削除）", "納品先（削除）", "納品先（削除）"}
		if fmt.Sprint(actions) != fmt.Sprint(want) {
			t.Errorf("ship-to events %v, want %v (the no-op update records nothing)", actions, want)
		}
	})
}

func TestShipToValidationAndScope(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := &buyers.Service{Store: s}
		a := mustBuyer(t, svc, buyers.Buyer{Tenant: tenantA, Code: "B001"})
		other := mustBuyer(t, svc, buyers.Buyer{Tenant: tenantA, Code: "B002"})
		bad := shipTo(a, "", false)
		bad.PostalCode, bad.Address = "", ""
		_, err := svc.CreateShipTo(ctx, bad, buyerStaff)
		wantField(t, err, "postal_code", "郵便番号は7桁の数字（例: 123-4567）で入力してください")
		wantField(t, err, "label", "納品先名を50文字以内で入力してください")
		wantField(t, err, "address", "住所を200文字以内で入力してください")
		st, err := svc.CreateShipTo(ctx, shipTo(a, "本店", false), buyerStaff)
		if err != nil {
			t.Fatal(err)
		}
		// Another company of the same tenant cannot see or change it.
		if _, err := svc.ShipTo(ctx, tenantA, other.ID, st.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("read through another buyer: %v", err)
		}
		moved := st
		moved.BuyerID = other.ID
		if _, err := svc.UpdateShipTo(ctx, moved, buyerStaff); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("update through another buyer: %v", err)
		}
		if err := svc.DeleteShipTo(ctx, tenantA, other.ID, st.ID, buyerStaff); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("delete through another buyer: %v", err)
		}
		if _, err := svc.CreateShipTo(ctx, shipTo(buyers.Buyer{Tenant: tenantA, ID: 999}, "x", false), buyerStaff); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("ship-to of a missing buyer: %v", err)
		}
		if n := buyerRows(t, s, tenantA, "ship_tos"); n != 1 {
			t.Errorf("%d ship-tos, want 1", n)
		}
	})
}

// TestShipToDefaultConcurrent runs creates, default changes and deletes of
// one company's ship-tos at the same time; the one-default rule must hold
// after every interleaving.
func TestShipToDefaultConcurrent(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := &buyers.Service{Store: s}
		b := mustBuyer(t, svc, buyers.Buyer{Tenant: tenantA, Code: "B001"})
		seed := make([]buyers.ShipTo, 4)
		for i := range seed {
			st, err := svc.CreateShipTo(ctx, shipTo(b, fmt.Sprintf("既存%d", i), false), buyerStaff)
			if err != nil {
				t.Fatal(err)
			}
			seed[i] = st
		}
		ev := sys
		ev.Tenant = tenantA
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for w := range 8 {
			wg.Go(func() {
				for i := range 4 {
					var err error
					switch (w + i) % 4 {
					case 0:
						_, err = s.CreateShipTo(ctx, shipTo(b, fmt.Sprintf("新規%d-%d", w, i), true), ev)
					case 1:
						err = s.SetDefaultShipTo(ctx, tenantA, b.ID, seed[(w+i)%len(seed)].ID, ev)
					case 2:
						err = s.DeleteShipTo(ctx, tenantA, b.ID, seed[w%len(seed)].ID, ev)
					case 3:
						_, err = s.CreateShipTo(ctx, shipTo(b, fmt.Sprintf("追加%d-%d", w, i), false), ev)
					}
					if err != nil && !errors.Is(err, oroshi.ErrNotFound) { // a ship-to deleted by another worker
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		labels, def := defaults(t, s, b)
		if len(labels) == 0 || def == "" {
			t.Errorf("no default among %v", labels)
		}
	})
}
