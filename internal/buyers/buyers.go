// Package buyers is about the seller's customers (取引先): buyer companies
// whose people order in the shop. The catalog issue extends it with
// addresses, closing days, price groups and custom fields.
package buyers

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// Buyer is a buyer company of one tenant.
type Buyer struct {
	ID        oroshi.ID
	Tenant    oroshi.TenantID
	Code      string // the seller's own code, unique per tenant
	Name      string
	Kana      string
	Status    string // active or suspended
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Store is what buyers needs from the database.
type Store interface {
	CreateBuyer(ctx context.Context, b Buyer, ev audit.Event) (Buyer, error)
	BuyerByCode(ctx context.Context, t oroshi.TenantID, code string) (Buyer, error)
}

var codeRE = regexp.MustCompile(`^[0-9A-Za-z_-]{1,20}$`)

// Validate checks a buyer's fields, with Japanese messages.
func Validate(b Buyer) error {
	v := &oroshi.ValidationError{}
	if !codeRE.MatchString(b.Code) {
		v.Add("code", "取引先コードは半角英数字・ハイフン・アンダースコアの20文字以内で入力してください")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(b.Name)); n == 0 || n > 100 {
		v.Add("name", "取引先名を100文字以内で入力してください")
	}
	if utf8.RuneCountInString(b.Kana) > 100 {
		v.Add("kana", "フリガナは100文字以内で入力してください")
	}
	return v.Err()
}

// Service holds the rules about buyer companies.
type Service struct {
	Store Store
}

// Create validates and stores a buyer company.
func (s *Service) Create(ctx context.Context, b Buyer, actor audit.Actor) (Buyer, error) {
	b.Code, b.Name, b.Kana = strings.TrimSpace(b.Code), strings.TrimSpace(b.Name), strings.TrimSpace(b.Kana)
	b.Status = "active"
	if err := Validate(b); err != nil {
		return Buyer{}, err
	}
	ev := actor.Event("顧客データ（作成）", "buyer", "")
	ev.Tenant = b.Tenant
	ev.Detail = map[string]any{"code": b.Code, "name": b.Name}
	return s.Store.CreateBuyer(ctx, b, ev)
}
