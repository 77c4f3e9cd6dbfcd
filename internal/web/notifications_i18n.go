package web

// englishNotifications holds the English texts of the notices pages.
var englishNotifications = map[string]string{
	"通知":       "Notifications",
	"未読":       "unread",
	"未読のみ":     "Unread only",
	"すべて":      "All",
	"すべて既読にする": "Mark all as read",
	"すべての通知を既読にしました。": "All notifications are marked as read.",
	"通知はありません。":       "No notifications.",
	"未読の通知はありません。":    "No unread notifications.",
	"さらに古い通知を見る":      "Older notifications",
	"注文の受付・承認・出荷などをお知らせします。通知を開くと既読になります。":       "Orders received, approved, shipped and so on. Opening a notification marks it as read.",
	"新しい注文や取引先によるキャンセルなどをお知らせします。通知を開くと既読になります。": "New orders, cancellations by buyers and so on. Opening a notification marks it as read.",
	"件の未読":   " unread",
	"受付":     "Received",
	"承認":     "Approved",
	"承認取消":   "Approval cancelled",
	"出荷":     "Shipped",
	"キャンセル":  "Cancelled",
	"社内承認依頼": "Approval requested",
	"社内承認":   "Approved internally",
	"社内否認":   "Rejected internally",
	"請求済":    "Invoiced",
	"完了":     "Completed",
}

// englishOrderExport holds the texts of the order CSV downloads
// (shop_orders_export.go and its forms on the CSV and order pages).
var englishOrderExport = map[string]string{
	"注文データ":     "Orders",
	"注文":        "Orders",
	"注文明細":      "Order lines",
	"CSVダウンロード": "Download CSV",
	"状態と注文日の絞り込みが反映されます。":                                          "The status and date filters apply.",
	"注文1件につき1行。税率ごとの消費税と合計を含みます。":                                  "One row per order, with tax per rate and totals.",
	"注文明細1行につき1行。注文番号と取引先を各行に含みます。":                                "One row per order line, each with its order number and buyer.",
	"出力するデータを選んでください":                                              "Choose what to download.",
	"文字コードを選んでください":                                                "Choose an encoding.",
	"ダウンロードの条件が正しくありません。期間と状態を確かめてください。":                           "The download's conditions are not valid. Check the dates and the status.",
	"Shift_JIS で表現できない文字があるため、ダウンロードを中止しました。UTF-8（BOM付き）を選んでください。": "The download was stopped: some text cannot be written in Shift_JIS. Choose UTF-8 (with BOM).",
	"期間（開始日）の日付が正しくありません":                                          "The start date is not valid.",
	"期間（終了日）の日付が正しくありません":                                          "The end date is not valid.",
	"期間の終了日は開始日以降の日付にしてください":                                       "The end date must not be before the start date.",
	"社内承認待ちの注文は出力できません":                                            "Orders waiting for the buyer's approval cannot be exported.",
	"状態の指定が正しくありません":                                               "The status is not valid.",
}
