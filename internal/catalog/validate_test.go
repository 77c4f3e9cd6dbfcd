package catalog

import (
	"errors"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
)

func TestValidJAN(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"4901234567894", true},
		{"4901234567890", false}, // wrong check digit
		{"49123456", true},       // EAN-8
		{"49123457", false},
		{"0012345678905", true}, // leading zeros are significant
		{"0000000000000", true},
		{"490123456789", false},   // 12 digits
		{"49012345678945", false}, // 14 digits
		{"4901234567a94", false},
		{"", false},
		{"4901234５67894", false}, // full-width digit (Tidy folds it first)
	}
	for _, tt := range tests {
		if got := ValidJAN(tt.code); got != tt.want {
			t.Errorf("ValidJAN(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func validProduct() Product {
	return Product{
		Name: "本枯れ鰹節", Kana: "ホンカレカツオブシ", TaxClass: TaxReduced, Status: StatusDraft,
		Visibility: Visibility{Mode: VisibleToAll},
		SKUs: []SKU{{Code: "KB-001", JAN: "4901234567894", Variant: "1kg", Unit: "袋",
			CaseQty: 10, OrderLot: 5, MinQty: 10, ListPrice: 3200}},
	}
}

func TestValidateProduct(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(p *Product)
		fields map[string]string // field → part of the message; nil for valid
	}{
		{"valid", func(*Product) {}, nil},
		{"name required", func(p *Product) { p.Name = " " }, map[string]string{"name": "商品名を入力"}},
		{"name too long", func(p *Product) { p.Name = strings.Repeat("鰹", 201) }, map[string]string{"name": "200文字"}},
		{"name 200 ok", func(p *Product) { p.Name = strings.Repeat("鰹", 200) }, nil},
		{"kana hiragana ok", func(p *Product) { p.Kana = "ほんかれ かつおぶし" }, nil},
		{"kana half-width folded", func(p *Product) { p.Kana = "ﾎﾝｶﾚｶﾂｵﾌﾞｼ" }, nil},
		{"kana long vowel and vu", func(p *Product) { p.Kana = "ヴァニラ　コーヒー" }, nil},
		{"kana with kanji", func(p *Product) { p.Kana = "本カレ" }, map[string]string{"kana": "カタカナまたはひらがな"}},
		{"kana with latin", func(p *Product) { p.Kana = "カツオA" }, map[string]string{"kana": "カタカナ"}},
		{"description too long", func(p *Product) { p.Description = strings.Repeat("あ", 5001) }, map[string]string{"description": "5000文字"}},
		{"tax class", func(p *Product) { p.TaxClass = "zero" }, map[string]string{"tax_class": "税区分"}},
		{"status", func(p *Product) { p.Status = "sold" }, map[string]string{"status": "状態"}},
		{"visibility mode", func(p *Product) { p.Visibility.Mode = "some" }, map[string]string{"visibility": "公開範囲"}},
		{"restricted needs someone", func(p *Product) { p.Visibility.Mode = Restricted }, map[string]string{"visibility": "1つ以上"}},
		{"restricted to a group", func(p *Product) { p.Visibility = Visibility{Mode: Restricted, GroupIDs: []oroshi.ID{7}} }, nil},
		{"no skus", func(p *Product) { p.SKUs = nil }, map[string]string{"skus": "1件以上"}},
		{"code required", func(p *Product) { p.SKUs[0].Code = "" }, map[string]string{"skus[0].code": "品番を入力"}},
		{"code charset", func(p *Product) { p.SKUs[0].Code = "KB 001" }, map[string]string{"skus[0].code": "半角英数字"}},
		{"code full-width folded", func(p *Product) { p.SKUs[0].Code = "ＫＢ－００１" }, nil},
		{"code 41 chars", func(p *Product) { p.SKUs[0].Code = strings.Repeat("A", 41) }, map[string]string{"skus[0].code": "40文字"}},
		{"code symbols ok", func(p *Product) { p.SKUs[0].Code = "a-b_c.d/e" }, nil},
		{"jan check digit", func(p *Product) { p.SKUs[0].JAN = "4901234567890" }, map[string]string{"skus[0].jan": "チェックディジット"}},
		{"jan length", func(p *Product) { p.SKUs[0].JAN = "490123456789" }, map[string]string{"skus[0].jan": "8桁または13桁"}},
		{"jan empty ok", func(p *Product) { p.SKUs[0].JAN = "" }, nil},
		{"jan 8 digits", func(p *Product) { p.SKUs[0].JAN = "49123456" }, nil},
		{"unit default", func(p *Product) { p.SKUs[0].Unit = "" }, nil},
		{"unit too long", func(p *Product) { p.SKUs[0].Unit = "ダンボールケース大型特大" }, map[string]string{"skus[0].unit": "10文字"}},
		{"case qty", func(p *Product) { p.SKUs[0].CaseQty = -1 }, map[string]string{"skus[0].case_qty": "入数"}},
		{"lot", func(p *Product) { p.SKUs[0].OrderLot = -2 }, map[string]string{"skus[0].order_lot": "発注単位"}},
		{"min not multiple of lot", func(p *Product) { p.SKUs[0].MinQty = 7 }, map[string]string{"skus[0].min_qty": "最小発注数は発注単位の倍数にしてください"}},
		{"min defaults to lot", func(p *Product) { p.SKUs[0].MinQty = 0 }, nil},
		{"price negative", func(p *Product) { p.SKUs[0].ListPrice = -1 }, map[string]string{"skus[0].list_price": "定価"}},
		{"price max ok", func(p *Product) { p.SKUs[0].ListPrice = MaxListPrice }, nil},
		{"price over max", func(p *Product) { p.SKUs[0].ListPrice = MaxListPrice + 1 }, map[string]string{"skus[0].list_price": "100億円"}},
		{"stock negative", func(p *Product) { p.SKUs[0].Stock = -1 }, map[string]string{"skus[0].stock": "0以上"}},
		{"duplicate codes in form", func(p *Product) { p.SKUs = append(p.SKUs, p.SKUs[0]) }, map[string]string{"skus[1].code": "1行目と重複"}},
		{"second sku field key", func(p *Product) {
			p.SKUs = append(p.SKUs, SKU{Code: "KB-002", JAN: "49123457", ListPrice: 1})
		}, map[string]string{"skus[1].jan": "チェックディジット"}},
	}
	for _, tt := range tests {
		p := validProduct()
		tt.edit(&p)
		Tidy(&p)
		checkFields(t, tt.name, ValidateProduct(p), tt.fields)
	}
}

// checkFields compares a validation error's fields with want (field →
// a part of the message); nil want means no error.
func checkFields(t *testing.T, name string, err error, want map[string]string) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Errorf("%s: unexpected error %v", name, err)
		}
		return
	}
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) {
		t.Errorf("%s: got %v, want a ValidationError", name, err)
		return
	}
	for f, part := range want {
		if !strings.Contains(ve.Fields[f], part) {
			t.Errorf("%s: field %s = %q, want it to contain %q (all: %v)", name, f, ve.Fields[f], part, ve.Fields)
		}
	}
	if len(ve.Fields) != len(want) {
		t.Errorf("%s: fields %v, want only %v", name, ve.Fields, want)
	}
}

