// Package support takes inquiries (お問い合わせ, SLA 5-1, 5-2): seller staff
// write to the operators, buyers write to their seller. Each inquiry is
// stored, mailed to whoever answers it and acknowledged to the sender by
// mail with its number, through the outbox so it goes out at any hour.
package support

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

// Statuses of an inquiry.
const (
	StatusOpen     = "open"
	StatusAnswered = "answered"
	StatusClosed   = "closed"
)

// StatusLabels are the Japanese names of the statuses, in display order.
var StatusLabels = []Label{{StatusOpen, "未対応"}, {StatusAnswered, "回答済み"}, {StatusClosed, "完了"}}

// Categories are the kinds of inquiry a form offers.
var Categories = []Label{{"usage", "使い方"}, {"order", "注文・取引"}, {"billing", "請求・契約"},
	{"trouble", "不具合"}, {"other", "その他"}}

// Label pairs a stored value with its Japanese name.
type Label struct{ Value, Name string }

// LabelOf is the Japanese name of v in ls, or v itself.
func LabelOf(ls []Label, v string) string {
	for _, l := range ls {
		if l.Value == v {
			return l.Name
		}
	}
	return v
}

// RateLimit is how many inquiries one user may file per RateWindow.
const (
	RateLimit  = 10
	RateWindow = time.Hour
)

