package pdf

import (
	"fmt"

	"github.com/oroshi-jp/oroshi"
)

// Detail table metrics.
const (
	cellSize    = 8.5
	cellLH      = 10.5 // line height inside a cell
	cellPadX    = 4
	cellPadY    = 2.25
	headSize    = 8
	headH       = 18
	tableBorder = 0.7
)

// grid holds the column positions of the detail table.
type grid struct {
	x, w []float64
}

func newGrid(cols []Column) grid {
	total := 0.0
	for _, c := range cols {
		total += c.Width
	}
	g := grid{x: make([]float64, len(cols)), w: make([]float64, len(cols))}
	x := left
	for i, c := range cols {
		g.x[i], g.w[i] = x, contentW*c.Width/total
		x += g.w[i]
	}
	return g
}

// table draws the detail rows, starting a new page (with the header row
// repeated) whenever the next row does not fit.
func (r *renderer) table() {
	if len(r.d.Columns) == 0 {
		return
	}
	g := newGrid(r.d.Columns)
	maxRow := r.bottom - bodyTop() - headH
	pageTop := r.y
	r.tableHead(g)
	for i, row := range r.d.Rows {
		cells, h := r.rowLayout(g, row)
		if h > maxRow {
			r.err = oroshi.Invalid(fmt.Sprintf("rows[%d]", i),
				fmt.Sprintf("明細 %d行目の文字が多すぎて 1 ページに収まりません", i+1))
			return
		}
		if r.y+h > r.bottom {
			r.frame(pageTop)
			r.newPage()
			pageTop = r.y
			r.tableHead(g)
		}
		r.row(g, cells, h, i)
	}
	r.frame(pageTop)
}

// tableHead draws the shaded header row at r.y.
func (r *renderer) tableHead(g grid) {
	r.fill(left, r.y, contentW, headH, shade)
	for i, c := range r.d.Columns {
		st := style{face: bold, size: headSize, color: ink, align: Center}
		r.text(g.x[i]+2, r.y+(headH-headSize)/2, g.w[i]-4, c.Title, st)
		if i > 0 {
			r.line(g.x[i], r.y, g.x[i], r.y+headH, 0.4, rule)
		}
	}
	r.line(left, r.y+headH, right, r.y+headH, 0.7, rule)
	r.y += headH
}

// rowLayout wraps every cell of row to its column and returns the lines and
// the row height.
func (r *renderer) rowLayout(g grid, row []string) ([][]string, float64) {
	cells := make([][]string, len(row))
	n := 1
	for j, s := range row {
		cells[j] = r.wrap(s, regular, cellSize, g.w[j]-2*cellPadX)
		n = max(n, len(cells[j]))
	}
	return cells, float64(n)*cellLH + 2*cellPadY
}

// row draws one body row: zebra fill on odd rows, text top-aligned so that
// wrapped cells read naturally, hairlines between rows and columns.
func (r *renderer) row(g grid, cells [][]string, h float64, i int) {
	if i%2 == 1 {
		r.fill(left, r.y, contentW, h, zebra)
	}
	for j, lines := range cells {
		st := style{face: regular, size: cellSize, color: ink, align: r.d.Columns[j].Align}
		r.lines(g.x[j]+cellPadX, r.y+cellPadY, g.w[j]-2*cellPadX, lines, st, cellLH)
		if j > 0 {
			r.line(g.x[j], r.y, g.x[j], r.y+h, 0.3, hairline)
		}
	}
	r.y += h
	r.line(left, r.y, right, r.y, 0.3, hairline)
}

// frame draws the outer border of the table part on this page.
func (r *renderer) frame(top float64) {
	r.box(left, top, contentW, r.y-top, tableBorder, rule)
}
