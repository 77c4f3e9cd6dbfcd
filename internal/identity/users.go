package identity

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

// Token lifetimes.
const (
	ResetTTL  = time.Hour
	InviteTTL = 7 * 24 * time.Hour
)

// NewUser is what it takes to create a user.
type NewUser struct {
	Tenant   oroshi.TenantID
	Realm    Realm
	BuyerID  oroshi.ID
	Email    string
	Name     string
	Role     string
	Password string // "" to invite by e-mail instead
}

func (s *Service) validateNew(n NewUser) error {
	v := &oroshi.ValidationError{}
	if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email || len(n.Email) > 254 {
		v.Add("email", "メールアドレスの形式が正しくありません")
	}
	if name := strings.TrimSpace(n.Name); name == "" || utf8.RuneCountInString(name) > 100 {
		v.Add("name", "氏名を100文字以内で入力してください")
	}
	if !ValidRole(n.Realm, n.Role) {
		v.Add("role", "権限の指定が正しくありません")
	}
	if (n.Realm == RealmShop) != (n.BuyerID != 0) {
		v.Add("buyer", "取引先の指定が正しくありません")
	}
	if n.Password != "" {
		if err := s.Policy.Check(n.Password, n.Email); err != nil {
			var ve *oroshi.ValidationError
			if errors.As(err, &ve) {
				v.Add("password", ve.Fields["password"])
			}
		}
	}
	return v.Err()
}

// CreateUser creates an active user with a password (CLI and demo), or an
// invited one when no password is given (then call Invite).
func (s *Service) CreateUser(ctx context.Context, n NewUser, actor audit.Actor) (User, error) {
	n.Email = NormalizeEmail(n.Email)
	n.Name = strings.TrimSpace(n.Name)
	if err := s.validateNew(n); err != nil {
		return User{}, err
	}
	u := User{Tenant: n.Tenant, Realm: n.Realm, BuyerID: n.BuyerID, Email: n.Email, Name: n.Name,
		Role: n.Role, Status: StatusInvited}
	if n.Password != "" {
		h, err := s.hash(ctx, n.Password)
		if err != nil {
			return User{}, err
		}
		u.PasswordHash, u.Status = h, StatusActive
	}
	ev := actor.Event("ユーザー（作成）", "user", "")
	ev.Tenant = n.Tenant
	ev.Detail = map[string]any{"email": u.Email, "name": u.Name, "role": u.Role, "realm": string(u.Realm)}
	created, err := s.Store.CreateUser(ctx, u, ev)
	if errors.Is(err, oroshi.ErrConflict) {
		return User{}, oroshi.Invalid("email", "このメールアドレスは既に登録されています")
	}
	if err != nil {
		return User{}, fmt.Errorf("create user %s: %w", u.Email, err)
	}
	return created, nil
}

// linkPath builds a link by realm; tenantSlug is ignored for operators. The
// token goes in the query string, which access logs leave out.
func (s *Service) linkPath(realm Realm, tenantSlug, kind, token string) string {
	base := s.BaseURL + "/" + tenantSlug
	switch realm {
	case RealmOps:
		base = s.BaseURL + "/ops"
	case RealmAdmin:
		base += "/admin"
	}
	return base + "/" + kind + "?token=" + url.QueryEscape(token)
}

// Invite e-mails u a single-use link to set a password, and returns it (the
// CLI prints it when mail cannot be relied on).
func (s *Service) Invite(ctx context.Context, u User, tenantSlug, tenantName, inviter string) (string, error) {
	secret, hash := newToken()
	now := s.now()
	link := s.linkPath(u.Realm, tenantSlug, "invite", secret)
	m := notify.Mail{Tenant: u.Tenant, To: u.Email, Subject: "【" + orDefault(tenantName, "oroshi") + "】アカウントへのご招待",
		Text: inviteText(u, tenantName, inviter, link)}
	tok := Token{ID: hash, Tenant: u.Tenant, UserID: u.ID, Purpose: PurposeInvite, ExpiresAt: now.Add(InviteTTL), CreatedAt: now}
	if err := s.Store.CreateToken(ctx, tok, m); err != nil {
		return "", fmt.Errorf("invite %s: %w", u.Email, err)
	}
	return link, nil
}

// RequestReset e-mails a reset link when the address belongs to an active
// user. It answers the same whether or not the address exists.
func (s *Service) RequestReset(ctx context.Context, t oroshi.TenantID, realm Realm, email, tenantSlug, tenantName, clientAddr string) error {
	email = NormalizeEmail(email)
	if err := s.CheckRateLimit(ctx, "reset:"+clientAddr, LockRule{Max: 10, Window: time.Hour, LockFor: time.Hour}); err != nil {
		return err
	}
	if err := s.CheckRateLimit(ctx, "reset:"+string(realm)+":"+t.String()+":"+email, LockRule{Max: 3, Window: time.Hour, LockFor: time.Hour}); err != nil {
		return nil // silently: the person already has recent mails
	}
	u, err := s.Store.UserByEmail(ctx, t, realm, email)
	if errors.Is(err, oroshi.ErrNotFound) || (err == nil && u.Status != StatusActive) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reset: %w", err)
	}
	secret, hash := newToken()
	now := s.now()
	link := s.linkPath(realm, tenantSlug, "password/reset", secret)
	m := notify.Mail{Tenant: u.Tenant, To: u.Email, Subject: "【" + orDefault(tenantName, "oroshi") + "】パスワード再設定のご案内",
		Text: resetText(u, link) + signature(tenantName)}
	tok := Token{ID: hash, Tenant: t, UserID: u.ID, Purpose: PurposeReset, ExpiresAt: now.Add(ResetTTL), CreatedAt: now}
	if err := s.Store.CreateToken(ctx, tok, m); err != nil {
		return fmt.Errorf("reset %s: %w", email, err)
	}
	return nil
}

