package pdf_test

import (
	"math"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/pdf"
	"github.com/oroshi-jp/oroshi/internal/pdf/pdftest"
)

// TestSealPlacement: the 角印 is 18–20 mm square, centred on the right end
// of the name's last line, and covers neither the address lines below nor
// the logo or the date above; at the right edge it stays on the page.
func TestSealPlacement(t *testing.T) {
	if mm := pdf.SealSize / 72 * 25.4; mm < 18 || mm > 20 {
		t.Errorf("seal is %.1f mm square, want 18–20 mm", mm)
	}
	tests := []struct {
		name                       string
		top, nameEnd, floor        float64
		lines                      int
		wantCentreX, wantNameShift bool
	}{
		{"short name, no logo", 88.5, 400, 66, 1, true, false},
		{"under a logo", 130, 400, 122, 1, true, true},
		{"two-line name", 88.5, 450, 66, 2, true, false},
		{"name to the right edge", 88.5, pdf.PageRight, 66, 1, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := pdf.IssuerGeometry(tc.top, tc.lines, tc.nameEnd, tc.floor, true)
			lastTop := g.NameTop + float64(tc.lines-1)*pdf.IssuerNameLH
			cx, cy := g.SealX+pdf.SealSize/2, g.SealY+pdf.SealSize/2
			if tc.wantCentreX && math.Abs(cx-tc.nameEnd) > 0.01 {
				t.Errorf("seal centre x %.2f, name ends at %.2f", cx, tc.nameEnd)
			}
			if math.Abs(cy-(lastTop+pdf.IssuerNameLH/2)) > 0.01 {
				t.Errorf("seal centre y %.2f, name's last line %.2f–%.2f", cy, lastTop, lastTop+pdf.IssuerNameLH)
			}
			if g.SealX+pdf.SealSize > pdf.PageRight+0.01 {
				t.Errorf("seal ends at %.2f, past the right margin %.2f", g.SealX+pdf.SealSize, pdf.PageRight)
			}
			if g.SealX > tc.nameEnd || g.SealX+pdf.SealSize < tc.nameEnd-pdf.SealSize/2 {
				t.Errorf("seal %.2f–%.2f does not overlap the name's end %.2f", g.SealX, g.SealX+pdf.SealSize, tc.nameEnd)
			}
			if g.SealY < tc.floor {
				t.Errorf("seal top %.2f is above the floor %.2f (logo or date)", g.SealY, tc.floor)
			}
			if g.LinesTop < g.SealY+pdf.SealSize {
				t.Errorf("address lines start at %.2f, under the seal (bottom %.2f)", g.LinesTop, g.SealY+pdf.SealSize)
			}
			if shifted := g.NameTop > tc.top; shifted != tc.wantNameShift {
				t.Errorf("name top %.2f from %.2f: shifted %v, want %v", g.NameTop, tc.top, shifted, tc.wantNameShift)
			}
		})
	}
	// Without a seal the address lines follow the name closely.
	if g := pdf.IssuerGeometry(88.5, 1, 400, 68, false); g.LinesTop != 88.5+pdf.IssuerNameLH+3 || g.NameTop != 88.5 {
		t.Errorf("without seal: %+v", g)
	}
}

// TestMetaLabelFits: the meta label column widens to its longest label, so
// 「運送会社・送り状番号」 prints on one line.
func TestMetaLabelFits(t *testing.T) {
	e := pdftest.Engine(t)
	d := invoice(3)
	d.Meta = append(d.Meta, pdf.KV{Label: "運送会社・送り状番号", Value: "ヤマト運輸 1234-5678-9012"})
	b, err := e.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, b)
	found := false
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(squash(l), "運送会社・送り状番号") {
			found = true
		}
	}
	if !found {
		t.Errorf("「運送会社・送り状番号」 is not on one line:\n%s", text)
	}
}
