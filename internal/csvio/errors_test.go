package csvio

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRowErrorJapanese(t *testing.T) {
	tests := []struct {
		e    RowError
		want string
	}{
		{RowError{3, "JANコード", "チェックディジットが正しくありません"}, "行3 「JANコード」: チェックディジットが正しくありません"},
		{RowError{12, "", "同じ商品コードが行4にもあります"}, "行12: 同じ商品コードが行4にもあります"},
		{RowError{0, "", "必須の列「商品名」がありません"}, "見出し行: 必須の列「商品名」がありません"},
	}
	for _, tt := range tests {
		if got := tt.e.Japanese(); got != tt.want || tt.e.Error() != tt.want {
			t.Errorf("Japanese() = %q, want %q", got, tt.want)
		}
	}
}

func TestParseErrorRowError(t *testing.T) {
	tests := []struct {
		e    ParseError
		want RowError
	}{
		{ParseError{Row: 2, Column: 3, Header: "単価", Message: "m"}, RowError{2, "単価", "m"}},
		{ParseError{Row: 2, Column: 3, Message: "m"}, RowError{2, "3列目", "m"}},
		{ParseError{Row: 2, Message: "m"}, RowError{2, "", "m"}},
	}
	for _, tt := range tests {
		if got := tt.e.RowError(); got != tt.want {
			t.Errorf("RowError() = %+v, want %+v", got, tt.want)
		}
	}
}

func TestErrors(t *testing.T) {
	var es Errors
	if es.Err() != nil {
		t.Error("empty Errors is an error")
	}
	es.Add(5, "単価", "数値ではありません")
	es.Add(2, "商品名", "空です")
	es.Add(5, "品番", "空です")
	es.Add(0, "", "列「色」は取り込めません")
	es.Sort()
	want := "見出し行: 列「色」は取り込めません\n" +
		"行2 「商品名」: 空です\n" +
		"行5 「単価」: 数値ではありません\n" +
		"行5 「品番」: 空です"
	if diff := cmp.Diff(want, es.Japanese()); diff != "" {
		t.Errorf("Japanese (-want +got):\n%s", diff)
	}
	if got := es.Err().Error(); got != "4 件のエラー（1件目: 見出し行: 列「色」は取り込めません）" {
		t.Errorf("Error() = %q", got)
	}
	kept, omitted := es.First(3)
	if len(kept) != 3 || omitted != 1 {
		t.Errorf("First(3) = %d kept, %d omitted", len(kept), omitted)
	}
	if kept, omitted := es.First(MaxErrors); len(kept) != 4 || omitted != 0 {
		t.Errorf("First(MaxErrors) = %d kept, %d omitted", len(kept), omitted)
	}
}
