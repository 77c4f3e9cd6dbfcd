package catalog

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSearchTerms: the search normalisation never panics, is idempotent
// (stored text and query meet whichever was normalised twice), leaves no
// katakana that has a hiragana form and no stray white space, and a query
// gives at most MaxQueryTerms non-empty terms that are already normal.
func FuzzSearchTerms(f *testing.F) {
	for _, s := range []string{"ﾎﾝｶﾚ　カツオ 鰹節 ＡＢ－１２ 1㎏", "𠮷野家 😀👨‍👩‍👧 ヴァイオリン", "\xff\xfe\x00ｶﾞ",
		"a b c d e f g h", "İSTANBUL ǅ ﬃ ẞ", "ヽヾ ヷヺ ー 〜", "\u3000\u00a0\t\n", "ｶ\u3099 か\u309a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		n := Normalize(q)
		if again := Normalize(n); again != n {
			t.Fatalf("Normalize not idempotent: %q → %q → %q", q, n, again)
		}
		if utf8.ValidString(q) && !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8", q, n)
		}
		if n != strings.TrimSpace(n) || strings.Contains(n, "  ") || strings.ContainsAny(n, "\t\n\r\u3000\u00a0") {
			t.Fatalf("Normalize(%q) = %q: white space left", q, n)
		}
		if i := strings.IndexFunc(n, func(r rune) bool { return r >= 'ァ' && r <= 'ヶ' || r == 'ヽ' || r == 'ヾ' }); i >= 0 {
			t.Fatalf("Normalize(%q) = %q: katakana left at %d", q, n, i)
		}
		terms := SearchTerms(q)
		if len(terms) > MaxQueryTerms {
			t.Fatalf("SearchTerms(%q): %d terms", q, len(terms))
		}
		for _, term := range terms {
			if term == "" || strings.Contains(term, " ") || Normalize(term) != term {
				t.Fatalf("SearchTerms(%q) = %q: term %q not normal", q, terms, term)
			}
		}
		if want := strings.Fields(n); len(want) <= MaxQueryTerms && !slices.Equal(terms, want) {
			t.Fatalf("SearchTerms(%q) = %q, want %q", q, terms, want)
		}
	})
}
