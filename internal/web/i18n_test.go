package web

import "testing"

// TestCataloguesAgree: when two areas' catalogues give one Japanese text,
// they give it the same English; otherwise the last one merged would win
// silently on the other area's pages (a "|sense" key tells two apart).
func TestCataloguesAgree(t *testing.T) {
	seen := map[string]string{}
	for _, part := range englishParts {
		for ja, en := range part {
			if prev, ok := seen[ja]; ok && prev != en {
				t.Errorf("%q is %q in one catalogue and %q in another", ja, prev, en)
			}
			seen[ja] = en
		}
	}
}

func TestTranslateSense(t *testing.T) {
	for _, c := range []struct{ lang, key, want string }{
		{langJA, "キャンセル|操作", "キャンセル"},
		{langEN, "キャンセル|操作", "Cancel"},
		{langEN, "キャンセル", "Cancelled"},
		{langJA, "キャンセル", "キャンセル"},
		{langEN, "未登録の言葉|操作", "未登録の言葉"},
	} {
		if got := translate(c.lang, c.key); got != c.want {
			t.Errorf("translate(%s, %q) = %q, want %q", c.lang, c.key, got, c.want)
		}
	}
}
