package web

import (
	"bytes"
	"html/template"
	"slices"
	"strings"
	"testing"
	"text/template/parse"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// TestFramedPageSameBytes renders pages with their frame kept and compares
// them, byte for byte, with the layout rendering everything itself: every
// hot page in both languages, and the layout's every variant — no user,
// no session, no tenant, banners, a flash, the notice badge at 0, 7 and
// 100, two-factor set or not, text and a URL that must be escaped, content
// rendered beforehand — one after the other through one cache, so that a
// frame kept for one page must never be printed for another.
func TestFramedPageSameBytes(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{pages: pages, frames: newFrameCache(defaultFrameCacheFrames)}
	type variant struct {
		name string
		page string
		p    func() *Page
	}
	var vs []variant
	for _, lang := range pageLanguages {
		for _, h := range hotPages() {
			vs = append(vs, variant{h.key() + " " + lang, h.name, func() *Page { return benchPage(h, lang) }})
		}
	}
	shop := func(lang string, change func(p *Page)) func() *Page {
		return func() *Page {
			p := benchPage(hotPages()[0], lang)
			change(p)
			return p
		}
	}
	odd := `<b>"山田" & 'co'</b>`
	for _, lang := range pageLanguages {
		for _, c := range []struct {
			name   string
			change func(p *Page)
		}{
			{"no user", func(p *Page) { p.User = nil }},
			{"no session", func(p *Page) { p.NoSession = true }},
			{"no tenant", func(p *Page) { p.Tenant = nil }},
			{"banners", func(p *Page) { p.Banners = []string{"12/1 2:00–4:00 メンテナンス", odd} }},
			{"flash", func(p *Page) { p.Flash = "保存しました" }},
			{"no notices", func(p *Page) { p.Unread = 0 }},
			{"7 notices", func(p *Page) { p.Unread = 7 }},
			{"100 notices", func(p *Page) { p.Unread = 100 }},
			{"empty cart", func(p *Page) { p.CartCount = 0 }},
			{"escaped", func(p *Page) {
				p.Title, p.Tenant = odd, &tenancy.Tenant{ID: 8, Slug: "x", Name: odd}
				u := *p.User
				u.Name, p.User = odd, &u
				p.CSRF, p.Path = `a"b<c>&d`, `/sakura/products?q=<"だし">&x=1%2F#frag`
			}},
			{"viewer", func(p *Page) {
				u := *p.User
				u.Role, p.User = identity.RoleBuyerView, &u
			}},
			{"content kept", func(p *Page) { p.Content = template.HTML("<p>kept &amp; printed</p>") }},
			{"navigation kept", func(p *Page) { p.Nav = template.HTML(`<nav class="main"><a href="/sakura/">ホーム</a></nav>`) }},
			{"navigation kept, no session", func(p *Page) { p.Nav, p.NoSession = template.HTML("<nav>x</nav>"), true }},
		} {
			vs = append(vs, variant{"shop " + c.name + " " + lang, "shop/catalog/index", shop(lang, c.change)})
		}
		vs = append(vs, variant{"admin without 2FA " + lang, "admin/orders/show", func() *Page {
			p := benchPage(hotPages()[4], lang)
			u := *p.User
			u.TOTPEnabled, p.User = false, &u
			return p
		}})
	}
	for round := range 2 { // the first renders and keeps each frame, the second prints it
		for _, v := range vs {
			want, err := executePage(pages, v.page, v.p())
			if err != nil {
				t.Fatalf("%s: %v", v.name, err)
			}
			got, err := s.executeFramed(v.page, v.p())
			if err != nil {
				t.Fatalf("%s: %v", v.name, err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				i := 0
				for i < min(got.Len(), want.Len()) && got.Bytes()[i] == want.Bytes()[i] {
					i++
				}
				t.Errorf("round %d, %s: differs at byte %d:\n got …%s\nwant …%s", round, v.name, i,
					got.Bytes()[max(0, i-80):min(got.Len(), i+80)], want.Bytes()[max(0, i-80):min(want.Len(), i+80)])
			}
			releaseBuffer(got)
			releaseBuffer(want)
		}
	}
}

// frameReads is what frameKey holds of a Page: the fields, methods and
// field chains the frame's parts may read.
var frameReads = []string{".Area", ".Banners", ".Base", ".CSRF", ".Can", ".CartCount", ".Flash", ".Lang",
	".NoSession", ".T", ".Tenant", ".Tenant.Name", ".Title", ".Unread", ".User", ".User.Name",
	".User.TOTPEnabled", ".Version"}

// TestFrameKeyCoversLayout reads the frame's parts as parsed and fails when
// one reads what frameKey does not hold (a frame would then be printed for
// a page it does not fit), or calls another template (which could read
// anything). .Can is covered by the user's realm and role; .T by the
// language; "." inside {{with .Banners}} by the banners.
func TestFrameKeyCoversLayout(t *testing.T) {
	pages, err := parseTemplates("") // the .T calls as written
	if err != nil {
		t.Fatal(err)
	}
	layout := pages["errors/error"]
	for _, part := range frameParts {
		tp := layout.Lookup(part)
		if tp == nil || tp.Tree == nil {
			t.Fatalf("no template %q", part)
		}
		var reads []string
		var walk func(n parse.Node)
		walk = func(n parse.Node) {
			switch n := n.(type) {
			case *parse.ListNode:
				if n != nil {
					for _, c := range n.Nodes {
						walk(c)
					}
				}
			case *parse.ActionNode:
				walk(n.Pipe)
			case *parse.PipeNode:
				if n != nil {
					for _, c := range n.Cmds {
						walk(c)
					}
				}
			case *parse.CommandNode:
				for _, a := range n.Args {
					walk(a)
				}
			case *parse.FieldNode:
				reads = append(reads, "."+strings.Join(n.Ident, "."))
			case *parse.ChainNode:
				t.Errorf("%s: a chain %s: list what it reads", part, n)
			case *parse.VariableNode:
				t.Errorf("%s: a variable %s: list what it reads", part, n)
			case *parse.IfNode:
				walk(n.Pipe)
				walk(n.List)
				walk(n.ElseList)
			case *parse.WithNode:
				walk(n.Pipe)
				walk(n.List)
				walk(n.ElseList)
			case *parse.RangeNode:
				walk(n.Pipe)
				walk(n.List)
				walk(n.ElseList)
			case *parse.TemplateNode:
				t.Errorf("%s calls template %q: the frame would depend on what it reads", part, n.Name)
			}
		}
		walk(tp.Tree.Root)
		for _, r := range reads {
			if !slices.Contains(frameReads, r) {
				t.Errorf("%s reads %s, which frameKey does not hold: add it to frameKey, frameKeyOf and frameReads", part, r)
			}
		}
	}
	// The holes render fills itself: the language link is kept by
	// language and URL, so it must read nothing else; the navigation's
	// part is written out in Go, so it must stay what writeFramed mirrors.
	if got := layout.Lookup("layout-lang").Tree.Root.String(); strings.Count(got, "{{") != 5 ||
		strings.Count(got, ".LangURL") != 2 || strings.Count(got, ".Lang ") != 1 {
		t.Errorf("layout-lang reads more than the language and the URL (writeLangLink keeps it by those): %s", got)
	}
	const nav = `{{if and .User (not .NoSession)}}{{if .Nav}}{{.Nav}}{{else}}{{template "nav" .}}{{end}}{{end}}`
	if got := layout.Lookup("layout-nav").Tree.Root.String(); got != nav {
		t.Errorf("layout-nav is\n%s\nbut writeFramed writes out\n%s", got, nav)
	}
	// layout.html itself must be the parts and nothing else: render
	// prints no text of its own.
	for _, n := range layout.Lookup("layout.html").Tree.Root.Nodes {
		if n.Type() == parse.NodeText {
			t.Errorf("layout.html prints text outside its parts: %q", n)
		}
	}
}
