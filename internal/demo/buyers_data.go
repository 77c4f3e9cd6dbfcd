package demo

import "github.com/oroshi-jp/oroshi/internal/buyers"

// The demo's buyer companies. Addresses and telephone numbers are made up;
// the towns are real so that the screens look like a real ledger.

// group is a price group (価格グループ) of the demo.
type group struct{ code, name string }

var groups = []group{
	{"A", "Aランク（大口）"},
	{"B", "Bランク"},
	{"C", "一般"},
}

// company is a buyer company with the code of its price group ("" for
// none: it pays list prices).
type company struct {
	buyers.Buyer
	group string
}

var (
	endOfMonthNextMonth = buyers.PaymentTerms{MonthOffset: 1, Day: buyers.EndOfMonth} // 翌月末払い
	tenthNextMonth      = buyers.PaymentTerms{MonthOffset: 1, Day: 10}                // 翌月10日払い
	endOfMonthIn2Months = buyers.PaymentTerms{MonthOffset: 2, Day: buyers.EndOfMonth} // 翌々月末払い
)

// companies are B001–B003 (whose users sign in to the demo) and the others,
// which have no users and are there so that lists look like a real ledger.
var companies = []company{
	{buyers.Buyer{Code: "B001", Name: "株式会社まるやま商店", Kana: "カブシキガイシャマルヤマショウテン",
		PostalCode: "143-0006", Address: "東京都大田区平和島4-1-23 まるやまビル2F", Phone: "03-5753-1201",
		BillingName: "経理部 山田 太郎", BillingEmail: "keiri@maruyama.example", ClosingDay: buyers.EndOfMonth,
		PaymentTerms: endOfMonthNextMonth, PaymentMethod: buyers.PaymentAccount, CreditLimit: 3_000_000}, "A"},
	{buyers.Buyer{Code: "B002", Name: "海鮮居酒屋かもめ", Kana: "カイセンイザカヤカモメ",
		PostalCode: "220-0004", Address: "神奈川県横浜市西区北幸2-8-4 かもめビル1F", Phone: "045-311-2845",
		BillingName: "小林 誠", BillingEmail: "kobayashi@kamome.example", ClosingDay: 20,
		PaymentTerms: tenthNextMonth, PaymentMethod: buyers.PaymentInvoice, CreditLimit: 500_000}, "B"},
	{buyers.Buyer{Code: "B003", Name: "株式会社グリーンキッチン", Kana: "カブシキガイシャグリーンキッチン",
		PostalCode: "330-0854", Address: "埼玉県さいたま市大宮区桜木町1-7-5", Phone: "048-641-3320",
		BillingName: "総務部 経理課", BillingEmail: "billing@greenkitchen.example", ClosingDay: 15,
		PaymentTerms: endOfMonthIn2Months, PaymentMethod: buyers.PaymentInvoice, CreditLimit: 1_000_000}, "C"},
	{buyers.Buyer{Code: "B004", Name: "ホテルサンライズ湘南", Kana: "ホテルサンライズショウナン",
		PostalCode: "251-0035", Address: "神奈川県藤沢市片瀬海岸1-12-3", Phone: "0466-22-5100",
		BillingName: "購買課", ClosingDay: buyers.EndOfMonth, PaymentTerms: endOfMonthNextMonth,
		PaymentMethod: buyers.PaymentAccount, CreditLimit: 2_000_000}, "A"},
	{buyers.Buyer{Code: "B005", Name: "松戸市立みどり台学校給食センター", Kana: "マツドシリツミドリダイガッコウキュウショクセンター",
		PostalCode: "270-2261", Address: "千葉県松戸市常盤平5-20-1", Phone: "047-384-6011",
		BillingName: "管理係", ClosingDay: buyers.EndOfMonth, PaymentTerms: endOfMonthNextMonth,
		PaymentMethod: buyers.PaymentInvoice}, "C"},
	{buyers.Buyer{Code: "B006", Name: "割烹 はなぶさ", Kana: "カッポウハナブサ",
		PostalCode: "104-0061", Address: "東京都中央区銀座7-6-14 第二銀座ビルB1", Phone: "03-3571-2208",
		ClosingDay: 20, PaymentTerms: tenthNextMonth, PaymentMethod: buyers.PaymentInvoice, CreditLimit: 800_000}, "B"},
	{buyers.Buyer{Code: "B007", Name: "株式会社ひまわりフードサービス", Kana: "カブシキガイシャヒマワリフードサービス",
		PostalCode: "530-0001", Address: "大阪府大阪市北区梅田2-4-9 梅田東ビル8F", Phone: "06-6345-7720",
		BillingName: "本部 購買部", BillingEmail: "kobai@himawari-fs.example", ClosingDay: buyers.EndOfMonth,
		PaymentTerms: endOfMonthNextMonth, PaymentMethod: buyers.PaymentAccount, CreditLimit: 5_000_000}, "A"},
	{buyers.Buyer{Code: "B008", Name: "そば処 やまびこ", Kana: "ソバドコロヤマビコ",
		PostalCode: "180-0004", Address: "東京都武蔵野市吉祥寺本町2-15-6", Phone: "0422-21-4480",
		ClosingDay: buyers.EndOfMonth, PaymentTerms: endOfMonthNextMonth, PaymentMethod: buyers.PaymentCOD}, "C"},
	{buyers.Buyer{Code: "B009", Name: "ビストロ ル・ソレイユ", Kana: "ビストロルソレイユ",
		PostalCode: "460-0008", Address: "愛知県名古屋市中区栄3-18-2", Phone: "052-262-9031",
		ClosingDay: 25, PaymentTerms: buyers.PaymentTerms{MonthOffset: 1, Day: 25},
		PaymentMethod: buyers.PaymentInvoice, CreditLimit: 600_000}, "B"},
	{buyers.Buyer{Code: "B010", Name: "医療法人さくら会 さくら台病院 栄養科", Kana: "イリョウホウジンサクラカイサクラダイビョウインエイヨウカ",
		PostalCode: "350-1123", Address: "埼玉県川越市脇田本町16-22", Phone: "049-242-1180",
		BillingName: "事務部 用度課", ClosingDay: buyers.EndOfMonth, PaymentTerms: endOfMonthIn2Months,
		PaymentMethod: buyers.PaymentInvoice}, "C"},
	{buyers.Buyer{Code: "B011", Name: "麺屋 たいよう", Kana: "メンヤタイヨウ",
		PostalCode: "812-0011", Address: "福岡県福岡市博多区博多駅前3-9-1", Phone: "092-431-6650",
		ClosingDay: buyers.EndOfMonth, PaymentTerms: endOfMonthNextMonth, PaymentMethod: buyers.PaymentCOD}, ""},
}

// shipTo is a delivery address of one of the companies.
type shipTo struct {
	buyer string
	buyers.ShipTo
}

// shipTos are in the order they are made: a company's first is its default.
var shipTos = []shipTo{
	{"B001", buyers.ShipTo{Label: "本店", PostalCode: "143-0006", Address: "東京都大田区平和島4-1-23 まるやまビル1F 搬入口",
		Phone: "03-5753-1201"}},
	{"B001", buyers.ShipTo{Label: "セントラルキッチン", Recipient: "まるやま商店 セントラルキッチン 受取担当",
		PostalCode: "144-0042", Address: "東京都大田区羽田旭町10-8", Phone: "03-5735-4410"}},
	{"B002", buyers.ShipTo{Label: "横浜西口店", PostalCode: "220-0004", Address: "神奈川県横浜市西区北幸2-8-4 かもめビル1F",
		Phone: "045-311-2845"}},
	{"B003", buyers.ShipTo{Label: "大宮本社キッチン", Recipient: "グリーンキッチン 仕込み担当",
		PostalCode: "330-0854", Address: "埼玉県さいたま市大宮区桜木町1-7-5", Phone: "048-641-3320"}},
}