// Redeem sets a new password through an invitation or reset link of realm.
// An unknown, used or expired link, or one for another realm, wraps
// ErrNotFound and changes nothing.
func (s *Service) Redeem(ctx context.Context, t oroshi.TenantID, realm Realm, purpose, secret, password, confirm, clientAddr string) (User, error) {
	target, err := s.LinkUser(ctx, t, realm, purpose, secret)
	if err != nil {
		return User{}, err
	}
	if password != confirm {
		return User{}, oroshi.Invalid("confirm", "確認用パスワードが一致しません")
	}
	if err := s.Policy.Check(password, target.Email); err != nil {
		return User{}, err
	}
	h, err := s.hash(ctx, password)
	if err != nil {
		return User{}, err
	}
	action := "パスワード（再設定）"
	if purpose == PurposeInvite {
		action = "ユーザー（招待受諾）"
	}
	ev := audit.Event{Tenant: t, ActorRealm: audit.RealmSystem, Action: action, ClientAddr: clientAddr}
	u, err := s.Store.RedeemToken(ctx, t, HashToken(secret), purpose, h, s.now(), ev)
	if err != nil {
		return User{}, fmt.Errorf("redeem %s link: %w", purpose, err)
	}
	return u, nil
}

// CheckLink tells whether a link is still usable, before showing its form.
func (s *Service) CheckLink(ctx context.Context, t oroshi.TenantID, realm Realm, purpose, secret string) error {
	_, err := s.LinkUser(ctx, t, realm, purpose, secret)
	return err
}

// LinkUser returns the user a still-usable link is for, so that its form
// can say which account the password is being set for.
func (s *Service) LinkUser(ctx context.Context, t oroshi.TenantID, realm Realm, purpose, secret string) (User, error) {
	if secret == "" || len(secret) > 100 {
		return User{}, fmt.Errorf("link: %w", oroshi.ErrNotFound)
	}
	tok, err := s.Store.Token(ctx, t, HashToken(secret))
	if err != nil {
		return User{}, fmt.Errorf("link: %w", err)
	}
	if tok.Purpose != purpose || tok.UsedAt != nil || !s.now().Before(tok.ExpiresAt) {
		return User{}, fmt.Errorf("link: %w", oroshi.ErrNotFound)
	}
	u, err := s.Store.User(ctx, t, tok.UserID)
	if err == nil && u.Realm != realm { // a buyer's link does not open the admin area
		err = oroshi.ErrNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("link: %w", err)
	}
	return u, nil
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

func inviteText(u User, tenantName, inviter, link string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s 様\n\n", u.Name)
	fmt.Fprintf(&b, "%sより、受発注システム oroshi のアカウントにご招待いたしました。\n", orDefault(inviter, orDefault(tenantName, "oroshi 運営事務局")))
	b.WriteString("下記のリンクからパスワードを設定し、ご利用を開始してください。\n\n")
	fmt.Fprintf(&b, "%s\n\n", link)
	fmt.Fprintf(&b, "ログインID（メールアドレス）: %s\n", u.Email)
	fmt.Fprintf(&b, "このリンクの有効期限は%d日間で、一度だけ使えます。\n", int(InviteTTL.Hours()/24))
	b.WriteString("お心当たりのない場合は、このメールを破棄してください。\n")
	b.WriteString(signature(tenantName))
	return b.String()
}

// signature closes every mail: who sent it and that replies are not read.
func signature(tenantName string) string {
	return "\n--\n" + orDefault(tenantName, "oroshi 運営事務局") +
		"\n受発注システム oroshi から自動送信しています。このメールに返信されても対応できません。\n"
}

func resetText(u User, link string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s 様\n\n", u.Name)
	b.WriteString("パスワード再設定のご依頼を受け付けました。下記のリンクから新しいパスワードを設定してください。\n\n")
	fmt.Fprintf(&b, "%s\n\n", link)
	b.WriteString("このリンクの有効期限は1時間で、一度だけ使えます。\n")
	b.WriteString("お心当たりのない場合は、このメールを破棄してください。パスワードは変更されません。\n")
	return b.String()
}

// SetStatus enables or disables a user of realm in tenant t. A user of
// another realm is not found; only an owner may change an owner.
func (s *Service) SetStatus(ctx context.Context, t oroshi.TenantID, realm Realm, id oroshi.ID, status, actorRole string, actor audit.Actor) error {
	u, err := s.Store.User(ctx, t, id)
	if err != nil {
		return err
	}
	if u.Realm != realm {
		return fmt.Errorf("user %s: %w", id, oroshi.ErrNotFound)
	}
	if u.Role == RoleOwner && actorRole != RoleOwner {
		return fmt.Errorf("change owner %s: %w", id, oroshi.ErrForbidden)
	}
	action := "ユーザー（無効化）"
	if status == StatusActive {
		action = "ユーザー（有効化）"
		if u.PasswordHash == "" { // never accepted the invitation: back to invited
			status = StatusInvited
		}
	}
	ev := actor.Event(action, "user", id.String())
	ev.Tenant = t
	ev.Detail = map[string]any{"status": map[string]string{"before": u.Status, "after": status}}
	return s.Store.SetUserStatus(ctx, t, id, status, ev)
}
