package web

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// tCallRE finds texts passed to .T (or $.T) as literals in templates.
var tCallRE = regexp.MustCompile(`\.T\s+"((?:[^"\\]|\\.)*)"`)

// TestTemplateTextsHaveEnglish: every literal text a template translates
// has an English entry.
func TestTemplateTextsHaveEnglish(t *testing.T) {
	seen := 0
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, p)
		if err != nil {
			return err
		}
		for _, m := range tCallRE.FindAllStringSubmatch(string(b), -1) {
			seen++
			if _, ok := english[m[1]]; !ok {
				t.Errorf("%s: %q has no English entry", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 50 {
		t.Errorf("found only %d translated texts: is the pattern still right?", seen)
	}
}

// goTextRE finds texts the Go code hands to pages to be translated: page
// titles, flash messages (dropped when unknown: see takeFlash) and the
// headings and messages of error pages.
var goTextRE = []*regexp.Regexp{
	regexp.MustCompile(`setFlash\(w, "([^"]+)"\)`),
	regexp.MustCompile(`Title: "([^"]+)"`),
	regexp.MustCompile(`errorView\{"([^"]+)", "([^"]+)"\}`),
}

func TestCodeTextsHaveEnglish(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, re := range goTextRE {
			for _, m := range re.FindAllStringSubmatch(string(src), -1) {
				for _, text := range m[1:] {
					seen++
					if _, ok := english[text]; !ok {
						t.Errorf("%s: %q has no English entry", name, text)
					}
				}
			}
		}
	}
	if seen < 20 {
		t.Errorf("found only %d texts in the Go code: is the pattern still right?", seen)
	}
	var labels []string
	for _, realm := range []identity.Realm{identity.RealmOps, identity.RealmAdmin, identity.RealmShop} {
		for _, role := range identity.RolesOf(realm) {
			labels = append(labels, identity.RoleLabel(role))
		}
	}
	for _, st := range []string{notify.StatusPending, notify.StatusSent, notify.StatusHeld, notify.StatusFailed} {
		labels = append(labels, mailStatusLabel(st))
	}
	for _, l := range labels {
		if _, ok := english[l]; !ok || l == "" {
			t.Errorf("label %q has no English entry", l)
		}
	}
}

// pageViews is the zero value of each page's view and the areas the page is
// shown in. A new template must be added here.
var pageViews = map[string]struct {
	data  any
	areas []string
}{
	"landing":           {nil, []string{""}},
	"errors/error":      {errorView{}, []string{"", "ops", "admin", "shop"}},
	"auth/login":        {loginView{}, []string{"ops", "admin", "shop"}},
	"auth/forgot":       {nil, []string{"ops", "admin", "shop"}},
	"auth/mfa":          {nil, []string{"ops", "admin", "shop"}},
	"auth/mfa_setup":    {mfaSetupView{}, []string{"ops", "admin", "shop"}},
	"auth/set_password": {linkView{}, []string{"ops", "admin", "shop"}},
	"auth/link_invalid": {nil, []string{"ops", "admin", "shop"}},
	"ops/home":          {opsHomeView{}, []string{"ops"}},
	"ops/mail":          {mailView{}, []string{"ops"}},
	"admin/home":        {adminHomeView{}, []string{"admin"}},
	"admin/users":       {usersView{}, []string{"admin"}},
	"admin/settings":    {nil, []string{"admin"}},
	"shop/home":         {shopHomeView{}, []string{"shop"}},
}

// TestPagesRender renders every page with a zero-value view, for an
// anonymous visitor and a signed-in user, in both languages, and checks
// that the texts translated at start-up (render_pages.go) read as .T
// would have translated them.
func TestPagesRender(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	plain, err := parseTemplates("") // with the .T calls as written
	if err != nil {
		t.Fatal(err)
	}
	names := pages.names()
	for _, name := range names {
		if _, ok := pageViews[name]; !ok {
			t.Errorf("template %q has no entry in pageViews", name)
		}
	}
	for name := range pageViews {
		if !slices.Contains(names, name) {
			t.Errorf("pageViews names %q, which is not a template", name)
		}
	}
	tenant := &tenancy.Tenant{ID: 7, Slug: "sakura", Name: "さくら食品株式会社", Status: tenancy.StatusActive}
	users := map[string]*identity.User{
		"":      {ID: 1, Realm: identity.RealmAdmin, Role: identity.RoleOwner, Name: "桜井 一郎"},
		"ops":   {ID: 1, Realm: identity.RealmOps, Role: identity.RoleOperator, Name: "運営 管理者"},
		"admin": {ID: 1, Realm: identity.RealmAdmin, Role: identity.RoleOwner, Name: "桜井 一郎"},
		"shop":  {ID: 1, Realm: identity.RealmShop, Role: identity.RoleBuyerAdmin, Name: "山田 太郎"},
	}
	bases := map[string]string{"": "", "ops": "/ops", "admin": "/sakura/admin", "shop": "/sakura"}
	for _, name := range names {
		v := pageViews[name]
		for _, area := range v.areas {
			for _, signedIn := range []bool{false, true} {
				for _, lang := range []string{langJA, langEN} {
					p := &Page{Lang: lang, Title: "ログイン", Area: area, Base: bases[area], CSRF: "token", Path: "/x"}
					p.Data = rowsFor(v.data, lang, p.CSRF)
					if area == "admin" || area == "shop" {
						p.Tenant = tenant
					}
					if signedIn {
						p.User = users[area]
					}
					var buf, want bytes.Buffer
					if err := pages.execute(&buf, name, p); err != nil {
						t.Errorf("%s (area %q, signed in %v, %s): %v", name, area, signedIn, lang, err)
						continue
					}
					if err := plain[name].ExecuteTemplate(&want, "layout.html", p); err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(buf.Bytes(), want.Bytes()) {
						t.Errorf("%s (area %q, signed in %v, %s): the texts translated at start-up render otherwise than .T", name, area, signedIn, lang)
					}
					if want := `<html lang="` + lang + `">`; !strings.Contains(buf.String(), want) {
						t.Errorf("%s (%s): no %s", name, lang, want)
					}
				}
			}
		}
	}
}
