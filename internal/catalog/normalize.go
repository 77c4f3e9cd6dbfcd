package catalog

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize folds text for search, so that what a person types matches what
// the seller entered however either was written:
//
//   - NFKC: half-width katakana become full-width (ｶﾂｵ → カツオ, ｶﾞ → ガ),
//     full-width Latin letters and digits become ASCII (ＡＢＣ１２３ → ABC123),
//     compatibility characters unfold (㎏ → kg), the ideographic space becomes
//     an ordinary one;
//   - lower case;
//   - katakana become hiragana (カツオ → かつお), so a query in either script
//     finds both; the long vowel mark ー is kept as it is;
//   - runs of white space become one space, trimmed at both ends.
//
// Both the stored search text and the query pass through it.
func Normalize(s string) string {
	// Invalid bytes become U+FFFD first: the normaliser passes them through
	// and does not fold what follows them (\xf7Ĳ stayed Ĳ, so a second pass
	// changed it).
	// NFKC again after lower-casing: a lower case letter can compose with a
	// mark that its upper case form did not (İ + U+0301 lowers to i + U+0301,
	// which composes to í), and a second pass must change nothing.
	s = norm.NFKC.String(strings.ToLower(norm.NFKC.String(strings.ToValidUTF8(s, "\uFFFD"))))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(toHiragana(r))
	}
	return b.String()
}

// toHiragana maps katakana ァ..ヶ (including ヴ, ヵ, ヶ) and the iteration marks
// ヽヾ to their hiragana; the block is laid out in parallel 0x60 apart. ヷ..ヺ
// have no hiragana form and stay.
func toHiragana(r rune) rune {
	switch {
	case r >= 'ァ' && r <= 'ヶ':
		return r - 0x60
	case r == 'ヽ' || r == 'ヾ':
		return r - 0x60
	}
	return r
}

// isSpace is Unicode's white space, as strings.Fields splits query terms
// on it: a separator kept in the text (U+0085, U+2028, U+1680 are not
// folded by NFKC) would otherwise split a query's term but not the stored
// text.
func isSpace(r rune) bool { return unicode.IsSpace(r) }

// SearchText is the normalised text a SKU is found by: the product's name
// and kana, the variant, the 品番 and the JAN code, space separated. Query
// terms never contain a space, so no term matches across two fields.
func SearchText(p Product, s SKU) string {
	return Normalize(strings.Join([]string{p.Name, p.Kana, s.Variant, s.Code, s.JAN}, " "))
}

// MaxQueryTerms bounds the words of one search, to keep a query cheap.
const MaxQueryTerms = 5

// SearchTerms splits a query into normalised words; every word must match.
// Words beyond MaxQueryTerms are dropped, and so is a query that is all
// blank, which returns nil (no text condition).
func SearchTerms(q string) []string {
	terms := strings.Fields(Normalize(q))
	if len(terms) > MaxQueryTerms {
		terms = terms[:MaxQueryTerms]
	}
	return terms
}

// runeLen counts characters, as the search engines do for trigrams.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
