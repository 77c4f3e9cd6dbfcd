package web

import (
	"net/url"

	"github.com/oroshi-jp/oroshi/internal/documents"
)

// The document pages, for TestPagesRender: with rows and errors, so that
// the loops and branches of the templates are rendered too.
func init() {
	l := documents.DefaultLayout("さくら食品株式会社")
	l.Version, l.Logo.Data = 3, []byte{1}
	links := []docLink{{ID: "5", Kind: "納品書", Number: "O-2026-000001-1", Buyer: "株式会社まるやま商店", Date: "2026/05/14", Issued: "2026/05/14 10:00",
		Total: "1,234円", URL: "/x", Version: 2, Superseded: true}}
	list := documentListView{Documents: links, Kinds: kindOptions(documents.KindQuote),
		Buyers: []buyerOption{{Value: "3", Label: "B001 まるやま", Selected: true}}, Form: url.Values{"from": {"2026-05-01"}},
		Next: "/n", First: "/f", Retention: 7}
	settings := documentSettingsView{Layout: l, HasLogo: true, HasSeal: true,
		Greetings: []greetingField{{Name: "greeting_quote", Label: "見積書", Value: "下記の通り"}},
		Displays:  []buyerOption{{Value: "exclusive", Label: documents.TaxExclusive.Label(), Selected: true}},
		Retention: []buyerOption{{Value: "7", Label: "7年", Selected: true}}}
	for name, v := range map[string]struct {
		data  any
		areas []string
	}{
		"admin/documents/index":    {list, []string{"admin"}},
		"admin/documents/refused":  {documentRefusalView{Message: "帳票設定が保存されていません。帳票設定で会社名などを保存してから発行してください", Back: "/b", Settings: "/s"}, []string{"admin"}},
		"admin/settings/documents": {settings, []string{"admin"}},
		"shop/documents/index":     {documentListView{Documents: links, Kinds: kindOptions(""), Shop: true}, []string{"shop"}},
	} {
		pageViews[name] = v
	}
}
