package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

// Store is what identity needs from the database. Methods that change data
// take the audit event to write in the same transaction.
type Store interface {
	CreateUser(ctx context.Context, u User, ev audit.Event) (User, error)
	User(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (User, error)
	UserByEmail(ctx context.Context, t oroshi.TenantID, realm Realm, email string) (User, error)
	Users(ctx context.Context, t oroshi.TenantID, realm Realm) ([]User, error)
	SetUserStatus(ctx context.Context, t oroshi.TenantID, id oroshi.ID, status string, ev audit.Event) error
	SetTOTP(ctx context.Context, t oroshi.TenantID, id oroshi.ID, sealedSecret string, enabled bool, ev *audit.Event) error
	// UseTOTPStep records the time step of an accepted code; a step not
	// after the last one recorded wraps ErrConflict (a replayed code).
	UseTOTPStep(ctx context.Context, t oroshi.TenantID, id oroshi.ID, step int64) error

	CreateSession(ctx context.Context, s Session, ev audit.Event) error
	Session(ctx context.Context, t oroshi.TenantID, id string) (Session, error)
	// SessionUser is Session with its user, in one read; the user without
	// its secrets (PasswordHash and TOTPSecret empty).
	SessionUser(ctx context.Context, t oroshi.TenantID, id string) (Session, User, error)
	TouchSession(ctx context.Context, t oroshi.TenantID, id string, at time.Time) error
	CompleteMFA(ctx context.Context, t oroshi.TenantID, id string, ev audit.Event) error
	DeleteSession(ctx context.Context, t oroshi.TenantID, id string, ev *audit.Event) error

	LoginLockedUntil(ctx context.Context, now time.Time, keys ...string) (time.Time, error)
	RecordLoginFailure(ctx context.Context, key string, now time.Time, rule LockRule) error
	ClearLoginFailures(ctx context.Context, key string) error

	CreateToken(ctx context.Context, tok Token, mail notify.Mail) error
	Token(ctx context.Context, t oroshi.TenantID, id string) (Token, error)
	// RedeemToken marks an unused, unexpired token used, sets the user's
	// password (activating an invited user) and ends the user's sessions,
	// all at once. A used, expired or unknown token wraps ErrNotFound.
	RedeemToken(ctx context.Context, t oroshi.TenantID, id, purpose string, passwordHash string, now time.Time, ev audit.Event) (User, error)
}

// Service holds the rules of signing in.
type Service struct {
	Store           Store
	Policy          *PasswordPolicy
	Now             func() time.Time
	SessionIdle     time.Duration
	SessionAbsolute time.Duration
	Secret          []byte // seals TOTP secrets
	BaseURL         string // for links in mail, without a trailing slash
	// ShopAccess says whether a buyer company's users may sign in (nil: all
	// may). buyers.Service.CheckSignIn fills it; identity cannot import
	// buyers, which imports identity.
	ShopAccess func(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) error

	hashes hashGate // bounds concurrent argon2id work (hashgate.go)
}

// NewService sets defaults for what is not given.
func NewService(st Store, secret []byte, baseURL string, idle, absolute time.Duration) *Service {
	return &Service{Store: st, Policy: NewPasswordPolicy(), Now: time.Now, SessionIdle: idle,
		SessionAbsolute: absolute, Secret: secret, BaseURL: strings.TrimRight(baseURL, "/"), hashes: newHashGate()}
}

func (s *Service) now() time.Time { return s.Now().UTC() }

// NormalizeEmail is how addresses are compared and stored.
func NormalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// newToken returns a random secret for a cookie or a link, and its hash.
func newToken() (secret, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err)) // the OS is broken; nothing safe to do
	}
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, HashToken(secret)
}

// HashToken is how a secret is found in the database.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// SignInResult is a new session and the cookie secret that names it.
type SignInResult struct {
	Session Session
	Token   string
	User    User
}

// SignIn checks a password and opens a session. Every failure, unknown user
// or wrong password or disabled account, returns the same ErrUnauthorized;
// a lockout returns ErrTooManyAttempts before the password is even checked.
func (s *Service) SignIn(ctx context.Context, t oroshi.TenantID, realm Realm, email, password, clientAddr string, tenantRequiresMFA bool) (SignInResult, error) {
	email = NormalizeEmail(email)
	keys := lockKeys(t, realm, email, clientAddr)
	now := s.now()
	until, err := s.Store.LoginLockedUntil(ctx, now, keys.account, keys.client)
	if err != nil {
		return SignInResult{}, fmt.Errorf("sign in: %w", err)
	}
	if until.After(now) {
		return SignInResult{}, fmt.Errorf("sign in %s: %w", realm, oroshi.ErrTooManyAttempts)
	}
	u, err := s.checkPassword(ctx, t, realm, email, password)
	if err != nil {
		if errors.Is(err, oroshi.ErrUnauthorized) {
			s.recordFailure(ctx, keys, now)
		}
		return SignInResult{}, err
	}
	_ = s.Store.ClearLoginFailures(ctx, keys.account)
	res, err := s.openSession(ctx, u, clientAddr, NeedsMFA(u, tenantRequiresMFA))
	if err != nil {
		return SignInResult{}, err
	}
	return res, nil
}

