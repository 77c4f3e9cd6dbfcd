package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

var _ identity.Store = (*Store)(nil)

const userCols = `tenant_id, id, realm, buyer_id, email, name, role, password_hash, totp_secret,
	totp_enabled, status, created_at, updated_at`

func scanUser(sc interface{ Scan(...any) error }) (identity.User, error) {
	var u identity.User
	var buyer sql.NullInt64
	err := sc.Scan(&u.Tenant, &u.ID, &u.Realm, &buyer, &u.Email, &u.Name, &u.Role, &u.PasswordHash,
		&u.TOTPSecret, &u.TOTPEnabled, &u.Status, &u.CreatedAt, &u.UpdatedAt)
	u.BuyerID = oroshi.ID(buyer.Int64)
	return u, err
}

func nullID(id oroshi.ID) sql.NullInt64 { return sql.NullInt64{Int64: int64(id), Valid: id != 0} }

// CreateUser inserts a user; a taken e-mail in the realm wraps ErrConflict.
func (s *Store) CreateUser(ctx context.Context, u identity.User, ev audit.Event) (identity.User, error) {
	u.ID = s.NewID()
	u.CreatedAt, u.UpdatedAt = s.now(), s.now()
	err := s.write(ctx, u.Tenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO users (`+userCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			u.Tenant, u.ID, u.Realm, nullID(u.BuyerID), u.Email, u.Name, u.Role, u.PasswordHash,
			u.TOTPSecret, u.TOTPEnabled, u.Status, u.CreatedAt, u.UpdatedAt)
		if err != nil {
			return s.translate(err)
		}
		ev.TargetID = u.ID.String()
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return identity.User{}, fmt.Errorf("create user %s: %w", u.Email, err)
	}
	return u, nil
}

// User returns one user of tenant t.
func (s *Store) User(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (identity.User, error) {
	return s.oneUser(ctx, t, `SELECT `+userCols+` FROM users WHERE tenant_id = ? AND id = ?`, t, id)
}

// UserByEmail finds a user by realm and normalised e-mail.
func (s *Store) UserByEmail(ctx context.Context, t oroshi.TenantID, realm identity.Realm, email string) (identity.User, error) {
	return s.oneUser(ctx, t, `SELECT `+userCols+` FROM users WHERE tenant_id = ? AND realm = ? AND email = ?`, t, realm, email)
}

func (s *Store) oneUser(ctx context.Context, t oroshi.TenantID, q string, args ...any) (identity.User, error) {
	var u identity.User
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		u, err = scanUser(c.row(ctx, q, args...))
		return err
	})
	if err != nil {
		return identity.User{}, fmt.Errorf("user: %w", s.translate(err))
	}
	return u, nil
}

// Users lists the users of a realm in tenant t by e-mail.
func (s *Store) Users(ctx context.Context, t oroshi.TenantID, realm identity.Realm) ([]identity.User, error) {
	var out []identity.User
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT `+userCols+` FROM users WHERE tenant_id = ? AND realm = ? ORDER BY email`, t, realm)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// SetUserStatus enables or disables a user; disabling ends their sessions.
func (s *Store) SetUserStatus(ctx context.Context, t oroshi.TenantID, id oroshi.ID, status string, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		err := mustAffect(c.exec(ctx, `UPDATE users SET status = ?, updated_at = ? WHERE tenant_id = ? AND id = ?`,
			status, s.now(), t, id))
		if err != nil {
			return err
		}
		if status != identity.StatusActive {
			if _, err := c.exec(ctx, `DELETE FROM sessions WHERE tenant_id = ? AND user_id = ?`, t, id); err != nil {
				return err
			}
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("set user %s status: %w", id, s.translate(err))
	}
	return nil
}

// SetTOTP stores a sealed TOTP secret and whether it is enabled.
func (s *Store) SetTOTP(ctx context.Context, t oroshi.TenantID, id oroshi.ID, sealed string, enabled bool, ev *audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		err := mustAffect(c.exec(ctx, `UPDATE users SET totp_secret = ?, totp_enabled = ?, updated_at = ?
			WHERE tenant_id = ? AND id = ?`, sealed, enabled, s.now(), t, id))
		if err != nil || ev == nil {
			return err
		}
		return s.recordAudit(ctx, c, *ev)
	})
	if err != nil {
		return fmt.Errorf("set totp of %s: %w", id, s.translate(err))
	}
	return nil
}

