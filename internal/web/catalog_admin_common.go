package web

import (
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// Helpers shared by the product and category pages.

// categoryIndent marks a category's depth in a select: browsers collapse
// ASCII spaces in an <option>, not the ideographic space.
func categoryIndent(depth int) string {
	if depth <= 1 {
		return ""
	}
	return strings.Repeat("\u3000", depth-2) + "\u3000└ "
}

// categoryOptions is the tree as <option>s in tree order, indented by
// depth. skip (with its subtree) is left out: a category cannot move under
// itself.
func categoryOptions(tree []*catalog.CategoryNode, selected, skip oroshi.ID) []buyerOption {
	var out []buyerOption
	var walk func([]*catalog.CategoryNode)
	walk = func(ns []*catalog.CategoryNode) {
		for _, n := range ns {
			if skip != 0 && n.ID == skip {
				continue
			}
			out = append(out, buyerOption{n.ID.String(), categoryIndent(n.Depth) + n.Name, n.ID == selected})
			walk(n.Children)
		}
	}
	walk(tree)
	return out
}

// flatTree lists the nodes of the tree in display order.
func flatTree(tree []*catalog.CategoryNode) []*catalog.CategoryNode {
	var out []*catalog.CategoryNode
	var walk func([]*catalog.CategoryNode)
	walk = func(ns []*catalog.CategoryNode) {
		for _, n := range ns {
			out = append(out, n)
			walk(n.Children)
		}
	}
	walk(tree)
	return out
}

// categoryPaths names each category by its path: 食品 › 調味料 › 醤油.
func categoryPaths(tree []*catalog.CategoryNode) map[oroshi.ID]string {
	out := map[oroshi.ID]string{}
	var walk func([]*catalog.CategoryNode, string)
	walk = func(ns []*catalog.CategoryNode, prefix string) {
		for _, n := range ns {
			out[n.ID] = prefix + n.Name
			walk(n.Children, out[n.ID]+" › ")
		}
	}
	walk(tree, "")
	return out
}

// productStatusOptions are the product statuses for a select.
func productStatusOptions(selected string) []buyerOption {
	out := make([]buyerOption, len(catalog.Statuses))
	for i, st := range catalog.Statuses {
		out[i] = buyerOption{string(st), st.Label(), string(st) == selected}
	}
	return out
}

// formQty reads a quantity typed as 12, １２ or 1,000: empty is 0 (the
// service's default), anything else unreadable is -1, which it refuses.
func formQty(s string) int {
	s = strings.NewReplacer(",", "", "，", "").Replace(buyers.Fold(s))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// formDelta reads a signed stock change: +12, -3, －３, ▲3 (a minus in
// Japanese books). ok is false for anything else.
func formDelta(s string) (int64, bool) {
	s = strings.NewReplacer(",", "", "，", "", "▲", "-", "−", "-", "－", "-", "＋", "+").Replace(buyers.Fold(s))
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// priceRange is the list prices of a product's SKUs: 1,200円 or
// 1,200円〜3,400円.
func priceRange(skus []catalog.SKU) string {
	if len(skus) == 0 {
		return ""
	}
	lo, hi := skus[0].ListPrice, skus[0].ListPrice
	for _, s := range skus[1:] {
		lo, hi = min(lo, s.ListPrice), max(hi, s.ListPrice)
	}
	if lo == hi {
		return yenText(lo)
	}
	return yenText(lo) + "〜" + yenText(hi)
}
