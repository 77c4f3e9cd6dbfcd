package sqlstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestBuyerTenantIsolation: tenant B, knowing the IDs of tenant A's buyer,
// ship-to, custom field and price group, can neither read nor change them,
// through the services or straight through the store.
func TestBuyerTenantIsolation(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := &buyers.Service{Store: s}
		fields := &customfields.Service{Store: s}
		gA := mustGroup(t, svc, tenantA, "A")
		fA := mustField(t, fields, tenantA, customfields.EntityBuyer, "kind", "区分", customfields.TypeText)
		bA := mustBuyer(t, svc, buyers.Buyer{Tenant: tenantA, Code: "B001", PriceGroupID: gA.ID, Custom: map[string]any{"kind": "卸"}})
		stA, err := svc.CreateShipTo(ctx, shipTo(bA, "本店", true), buyerStaff)
		if err != nil {
			t.Fatal(err)
		}
		eventsA := len(buyerAudit(t, s, tenantA))
		ev := sys
		ev.Tenant = tenantB
		notFound := map[string]error{}
		_, notFound["Buyer"] = s.Buyer(ctx, tenantB, bA.ID)
		_, notFound["BuyerByCode"] = s.BuyerByCode(ctx, tenantB, "B001")
		_, notFound["svc.Update"] = svc.Update(ctx, buyers.Buyer{Tenant: tenantB, ID: bA.ID, Code: "B001", Name: "乗っ取り"}, buyerStaff)
		_, notFound["UpdateBuyer"] = s.UpdateBuyer(ctx, buyers.Buyer{Tenant: tenantB, ID: bA.ID, Code: "B001", Name: "乗っ取り"}, ev)
		notFound["svc.Suspend"] = svc.Suspend(ctx, tenantB, bA.ID, buyerStaff)
		notFound["SetBuyerStatus"] = s.SetBuyerStatus(ctx, tenantB, bA.ID, buyers.StatusSuspended, ev)
		_, notFound["ShipTo"] = s.ShipTo(ctx, tenantB, bA.ID, stA.ID)
		_, notFound["CreateShipTo"] = s.CreateShipTo(ctx, buyers.ShipTo{Tenant: tenantB, BuyerID: bA.ID, Label: "x", Address: "x"}, ev)
		_, notFound["UpdateShipTo"] = s.UpdateShipTo(ctx, buyers.ShipTo{Tenant: tenantB, BuyerID: bA.ID, ID: stA.ID, Label: "x", Address: "x"}, ev)
		notFound["SetDefaultShipTo"] = s.SetDefaultShipTo(ctx, tenantB, bA.ID, stA.ID, ev)
		notFound["DeleteShipTo"] = s.DeleteShipTo(ctx, tenantB, bA.ID, stA.ID, ev)
		_, notFound["CustomField"] = s.CustomField(ctx, tenantB, fA.ID)
		_, notFound["svc.UpdateField"] = fields.UpdateField(ctx, customfields.Field{Tenant: tenantB, ID: fA.ID, Label: "x"}, buyerStaff)
		_, notFound["UpdateCustomField"] = s.UpdateCustomField(ctx, customfields.Field{Tenant: tenantB, ID: fA.ID, Label: "x"}, ev)
		notFound["DeleteCustomField"] = s.DeleteCustomField(ctx, tenantB, fA.ID, ev)
		notFound["ReorderCustomFields"] = s.ReorderCustomFields(ctx, tenantB, customfields.EntityBuyer, []oroshi.ID{fA.ID}, ev)
		_, notFound["PriceGroup"] = s.PriceGroup(ctx, tenantB, gA.ID)
		_, notFound["UpdatePriceGroup"] = s.UpdatePriceGroup(ctx, buyers.PriceGroup{Tenant: tenantB, ID: gA.ID, Code: "X", Name: "x"}, ev)
		notFound["DeletePriceGroup"] = s.DeletePriceGroup(ctx, tenantB, gA.ID, ev)
		for name, err := range notFound {
			if !errors.Is(err, oroshi.ErrNotFound) {
				t.Errorf("%s from tenant B: %v, want ErrNotFound", name, err)
			}
		}
		_, err = svc.Create(ctx, buyers.Buyer{Tenant: tenantB, Code: "B001", Name: "x", PriceGroupID: gA.ID}, buyerStaff)
		wantField(t, err, "price_group", "価格グループが見つかりません")

		if p, _ := svc.List(ctx, tenantB, buyers.Filter{}); p.Total != 0 {
			t.Errorf("tenant B lists %d buyers", p.Total)
		}
		if sts, _ := s.ShipTos(ctx, tenantB, bA.ID); len(sts) != 0 {
			t.Errorf("tenant B lists A's ship-tos: %v", sts)
		}
		if fs, _ := fields.Fields(ctx, tenantB, customfields.EntityBuyer); len(fs) != 0 {
			t.Errorf("tenant B lists A's fields: %v", fs)
		}
		if gs, _ := svc.PriceGroups(ctx, tenantB); len(gs) != 0 {
			t.Errorf("tenant B lists A's groups: %v", gs)
		}
		if us, _ := s.BuyerUsers(ctx, tenantB, bA.ID); len(us) != 0 {
			t.Errorf("tenant B lists A's buyer users: %v", us)
		}

		// Tenant A's rows are as they were, and no history was written.
		got, err := s.Buyer(ctx, tenantA, bA.ID)
		if err != nil || !cmp.Equal(got, bA) {
			t.Errorf("A's buyer changed: %+v, %v", got, err)
		}
		if st, err := s.ShipTo(ctx, tenantA, bA.ID, stA.ID); err != nil || !st.IsDefault || st.Label != "本店" {
			t.Errorf("A's ship-to changed: %+v, %v", st, err)
		}
		if f, err := s.CustomField(ctx, tenantA, fA.ID); err != nil || f.Label != "区分" {
			t.Errorf("A's field changed: %+v, %v", f, err)
		}
		if g, err := s.PriceGroup(ctx, tenantA, gA.ID); err != nil || g.Code != "A" {
			t.Errorf("A's group changed: %+v, %v", g, err)
		}
		if n := len(buyerAudit(t, s, tenantA)); n != eventsA {
			t.Errorf("tenant A got %d events from B's attempts", n-eventsA)
		}
		if n := len(buyerAudit(t, s, tenantB)); n != 0 {
			t.Errorf("tenant B recorded %d events for failed attempts", n)
		}
	})
}
