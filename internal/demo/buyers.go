package demo

import (
	"context"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
)

func (s *Seeder) buyerService() *buyers.Service {
	if s.Buyers != nil {
		return s.Buyers
	}
	return &buyers.Service{Store: s.Store}
}

// seedBuyers makes the price groups, the buyer companies and their ship-tos
// that are missing and returns the IDs of all of them by code.
func (s *Seeder) seedBuyers(ctx context.Context, t oroshi.TenantID) (ids, error) {
	svc := s.buyerService()
	refs := ids{groups: map[string]oroshi.ID{}, buyers: map[string]oroshi.ID{}}
	have, err := svc.PriceGroups(ctx, t)
	if err != nil {
		return ids{}, fmt.Errorf("demo price groups: %w", err)
	}
	for _, g := range have {
		refs.groups[g.Code] = g.ID
	}
	for _, g := range groups {
		if _, ok := refs.groups[g.code]; ok {
			continue
		}
		created, err := svc.CreatePriceGroup(ctx, buyers.PriceGroup{Tenant: t, Code: g.code, Name: g.name}, system)
		if err != nil {
			return ids{}, fmt.Errorf("demo price group %s: %w", g.code, err)
		}
		refs.groups[g.code] = created.ID
	}
	for _, c := range companies {
		b, err := s.company(ctx, svc, t, c, refs.groups[c.group])
		if err != nil {
			return ids{}, fmt.Errorf("demo buyer %s: %w", c.Code, err)
		}
		refs.buyers[c.Code] = b.ID
	}
	return refs, s.shipTos(ctx, svc, t, refs.buyers)
}

// company finds or creates one buyer company. A company without an address
// was made by an earlier version of the demo, which gave companies a name
// only: it gets its profile and price group now. Any other existing company
// is kept as it is, edits included.
func (s *Seeder) company(ctx context.Context, svc *buyers.Service, t oroshi.TenantID, c company, group oroshi.ID) (buyers.Buyer, error) {
	b := c.Buyer
	b.Tenant, b.PriceGroupID = t, group
	old, err := s.Store.BuyerByCode(ctx, t, c.Code)
	switch {
	case errors.Is(err, oroshi.ErrNotFound):
		return svc.Create(ctx, b, system)
	case err != nil:
		return buyers.Buyer{}, err
	case old.Address != "" || old.PriceGroupID != 0:
		return old, nil
	}
	b.ID, b.Custom, b.UpdatedAt = old.ID, old.Custom, old.UpdatedAt
	return svc.Update(ctx, b, system)
}

// shipTos adds the ship-tos a company lacks, found by label.
func (s *Seeder) shipTos(ctx context.Context, svc *buyers.Service, t oroshi.TenantID, buyerIDs map[string]oroshi.ID) error {
	labels := map[oroshi.ID]map[string]bool{}
	for _, st := range shipTos {
		id := buyerIDs[st.buyer]
		if labels[id] == nil {
			have, err := svc.ShipTos(ctx, t, id)
			if err != nil {
				return fmt.Errorf("demo ship-tos of %s: %w", st.buyer, err)
			}
			labels[id] = map[string]bool{}
			for _, h := range have {
				labels[id][h.Label] = true
			}
		}
		if labels[id][buyers.Fold(st.Label)] {
			continue
		}
		n := st.ShipTo
		n.Tenant, n.BuyerID = t, id
		if _, err := svc.CreateShipTo(ctx, n, system); err != nil {
			return fmt.Errorf("demo ship-to %s %s: %w", st.buyer, st.Label, err)
		}
	}
	return nil
}