// UseTOTPStep records an accepted code's step; see identity.Store.
func (s *Store) UseTOTPStep(ctx context.Context, t oroshi.TenantID, id oroshi.ID, step int64) error {
	err := s.write(ctx, t, func(c *conn) error {
		return mustAffect(c.exec(ctx, `UPDATE users SET totp_last_step = ? WHERE tenant_id = ? AND id = ? AND totp_last_step < ?`,
			step, t, id, step))
	})
	if errors.Is(err, oroshi.ErrNotFound) {
		return fmt.Errorf("totp step %d of %s already used: %w", step, id, oroshi.ErrConflict)
	}
	return err
}

const sessionCols = `tenant_id, id, realm, user_id, csrf_token, mfa_pending, client_addr, created_at, last_seen_at, expires_at`

// CreateSession stores a new session and the sign-in event.
func (s *Store) CreateSession(ctx context.Context, ss identity.Session, ev audit.Event) error {
	err := s.write(ctx, ss.Tenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO sessions (`+sessionCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			ss.Tenant, ss.ID, ss.Realm, ss.UserID, ss.CSRFToken, ss.MFAPending, ss.ClientAddr,
			ss.CreatedAt, ss.LastSeenAt, ss.ExpiresAt)
		if err != nil {
			return s.translate(err)
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// Session returns a session by the hash of its token.
func (s *Store) Session(ctx context.Context, t oroshi.TenantID, id string) (identity.Session, error) {
	var ss identity.Session
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT `+sessionCols+` FROM sessions WHERE tenant_id = ? AND id = ?`, t, id).Scan(
			&ss.Tenant, &ss.ID, &ss.Realm, &ss.UserID, &ss.CSRFToken, &ss.MFAPending, &ss.ClientAddr,
			&ss.CreatedAt, &ss.LastSeenAt, &ss.ExpiresAt)
	})
	if err != nil {
		return identity.Session{}, fmt.Errorf("session: %w", s.translate(err))
	}
	return ss, nil
}

// SessionUser reads a session with its user in one statement: every
// signed-in page starts with it. For a shop user of a buyer company the
// same statement reads what PinShopView would, and pins it in ctx's
// request scope (sessionPin): a shop page is then one statement until its
// own reads.
func (s *Store) SessionUser(ctx context.Context, t oroshi.TenantID, id string) (identity.Session, identity.User, error) {
	var ss identity.Session
	var u identity.User
	var pin sessionPinRow
	err := s.read(ctx, t, func(c *conn) error {
		row := c.row(ctx, sessionUserSQL, string(identity.RealmShop), t, id)
		var buyer sql.NullInt64
		err := row.Scan(append([]any{&ss.Tenant, &ss.ID, &ss.Realm, &ss.UserID, &ss.CSRFToken, &ss.MFAPending, &ss.ClientAddr,
			&ss.CreatedAt, &ss.LastSeenAt, &ss.ExpiresAt,
			&u.Tenant, &u.ID, &u.Realm, &buyer, &u.Email, &u.Name, &u.Role,
			&u.TOTPEnabled, &u.Status, &u.CreatedAt, &u.UpdatedAt}, pin.dest()...)...)
		u.BuyerID = oroshi.ID(buyer.Int64)
		return err
	})
	if err != nil {
		return identity.Session{}, identity.User{}, fmt.Errorf("session: %w", s.translate(err))
	}
	pin.keep(ctx, t, u.ID)
	return ss, u, nil
}

// sessionUserSQL is SessionUser's query, built once: every signed-in page
// runs it, and building it cost a tenth of the call. It leaves out the
// user's password hash and sealed TOTP secret: no page needs them from the
// session, so no request carries them (the two-factor pages read the user).
// Its first argument is the shop's realm (sessionPinSQL).
var sessionUserSQL = `SELECT ` + qualified("s.", sessionCols) + `, ` + qualified("u.", `tenant_id, id, realm, buyer_id, email, name, role,
	totp_enabled, status, created_at, updated_at`) + `, ` + sessionPinSQL + `
	FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
	LEFT JOIN buyers b ON u.realm = ? AND b.tenant_id = u.tenant_id AND b.id = u.buyer_id
	LEFT JOIN sales_settings ss ON b.id IS NOT NULL AND ss.tenant_id = u.tenant_id
	WHERE s.tenant_id = ? AND s.id = ?`

