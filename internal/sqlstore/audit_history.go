package sqlstore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// Browsing the operation history: pages newest first by (at, seq),
// keyset-paginated on that pair so a page deep in millions of rows costs
// what the first one does. Each filter reads its own index of migration
// 00023 in that order, a date range being a range of it: (tenant_id, at,
// seq), (tenant_id, actor_id, at, seq), (tenant_id, action, at, seq),
// (tenant_id, target_type, target_id, at, seq).

// historySelect reads an entry with its actor's name: a user of the tenant
// (staff or buyer) or, for the API realm, an API key.
const historySelect = `SELECT a.seq, a.id, a.at, a.actor_realm, a.actor_id, a.action, a.target_type, a.target_id,
	a.detail, a.client_addr, a.prev_hash, a.hash, COALESCE(u.name, k.name, '')
	FROM audit_events a
	LEFT JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.actor_id
	LEFT JOIN api_keys k ON k.tenant_id = a.tenant_id AND k.id = a.actor_id AND a.actor_realm = 'api'
	WHERE a.tenant_id = ?`

// historyFloor and historyCeiling stand for an open end of a date range.
var (
	historyFloor   = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	historyCeiling = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
)

// historyWhere is f as SQL conditions after historySelect's WHERE, with
// their arguments.
func historyWhere(t oroshi.TenantID, f audit.Filter) (string, []any) {
	var b strings.Builder
	args := []any{t}
	add := func(cond string, a ...any) {
		b.WriteString(" AND ")
		b.WriteString(cond)
		args = append(args, a...)
	}
	if f.ActorID != 0 {
		add("a.actor_id = ?", f.ActorID)
	}
	if f.Action != "" {
		add("a.action = ?", f.Action)
	}
	if f.TargetType != "" {
		add("a.target_type = ?", f.TargetType)
	}
	if f.TargetID != "" {
		add("a.target_id = ?", f.TargetID)
	}
	if !f.From.IsZero() || !f.To.IsZero() {
		// One BETWEEN, not >= and <: with it SQLite (without statistics)
		// picks the actor, action or target index when there is one, and
		// not the time index. Times are kept to the microsecond, so
		// at < To is at <= To - 1µs.
		from, to := historyFloor, historyCeiling
		if !f.From.IsZero() {
			from = f.From.UTC()
		}
		if !f.To.IsZero() {
			to = f.To.UTC().Add(-time.Microsecond)
		}
		add("a.at BETWEEN ? AND ?", from, to)
	}
	if f.BuyerID != 0 {
		add("a.actor_id IN (SELECT b.id FROM users b WHERE b.tenant_id = ? AND b.buyer_id = ?)", t, f.BuyerID)
	}
	if !f.Before.IsZero() {
		add("(a.at, a.seq) < (?, ?)", f.Before.At.UTC(), f.Before.Seq)
	}
	return b.String(), args
}

func scanHistoryEntry(sc interface{ Scan(...any) error }, t oroshi.TenantID) (audit.Entry, []byte, error) {
	e := audit.Entry{Event: audit.Event{Tenant: t}}
	var detail string
	err := sc.Scan(&e.Seq, &e.ID, &e.At, &e.ActorRealm, &e.ActorID, &e.Action, &e.TargetType, &e.TargetID,
		&detail, &e.ClientAddr, &e.PrevHash, &e.Hash, &e.ActorName)
	if err != nil {
		return audit.Entry{}, nil, fmt.Errorf("scan audit entry: %w", err)
	}
	e.Detail, err = decodeAuditDetail([]byte(detail))
	return e, []byte(detail), err
}

// decodeAuditDetail reads a stored detail, numbers kept as json.Number
// (IDs beyond 2^53 keep their digits).
func decodeAuditDetail(raw []byte) (map[string]any, error) {
	m := map[string]any{}
	if len(bytes.TrimSpace(raw)) == 0 {
		return m, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("audit detail: %w", err)
	}
	return m, nil
}

