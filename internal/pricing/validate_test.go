package pricing

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oroshi-jp/oroshi"
)

// fieldsOf returns the field messages of a validation error, nil for nil,
// and fails the test on any other error.
func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a *oroshi.ValidationError", err)
	}
	return ve.Fields
}

func TestValidateBreaks(t *testing.T) {
	tests := []struct {
		name   string
		breaks []Break
		want   map[string]string
	}{
		{"one break", []Break{{1, 100}}, nil},
		{"several, unsorted", []Break{{100, 80}, {1, 100}, {10, 90}}, nil},
		{"0 yen is allowed (販促物)", []Break{{1, 0}}, nil},
		{"MaxYen is allowed", []Break{{1, MaxYen}}, nil},
		{"none", nil, map[string]string{"breaks": "単価を1件以上入力してください"}},
		{"too many", make([]Break, MaxBreaks+1), map[string]string{"breaks": "数量別単価は20件以内で入力してください"}},
		{"first break above 1", []Break{{10, 90}, {5, 95}}, map[string]string{"breaks": "最初の数量の下限は1にしてください"}},
		{"negative price", []Break{{1, -1}}, map[string]string{"breaks[0].price": "単価は0円以上で入力してください"}},
		{"price above MaxYen", []Break{{1, 100}, {2, MaxYen + 1}}, map[string]string{"breaks[1].price": "単価は1兆円以下で入力してください"}},
		{"min qty 0", []Break{{0, 100}, {1, 100}}, map[string]string{"breaks[0].min_qty": "数量の下限は1以上で入力してください"}},
		{"min qty negative", []Break{{1, 100}, {-5, 100}}, map[string]string{"breaks[1].min_qty": "数量の下限は1以上で入力してください"}},
		{"duplicate min qty", []Break{{1, 100}, {10, 90}, {10, 80}}, map[string]string{"breaks[2].min_qty": "数量の下限が重複しています"}},
		{"several problems at once", []Break{{2, -1}, {2, 5}}, map[string]string{
			"breaks":            "最初の数量の下限は1にしてください",
			"breaks[0].price":   "単価は0円以上で入力してください",
			"breaks[1].min_qty": "数量の下限が重複しています",
		}},
	}
	for _, tt := range tests {
		got := fieldsOf(t, ValidateBreaks(tt.breaks))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: fields (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestValidatePriceList(t *testing.T) {
	ok := PriceList{GroupID: 1, Name: "特約店A", Kind: KindRate, RateBP: 7250, Rounding: RoundFloor,
		Valid: Period{NewDate(2026, 4, 1), NewDate(2026, 9, 30)}}
	tests := []struct {
		name string
		edit func(*PriceList)
		want map[string]string
	}{
		{"valid rate list", func(*PriceList) {}, nil},
		{"valid fixed list ignores rate", func(l *PriceList) { l.Kind, l.RateBP, l.Rounding = KindFixed, 0, "" }, nil},
		{"one-day period", func(l *PriceList) { l.Valid.To = l.Valid.From }, nil},
		{"open period", func(l *PriceList) { l.Valid = Period{} }, nil},
		{"no group", func(l *PriceList) { l.GroupID = 0 }, map[string]string{"group_id": "価格グループを選択してください"}},
		{"blank name", func(l *PriceList) { l.Name = "　 " }, map[string]string{"name": "価格表名を100文字以内で入力してください"}},
		{"long name", func(l *PriceList) { l.Name = strings.Repeat("価", 101) }, map[string]string{"name": "価格表名を100文字以内で入力してください"}},
		{"unknown kind", func(l *PriceList) { l.Kind = "percent" }, map[string]string{"kind": "価格表の種類を選択してください"}},
		{"rate 0", func(l *PriceList) { l.RateBP = 0 }, map[string]string{"rate_bp": rateMsg}},
		{"rate above 1000%", func(l *PriceList) { l.RateBP = MaxRateBP + 1 }, map[string]string{"rate_bp": rateMsg}},
		{"rate at bounds", func(l *PriceList) { l.RateBP = MinRateBP }, nil},
		{"no rounding", func(l *PriceList) { l.Rounding = "" }, map[string]string{"rounding": "端数処理を選択してください"}},
		{"priority negative", func(l *PriceList) { l.Priority = -1 }, map[string]string{"priority": "優先度は0〜999の範囲で入力してください"}},
		{"priority too high", func(l *PriceList) { l.Priority = MaxPriority + 1 }, map[string]string{"priority": "優先度は0〜999の範囲で入力してください"}},
		{"from after to", func(l *PriceList) { l.Valid.From = l.Valid.To.AddDays(1) },
			map[string]string{"valid_from": "適用開始日は終了日以前にしてください"}},
		{"impossible from", func(l *PriceList) { l.Valid.From = NewDate(2026, 2, 30) },
			map[string]string{"valid_from": "適用開始日が正しくありません"}},
		{"impossible to", func(l *PriceList) { l.Valid.To = NewDate(2026, 9, 31) },
			map[string]string{"valid_to": "適用終了日が正しくありません"}},
	}
	for _, tt := range tests {
		l := ok
		tt.edit(&l)
		got := fieldsOf(t, ValidatePriceList(l))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: fields (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestValidateBuyerPrice(t *testing.T) {
	tests := []struct {
		name string
		bp   BuyerPrice
		want map[string]string
	}{
		{"valid", BuyerPrice{BuyerID: 1, SKUID: 2, Breaks: []Break{{1, 500}}}, nil},
		{"everything missing", BuyerPrice{Valid: Period{NewDate(2026, 5, 2), NewDate(2026, 5, 1)}}, map[string]string{
			"buyer_id":   "取引先を選択してください",
			"sku_id":     "商品を選択してください",
			"valid_from": "適用開始日は終了日以前にしてください",
			"breaks":     "単価を1件以上入力してください",
		}},
		{"bad break", BuyerPrice{BuyerID: 1, SKUID: 2, Breaks: []Break{{1, -10}}},
			map[string]string{"breaks[0].price": "単価は0円以上で入力してください"}},
	}
	for _, tt := range tests {
		got := fieldsOf(t, ValidateBuyerPrice(tt.bp))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: fields (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestValidatePriceListItemAndGroup(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want map[string]string
	}{
		{"item ok", ValidatePriceListItem(PriceListItem{ListID: 1, SKUID: 2, Breaks: []Break{{1, 10}}}), nil},
		{"item empty", ValidatePriceListItem(PriceListItem{}), map[string]string{
			"list_id": "価格表を選択してください",
			"sku_id":  "商品を選択してください",
			"breaks":  "単価を1件以上入力してください",
		}},
		{"group ok", ValidatePriceGroup(PriceGroup{Code: "RANK-A", Name: "Aランク"}), nil},
		{"group bad", ValidatePriceGroup(PriceGroup{Code: "ランクA", Name: ""}), map[string]string{
			"code": "価格グループコードは半角英数字・ハイフン・アンダースコアの20文字以内で入力してください",
			"name": "価格グループ名を100文字以内で入力してください",
		}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, fieldsOf(t, tt.err)); diff != "" {
			t.Errorf("%s: fields (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestBreakJSON(t *testing.T) {
	// The store keeps breaks as JSON in one column; the names are the schema's.
	in := []Break{{1, 1200}, {10, 1100}}
	b, err := json.Marshal(in)
	if err != nil || string(b) != `[{"min_qty":1,"price":1200},{"min_qty":10,"price":1100}]` {
		t.Fatalf("json = %s, %v", b, err)
	}
	var back []Break
	if err := json.Unmarshal(b, &back); err != nil || !cmp.Equal(in, back) {
		t.Fatalf("round trip = %v, %v", back, err)
	}
}

func TestLabels(t *testing.T) {
	got := []string{
		RuleBuyerPrice.Label(), RuleGroupFixed.Label(), RuleGroupRate.Label(), RuleListPrice.Label(),
		RoundFloor.Label(), RoundHalfUp.Label(), RoundCeil.Label(),
		KindFixed.Label(), KindRate.Label(),
	}
	want := []string{"個別単価", "グループ価格表", "掛け率", "定価", "切り捨て", "四捨五入", "切り上げ", "固定価格", "掛け率"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
}
