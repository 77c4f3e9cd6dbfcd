package web

// englishBackups holds the English texts of /ops/backups.
var englishBackups = map[string]string{
	"バックアップ":   "Backups",
	"設定":       "Settings",
	"自動バックアップ": "Automatic backup",
	"毎日":       "Daily at",
	"（日本時間）":   "(JST)",
	"停止中（暗号化先が未設定）": "Off (no encryption recipient configured)",
	"保持する世代数":       "Generations kept",
	"保存先":           "Directory",
	"今すぐバックアップ":     "Back up now",
	"実行履歴":          "Runs",
	"開始":            "Started",
	"終了":            "Ended",
	"ファイル":          "File",
	"サイズ":           "Size",
	"成功":            "Succeeded",
	"失敗":            "Failed",
	"実行中":           "Running",
	"バックアップはまだありません。":                                         "No backups yet.",
	"OROSHI_BACKUP_RECIPIENT に age の公開鍵を設定すると、バックアップを作成できます。": "Set OROSHI_BACKUP_RECIPIENT to an age public key to make backups.",
	"バックアップの暗号化先（OROSHI_BACKUP_RECIPIENT）が設定されていません。":         "No backup encryption recipient (OROSHI_BACKUP_RECIPIENT) is configured.",
	"バックアップを開始しました。完了すると一覧に表示されます。":                           "The backup has started; it appears in the list when done.",
}
