package pdf_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/pdf"
	"github.com/oroshi-jp/oroshi/internal/pdf/pdftest"
)

var preview = flag.String("preview", "", "write sample PDFs and their PNG pages into this directory to look at")

// TestPreview renders the sample documents for a person to look at; it
// runs only with -preview DIR.
func TestPreview(t *testing.T) {
	if *preview == "" {
		t.Skip("run with -preview DIR to write sample PDFs and PNGs")
	}
	e := pdftest.Engine(t)
	withImages := invoice(12)
	withImages.Issuer.Logo, withImages.Issuer.Seal = logo(t), seal(t)
	wrapping := invoice(8)
	wrapping.Title = "納品書"
	wrapping.Rows[1][2] = "北海道産 生クリーム 35% 1L（業務用・要冷蔵、賞味期限 製造日より14日）パティスリー向け大容量パック"
	wrapping.Rows[4][1] = "SK-7788-LONG-CODE-2026"
	wrapping.Headline = wrapping.Headline[:1]
	// A 納品書 with a seal but no logo, and the longest meta label.
	wrapping.Issuer.Seal = seal(t)
	wrapping.Meta = append(wrapping.Meta, pdf.KV{Label: "運送会社・送り状番号", Value: "ヤマト運輸 1234-5678-9012"})
	docs := map[string][]byte{}
	for name, d := range map[string]pdf.Document{"invoice": withImages, "long": invoice(120), "wrap": wrapping} {
		b, err := e.Render(d)
		if err != nil {
			t.Fatal(err)
		}
		docs[name] = b
	}
	for name, b := range docs {
		file := filepath.Join(*preview, name+".pdf")
		if err := os.WriteFile(file, b, 0o644); err != nil {
			t.Fatal(err)
		}
		pdftest.Tool(t, b, "pdftoppm", "-png", "-r", "60", "{}", filepath.Join(*preview, name))
		t.Logf("wrote %s", file)
	}
}
