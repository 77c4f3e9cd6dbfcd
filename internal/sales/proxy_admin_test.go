package sales

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
)

func TestParseOrderLines(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []LineInput
		errs map[string]string
	}{
		{"tabs, commas and full width", "A-1\t12\r\n\nＢ－２，３\n", []LineInput{{Code: "A-1", Quantity: 12}, {Code: "B-2", Quantity: 3}}, nil},
		{"bad rows are named by their line", "A-1 1\nA-2\nA-3 0", nil, map[string]string{
			"rows[1]": "2行目: 「品番 数量」の形で入力してください",
			"rows[2]": "3行目: 数量は1〜1000000の整数で入力してください"}},
		{"nothing", " \n", nil, map[string]string{"rows": "品番と数量を入力してください"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseOrderLines(tt.text)
			var fields map[string]string
			if ve, ok := err.(*oroshi.ValidationError); ok {
				fields = ve.Fields
			} else if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.errs, fields); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}
