package web

import (
	"testing"

	"github.com/oroshi-jp/oroshi"
)

// The buyer pages' zero-value views, for TestPagesRender (pageViews is
// declared in templates_test.go; each area adds its own pages).
func init() {
	for name, v := range map[string]struct {
		data any
		area string
	}{
		"admin/buyers/index": {buyerListView{}, "admin"},
		"admin/buyers/form":  {buyerFormView{}, "admin"},
		"admin/buyers/show":  {buyerShowView{}, "admin"},
		"admin/groups/index": {&groupListView{}, "admin"},
		"admin/fields/index": {fieldSettingsView{}, "admin"},
		"shop/company/users": {companyUsersView{}, "shop"},
	} {
		e := pageViews[name]
		e.data, e.areas = v.data, []string{v.area}
		pageViews[name] = e
	}
}

func TestYenText(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{oroshi.Yen(0), "0円"}, {oroshi.Yen(999), "999円"}, {oroshi.Yen(1000), "1,000円"},
		{oroshi.Yen(1234567), "1,234,567円"}, {oroshi.Yen(-1234), "-1,234円"}, {int64(100000), "100,000円"},
		{12, "12円"}, {"x", ""},
	}
	for _, tt := range tests {
		if got := yenText(tt.in); got != tt.want {
			t.Errorf("yenText(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBuyerPager(t *testing.T) {
	link := func(n int) string { return string(rune('0' + n)) }
	pages, prev, next := buyerPager(50*9+1, 50, 5, link)
	var got []int
	for _, p := range pages {
		if p.Gap {
			got = append(got, 0)
		} else {
			got = append(got, p.Number)
		}
	}
	want := []int{1, 0, 3, 4, 5, 6, 7, 0, 10}
	if len(got) != len(want) {
		t.Fatalf("pages %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("pages %v, want %v", got, want)
		}
	}
	if prev != "4" || next != "6" {
		t.Errorf("prev %q next %q", prev, next)
	}
	if pages, _, _ := buyerPager(50, 50, 1, link); pages != nil {
		t.Errorf("one page has a pager: %v", pages)
	}
}
