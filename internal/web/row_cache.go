package web

import (
	"bytes"
	"fmt"
	"html/template"
	"sync"
)

// The rows of the order lists, kept rendered. A list row is a pure
// function of a small comparable value (orderRow, shopOrderRow: the cells
// already formatted, the language and what the user may do), and the same
// rows come back on every view of a list: the newest orders, seen by
// every member of the staff and by each buyer again and again. Rendering
// 50 rows walks some 650 template actions, each escaped through reflection
// (more than half of an order list's cost), so a row is rendered once per
// value and the page prints the kept HTML. The value is the whole key:
// a row whose order, buyer name, status or language changed is a new value
// and is rendered anew; nothing needs invalidating. See "Order lists" in
// docs/performance.md.

// defaultRowCacheRows bounds each generation of a rowCache: two
// generations of 4,000 rows of about 1 KB (HTML and key) is 8 MB at most.
const defaultRowCacheRows = 4000

// rowCache keeps rendered rows by value in two generations: when the
// current one is full it becomes the old one (the previous old one is
// dropped), and a row found in the old one is moved back into the current
// one. Rows in use stay; rows nobody shows go within two generations.
type rowCache[K comparable] struct {
	max int

	mu       sync.Mutex
	cur, old map[K]template.HTML
}

func newRowCache[K comparable](max int) *rowCache[K] {
	return &rowCache[K]{max: max, cur: make(map[K]template.HTML)}
}

func (c *rowCache[K]) get(k K) (template.HTML, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h, ok := c.cur[k]; ok {
		return h, true
	}
	h, ok := c.old[k]
	if ok {
		c.putLocked(k, h)
	}
	return h, ok
}

func (c *rowCache[K]) put(k K, h template.HTML) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(k, h)
}

func (c *rowCache[K]) putLocked(k K, h template.HTML) {
	if len(c.cur) >= c.max {
		c.old, c.cur = c.cur, make(map[K]template.HTML, c.max)
	}
	c.cur[k] = h
}

// render returns the HTML of each row: kept, or rendered with template
// part of page (in lang) and kept. The template's output is html/template's
// own, escaped for where the row is printed: in the page's HTML text, as
// an element of a table body.
func (c *rowCache[K]) render(pages pageSet, lang, page, part string, rows []K) ([]template.HTML, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	t, ok := pages.lookup(lang, page)
	if !ok {
		return nil, fmt.Errorf("no template %q", page)
	}
	out := make([]template.HTML, len(rows))
	var buf bytes.Buffer
	for i, r := range rows {
		if h, ok := c.get(r); ok {
			out[i] = h
			continue
		}
		buf.Reset()
		if err := t.ExecuteTemplate(&buf, part, r); err != nil {
			return nil, fmt.Errorf("render %s %s: %w", page, part, err)
		}
		h := template.HTML(buf.String()) //nolint:gosec // html/template's own escaped output
		c.put(r, h)
		out[i] = h
	}
	return out, nil
}
