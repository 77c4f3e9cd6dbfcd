package pdf_test

import (
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/pdf/pdftest"
)

func TestWrapFitsAndKeepsText(t *testing.T) {
	e := pdftest.Engine(t)
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string // exact lines, when given
	}{
		{"fits", "国産こしひかり 5kg", 200, []string{"国産こしひかり 5kg"}},
		{"newline", "一行目\n二行目", 200, []string{"一行目", "二行目"}},
		{"japanese", strings.Repeat("業務用本醸造しょうゆ", 6), 90, nil},
		{"no comma at line start", "あいうえおかきくけ、こさしすせそ", 8.5 * 9.2, []string{"あいうえおかきく", "け、こさしすせそ"}},
		{"latin words stay whole", "Premium Extra Virgin Olive Oil 500ml bottle", 60, nil},
		{"one long token", strings.Repeat("A", 80), 50, nil},
		{"mixed", "ステンレス製 計量カップ 500ml（目盛付き・食洗機対応）業務用ケース販売", 70, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, widths, err := e.Wrap(tt.text, tt.width)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range widths {
				if w > tt.width+0.01 && len([]rune(lines[i])) > 1 {
					t.Errorf("line %d %q is %.1f pt wide, column %.1f", i, lines[i], w, tt.width)
				}
			}
			if got, want := strings.Join(lines, ""), strings.NewReplacer(" ", "", "\n", "").Replace(tt.text); strings.ReplaceAll(got, " ", "") != want {
				t.Errorf("wrapping lost text: %q", lines)
			}
			if tt.want != nil && strings.Join(lines, "|") != strings.Join(tt.want, "|") {
				t.Errorf("lines = %q, want %q", lines, tt.want)
			}
			for _, l := range lines[1:] {
				if strings.HasPrefix(l, "、") || strings.HasPrefix(l, "。") || strings.HasPrefix(l, "）") {
					t.Errorf("line starts with closing punctuation: %q", lines)
				}
			}
			if tt.name == "latin words stay whole" {
				for _, l := range lines {
					for _, w := range strings.Fields(l) {
						if !strings.Contains(tt.text, " "+w+" ") && !strings.HasPrefix(tt.text, w+" ") && !strings.HasSuffix(tt.text, " "+w) {
							t.Errorf("word split: %q in %q", w, lines)
						}
					}
				}
			}
		})
	}
}
