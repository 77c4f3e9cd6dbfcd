package pdf

// First-page header: title, number and date, recipient block on the left,
// issuer block on the right.
const (
	titleSize    = 20
	titleSpacing = 0.25 // of the font size, between the title's characters
	leftColW     = 285
	rightColW    = 205
	sealSize     = 54
	blockTop     = margin + 46
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
	r.numberAndDate()
	leftEnd := r.recipientBlock()
	rightEnd := r.issuerBlock()
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

func (r *renderer) numberAndDate() {
	st := style{face: regular, size: 8.5, color: ink, align: Right}
	x, w := right-rightColW, float64(rightColW)
	y := margin + 2
	if r.d.Number != "" {
		r.text(x, y, w, "No. "+r.d.Number, st)
		y += 12.5
	}
	if r.d.IssuedOn != "" {
		r.text(x, y, w, "発行日 "+r.d.IssuedOn, st)
	}
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
		y += r.kvTable(left, y, r.d.Meta, metaLook, true)
	}
	return y
}

// issuerBlock draws logo, name, address lines and the seal over the end of
// the name; it returns the y below the block.
func (r *renderer) issuerBlock() float64 {
	x, y := right-rightColW, blockTop
	if r.imgs.logo != nil {
		_, h := r.image(r.imgs.logo, x, y, rightColW, 34, false, false, "issuer.logo")
		y += h + 8
	}
	nameTop, nameEnd := y, x
	if r.d.Issuer.Name != "" {
		ls := r.wrap(r.d.Issuer.Name, bold, 11.5, rightColW)
		y = r.lines(x, y, rightColW, ls, style{face: bold, size: 11.5, color: ink}, 16)
		nameEnd = x + r.width(ls[len(ls)-1], bold, 11.5)
		y += 3
	}
	st := style{face: regular, size: 8.5, color: ink}
	for _, s := range r.d.Issuer.Lines {
		y = r.lines(x, y, rightColW, r.wrap(s, regular, 8.5, rightColW), st, 12.5)
	}
	if r.imgs.seal != nil {
		// The seal overlaps the last characters of the name, as stamped by
		// hand, but never leaves the printable area.
		sx := min(nameEnd-sealSize*0.35, right-sealSize)
		sy := nameTop + 8 - sealSize/2
		if r.d.Issuer.Name == "" {
			sx, sy = right-sealSize, nameTop
		}
		r.image(r.imgs.seal, sx, sy, sealSize, sealSize, false, true, "issuer.seal")
		y = max(y, sy+sealSize)
	}
	return y
}
