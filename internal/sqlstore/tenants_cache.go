package sqlstore

import (
	"sync"
	"time"

	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// tenantTTL is how long a tenant read by its slug is reused. Every page
// starts by reading its tenant (PageTenant), a transaction of its own on
// PostgreSQL; the row changes a few times in a contract's life. A change
// made through this store is seen at once (the cache is emptied in the
// changing method); one made by another instance or the CLI within
// tenantTTL. The status is settled against the store's clock at each use,
// so a contract's end takes effect on time.
const tenantTTL = 2 * time.Second

type tenantCache struct {
	mu     sync.Mutex
	bySlug map[string]cachedTenant
}

type cachedTenant struct {
	t       tenancy.Tenant // settled when read; settled again at each use
	expires time.Time      // wall clock with its monotonic reading
}

func (c *tenantCache) get(slug string) (tenancy.Tenant, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.bySlug[slug]
	if !ok || time.Now().After(e.expires) {
		return tenancy.Tenant{}, false
	}
	return e.t, true
}

func (c *tenantCache) put(t tenancy.Tenant) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bySlug == nil || len(c.bySlug) > 10000 { // bounded: slugs come from URLs
		c.bySlug = map[string]cachedTenant{}
	}
	c.bySlug[t.Slug] = cachedTenant{t: t, expires: time.Now().Add(tenantTTL)}
}

// forget empties the cache; called by every method that changes a tenant.
func (c *tenantCache) forget() {
	c.mu.Lock()
	clear(c.bySlug)
	c.mu.Unlock()
}
