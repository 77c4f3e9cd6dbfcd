package web

import (
	"container/list"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// The shop's listing cache. A listing page (a category, every product,
// or the results of a search) shows the same products, in the same words,
// to every buyer of one audience (catalog.Audience) at one catalogue
// version. Only two things on it are not the audience's: the prices (each
// buyer's own) and the session's CSRF token. So the page's content is
// rendered once per listingKey with a marker where each price and token
// goes, cut at the markers and kept (listingEntry); each request prices its
// buyer's SKUs as before and fills them in with its token. Stock labels are
// the catalogue version's: stock moves with every order, but the version
// moves only when a SKU's label changes (catalog.StockClassOf, migration
// 00031), so a page kept under a version shows its labels. The layout around
// the content (header, cart, notices) is rendered for every request.
// Searches are keyed by their URL like the rest: the words people search
// for repeat, and a rare one only takes its share of the LRU.
//
// Rendering the content is most of a listing's cost (the template walks
// ~1,000 values); see docs/performance.md.

// defaultListingCacheBytes bounds the cache (a page's content is 20–60 KB).
const defaultListingCacheBytes = 16 << 20

// listingKey is what a cached listing's content depends on besides
// prices and the token.
type listingKey struct {
	tenant   oroshi.TenantID
	version  int64  // catalogue version
	audience string // catalog.Audience.Key
	lang     string
	order    bool   // the user may order: the add-to-cart forms show
	base     string // the shop's URL prefix (the tenant's slug)
	uri      string // path and query: pages, cursors and the forms' way back
}

// listingEntry is a listing's content cut at its holes: hole i sits
// between parts[i] and parts[i+1].
type listingEntry struct {
	parts []string
	holes []listingHole
	lines []pricing.Line // the SKUs priced: a price hole's index
	size  int
}

// listingHole is one place to fill: the CSRF token, or the price of
// lines[line].
type listingHole struct {
	csrf bool
	line int
}

// listingCache keeps entries by key, the least recently used dropped
// first once their sizes add up to more than max bytes.
type listingCache struct {
	max    int
	marker string // random per process: no product text can contain it

	mu   sync.Mutex
	size int
	m    map[listingKey]*list.Element
	lru  list.List // of *listingItem, most recently used first
}

type listingItem struct {
	key   listingKey
	entry *listingEntry
}

// newListingCache makes a cache of max bytes; max < 0 turns it off (nil).
func newListingCache(max int) *listingCache {
	if max < 0 {
		return nil
	}
	if max == 0 {
		max = defaultListingCacheBytes
	}
	b := make([]byte, 10)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return &listingCache{max: max, marker: "zq" + hex.EncodeToString(b), m: map[listingKey]*list.Element{}}
}

func (c *listingCache) get(k listingKey) (*listingEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.m[k]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(el)
	return el.Value.(*listingItem).entry, true
}

func (c *listingCache) put(k listingKey, e *listingEntry) {
	if e.size > c.max/8 {
		return // one huge page must not empty the cache
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.m[k]; ok {
		c.size -= el.Value.(*listingItem).entry.size
		c.lru.Remove(el)
	}
	c.m[k] = c.lru.PushFront(&listingItem{k, e})
	c.size += e.size
	for c.size > c.max {
		old := c.lru.Back()
		it := old.Value.(*listingItem)
		c.lru.Remove(old)
		delete(c.m, it.key)
		c.size -= it.entry.size
	}
}

// csrfMarker and priceMarker stand in for the values while the content is
// rendered for the cache: letters and digits only, which every HTML
// context prints unchanged.
func (c *listingCache) csrfMarker() string { return c.marker + "c" }

func (c *listingCache) priceMarker(line int) string {
	return c.marker + "p" + strconv.Itoa(line) + "q"
}

// cut splits rendered content at the markers; ok is false when a marker
// is malformed (never, unless a template changes how a value is printed).
func (c *listingCache) cut(content string, lines []pricing.Line) (*listingEntry, bool) {
	e := &listingEntry{lines: lines, size: len(content)}
	for {
		i := strings.Index(content, c.marker)
		if i < 0 {
			e.parts = append(e.parts, content)
			return e, true
		}
		e.parts = append(e.parts, content[:i])
		rest := content[i+len(c.marker):]
		switch {
		case strings.HasPrefix(rest, "c"):
			e.holes, content = append(e.holes, listingHole{csrf: true}), rest[1:]
		case strings.HasPrefix(rest, "p"):
			end := strings.IndexByte(rest, 'q')
			n, err := strconv.Atoi(rest[1:max(end, 1)])
			if end < 0 || err != nil || n < 0 || n >= len(lines) {
				return nil, false
			}
			e.holes, content = append(e.holes, listingHole{line: n}), rest[end+1:]
		default:
			return nil, false
		}
	}
}

// fill writes the content with token and prices (by SKU) in the holes;
// ok is false when a value would need escaping (it is then rendered
// without the cache, so the page is always what the template prints).
func (e *listingEntry) fill(token string, prices map[oroshi.ID]oroshi.Yen) (string, bool) {
	if !plainHTML(token) {
		return "", false
	}
	var b strings.Builder
	b.Grow(e.size + 64*len(e.holes))
	for i, h := range e.holes {
		b.WriteString(e.parts[i])
		v := token
		if !h.csrf {
			v = yenText(prices[e.lines[h.line].SKU])
			if !plainHTML(v) {
				return "", false
			}
		}
		b.WriteString(v)
	}
	b.WriteString(e.parts[len(e.parts)-1])
	return b.String(), true
}

// plainHTML: s has none of the characters html/template escapes in text
// and quoted attributes, so it prints as itself.
func plainHTML(s string) bool {
	return !strings.ContainsAny(s, "\x00\"&'+<>")
}
