package catalog

import (
	"testing"

	"github.com/oroshi-jp/oroshi"
)

func TestTreeCache(t *testing.T) {
	cats := []Category{{ID: 1, Name: "食品"}}
	counts := map[oroshi.ID]int{1: 3}
	a, b := Viewer{BuyerID: 10, GroupID: 5}, Viewer{BuyerID: 11, GroupID: 5}
	var c treeCache
	c.put(1, 7, a, cats, counts)
	tests := []struct {
		name    string
		t       oroshi.TenantID
		version int64
		v       Viewer
		hit     bool
	}{
		{"same tenant, version and buyer", 1, 7, a, true},
		{"another buyer of the same group", 1, 7, b, false},
		{"a newer version", 1, 8, a, false},
		{"another tenant", 2, 7, a, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotCats, gotCounts, ok := c.get(tt.t, tt.version, tt.v)
			if ok != tt.hit {
				t.Fatalf("hit = %v, want %v", ok, tt.hit)
			}
			if ok && (len(gotCats) != 1 || gotCounts[1] != 3) {
				t.Errorf("got %v %v", gotCats, gotCounts)
			}
		})
	}
}

func TestTreeCacheIsBounded(t *testing.T) {
	var c treeCache
	version := func(i int) int64 { // the first 100 entries are version 0, the rest 1
		if i < 100 {
			return 0
		}
		return 1
	}
	for i := range treeCacheSize + 100 {
		c.put(1, version(i), Viewer{BuyerID: oroshi.ID(i)}, []Category{{ID: 1}}, map[oroshi.ID]int{1: i})
	}
	if len(c.counts) != treeCacheSize || len(c.order) != treeCacheSize {
		t.Errorf("%d counts, %d in order; want %d", len(c.counts), len(c.order), treeCacheSize)
	}
	if _, _, ok := c.get(1, 0, Viewer{BuyerID: 0}); ok {
		t.Error("the oldest entry is still there")
	}
	if _, ok := c.cats[catsKey{1, 0}]; ok {
		t.Error("categories of a version with no counts left are kept")
	}
	if _, _, ok := c.get(1, 1, Viewer{BuyerID: treeCacheSize + 99}); !ok {
		t.Error("the newest entry is gone")
	}
}
