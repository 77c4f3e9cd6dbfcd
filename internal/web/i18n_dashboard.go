package web

// englishDashboard is the English catalogue of the seller dashboard (the
// admin home's sales figures and charts).
var englishDashboard = map[string]string{
	"売上と承認待ち":         "Sales and orders waiting",
	"本日の売上":           "Sales today",
	"今月の売上":           "Sales this month",
	"承認待ちの注文（受付）":     "Orders to approve (received)",
	"取引先の社内承認待ち":      "Waiting for the buyer's own approval",
	"日別売上（直近30日）":     "Daily sales (last 30 days)",
	"月別売上（直近12か月）":    "Monthly sales (last 12 months)",
	"件以上":             "+ items",
	"合計":              "Total",
	"古い順":             "oldest first",
	"承認待ちの注文をすべて見る":   "All orders to approve",
	"今月の売上上位の商品":      "Top products this month",
	"今月の売上上位の取引先":     "Top buyers this month",
	"今月の売上はまだありません。":  "No sales this month yet.",
	"売上（税抜）":          "Sales (excl. tax)",
	"売掛金残高":           "Outstanding balances",
	"期日超過":            "overdue",
	"残高":              "Balance",
	"未回収の残高はありません。":   "Nothing outstanding.",
	"この期間の売上はまだありません": "No sales in this period yet",
	"（円）":             "(¥)",
	"年|暦":             "",
	"：合計":             ": total",
	"、最高":             ", highest",
	"売上は、キャンセルと取引先の社内承認待ちを除く注文の税抜小計を、注文日（日本時間）で集計しています。棒にポインターを合わせると金額と件数が表示されます。": "Sales are the tax-exclusive subtotals of orders, except cancelled ones and those waiting for the buyer's own approval, by order date in Japan time. Point at a bar to see its amount and number of orders.",
}
