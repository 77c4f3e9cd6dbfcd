package customfields

import (
	"strings"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
)

// Builtin is a built-in field of an entity and its default Japanese label.
// Field is the name forms, validation errors and CSV mapping use.
type Builtin struct {
	Field string
	Label string
}

// Builtins lists the built-in fields of e in the order screens show them.
// The buyers and catalog packages key their validation errors by these
// field names, so a renamed label can be shown next to the right input.
func Builtins(e Entity) []Builtin {
	switch e {
	case EntityBuyer:
		return []Builtin{
			{"code", "取引先コード"}, {"name", "取引先名"}, {"kana", "フリガナ"},
			{"postal_code", "郵便番号"}, {"address", "住所"}, {"phone", "電話番号"},
			{"billing_name", "請求先担当者"}, {"billing_email", "請求先メール"},
			{"price_group", "価格グループ"}, {"closing_day", "締め日"},
			{"payment_terms", "支払条件"}, {"credit_limit", "与信限度額"},
			{"payment_method", "支払方法"}, {"status", "状態"},
		}
	case EntityProduct:
		return []Builtin{
			{"name", "商品名"}, {"kana", "フリガナ"}, {"code", "品番"}, {"jan", "JANコード"},
			{"unit", "単位"}, {"case_qty", "入数"}, {"order_lot", "発注単位"},
			{"min_qty", "最小発注数"}, {"tax_class", "税区分"}, {"list_price", "定価"},
			{"stock", "在庫"},
		}
	}
	return nil
}

// DefaultLabels maps each built-in field of e to its default label.
func DefaultLabels(e Entity) map[string]string {
	b := Builtins(e)
	out := make(map[string]string, len(b))
	for _, f := range b {
		out[f.Field] = f.Label
	}
	return out
}

// Labels merges a seller's overrides (as stored) over the defaults of e.
// Overrides of unknown fields are ignored: a built-in field that a later
// version drops must not show up again through an old override.
func Labels(e Entity, overrides map[string]string) map[string]string {
	out := DefaultLabels(e)
	for f, l := range overrides {
		if _, ok := out[f]; ok && l != "" {
			out[f] = l
		}
	}
	return out
}

// normalizeLabels checks a change of built-in labels and returns what to
// store: field → label, with "" meaning "back to the default" (an empty
// label, or one equal to the default, removes the override).
func normalizeLabels(e Entity, change map[string]string) (map[string]string, error) {
	if !e.Valid() {
		return nil, oroshi.Invalid("entity", "対象の指定が正しくありません")
	}
	defaults := DefaultLabels(e)
	v := &oroshi.ValidationError{}
	out := make(map[string]string, len(change))
	for f, l := range change {
		def, ok := defaults[f]
		if !ok {
			v.Add("labels."+f, "この項目は変更できません")
			continue
		}
		l = strings.TrimSpace(l)
		if utf8.RuneCountInString(l) > MaxLabelLen {
			v.Add("labels."+f, "項目名を50文字以内で入力してください")
			continue
		}
		if l == def {
			l = ""
		}
		out[f] = l
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
