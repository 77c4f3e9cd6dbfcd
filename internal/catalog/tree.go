package catalog

import (
	"cmp"
	"slices"
	"strings"

	"github.com/oroshi-jp/oroshi"
)

const maxCategoryNameLen = 100

// TidyCategory trims a category's fields before validation.
func TidyCategory(c *Category) {
	c.Name = strings.TrimSpace(c.Name)
	c.Kana = tidyKana(c.Kana)
}

// ValidateCategory checks a tidied category's own fields; where it sits in
// the tree is checked against the whole tree by the service.
func ValidateCategory(c Category) error {
	v := &oroshi.ValidationError{}
	switch {
	case c.Name == "":
		v.Add("name", "カテゴリ名を入力してください")
	case runeLen(c.Name) > maxCategoryNameLen:
		v.Add("name", "カテゴリ名は100文字以内で入力してください")
	}
	if !validKana(c.Kana) {
		v.Add("kana", "フリガナはカタカナまたはひらがなで入力してください")
	}
	textLen(v, "kana", c.Kana, maxCategoryNameLen, "フリガナは100文字以内で入力してください")
	if c.Position < 0 || c.Position > MaxQuantity {
		v.Add("position", "表示順は0以上の整数で入力してください")
	}
	if c.ParentID < 0 {
		v.Add("parent_id", "親カテゴリが見つかりません")
	}
	return v.Err()
}

// CategoryNode is a category with its subcategories, for showing the tree.
type CategoryNode struct {
	Category
	Depth    int // 1 for a root
	Children []*CategoryNode
	Products int // products a buyer may see here and below (BuyerCategoryTree only)
}

// Tree arranges a tenant's categories into a forest, siblings ordered by
// position then name. A category whose parent is missing is shown as a
// root rather than lost.
func Tree(cats []Category) []*CategoryNode {
	nodes := make(map[oroshi.ID]*CategoryNode, len(cats))
	for _, c := range cats {
		nodes[c.ID] = &CategoryNode{Category: c}
	}
	var roots []*CategoryNode
	for _, c := range cats {
		n := nodes[c.ID]
		if p, ok := nodes[c.ParentID]; ok && c.ParentID != c.ID {
			p.Children = append(p.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	sortNodes(roots, 1)
	return roots
}

func sortNodes(ns []*CategoryNode, depth int) {
	slices.SortFunc(ns, func(a, b *CategoryNode) int {
		return cmp.Or(cmp.Compare(a.Position, b.Position), strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	for _, n := range ns {
		n.Depth = depth
		// Only nodes reachable from a root are visited, so even a cycle in
		// stored data cannot make this recurse forever.
		sortNodes(n.Children, depth+1)
	}
}

// checkPlacement refuses to put category id (0 for a new one) under parent
// when the parent is missing, when it would make a cycle (a category under
// itself or its own descendant), or when the tree would grow deeper than
// MaxCategoryDepth.
func checkPlacement(all []Category, id, parent oroshi.ID) error {
	if parent == 0 {
		return checkDepth(0, subtreeHeight(all, id))
	}
	byID := make(map[oroshi.ID]Category, len(all))
	for _, c := range all {
		byID[c.ID] = c
	}
	depth := 0
	// Walk up from the new parent; meeting id on the way means a cycle.
	for cur := parent; cur != 0; depth++ {
		if cur == id {
			return oroshi.Invalid("parent_id", "カテゴリを自身またはその下位カテゴリの下へ移動することはできません")
		}
		c, ok := byID[cur]
		if !ok || depth > len(all) {
			return oroshi.Invalid("parent_id", "親カテゴリが見つかりません")
		}
		cur = c.ParentID
	}
	return checkDepth(depth, subtreeHeight(all, id))
}

func checkDepth(parentDepth, height int) error {
	if parentDepth+height > MaxCategoryDepth {
		return oroshi.Invalid("parent_id", "カテゴリは4階層までです。上の階層を選んでください")
	}
	return nil
}

// subtreeHeight is 1 for a leaf (or a new category) and grows with each
// level of descendants.
func subtreeHeight(all []Category, id oroshi.ID) int {
	if id == 0 {
		return 1
	}
	children := map[oroshi.ID][]oroshi.ID{}
	for _, c := range all {
		children[c.ParentID] = append(children[c.ParentID], c.ID)
	}
	height, level := 0, []oroshi.ID{id}
	seen := map[oroshi.ID]bool{}
	for len(level) > 0 {
		height++
		var next []oroshi.ID
		for _, n := range level {
			if !seen[n] {
				seen[n] = true
				next = append(next, children[n]...)
			}
		}
		level = next
	}
	return height
}