// AuditHistory is one page of tenant t's history matching f, newest first.
func (s *Store) AuditHistory(ctx context.Context, t oroshi.TenantID, f audit.Filter) (audit.Page, error) {
	limit := f.PageLimit()
	var p audit.Page
	err := s.read(ctx, t, func(c *conn) error {
		return eachHistoryEntry(ctx, c, t, f, limit+1, func(e audit.Entry) error {
			p.Entries = append(p.Entries, e)
			return nil
		})
	})
	if err != nil {
		return audit.Page{}, fmt.Errorf("audit history of tenant %s: %w", t, err)
	}
	if len(p.Entries) > limit {
		p.Entries = p.Entries[:limit]
		p.Next = audit.CursorOf(p.Entries[limit-1].Event)
	}
	return p, nil
}

// EachAuditEntry calls fn with every entry of t matching f, newest first,
// in one statement (one snapshot), while the read is open: the CSV export
// streams it. f.Limit is ignored.
func (s *Store) EachAuditEntry(ctx context.Context, t oroshi.TenantID, f audit.Filter, fn func(audit.Entry) error) error {
	err := s.read(ctx, t, func(c *conn) error { return eachHistoryEntry(ctx, c, t, f, 0, fn) })
	if err != nil {
		return fmt.Errorf("audit entries of tenant %s: %w", t, err)
	}
	return nil
}

func eachHistoryEntry(ctx context.Context, c *conn, t oroshi.TenantID, f audit.Filter, limit int,
	fn func(audit.Entry) error) error {
	where, args := historyWhere(t, f)
	q := historySelect + where + " ORDER BY a.at DESC, a.seq DESC"
	if limit > 0 {
		q += limitSQL(limit)
	}
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("read audit history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, _, err := scanHistoryEntry(rows, t)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AuditEntry is one entry of t by ID, with the check of its hash and link
// to the entry before it. buyer, when not zero, scopes it as
// Filter.BuyerID does: another company's entry is not found.
func (s *Store) AuditEntry(ctx context.Context, t oroshi.TenantID, id oroshi.ID, buyer oroshi.ID) (audit.Entry, audit.Check, error) {
	var e audit.Entry
	var chk audit.Check
	err := s.read(ctx, t, func(c *conn) error {
		where, args := historyWhere(t, audit.Filter{BuyerID: buyer})
		e2, detail, err := scanHistoryEntry(c.row(ctx, historySelect+where+" AND a.id = ?", append(args, id)...), t)
		if err != nil {
			return s.translate(err)
		}
		e = e2
		prev := ""
		if e.Seq > 1 {
			err := c.row(ctx, `SELECT hash FROM audit_events WHERE tenant_id = ? AND seq = ?`, t, e.Seq-1).Scan(&prev)
			if err != nil {
				prev = "\x00missing" // the entry before is gone: not linked
			}
		}
		chk = audit.CheckEntry(s.auditKey, e.Event, detail, prev)
		return nil
	})
	if err != nil {
		return audit.Entry{}, audit.Check{}, fmt.Errorf("audit entry %s: %w", id, err)
	}
	return e, chk, nil
}

// auditActionsSkip lists a tenant's distinct actions by skipping through
// the action index, one seek per action, instead of reading every entry
// (a plain DISTINCT reads them all: 150 ms on 200,000 rows).
const auditActionsSkip = `WITH RECURSIVE acts (action) AS (
		SELECT min(action) FROM audit_events WHERE tenant_id = ?
		UNION ALL
		SELECT (SELECT min(e.action) FROM audit_events e WHERE e.tenant_id = ? AND e.action > acts.action)
		FROM acts WHERE acts.action IS NOT NULL)
	SELECT action FROM acts WHERE action IS NOT NULL ORDER BY action`

// AuditActions lists the distinct actions in t's history, sorted; buyer,
// when not zero, only those of its users.
func (s *Store) AuditActions(ctx context.Context, t oroshi.TenantID, buyer oroshi.ID) ([]string, error) {
	q, args := auditActionsSkip, []any{t, t}
	if buyer != 0 {
		var where string
		where, args = historyWhere(t, audit.Filter{BuyerID: buyer})
		q = `SELECT DISTINCT a.action FROM audit_events a WHERE a.tenant_id = ?` + where + ` ORDER BY a.action`
	}
	var out []string
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a string
			if err := rows.Scan(&a); err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("audit actions of tenant %s: %w", t, s.translate(err))
	}
	return out, nil
}
