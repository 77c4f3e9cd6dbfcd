package documents

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// Delivery is how an issued document reaches the buyer by e-mail (送付方法),
// a setting of the layout.
type Delivery string

// Deliveries.
const (
	DeliveryLink   Delivery = "link"   // リンク: a link to the shop's download (the default)
	DeliveryAttach Delivery = "attach" // PDF添付: the PDF itself, read at send time
)

// Deliveries lists the choices in display order.
var Deliveries = []Delivery{DeliveryLink, DeliveryAttach}

// Label is the Japanese name of the choice.
func (d Delivery) Label() string {
	switch d {
	case DeliveryLink:
		return "リンク"
	case DeliveryAttach:
		return "PDF添付"
	}
	return string(d)
}

// Valid reports whether d is one of Deliveries.
func (d Delivery) Valid() bool { return d == DeliveryLink || d == DeliveryAttach }

// recipients are who hears of a document: the shop user the source names
// (the order's placer, the quote's requester) while active in the company,
// else the company's active admins.
func (s *Service) recipients(ctx context.Context, t oroshi.TenantID, buyerID, userID oroshi.ID) ([]identity.User, error) {
	if userID != 0 {
		u, err := s.Store.User(ctx, t, userID)
		if err != nil && !errors.Is(err, oroshi.ErrNotFound) {
			return nil, fmt.Errorf("document recipient %s: %w", userID, err)
		}
		if err == nil && u.Realm == identity.RealmShop && u.BuyerID == buyerID && u.Status == identity.StatusActive {
			return []identity.User{u}, nil
		}
	}
	users, err := s.Store.BuyerUsers(ctx, t, buyerID)
	if err != nil {
		return nil, fmt.Errorf("document recipients of buyer %s: %w", buyerID, err)
	}
	var out []identity.User
	for _, u := range users {
		if u.Role == identity.RoleBuyerAdmin && u.Status == identity.StatusActive {
			out = append(out, u)
		}
	}
	return out, nil
}

// deliveryMails are the mails telling of d (its ID already chosen), one per
// recipient, sent as the layout says: a link, or the PDF attached.
func (s *Service) deliveryMails(ctx context.Context, t oroshi.TenantID, lo Layout, d Document, userID oroshi.ID) ([]notify.Mail, error) {
	people, err := s.recipients(ctx, t, d.BuyerID, userID)
	if err != nil || len(people) == 0 {
		return nil, err
	}
	tn, err := s.Store.Tenant(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("document mail: tenant %s: %w", t, err)
	}
	var mails []notify.Mail
	for _, u := range people {
		m := notify.Mail{Tenant: t, To: u.Email, Subject: "【" + tn.Name + "】" + d.Kind.Label() + "を発行しました（" + d.Number + "）",
			Text: s.deliveryText(tn, lo, d, u)}
		if lo.Delivery == DeliveryAttach {
			m.DocumentIDs = []oroshi.ID{d.ID}
		}
		mails = append(mails, m)
	}
	return mails, nil
}

// deliveryText is the plain-text body of a document's mail to u.
func (s *Service) deliveryText(tn tenancy.Tenant, lo Layout, d Document, u identity.User) string {
	shop := strings.TrimRight(s.BaseURL, "/") + "/" + tn.Slug
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s 様\n\nいつもお世話になっております。%sです。\n", d.BuyerName, u.Name, lo.CompanyName)
	fmt.Fprintf(&b, "%s（%s 第%d版）を発行しました。\n\n", d.Kind.Label(), d.Number, d.Version)
	fmt.Fprintf(&b, "帳票番号: %s\n取引年月日: %s\n金額（税込）: %s\n", d.Number, DateText(d.DocDate), YenText(d.Total))
	if d.Version > 1 {
		fmt.Fprintf(&b, "※ この帳票は第%d版に代わるものです。以前の版は破棄してください。\n", d.Version-1)
	}
	if lo.Delivery == DeliveryAttach {
		fmt.Fprintf(&b, "\n帳票のPDF（%s）を添付しております。ご確認ください。\n", d.FileName())
	} else {
		fmt.Fprintf(&b, "\n帳票のPDFは下記からダウンロードいただけます（ログインが必要です）。\n%s/documents/%s/pdf\n", shop, d.ID)
	}
	fmt.Fprintf(&b, "\n発行済みの帳票の一覧:\n%s/documents\n\n", shop)
	b.WriteString("このメールは送信専用です。ご不明な点は担当者までお問い合わせください。\n")
	if lo.CompanyName != "" {
		b.WriteString(lo.CompanyName + "\n")
	}
	return b.String()
}
