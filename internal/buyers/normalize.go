package buyers

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Fold is how free text of buyers is stored and searched: full-width ASCII
// (ＡＢＣ１２３, the ideographic space) becomes half-width and half-width
// katakana becomes full-width, so that what an IME, a CSV from another
// system or a phone typist produces compares equal. Fold trims the ends.
func Fold(s string) string {
	return strings.TrimSpace(norm.NFC.String(width.Fold.String(s)))
}

// Katakana folds s and turns hiragana into katakana: フリガナ is stored in
// katakana, and a search typed in hiragana still finds it.
func Katakana(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'ぁ' && r <= 'ゖ' || r == 'ゝ' || r == 'ゞ' {
			return r + ('ァ' - 'ぁ')
		}
		return r
	}, Fold(s))
}

// dashes are what people type for a hyphen in postal codes and phone
// numbers: ASCII, full-width, the long vowel mark and Unicode dashes.
var dashes = strings.NewReplacer("－", "-", "ー", "-", "‐", "-", "‑", "-", "–", "-", "—", "-", "―", "-", "−", "-", "ｰ", "-")

var postalRE = regexp.MustCompile(`^([0-9]{3})-?([0-9]{4})$`)

// NormalizePostalCode returns NNN-NNNN for 1234567, １２３－４５６７ or
// 〒123-4567, "" for empty input, and ok=false for anything else.
func NormalizePostalCode(s string) (string, bool) {
	s = dashes.Replace(Fold(s))
	s = strings.TrimSpace(strings.TrimPrefix(s, "〒"))
	if s == "" {
		return "", true
	}
	m := postalRE.FindStringSubmatch(s)
	if m == nil {
		return s, false
	}
	return m[1] + "-" + m[2], true
}

// NormalizePhone keeps digits, hyphens and a leading + (full-width and
// dash variants folded; spaces dropped; 03(1234)5678 becomes 03-1234-5678)
// and checks there are 10 to 15 digits. "" stays "".
func NormalizePhone(s string) (string, bool) {
	s = dashes.Replace(Fold(s))
	if s == "" {
		return "", true
	}
	var b strings.Builder
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
			b.WriteRune(r)
		case r == '-' || r == '(' || r == ')':
			b.WriteByte('-')
		case r == '+' && i == 0:
			b.WriteRune(r)
		case unicode.IsSpace(r):
		default:
			return s, false
		}
	}
	out := strings.Trim(collapseDashes(b.String()), "-")
	if strings.HasPrefix(out, "+-") {
		out = "+" + strings.TrimLeft(out[1:], "-")
	}
	return out, digits >= 10 && digits <= 15
}

func collapseDashes(s string) string {
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	return s
}
