package pdf

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/signintech/gopdf"
)

type face int

const (
	regular face = iota
	bold
)

type rgb struct{ r, g, b uint8 }

// Palette: near-black text, grey rules, a pale blue-grey for shaded cells.
var (
	ink      = rgb{33, 37, 41}
	subInk   = rgb{90, 96, 104}
	rule     = rgb{150, 156, 164}
	hairline = rgb{205, 210, 216}
	shade    = rgb{231, 236, 242}
	zebra    = rgb{246, 248, 250}
	strong   = rgb{214, 224, 236}
)

// style is how one piece of text is drawn.
type style struct {
	face  face
	size  float64
	color rgb
	align Align
}

// renderer draws one document. Drawing errors are sticky in err so the
// layout code reads as layout; the first one is returned by Render.
type renderer struct {
	gp     *gopdf.GoPdf
	d      *Document
	imgs   pictures
	page   int
	y      float64 // top of the free space on the current page
	bottom float64 // lowest y the body may use (the footer is below)
	face   face
	size   float64
	widths [2]map[rune]float64 // advance per rune at 1 pt, per face
	err    error
}

func newRenderer(gp *gopdf.GoPdf, d *Document, imgs pictures) *renderer {
	return &renderer{
		gp: gp, d: d, imgs: imgs, size: -1,
		widths: [2]map[rune]float64{{}, {}},
	}
}

func (r *renderer) fail(op string, err error) {
	if r.err == nil && err != nil {
		r.err = fmt.Errorf("pdf: %s: %w", op, err)
	}
}

func (r *renderer) use(f face, size float64) {
	if r.face == f && r.size == size {
		return
	}
	fam := familyRegular
	if f == bold {
		fam = familyBold
	}
	r.fail("set font", r.gp.SetFont(fam, "", size))
	r.face, r.size = f, size
}

// width measures s in points. Advances are cached per rune: the library
// measures whole strings, which is slow for wrapping long cells.
func (r *renderer) width(s string, f face, size float64) float64 {
	total := 0.0
	for _, c := range s {
		w, ok := r.widths[f][c]
		if !ok {
			r.use(f, 100)
			m, err := r.gp.MeasureTextWidth(string(c))
			r.fail("measure text", err)
			w = m / 100
			r.widths[f][c] = w
		}
		total += w
	}
	return total * size
}

// noLineStart are characters a Japanese line must not begin with (行頭禁則).
const noLineStart = "、。，．,.)）」』】〕〉》］]}｝・：；:;!?！？ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜～%％"

// wrap breaks s into lines no wider than w: at any character between
// Japanese characters, at spaces within Latin words, never putting closing
// punctuation at the start of a line, and always at "\n".
func (r *renderer) wrap(s string, f face, size, w float64) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, r.wrapLine([]rune(para), f, size, w)...)
	}
	return out
}

func (r *renderer) wrapLine(rs []rune, f face, size, w float64) []string {
	var out []string
	for len(rs) > 0 {
		n, used := 0, 0.0
		for n < len(rs) {
			cw := r.width(string(rs[n]), f, size)
			if n > 0 && used+cw > w {
				break
			}
			used += cw
			n++
		}
		if n < len(rs) {
			n = breakPoint(rs, n)
		}
		out = append(out, strings.TrimRight(string(rs[:n]), " "))
		rs = rs[n:]
		for len(rs) > 0 && rs[0] == ' ' {
			rs = rs[1:]
		}
	}
	if len(out) == 0 {
		out = append(out, "")
	}
	return out
}

// breakPoint moves a break at n back so that a Latin word stays whole and
// closing punctuation does not start the next line; it keeps n when no
// better place exists on the line.
func breakPoint(rs []rune, n int) int {
	if latin(rs[n-1]) && latin(rs[n]) {
		for i := n - 1; i > 0; i-- {
			if rs[i] == ' ' {
				return i + 1
			}
			if !latin(rs[i-1]) {
				return i
			}
		}
		return n
	}
	if strings.ContainsRune(noLineStart, rs[n]) && n > 1 {
		return n - 1
	}
	return n
}

func latin(c rune) bool {
	return c < 0x2000 && (unicode.IsLetter(c) || unicode.IsDigit(c) || strings.ContainsRune("-_@./:'\"&", c))
}

// text draws s with its em box starting at y, aligned within [x, x+w].
func (r *renderer) text(x, y, w float64, s string, st style) {
	if s == "" || r.err != nil {
		return
	}
	switch st.align {
	case Right:
		x += w - r.width(s, st.face, st.size)
	case Center:
		x += (w - r.width(s, st.face, st.size)) / 2
	}
	r.use(st.face, st.size)
	r.gp.SetTextColor(st.color.r, st.color.g, st.color.b)
	r.gp.SetXY(x, y)
	r.fail("draw text", r.gp.CellWithOption(&gopdf.Rect{W: w, H: st.size}, s, gopdf.CellOption{Align: gopdf.Left | gopdf.Top}))
}

// lines draws wrapped lines from y with the given line height and returns
// the y below the last line.
func (r *renderer) lines(x, y, w float64, ls []string, st style, lh float64) float64 {
	for _, l := range ls {
		r.text(x, y+(lh-st.size)/2, w, l, st)
		y += lh
	}
	return y
}

func (r *renderer) line(x1, y1, x2, y2, width float64, c rgb) {
	r.gp.SetLineWidth(width)
	r.gp.SetStrokeColor(c.r, c.g, c.b)
	r.gp.Line(x1, y1, x2, y2)
}

func (r *renderer) fill(x, y, w, h float64, c rgb) {
	r.gp.SetFillColor(c.r, c.g, c.b)
	r.gp.RectFromUpperLeftWithStyle(x, y, w, h, "F")
}

func (r *renderer) box(x, y, w, h, width float64, c rgb) {
	r.gp.SetLineWidth(width)
	r.gp.SetStrokeColor(c.r, c.g, c.b)
	r.gp.RectFromUpperLeftWithStyle(x, y, w, h, "D")
}
