package salesnotify

import (
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
)

func TestYen(t *testing.T) {
	for _, c := range []struct {
		in   oroshi.Yen
		want string
	}{{0, "0円"}, {999, "999円"}, {1000, "1,000円"}, {1234567, "1,234,567円"}, {-1200, "-1,200円"}} {
		if got := yen(c.in); got != c.want {
			t.Errorf("yen(%d) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestRenderEscapes: text a buyer typed reaches the HTML part escaped and
// the plain-text part as typed.
func TestRenderEscapes(t *testing.T) {
	l := letter{Seller: "丸川商事", Greeting: []string{`<script>x</script> 様`}, Title: "ご注文を承りました",
		Lead: "以下の内容で", Facts: []fact{{"発注番号", `"><img src=x>`}}, Link: "https://oroshi.example.jp/a/orders/1"}
	text, html, err := render(l)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html, "<script>") || strings.Contains(html, "<img") || !strings.Contains(html, "&lt;script&gt;") {
		t.Errorf("html not escaped:\n%s", html)
	}
	if !strings.Contains(text, `発注番号: "><img src=x>`) || !strings.Contains(text, "丸川商事です。") {
		t.Errorf("text:\n%s", text)
	}
}