func (s *Service) checkPassword(ctx context.Context, t oroshi.TenantID, realm Realm, email, password string) (User, error) {
	u, err := s.Store.UserByEmail(ctx, t, realm, email)
	if errors.Is(err, oroshi.ErrNotFound) {
		_, _ = s.verify(ctx, password, dummyHash()) // same cost as a real check
		return User{}, fmt.Errorf("sign in: %w", oroshi.ErrUnauthorized)
	}
	if err != nil {
		return User{}, fmt.Errorf("sign in: %w", err)
	}
	if u.PasswordHash == "" {
		_, _ = s.verify(ctx, password, dummyHash())
		return User{}, fmt.Errorf("sign in: %w", oroshi.ErrUnauthorized)
	}
	ok, err := s.verify(ctx, password, u.PasswordHash)
	if err != nil || !ok || u.Status != StatusActive {
		return User{}, fmt.Errorf("sign in: %w", oroshi.ErrUnauthorized)
	}
	if err := s.shopAccess(ctx, u); err != nil {
		return User{}, err
	}
	return u, nil
}

// shopAccess refuses the users of a suspended buyer company with the same
// answer as a wrong password.
func (s *Service) shopAccess(ctx context.Context, u User) error {
	if u.Realm != RealmShop || s.ShopAccess == nil {
		return nil
	}
	err := s.ShopAccess(ctx, u.Tenant, u.BuyerID)
	if errors.Is(err, oroshi.ErrUnauthorized) || errors.Is(err, oroshi.ErrNotFound) {
		return fmt.Errorf("sign in: buyer not active: %w", oroshi.ErrUnauthorized)
	}
	return err
}

func (s *Service) openSession(ctx context.Context, u User, clientAddr string, mfa bool) (SignInResult, error) {
	token, id := newToken()
	csrf, _ := newToken()
	now := s.now()
	sess := Session{ID: id, Tenant: u.Tenant, Realm: u.Realm, UserID: u.ID, CSRFToken: csrf,
		MFAPending: mfa, ClientAddr: clientAddr, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.SessionAbsolute)}
	ev := audit.Actor{Realm: string(u.Realm), ID: u.ID, ClientAddr: clientAddr}.Event("ログイン", "user", u.ID.String())
	ev.Tenant = u.Tenant
	if mfa {
		ev.Action = "ログイン（パスワード確認）"
	}
	if err := s.Store.CreateSession(ctx, sess, ev); err != nil {
		return SignInResult{}, fmt.Errorf("open session: %w", err)
	}
	return SignInResult{Session: sess, Token: token, User: u}, nil
}

// Authenticate finds the session a cookie names. Expired (idle or absolute)
// and unknown sessions wrap ErrUnauthorized; the last-seen time is written
// at most once a minute so that reading pages does not write every time.
func (s *Service) Authenticate(ctx context.Context, t oroshi.TenantID, realm Realm, token string) (Session, User, error) {
	if token == "" || len(token) > 100 {
		return Session{}, User{}, fmt.Errorf("session: %w", oroshi.ErrUnauthorized)
	}
	// A session whose user is gone answers as missing.
	sess, u, err := s.Store.SessionUser(ctx, t, HashToken(token))
	if errors.Is(err, oroshi.ErrNotFound) || (err == nil && sess.Realm != realm) {
		return Session{}, User{}, fmt.Errorf("session: %w", oroshi.ErrUnauthorized)
	}
	if err != nil {
		return Session{}, User{}, fmt.Errorf("session: %w", err)
	}
	now := s.now()
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.SessionIdle {
		_ = s.Store.DeleteSession(ctx, t, sess.ID, nil)
		return Session{}, User{}, fmt.Errorf("session expired: %w", oroshi.ErrUnauthorized)
	}
	if u.Status != StatusActive {
		return Session{}, User{}, fmt.Errorf("session user: %w", oroshi.ErrUnauthorized)
	}
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.Store.TouchSession(ctx, t, sess.ID, now); err != nil {
			return Session{}, User{}, fmt.Errorf("touch session: %w", err)
		}
		sess.LastSeenAt = now
	}
	return sess, u, nil
}

// SignOut ends a session.
func (s *Service) SignOut(ctx context.Context, sess Session, clientAddr string) error {
	ev := audit.Actor{Realm: string(sess.Realm), ID: sess.UserID, ClientAddr: clientAddr}.Event("ログアウト", "user", sess.UserID.String())
	ev.Tenant = sess.Tenant
	if err := s.Store.DeleteSession(ctx, sess.Tenant, sess.ID, &ev); err != nil && !errors.Is(err, oroshi.ErrNotFound) {
		return fmt.Errorf("sign out: %w", err)
	}
	return nil
}
