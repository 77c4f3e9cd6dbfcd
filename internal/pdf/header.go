package pdf

// First-page header: title, number and date, recipient block on the left,
// issuer block on the right.
const (
	titleSize    = 20
	titleSpacing = 0.25 // of the font size, between the title's characters
	leftColW     = 285
	rightColW    = 205
	blockTop     = margin + 46

	// The 角印 is printed at 19 mm square, the size of a usual company seal.
	sealSize = 19 * 72 / 25.4
	sealGap  = 3 // between the seal and what is above or below it

	issuerNameSize = 11.5
	issuerNameLH   = 16
	issuerLineSize = 8.5
	issuerLineLH   = 12.5

	// The meta label column fits its longest label between these widths;
	// a longer label wraps.
	metaLabelMin = 64
	metaLabelMax = 150
)

var (
	headlineLook = kvLook{
		width: leftColW, labelW: 112, size: 9, valueSize: 11, pad: 5,
		bigFirst: true, bigSize: 17, bigPad: 8, valueAlign: Right,
		labelFill: shade, frame: ink,
	}
	metaLook = kvLook{
		width: leftColW, labelW: 84, size: 8, valueSize: 8.5, pad: 3.5,
		valueAlign: Left, labelFill: shade, frame: rule,
	}
)

func (r *renderer) header() {
	r.title()
	dateEnd := r.numberAndDate()
	leftEnd := r.recipientBlock()
	rightEnd := r.issuerBlock(dateEnd)
	r.y = max(leftEnd, rightEnd) + 16
}

// title draws the title centred with letter spacing, over a double rule as
// on printed Japanese forms.
func (r *renderer) title() {
	rs := []rune(r.d.Title)
	spacing := titleSize * titleSpacing
	w := r.width(r.d.Title, bold, titleSize) + spacing*float64(len(rs)-1)
	x := left + (contentW-w)/2
	r.use(bold, titleSize)
	r.fail("title spacing", r.gp.SetCharSpacing(spacing))
	r.text(x, margin, w+spacing, r.d.Title, style{face: bold, size: titleSize, color: ink})
	r.fail("title spacing", r.gp.SetCharSpacing(0))
	ruleW := max(w+48, 150)
	y := margin + titleSize + 7
	r.line(left+(contentW-ruleW)/2, y, left+(contentW+ruleW)/2, y, 1.1, ink)
	r.line(left+(contentW-ruleW)/2, y+2.6, left+(contentW+ruleW)/2, y+2.6, 0.4, ink)
}

// numberAndDate draws No. and 発行日 at the top right and returns the y
// of the bottom of their text.
func (r *renderer) numberAndDate() float64 {
	st := style{face: regular, size: 8.5, color: ink, align: Right}
	x, w := right-rightColW, float64(rightColW)
	y, bottom := margin+2, float64(margin)
	for _, f := range [][2]string{{"No. ", r.d.Number}, {"発行日 ", r.d.IssuedOn}} {
		if f[1] == "" {
			continue
		}
		r.text(x, y, w, f[0]+f[1], st)
		bottom = y + st.size
		y += 12.5
	}
	return bottom
}

// recipientBlock draws 宛名, its sub lines, the greeting, the boxed key
// figures and the meta table; it returns the y below them.
func (r *renderer) recipientBlock() float64 {
	y := blockTop
	if r.d.Recipient != "" {
		ls := r.wrap(r.d.Recipient, regular, 14, leftColW-4)
		y = r.lines(left+2, y, leftColW-4, ls, style{face: regular, size: 14, color: ink}, 19)
		r.line(left, y+1, left+leftColW, y+1, 0.9, ink)
		y += 7
	}
	sub := style{face: regular, size: 8.5, color: subInk}
	for _, s := range r.d.RecipientSub {
		y = r.lines(left+2, y, leftColW-4, r.wrap(s, sub.face, sub.size, leftColW-4), sub, 12)
	}
	if r.d.Greeting != "" {
		y += 10
		st := style{face: regular, size: 9, color: ink}
		y = r.lines(left, y, leftColW, r.wrap(r.d.Greeting, regular, 9, leftColW), st, 13)
	}
	if len(r.d.Headline) > 0 {
		y += 6
		y += r.kvTable(left, y, r.d.Headline, headlineLook, true)
	}
	if len(r.d.Meta) > 0 {
		y += 10
		y += r.kvTable(left, y, r.d.Meta, r.fittedMetaLook(), true)
	}
	return y
}

