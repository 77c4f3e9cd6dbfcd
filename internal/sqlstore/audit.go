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
)

// The operation history is a hash chain per tenant (see audit/chain.go).
// audit_heads holds each chain's end: taking the next seq is an UPDATE of
// that one row, so on PostgreSQL two transactions of one tenant queue on
// its row lock until the first commits and can never both take seq n;
// SQLite has a single writer anyway. Tenant 0 (operators, platform) has its
// own chain like any tenant.

// SetAuditKey sets the key that seals the history (audit.ChainKey of the
// server secret), for wiring that opens the store before it knows the key.
func (s *Store) SetAuditKey(key []byte) { s.auditKey = append([]byte(nil), key...) }

// RecordAudit writes one operation-history entry on its own.
func (s *Store) RecordAudit(ctx context.Context, e audit.Event) error {
	return s.write(ctx, e.Tenant, func(c *conn) error { return s.recordAudit(ctx, c, e) })
}

// recordAudit appends an entry to its tenant's chain inside the
// transaction of the change it records: entry, change and head commit
// together or not at all.
func (s *Store) recordAudit(ctx context.Context, c *conn, e audit.Event) error {
	return s.recordAudits(ctx, c, e)
}

// recordAudits appends entries of one tenant to its chain in order, with
// one move of the head for all of them: a closing records two entries per
// buyer, and on PostgreSQL every statement is a round trip.
func (s *Store) recordAudits(ctx context.Context, c *conn, es ...audit.Event) error {
	return s.recordAuditsWith(ctx, c, auditChains{}, es...)
}

// auditChains are statements of the change being recorded that run in the
// history's chains (chain.go): withHead in the one that takes the head,
// withEntries in the one that writes the entries. Where the head is held
// to the commit (PostgreSQL), each round trip saved there is saved for
// every writer of the tenant waiting behind it.
type auditChains struct {
	withHead, withEntries []stmt
}

// recordAuditsWith is recordAudits running ch's statements in its chains;
// with no entry it runs them as one chain.
func (s *Store) recordAuditsWith(ctx context.Context, c *conn, ch auditChains, es ...audit.Event) error {
	if len(es) == 0 {
		if err := c.chainExec(ctx, append(ch.withHead, ch.withEntries...)...); err != nil {
			return fmt.Errorf("record change: %w", s.translate(err))
		}
		return nil
	}
	if len(s.auditKey) == 0 {
		return fmt.Errorf("record audit %s: audit chain key is not configured", es[0].Action)
	}
	t := es[0].Tenant
	var head audit.Head
	err := c.chainRow(ctx, auditHeadStmt(t, len(es)), ch.withHead...).Scan(&head.Seq, &head.Hash)
	if err != nil {
		return fmt.Errorf("record audit %s: take seq: %w", es[0].Action, s.translate(err))
	}
	head.Seq -= int64(len(es))
	entries, err := s.auditEntries(head, es)
	if err != nil {
		return err
	}
	if err := c.chainExec(ctx, append(entries, ch.withEntries...)...); err != nil {
		return fmt.Errorf("record audit %s seq %d: %w", es[0].Action, es[0].Seq, s.translate(err))
	}
	return nil
}

// auditHeadStmt takes n sequence numbers of tenant t's history head:
// insert-or-bump in one statement, RETURNING the new seq and the hash
// still stored, i.e. the previous entry's ("" for a new chain). The row
// stays taken until the commit.
func auditHeadStmt(t oroshi.TenantID, n int) stmt {
	return stmt{q: `INSERT INTO audit_heads (tenant_id, seq, hash) VALUES (?, ?, '')
		ON CONFLICT (tenant_id) DO UPDATE SET seq = audit_heads.seq + excluded.seq
		RETURNING seq, hash`, args: []any{t, n}}
}

