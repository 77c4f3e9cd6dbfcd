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

// keptValues keeps values by key in two generations: when the current one
// is full it becomes the old one (the previous old one is dropped), and a
// value found in the old one is moved back into the current one. Values
// in use stay; values nobody asks for go within two generations.
type keptValues[K comparable, V any] struct {
	max int

	mu       sync.Mutex
	cur, old map[K]V
}

func newKeptValues[K comparable, V any](max int) *keptValues[K, V] {
	return &keptValues[K, V]{max: max, cur: make(map[K]V)}
}

func (c *keptValues[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.cur[k]; ok {
		return v, true
	}
	v, ok := c.old[k]
	if ok {
		c.putLocked(k, v)
	}
	return v, ok
}

func (c *keptValues[K, V]) put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(k, v)
}

func (c *keptValues[K, V]) putLocked(k K, v V) {
	if len(c.cur) >= c.max {
		c.old, c.cur = c.cur, make(map[K]V, c.max)
	}
	c.cur[k] = v
}

// rowCache keeps rendered rows by value (keptValues).
type rowCache[K comparable] struct {
	*keptValues[K, template.HTML]
}

func newRowCache[K comparable](max int) *rowCache[K] {
	return &rowCache[K]{newKeptValues[K, template.HTML](max)}
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
