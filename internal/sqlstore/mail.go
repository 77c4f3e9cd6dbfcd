package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

var _ notify.Store = (*Store)(nil)

// mail_outbox is a platform table (no row-level security): the send job and
// the operator console read every tenant's mail, so units of work on it are
// scoped to oroshi.PlatformTenant.

const mailCols = `id, tenant_id, to_addr, subject, text_body, html_body, status, attempts, last_error, created_at, sent_at, document_ids`

// Outbox page sizes.
const (
	outboxDefaultLimit = 50
	outboxMaxLimit     = 500
)

func scanMail(sc interface{ Scan(...any) error }) (notify.Mail, error) {
	var (
		m      notify.Mail
		tenant sql.NullInt64
		sentAt sql.NullTime
		docs   string
	)
	err := sc.Scan(&m.ID, &tenant, &m.To, &m.Subject, &m.Text, &m.HTML, &m.Status,
		&m.Attempts, &m.LastError, &m.CreatedAt, &sentAt, &docs)
	if err != nil {
		return notify.Mail{}, err
	}
	if m.DocumentIDs, err = parseIDList(docs); err != nil {
		return notify.Mail{}, fmt.Errorf("mail %s document_ids: %w", m.ID, err)
	}
	m.Tenant = oroshi.TenantID(tenant.Int64)
	if sentAt.Valid {
		t := sentAt.Time.UTC()
		m.SentAt = &t
	}
	m.CreatedAt = m.CreatedAt.UTC()
	return m, nil
}

// QueueMail validates m, stores it as pending and enqueues its send job, in
// one transaction.
func (s *Store) QueueMail(ctx context.Context, m notify.Mail) (notify.Mail, error) {
	var out notify.Mail
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		var err error
		out, err = s.queueMail(ctx, c, m)
		return err
	})
	if err != nil {
		return notify.Mail{}, err
	}
	return out, nil
}

// queueMail is QueueMail inside the caller's transaction, for store methods
// whose change sends mail (an invitation, a password reset): the mail and
// its job exist if and only if the change commits. Without a job client
// (CLI) the row stays pending and the outbox sweep of a later serve sends it.
func (s *Store) queueMail(ctx context.Context, c *conn, m notify.Mail) (notify.Mail, error) {
	if err := notify.Validate(m); err != nil {
		return notify.Mail{}, err
	}
	m.ID, m.CreatedAt = s.NewID(), s.now()
	m.Status, m.Attempts, m.LastError, m.SentAt = notify.StatusPending, 0, "", nil
	var tenant any // NULL for the platform's own mail
	if m.Tenant != oroshi.PlatformTenant {
		tenant = m.Tenant
	}
	if len(m.DocumentIDs) > 0 && m.Tenant == oroshi.PlatformTenant {
		return notify.Mail{}, errors.New("queue mail: documents attached to a platform mail")
	}
	_, err := c.exec(ctx, `INSERT INTO mail_outbox (`+mailCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, tenant, m.To, m.Subject, m.Text, m.HTML, m.Status, m.Attempts, m.LastError, m.CreatedAt, nil,
		idList(m.DocumentIDs))
	if err != nil {
		return notify.Mail{}, fmt.Errorf("queue mail to %s: %w", m.To, s.translate(err))
	}
	if err := s.enqueue(ctx, c, jobargs.SendMail{OutboxID: m.ID}); err != nil {
		return notify.Mail{}, fmt.Errorf("enqueue mail %s: %w", m.ID, err)
	}
	return m, nil
}

// Outbox lists the newest mails first; limit ≤ 0 means a default page.
func (s *Store) Outbox(ctx context.Context, limit int) ([]notify.Mail, error) {
	if limit <= 0 {
		limit = outboxDefaultLimit
	}
	limit = min(limit, outboxMaxLimit)
	var out []notify.Mail
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT `+mailCols+` FROM mail_outbox ORDER BY created_at DESC, id DESC LIMIT ?`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMail(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("list outbox: %w", s.translate(err))
	}
	return out, nil
}

// Mail returns one outbox mail.
func (s *Store) Mail(ctx context.Context, id oroshi.ID) (notify.Mail, error) {
	var m notify.Mail
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		var err error
		m, err = scanMail(c.row(ctx, `SELECT `+mailCols+` FROM mail_outbox WHERE id = ?`, id))
		return err
	})
	if err != nil {
		return notify.Mail{}, fmt.Errorf("mail %s: %w", id, s.translate(err))
	}
	return m, nil
}

// MarkMailSent records a successful attempt.
func (s *Store) MarkMailSent(ctx context.Context, id oroshi.ID) error {
	return s.updateMail(ctx, id, "mark sent",
		`UPDATE mail_outbox SET status = ?, sent_at = ?, attempts = attempts + 1 WHERE id = ?`,
		notify.StatusSent, s.now(), id)
}

// MarkMailHeld keeps the mail in the outbox: there is no server to send to.
func (s *Store) MarkMailHeld(ctx context.Context, id oroshi.ID) error {
	return s.updateMail(ctx, id, "mark held",
		`UPDATE mail_outbox SET status = ? WHERE id = ?`, notify.StatusHeld, id)
}

// MarkMailAttemptFailed counts a failed attempt and keeps its error; final
// marks the mail failed, otherwise it stays pending for the next retry.
func (s *Store) MarkMailAttemptFailed(ctx context.Context, id oroshi.ID, errText string, final bool) error {
	q := `UPDATE mail_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?`
	args := []any{errText, id}
	if final {
		q = `UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, status = ? WHERE id = ?`
		args = []any{errText, notify.StatusFailed, id}
	}
	return s.updateMail(ctx, id, "record failed attempt", q, args...)
}

func (s *Store) updateMail(ctx context.Context, id oroshi.ID, op, q string, args ...any) error {
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		return mustAffect(c.exec(ctx, q, args...))
	})
	if err != nil {
		return fmt.Errorf("%s mail %s: %w", op, id, s.translate(err))
	}
	return nil
}

// RequeuePendingMail enqueues a send job for up to limit pending mails
// created before olderThan, oldest first, and says how many got a new job.
// Mails whose job is still live are skipped by the job's uniqueness, so the
// sweep may run any time. It needs a job client (see SetJobs).
func (s *Store) RequeuePendingMail(ctx context.Context, olderThan time.Time, limit int) (int, error) {
	if s.jobs == nil {
		return 0, errors.New("requeue pending mail: no job client")
	}
	n := 0
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		ids, err := s.pendingMailIDs(ctx, c, olderThan, limit)
		if err != nil {
			return err
		}
		for _, id := range ids {
			res, err := s.jobs.InsertTx(ctx, c.tx, jobargs.SendMail{OutboxID: id}, nil)
			if err != nil {
				return fmt.Errorf("enqueue mail %s: %w", id, err)
			}
			if !res.UniqueSkippedAsDuplicate {
				n++
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("requeue pending mail: %w", s.translate(err))
	}
	return n, nil
}

func (s *Store) pendingMailIDs(ctx context.Context, c *conn, olderThan time.Time, limit int) ([]oroshi.ID, error) {
	rows, err := c.query(ctx, `SELECT id FROM mail_outbox WHERE status = ? AND created_at < ?
		ORDER BY created_at, id LIMIT ?`, notify.StatusPending, olderThan.UTC(), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []oroshi.ID
	for rows.Next() {
		var id oroshi.ID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
