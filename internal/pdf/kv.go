package pdf

// kvLook is the look of a two-column label/value table (Headline, Meta,
// Totals, TaxSummary).
type kvLook struct {
	width, labelW    float64
	size, valueSize  float64
	pad              float64 // vertical padding in a row
	bigFirst         bool    // the first row is the key figure (ご請求金額)
	bigSize, bigPad  float64
	valueAlign       Align
	labelFill, frame rgb
}

const kvPadX = 5

// kvTable draws items at x, y (or only measures them when draw is false)
// and returns the height used. Measuring and drawing share this code so the
// page-break decision always matches what is drawn.
func (r *renderer) kvTable(x, y float64, items []KV, k kvLook, draw bool) float64 {
	top := y
	valueW := k.width - k.labelW
	for i, kv := range items {
		lf, vf, ls, vs, pad := regular, regular, k.size, k.valueSize, k.pad
		big := k.bigFirst && i == 0
		if big || kv.Strong {
			lf, vf = bold, bold
			ls, vs = k.size+1, k.valueSize+2
		}
		if big {
			vs, pad = k.bigSize, k.bigPad
		}
		ll := r.wrap(kv.Label, lf, ls, k.labelW-2*kvPadX)
		vl := r.wrap(kv.Value, vf, vs, valueW-2*kvPadX)
		lh, vh := float64(len(ll))*ls*1.3, float64(len(vl))*vs*1.3
		h := max(lh, vh) + 2*pad
		if draw {
			fillC := k.labelFill
			if kv.Strong {
				fillC = strong
				r.fill(x+k.labelW, y, valueW, h, zebra)
			}
			r.fill(x, y, k.labelW, h, fillC)
			r.lines(x+kvPadX, y+(h-lh)/2, k.labelW-2*kvPadX, ll, style{face: lf, size: ls, color: ink}, ls*1.3)
			st := style{face: vf, size: vs, color: ink, align: k.valueAlign}
			r.lines(x+k.labelW+kvPadX, y+(h-vh)/2, valueW-2*kvPadX, vl, st, vs*1.3)
			if i > 0 {
				r.line(x, y, x+k.width, y, 0.4, hairline)
			}
		}
		y += h
	}
	if draw && len(items) > 0 {
		r.line(x+k.labelW, top, x+k.labelW, y, 0.4, hairline)
		r.box(x, top, k.width, y-top, 0.7, k.frame)
	}
	return y - top
}
