package web

import (
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// englishAdminOrders holds the English texts of the seller's order pages
// (受注), proxy orders and sales settings, with the sales service's labels
// and messages those pages show; the refusals of the lifecycle are made
// from its status and action labels (adminOrderTransitions).
var englishAdminOrders = mergeCatalogues(englishAdminOrderTexts, englishSalesLabels, adminOrderTransitions())

var englishAdminOrderTexts = map[string]string{
	// navigation, headings and steps
	"受注":       "Orders",
	"受注一覧":     "Orders",
	"受注詳細":     "Order",
	"代理注文":     "Proxy order",
	"代理注文の確認":  "Review proxy order",
	"代理注文を入力":  "Enter a proxy order",
	"取引先を選ぶ":   "Choose the buyer",
	"明細を入力":    "Enter lines",
	"内容を確認":    "Review",
	"出荷登録":     "Record shipment",
	"一括承認の結果":  "Bulk approval",
	"注文情報":     "Order details",
	"履歴":       "History",
	"金額":       "Amount",
	"明細":       "Lines",
	"販売設定":     "Sales settings",
	"消費税の端数処理": "Consumption tax rounding",
	"端数処理":     "Rounding",
	"注文の設定":    "Ordering settings",
	"購買担当者の発注上限額（税込）":        "Purchasers' order limits (tax included)",
	"消費税の端数処理など、注文に関する設定です。": "Settings about orders, such as how consumption tax is rounded.",
	"販売設定を開く":                "Open sales settings",

	// list
	"注文番号":         "Order number",
	"取引先コード":       "Buyer code",
	"受注日（から）":      "Ordered from",
	"受注日（まで）":      "Ordered until",
	"商品（品番・商品名）":   "Product (code or name)",
	"発注番号":         "PO number",
	"前方一致":         "Starts with",
	"条件をクリア":       "Clear filters",
	"選択":           "Select",
	"受注日時":         "Ordered at",
	"合計（税込）":       "Total (tax incl.)",
	"代理":           "Proxy",
	"担当者が代理入力した注文": "Entered by staff for the buyer",
	"条件に合う注文はありません。":             "No orders match.",
	"注文はまだありません。":                "No orders yet.",
	"選択した注文を承認":                  "Approve selected orders",
	"選択した注文を承認します":               "Approve the selected orders",
	"受付の注文だけ選べます。":               "Only received orders can be selected.",
	"承認":                         "Approved",
	"承認しました":                     "Approved",
	"承認できなかった注文":                 "Not approved",
	"新しい順":                       "Newest first",
	"最新へ":                        "Newest",
	"次へ（古い注文）":                   "Next (older)",
	"承認する注文を選んでください。":            "Choose the orders to approve.",
	"一度に承認できるのは200件までです。":        "Up to 200 orders can be approved at once.",
	"日付は「2026-04-01」の形で入力してください": "Enter dates like 2026-04-01",

	// detail
	"代理入力":         "Entered by staff",
	"この注文をキャンセルする": "Cancel this order",
	"キャンセル理由":      "Reason for cancelling",
	"キャンセルすると引当済みの在庫は戻ります。取り消すことはできません。": "Cancelling gives the reserved stock back. It cannot be undone.",
	"この注文をキャンセルします。元に戻せません":              "Cancel this order? This cannot be undone",
	"キャンセルする": "Cancel order",
	"この注文は取引先の社内承認待ちです。承認されると受付になります。": "This order waits for the buyer's internal approval; once approved it is received.",
	"この注文はキャンセルされました。":                 "This order was cancelled.",
	"注文者":          "Ordered by",
	"（担当者による代理入力）": "(entered by staff)",
	"希望納品日":        "Requested delivery date",
	"指定なし":         "None",
	"備考":           "Note",
	"価格の根拠":        "Price basis",
	"税率":           "Tax rate",
	"出荷済":          "Shipped",
	"軽減税率対象":       "Reduced rate",
	"小計":           "Subtotal",
	"消費税":          "Consumption tax",
	"対象":           " items",
	"消費税は税率ごとの合計に対して計算しています。": "Consumption tax is computed once per rate on the rate's total.",
	"※は軽減税率（8%）対象":            "※ marks reduced-rate (8%) items",
	"送り状番号":                   "Tracking number",
	"まだ出荷していません。":             "Nothing shipped yet.",
	"（自動承認）":                  "(automatic approval)",
	"履歴はありません。":               "No history.",
	"システム（自動）":                "System (automatic)",
	"承認する":                    "Approve",
	"承認を取り消す":                 "Cancel approval",
	"この注文の承認を取り消し、受付に戻します":    "Cancel the approval and return this order to received",
	"請求済にする":                  "Mark invoiced",
	"この注文を請求済にします":            "Mark this order invoiced",
	"完了にする":                   "Complete",
	"この注文を完了にします":             "Complete this order",
	"注文を承認しました。":              "The order was approved.",
	"承認を取り消しました。":             "The approval was cancelled.",
	"注文を請求済にしました。":            "The order was marked invoiced.",
	"注文を完了にしました。":             "The order was completed.",
	"注文をキャンセルしました。":           "The order was cancelled.",
	"他の担当者がこの注文を先に変更しました。最新の内容を確認してください。": "Someone else changed this order meanwhile. Check the latest state.",
	"出荷数量が残数を超えています。最新の内容を確認してください。":      "The quantity exceeds what is left to ship. Check the latest state.",
	"注文が見つかりません。": "Order not found.",

	// shipment
	"注文数":      "Ordered",
	"残数":       "Left",
	"今回出荷する数量": "Ship now",
	"出荷できる明細はありません。": "No lines left to ship.",
	"一部だけ出荷する場合は数量を変更してください。0の明細は今回は出荷しません。": "For a partial shipment change the quantities; lines at 0 do not ship now.",
	"出荷日":        "Shipping date",
	"運送会社":       "Carrier",
	"ヤマト運輸 など":   "e.g. Yamato Transport",
	"出荷を登録する":    "Record shipment",
	"出荷を登録しました。": "The shipment was recorded.",
	"出荷日は「2026-04-01」の形で入力してください": "Enter the shipping date like 2026-04-01",
	"数量は0以上の整数で入力してください":          "Enter a whole number of 0 or more",

	// proxy order
	"電話やFAXで受けた注文を、取引先に代わって入力します。取引先の価格で計算され、代理入力として記録されます。": "Enter an order taken by phone or fax for the buyer. It is priced at the buyer's prices and recorded as entered by staff.",
	"取引先を検索":          "Search buyers",
	"取引先コード・会社名・フリガナ": "Code, company name or kana",
	"この取引先で入力":        "Order for this buyer",
	"該当する取引先はありません（取引停止中の取引先は表示されません）。": "No buyers match (suspended buyers are not shown).",
	"取引先を変更": "Change buyer",
	"この取引先には納品先が登録されていません。": "This buyer has no ship-to address.",
	"納品先を登録する":              "Add a ship-to",
	"最短":                    "Earliest",
	"まとめて貼り付け":              "Paste lines",
	"1行に「品番 数量」を入力（Excelからの貼り付け可）": "One \"code quantity\" per line (you can paste from Excel)",
	"上の行と貼り付けた行の両方が注文に入ります。":       "Both the rows above and the pasted lines are ordered.",
	"内容を確認する": "Review",
	"やめる":     "Cancel",
	"注文できない明細があります。「修正する」で明細を直してください。": "Some lines cannot be ordered. Use Edit to correct them.",
	"取引先の本日の価格で計算しています。":               "Priced at the buyer's prices of today.",
	"注文を確定する":                       "Place order",
	"修正する":                          "Edit",
	"代理注文を登録しました。":                  "The proxy order was placed.",
	"数量は1以上の整数で入力してください":            "Enter a whole number of 1 or more",
	"希望納品日は「2026-04-01」の形で入力してください": "Enter the date like 2026-04-01",

	// buyer page: ordering settings and limits
	"自動承認（この取引先の注文を受付と同時に承認する）":           "Automatic approval (approve this buyer's orders as they arrive)",
	"社内承認（購買担当者の注文が上限額を超えたら取引先管理者の承認を待つ）": "Internal approval (a purchaser's order above the limit waits for the buyer's admin)",
	"担当承認者": "Assigned approver",
	"指定しない": "Nobody",
	"自動承認":  "Automatic approval",
	"する":    "On",
	"しない":   "Off",
	"発注上限額": "Order limit",
	"空欄または0は上限なし。社内承認が「する」のとき、上限額を超える注文は取引先管理者の承認待ちになります。": "Empty or 0 means no limit. With internal approval on, orders above the limit wait for the buyer's admin.",
	"この取引先に購買担当者のユーザーはいません。":                               "This buyer has no purchasers.",
	"取引先の注文設定を保存しました。":                                     "The buyer's ordering settings were saved.",
	"発注上限額を保存しました。":                                        "The order limit was saved.",

	// sales settings
	"消費税は注文ごとに税率（10%・8%）別の合計額に対して一度だけ計算し、1円未満をこの方法で処理します。変更はこれから受ける注文に適用され、確定済みの注文は変わりません。": "Consumption tax is computed once per rate (10%, 8%) on each order's total at that rate, and fractions of a yen are rounded this way. A change applies to new orders; placed orders keep theirs.",
	"販売設定を保存しました。": "The sales settings were saved.",
}

// englishSalesLabels are the sales service's labels and the messages of
// its refusals that these pages show.
var englishSalesLabels = map[string]string{
	"社内承認待ち": "Awaiting buyer approval",
	"受付":     "Received",
	"一部出荷":   "Partly shipped",
	"請求済":    "Invoiced",
	"完了":     "Completed",
	"承認取消":   "Approval cancelled",
	"すべて":    "All",

	"キャンセル理由を500文字以内で入力してください":       "Enter a reason for cancelling (up to 500 characters)",
	"出荷日が正しくありません":                   "The shipping date is not valid",
	"運送会社は50文字以内で入力してください":           "Carrier: up to 50 characters",
	"送り状番号は100文字以内で入力してください":         "Tracking number: up to 100 characters",
	"明細が見つかりません":                     "Line not found",
	"数量は0以上で入力してください":                "Enter 0 or more",
	"出荷する数量を入力してください":                "Enter the quantities to ship",
	"発注番号は50文字以内で入力してください":           "PO number: up to 50 characters",
	"備考は1000文字以内で入力してください":           "Note: up to 1,000 characters",
	"納品先を選んでください":                    "Choose a ship-to",
	"希望納品日が正しくありません":                 "The requested delivery date is not valid",
	"希望納品日は1年以内の日付を指定してください":         "The requested delivery date must be within a year",
	"明細を1行以上入力してください":                "Enter at least one line",
	"この取引先は取引停止中のため注文できません":          "This buyer is suspended and cannot order",
	"納品先が見つかりません。登録済みの納品先から選んでください":  "Ship-to not found. Choose a registered one",
	"この商品は注文できません（販売終了・非公開または品番の誤り）": "This product cannot be ordered (discontinued, hidden or a wrong code)",
	"数量を1以上で入力してください":                "Enter a quantity of 1 or more",
	"在庫がありません":                       "Out of stock",
	"金額が上限を超えています":                   "The amount exceeds the maximum",
	sales.MsgIdemMismatch:            "An order with the same key but other content was already sent. Open the page again",
	"承認担当者は有効な担当者アカウントから選んでください":     "Choose the approver among active staff accounts",
	"発注上限額は0円以上（0は上限なし）で入力してください":    "Enter an order limit of 0 yen or more (0: no limit)",
	"消費税の端数処理を選んでください":               "Choose how consumption tax is rounded",
	"日付が正しくありません":                    "The date is not valid",
	"検索語は100文字以内で入力してください":           "Search terms: up to 100 characters",
}

// adminOrderTransitions are the English texts of sales.TransitionError
// for every status and action: "「受付」の注文は「出荷」できません".
func adminOrderTransitions() map[string]string {
	out := map[string]string{}
	for _, st := range sales.Statuses {
		for _, a := range sales.Actions {
			ja := (&sales.TransitionError{From: st, Action: a}).Message()
			out[ja] = "An order that is " + englishOr(st.Label()) + " cannot be " + actionEnglish[a]
		}
	}
	return out
}

var actionEnglish = map[sales.Action]string{
	sales.ActionApprove: "approved", sales.ActionCancelApproval: "returned from approval",
	sales.ActionShip: "shipped", sales.ActionInvoice: "marked invoiced", sales.ActionComplete: "completed",
	sales.ActionCancel: "cancelled", sales.ActionBuyerApprove: "approved by the buyer",
	sales.ActionBuyerReject: "rejected by the buyer",
}

// englishOr is the English of a sales label in this file, else the label.
func englishOr(ja string) string {
	if en, ok := englishSalesLabels[ja]; ok {
		return en
	}
	if en, ok := englishAdminOrderTexts[ja]; ok {
		return en
	}
	return ja
}
