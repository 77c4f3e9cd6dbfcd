package identity

import (
	"context"
	"time"

	"github.com/oroshi-jp/oroshi"
)

// LockRule says how many failures within Window lock a key for LockFor.
type LockRule struct {
	Max     int
	Window  time.Duration
	LockFor time.Duration
}

// Lockout rules. Per account they stop password guessing against one person;
// per client address they stop spraying many accounts, with a higher limit
// because an office behind one NAT address shares it.
var (
	AccountLock = LockRule{Max: 5, Window: 15 * time.Minute, LockFor: 15 * time.Minute}
	ClientLock  = LockRule{Max: 50, Window: 15 * time.Minute, LockFor: 15 * time.Minute}
)

type lockKeySet struct{ account, client string }

func lockKeys(t oroshi.TenantID, realm Realm, email, clientAddr string) lockKeySet {
	return lockKeySet{
		account: "acct:" + string(realm) + ":" + t.String() + ":" + email,
		client:  "addr:" + clientAddr,
	}
}

// recordFailure counts a failed attempt against the account and the client.
// Its errors are not the caller's business: the sign-in already failed.
func (s *Service) recordFailure(ctx context.Context, k lockKeySet, now time.Time) {
	_ = s.Store.RecordLoginFailure(ctx, k.account, now, AccountLock)
	_ = s.Store.RecordLoginFailure(ctx, k.client, now, ClientLock)
}

// CheckRateLimit records one use of key under rule and reports
// ErrTooManyAttempts once the key is locked. Password-reset requests use it
// so that nobody can flood a person's mailbox.
func (s *Service) CheckRateLimit(ctx context.Context, key string, rule LockRule) error {
	now := s.now()
	until, err := s.Store.LoginLockedUntil(ctx, now, key)
	if err != nil {
		return err
	}
	if until.After(now) {
		return oroshi.ErrTooManyAttempts
	}
	return s.Store.RecordLoginFailure(ctx, key, now, rule)
}
