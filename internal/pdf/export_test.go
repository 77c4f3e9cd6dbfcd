package pdf

import "strings"

// Wrap exposes the line breaking to the tests: the lines of s in the body
// font of the detail table for a column w points wide, and each line's width.
func (e *Engine) Wrap(s string, w float64) ([]string, []float64, error) {
	gp, err := e.start()
	if err != nil {
		return nil, nil, err
	}
	r := newRenderer(gp, &Document{}, pictures{})
	lines := r.wrap(strings.ReplaceAll(s, "\r", ""), regular, cellSize, w)
	widths := make([]float64, len(lines))
	for i, l := range lines {
		widths[i] = r.width(l, regular, cellSize)
	}
	return lines, widths, r.err
}

// IssuerBox is issuerBox for the tests.
type IssuerBox = issuerBox

// IssuerGeometry exposes the placement of the issuer name, the address
// lines and the seal, with the sizes used.
func IssuerGeometry(top float64, nameLines int, nameEnd, floor float64, seal bool) IssuerBox {
	return issuerGeometry(top, nameLines, nameEnd, floor, seal)
}

// Issuer block measures for the tests, in points.
const (
	SealSize     = sealSize
	IssuerNameLH = issuerNameLH
	PageRight    = right
)
