package billing

import "github.com/oroshi-jp/oroshi"

// PaymentMethod is how money came in (入金方法). The values are stored and
// used by the API and the CSV export.
type PaymentMethod string

// Payment methods.
const (
	PayTransfer       PaymentMethod = "transfer"        // 振込
	PayCash           PaymentMethod = "cash"            // 現金
	PayPromissoryNote PaymentMethod = "promissory_note" // 手形
	PayOffset         PaymentMethod = "offset"          // 相殺
	PayOther          PaymentMethod = "other"           // その他
)

// PaymentMethods lists the methods in display order; the first is the
// default.
var PaymentMethods = []PaymentMethod{PayTransfer, PayCash, PayPromissoryNote, PayOffset, PayOther}

// Label is the Japanese name of the method.
func (m PaymentMethod) Label() string {
	switch m {
	case PayTransfer:
		return "振込"
	case PayCash:
		return "現金"
	case PayPromissoryNote:
		return "手形"
	case PayOffset:
		return "相殺"
	case PayOther:
		return "その他"
	}
	return string(m)
}

// Valid reports whether m is one of PaymentMethods.
func (m PaymentMethod) Valid() bool {
	for _, x := range PaymentMethods {
		if x == m {
			return true
		}
	}
	return false
}

// checkMethod defaults an empty method to a transfer and refuses an
// unknown one.
func checkMethod(p *Payment, v *oroshi.ValidationError) {
	if p.Method == "" {
		p.Method = PayTransfer
	}
	if !p.Method.Valid() {
		v.Add("method", "入金方法は振込・現金・手形・相殺・その他から選んでください")
	}
}
