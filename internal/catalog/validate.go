package catalog

import (
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/oroshi-jp/oroshi"
)

// Messages that the store needs too (it alone sees a unique violation).
const (
	MsgCodeTaken       = "この品番は既に使われています"
	MsgCategoryMissing = "カテゴリが見つかりません"
	MsgOutOfStock      = "在庫数が0未満になるため調整できません"
)

var skuCodeRE = regexp.MustCompile(`^[0-9A-Za-z._/-]{1,40}$`)

// SKUField is the form key of field of the i-th SKU, e.g. "skus[0].jan".
func SKUField(i int, field string) string { return fmt.Sprintf("skus[%d].%s", i, field) }

// CodeTaken is the error for a 品番 another SKU of the tenant already has.
// It is a *oroshi.ValidationError (shown on the form) that also wraps
// oroshi.ErrConflict, for callers that check the kind.
func CodeTaken(i int) error {
	return fmt.Errorf("%w (%w)", oroshi.Invalid(SKUField(i, "code"), MsgCodeTaken), oroshi.ErrConflict)
}

// CategoryInUse is the refusal to delete a category that still holds
// subcategories or products.
func CategoryInUse(children, products int) error {
	switch {
	case children > 0:
		return oroshi.Invalid("category", fmt.Sprintf("下位カテゴリが%d件あるため削除できません。先に移動または削除してください", children))
	case products > 0:
		return oroshi.Invalid("category", fmt.Sprintf("商品が%d件登録されているため削除できません。先に商品を別のカテゴリへ移動してください", products))
	}
	return nil
}

// tidyCode trims a code and folds full-width letters and digits to ASCII
// (ＡＢ－１ → AB-1), as people often type codes with an IME left on. Names
// and descriptions are kept as typed: a seller may mean its ①.
func tidyCode(s string) string { return strings.TrimSpace(norm.NFKC.String(s)) }

// tidyKana makes half-width katakana and the ideographic space ordinary
// before the kana rule is checked, so ｶﾂｵ is accepted as カツオ.
func tidyKana(s string) string {
	return strings.Join(strings.Fields(norm.NFKC.String(s)), " ")
}

// validKana accepts hiragana, katakana, the long vowel mark and spaces.
func validKana(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'ぁ' && r <= 'ゖ', r == 'ゝ' || r == 'ゞ':
		case r >= 'ァ' && r <= 'ヺ', r == 'ヽ' || r == 'ヾ':
		case r == 'ー' || r == ' ':
		default:
			return false
		}
	}
	return true
}

// ValidJAN reports whether s is an 8- or 13-digit JAN (GS1 EAN-8/EAN-13)
// code with a correct check digit.
func ValidJAN(s string) bool {
	if len(s) != 8 && len(s) != 13 {
		return false
	}
	sum := 0
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		if i == len(s)-1 {
			continue // the check digit itself
		}
		d := int(c - '0')
		// Weights alternate 3, 1, … from the digit next to the check digit.
		if (len(s)-1-i)%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return int(s[len(s)-1]-'0') == (10-sum%10)%10
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func textLen(v *oroshi.ValidationError, field, s string, max int, msg string) {
	if runeLen(s) > max {
		v.Add(field, msg)
	}
}
