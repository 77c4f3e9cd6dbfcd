package csvio

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReadHeader(t *testing.T) {
	required := []string{"商品コード", "商品名"}
	optional := []string{"JANコード", "単価"}
	tests := []struct {
		name    string
		data    string
		unknown bool
		want    map[string]string // name → cell of the first data row
		errs    []string
	}{
		{"exact", "商品コード,商品名,単価\n001,ペン,100\n", false,
			map[string]string{"商品コード": "001", "商品名": "ペン", "単価": "100", "JANコード": ""}, nil},
		{"spaces, BOM, width and case", "\uFEFF 商品コード ,　商品名　,ｊａｎｺｰﾄﾞ\n001,ペン,049\n", false,
			map[string]string{"商品コード": "001", "商品名": "ペン", "JANコード": "049"}, nil},
		{"empty header cells ignored", "商品名,,商品コード,\nペン,x,001,y\n", false,
			map[string]string{"商品コード": "001", "商品名": "ペン"}, nil},
		{"unknown allowed", "商品コード,商品名,色\n001,ペン,黒\n", true,
			map[string]string{"色": "黒", "商品名": "ペン"}, nil},
		{"missing required", "商品名,単価\nペン,100\n", false, nil,
			[]string{"見出し行: 必須の列「商品コード」がありません"}},
		{"unknown", "商品コード,商品名,色\n", false, nil,
			[]string{"見出し行: 列「色」は取り込めません（3列目）。使える列: 商品コード、商品名、JANコード、単価"}},
		{"duplicate and missing together", "商品名,単価,商品名\n", false, nil, []string{
			"見出し行: 列「商品名」が2回以上あります（3列目）",
			"見出し行: 必須の列「商品コード」がありません",
		}},
		{"duplicate by normalisation", "商品コード,商品名,JANコード,ＪＡＮコード\n", false, nil,
			[]string{"見出し行: 列「ＪＡＮコード」が2回以上あります（4列目）"}},
		{"empty file", "\r\n\r\n", false, nil,
			[]string{"見出し行: ファイルが空です。1行目に見出し（列名）が必要です"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(tt.data), Auto)
			if err != nil {
				t.Fatal(err)
			}
			r.AllowUnknownColumns = tt.unknown
			h, err := r.ReadHeader(required, optional)
			if tt.errs != nil {
				var es Errors
				if !errors.As(err, &es) {
					t.Fatalf("error = %v, want Errors", err)
				}
				if diff := cmp.Diff(tt.errs, strings.Split(es.Japanese(), "\n")); diff != "" {
					t.Errorf("errors (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rec, err := r.Read()
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range tt.want {
				if got := h.Get(rec, name); got != want {
					t.Errorf("Get(%q) = %q, want %q", name, got, want)
				}
			}
		})
	}
}

func TestHeaderAccessors(t *testing.T) {
	r, _ := NewReader(strings.NewReader(" 品番 ,名前\nA\n"), UTF8)
	h, err := r.ReadHeader([]string{"品番"}, []string{"名前", "色"})
	if err != nil {
		t.Fatal(err)
	}
	if i, ok := h.Index("名前"); !ok || i != 1 || !h.Has("品番") || h.Has("色") {
		t.Errorf("Index/Has wrong: %d %v", i, ok)
	}
	if diff := cmp.Diff([]string{"品番", "名前"}, h.Names()); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}
	rec, _ := r.Read()
	if h.Get(rec, "名前") != "" || h.Get(rec, "色") != "" {
		t.Error("Get beyond a short record or of an absent column is not empty")
	}
	if _, err := r.ReadHeader(nil, nil); err == nil {
		t.Error("second ReadHeader accepted")
	}
}
