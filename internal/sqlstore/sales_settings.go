package sqlstore

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

var _ sales.Store = (*Store)(nil)

// SalesSettings returns the tenant's sales settings, or the defaults. A
// shop request has them pinned (PinShopView) and reads nothing.
func (s *Store) SalesSettings(ctx context.Context, t oroshi.TenantID) (sales.Settings, error) {
	if p, ok := pinOf(ctx); ok && p.tenant == t {
		return p.settings, nil
	}
	st := sales.DefaultSettings()
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT tax_rounding, updated_at FROM sales_settings WHERE tenant_id = ?`, t).
			Scan(&st.TaxRounding, &st.UpdatedAt)
	})
	if err = s.translate(err); err != nil && !errors.Is(err, oroshi.ErrNotFound) {
		return sales.Settings{}, fmt.Errorf("sales settings: %w", err)
	}
	return st, nil
}

// SaveSalesSettings stores the tenant's sales settings with the event.
func (s *Store) SaveSalesSettings(ctx context.Context, t oroshi.TenantID, st sales.Settings, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO sales_settings (tenant_id, tax_rounding, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (tenant_id) DO UPDATE SET tax_rounding = excluded.tax_rounding, updated_at = excluded.updated_at`,
			t, string(st.TaxRounding), s.now())
		if err != nil {
			return s.translate(err)
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("save sales settings: %w", err)
	}
	return nil
}

// BuyerSettings returns a buyer company's ordering settings (zero if none).
func (s *Store) BuyerSettings(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) (sales.BuyerSettings, error) {
	bs := sales.BuyerSettings{BuyerID: buyerID}
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT buyer_approval, auto_approve, approver_user_id, updated_at
			FROM buyer_sales_settings WHERE tenant_id = ? AND buyer_id = ?`, t, buyerID).
			Scan(&bs.BuyerApproval, &bs.AutoApprove, &bs.ApproverUserID, &bs.UpdatedAt)
	})
	if err = s.translate(err); err != nil && !errors.Is(err, oroshi.ErrNotFound) {
		return sales.BuyerSettings{}, fmt.Errorf("buyer %s sales settings: %w", buyerID, err)
	}
	return bs, nil
}

// SaveBuyerSettings stores a buyer company's ordering settings.
func (s *Store) SaveBuyerSettings(ctx context.Context, t oroshi.TenantID, bs sales.BuyerSettings, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO buyer_sales_settings
			(tenant_id, buyer_id, buyer_approval, auto_approve, approver_user_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (tenant_id, buyer_id) DO UPDATE SET buyer_approval = excluded.buyer_approval,
			auto_approve = excluded.auto_approve, approver_user_id = excluded.approver_user_id,
			updated_at = excluded.updated_at`,
			t, bs.BuyerID, bs.BuyerApproval, bs.AutoApprove, bs.ApproverUserID, s.now())
		if err != nil {
			return s.translate(err)
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("save buyer %s sales settings: %w", bs.BuyerID, err)
	}
	return nil
}

// UserLimit returns a buyer user's order limit (0 when never set).
func (s *Store) UserLimit(ctx context.Context, t oroshi.TenantID, userID oroshi.ID) (sales.UserLimit, error) {
	ul := sales.UserLimit{UserID: userID}
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT order_limit FROM buyer_user_order_limits WHERE tenant_id = ? AND user_id = ?`,
			t, userID).Scan(&ul.OrderLimit)
	})
	if err = s.translate(err); err != nil && !errors.Is(err, oroshi.ErrNotFound) {
		return sales.UserLimit{}, fmt.Errorf("user %s order limit: %w", userID, err)
	}
	return ul, nil
}

// SaveUserLimit stores a buyer user's order limit.
func (s *Store) SaveUserLimit(ctx context.Context, t oroshi.TenantID, ul sales.UserLimit, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO buyer_user_order_limits (tenant_id, user_id, order_limit, updated_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, user_id) DO UPDATE SET order_limit = excluded.order_limit,
			updated_at = excluded.updated_at`, t, ul.UserID, ul.OrderLimit, s.now())
		if err != nil {
			return s.translate(err)
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("save user %s order limit: %w", ul.UserID, err)
	}
	return nil
}

// nextCounter returns the next value of the tenant's counter name (1
// first). The upsert holds the counter's row until commit, so concurrent
// transactions get distinct values, and a rolled-back one gives its value
// back (numbers have no gaps from failed orders).
func (s *Store) nextCounter(ctx context.Context, c *conn, t oroshi.TenantID, name string) (int64, error) {
	var n int64
	st := counterStmt(t, name)
	if err := c.row(ctx, st.q, st.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("counter %s: %w", name, s.translate(err))
	}
	return n, nil
}

// counterStmt moves counter name on and returns its new value.
func counterStmt(t oroshi.TenantID, name string) stmt {
	return stmt{q: `INSERT INTO counters (tenant_id, name, value) VALUES (?, ?, 1)
		ON CONFLICT (tenant_id, name) DO UPDATE SET value = counters.value + 1 RETURNING value`, args: []any{t, name}}
}

// recordSalesEvent inserts a sales event and enqueues its dispatch job in
// c's transaction.
func (s *Store) recordSalesEvent(ctx context.Context, c *conn, t oroshi.TenantID, e sales.Event) error {
	e.ID, e.OccurredAt = s.NewID(), s.now()
	st, err := salesEventStmt(t, e)
	if err != nil {
		return err
	}
	if _, err := c.exec(ctx, st.q, st.args...); err != nil {
		return fmt.Errorf("record sales event %s: %w", e.Type, s.translate(err))
	}
	if err := s.enqueue(ctx, c, jobargs.SalesEvent{Tenant: t, EventID: e.ID}); err != nil {
		return fmt.Errorf("enqueue sales event %s: %w", e.ID, err)
	}
	return nil
}

