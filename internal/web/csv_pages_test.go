package web

import (
	"bytes"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// The CSV pages, for TestPagesRender.
func init() {
	pageViews["admin/csv/index"] = struct {
		data  any
		areas []string
	}{csvIndexView{Kinds: csvKinds(), Problems: []string{"行1 「取引先名」: '𠮷' (U+20BB7) は Shift_JIS で表現できません"}}, []string{"admin"}}
	pageViews["admin/csv/import"] = struct {
		data  any
		areas []string
	}{csvImportView{}, []string{"admin"}}
	pageViews["admin/csv/show"] = struct {
		data  any
		areas []string
	}{csvShowView{}, []string{"admin"}}
}

// TestCSVShowRefreshes: a running import's page refreshes itself (a meta
// refresh, which the CSP allows: it is not script) and shows a progress
// bar; a finished one does neither.
func TestCSVShowRefreshes(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	render := func(im dataio.Import) string {
		v := csvShowView{csvImportRow: csvImportRows([]dataio.Import{im})[0], Running: !im.Finished()}
		p := &Page{Lang: langJA, Title: "CSV取り込みの結果", Area: "admin", Base: "/sakura/admin", Data: v,
			Tenant: &tenancy.Tenant{Slug: "sakura", Name: "さくら食品"},
			User:   &identity.User{Realm: identity.RealmAdmin, Role: identity.RoleStaff, Name: "桜井"}}
		var buf bytes.Buffer
		if err := pages.execute(&buf, "admin/csv/show", p); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	running := render(dataio.Import{Kind: dataio.KindBuyers, Status: dataio.StatusRunning, TotalRows: 10000, DoneRows: 4000})
	head := running[:strings.Index(running, "</head>")]
	for _, want := range []string{`<meta http-equiv="refresh" content="2">`} {
		if !strings.Contains(head, want) {
			t.Errorf("running page head lacks %s", want)
		}
	}
	if !strings.Contains(running, `<progress value="4000" max="10000">`) {
		t.Errorf("running page has no progress bar:\n%s", running)
	}
	done := render(dataio.Import{Kind: dataio.KindBuyers, Status: dataio.StatusFailed, TotalRows: 3})
	if strings.Contains(done, "refresh") || strings.Contains(done, "<progress") {
		t.Error("a finished import's page still refreshes")
	}
}