// auditEntries seals es after head and returns their insert and the move
// of the head's hash to the last of them.
func (s *Store) auditEntries(head audit.Head, es []audit.Event) ([]stmt, error) {
	t := es[0].Tenant
	args := make([]any, 0, len(es)*13)
	for i := range es {
		e := &es[i]
		if e.Tenant != t {
			return nil, fmt.Errorf("record audit %s: entries of two tenants in one call", e.Action)
		}
		if e.ID == 0 {
			e.ID = s.NewID()
		}
		if e.At.IsZero() {
			e.At = s.now()
		}
		detail, err := audit.Seal(s.auditKey, e, head)
		if err != nil {
			return nil, fmt.Errorf("record audit %s: %w", e.Action, err)
		}
		head = audit.Head{Seq: e.Seq, Hash: e.Hash}
		args = append(args, e.Tenant, e.ID, e.Seq, e.At, e.ActorRealm, e.ActorID, e.Action,
			e.TargetType, e.TargetID, string(detail), e.ClientAddr, e.PrevHash, e.Hash)
	}
	return []stmt{
		{q: `INSERT INTO audit_events (tenant_id, id, seq, at, actor_realm, actor_id, action,
		target_type, target_id, detail, client_addr, prev_hash, hash) VALUES ` +
			strings.TrimSuffix(strings.Repeat("("+salesMarks(13)+"), ", len(es)), ", "), args: args},
		{q: `UPDATE audit_heads SET hash = ? WHERE tenant_id = ?`, args: []any{head.Hash, t}},
	}, nil
}

// auditHead reads tenant t's chain head; found is false when it has none.
func auditHead(ctx context.Context, c *conn, t oroshi.TenantID) (h audit.Head, found bool, err error) {
	err = c.row(ctx, `SELECT seq, hash FROM audit_heads WHERE tenant_id = ?`, t).Scan(&h.Seq, &h.Hash)
	if err == nil {
		return h, true, nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return audit.Head{}, false, nil
	}
	return audit.Head{}, false, fmt.Errorf("read audit head: %w", err)
}

const auditChainCols = `seq, id, at, actor_realm, actor_id, action, target_type, target_id, detail, client_addr, prev_hash, hash`

func scanChainEvent(sc interface{ Scan(...any) error }, t oroshi.TenantID) (audit.Event, []byte, error) {
	e := audit.Event{Tenant: t}
	var detail string
	var at time.Time
	err := sc.Scan(&e.Seq, &e.ID, &at, &e.ActorRealm, &e.ActorID, &e.Action, &e.TargetType, &e.TargetID,
		&detail, &e.ClientAddr, &e.PrevHash, &e.Hash)
	e.At = at
	return e, []byte(detail), err
}

// VerifyAudit walks tenant t's history in seq order, one row in memory at a
// time, and reports the first changed, missing or reordered entry, or a
// head that does not match the last entry. An error means the check could
// not run; a broken chain is a result, not an error.
func (s *Store) VerifyAudit(ctx context.Context, t oroshi.TenantID) (audit.Verification, error) {
	if len(s.auditKey) == 0 {
		return audit.Verification{}, fmt.Errorf("verify audit of tenant %s: audit chain key is not configured", t)
	}
	var res audit.Verification
	err := s.read(ctx, t, func(c *conn) error {
		// The head first: every entry up to it is committed already, and
		// writes committed during the walk can only add entries past it.
		head, found, err := auditHead(ctx, c, t)
		if err != nil {
			return err
		}
		v := audit.NewVerifier(s.auditKey, t, head)
		if err := s.walkAudit(ctx, c, t, v); err != nil {
			return err
		}
		res = v.Finish(head, found)
		if !res.OK() || v.Last() <= head.Seq {
			return nil
		}
		after, _, err := auditHead(ctx, c, t)
		if err != nil {
			return err
		}
		res = v.Beyond(after)
		return nil
	})
	if err != nil {
		return audit.Verification{}, fmt.Errorf("verify audit of tenant %s: %w", t, err)
	}
	return res, nil
}

func (s *Store) walkAudit(ctx context.Context, c *conn, t oroshi.TenantID, v *audit.Verifier) error {
	rows, err := c.query(ctx, `SELECT `+auditChainCols+` FROM audit_events WHERE tenant_id = ? ORDER BY seq`, t)
	if err != nil {
		return fmt.Errorf("read audit events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, detail, err := scanChainEvent(rows, t)
		if err != nil {
			return fmt.Errorf("scan audit event: %w", err)
		}
		if !v.Add(e, detail) {
			return nil // the first break is the answer; stop reading
		}
	}
	return rows.Err()
}
