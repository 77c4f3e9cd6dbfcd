package web

// The quote pages' views, for TestPagesRender: filled enough that every
// branch that shows lines, versions and the accept form is rendered.
func init() {
	lines := []quoteLineView{{No: 1, Code: "KB-001", Name: "本枯れ鰹節", Variant: "1kg", Unit: "袋", Quantity: "12",
		UnitPrice: 3000, Amount: 36000, Reduced: true}}
	totals := shopTotals{ByRate: []shopRateTotal{{Rate: 8, Subtotal: 36000, Tax: 2880, Reduced: true}},
		Subtotal: 36000, Tax: 2880, Total: 38880, Reduced: true}
	old := quoteVersionView{Version: 1, Label: "第1版", Issued: true, Superseded: true, URL: "/q?v=1", Lines: lines, Totals: totals}
	cur := quoteVersionView{Version: 2, Label: "第2版", Issued: true, Current: true, URL: "/q?v=2", ValidUntil: "2026年5月31日",
		IssuedAt: "2026/05/13 10:00", Notes: "納期は受注後3営業日", Lines: lines, Totals: totals}
	draft := quoteVersionView{Version: 3, Label: "第3版", Draft: true, URL: "/q?v=3", Lines: lines, Totals: totals}
	status := quoteStatusView{Label: "発行済", Class: "quote-issued"}
	rows := []quoteRow{{URL: "/q", Number: "Q-2026-000001", BuyerName: "株式会社まるやま商店", Status: status,
		Version: 2, VersionLabel: "第2版", ValidUntil: "2026年5月31日", Total: 38880, UpdatedAt: "2026/05/13 10:00"}}
	admin := quoteShowView{Number: "Q-2026-000001", Status: status, Requested: true, RequestNote: "至急",
		Versions: []quoteVersionView{old, cur, draft}, EditURL: "/e", CanIssue: true, CanRevise: true, CanWithdraw: true,
		Alert: "見積が他の操作で変更されました。画面を開き直してください", Events: []quoteEventView{{At: "2026/05/13 10:00", Label: "発行"}}}
	admin.Shown = &admin.Versions[0]
	form := quoteFormView{Number: "Q-2026-000001", VersionLabel: "第3版", RequestNote: "至急", Totals: &totals,
		Rows: []quoteEditRow{{No: 1, Code: "KB-001", Quantity: "12", Errors: []string{"最小発注数量は4です"}}, {No: 2}}}
	shop := shopQuoteView{Number: "Q-2026-000001", Status: status, Versions: []quoteVersionView{old, cur}, Latest: true,
		Acceptable: true, CanOrder: true, Version: 2, AcceptURL: "/a", LineErrors: []string{"在庫がありません"},
		Accept: &shopCheckoutView{ShipTos: []shopShipTo{{ID: "1", Label: "本店", Selected: true}}, Key: "web-x"}}
	shop.Shown = &shop.Versions[1]
	for name, v := range map[string]struct {
		data any
		area string
	}{
		"admin/quotes/index": {quoteListView{Rows: rows, Tabs: quoteTabs("/sakura/admin", ""), Next: "/n", Filtered: true}, "admin"},
		"admin/quotes/form":  {form, "admin"},
		"admin/quotes/show":  {admin, "admin"},
		"shop/quotes/index":  {shopQuotesView{Rows: rows, Next: "/n"}, "shop"},
		"shop/quotes/show":   {shop, "shop"},
	} {
		e := pageViews[name]
		e.data, e.areas = v.data, []string{v.area}
		pageViews[name] = e
	}
}
