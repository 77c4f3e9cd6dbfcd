// Package apikeys is about per-tenant API keys: their format, scopes,
// creation, authentication and revocation.
package apikeys

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// Key is an API key as people and handlers see it; the secret is never kept.
type Key struct {
	ID         oroshi.ID
	Tenant     oroshi.TenantID
	Name       string
	Prefix     string // the start of the plaintext, to recognise a key by eye
	Scopes     []string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// Revoked tells whether the key has been revoked.
func (k Key) Revoked() bool { return k.RevokedAt != nil }

// Record is a key as stored: the key plus the SHA-256 (hex) of its plaintext.
type Record struct {
	Key
	SecretHash string
}

// Store is what apikeys needs from the database. Every method is scoped to
// one tenant; a key of another tenant is never found.
type Store interface {
	// CreateAPIKey stores r (assigning its ID) and records it in the
	// operation history; a hash already stored wraps oroshi.ErrConflict.
	CreateAPIKey(ctx context.Context, r Record, actor audit.Actor) (Key, error)
	// APIKeyByHash finds a key, revoked or not; none wraps oroshi.ErrNotFound.
	APIKeyByHash(ctx context.Context, t oroshi.TenantID, secretHash string) (Record, error)
	// APIKeys lists the tenant's keys, newest first, revoked ones included.
	APIKeys(ctx context.Context, t oroshi.TenantID) ([]Key, error)
	// RevokeAPIKey sets revoked_at unless already set and records it.
	RevokeAPIKey(ctx context.Context, t oroshi.TenantID, id oroshi.ID, at time.Time, actor audit.Actor) error
	// TouchAPIKey sets last_used_at to at when it is unset or before
	// staleBefore, so that concurrent requests write it once.
	TouchAPIKey(ctx context.Context, t oroshi.TenantID, id oroshi.ID, at, staleBefore time.Time) error
}

// TouchInterval is how stale last_used_at may get: updating it on every
// request would turn every API read into a database write.
const TouchInterval = time.Minute

// Service holds the rules about API keys.
type Service struct {
	Store Store
	Now   func() time.Time // nil: time.Now
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// ValidateName checks a key's name: 1 to 100 characters after trimming.
func ValidateName(name string) error {
	if msg := nameProblem(name); msg != "" {
		return oroshi.Invalid("name", msg)
	}
	return nil
}

func nameProblem(name string) string {
	switch n := utf8.RuneCountInString(strings.TrimSpace(name)); {
	case n == 0:
		return "APIキーの名前を入力してください"
	case n > 100:
		return "APIキーの名前は100文字以内で入力してください"
	}
	return ""
}

// Create makes a key for tenant t. The plaintext is returned this once and
// never again: only its hash is stored.
func (s *Service) Create(ctx context.Context, t oroshi.TenantID, name string, scopes []string, actor audit.Actor) (Key, string, error) {
	v := &oroshi.ValidationError{}
	if msg := nameProblem(name); msg != "" {
		v.Add("name", msg)
	}
	norm, msg := normalizeScopes(scopes)
	if msg != "" {
		v.Add("scopes", msg)
	}
	if err := v.Err(); err != nil {
		return Key{}, "", err
	}
	plaintext, err := generate(t)
	if err != nil {
		return Key{}, "", fmt.Errorf("create api key for tenant %s: %w", t, err)
	}
	r := Record{SecretHash: hash(plaintext), Key: Key{Tenant: t, Name: strings.TrimSpace(name),
		Prefix: displayPrefix(plaintext), Scopes: norm, CreatedAt: s.now()}}
	k, err := s.Store.CreateAPIKey(ctx, r, actor)
	if err != nil {
		return Key{}, "", fmt.Errorf("create api key for tenant %s: %w", t, err)
	}
	return k, plaintext, nil
}

// Authenticate returns the live key whose plaintext is given. A malformed,
// unknown or revoked key wraps oroshi.ErrUnauthorized, and callers must
// answer all three alike so that nobody learns which keys once existed.
func (s *Service) Authenticate(ctx context.Context, plaintext string) (Key, error) {
	t, ok := parse(plaintext)
	if !ok {
		return Key{}, fmt.Errorf("authenticate api key: malformed: %w", oroshi.ErrUnauthorized)
	}
	h := hash(plaintext)
	r, err := s.Store.APIKeyByHash(ctx, t, h)
	if errors.Is(err, oroshi.ErrNotFound) {
		return Key{}, fmt.Errorf("authenticate api key of tenant %s: unknown: %w", t, oroshi.ErrUnauthorized)
	}
	if err != nil {
		return Key{}, fmt.Errorf("authenticate api key of tenant %s: %w", t, err)
	}
	// The lookup already matched the hash; comparing again in constant time
	// guards against a store that matched loosely (collation, a bug) without
	// adding a timing signal of our own.
	if subtle.ConstantTimeCompare([]byte(r.SecretHash), []byte(h)) != 1 || r.Tenant != t {
		return Key{}, fmt.Errorf("authenticate api key of tenant %s: hash mismatch: %w", t, oroshi.ErrUnauthorized)
	}
	if r.Revoked() {
		return Key{}, fmt.Errorf("authenticate api key %s: revoked: %w", r.ID, oroshi.ErrUnauthorized)
	}
	return s.touch(ctx, r.Key)
}

// touch records the use of k at most once per TouchInterval.
func (s *Service) touch(ctx context.Context, k Key) (Key, error) {
	now := s.now()
	stale := now.Add(-TouchInterval)
	if k.LastUsedAt != nil && k.LastUsedAt.After(stale) {
		return k, nil
	}
	if err := s.Store.TouchAPIKey(ctx, k.Tenant, k.ID, now, stale); err != nil {
		return Key{}, fmt.Errorf("record use of api key %s: %w", k.ID, err)
	}
	k.LastUsedAt = &now
	return k, nil
}

// Keys lists tenant t's keys, newest first, revoked ones included.
func (s *Service) Keys(ctx context.Context, t oroshi.TenantID) ([]Key, error) {
	keys, err := s.Store.APIKeys(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("api keys of tenant %s: %w", t, err)
	}
	return keys, nil
}

// Revoke stops key id of tenant t from working, from now on. Revoking a
// revoked key changes nothing; a missing or foreign id wraps
// oroshi.ErrNotFound.
func (s *Service) Revoke(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) error {
	if err := s.Store.RevokeAPIKey(ctx, t, id, s.now(), actor); err != nil {
		return fmt.Errorf("revoke api key %s of tenant %s: %w", id, t, err)
	}
	return nil
}
