package identity

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

var totpOpts = totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// Enrollment is a TOTP secret being set up: shown once as a QR code.
type Enrollment struct {
	Secret string // base32, for manual entry
	URL    string // otpauth:// URL for the QR code
}

// BeginTOTP creates a new secret for u, stored sealed and not yet enabled.
func (s *Service) BeginTOTP(ctx context.Context, u User, tenantName string) (Enrollment, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuerName(tenantName), AccountName: u.Email})
	if err != nil {
		return Enrollment{}, fmt.Errorf("generate totp: %w", err)
	}
	sealed, err := s.seal(key.Secret())
	if err != nil {
		return Enrollment{}, err
	}
	if err := s.Store.SetTOTP(ctx, u.Tenant, u.ID, sealed, false, nil); err != nil {
		return Enrollment{}, fmt.Errorf("store totp: %w", err)
	}
	return Enrollment{Secret: key.Secret(), URL: key.URL()}, nil
}

// Enrollment returns the secret being set up, creating one when there is
// none yet, so that reloading the page or mistyping a code keeps the QR code
// the person already scanned.
func (s *Service) Enrollment(ctx context.Context, u User, tenantName string) (Enrollment, error) {
	if u.TOTPEnabled || u.TOTPSecret == "" {
		return s.BeginTOTP(ctx, u, tenantName)
	}
	secret, err := s.open(u.TOTPSecret)
	if err != nil {
		return s.BeginTOTP(ctx, u, tenantName)
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		return Enrollment{}, fmt.Errorf("decode totp secret: %w", err)
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuerName(tenantName), AccountName: u.Email, Secret: raw})
	if err != nil {
		return Enrollment{}, fmt.Errorf("totp key: %w", err)
	}
	return Enrollment{Secret: key.Secret(), URL: key.URL()}, nil
}

func issuerName(tenantName string) string {
	if tenantName != "" {
		return "oroshi " + tenantName
	}
	return "oroshi"
}

// ConfirmTOTP enables the pending secret when code matches it, and completes
// the session's second factor.
func (s *Service) ConfirmTOTP(ctx context.Context, sess Session, u User, code, clientAddr string) error {
	if err := s.checkCode(ctx, sess, u, code, clientAddr); err != nil {
		return err
	}
	ev := audit.Actor{Realm: string(u.Realm), ID: u.ID, ClientAddr: clientAddr}.Event("二段階認証（設定）", "user", u.ID.String())
	ev.Tenant = u.Tenant
	if err := s.Store.SetTOTP(ctx, u.Tenant, u.ID, u.TOTPSecret, true, &ev); err != nil {
		return fmt.Errorf("enable totp: %w", err)
	}
	return s.completeMFA(ctx, sess, u, clientAddr)
}

// VerifyTOTP checks the second factor of a session whose password was
// accepted. Wrong codes count toward the account lockout.
func (s *Service) VerifyTOTP(ctx context.Context, sess Session, u User, code, clientAddr string) error {
	if !u.TOTPEnabled {
		return fmt.Errorf("totp not set up: %w", oroshi.ErrForbidden)
	}
	if err := s.checkCode(ctx, sess, u, code, clientAddr); err != nil {
		return err
	}
	return s.completeMFA(ctx, sess, u, clientAddr)
}

func (s *Service) checkCode(ctx context.Context, sess Session, u User, code, clientAddr string) error {
	keys := lockKeys(u.Tenant, u.Realm, u.Email, clientAddr)
	now := s.now()
	until, err := s.Store.LoginLockedUntil(ctx, now, keys.account, keys.client)
	if err != nil {
		return err
	}
	if until.After(now) {
		return oroshi.ErrTooManyAttempts
	}
	secret, err := s.open(u.TOTPSecret)
	if err != nil {
		return fmt.Errorf("totp secret: %w", err)
	}
	step, ok := matchStep(secret, code, now)
	if ok {
		// A code is good once: RFC 6238 §5.2 asks verifiers to refuse reuse.
		err := s.Store.UseTOTPStep(ctx, u.Tenant, u.ID, step)
		if errors.Is(err, oroshi.ErrConflict) {
			ok = false
		} else if err != nil {
			return err
		}
	}
	if !ok {
		s.recordFailure(ctx, keys, now)
		return oroshi.Invalid("code", "確認コードが正しくありません")
	}
	return nil
}

