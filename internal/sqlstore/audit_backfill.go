package sqlstore

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// chainBatch is how many unsealed events are read at a time: a connection
// cannot update while it still streams rows, so the backfill alternates.
const chainBatch = 500

// chainUnchained seals history written before the chain existed (migration
// 00006 numbered it but cannot compute HMACs: only Go holds the key). It
// runs at every migrate and costs one primary-key read per tenant once
// every chain has a head. A tenant whose head is missing while some of its
// entries are sealed was tampered with: it is left alone for `audit verify`
// to report, never re-sealed, which would launder the tampering.
func (s *Store) chainUnchained(ctx context.Context) error {
	tenants := []oroshi.TenantID{oroshi.PlatformTenant}
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT id FROM tenants ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t oroshi.TenantID
			if err := rows.Scan(&t); err != nil {
				return err
			}
			tenants = append(tenants, t)
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("seal existing history: list tenants: %w", err)
	}
	for _, t := range tenants {
		if err := s.write(ctx, t, func(c *conn) error { return s.chainTenant(ctx, c, t) }); err != nil {
			return fmt.Errorf("seal existing history of tenant %s: %w", t, err)
		}
	}
	return nil
}

// chainTenant seals tenant t's events when it has events but no head and
// none of them is sealed yet.
func (s *Store) chainTenant(ctx context.Context, c *conn, t oroshi.TenantID) error {
	if _, found, err := auditHead(ctx, c, t); err != nil || found {
		return err
	}
	var unsealed, sealed int
	err := c.row(ctx, `SELECT
		(SELECT count(*) FROM (SELECT 1 FROM audit_events WHERE tenant_id = ? AND hash = '' LIMIT 1) u),
		(SELECT count(*) FROM (SELECT 1 FROM audit_events WHERE tenant_id = ? AND hash <> '' LIMIT 1) s)`,
		t, t).Scan(&unsealed, &sealed)
	if err != nil || unsealed == 0 || sealed > 0 {
		return err
	}
	if len(s.auditKey) == 0 {
		return fmt.Errorf("existing history needs the audit chain key (configure the server secret)")
	}
	head := audit.Head{}
	for {
		batch, err := s.unsealedBatch(ctx, c, t, head.Seq)
		if err != nil || len(batch) == 0 {
			if err == nil {
				_, err = c.exec(ctx, `INSERT INTO audit_heads (tenant_id, seq, hash) VALUES (?, ?, ?)`, t, head.Seq, head.Hash)
			}
			return err
		}
		for _, e := range batch {
			if head, err = s.sealExisting(ctx, c, e, head); err != nil {
				return err
			}
		}
	}
}

type unsealedEvent struct {
	ev     audit.Event
	detail []byte
}

func (s *Store) unsealedBatch(ctx context.Context, c *conn, t oroshi.TenantID, after int64) ([]unsealedEvent, error) {
	rows, err := c.query(ctx, `SELECT `+auditChainCols+` FROM audit_events
		WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?`, t, after, chainBatch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []unsealedEvent
	for rows.Next() {
		e, d, err := scanChainEvent(rows, t)
		if err != nil {
			return nil, err
		}
		out = append(out, unsealedEvent{e, d})
	}
	return out, rows.Err()
}

// sealExisting seals one event after head; the migration numbered the
// events 1…n, so a seq out of step means the rows moved meanwhile.
func (s *Store) sealExisting(ctx context.Context, c *conn, u unsealedEvent, head audit.Head) (audit.Head, error) {
	e := u.ev
	if e.Seq != head.Seq+1 {
		return head, fmt.Errorf("event %s has seq %d, want %d", e.ID, e.Seq, head.Seq+1)
	}
	detail, err := audit.CanonicalDetail(u.detail)
	if err != nil {
		return head, fmt.Errorf("event %s: %w", e.ID, err)
	}
	e.PrevHash = head.Hash
	e.Hash = audit.Sum(s.auditKey, e, detail)
	_, err = c.exec(ctx, `UPDATE audit_events SET prev_hash = ?, hash = ? WHERE tenant_id = ? AND id = ?`,
		e.PrevHash, e.Hash, e.Tenant, e.ID)
	if err != nil {
		return head, fmt.Errorf("seal event %s: %w", e.ID, err)
	}
	return audit.Head{Seq: e.Seq, Hash: e.Hash}, nil
}
