package documents

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
)

// Layout is a tenant's document settings (帳票設定). Every save is a new
// version; an issued document keeps the version it was made with, so a
// re-print of an old document looks as it did.
type Layout struct {
	Version        int // 0: never saved
	CompanyName    string
	Address        string // the address block, one or more lines
	Phone          string
	RegistrationNo string // T + 13 digits, or "" when not registered
	Logo, Seal     Image  // Seal is the 角印 placed over the company name
	Greetings      map[Kind]string
	Notes          string // 備考 printed on every document
	BankAccount    string // お振込先
	ShowCode       bool   // 品番
	ShowJAN        bool
	ShowCaseQty    bool // 入数
	TaxDisplay     TaxDisplay
	RetentionYears int      // 保存期間: 7 (default) or 10
	Delivery       Delivery // 送付方法 of the mail to the buyer
	CreatedAt      time.Time
	CreatedBy      oroshi.ID
}

// Image is an uploaded PNG or JPEG.
type Image struct {
	Data []byte
	Type string // "image/png" or "image/jpeg"; "" when none
}

// Empty reports whether no image is set.
func (i Image) Empty() bool { return len(i.Data) == 0 }

// Limits of the settings.
const (
	MaxImageBytes   = 1 << 20 // logo and seal, each
	MaxNameLen      = 100
	MaxAddressLen   = 300
	MaxPhoneLen     = 30
	MaxGreetingLen  = 200
	MaxNotesLen     = 1000
	MaxBankLen      = 300
	DefaultRetained = 7
)

// DefaultLayout is the layout of a tenant that never saved one: the
// tenant's name as the company, the usual greetings, 品番 shown, 外税.
func DefaultLayout(companyName string) Layout {
	return Layout{CompanyName: companyName, Greetings: DefaultGreetings(), ShowCode: true,
		TaxDisplay: TaxExclusive, RetentionYears: DefaultRetained, Delivery: DeliveryLink}
}

// DefaultGreetings are the usual opening lines of each kind.
func DefaultGreetings() map[Kind]string {
	return map[Kind]string{
		KindQuote:             "下記の通りお見積り申し上げます。",
		KindOrderConfirmation: "下記の通りご注文をお請けいたします。",
		KindDeliverySlip:      "下記の通り納品いたしました。",
		KindInvoice:           "下記のとおりご請求申し上げます。",
	}
}

// fillGreetings gives every kind without a greeting entry the default one.
// A layout saved before a kind had a greeting (the 請求書's) thus prints
// the usual words; an entry saved empty stays empty: no greeting.
func (l *Layout) fillGreetings() {
	if l.Greetings == nil {
		l.Greetings = map[Kind]string{}
	}
	def := DefaultGreetings()
	for _, k := range GreetingKinds {
		if _, ok := l.Greetings[k]; !ok {
			l.Greetings[k] = def[k]
		}
	}
}

// SniffImage returns the type of data judged by its content (never by a
// file name or a browser's word): PNG or JPEG, else "".
func SniffImage(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case len(data) > 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF:
		return "image/jpeg"
	}
	return ""
}

// checkImage validates an uploaded image for field, setting its type.
func checkImage(v *oroshi.ValidationError, field, label string, img *Image) {
	if img.Empty() {
		img.Type = ""
		return
	}
	if len(img.Data) > MaxImageBytes {
		v.Add(field, fmt.Sprintf("%sの画像は1MB以内にしてください", label))
		return
	}
	if img.Type = SniffImage(img.Data); img.Type == "" {
		v.Add(field, fmt.Sprintf("%sはPNGまたはJPEGの画像を選んでください", label))
	}
}

// Normalize trims the texts and checks every field, with a Japanese
// message per field. The registration number is folded to "T" + digits.
func (l *Layout) Normalize() error {
	v := &oroshi.ValidationError{}
	for _, f := range []struct {
		key, label string
		p          *string
		max        int
	}{
		{"company_name", "会社名", &l.CompanyName, MaxNameLen},
		{"address", "住所", &l.Address, MaxAddressLen},
		{"phone", "電話番号", &l.Phone, MaxPhoneLen},
		{"notes", "備考", &l.Notes, MaxNotesLen},
		{"bank_account", "振込先", &l.BankAccount, MaxBankLen},
	} {
		*f.p = strings.TrimSpace(strings.ReplaceAll(*f.p, "\r\n", "\n"))
		if utf8.RuneCountInString(*f.p) > f.max {
			v.Add(f.key, fmt.Sprintf("%sは%d文字以内で入力してください", f.label, f.max))
		}
	}
	if l.CompanyName == "" {
		v.Add("company_name", "会社名を入力してください")
	}
	reg, msg := RegistrationNumber(l.RegistrationNo)
	if msg != "" {
		v.Add("registration_no", msg)
	}
	l.RegistrationNo = reg
	l.normalizeGreetings(v)
	if !l.TaxDisplay.Valid() {
		v.Add("tax_display", "税の表示を選んでください")
	}
	if l.Delivery == "" {
		l.Delivery = DeliveryLink
	}
	if !l.Delivery.Valid() {
		v.Add("delivery", "送付方法を選んでください")
	}
	if l.RetentionYears != 7 && l.RetentionYears != 10 {
		v.Add("retention_years", "保存期間は7年または10年を選んでください")
	}
	checkImage(v, "logo", "ロゴ", &l.Logo)
	checkImage(v, "seal", "角印", &l.Seal)
	return v.Err()
}

func (l *Layout) normalizeGreetings(v *oroshi.ValidationError) {
	l.fillGreetings()
	out := map[Kind]string{}
	for _, k := range GreetingKinds {
		g := strings.TrimSpace(strings.ReplaceAll(l.Greetings[k], "\r\n", "\n"))
		if utf8.RuneCountInString(g) > MaxGreetingLen {
			v.Add("greeting_"+string(k), fmt.Sprintf("%sの挨拶文は%d文字以内で入力してください", k.Label(), MaxGreetingLen))
		}
		out[k] = g
	}
	l.Greetings = out
}

// IssuerProblems lists what keeps the layout from issuing a document of
// kind k: a company name always; a valid registration number for a 納品書,
// which is a qualified invoice (適格請求書) by itself.
func (l Layout) IssuerProblems(k Kind) error {
	v := &oroshi.ValidationError{}
	if strings.TrimSpace(l.CompanyName) == "" {
		v.Add("company_name", "帳票設定に会社名がありません。帳票設定で会社名を入力してから発行してください")
	}
	if _, msg := RegistrationNumber(l.RegistrationNo); msg != "" {
		v.Add("registration_no", "帳票設定の"+msg)
	} else if k.Qualified() && l.RegistrationNo == "" {
		v.Add("registration_no", k.Label()+"（適格請求書）には登録番号が必要です。帳票設定で登録番号を入力してから発行してください")
	}
	return v.Err()
}
