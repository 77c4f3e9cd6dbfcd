package web

import (
	"encoding/json"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi/internal/audit"
)

// The history pages' views, for TestPagesRender: every branch filled (a
// linked and an unlinked target, changes and plain values, a broken check).
func init() {
	entries := []audit.Entry{
		{Event: audit.Event{ID: 11, Seq: 2, At: time.Date(2026, 11, 26, 5, 3, 0, 0, time.UTC), ActorRealm: audit.RealmShop,
			ActorID: 7, Action: "注文（作成）", TargetType: "order", TargetID: "123", ClientAddr: "192.0.2.1"}, ActorName: "山田 太郎"},
		{Event: audit.Event{ID: 12, Seq: 1, ActorRealm: audit.RealmSystem, Action: "契約者（作成）", TargetType: "odd"}},
	}
	rows := historyRows(entries, "/sakura/admin", "/sakura/admin/history", false)
	list := historyListView{Path: "/sakura/admin/history", Rows: rows, Next: "/n", Actions: []string{"注文（作成）"},
		Users: []historyOption{{Value: "7", Label: "山田 太郎"}}, TargetTypes: historyTargetTypes(), Filtered: true,
		Form: historyForm{Actor: "7", Action: "注文（作成）", From: "2026-11-01", To: "2026-11-30"}}
	show := historyShowView{Row: rows[0], Back: "/b", Hash: "abcdef…", Sealed: true,
		Changes: []historyChange{{Field: "name", Before: "旧", After: "新"}}, Values: []historyChange{{Field: "kind", After: "orders"}}}
	for name, data := range map[string]any{"history/index": list, "history/show": show} {
		e := pageViews[name]
		e.data, e.areas = data, []string{"admin", "shop"}
		pageViews[name] = e
	}
}

func TestHistoryRowsAndDetail(t *testing.T) {
	e := audit.Entry{Event: audit.Event{ID: 5, At: time.Date(2026, 11, 26, 5, 3, 0, 0, time.UTC), ActorRealm: audit.RealmAPI,
		ActorID: 9, TargetType: "quote", TargetID: "77"}}
	admin := historyRows([]audit.Entry{e}, "/s/admin", "/s/admin/history", false)[0]
	shop := historyRows([]audit.Entry{e}, "/s", "/s/company/history", true)[0]
	want := historyRow{ID: "5", URL: "/s/admin/history/5", At: "2026.11.26 14:03", Realm: "API", ActorID: "9",
		ActorURL: "/s/admin/history?actor=9", TargetType: "見積", TargetID: "77", TargetURL: "/s/admin/quotes/77", RawTargetType: "quote"}
	if diff := cmp.Diff(want, admin); diff != "" {
		t.Errorf("admin row (-want +got):\n%s", diff)
	}
	if shop.TargetURL != "/s/quotes/77" {
		t.Errorf("shop link = %q", shop.TargetURL)
	}
	if _, link := historyTarget("user", "1", "/s/admin", false); link != "" {
		t.Errorf("user target linked to %q", link)
	}
	var d map[string]any
	raw := `{"name":{"before":"旧","after":"新"},"limit":{"before":null,"after":12345678901234567890},` +
		`"breaks":{"before":[{"min":1,"price":100}],"after":[]},"kind":"orders","flag":{"before":true,"after":""}}`
	if err := json.Unmarshal([]byte(raw), &d); err != nil {
		t.Fatal(err)
	}
	d["limit"].(map[string]any)["after"] = json.Number("12345678901234567890")
	changes, values := historyDetail(d)
	wantChanges := []historyChange{
		{Field: "breaks", Before: "[\n  {\n    \"min\": 1,\n    \"price\": 100\n  }\n]", After: "[]"},
		{Field: "flag", Before: "true", After: "（空）"},
		{Field: "limit", Before: "—", After: "12345678901234567890"},
		{Field: "name", Before: "旧", After: "新"},
	}
	if diff := cmp.Diff(wantChanges, changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]historyChange{{Field: "kind", After: "orders"}}, values); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
}

func TestHistoryFormParse(t *testing.T) {
	cases := []struct {
		name, query string
		errs        []string
		from, to    string // UTC, RFC 3339
	}{
		{"JST day", "from=2026-11-26&to=2026-11-26", nil, "2026-11-25T15:00:00Z", "2026-11-26T15:00:00Z"},
		{"ID box wins", "actor=1&actor_id=2", nil, "", ""},
		{"bad", "actor=x&from=26/11&before=zz", []string{"actor", "before", "from"}, "", ""},
		{"reversed", "from=2026-11-27&to=2026-11-26", []string{"to"}, "2026-11-26T15:00:00Z", "2026-11-26T15:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, _ := url.ParseQuery(c.query)
			f, errs := readHistoryForm(q).parse(q)
			var keys []string
			for k := range errs {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if diff := cmp.Diff(c.errs, keys); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if c.from != "" && (f.From.UTC().Format(time.RFC3339) != c.from || f.To.UTC().Format(time.RFC3339) != c.to) {
				t.Errorf("range %v … %v, want %s … %s", f.From, f.To, c.from, c.to)
			}
			if c.name == "ID box wins" && f.ActorID != 2 {
				t.Errorf("actor = %v, want 2", f.ActorID)
			}
		})
	}
}
