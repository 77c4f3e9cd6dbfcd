package web

// englishBillingMore: the credit note pages (list filters, detail, the
// shop's own), payment methods and the closing runs' history.
var englishBillingMore = map[string]string{
	"この請求書は入金済みです（請求残高 0円）。":          "This invoice is paid in full (balance ¥0).",
	"過入金（前受金）を登録する":                   "Record an overpayment (advance)",
	"請求書PDFを作成しています。数秒後にこの画面に表示されます。": "The invoice PDF is being made; it will appear on this page in a few seconds.",
	"対象の請求書":  "Invoice corrected",
	"返還先":     "Credited to",
	"指定なし":    "None",
	"返還額":     "Amount credited",
	"ご返還金額":   "Amount credited to you",
	"PDFを再発行": "Issue the PDF again",
	"PDFを発行":  "Issue the PDF",
	"返還請求書PDFはまだ発行されていません。": "No credit note PDF has been issued yet.",
	"返還日（から）": "Credit date from",
	"返還日（まで）": "Credit date to",
	"返品・値引きでご返還した金額の返還請求書です。ご請求残高から差し引かれています。": "Credit notes for returns and discounts; they are taken off what you owe.",
	"返還請求書はありません。": "No credit notes.",
	"締め処理の履歴":      "Closing runs",
	"新しい順・最新50件":   "Newest first, last 50",
	"締め対象":         "Scope",
	"進捗":           "Progress",
	"実行者":          "Requested by",
	"終了日時":         "Finished",
	"全取引先":         "All buyers",
	"締め処理の履歴はまだありません。":              "No closing runs yet.",
	"入金方法は振込・現金・手形・相殺・その他から選んでください": "Payment method: choose bank transfer, cash, promissory note, offset or other",
	"締め処理のジョブが応答しなくなったため、処理を中止しました。締めた取引先はそのままです。もう一度実行してください": "The closing job stopped responding, so the run was ended. Buyers already closed stay closed. Please run it again.",
}
