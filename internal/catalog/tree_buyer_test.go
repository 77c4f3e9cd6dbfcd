package catalog

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
)

// flat lists "name:count" depth first, for comparing pruned trees.
func flat(ns []*CategoryNode) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Name+":"+strconv.Itoa(n.Products))
		out = append(out, flat(n.Children)...)
	}
	return out
}

func TestPruneTree(t *testing.T) {
	// 食品(1) › 調味料(2) › しょうゆ(3); 食品 › 乾物(4); 日用品(5) › 紙皿(6); 7 is a root of its own.
	cats := []Category{{ID: 1, Name: "食品"}, {ID: 2, ParentID: 1, Name: "調味料"}, {ID: 3, ParentID: 2, Name: "しょうゆ"},
		{ID: 4, ParentID: 1, Name: "乾物", Position: 1}, {ID: 5, Name: "日用品", Position: 1}, {ID: 6, ParentID: 5, Name: "紙皿"},
		{ID: 7, Name: "新商品", Position: 2}}
	tests := []struct {
		name   string
		direct map[oroshi.ID]int
		want   []string
	}{
		{"nothing visible", nil, nil},
		{"only a leaf: its ancestors carry it", map[oroshi.ID]int{3: 2},
			[]string{"食品:2", "調味料:2", "しょうゆ:2"}},
		{"sums over descendants", map[oroshi.ID]int{1: 1, 3: 2, 4: 5, 6: 1},
			[]string{"食品:8", "調味料:2", "しょうゆ:2", "乾物:5", "日用品:1", "紙皿:1"}},
		{"a parent with its own products keeps empty children out", map[oroshi.ID]int{5: 3, 7: 1},
			[]string{"日用品:3", "新商品:1"}},
		{"an unknown category counts nowhere", map[oroshi.ID]int{99: 4, 4: 1},
			[]string{"食品:1", "乾物:1"}},
	}
	for _, tt := range tests {
		got := flat(PruneTree(Tree(cats), tt.direct))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestBuyerCategoryTreeNeedsABuyer(t *testing.T) {
	svc := &Service{Store: &fakeStore{}}
	if _, err := svc.BuyerCategoryTree(context.Background(), 1, Viewer{}); !errors.Is(err, oroshi.ErrForbidden) {
		t.Errorf("no buyer: %v", err)
	}
}
