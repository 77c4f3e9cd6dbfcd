package pdf

import (
	"fmt"

	"github.com/signintech/gopdf"
)

// Page geometry in points: A4 portrait with 15 mm margins.
const (
	pageW    = 595.28
	pageH    = 841.89
	margin   = 42.52
	left     = margin
	right    = pageW - margin
	contentW = right - left

	footerSize = 7
	footerLH   = 9.5
	contSize   = 8 // the running head on continuation pages
)

// layout draws the whole document: header, detail table, closing blocks,
// then goes back to every page for the footer and "n/N".
func (r *renderer) layout() {
	footer := r.wrap(r.d.Footer, regular, footerSize, contentW-70)
	if r.d.Footer == "" {
		footer = nil
	}
	// The page number sits on the footer's first line; keep one line even
	// without footer text.
	footerH := float64(max(len(footer), 1))*footerLH + 8
	r.bottom = pageH - margin - footerH
	r.newPage()
	r.header()
	r.table()
	r.closing()
	r.pageDecorations(footer)
}

// newPage starts a page; continuation pages begin with a running head so a
// loose page still says which document it belongs to.
func (r *renderer) newPage() {
	r.gp.AddPage()
	r.page++
	r.y = margin
	if r.page == 1 {
		return
	}
	st := style{face: regular, size: contSize, color: subInk}
	r.text(left, r.y, contentW/2, joinNonEmpty("　", r.d.Title+"（続き）", r.d.Number), st)
	st.align = Right
	r.text(left+contentW/2, r.y, contentW/2, r.d.Recipient, st)
	r.y += contSize + 4
	r.line(left, r.y, right, r.y, 0.4, hairline)
	r.y += 8
}

// ensure moves to a new page unless h points fit below r.y. It reports
// whether a page was started.
func (r *renderer) ensure(h float64) bool {
	if r.y+h <= r.bottom {
		return false
	}
	r.newPage()
	return true
}

// bodyTop is where content starts on a continuation page.
func bodyTop() float64 { return margin + contSize + 12 }

func (r *renderer) pageDecorations(footer []string) {
	n := r.gp.GetNumberOfPages()
	for p := 1; p <= n; p++ {
		if err := r.gp.SetPage(p); err != nil {
			r.fail(fmt.Sprintf("page %d", p), err)
			return
		}
		y := r.bottom + 8
		r.line(left, y-3, right, y-3, 0.4, hairline)
		st := style{face: regular, size: footerSize, color: subInk, align: Center}
		r.lines(left+35, y, contentW-70, footer, st, footerLH)
		st.align = Right
		st.size = 8
		r.text(right-60, y+(footerLH-8)/2, 60, fmt.Sprintf("%d/%d", p, n), st)
	}
}

// image draws p into the box at x, y (top left) scaled to fit w×h, aligned
// right in the box when alignRight. The seal is multiplied onto the page so
// a JPEG's white background does not hide the name under it.
func (r *renderer) image(p *picture, x, y, w, h float64, alignRight, multiply bool, field string) (float64, float64) {
	if p == nil || r.err != nil {
		return 0, 0
	}
	iw, ih := p.fit(w, h)
	if alignRight {
		x += w - iw
	}
	opt := gopdf.ImageOptions{X: x, Y: y, Rect: &gopdf.Rect{W: iw, H: ih}}
	if multiply {
		opt.Transparency = &gopdf.Transparency{Alpha: 1, BlendModeType: gopdf.Multiply}
	}
	if err := safeImage(r.gp, p.holder, opt); err != nil {
		r.err = invalidImage(field)
	}
	return iw, ih
}

// safeImage guards against the library panicking on a damaged image.
func safeImage(gp *gopdf.GoPdf, h gopdf.ImageHolder, opt gopdf.ImageOptions) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("image: %v", p)
		}
	}()
	return gp.ImageByHolderWithOptions(h, opt)
}
