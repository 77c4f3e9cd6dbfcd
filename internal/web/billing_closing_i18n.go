package web

// englishClosingRun holds the English texts of a queued closing run's
// page (締め処理の進捗と結果).
var englishClosingRun = map[string]string{
	"締め処理をしています。このページは自動で更新されます。": "Closing in progress. This page refreshes by itself.",
	"締め処理を実行できませんでした。":            "The closing could not be run.",
	"締め処理に戻る":        "Back to closing",
	"この日が締め日の取引先すべて": "Every buyer whose closing day it is",
	"失敗": "Failed",
}
