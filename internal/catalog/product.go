package catalog

import (
	"fmt"
	"slices"
	"strings"

	"github.com/oroshi-jp/oroshi"
)

// Limits of product fields, in characters.
const (
	maxNameLen        = 200
	maxDescriptionLen = 5000
	maxVariantLen     = 50
	maxUnitLen        = 10
	maxSKUs           = 100
	maxVisibilityIDs  = 1000
)

// DefaultUnit is the unit of a SKU that names none.
const DefaultUnit = "個"

// Tidy brings a product as typed into its canonical form before it is
// validated: spaces trimmed, kana and codes width-folded, defaults for what
// a form may leave empty (tax class standard, status draft, visible to all,
// unit 個, 入数 and lot 1, minimum order quantity one lot), visibility IDs
// sorted without duplicates.
func Tidy(p *Product) {
	p.Name = strings.TrimSpace(p.Name)
	p.Kana = tidyKana(p.Kana)
	p.Description = strings.TrimSpace(strings.ReplaceAll(p.Description, "\r\n", "\n"))
	if p.TaxClass == "" {
		p.TaxClass = TaxStandard
	}
	if p.Status == "" {
		p.Status = StatusDraft
	}
	tidyVisibility(&p.Visibility)
	for i := range p.SKUs {
		tidySKU(&p.SKUs[i])
		p.SKUs[i].Position = i
	}
}

func tidySKU(s *SKU) {
	s.Code = tidyCode(s.Code)
	s.JAN = tidyCode(s.JAN)
	s.Variant = strings.TrimSpace(s.Variant)
	s.Unit = strings.TrimSpace(s.Unit)
	if s.Unit == "" {
		s.Unit = DefaultUnit
	}
	if s.CaseQty == 0 {
		s.CaseQty = 1
	}
	if s.OrderLot == 0 {
		s.OrderLot = 1
	}
	if s.MinQty == 0 {
		s.MinQty = s.OrderLot
	}
}

func tidyVisibility(v *Visibility) {
	if v.Mode == "" {
		v.Mode = VisibleToAll
	}
	if v.Mode == VisibleToAll {
		v.GroupIDs, v.BuyerIDs = nil, nil
	}
	v.GroupIDs = sortedIDs(v.GroupIDs)
	v.BuyerIDs = sortedIDs(v.BuyerIDs)
}

func sortedIDs(ids []oroshi.ID) []oroshi.ID {
	if len(ids) == 0 {
		return nil
	}
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// ValidateProduct checks a tidied product and its SKUs (see Tidy).
func ValidateProduct(p Product) error {
	v := &oroshi.ValidationError{}
	switch {
	case p.Name == "":
		v.Add("name", "商品名を入力してください")
	case runeLen(p.Name) > maxNameLen:
		v.Add("name", "商品名は200文字以内で入力してください")
	}
	if !validKana(p.Kana) {
		v.Add("kana", "フリガナはカタカナまたはひらがなで入力してください")
	}
	textLen(v, "kana", p.Kana, maxNameLen, "フリガナは200文字以内で入力してください")
	textLen(v, "description", p.Description, maxDescriptionLen, "説明は5000文字以内で入力してください")
	if !p.TaxClass.valid() {
		v.Add("tax_class", "税区分を選択してください")
	}
	if !p.Status.valid() {
		v.Add("status", "状態を選択してください")
	}
	if p.CategoryID < 0 {
		v.Add("category_id", MsgCategoryMissing)
	}
	validateVisibility(v, p.Visibility)
	validateSKUs(v, p.SKUs)
	return v.Err()
}

func validateVisibility(v *oroshi.ValidationError, vis Visibility) {
	switch vis.Mode {
	case VisibleToAll:
	case Restricted:
		if len(vis.GroupIDs)+len(vis.BuyerIDs) == 0 {
			v.Add("visibility", "公開先の価格グループまたは取引先を1つ以上選んでください")
		}
		if len(vis.GroupIDs) > maxVisibilityIDs || len(vis.BuyerIDs) > maxVisibilityIDs {
			v.Add("visibility", "公開先は価格グループ・取引先それぞれ1000件までです")
		}
		if slices.ContainsFunc(vis.GroupIDs, nonPositive) || slices.ContainsFunc(vis.BuyerIDs, nonPositive) {
			v.Add("visibility", "公開先の指定が正しくありません")
		}
	default:
		v.Add("visibility", "公開範囲を選択してください")
	}
}

func nonPositive(id oroshi.ID) bool { return id <= 0 }

func validateSKUs(v *oroshi.ValidationError, skus []SKU) {
	switch {
	case len(skus) == 0:
		v.Add("skus", "品番（SKU）を1件以上登録してください")
	case len(skus) > maxSKUs:
		v.Add("skus", "品番（SKU）は1商品につき100件までです")
	}
	seen := map[string]int{}
	for i, s := range skus {
		validateSKU(v, i, s)
		// Exact comparison, as the database's unique key compares.
		if j, dup := seen[s.Code]; dup && s.Code != "" {
			v.Add(SKUField(i, "code"), fmt.Sprintf("品番が%d行目と重複しています", j+1))
		}
		seen[s.Code] = i
	}
}

// validateSKU checks one tidied SKU; messages go under skus[i].<field>.
func validateSKU(v *oroshi.ValidationError, i int, s SKU) {
	f := func(name string) string { return SKUField(i, name) }
	switch {
	case s.Code == "":
		v.Add(f("code"), "品番を入力してください")
	case !skuCodeRE.MatchString(s.Code):
		v.Add(f("code"), "品番は半角英数字と - _ . / の40文字以内で入力してください")
	}
	switch {
	case s.JAN == "":
	case !allDigits(s.JAN) || (len(s.JAN) != 8 && len(s.JAN) != 13):
		v.Add(f("jan"), "JANコードは8桁または13桁の数字で入力してください")
	case !ValidJAN(s.JAN):
		v.Add(f("jan"), "JANコードのチェックディジットが正しくありません")
	}
	textLen(v, f("variant"), s.Variant, maxVariantLen, "規格は50文字以内で入力してください")
	textLen(v, f("unit"), s.Unit, maxUnitLen, "単位は10文字以内で入力してください")
	checkQty(v, f("case_qty"), s.CaseQty, "入数")
	checkQty(v, f("order_lot"), s.OrderLot, "発注単位")
	checkQty(v, f("min_qty"), s.MinQty, "最小発注数")
	if s.OrderLot >= 1 && s.MinQty >= 1 && s.MinQty%s.OrderLot != 0 {
		v.Add(f("min_qty"), "最小発注数は発注単位の倍数にしてください")
	}
	if s.ListPrice < 0 || s.ListPrice > MaxListPrice {
		v.Add(f("list_price"), "定価は0円以上100億円以下の整数で入力してください")
	}
	if s.Stock < 0 {
		v.Add(f("stock"), "在庫数は0以上にしてください")
	}
}

func checkQty(v *oroshi.ValidationError, field string, n int, label string) {
	if n < 1 || n > MaxQuantity {
		v.Add(field, label+"は1以上1,000,000以下の整数で入力してください")
	}
}
