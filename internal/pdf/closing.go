package pdf

// Blocks after the detail table: legend and tax summary on the left, totals
// on the right, then the notes.
const (
	legendSize = 7.5
	noteSize   = 8.5
	noteLH     = 12.5
	noteHeadH  = 15
)

var (
	totalsLook = kvLook{
		width: 235, labelW: 115, size: 8.5, valueSize: 9.5, pad: 4,
		valueAlign: Right, labelFill: shade, frame: rule,
	}
	taxLook = kvLook{
		width: 250, labelW: 130, size: 7.5, valueSize: 8, pad: 2.5,
		valueAlign: Right, labelFill: zebra, frame: hairline,
	}
)

func (r *renderer) closing() {
	if len(r.d.Columns) > 0 {
		r.y += 8
	}
	r.summary()
	for _, n := range r.d.Notes {
		r.note(n)
	}
}

// summary keeps legend, tax summary and totals together: they move to a
// new page as one block when they do not fit below the table.
func (r *renderer) summary() {
	if r.d.Legend == "" && len(r.d.TaxSummary) == 0 && len(r.d.Totals) == 0 {
		return
	}
	legend := r.wrap(r.d.Legend, regular, legendSize, taxLook.width)
	if r.d.Legend == "" {
		legend = nil
	}
	leftH := float64(len(legend)) * (legendSize + 3)
	if len(r.d.TaxSummary) > 0 {
		leftH += 4 + r.kvTable(0, 0, r.d.TaxSummary, taxLook, false)
	}
	rightH := r.kvTable(0, 0, r.d.Totals, totalsLook, false)
	r.ensure(max(leftH, rightH))
	y := r.lines(left, r.y, taxLook.width, legend, style{face: regular, size: legendSize, color: ink}, legendSize+3)
	if len(r.d.TaxSummary) > 0 {
		r.kvTable(left, y+4, r.d.TaxSummary, taxLook, true)
	}
	r.kvTable(right-totalsLook.width, r.y, r.d.Totals, totalsLook, true)
	r.y += max(leftH, rightH) + 14
}

// note draws a titled text block. A note that fits on a page is never
// split; a longer one flows on, line by line.
func (r *renderer) note(n Note) {
	lines := r.wrap(n.Text, regular, noteSize, contentW-12)
	if n.Text == "" {
		lines = nil
	}
	h := noteHeadH + 4 + float64(len(lines))*noteLH + 10
	if h <= r.bottom-bodyTop() {
		r.ensure(h)
	} else {
		r.ensure(noteHeadH + 4 + 2*noteLH)
	}
	r.noteHead(n.Title)
	st := style{face: regular, size: noteSize, color: ink}
	for _, l := range lines {
		if r.ensure(noteLH) {
			r.noteHead(n.Title + "（続き）")
		}
		r.text(left+6, r.y+(noteLH-noteSize)/2, contentW-12, l, st)
		r.y += noteLH
	}
	r.y += 10
}

func (r *renderer) noteHead(title string) {
	r.fill(left, r.y, contentW, noteHeadH, shade)
	r.fill(left, r.y, 3, noteHeadH, rule)
	r.text(left+8, r.y+(noteHeadH-noteSize)/2, contentW-16, title, style{face: bold, size: noteSize, color: ink})
	r.y += noteHeadH + 4
}
