package pricing

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
)

// MaxBreaks bounds the quantity breaks of one price, enough for any real
// price sheet and small enough for one form.
const MaxBreaks = 20

// Validation errors are *oroshi.ValidationError with one Japanese message per
// field. Fields of a break are keyed "breaks[i].min_qty" / "breaks[i].price"
// (i from 0, in the order given) so a form can mark the exact cell.

var groupCodeRE = regexp.MustCompile(`^[0-9A-Za-z_-]{1,20}$`)

// ValidatePriceGroup checks a price group's code and name.
func ValidatePriceGroup(g PriceGroup) error {
	v := &oroshi.ValidationError{}
	if !groupCodeRE.MatchString(g.Code) {
		v.Add("code", "価格グループコードは半角英数字・ハイフン・アンダースコアの20文字以内で入力してください")
	}
	if !nameOK(g.Name) {
		v.Add("name", "価格グループ名を100文字以内で入力してください")
	}
	return v.Err()
}

// ValidatePriceList checks a price list's header. Rate and rounding are
// checked only for KindRate lists; a fixed list's prices are its items.
func ValidatePriceList(l PriceList) error {
	v := &oroshi.ValidationError{}
	if l.GroupID <= 0 {
		v.Add("group_id", "価格グループを選択してください")
	}
	if !nameOK(l.Name) {
		v.Add("name", "価格表名を100文字以内で入力してください")
	}
	switch l.Kind {
	case KindFixed:
	case KindRate:
		if l.RateBP < MinRateBP || l.RateBP > MaxRateBP {
			v.Add("rate_bp", rateMsg)
		}
		if !l.Rounding.valid() {
			v.Add("rounding", "端数処理を選択してください")
		}
	default:
		v.Add("kind", "価格表の種類を選択してください")
	}
	if l.Priority < 0 || l.Priority > MaxPriority {
		v.Add("priority", fmt.Sprintf("優先度は0〜%dの範囲で入力してください", MaxPriority))
	}
	addPeriod(v, l.Valid)
	return v.Err()
}

// ValidatePriceListItem checks one SKU's fixed prices in a price list.
func ValidatePriceListItem(it PriceListItem) error {
	v := &oroshi.ValidationError{}
	if it.ListID <= 0 {
		v.Add("list_id", "価格表を選択してください")
	}
	if it.SKUID <= 0 {
		v.Add("sku_id", "商品を選択してください")
	}
	addBreaks(v, it.Breaks)
	return v.Err()
}

// ValidateBuyerPrice checks a buyer-specific price (個別単価).
func ValidateBuyerPrice(bp BuyerPrice) error {
	v := &oroshi.ValidationError{}
	if bp.BuyerID <= 0 {
		v.Add("buyer_id", "取引先を選択してください")
	}
	if bp.SKUID <= 0 {
		v.Add("sku_id", "商品を選択してください")
	}
	addPeriod(v, bp.Valid)
	addBreaks(v, bp.Breaks)
	return v.Err()
}

// ValidateBreaks checks a set of quantity breaks: at least one, each minimum
// at least 1, no minimum twice, the smallest exactly 1 (so every quantity
// has a price), and each price 0〜MaxYen yen. A price of 0 yen is allowed on
// purpose: sellers list 販促物 (catalogues, POP) and samples at 0円; the
// form must treat a blank price as missing, not as 0.
func ValidateBreaks(breaks []Break) error {
	v := &oroshi.ValidationError{}
	addBreaks(v, breaks)
	return v.Err()
}

func addBreaks(v *oroshi.ValidationError, breaks []Break) {
	switch {
	case len(breaks) == 0:
		v.Add("breaks", "単価を1件以上入力してください")
		return
	case len(breaks) > MaxBreaks:
		v.Add("breaks", fmt.Sprintf("数量別単価は%d件以内で入力してください", MaxBreaks))
		return
	}
	seen := make(map[int]bool, len(breaks))
	smallest := breaks[0].MinQty
	for i, b := range breaks {
		f := fmt.Sprintf("breaks[%d].", i)
		switch {
		case b.MinQty < 1:
			v.Add(f+"min_qty", "数量の下限は1以上で入力してください")
		case seen[b.MinQty]:
			v.Add(f+"min_qty", "数量の下限が重複しています")
		}
		seen[b.MinQty] = true
		smallest = min(smallest, b.MinQty)
		switch {
		case b.Price < 0:
			v.Add(f+"price", "単価は0円以上で入力してください")
		case b.Price > MaxYen:
			v.Add(f+"price", "単価は1兆円以下で入力してください")
		}
	}
	if smallest > 1 {
		v.Add("breaks", "最初の数量の下限は1にしてください")
	}
}

// addPeriod checks both dates are real and From ≤ To when both are set.
func addPeriod(v *oroshi.ValidationError, p Period) {
	fromOK := p.From.IsZero() || p.From.Valid()
	toOK := p.To.IsZero() || p.To.Valid()
	if !fromOK {
		v.Add("valid_from", "適用開始日が正しくありません")
	}
	if !toOK {
		v.Add("valid_to", "適用終了日が正しくありません")
	}
	if fromOK && toOK && !p.From.IsZero() && !p.To.IsZero() && p.From.Compare(p.To) > 0 {
		v.Add("valid_from", "適用開始日は終了日以前にしてください")
	}
}

func nameOK(s string) bool {
	n := utf8.RuneCountInString(strings.TrimSpace(s))
	return n > 0 && n <= 100
}

// validateInput checks what Resolve is asked, before any rule is tried.
func validateInput(in Input) error {
	v := &oroshi.ValidationError{}
	if in.Quantity <= 0 {
		v.Add("quantity", "数量は1以上で入力してください")
	}
	if in.ListPrice < 0 || in.ListPrice > MaxYen {
		v.Add("list_price", "定価は0円以上1兆円以下にしてください")
	}
	if !in.Date.Valid() {
		v.Add("date", "日付が正しくありません")
	}
	return v.Err()
}
