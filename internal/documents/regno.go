package documents

import (
	"strings"

	"golang.org/x/text/width"
)

// RegistrationNumber normalises and checks a qualified-invoice issuer
// registration number (適格請求書発行事業者登録番号): "T" and 13 digits whose
// first digit is the check digit of the 法人番号 (財務省令第70号 第2条):
// 9 − (Σ Pn×Qn mod 9) over the 12 base digits, Pn counted from the right,
// Qn = 1 for odd n and 2 for even n. Full-width letters and digits, a lower
// case t and hyphens or spaces between groups are accepted and folded.
// The result is "" with a Japanese message when the number is wrong.
func RegistrationNumber(s string) (string, string) {
	s = width.Fold.String(strings.TrimSpace(s))
	s = strings.NewReplacer("-", "", " ", "", "−", "", "ー", "").Replace(s)
	if s == "" {
		return "", ""
	}
	if s[0] == 't' {
		s = "T" + s[1:]
	}
	if len(s) != 14 || s[0] != 'T' {
		return "", "登録番号は「T」と13桁の数字で入力してください（例: T1234567890123）"
	}
	digits := s[1:]
	for _, c := range digits {
		if c < '0' || c > '9' {
			return "", "登録番号は「T」と13桁の数字で入力してください（例: T1234567890123）"
		}
	}
	if CheckDigit(digits[1:]) != int(digits[0]-'0') {
		return "", "登録番号の検査用数字（Tの次の1桁）が一致しません。番号をご確認ください"
	}
	return s, ""
}

// CheckDigit is the check digit of a 12-digit base number (会社法人等番号);
// -1 when base is not 12 digits.
func CheckDigit(base string) int {
	if len(base) != 12 {
		return -1
	}
	sum := 0
	for n := 1; n <= 12; n++ {
		c := base[12-n]
		if c < '0' || c > '9' {
			return -1
		}
		q := 1
		if n%2 == 0 {
			q = 2
		}
		sum += int(c-'0') * q
	}
	return 9 - sum%9
}