// fittedMetaLook is metaLook with the label column as wide as the longest label
// (so 「運送会社・送り状番号」 stays on one line), within limits.
func (r *renderer) fittedMetaLook() kvLook {
	k := metaLook
	need := 0.0
	for _, kv := range r.d.Meta {
		need = max(need, r.width(kv.Label, regular, k.size))
	}
	// +1: rounding in the measured advances must not push the last
	// character onto a second line.
	k.labelW = min(max(need+2*kvPadX+1, metaLabelMin), metaLabelMax)
	return k
}

// issuerBlock draws logo, name, address lines and the seal over the right
// end of the name; it returns the y below the block. Nothing above (floor)
// or below the seal is covered by it.
func (r *renderer) issuerBlock(floor float64) float64 {
	x, y := right-rightColW, blockTop
	if r.imgs.logo != nil {
		_, h := r.image(r.imgs.logo, x, y, rightColW, 34, false, false, "issuer.logo")
		y += h + 8
		floor = y - 8
	}
	var name []string
	nameEnd := x
	if r.d.Issuer.Name != "" {
		name = r.wrap(r.d.Issuer.Name, bold, issuerNameSize, rightColW)
		nameEnd = x + r.width(name[len(name)-1], bold, issuerNameSize)
	}
	g := issuerGeometry(y, len(name), nameEnd, floor, r.imgs.seal != nil)
	r.lines(x, g.NameTop, rightColW, name, style{face: bold, size: issuerNameSize, color: ink}, issuerNameLH)
	st := style{face: regular, size: issuerLineSize, color: ink}
	y = g.LinesTop
	for _, s := range r.d.Issuer.Lines {
		y = r.lines(x, y, rightColW, r.wrap(s, regular, issuerLineSize, rightColW), st, issuerLineLH)
	}
	if r.imgs.seal != nil {
		r.image(r.imgs.seal, g.SealX, g.SealY, sealSize, sealSize, false, true, "issuer.seal")
		y = max(y, g.SealY+sealSize)
	}
	return y
}

// issuerBox is where the issuer block's parts go.
type issuerBox struct {
	NameTop, LinesTop float64 // tops of the name and of the address lines
	SealX, SealY      float64 // the seal's top left (when there is one)
}

// issuerGeometry places the name (nameLines lines from top), the seal and
// the address lines. The seal is centred on the right end of the name's
// last line, as stamped by hand, but stays on the page and below floor
// (the logo or the date above); the name moves down when the seal needs
// the room. The address lines start below the seal so it never hides them.
func issuerGeometry(top float64, nameLines int, nameEnd, floor float64, seal bool) issuerBox {
	g := issuerBox{NameTop: top}
	nameH := float64(nameLines) * issuerNameLH
	if !seal {
		g.LinesTop = top + nameH
		if nameLines > 0 {
			g.LinesTop += 3
		}
		return g
	}
	if nameLines == 0 {
		g.SealX, g.SealY = right-sealSize, max(top, floor+sealGap)
		g.LinesTop = g.SealY + sealSize + sealGap
		return g
	}
	centre := top + nameH - issuerNameLH/2
	if lift := floor + sealGap - (centre - sealSize/2); lift > 0 {
		g.NameTop += lift
		centre += lift
	}
	g.SealX = min(nameEnd-sealSize/2, right-sealSize)
	g.SealY = centre - sealSize/2
	g.LinesTop = max(g.NameTop+nameH+3, g.SealY+sealSize+sealGap)
	return g
}
