package pricing

import (
	"sync"

	"github.com/oroshi-jp/oroshi"
)

// priceCache keeps PriceCart's results per buyer, price version and day.
// Every shop page with prices (listing, product, cart, checkout, order)
// prices its lines; the rows behind a price change only when the tenant's
// price version moves on (triggers, migration 00029), and the version is
// read before the rows, so a result filed under a version is never older
// than it. A new version or day makes new keys; old ones age out.
//
// Results are shared between callers and must not be changed (their
// Explanation slices above all).
type priceCache struct {
	mu    sync.Mutex
	m     map[priceKey]map[Line]Result
	order []priceKey // insertion order, for eviction
	lines int        // in all sets
}

type priceKey struct {
	t       oroshi.TenantID
	buyer   oroshi.ID
	version int64
	date    Date
}

// Bounds: lines kept in all (a line is ~150 bytes: PriceCart's results
// carry no Explanation), and per buyer's set (a buyer paging through a
// whole catalogue stops filling its set; it does not push the others out).
const (
	priceCacheLines    = 100_000
	priceCacheSetLines = 2_000
)

// lookup fills out[i] for the lines it holds and returns the indexes of
// the others.
func (c *priceCache) lookup(k priceKey, lines []Line, out []Result) []int {
	c.mu.Lock()
	defer c.mu.Unlock()
	set := c.m[k]
	var missing []int
	for i, l := range lines {
		r, ok := set[l]
		if !ok {
			missing = append(missing, i)
			continue
		}
		out[i] = r
	}
	return missing
}

// store keeps the results of lines at the indexes given.
func (c *priceCache) store(k priceKey, lines []Line, res []Result, indexes []int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[priceKey]map[Line]Result{}
	}
	set, ok := c.m[k]
	if !ok {
		set = make(map[Line]Result, len(indexes))
		c.m[k] = set
		c.order = append(c.order, k)
	}
	for _, i := range indexes {
		if len(set) >= priceCacheSetLines {
			break
		}
		if _, had := set[lines[i]]; !had {
			c.lines++
		}
		set[lines[i]] = res[i]
	}
	for c.lines > priceCacheLines && len(c.order) > 1 {
		c.lines -= len(c.m[c.order[0]])
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
}
