package catalog

import (
	"slices"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"half-width katakana", "ｶﾂｵ", "かつお"},
		{"full-width katakana", "カツオ", "かつお"},
		{"hiragana unchanged", "かつお", "かつお"},
		{"full-width latin and digits", "ＡＢＣ１２３", "abc123"},
		{"half-width voiced marks compose", "ｶﾞﾝﾓﾄﾞｷ", "がんもどき"},
		{"half-width handakuten", "ﾊﾟﾝ", "ぱん"},
		{"long vowel kept", "コーヒー", "こーひー"},
		{"half-width long vowel", "ｺｰﾋｰ", "こーひー"},
		{"vu", "ヴァイオリン", "ゔぁいおりん"},
		{"small ke", "一ヶ月", "一ゖ月"},
		{"small ka", "ヵ", "ゕ"},
		{"small kana", "ッャュョァィゥェォヮ", "っゃゅょぁぃぅぇぉゎ"},
		{"iteration marks", "ヽヾ", "ゝゞ"},
		{"va-row without hiragana stays", "ヷヺ", "ヷヺ"},
		{"kanji unchanged", "本枯れ鰹節", "本枯れ鰹節"},
		{"compatibility unit", "1㎏", "1kg"},
		{"roman numeral", "Ⅲ", "iii"},
		{"ideographic space collapsed", "本枯れ　鰹節", "本枯れ 鰹節"},
		{"runs of space and tabs", "  a \t\n b  ", "a b"},
		{"blank", " 　 ", ""},
		{"mixed", "ﾎﾝｶﾚ　カツオ 鰹節 ＡＢ－１２ 1㎏", "ほんかれ かつお 鰹節 ab-12 1kg"},
		{"upper ascii", "ABC-12/x.Y_z", "abc-12/x.y_z"},
		{"middle dot kept", "カツオ・ブシ", "かつお・ぶし"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("%s: Normalize(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestNormalizeScriptsAgree(t *testing.T) {
	for _, s := range []string{"ｶﾂｵ", "カツオ", "かつお", "ｶﾂｵ ", "　カツオ"} {
		if got := Normalize(s); got != "かつお" {
			t.Errorf("Normalize(%q) = %q, want かつお", s, got)
		}
	}
}

func TestSearchTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  　", nil},
		{"ｶﾂｵ　１ｋｇ", []string{"かつお", "1kg"}},
		{"a b c d e f g", []string{"a", "b", "c", "d", "e"}},
		{`"x" OR y`, []string{`"x"`, "or", "y"}},
	}
	for _, tt := range tests {
		if got := SearchTerms(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("SearchTerms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSearchText(t *testing.T) {
	p := Product{Name: "本枯れ鰹節", Kana: "ホンカレカツオブシ"}
	s := SKU{Variant: "１ｋｇ", Code: "KB-001", JAN: "4901234567894"}
	want := "本枯れ鰹節 ほんかれかつおぶし 1kg kb-001 4901234567894"
	if got := SearchText(p, s); got != want {
		t.Errorf("SearchText = %q, want %q", got, want)
	}
}

func BenchmarkNormalize(b *testing.B) {
	for b.Loop() {
		Normalize("ﾎﾝｶﾚ　カツオ 鰹節 ＡＢ－１２ 1㎏ 4901234567894")
	}
}
