package web

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// barChart is a bar chart drawn on the server as inline SVG: no script, no
// style attribute (colours come from classes in dashboard.css), a summary in
// aria-label for screen readers and each bar's figure in a <title> that
// browsers show on hover.
type barChart struct {
	Class   string // extra class on the <svg>: "daily", "monthly"
	Lang    string // axis amounts: 万/億 in Japanese, k/M in English
	Summary string // aria-label: what the chart shows, in words
	Empty   string // shown over the axes when every value is 0
	Bars    []chartBar
	// Axis labels a tick and Unit names it; nil and "" draw yen (万/億).
	Axis func(v int64) string
	Unit string
}

// chartBar is one bar; every text is escaped when drawn.
type chartBar struct {
	Label   string // under the bar: "13", "5月"
	Group   string // second line under the bar (month, year), "" for none
	Title   string // on hover
	Tag     string // above the bar, "" for none
	Value   int64
	Current bool // today, this month: drawn darker
}

// Geometry in viewBox units; the SVG scales to the card's width.
const (
	chartW, chartH           = 720.0, 240.0
	chartLeft, chartRight    = 52.0, 8.0
	chartTop, chartBottom    = 22.0, 40.0
	chartTicks               = 4
	chartBarGap              = 0.22 // share of a slot left empty
	chartMinVisibleBarHeight = 1.5  // a tiny non-zero sale still shows
)

// SVG draws the chart.
func (c barChart) SVG() template.HTML {
	top := niceCeil(maxValue(c.Bars))
	plotH := chartH - chartTop - chartBottom
	y := func(v int64) float64 { return chartTop + plotH - float64(v)/float64(top)*plotH }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart %s" viewBox="0 0 %g %g" role="img" aria-label="%s">`,
		esc(c.Class), chartW, chartH, esc(c.Summary))
	b.WriteString(`<g class="axis">`)
	for i := 0; i <= chartTicks; i++ {
		v := top / chartTicks * int64(i)
		fmt.Fprintf(&b, `<line class="grid" x1="%g" x2="%g" y1="%.1f" y2="%.1f"/>`, chartLeft, chartW-chartRight, y(v), y(v))
		fmt.Fprintf(&b, `<text class="tick" x="%g" y="%.1f">%s</text>`, chartLeft-6, y(v)+4, esc(c.axis(v)))
	}
	unit := c.Unit
	if unit == "" {
		unit = "（円）"
	}
	fmt.Fprintf(&b, `<text class="unit" x="%g" y="%g">%s</text></g>`, chartLeft-6, chartTop-10, esc(translate(c.Lang, unit)))
	if len(c.Bars) > 0 {
		c.drawBars(&b, y)
	}
	if maxValue(c.Bars) == 0 && c.Empty != "" {
		fmt.Fprintf(&b, `<text class="empty" x="%g" y="%g">%s</text>`, chartLeft+(chartW-chartLeft-chartRight)/2,
			chartTop+plotH/2, esc(c.Empty))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// drawBars draws one column per bar: an invisible full-height target that
// carries the hover title (so that a small bar is easy to point at), the bar,
// its tag and its labels.
func (c barChart) drawBars(b *strings.Builder, y func(int64) float64) {
	slot := (chartW - chartLeft - chartRight) / float64(len(c.Bars))
	w := slot * (1 - chartBarGap)
	base := y(0)
	for i, bar := range c.Bars {
		x := chartLeft + slot*float64(i)
		cls := "col"
		if bar.Current {
			cls += " current"
		}
		fmt.Fprintf(b, `<g class="%s"><title>%s</title>`, cls, esc(bar.Title))
		fmt.Fprintf(b, `<rect class="hit" x="%.1f" y="%g" width="%.1f" height="%g"/>`, x, chartTop, slot, base-chartTop)
		if bar.Value > 0 {
			top := math.Min(y(bar.Value), base-chartMinVisibleBarHeight)
			fmt.Fprintf(b, `<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="2"/>`,
				x+(slot-w)/2, top, w, base-top)
			if bar.Tag != "" {
				fmt.Fprintf(b, `<text class="tag" x="%.1f" y="%.1f">%s</text>`, x+slot/2, top-4, esc(bar.Tag))
			}
		}
		fmt.Fprintf(b, `<text class="label" x="%.1f" y="%g">%s</text>`, x+slot/2, base+15, esc(bar.Label))
		if bar.Group != "" {
			fmt.Fprintf(b, `<text class="group" x="%.1f" y="%g">%s</text>`, x+slot/2, base+31, esc(bar.Group))
		}
		b.WriteString(`</g>`)
	}
	fmt.Fprintf(b, `<line class="baseline" x1="%g" x2="%g" y1="%.1f" y2="%.1f"/>`, chartLeft, chartW-chartRight, base, base)
}

func (c barChart) axis(v int64) string {
	if c.Axis != nil {
		return c.Axis(v)
	}
	return axisYen(c.Lang, v)
}

func esc(s string) string { return template.HTMLEscapeString(s) }

func maxValue(bars []chartBar) int64 {
	var m int64
	for _, b := range bars {
		m = max(m, b.Value)
	}
	return m
}

// niceCeil is the axis top: the smallest 1, 2, 2.5, 4 or 5 × 10^k (times
// the tick count) at or above v, so the ticks fall on round amounts.
// An empty chart gets a ¥10,000 axis.
func niceCeil(v int64) int64 {
	if v <= 0 {
		return 10_000
	}
	step := float64(v) / chartTicks
	mag := math.Pow(10, math.Floor(math.Log10(step)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if s := m * mag; s >= step {
			return max(int64(math.Round(s))*chartTicks, chartTicks)
		}
	}
	return int64(10*mag) * chartTicks
}

// axisYen labels an axis amount the Japanese way: 8,000 / 5万 / 2.5万 /
// 1.2億; in English 8k / 50k / 1.2M.
func axisYen(lang string, v int64) string {
	if lang == langEN {
		switch {
		case v >= 1_000_000:
			return trimDecimal(float64(v)/1e6) + "M"
		case v >= 1_000:
			return trimDecimal(float64(v)/1e3) + "k"
		}
		return groupThousands(v)
	}
	switch {
	case v >= 100_000_000:
		return trimDecimal(float64(v)/1e8) + "億"
	case v >= 10_000:
		return trimDecimal(float64(v)/1e4) + "万"
	}
	return groupThousands(v)
}

// compactYen is a bar's tag: 8,500円 / 12.3万円 / 1,234万円 / 1.2億円.
func compactYen(v int64) string {
	switch {
	case v >= 100_000_000:
		return trimDecimal(math.Round(float64(v)/1e7)/10) + "億円"
	case v >= 10_000_000:
		return groupThousands(int64(math.Round(float64(v)/1e4))) + "万円"
	case v >= 10_000:
		return trimDecimal(math.Round(float64(v)/1e3)/10) + "万円"
	}
	return groupThousands(v) + "円"
}

func trimDecimal(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
