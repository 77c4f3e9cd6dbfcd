package web

import (
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"strings"
	"sync"

	"github.com/oroshi-jp/oroshi/internal/identity"
)

// navCache keeps the layout's main navigation (the "nav" template) per
// language, area, realm and role: it is the same on every page of those,
// but for the area's base URL, which is filled in per page. The template
// walks some thirty permission tests and links per page; a kept nav is one
// string replacement. The keys are few (languages × areas × roles), so
// nothing is ever dropped.
type navCache struct {
	marker string // stands in for the base while rendering: random per process

	mu sync.Mutex
	m  map[navKey][]string // the nav cut at the base marker
}

type navKey struct {
	lang, area string
	realm      identity.Realm
	role       string
}

func newNavCache() *navCache {
	b := make([]byte, 10)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return &navCache{marker: "zq" + hex.EncodeToString(b) + "base", m: map[navKey][]string{}}
}

// nav returns p's navigation, rendering it once per key with pages; ok is
// false when it cannot be kept (a base that would print escaped), and the
// layout then renders it itself.
func (c *navCache) nav(pages pageSet, name string, p *Page) (template.HTML, bool) {
	if p.User == nil || !plainURLPath(p.Base) {
		return "", false
	}
	k := navKey{lang: p.Lang, area: p.Area, realm: p.User.Realm, role: p.User.Role}
	c.mu.Lock()
	parts, ok := c.m[k]
	c.mu.Unlock()
	if !ok {
		q := *p
		q.Base = c.marker
		var b strings.Builder
		if err := pages.executePart(&b, name, "nav", &q); err != nil {
			return "", false
		}
		parts = strings.Split(b.String(), c.marker)
		c.mu.Lock()
		c.m[k] = parts
		c.mu.Unlock()
	}
	return template.HTML(strings.Join(parts, p.Base)), true
}

// plainURLPath: s prints unchanged as (the start of) a URL in an
// attribute, as the areas' bases ("/ops", "/marukawa/admin") do.
func plainURLPath(s string) bool {
	for _, r := range s {
		ok := r == '/' || r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !ok {
			return false
		}
	}
	return true
}
