package catalog

import (
	"context"
	"fmt"
	"sync"

	"github.com/oroshi-jp/oroshi"
)

// Audience names the buyers who see exactly the same catalogue at one
// catalogue version: the buyers of one price group, except a buyer named
// on some product's visibility list, who is an audience alone. Pages built
// only from what the catalogue shows (not prices, not stock) can be shared
// by an audience (the shop's listing cache in package web).
type Audience struct {
	Version int64  // the catalogue version it was read at
	Key     string // "g<group ID>" or "b<buyer ID>"
}

// Audience returns v's audience in tenant t at the current catalogue
// version. The version is read first, so the answer is never older than
// the version it names.
func (s *Service) Audience(ctx context.Context, t oroshi.TenantID, v Viewer) (Audience, error) {
	if v.BuyerID <= 0 {
		return Audience{}, fmt.Errorf("audience: no buyer: %w", oroshi.ErrForbidden)
	}
	version, err := s.Store.CatalogVersion(ctx, t)
	if err != nil {
		return Audience{}, err
	}
	named, ok := s.audiences.get(t, version)
	if !ok {
		ids, err := s.Store.BuyersOnVisibilityLists(ctx, t)
		if err != nil {
			return Audience{}, err
		}
		named = make(map[oroshi.ID]bool, len(ids))
		for _, id := range ids {
			named[id] = true
		}
		s.audiences.put(t, version, named)
	}
	if named[v.BuyerID] {
		return Audience{Version: version, Key: "b" + v.BuyerID.String()}, nil
	}
	return Audience{Version: version, Key: "g" + v.GroupID.String()}, nil
}

// audienceCache keeps, per tenant, the buyers named on visibility lists at
// the newest catalogue version seen (one small set per tenant; a newer
// version replaces it).
type audienceCache struct {
	mu sync.Mutex
	m  map[oroshi.TenantID]namedBuyers
}

type namedBuyers struct {
	version int64
	ids     map[oroshi.ID]bool // shared: never changed once stored
}

func (c *audienceCache) get(t oroshi.TenantID, version int64) (map[oroshi.ID]bool, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := c.m[t]
	if !ok || n.version != version {
		return nil, false
	}
	return n.ids, true
}

func (c *audienceCache) put(t oroshi.TenantID, version int64, ids map[oroshi.ID]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[oroshi.TenantID]namedBuyers{}
	}
	if n, ok := c.m[t]; ok && n.version > version {
		return // a slower request read an older version: keep the newer set
	}
	c.m[t] = namedBuyers{version: version, ids: ids}
}