func TestTidy(t *testing.T) {
	p := Product{Name: " 鰹節 ", Kana: "ｶﾂｵ　ﾌﾞｼ", SKUs: []SKU{{Code: " ＫＢ－１ ", JAN: "４９１２３４５６"}}}
	Tidy(&p)
	s := p.SKUs[0]
	if p.Name != "鰹節" || p.Kana != "カツオ ブシ" || p.TaxClass != TaxStandard || p.Status != StatusDraft ||
		p.Visibility.Mode != VisibleToAll {
		t.Errorf("Tidy product = %+v", p)
	}
	if s.Code != "KB-1" || s.JAN != "49123456" || s.Unit != "個" || s.CaseQty != 1 || s.OrderLot != 1 || s.MinQty != 1 {
		t.Errorf("Tidy SKU = %+v", s)
	}
}

func TestCodeTakenIsBothKinds(t *testing.T) {
	err := CodeTaken(2)
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) || ve.Fields["skus[2].code"] != MsgCodeTaken {
		t.Errorf("CodeTaken: %v is not the form error", err)
	}
	if !errors.Is(err, oroshi.ErrConflict) {
		t.Errorf("CodeTaken: %v does not wrap ErrConflict", err)
	}
}

func TestLabels(t *testing.T) {
	tests := []struct{ got, want string }{
		{TaxStandard.Label(), "標準税率10%"},
		{TaxReduced.Label(), "軽減税率8%"},
		{StatusDraft.Label(), "下書き"},
		{StatusPublished.Label(), "公開"},
		{StatusDiscontinued.Label(), "販売終了"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("label %q, want %q", tt.got, tt.want)
		}
	}
	if TaxReduced.RatePercent() != 8 || TaxStandard.RatePercent() != 10 {
		t.Error("RatePercent")
	}
}
