package web

import "time"

// The notices pages' views for TestPagesRender (pageViews is declared in
// templates_test.go), with an unread and a read notice and a next page.
func init() {
	at := time.Date(2026, 5, 13, 1, 0, 0, 0, time.UTC)
	v := notificationView{Unread: 1, OlderURL: "/sakura/notifications?before=9", Items: []notificationRow{
		{ID: 12, Title: "ご注文を承りました（注文番号 O-2026-000001）", Body: "合計 11,621円", Kind: "受付",
			Class: "event-created", CreatedAt: at, Unread: true},
		{ID: 11, Title: "商品を出荷しました", Body: "ヤマト運輸 1234-5678-9012", Kind: "出荷",
			Class: "event-shipped", CreatedAt: at.Add(-time.Hour)}}}
	for name, area := range map[string]string{"shop/notifications/index": "shop", "admin/notifications/index": "admin"} {
		e := pageViews[name]
		e.data, e.areas = v, []string{area}
		pageViews[name] = e
	}
}
