package web

import (
	"fmt"

	"github.com/oroshi-jp/oroshi/internal/buyers"
)

// englishBuyers holds the English texts of the buyers pages: buyer
// companies, ship-tos, buyer users, price groups and field settings.
var englishBuyers = withDayNames(map[string]string{
	// pages and headings
	"価格グループ":  "Price groups",
	"項目設定":    "Field settings",
	"会社のユーザー": "Company users",
	"取引先の登録":  "New buyer",
	"取引先の編集":  "Edit buyer",
	"取引先の詳細":  "Buyer",
	"基本情報":    "Basic information",
	"連絡先":     "Contact",
	"取引条件":    "Terms of trade",
	"独自項目":    "Custom fields",
	"納品先":     "Ship-to addresses",
	"標準項目の名前": "Names of the standard fields",

	// list
	"新規登録":        "New buyer",
	"キーワード":       "Keyword",
	"コード・名前・フリガナ": "Code, name or kana",
	"すべて":         "All",
	"なし":          "None",
	"該当する取引先はありません。": "No buyers match.",
	"ページ":  "Pages",
	"件中":   " in all, showing",
	"件を表示": "",
	"前へ":   "Previous",
	"次へ":   "Next",

	// form
	"必須": "Required",
	"半角英数字・ハイフン・アンダースコア": "Letters, digits, hyphens and underscores",
	"なし（定価）":      "None (list prices)",
	"支払月":         "Payment month",
	"支払日":         "Payment day",
	"払い":          "",
	"円":           "yen",
	"空欄または0で上限なし": "Empty or 0: no limit",
	"選択してください":    "Please choose",
	"（未選択）":       "(none)",
	"（空欄）":        "(empty)",
	"登録する":        "Register",
	"保存する":        "Save",
	"キャンセル|操作":    "Cancel",
	"他の担当者が先に更新しました。最新の内容を確認してください。": "Someone else saved this buyer first. Please check the latest version.",
	"下のフォームは最新の内容です。送信された内容のうち、最新の内容と異なるものは次のとおりです（保存されていません）。必要なら入力し直して保存してください。": "The form below shows the latest version. These values you sent differ from it and were not saved: enter them again if still needed, and save.",

	// detail
	"編集":   "Edit",
	"停止する": "Suspend",
	"再開する": "Resume",
	"この取引先を停止します。ユーザーはログインできなくなります": "Suspend this buyer? Its users will no longer be able to sign in",
	"この取引先を再開します": "Resume this buyer?",
	"この取引先は停止中です。取引先のユーザーはログインできません。": "This buyer is suspended: its users cannot sign in.",
	"上限なし":          "No limit",
	"既定":            "Default",
	"既定にする":         "Make default",
	"削除":            "Delete",
	"この納品先を削除します":   "Delete this ship-to address?",
	"電話":            "Tel.",
	"納品先はまだありません。":  "No ship-to addresses yet.",
	"納品先を追加":        "Add a ship-to address",
	"納品先名":          "Name of the address",
	"本社、第二倉庫 など":    "Head office, second warehouse…",
	"宛名":            "Recipient",
	"既定の納品先にする":     "Make it the default",
	"追加する":          "Add",
	"（あなた）":         "(you)",
	"ユーザーはまだいません。":  "No users yet.",
	"このユーザーを無効にします": "Disable this user?",
	"招待したかたにパスワード設定用のメールが届きます。": "The person invited receives an e-mail to set a password.",

	"登録日時": "Registered",
	"最終更新": "Last saved",

	// price groups
	"この価格グループの取引先を見る": "See the buyers of this group",
	"取引先を価格グループ（ランク）に分けると、グループごとの価格表や掛け率を設定できます。": "Put buyers in price groups (ranks) to give each group its own price list or rate.",
	"コード":   "Code",
	"名前":    "Name",
	"取引先数":  "Buyers",
	"名前を変更": "Rename",
	"この価格グループと価格表を削除します": "Delete this price group and its price lists?",
	"価格グループはまだありません。":    "No price groups yet.",
	"価格グループを追加":          "Add a price group",
	"Aランク（特約店）":          "Rank A (dealers)",

	// field settings
	"対象データ":      "Records",
	"順序":         "Order",
	"項目名":        "Label",
	"キー":         "Key",
	"種類":         "Type",
	"選択肢":        "Choices",
	"上へ":         "Move up",
	"下へ":         "Move down",
	"必須にする":      "Required",
	"選択肢（1行に1つ）": "Choices (one per line)",
	"この項目を削除します。入力済みの値は表示されなくなります": "Delete this field? Values already entered will no longer be shown",
	"独自項目はまだありません。":                "No custom fields yet.",
	"独自項目を追加": "Add a custom field",
	"担当営業":    "Sales rep",
	"半角英小文字・数字・アンダースコア。CSVとAPIで使う名前で、後から変更できません":              "Lower-case letters, digits and underscores: the name used in CSV files and the API. It cannot be changed later",
	"種類が選択肢のときだけ使います":                                         "Only for the type Choices",
	"画面・CSV・帳票で使う項目名を、この会社で使っている呼び方に変えられます。空欄にすると既定の名前に戻ります。": "Rename the fields shown on screens, in CSV files and on documents to the names your company uses. Leave a name empty to go back to the default.",
	"項目":       "Field",
	"既定の名前":    "Default name",
	"この会社での名前": "Your name",
	"項目名を保存":   "Save the names",
	"テキスト":     "Text",
	"数値":       "Number",
	"日付":       "Date",
	"商品":       "Products",

	// flash messages
	"取引先を登録しました。": "The buyer has been registered.",
	"取引先を更新しました。": "The buyer has been saved.",
	"取引先を停止しました。ユーザーはログインできなくなります。": "The buyer is suspended; its users can no longer sign in.",
	"取引先を再開しました。":    "The buyer has been resumed.",
	"納品先を追加しました。":    "The ship-to address has been added.",
	"納品先を更新しました。":    "The ship-to address has been saved.",
	"既定の納品先を変更しました。": "The default ship-to address has been changed.",
	"納品先を削除しました。":    "The ship-to address has been deleted.",
	"価格グループを作成しました。": "The price group has been created.",
	"価格グループを更新しました。": "The price group has been saved.",
	"価格グループを削除しました。": "The price group has been deleted.",
	"項目を追加しました。":     "The field has been added.",
	"項目を更新しました。":     "The field has been saved.",
	"項目を削除しました。":     "The field has been deleted.",
	"並び順を変更しました。":    "The order has been changed.",
	"項目名を保存しました。":    "The field names have been saved.",

	// labels of the services: built-in fields, terms, methods, status
	"取引先コード": "Buyer code",
	"取引先名":   "Buyer name",
	"フリガナ":   "Kana",
	"郵便番号":   "Postal code",
	"住所":     "Address",
	"電話番号":   "Phone",
	"請求先担当者": "Billing contact",
	"請求先メール": "Billing e-mail",
	"締め日":    "Closing day",
	"支払条件":   "Payment terms",
	"与信限度額":  "Credit limit",
	"支払方法":   "Payment method",
	"商品名":    "Product name",
	"品番":     "Product code",
	"JANコード": "JAN code",
	"単位":     "Unit",
	"入数":     "Case quantity",
	"発注単位":   "Order lot",
	"最小発注数":  "Minimum order",
	"税区分":    "Tax class",
	"定価":     "List price",
	"在庫":     "Stock",
	"請求書払い":  "Invoice",
	"掛売り":    "On account",
	"代金引換":   "Cash on delivery",
	"停止":     "Suspended",
	"当月":     "Same month",
	"翌月":     "Next month",
	"翌々月":    "Month after next",
	"3か月後":   "3 months later",
	"末日":     "End of month",

	// messages of the services shown next to inputs
	"取引先コードは半角英数字・ハイフン・アンダースコアの20文字以内で入力してください":          "Enter a buyer code of up to 20 letters, digits, hyphens or underscores",
	"取引先名を100文字以内で入力してください":                              "Enter a buyer name of up to 100 characters",
	"フリガナは100文字以内で入力してください":                              "Kana: up to 100 characters",
	"郵便番号は7桁の数字（例: 123-4567）で入力してください":                   "Enter a 7-digit postal code (e.g. 123-4567)",
	"住所は200文字以内で入力してください":                                "Address: up to 200 characters",
	"住所を200文字以内で入力してください":                                "Enter an address of up to 200 characters",
	"電話番号は数字とハイフンで10〜15桁を入力してください":                       "Enter a phone number of 10 to 15 digits (hyphens allowed)",
	"請求先担当者は100文字以内で入力してください":                            "Billing contact: up to 100 characters",
	"請求先メールの形式が正しくありません":                                 "The billing e-mail address is not valid",
	"価格グループが見つかりません":                                     "Price group not found",
	"締め日は5日・10日・15日・20日・25日・末日から選んでください":                 "Choose a closing day: 5th, 10th, 15th, 20th, 25th or end of month",
	"支払月は当月・翌月・翌々月・3か月後から選んでください":                        "Choose the payment month: same, next, the one after, or 3 months later",
	"支払日は1〜30日または末日で指定してください":                            "Choose a payment day from 1 to 30 or end of month",
	"当月払いの支払日は締め日以降にしてください":                              "With payment in the same month, the payment day must not be before the closing day",
	"与信限度額は0円（上限なし）以上、1兆円以下で入力してください":                    "Enter a credit limit from 0 yen (no limit) to 1 trillion yen",
	"支払方法を選択してください":                                      "Choose a payment method",
	"この取引先コードは既に使われています":                                 "This buyer code is already in use",
	"納品先名を50文字以内で入力してください":                               "Enter a name of up to 50 characters",
	"宛名は100文字以内で入力してください":                                "Recipient: up to 100 characters",
	"停止中の取引先にはユーザーを招待できません":                              "Users cannot be invited to a suspended buyer",
	"自分自身の状態は変更できません":                                    "You cannot change your own status",
	"価格グループコードは半角英数字・ハイフン・アンダースコアの20文字以内で入力してください":       "Enter a code of up to 20 letters, digits, hyphens or underscores",
	"価格グループ名を100文字以内で入力してください":                           "Enter a name of up to 100 characters",
	"この価格グループコードは既に使われています":                              "This price group code is already in use",
	"この価格グループは商品の公開先に指定されているため削除できません。先に商品の公開先を変更してください": "This price group limits the visibility of products and cannot be deleted. Change the products' visibility first",
	"項目キーは半角英小文字で始まる、半角英小文字・数字・アンダースコアの40文字以内で入力してください":  "Enter a key of up to 40 lower-case letters, digits or underscores, starting with a letter",
	"項目名を50文字以内で入力してください":                                "Enter a label of up to 50 characters",
	"項目の種類を選択してください":                                     "Choose a type",
	"選択肢を1〜100個、1行に1つずつ入力してください":                         "Enter 1 to 100 choices, one per line",
	"選択肢はそれぞれ50文字以内で入力してください":                            "Each choice: up to 50 characters",
	"この項目キーは既に使われています":                                   "This key is already in use",
	"この項目名は既に使われています":                                    "This label is already in use",
	"この項目名は標準の項目で使われています":                                "This label is used by a standard field",
	"項目の並び順が正しくありません。画面を再読み込みしてください":                     "The order is out of date. Please reload the page",
	"このメールアドレスは既に登録されています":                               "This e-mail address is already registered",
	"メールアドレスの形式が正しくありません":                                "The e-mail address is not valid",
	"氏名を100文字以内で入力してください":                                "Enter a name of up to 100 characters",
	"権限の指定が正しくありません":                                     "Choose a role",
})

// withDayNames adds the days of the month as the closing day and payment
// day selects show them (1日 … 30日).
func withDayNames(m map[string]string) map[string]string {
	for d := 1; d <= 30; d++ {
		m[buyers.ClosingDayLabel(d)] = ordinal(d)
	}
	return m
}

func ordinal(d int) string {
	suffix := "th"
	switch {
	case d%10 == 1 && d != 11:
		suffix = "st"
	case d%10 == 2 && d != 12:
		suffix = "nd"
	case d%10 == 3 && d != 13:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", d, suffix)
}

// termsText names payment terms in the page's language: 翌月10日払い,
// "10th of next month". The Japanese label is the service's own.
func termsText(p buyers.PaymentTerms, lang string) string {
	if lang != langEN {
		return p.Label()
	}
	month := map[int]string{0: "the same month", 1: "next month", 2: "the month after next"}[p.MonthOffset]
	if month == "" {
		month = "the " + ordinal(p.MonthOffset) + " month after"
	}
	if p.Day == buyers.EndOfMonth {
		return "End of " + month
	}
	return ordinal(p.Day) + " of " + month
}
