package catalog

import (
	"sync"

	"github.com/oroshi-jp/oroshi"
)

// treeCacheSize bounds the buyers' category counts kept (each a few
// hundred bytes to a few KiB); the oldest go first.
const treeCacheSize = 4096

// treeCache keeps what a buyer's category tree is made of — the tenant's
// categories and the counts of products the buyer may see in each — by
// catalogue version. Counting a large catalogue for every page is the
// costliest query of the shop (tens of milliseconds at 100,000 SKUs);
// the version is one indexed row. A change to the catalogue moves the
// version on in its own transaction, so every instance sees the new
// version at its next page and builds the tree again; old entries are
// never asked for again and age out.
//
// The slices and maps handed out are shared between requests and must not
// be changed: Tree copies the categories into fresh nodes, and PruneTree
// only reads the counts.
type treeCache struct {
	mu     sync.Mutex
	cats   map[catsKey][]Category
	counts map[countsKey]map[oroshi.ID]int
	order  []countsKey // insertion order of counts, for eviction
	// latest is each tenant's categories at the newest version asked for
	// without a buyer (CategoryTree): one entry per tenant.
	latest map[oroshi.TenantID]catsEntry
}

type catsEntry struct {
	version int64
	cats    []Category
}

// categories returns tenant t's categories at version, if kept.
func (c *treeCache) categories(t oroshi.TenantID, version int64) ([]Category, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.latest[t]; ok && e.version == version {
		return e.cats, true
	}
	cats, ok := c.cats[catsKey{t, version}]
	return cats, ok
}

// putCategories keeps tenant t's categories at version, replacing an
// older version's.
func (c *treeCache) putCategories(t oroshi.TenantID, version int64, cats []Category) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.latest == nil {
		c.latest = map[oroshi.TenantID]catsEntry{}
	}
	if e, ok := c.latest[t]; !ok || e.version <= version {
		c.latest[t] = catsEntry{version, cats}
	}
}

type catsKey struct {
	t       oroshi.TenantID
	version int64
}

type countsKey struct {
	catsKey
	v Viewer
}

func (c *treeCache) get(t oroshi.TenantID, version int64, v Viewer) ([]Category, map[oroshi.ID]int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ck := catsKey{t, version}
	cats, ok := c.cats[ck]
	if !ok {
		return nil, nil, false
	}
	counts, ok := c.counts[countsKey{ck, v}]
	return cats, counts, ok
}

func (c *treeCache) put(t oroshi.TenantID, version int64, v Viewer, cats []Category, counts map[oroshi.ID]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cats == nil {
		c.cats, c.counts = map[catsKey][]Category{}, map[countsKey]map[oroshi.ID]int{}
	}
	ck := catsKey{t, version}
	c.cats[ck] = cats
	k := countsKey{ck, v}
	if _, ok := c.counts[k]; !ok {
		c.order = append(c.order, k)
	}
	c.counts[k] = counts
	for len(c.order) > treeCacheSize {
		old := c.order[0]
		c.order = c.order[1:]
		delete(c.counts, old)
		c.dropCatsIfUnused(old.catsKey)
	}
}

// dropCatsIfUnused forgets a version's categories once no counts of that
// version are left (a linear scan, only when an entry is evicted).
func (c *treeCache) dropCatsIfUnused(ck catsKey) {
	for _, k := range c.order {
		if k.catsKey == ck {
			return
		}
	}
	delete(c.cats, ck)
}
