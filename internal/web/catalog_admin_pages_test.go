package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// The catalogue admin pages' zero-value views, for TestPagesRender
// (pageViews is declared in templates_test.go; each area adds its own).
func init() {
	for name, data := range map[string]any{
		"admin/products/index":   productListView{},
		"admin/products/form":    productFormView{Rows: withBlankRows(nil)},
		"admin/products/show":    productShowView{},
		"admin/categories/index": &categoryListView{},
	} {
		e := pageViews[name]
		e.data, e.areas = data, []string{"admin"}
		pageViews[name] = e
	}
}

func TestFormQtyAndDelta(t *testing.T) {
	for in, want := range map[string]int{"": 0, "12": 12, "１２": 12, "1,000": 1000, " 6 ": 6, "x": -1, "-3": -1, "1.5": -1} {
		if got := formQty(in); got != want {
			t.Errorf("formQty(%q) = %d, want %d", in, got, want)
		}
	}
	for in, want := range map[string]int64{"10": 10, "+10": 10, "＋１０": 10, "-3": -3, "－３": -3, "▲3": -3, "1,000": 1000} {
		if got, ok := formDelta(in); !ok || got != want {
			t.Errorf("formDelta(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "x", "1.5", "--3"} {
		if _, ok := formDelta(in); ok {
			t.Errorf("formDelta(%q) accepted", in)
		}
	}
}

// TestPostedSKURows: blank and deleted rows are not sent to the service,
// and its messages about the k-th SKU sent land on the row it came from.
func TestPostedSKURows(t *testing.T) {
	form := url.Values{"name": {"x"},
		"skus[0].code": {"A"}, "skus[0].id": {"11"},
		"skus[1].code": {"B"}, "skus[1].id": {"12"}, "skus[1].delete": {"on"},
		"skus[2].code": {""}, "skus[2].track_stock": {"on"},
		"skus[3].code": {"C"}, "skus[3].case_qty": {"２４"}, "skus[3].list_price": {"1,200円"}}
	r := &http.Request{Method: http.MethodPost, PostForm: form, Form: form}
	p, _, rows, rowOf, err := productFromForm(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || !cmp.Equal(rowOf, []int{0, 3}) {
		t.Fatalf("%d rows, rowOf %v", len(rows), rowOf)
	}
	want := []catalog.SKU{{ID: 11, Code: "A"}, {Code: "C", CaseQty: 24, ListPrice: 1200}}
	if diff := cmp.Diff(want, p.SKUs); diff != "" {
		t.Errorf("SKUs sent (-want +got):\n%s", diff)
	}
	rest := placeSKUErrors(map[string]string{"skus[1].jan": "bad", "name": "n", "skus[5].code": "x"}, rows, rowOf)
	if rows[3].Errors["jan"] != "bad" || rows[0].Errors != nil || rest["name"] != "n" || rest["skus"] != "x" {
		t.Errorf("rows %+v, rest %v", rows, rest)
	}
	form.Set("skus[200].code", "Z")
	if _, _, _, _, err := productFromForm(r, nil); err == nil {
		t.Errorf("200 rows accepted")
	}
}

func TestEtagMatches(t *testing.T) {
	for _, tt := range []struct {
		header string
		want   bool
	}{{`"abc"`, true}, {`W/"abc"`, true}, {`"x", "abc"`, true}, {`*`, true}, {`"abcd"`, false}, {``, false}} {
		if got := etagMatches(tt.header, `"abc"`); got != tt.want {
			t.Errorf("etagMatches(%q) = %v", tt.header, got)
		}
	}
}

func TestBuyerCodes(t *testing.T) {
	got := buyerCodes("B001\r\nＫ－１０、 B002,B001\n\n")
	if want := []string{"B001", "K-10", "B002"}; !cmp.Equal(got, want) {
		t.Errorf("buyerCodes = %v, want %v", got, want)
	}
}

func TestCategoryOptions(t *testing.T) {
	tree := catalog.Tree([]catalog.Category{{ID: 1, Name: "食品"}, {ID: 2, ParentID: 1, Name: "調味料"},
		{ID: 3, ParentID: 2, Name: "醤油"}, {ID: 4, Name: "雑貨"}})
	var labels []string
	for _, o := range categoryOptions(tree, 3, 0) {
		labels = append(labels, o.Label+map[bool]string{true: "*"}[o.Selected])
	}
	if got := strings.Join(labels, "|"); got != "雑貨|食品|\u3000└ 調味料|\u3000\u3000└ 醤油*" {
		t.Errorf("options %q", got)
	}
	if got := len(categoryOptions(tree, 0, 2)); got != 2 {
		t.Errorf("without 調味料 and below: %d options, want 2", got)
	}
	if got := categoryPaths(tree)[3]; got != "食品 › 調味料 › 醤油" {
		t.Errorf("path %q", got)
	}
}
