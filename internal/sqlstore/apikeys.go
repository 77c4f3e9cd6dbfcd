package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

var _ apikeys.Store = (*Store)(nil)

const apiKeyCols = `tenant_id, id, name, prefix, secret_hash, scopes, created_at, last_used_at, revoked_at`

// Scopes are stored space-separated (as in OAuth): scope names never hold
// spaces, and one text column works the same on both engines.
func joinScopes(s []string) string { return strings.Join(s, " ") }

func splitScopes(s string) []string { return strings.Fields(s) }

func scanAPIKey(sc interface{ Scan(...any) error }) (apikeys.Record, error) {
	var (
		r              apikeys.Record
		scopes         string
		lastUsed, revd sql.NullTime
	)
	err := sc.Scan(&r.Tenant, &r.ID, &r.Name, &r.Prefix, &r.SecretHash, &scopes, &r.CreatedAt, &lastUsed, &revd)
	if err != nil {
		return apikeys.Record{}, err
	}
	r.Scopes = splitScopes(scopes)
	r.CreatedAt = r.CreatedAt.UTC()
	r.LastUsedAt = nullTime(lastUsed)
	r.RevokedAt = nullTime(revd)
	return r, nil
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// CreateAPIKey stores a new key and records its creation (never its hash).
func (s *Store) CreateAPIKey(ctx context.Context, r apikeys.Record, actor audit.Actor) (apikeys.Key, error) {
	if r.ID == 0 {
		r.ID = s.NewID()
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = s.now()
	}
	t := r.Tenant
	err := s.write(ctx, t, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO api_keys (`+apiKeyCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
			t, r.ID, r.Name, r.Prefix, r.SecretHash, joinScopes(r.Scopes), r.CreatedAt)
		if err != nil {
			return s.translate(err)
		}
		e := actor.Event("APIキー（作成）", "api_key", r.ID.String())
		e.Tenant = t
		e.Detail = map[string]any{"name": r.Name, "prefix": r.Prefix, "scopes": r.Scopes}
		return s.recordAudit(ctx, c, e)
	})
	if err != nil {
		return apikeys.Key{}, fmt.Errorf("create api key %q of tenant %s: %w", r.Name, t, err)
	}
	return r.Key, nil
}

// APIKeyByHash finds tenant t's key with this hash, revoked or not.
func (s *Store) APIKeyByHash(ctx context.Context, t oroshi.TenantID, secretHash string) (apikeys.Record, error) {
	var r apikeys.Record
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		r, err = scanAPIKey(c.row(ctx, `SELECT `+apiKeyCols+` FROM api_keys
			WHERE tenant_id = ? AND secret_hash = ?`, t, secretHash))
		return err
	})
	if err != nil {
		return apikeys.Record{}, fmt.Errorf("api key by hash of tenant %s: %w", t, s.translate(err))
	}
	return r, nil
}

// APIKeys lists tenant t's keys, newest first.
func (s *Store) APIKeys(ctx context.Context, t oroshi.TenantID) ([]apikeys.Key, error) {
	var out []apikeys.Key
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT `+apiKeyCols+` FROM api_keys
			WHERE tenant_id = ? ORDER BY created_at DESC, id DESC`, t)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanAPIKey(rows)
			if err != nil {
				return err
			}
			out = append(out, r.Key)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("api keys of tenant %s: %w", t, s.translate(err))
	}
	return out, nil
}

// RevokeAPIKey revokes key id of tenant t at the given time. Revoking a
// revoked key is a no-op (and not recorded twice); a missing or foreign id
// wraps oroshi.ErrNotFound.
func (s *Store) RevokeAPIKey(ctx context.Context, t oroshi.TenantID, id oroshi.ID, at time.Time, actor audit.Actor) error {
	err := s.write(ctx, t, func(c *conn) error {
		var name string
		err := c.row(ctx, `UPDATE api_keys SET revoked_at = ?
			WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL RETURNING name`, at, t, id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			// Missing (ErrNotFound) or revoked already (nothing to do).
			var one int
			return c.row(ctx, `SELECT 1 FROM api_keys WHERE tenant_id = ? AND id = ?`, t, id).Scan(&one)
		}
		if err != nil {
			return err
		}
		e := actor.Event("APIキー（失効）", "api_key", id.String())
		e.Tenant = t
		e.Detail = map[string]any{"name": name}
		return s.recordAudit(ctx, c, e)
	})
	if err != nil {
		return fmt.Errorf("revoke api key %s of tenant %s: %w", id, t, s.translate(err))
	}
	return nil
}

// TouchAPIKey records a use of the key unless one after staleBefore is
// recorded already; the condition lives in SQL so that concurrent requests
// on several instances write it once.
func (s *Store) TouchAPIKey(ctx context.Context, t oroshi.TenantID, id oroshi.ID, at, staleBefore time.Time) error {
	err := s.write(ctx, t, func(c *conn) error {
		_, err := c.exec(ctx, `UPDATE api_keys SET last_used_at = ?
			WHERE tenant_id = ? AND id = ? AND (last_used_at IS NULL OR last_used_at < ?)`, at, t, id, staleBefore)
		return err
	})
	if err != nil {
		return fmt.Errorf("touch api key %s of tenant %s: %w", id, t, s.translate(err))
	}
	return nil
}
