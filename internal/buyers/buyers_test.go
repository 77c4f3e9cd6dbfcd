package buyers

import (
	"errors"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
)

func TestValidate(t *testing.T) {
	ok := Buyer{Code: "B001", Name: "株式会社まるやま商店"}
	tests := []struct {
		name  string
		edit  func(*Buyer)
		field string // "" when valid
	}{
		{"minimal", func(*Buyer) {}, ""},
		{"full", func(b *Buyer) {
			*b = Buyer{Code: "B-01_x", Name: "まるやま", Kana: "まるやま", PostalCode: "1500001", Address: "東京都渋谷区",
				Phone: "03-1234-5678", BillingName: "経理 花子", BillingEmail: "keiri@maruyama.example", PriceGroupID: 7,
				ClosingDay: 20, PaymentTerms: PaymentTerms{2, 10}, CreditLimit: 5_000_000, PaymentMethod: PaymentAccount}
		}, ""},
		{"empty code", func(b *Buyer) { b.Code = "" }, "code"},
		{"code space", func(b *Buyer) { b.Code = "B 01" }, "code"},
		{"code kana", func(b *Buyer) { b.Code = "あいう" }, "code"},
		{"code 21", func(b *Buyer) { b.Code = strings.Repeat("B", 21) }, "code"},
		{"blank name", func(b *Buyer) { b.Name = "  " }, "name"},
		{"long name", func(b *Buyer) { b.Name = strings.Repeat("名", 101) }, "name"},
		{"long kana", func(b *Buyer) { b.Kana = strings.Repeat("カ", 101) }, "kana"},
		{"postal 6 digits", func(b *Buyer) { b.PostalCode = "123456" }, "postal_code"},
		{"long address", func(b *Buyer) { b.Address = strings.Repeat("町", 201) }, "address"},
		{"phone letters", func(b *Buyer) { b.Phone = "03-ABCD-5678" }, "phone"},
		{"phone short", func(b *Buyer) { b.Phone = "1234" }, "phone"},
		{"bad email", func(b *Buyer) { b.BillingEmail = "keiri@" }, "billing_email"},
		{"closing 12", func(b *Buyer) { b.ClosingDay = 12 }, "closing_day"},
		{"offset 4", func(b *Buyer) { b.PaymentTerms = PaymentTerms{4, 31} }, "payment_terms"},
		{"day 32", func(b *Buyer) { b.PaymentTerms = PaymentTerms{1, 32} }, "payment_terms"},
		{"paid before closing", func(b *Buyer) { b.ClosingDay, b.PaymentTerms = 20, PaymentTerms{0, 10} }, "payment_terms"},
		{"paid on closing month end", func(b *Buyer) { b.PaymentTerms = PaymentTerms{0, 31} }, ""},
		{"negative credit", func(b *Buyer) { b.CreditLimit = -1 }, "credit_limit"},
		{"huge credit", func(b *Buyer) { b.CreditLimit = MaxCreditLimit + 1 }, "credit_limit"},
		{"payment method", func(b *Buyer) { b.PaymentMethod = "bitcoin" }, "payment_method"},
		{"status", func(b *Buyer) { b.Status = "deleted" }, "status"},
	}
	for _, tt := range tests {
		b := ok
		tt.edit(&b)
		err := Validate(Normalize(b))
		var ve *oroshi.ValidationError
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.field != "" && (!errors.As(err, &ve) || ve.Fields[tt.field] == ""):
			t.Errorf("%s: err = %v, want a message on %s", tt.name, err, tt.field)
		}
	}
}

func TestNormalize(t *testing.T) {
	b := Normalize(Buyer{Code: " Ｂ００１ ", Name: "ＡＢＣ商事　ｶﾌﾞｼｷｶﾞｲｼｬ", Kana: "えーびーしーしょうじ",
		PostalCode: "〒１５０－０００１", Phone: "０３（１２３４）５６７８", Address: "渋谷区１－２－３",
		BillingEmail: " keiri@abc.example "})
	want := Buyer{Code: "B001", Name: "ABC商事 カブシキガイシャ", Kana: "エービーシーショウジ", PostalCode: "150-0001",
		Phone: "03-1234-5678", Address: "渋谷区1-2-3", BillingEmail: "keiri@abc.example",
		ClosingDay: EndOfMonth, PaymentTerms: PaymentTerms{1, EndOfMonth}, PaymentMethod: PaymentInvoice, Status: StatusActive}
	if b.Code != want.Code || b.Name != want.Name || b.Kana != want.Kana || b.PostalCode != want.PostalCode ||
		b.Phone != want.Phone || b.Address != want.Address || b.BillingEmail != want.BillingEmail ||
		b.ClosingDay != want.ClosingDay || b.PaymentTerms != want.PaymentTerms ||
		b.PaymentMethod != want.PaymentMethod || b.Status != want.Status {
		t.Errorf("Normalize =\n%+v\nwant\n%+v", b, want)
	}
}

func TestNormalizePostalCode(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"123-4567", "123-4567", true},
		{"1234567", "123-4567", true},
		{"１２３－４５６７", "123-4567", true},
		{"〒123ー4567", "123-4567", true},
		{" 123 4567", "", false},
		{"", "", true},
		{"12-34567", "", false},
		{"123-45678", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizePostalCode(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("NormalizePostalCode(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"03-1234-5678", "03-1234-5678", true},
		{"０３－１２３４－５６７８", "03-1234-5678", true},
		{"03(1234)5678", "03-1234-5678", true},
		{"(03) 1234-5678", "03-1234-5678", true},
		{"090 1234 5678", "09012345678", true},
		{"+81-3-1234-5678", "+81-3-1234-5678", true},
		{"＋８１３１２３４５６７８", "+81312345678", true},
		{"", "", true},
		{"03-1234-567", "", false},
		{"03-1234-5678 内線12", "", false},
		{"1234567890123456", "", false},
		{"03+1234-5678", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizePhone(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestKatakana(t *testing.T) {
	tests := []struct{ in, want string }{
		{"まるやま", "マルヤマ"},
		{"ｶﾞｯｺｳ", "ガッコウ"},
		{"ゔぁ", "ヴァ"},
		{"カタカナ", "カタカナ"},
		{"ＡＢＣ", "ABC"},
	}
	for _, tt := range tests {
		if got := Katakana(tt.in); got != tt.want {
			t.Errorf("Katakana(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLikePatterns(t *testing.T) {
	text, kana := LikePatterns("Ab%_\\まる")
	if text != `%ab\%\_\\まる%` || kana != `%ab\%\_\\マル%` {
		t.Errorf("LikePatterns = %q, %q", text, kana)
	}
}

func TestCredit(t *testing.T) {
	tests := []struct {
		limit, outstanding, amount oroshi.Yen
		exceeded                   bool
	}{
		{0, 1 << 40, 1 << 40, false}, // no limit
		{100_000, 60_000, 40_000, false},
		{100_000, 60_000, 40_001, true},
	}
	for _, tt := range tests {
		b := Buyer{CreditLimit: tt.limit}
		if got := b.CreditExceeded(tt.outstanding, tt.amount); got != tt.exceeded {
			t.Errorf("limit %d, %d + %d: exceeded = %v", tt.limit, tt.outstanding, tt.amount, got)
		}
	}
}
