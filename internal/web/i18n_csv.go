package web

// englishCSV holds the English texts of the CSV import and export pages.
// Problems found in a file (行3 「締め日」: …) come from the import itself
// and are shown as written.
var englishCSV = map[string]string{
	// navigation and titles
	"CSV":          "CSV",
	"CSV入出力":       "CSV import and export",
	"CSV取り込み":      "CSV import",
	"CSV取り込みの結果":   "CSV import result",
	"CSVを取り込む":     "Import a CSV file",
	"CSV入出力に戻る":    "Back to CSV import and export",
	"データ":          "Data",
	"データの種類":       "Kind of data",
	"内容":           "Contents",
	"ダウンロード":       "Download",
	"文字コード":        "Encoding",
	"UTF-8（BOM付き）": "UTF-8 (with BOM)",
	"自動判定":         "Detect automatically",
	"ほかにもあります。":    "There are more.",

	// kinds
	"取引先1社につき1行。取引条件と独自項目も含みます。":                                                                  "One row per buyer, with terms of trade and custom fields.",
	"納品先1件につき1行。取り込むと、ファイルにある取引先の納品先はファイルの内容に置き換わります。":                                            "One row per ship-to address. On import, the ship-tos of each buyer in the file are replaced by the file's.",
	"固定価格の価格表の単価。数量別単価1件につき1行です。":                                                                 "Unit prices of fixed price lists, one row per quantity break.",
	"品番（SKU）1件につき1行。同じ親品番の行が1つの商品です。在庫数は出力のみで、取り込みでは変更されません。ファイルにない品番は削除されません。":                   "One row per SKU; rows with the same parent SKU code are one product. Stock is exported for reading only and never changed by an import. SKUs missing from the file are not deleted.",
	"取引先ごとの個別単価。数量別単価1件につき1行です。":                                                                  "Prices agreed with single buyers, one row per quantity break.",
	"Excel で開くには UTF-8（BOM付き）がおすすめです。Shift_JIS で表現できない文字（𠮷 や絵文字など）があるときは、ダウンロードの前にその行と列をお知らせします。": "UTF-8 with a BOM opens best in Excel. If some text cannot be written in Shift_JIS (such as 𠮷 or emoji), you are told its row and column before the download starts.",
	"Shift_JIS で表現できない文字があるため、ダウンロードを中止しました。UTF-8（BOM付き）を選ぶか、次の箇所を直してください。":                       "The download was stopped: some text cannot be written in Shift_JIS. Choose UTF-8 (with BOM), or correct the places below.",

	// imports list
	"最近の取り込み":       "Recent imports",
	"取り込みはまだありません。": "No imports yet.",
	"ファイル":          "File",
	"処理":            "Action",
	"行数":            "Rows",
	"確認のみ":          "Check only",
	"取り込み":          "Import",
	"待機中":           "Waiting",
	"処理中":           "Processing",
	"確認済み（エラーなし）":   "Checked, no problems",
	"取り込み完了":        "Imported",
	"エラー（取り込んでいません）": "Problems found (nothing imported)",

	// upload form
	"CSV 形式、最大":   "CSV, up to",
	"確認のみ（ドライラン）": "Check only (dry run)",
	"取り込む":        "Import",
	"確認のみでは、すべての行を検査してエラーを表示し、何も変更しません。取り込む場合も、エラーが1件でもあれば何も変更しません。": "Check only inspects every row and lists the problems without changing anything. An import, too, changes nothing if a single row has a problem.",
	"列の名前": "Column names",
	"1行目に見出し（列名）が必要です。ダウンロードしたファイルの見出しのまま、Excel で編集して取り込めます。取引先と納品先では、ファイルにない列の値は変わりません。": "The first row must hold the column names. A downloaded file can be edited in Excel and imported as it is. For buyers and ship-tos, columns left out of the file keep their values.",
	"太字":     "Bold",
	"は必須の列、": " columns are required; ",
	"灰色":     "grey",
	"は確認用の列（取り込みでは使いません）です。":                  " columns are for reading only (an import ignores them).",
	"文字コードを選択してください":                          "Choose an encoding",
	"取り込むデータの種類を選択してください":                     "Choose the kind of data to import",
	"CSV ファイルを選択してください":                       "Choose a CSV file",
	"ファイルが大きすぎます（最大 20 MB）。ファイルを分けて取り込んでください": "The file is too large (at most 20 MB). Split it and import the parts.",

	// result page
	"受付日時": "Received",
	"処理しています。このページは自動で更新されます。":             "Processing. This page refreshes by itself.",
	"すべての行を確認しました。エラーはありません。まだ何も変更していません。": "Every row was checked and there are no problems. Nothing has been changed yet.",
	"すべての行を取り込みました。":                       "Every row was imported.",
	"この内容で取り込む":                            "Import this file",
	"更新あり":                                 "Changed",
	"変更なし":                                 "Unchanged",
	"削除（ファイルにない納品先）":                       "Deleted (ship-tos not in the file)",
	"エラーがあるため、何も取り込んでいません。ファイルを直して、もう一度アップロードしてください。": "Nothing was imported because of the problems below. Correct the file and upload it again.",
	"エラー":          "Problems",
	"最初の1,000件を表示": "the first 1,000 are shown",
	"行":            "Row",
	"列":            "Column",
	"見出し行":         "Header",
	"行は見出しの次の行を1行目として数えます（Excel の行番号から1を引いた数です）。": "Rows are counted from the one after the header (Excel's row number minus one).",
}
