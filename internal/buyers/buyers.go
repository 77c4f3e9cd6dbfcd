// Package buyers is about the seller's customers (取引先): buyer companies
// whose people order in the shop, their ship-to addresses (納品先), the
// price groups (価格グループ／ランク) they belong to, their billing terms,
// the seller's custom fields on them, and their users.
package buyers

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// Buyer is a buyer company of one tenant.
type Buyer struct {
	ID           oroshi.ID
	Tenant       oroshi.TenantID
	Code         string // the seller's own code, unique per tenant
	Name         string
	Kana         string // katakana
	PostalCode   string // NNN-NNNN or ""
	Address      string
	Phone        string
	BillingName  string // 請求先担当者
	BillingEmail string
	PriceGroupID oroshi.ID // 0: in no price group (list prices)
	ClosingDay   int       // one of ClosingDays(); 31 = 末日
	PaymentTerms PaymentTerms
	// CreditLimit is the 与信限度額 in yen; 0 means no limit is checked.
	CreditLimit   oroshi.Yen
	PaymentMethod string // one of PaymentMethods()
	Status        string // StatusActive or StatusSuspended
	// Custom holds the values of the seller's custom fields by key, as
	// normalised by customfields.Validate (all strings).
	Custom    map[string]any
	CreatedAt time.Time
	UpdatedAt time.Time
}

// HasCreditLimit tells whether orders are checked against a credit limit.
func (b Buyer) HasCreditLimit() bool { return b.CreditLimit > 0 }

// CreditExceeded tells whether an order of amount, on top of outstanding
// (unpaid invoices and open orders), goes over the credit limit.
func (b Buyer) CreditExceeded(outstanding, amount oroshi.Yen) bool {
	return b.HasCreditLimit() && outstanding+amount > b.CreditLimit
}

// Active tells whether the company's users may sign in and order.
func (b Buyer) Active() bool { return b.Status == StatusActive }

// Standing is what the shop checks of the signed-in user's company on
// every page: that it is active, and its price group.
type Standing struct {
	ID           oroshi.ID
	PriceGroupID oroshi.ID // 0: none
	Status       string
}

// Active tells whether the company may use the shop.
func (s Standing) Active() bool { return s.Status == StatusActive }

// Store is what buyers needs from the database. Methods that change data
// take the audit event to write in the same transaction; reads and writes
// of tenant data filter on the tenant given.
type Store interface {
	// BuyerStanding reads a buyer's Standing (one narrow row: the shop
	// reads it on every page); a missing or foreign id wraps ErrNotFound.
	BuyerStanding(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Standing, error)
	// CreateBuyer inserts b; a taken code wraps ErrConflict, a price group
	// not of the tenant wraps ErrUnknownPriceGroup.
	CreateBuyer(ctx context.Context, b Buyer, ev audit.Event) (Buyer, error)
	// UpdateBuyer saves every field but the status, if the row's updated_at
	// is still b.UpdatedAt (else ErrStale); other errors as CreateBuyer.
	UpdateBuyer(ctx context.Context, b Buyer, ev audit.Event) (Buyer, error)
	// SetBuyerStatus changes the status; suspending ends the sessions of the
	// company's users in the same transaction.
	SetBuyerStatus(ctx context.Context, t oroshi.TenantID, id oroshi.ID, status string, ev audit.Event) error
	Buyer(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Buyer, error)
	BuyerByCode(ctx context.Context, t oroshi.TenantID, code string) (Buyer, error)
	// Buyers returns one page of the buyers matching f and the total count.
	Buyers(ctx context.Context, t oroshi.TenantID, f Filter) ([]Buyer, int, error)
	// BuyerUsers lists the shop users of one buyer company by e-mail.
	BuyerUsers(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) ([]identity.User, error)

	ShipToStore
	PriceGroupStore
	CustomFields(ctx context.Context, t oroshi.TenantID, e customfields.Entity) ([]customfields.Field, error)
}

// Errors the store reports for rules it enforces inside its transaction.
var (
	// ErrUnknownPriceGroup: the buyer's price group is not one of its tenant.
	ErrUnknownPriceGroup = errors.New("unknown price group")
	// ErrStale: the buyer changed since the caller read it (another person
	// saved it meanwhile). It matches oroshi.ErrConflict.
	ErrStale = fmt.Errorf("buyer changed since it was read: %w", oroshi.ErrConflict)
)