// qualified prefixes each of a comma-separated column list's names.
func qualified(prefix, cols string) string {
	names := strings.Split(cols, ",")
	for i, n := range names {
		names[i] = prefix + strings.TrimSpace(n)
	}
	return strings.Join(names, ", ")
}

// TouchSession records activity, extending the idle timeout.
func (s *Store) TouchSession(ctx context.Context, t oroshi.TenantID, id string, at time.Time) error {
	return s.write(ctx, t, func(c *conn) error {
		_, err := c.exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE tenant_id = ? AND id = ?`, at, t, id)
		return err
	})
}

// CompleteMFA marks a session's second factor as done.
func (s *Store) CompleteMFA(ctx context.Context, t oroshi.TenantID, id string, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		err := mustAffect(c.exec(ctx, `UPDATE sessions SET mfa_pending = ? WHERE tenant_id = ? AND id = ?`, false, t, id))
		if err != nil {
			return err
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("complete mfa: %w", s.translate(err))
	}
	return nil
}

// DeleteSession ends a session, recording ev when given.
func (s *Store) DeleteSession(ctx context.Context, t oroshi.TenantID, id string, ev *audit.Event) error {
	return s.write(ctx, t, func(c *conn) error {
		if err := mustAffect(c.exec(ctx, `DELETE FROM sessions WHERE tenant_id = ? AND id = ?`, t, id)); err != nil {
			return err
		}
		if ev == nil {
			return nil
		}
		return s.recordAudit(ctx, c, *ev)
	})
}

// CreateToken stores an invitation or reset token and queues its mail in
// the same transaction: no link without its mail, no mail without its link.
func (s *Store) CreateToken(ctx context.Context, tok identity.Token, m notify.Mail) error {
	err := s.write(ctx, tok.Tenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO user_tokens (tenant_id, id, user_id, purpose, expires_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, tok.Tenant, tok.ID, tok.UserID, tok.Purpose, tok.ExpiresAt, tok.CreatedAt)
		if err != nil {
			return s.translate(err)
		}
		_, err = s.queueMail(ctx, c, m)
		return err
	})
	if err != nil {
		return fmt.Errorf("create %s token: %w", tok.Purpose, err)
	}
	return nil
}

// Token returns a token by the hash of its secret.
func (s *Store) Token(ctx context.Context, t oroshi.TenantID, id string) (identity.Token, error) {
	var tok identity.Token
	var used sql.NullTime
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT tenant_id, id, user_id, purpose, expires_at, used_at, created_at
			FROM user_tokens WHERE tenant_id = ? AND id = ?`, t, id).Scan(
			&tok.Tenant, &tok.ID, &tok.UserID, &tok.Purpose, &tok.ExpiresAt, &used, &tok.CreatedAt)
	})
	if err != nil {
		return identity.Token{}, fmt.Errorf("token: %w", s.translate(err))
	}
	if used.Valid {
		tok.UsedAt = &used.Time
	}
	return tok, nil
}

// RedeemToken uses a token once and sets the user's password; see identity.Store.
func (s *Store) RedeemToken(ctx context.Context, t oroshi.TenantID, id, purpose, hash string, now time.Time, ev audit.Event) (identity.User, error) {
	var u identity.User
	err := s.write(ctx, t, func(c *conn) error {
		var userID oroshi.ID
		err := c.row(ctx, `UPDATE user_tokens SET used_at = ? WHERE tenant_id = ? AND id = ? AND purpose = ?
			AND used_at IS NULL AND expires_at > ? RETURNING user_id`, now, t, id, purpose, now).Scan(&userID)
		if err != nil {
			return s.translate(err)
		}
		err = mustAffect(c.exec(ctx, `UPDATE users SET password_hash = ?, status = ?, updated_at = ?
			WHERE tenant_id = ? AND id = ? AND status <> ?`, hash, identity.StatusActive, now, t, userID, identity.StatusDisabled))
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM sessions WHERE tenant_id = ? AND user_id = ?`, t, userID); err != nil {
			return err
		}
		if u, err = scanUser(c.row(ctx, `SELECT `+userCols+` FROM users WHERE tenant_id = ? AND id = ?`, t, userID)); err != nil {
			return err
		}
		ev.ActorRealm, ev.ActorID, ev.TargetType, ev.TargetID = string(u.Realm), u.ID, "user", u.ID.String()
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return identity.User{}, fmt.Errorf("redeem token: %w", s.translate(err))
	}
	return u, nil
}
