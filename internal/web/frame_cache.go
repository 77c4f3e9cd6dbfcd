package web

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"sync"
	"text/template/parse"
)

// The layout's frame, kept rendered. Every page is printed inside the
// layout (templates/layout.html): the head, the header with the tenant,
// the user, the cart and notice counts, the sign-out form, the footer.
// Walking it costs some 40 template actions, each escaped through
// reflection — a fifth of a catalogue page served from the listing cache.
// Yet the frame is the same on every page a user sees until a count, the
// title or a flash changes: it is a pure function of a small comparable
// value (frameKey), like an order-list row (row_cache.go), and nothing
// needs invalidating — a change is another value. What differs per page
// is cut out of the frame and printed per request: the page's head block,
// the navigation (kept apart: nav_cache.go), the language link (the
// page's own URL) and the content.

// defaultFrameCacheFrames bounds each generation: two of 4,000 frames of
// about 1.5 KB is 12 MB at most.
const defaultFrameCacheFrames = 4000

// frameKey is everything the frame's parts (layout-a, -b, -c, -d, -e)
// read of a Page. TestFrameKeyCoversLayout fails when the layout comes to
// read something else.
type frameKey struct {
	lang, title, version string
	area, base           string
	tenant               bool
	tenantName           string
	user                 bool // signed in, and the page has a session
	noSession            bool
	userName             string
	realm, role          string
	totp                 bool
	csrf, flash          string
	cartCount, unread    int
	banners              string // joined with "\x00"
}

func frameKeyOf(p *Page) frameKey {
	k := frameKey{lang: p.Lang, title: p.Title, version: p.Version, area: p.Area, base: p.Base,
		noSession: p.NoSession, csrf: p.CSRF, flash: p.Flash, cartCount: p.CartCount, unread: p.Unread,
		banners: strings.Join(p.Banners, "\x00")}
	if p.Tenant != nil {
		k.tenant, k.tenantName = true, p.Tenant.Name
	}
	if p.User != nil {
		k.user, k.userName, k.totp = true, p.User.Name, p.User.TOTPEnabled
		k.realm, k.role = string(p.User.Realm), p.User.Role
	}
	return k
}

// frameParts names the kept parts, in the layout's order.
var frameParts = [...]string{"layout-a", "layout-b", "layout-c", "layout-d", "layout-e"}

// frame is the layout's parts rendered for one frameKey, as frameParts.
type frame [len(frameParts)]string

// frameCache keeps frames by key, and with them the holes that repeat:
// each page's head block when it is plain text (most are a stylesheet
// link), and the language link of each (language, URL).
type frameCache struct {
	*keptValues[frameKey, frame]
	langLinks *keptValues[[2]string, string]

	mu    sync.Mutex
	heads map[[2]string]headBlock // by language and page
}

// headBlock is a page's head block: its HTML when it is plain text.
type headBlock struct {
	html   string
	static bool
}

func newFrameCache(max int) *frameCache {
	return &frameCache{keptValues: newKeptValues[frameKey, frame](max),
		langLinks: newKeptValues[[2]string, string](max), heads: map[[2]string]headBlock{}}
}

// frame returns p's frame: kept, or rendered with page name's layout and
// kept.
func (c *frameCache) frame(pages pageSet, name string, p *Page) (frame, error) {
	k := frameKeyOf(p)
	if f, ok := c.get(k); ok {
		return f, nil
	}
	var f frame
	var buf bytes.Buffer
	for i, part := range frameParts {
		buf.Reset()
		if err := pages.executePart(&buf, name, part, p); err != nil {
			return frame{}, fmt.Errorf("render %s %s: %w", name, part, err)
		}
		f[i] = buf.String()
	}
	c.put(k, f)
	return f, nil
}

// executeFramed renders page name as executePage does, its frame kept:
// the same bytes (TestFramedPageSameBytes).
func (s *Server) executeFramed(name string, p *Page) (*bytes.Buffer, error) {
	f, err := s.frames.frame(s.pages, name, p)
	if err != nil {
		return nil, err
	}
	buf := bufferPool.Get().(*bytes.Buffer)
	buf.Reset()
	if err := s.frames.writeFramed(buf, s.pages, f, name, p); err != nil {
		releaseBuffer(buf)
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf, nil
}

// writeFramed joins f with the parts of the page rendered now, as
// layout.html does.
func (c *frameCache) writeFramed(w *bytes.Buffer, pages pageSet, f frame, name string, p *Page) error {
	w.WriteString(f[0])
	if err := c.writeHead(w, pages, name, p); err != nil {
		return err
	}
	w.WriteString(f[1])
	// layout-nav, written out (TestFrameKeyCoversLayout holds it to the
	// template): {{if and .User (not .NoSession)}}{{if .Nav}}{{.Nav}}{{else}}{{template "nav" .}}{{end}}{{end}}
	if p.User != nil && !p.NoSession {
		if p.Nav != "" {
			w.WriteString(string(p.Nav))
		} else if err := pages.executePart(w, name, "layout-nav", p); err != nil {
			return err
		}
	}
	w.WriteString(f[2])
	if err := c.writeLangLink(w, pages, name, p); err != nil {
		return err
	}
	w.WriteString(f[3])
	// The content: already rendered (the listing cache), printed as
	// html/template prints a template.HTML; or the page's template.
	if p.Content != "" {
		w.WriteString(string(p.Content))
	} else if err := pages.executePart(w, name, "content", p); err != nil {
		return err
	}
	w.WriteString(f[4])
	return nil
}

// writeHead prints page name's head block: kept when it is plain text (it
// reads nothing), rendered otherwise.
func (c *frameCache) writeHead(w *bytes.Buffer, pages pageSet, name string, p *Page) error {
	k := [2]string{p.Lang, name}
	c.mu.Lock()
	h, ok := c.heads[k]
	c.mu.Unlock()
	if ok && h.static {
		w.WriteString(h.html)
		return nil
	}
	start := w.Len()
	if err := pages.executePart(w, name, "head", p); err != nil {
		return err
	}
	if !ok {
		t, _ := pages.lookup(p.Lang, name)
		h = headBlock{html: string(w.Bytes()[start:]), static: plainText(t.Lookup("head"))}
		c.mu.Lock()
		c.heads[k] = h
		c.mu.Unlock()
	}
	return nil
}

// plainText says whether t prints only its own text.
func plainText(t *template.Template) bool {
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return false
	}
	for _, n := range t.Tree.Root.Nodes {
		if n.Type() != parse.NodeText {
			return false
		}
	}
	return true
}

// writeLangLink prints the link to the page in the other language (the
// layout-lang part), kept by language and URL.
func (c *frameCache) writeLangLink(w *bytes.Buffer, pages pageSet, name string, p *Page) error {
	k := [2]string{p.Lang, p.Path}
	if h, ok := c.langLinks.get(k); ok {
		w.WriteString(h)
		return nil
	}
	start := w.Len()
	if err := pages.executePart(w, name, "layout-lang", p); err != nil {
		return err
	}
	c.langLinks.put(k, string(w.Bytes()[start:]))
	return nil
}