// Service holds the rules about buyer companies. Identity is needed only by
// the buyer-user methods (invite, list, enable, disable).
type Service struct {
	Store    Store
	Identity *identity.Service
}

var codeRE = regexp.MustCompile(`^[0-9A-Za-z_-]{1,20}$`)

// Normalize folds the widths of b's text, puts its kana in katakana and its
// postal code and phone in their usual forms, and fills defaults (closing
// day 末日, 翌月末払い, 請求書払い, active). Values it cannot read are left as
// typed, for Validate to report.
func Normalize(b Buyer) Buyer {
	b.Code, b.Name, b.Kana = Fold(b.Code), Fold(b.Name), Katakana(b.Kana)
	b.Address, b.BillingName = Fold(b.Address), Fold(b.BillingName)
	b.BillingEmail = Fold(b.BillingEmail)
	b.PostalCode, _ = NormalizePostalCode(b.PostalCode)
	b.Phone, _ = NormalizePhone(b.Phone)
	if b.ClosingDay == 0 {
		b.ClosingDay = EndOfMonth
	}
	if b.PaymentTerms == (PaymentTerms{}) {
		b.PaymentTerms = PaymentTerms{MonthOffset: 1, Day: EndOfMonth}
	}
	if b.PaymentMethod == "" {
		b.PaymentMethod = PaymentInvoice
	}
	if b.Status == "" {
		b.Status = StatusActive
	}
	return b
}

// Validate checks a normalised buyer's own fields (not its custom values,
// which need the tenant's definitions), with Japanese messages keyed by the
// built-in field names of customfields.Builtins.
func Validate(b Buyer) error {
	v := &oroshi.ValidationError{}
	if !codeRE.MatchString(b.Code) {
		v.Add("code", "取引先コードは半角英数字・ハイフン・アンダースコアの20文字以内で入力してください")
	}
	checkLen(v, "name", b.Name, 1, 100, "取引先名を100文字以内で入力してください")
	checkLen(v, "kana", b.Kana, 0, 100, "フリガナは100文字以内で入力してください")
	if _, ok := NormalizePostalCode(b.PostalCode); !ok {
		v.Add("postal_code", "郵便番号は7桁の数字（例: 123-4567）で入力してください")
	}
	checkLen(v, "address", b.Address, 0, 200, "住所は200文字以内で入力してください")
	if _, ok := NormalizePhone(b.Phone); !ok {
		v.Add("phone", "電話番号は数字とハイフンで10〜15桁を入力してください")
	}
	checkLen(v, "billing_name", b.BillingName, 0, 100, "請求先担当者は100文字以内で入力してください")
	if b.BillingEmail != "" && !validEmail(b.BillingEmail) {
		v.Add("billing_email", "請求先メールの形式が正しくありません")
	}
	if b.PriceGroupID < 0 {
		v.Add("price_group", "価格グループが見つかりません")
	}
	if !validClosingDay(b.ClosingDay) {
		v.Add("closing_day", "締め日は5日・10日・15日・20日・25日・末日から選んでください")
	}
	if msg := b.PaymentTerms.problem(b.ClosingDay); msg != "" {
		v.Add("payment_terms", msg)
	}
	if b.CreditLimit < 0 || b.CreditLimit > MaxCreditLimit {
		v.Add("credit_limit", "与信限度額は0円（上限なし）以上、1兆円以下で入力してください")
	}
	if PaymentMethodLabel(b.PaymentMethod) == b.PaymentMethod {
		v.Add("payment_method", "支払方法を選択してください")
	}
	if b.Status != StatusActive && b.Status != StatusSuspended {
		v.Add("status", "状態の指定が正しくありません")
	}
	return v.Err()
}

// MaxCreditLimit keeps credit arithmetic far from int64 overflow.
const MaxCreditLimit oroshi.Yen = 1_000_000_000_000

func checkLen(v *oroshi.ValidationError, field, s string, minLen, maxLen int, msg string) {
	if n := utf8.RuneCountInString(s); n < minLen || n > maxLen {
		v.Add(field, msg)
	}
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254
}
