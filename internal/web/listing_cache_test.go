package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

func TestListingCacheCutAndFill(t *testing.T) {
	c := newListingCache(0)
	lines := []pricing.Line{{SKU: 11, Qty: 1}, {SKU: 22, Qty: 6}}
	prices := map[oroshi.ID]oroshi.Yen{11: 870, 22: 1650}
	tests := []struct {
		name, content, token, want string
		cut, fill                  bool
	}{
		{"holes", "<a>" + c.priceMarker(1) + "|" + c.csrfMarker() + "|" + c.priceMarker(0) + "</a>", "tok-1_x",
			"<a>1,650円|tok-1_x|870円</a>", true, true},
		{"no hole", "<p>空</p>", "t", "<p>空</p>", true, true},
		{"token to escape", "<i>" + c.csrfMarker() + "</i>", "a+b", "", true, false},
		{"unknown kind", "<i>" + c.marker + "x</i>", "t", "", false, false},
		{"line out of range", "<i>" + c.priceMarker(2) + "</i>", "t", "", false, false},
		{"no end", "<i>" + c.marker + "p12", "t", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := c.cut(tt.content, lines)
			if ok != tt.cut {
				t.Fatalf("cut ok = %v, want %v", ok, tt.cut)
			}
			if !ok {
				return
			}
			got, ok := e.fill(tt.token, prices)
			if ok != tt.fill || got != tt.want {
				t.Errorf("fill = %q, %v; want %q, %v", got, ok, tt.want, tt.fill)
			}
		})
	}
}

func TestListingCacheEvictsOldest(t *testing.T) {
	c := newListingCache(8000)
	entry := func(n int) *listingEntry { return &listingEntry{parts: []string{strings.Repeat("x", n)}, size: n} }
	for i := range 10 {
		c.put(listingKey{uri: fmt.Sprint(i)}, entry(1000))
		if i == 3 {
			c.get(listingKey{uri: "0"}) // used again: kept
		}
	}
	c.put(listingKey{uri: "huge"}, entry(1001)) // over an eighth: not kept
	for i, want := range []bool{true, false, false, true, true, true, true, true, true, true} {
		if _, ok := c.get(listingKey{uri: fmt.Sprint(i)}); ok != want {
			t.Errorf("entry %d kept = %v, want %v", i, ok, want)
		}
	}
	if _, ok := c.get(listingKey{uri: "huge"}); ok {
		t.Error("an entry over an eighth of the cache was kept")
	}
	if c.size > c.max {
		t.Errorf("size %d over %d", c.size, c.max)
	}
	if newListingCache(-1) != nil {
		t.Error("a negative size should turn the cache off")
	}
}
