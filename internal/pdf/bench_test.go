package pdf_test

import (
	"testing"

	"github.com/oroshi-jp/oroshi/internal/pdf"
	"github.com/oroshi-jp/oroshi/internal/pdf/pdftest"
)

// Targets (issue 5): one page under 20 ms after start-up, 200 lines under
// 200 ms. The fonts are parsed once, outside the timed loop.
func BenchmarkRender(b *testing.B) {
	e := pdftest.Engine(b)
	onePage := invoice(12)
	onePage.Issuer.Logo, onePage.Issuer.Seal = logo(b), seal(b)
	long := invoice(200)
	long.Issuer.Seal = seal(b)
	for _, bc := range []struct {
		name string
		doc  pdf.Document
	}{{"one-page", onePage}, {"200-lines", long}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := e.Render(bc.doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLoadFonts(b *testing.B) {
	dir := pdftest.FontDir(b)
	for b.Loop() {
		if _, err := pdf.Load(dir); err != nil {
			b.Fatal(err)
		}
	}
}