// matchStep finds the 30-second step, within one step of now either way
// (clock drift), whose code is code.
func matchStep(secret, code string, now time.Time) (int64, bool) {
	if len(code) != 6 {
		return 0, false
	}
	base := now.Unix() / 30
	for _, step := range []int64{base - 1, base, base + 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*30, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

func (s *Service) completeMFA(ctx context.Context, sess Session, u User, clientAddr string) error {
	ev := audit.Actor{Realm: string(u.Realm), ID: u.ID, ClientAddr: clientAddr}.Event("ログイン", "user", u.ID.String())
	ev.Tenant = u.Tenant
	if err := s.Store.CompleteMFA(ctx, sess.Tenant, sess.ID, ev); err != nil {
		return fmt.Errorf("complete mfa: %w", err)
	}
	_ = s.Store.ClearLoginFailures(ctx, lockKeys(u.Tenant, u.Realm, u.Email, clientAddr).account)
	return nil
}

// CurrentCode returns the code of a sealed secret at t (tests, demo tools).
func (s *Service) CurrentCode(sealed string, t time.Time) (string, error) {
	secret, err := s.open(sealed)
	if err != nil {
		return "", err
	}
	return totp.GenerateCodeCustom(secret, t, totp.ValidateOpts(totpOpts))
}

// seal encrypts a TOTP secret with AES-GCM under a key derived from the
// server secret, so a copy of the database alone cannot mint codes.
func (s *Service) seal(plain string) (string, error) { return s.sealAs("totp", plain) }

func (s *Service) open(sealed string) (string, error) { return s.openAs("totp", sealed) }

// sealAs seals plain for one purpose: the purpose is the GCM additional
// data, so a value sealed for one purpose does not open as another.
func (s *Service) sealAs(purpose, plain string) (string, error) {
	gcm, err := s.gcm()
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return base64.RawStdEncoding.EncodeToString(gcm.Seal(nonce, nonce, []byte(plain), []byte(purpose))), nil
}

func (s *Service) openAs(purpose, sealed string) (string, error) {
	raw, err := base64.RawStdEncoding.DecodeString(sealed)
	if err != nil || sealed == "" {
		return "", errors.New("malformed sealed secret")
	}
	gcm, err := s.gcm()
	if err != nil {
		return "", err
	}
	if len(raw) < gcm.NonceSize() {
		return "", errors.New("malformed sealed secret")
	}
	plain, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], []byte(purpose))
	if err != nil {
		return "", fmt.Errorf("open sealed secret: %w", err)
	}
	return string(plain), nil
}

// Sealer seals the secrets of another area (webhook signing secrets) with
// the key and code that seal TOTP secrets, under its own purpose.
type Sealer struct {
	s       *Service
	purpose string
}

// Sealer returns a sealer for purpose (e.g. "webhook"); never "totp".
func (s *Service) Sealer(purpose string) Sealer { return Sealer{s: s, purpose: purpose} }

// Seal encrypts plain.
func (x Sealer) Seal(plain string) (string, error) { return x.s.sealAs(x.purpose, plain) }

// Open decrypts what Seal returned.
func (x Sealer) Open(sealed string) (string, error) { return x.s.openAs(x.purpose, sealed) }

func (s *Service) gcm() (cipher.AEAD, error) {
	key := sha256.Sum256(append([]byte("oroshi totp seal v1:"), s.Secret...))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// EnableTOTPNow creates and enables a secret at once, for users set up by
// an operator on the command line (the demo); it returns the secret to show.
func (s *Service) EnableTOTPNow(ctx context.Context, u User, tenantName string) (Enrollment, error) {
	en, err := s.BeginTOTP(ctx, u, tenantName)
	if err != nil {
		return Enrollment{}, err
	}
	fresh, err := s.Store.User(ctx, u.Tenant, u.ID)
	if err != nil {
		return Enrollment{}, err
	}
	if err := s.Store.SetTOTP(ctx, u.Tenant, u.ID, fresh.TOTPSecret, true, nil); err != nil {
		return Enrollment{}, err
	}
	return en, nil
}

// RevealTOTP returns the base32 secret of u (the CLI shows it to operators
// who set the user up; it never reaches a web page once enabled).
func (s *Service) RevealTOTP(u User) (string, error) { return s.open(u.TOTPSecret) }
