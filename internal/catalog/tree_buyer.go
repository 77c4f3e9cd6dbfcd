package catalog

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
)

// BuyerCategoryTree is the category tree a buyer browses: only categories
// holding, themselves or below, a product the buyer may see, each with
// that number in Products. A category of hidden or unpublished products
// alone is left out, so the sidebar never leads to an empty page nor
// hints at what the buyer does not see.
func (s *Service) BuyerCategoryTree(ctx context.Context, t oroshi.TenantID, v Viewer) ([]*CategoryNode, error) {
	if v.BuyerID <= 0 {
		return nil, fmt.Errorf("buyer categories: no buyer: %w", oroshi.ErrForbidden)
	}
	// The version is read before the rows, so what is filed under it is
	// never older than it (see treeCache).
	version, err := s.Store.CatalogVersion(ctx, t)
	if err != nil {
		return nil, err
	}
	all, counts, ok := s.trees.get(t, version, v)
	if !ok {
		if all, err = s.Store.Categories(ctx, t); err != nil {
			return nil, err
		}
		if counts, err = s.Store.BuyerCategoryCounts(ctx, t, v); err != nil {
			return nil, err
		}
		s.trees.put(t, version, v, all, counts)
	}
	return PruneTree(Tree(all), counts), nil
}

// PruneTree sets each node's Products to direct[its ID] plus its
// descendants' and drops the nodes where that is zero. direct counts the
// products placed right in each category; a product has one category, so
// the sums count no product twice.
func PruneTree(nodes []*CategoryNode, direct map[oroshi.ID]int) []*CategoryNode {
	var out []*CategoryNode
	for _, n := range nodes {
		n.Children = PruneTree(n.Children, direct)
		n.Products = direct[n.ID]
		for _, c := range n.Children {
			n.Products += c.Products
		}
		if n.Products > 0 {
			out = append(out, n)
		}
	}
	return out
}