// Inquiry is one message. Inquiries to the operators belong to tenant 0
// (FromTenant says whose staff wrote); buyers' belong to their seller.
type Inquiry struct {
	ID         oroshi.ID
	Tenant     oroshi.TenantID
	Number     int64
	FromTenant oroshi.TenantID
	FromRealm  string
	FromUserID oroshi.ID
	FromName   string
	BuyerID    oroshi.ID
	ReplyEmail string
	Category   string
	Subject    string
	Body       string
	Status     string
	Memo       string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Input is what a form sends.
type Input struct {
	Subject, Category, Body, ReplyEmail string
}

// Store keeps inquiries. CreateInquiry numbers inq in its tenant and
// queues the mails mailsFor makes of it, in one transaction.
type Store interface {
	CreateInquiry(ctx context.Context, inq Inquiry, mailsFor func(Inquiry) []notify.Mail) (Inquiry, error)
	CountInquiries(ctx context.Context, t, from oroshi.TenantID, user oroshi.ID, since time.Time) (int, error)
	Inquiries(ctx context.Context, t oroshi.TenantID, status string, limit int) ([]Inquiry, error)
	Inquiry(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Inquiry, error)
	UpdateInquiry(ctx context.Context, t oroshi.TenantID, id oroshi.ID, status, memo string, now time.Time) error
	Users(ctx context.Context, t oroshi.TenantID, realm identity.Realm) ([]identity.User, error)
}

// Service files and answers inquiries.
type Service struct {
	Store         Store
	Now           func() time.Time
	SupportEmails []string // who receives sellers' inquiries (config OROSHI_SUPPORT_EMAIL)
	BaseURL       string
}

func validate(in Input) (Input, error) {
	in.Subject, in.Body = strings.TrimSpace(in.Subject), strings.TrimSpace(in.Body)
	in.ReplyEmail = strings.TrimSpace(in.ReplyEmail)
	var v oroshi.ValidationError
	switch n := utf8.RuneCountInString(in.Subject); {
	case n == 0:
		v.Add("subject", "件名を入力してください。")
	case n > 100 || strings.ContainsAny(in.Subject, "\r\n"):
		v.Add("subject", "件名は改行なしの100文字以内で入力してください。")
	}
	if LabelOf(Categories, in.Category) == in.Category {
		v.Add("category", "種類を選んでください。")
	}
	switch n := utf8.RuneCountInString(in.Body); {
	case n == 0:
		v.Add("body", "内容を入力してください。")
	case n > 5000:
		v.Add("body", "内容は5000文字以内で入力してください。")
	}
	if a, err := mail.ParseAddress(in.ReplyEmail); err != nil || a.Address != in.ReplyEmail {
		v.Add("reply_email", "返信先のメールアドレスを正しく入力してください。")
	}
	return in, v.Err()
}

// limit refuses a sender who filed RateLimit inquiries in the last hour.
func (s *Service) limit(ctx context.Context, t, from oroshi.TenantID, user oroshi.ID) error {
	n, err := s.Store.CountInquiries(ctx, t, from, user, s.Now().Add(-RateWindow))
	if err != nil {
		return err
	}
	if n >= RateLimit {
		return fmt.Errorf("inquiries of user %s: %w", user, oroshi.ErrTooManyAttempts)
	}
	return nil
}

// Sender is who files an inquiry.
type Sender struct {
	Tenant     oroshi.TenantID
	TenantSlug string // for the link in the seller's notice
	TenantName string
	User       identity.User
}

// ToOperators files a seller's inquiry to the operators.
func (s *Service) ToOperators(ctx context.Context, from Sender, in Input) (Inquiry, error) {
	return s.file(ctx, oroshi.PlatformTenant, from, in, func(context.Context) ([]string, error) {
		return s.SupportEmails, nil
	})
}

// ToSeller files a buyer's inquiry to its seller (from.Tenant), whose
// admins receive it.
func (s *Service) ToSeller(ctx context.Context, from Sender, in Input) (Inquiry, error) {
	return s.file(ctx, from.Tenant, from, in, func(ctx context.Context) ([]string, error) {
		return s.sellerAdmins(ctx, from.Tenant)
	})
}

func (s *Service) file(ctx context.Context, owner oroshi.TenantID, from Sender, in Input,
	recipients func(context.Context) ([]string, error)) (Inquiry, error) {
	in, err := validate(in)
	if err != nil {
		return Inquiry{}, err
	}
	if err := s.limit(ctx, owner, from.Tenant, from.User.ID); err != nil {
		return Inquiry{}, err
	}
	to, err := recipients(ctx)
	if err != nil {
		return Inquiry{}, err
	}
	now := s.Now().UTC()
	inq := Inquiry{Tenant: owner, FromTenant: from.Tenant, FromRealm: string(from.User.Realm), FromUserID: from.User.ID,
		FromName: from.User.Name, BuyerID: from.User.BuyerID, ReplyEmail: in.ReplyEmail, Category: in.Category,
		Subject: in.Subject, Body: in.Body, Status: StatusOpen, CreatedAt: now, UpdatedAt: now}
	return s.Store.CreateInquiry(ctx, inq, func(q Inquiry) []notify.Mail { return s.mails(q, from, to) })
}

// sellerAdmins are the addresses of t's active staff who manage the shop.
func (s *Service) sellerAdmins(ctx context.Context, t oroshi.TenantID) ([]string, error) {
	users, err := s.Store.Users(ctx, t, identity.RealmAdmin)
	if err != nil {
		return nil, err
	}
	var to []string
	for _, u := range users {
		if u.Status == identity.StatusActive && identity.Can(u.Realm, u.Role, identity.PermAdminManage) {
			to = append(to, u.Email)
		}
	}
	return to, nil
}

// Inquiries lists t's inquiries, newest first; status "" for all.
func (s *Service) Inquiries(ctx context.Context, t oroshi.TenantID, status string) ([]Inquiry, error) {
	return s.Store.Inquiries(ctx, t, status, 200)
}

// Inquiry reads one of t's inquiries.
func (s *Service) Inquiry(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Inquiry, error) {
	return s.Store.Inquiry(ctx, t, id)
}

// Update sets an inquiry's status and the answerer's memo.
func (s *Service) Update(ctx context.Context, t oroshi.TenantID, id oroshi.ID, status, memo string) error {
	if LabelOf(StatusLabels, status) == status {
		return oroshi.Invalid("status", "状態を選んでください。")
	}
	if utf8.RuneCountInString(memo) > 5000 {
		return oroshi.Invalid("memo", "メモは5000文字以内で入力してください。")
	}
	return s.Store.UpdateInquiry(ctx, t, id, status, strings.TrimSpace(memo), s.Now().UTC())
}