// salesEventStmt is the insert of e, its ID and time given.
func salesEventStmt(t oroshi.TenantID, e sales.Event) (stmt, error) {
	detail := []byte("{}")
	if len(e.Detail) > 0 {
		var err error
		if detail, err = json.Marshal(e.Detail); err != nil {
			return stmt{}, fmt.Errorf("sales event detail: %w", err)
		}
	}
	return stmt{q: `INSERT INTO sales_events (tenant_id, id, order_id, quote_id, type, occurred_at,
		actor_realm, actor_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		args: []any{t, e.ID, e.OrderID, e.QuoteID, string(e.Type), e.OccurredAt, e.ActorRealm, e.ActorID, string(detail)}}, nil
}

// orderChange is the history entries and sales events of a change to one
// order (each names the order as its target), its events given their IDs
// and their jobs queued: queueOrderChange, then writeOrderChange.
type orderChange struct {
	tenant oroshi.TenantID
	id     oroshi.ID
	audits []audit.Event
	events []sales.Event
}

// queueOrderChange gives the events their IDs and times and enqueues their
// dispatch jobs, in one statement. The jobs need only the IDs, and workers
// see them only after the commit: so this runs before the transaction
// takes the rows every writer of the tenant shares (rollups, counter,
// history head) and waits for none of them.
func (s *Store) queueOrderChange(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID,
	evs []audit.Event, events []sales.Event) (orderChange, error) {
	ch := orderChange{tenant: t, id: id, audits: slices.Clone(evs), events: slices.Clone(events)}
	jobs := make([]river.JobArgs, len(ch.events))
	for i := range ch.events {
		e := &ch.events[i]
		e.ID, e.OccurredAt, e.OrderID, e.Tenant = s.NewID(), s.now(), id, t
		jobs[i] = jobargs.SalesEvent{Tenant: t, EventID: e.ID}
	}
	if err := s.enqueueNew(ctx, c, jobs); err != nil {
		return orderChange{}, fmt.Errorf("enqueue sales events of order %s: %w", id, err)
	}
	return ch, nil
}

// writeOrderChange writes ch's entries and events, each naming the order
// and its number; more runs in the history's chains after them (see
// auditChains).
func (s *Store) writeOrderChange(ctx context.Context, c *conn, ch orderChange, number string, more auditChains) error {
	evs, rows, err := ch.numbered(number)
	if err != nil {
		return err
	}
	return s.recordAuditsWith(ctx, c, auditChains{withHead: more.withHead, withEntries: append(rows, more.withEntries...)}, evs...)
}

// numbered is ch's history entries and the inserts of its events, each
// naming the order and its number.
func (ch orderChange) numbered(number string) ([]audit.Event, []stmt, error) {
	evs := make([]audit.Event, len(ch.audits))
	for i, ev := range ch.audits {
		ev.TargetID = ch.id.String()
		ev.Detail = numbered(ev.Detail, number)
		evs[i] = ev
	}
	rows := make([]stmt, 0, len(ch.events))
	for _, e := range ch.events {
		e.Detail = numbered(e.Detail, number)
		st, err := salesEventStmt(ch.tenant, e)
		if err != nil {
			return nil, nil, err
		}
		rows = append(rows, st)
	}
	return evs, rows, nil
}

// stored is ch's sales events as reads return them (scanSalesEvent),
// oldest first: numbered, each detail through JSON.
func (ch orderChange) stored(number string) ([]sales.Event, error) {
	out := make([]sales.Event, len(ch.events))
	for i, e := range ch.events {
		b, err := json.Marshal(numbered(e.Detail, number))
		if err != nil {
			return nil, fmt.Errorf("sales event detail: %w", err)
		}
		e.Detail = nil
		if err := json.Unmarshal(b, &e.Detail); err != nil {
			return nil, fmt.Errorf("sales event detail: %w", err)
		}
		out[i] = e
	}
	slices.SortStableFunc(out, func(a, b sales.Event) int {
		if c := a.OccurredAt.Compare(b.OccurredAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out, nil
}

// numbered is a copy of detail with the order's number.
func numbered(detail map[string]any, number string) map[string]any {
	detail = maps.Clone(detail)
	if detail == nil {
		detail = map[string]any{}
	}
	detail["number"] = number
	return detail
}

const salesEventCols = `id, tenant_id, order_id, quote_id, type, occurred_at, actor_realm, actor_id, detail`

func scanSalesEvent(sc interface{ Scan(...any) error }) (sales.Event, error) {
	var e sales.Event
	var detail string
	if err := sc.Scan(&e.ID, &e.Tenant, &e.OrderID, &e.QuoteID, &e.Type, &e.OccurredAt, &e.ActorRealm,
		&e.ActorID, &detail); err != nil {
		return sales.Event{}, err
	}
	if err := json.Unmarshal([]byte(detail), &e.Detail); err != nil {
		return sales.Event{}, fmt.Errorf("sales event %s detail: %w", e.ID, err)
	}
	return e, nil
}

// SalesEvent returns one sales event of tenant t.
func (s *Store) SalesEvent(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (sales.Event, error) {
	var e sales.Event
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		e, err = scanSalesEvent(c.row(ctx, `SELECT `+salesEventCols+` FROM sales_events WHERE tenant_id = ? AND id = ?`, t, id))
		return err
	})
	if err != nil {
		return sales.Event{}, fmt.Errorf("sales event %s: %w", id, s.translate(err))
	}
	return e, nil
}
