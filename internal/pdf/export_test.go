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
