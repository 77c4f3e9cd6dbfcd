package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

var _ pricing.Store = (*Store)(nil)

// pricingMaxIn bounds the SKUs of one statement, so a huge cart is read
// in bounded steps (memory, statement time) rather than in one go.
const pricingMaxIn = 1000

// pricingIDSet is how each engine binds a set of IDs as one parameter, so
// the SQL text is the same for 3 IDs or 1,000: PostgreSQL reuses its
// prepared statement (pgx caches by text) and SQLite parses a short
// statement instead of a long IN list (with statistics, SQLite's planner
// even probes them value by value). Values travel as parameters, never in
// the SQL text.
//
// (Like catalogSearch, this belongs in the dialect interface of dialect.go;
// it lives here, asserted below, until that file can take it.)
type pricingIDSet interface {
	// pricingInSet is the condition "col is one of the set bound as the
	// next parameter".
	pricingInSet(col string) string
	// pricingSetArg is that parameter.
	pricingSetArg(ids []oroshi.ID) any
}

var (
	_ pricingIDSet = sqliteDialect{}
	_ pricingIDSet = postgresDialect{}
)

func (sqliteDialect) pricingInSet(col string) string {
	return col + ` IN (SELECT value FROM json_each(?))`
}

// pricingSetArg is a JSON array of the IDs: SQLite's json_each reads it.
func (sqliteDialect) pricingSetArg(ids []oroshi.ID) any {
	b := make([]byte, 0, len(ids)*20+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(id), 10)
	}
	return string(append(b, ']'))
}

func (postgresDialect) pricingInSet(col string) string {
	return col + ` = ANY(CAST(? AS BIGINT[]))`
}

// pricingSetArg is an int8[] parameter (pgx encodes the slice).
func (postgresDialect) pricingSetArg(ids []oroshi.ID) any {
	out := make([]int64, len(ids))
	for i, id := range ids {
		out[i] = int64(id)
	}
	return out
}

// pricingSet returns the condition and argument binding ids to col.
func pricingSet(c *conn, col string, ids []oroshi.ID) (string, any) {
	d := c.d.(pricingIDSet)
	return d.pricingInSet(col), d.pricingSetArg(ids)
}

// pricingPeriodSQL restricts rows of alias to those valid on d (an empty
// string is an open end; 'YYYY-MM-DD' text compares in date order). A zero
// d adds no condition: every period.
func pricingPeriodSQL(alias string, d pricing.Date) (string, []any) {
	if d.IsZero() {
		return "", nil
	}
	day := d.String()
	return ` AND (` + alias + `.valid_from = '' OR ` + alias + `.valid_from <= ?)` +
		` AND (` + alias + `.valid_to = '' OR ` + alias + `.valid_to >= ?)`, []any{day, day}
}

// pricingDay reads a civil date column; empty is the zero Date (an open end).
func pricingDay(s string) (pricing.Date, error) {
	var d pricing.Date
	if err := d.UnmarshalText([]byte(s)); err != nil {
		return pricing.Date{}, fmt.Errorf("stored date: %w", err)
	}
	return d, nil
}

func pricingPeriod(from, to string) (pricing.Period, error) {
	f, err := pricingDay(from)
	if err != nil {
		return pricing.Period{}, err
	}
	t, err := pricingDay(to)
	if err != nil {
		return pricing.Period{}, err
	}
	return pricing.Period{From: f, To: t}, nil
}

// pricingBreaksText is the breaks column: JSON in the schema's names.
func pricingBreaksText(b []pricing.Break) (string, error) {
	if b == nil {
		b = []pricing.Break{}
	}
	out, err := json.Marshal(b)
	if err != nil {
		return "", fmt.Errorf("encode breaks: %w", err)
	}
	return string(out), nil
}

func pricingBreaks(s string) ([]pricing.Break, error) {
	var b []pricing.Break
	if err := json.Unmarshal([]byte(s), &b); err != nil {
		return nil, fmt.Errorf("stored breaks %q: %w", s, err)
	}
	return b, nil
}

type pricingScanner interface{ Scan(...any) error }

const priceListCols = `id, group_id, name, kind, rate_bp, rounding, priority, valid_from, valid_to`

// scanPriceList reads priceListCols (of alias l. where the query joins),
// then any extra destinations.
func scanPriceList(sc pricingScanner, t oroshi.TenantID, extra ...any) (pricing.PriceList, error) {
	l := pricing.PriceList{Tenant: t}
	var from, to string
	dest := append([]any{&l.ID, &l.GroupID, &l.Name, &l.Kind, &l.RateBP, &l.Rounding, &l.Priority, &from, &to}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return pricing.PriceList{}, err
	}
	var err error
	l.Valid, err = pricingPeriod(from, to)
	return l, err
}

// pricingSKUCols are the columns of SKUInfo, from skus k joined to products p.
const pricingSKUCols = `k.id, k.code, p.name, k.variant, k.list_price`

func pricingSKUDest(k *pricing.SKUInfo) []any {
	return []any{&k.ID, &k.Code, &k.ProductName, &k.Variant, &k.ListPrice}
}

// pricingSKU loads one SKU of tenant t; a missing one wraps ErrNotFound.
func (s *Store) pricingSKU(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) (pricing.SKUInfo, error) {
	var k pricing.SKUInfo
	err := c.row(ctx, `SELECT `+pricingSKUCols+` FROM skus k
		JOIN products p ON p.tenant_id = k.tenant_id AND p.id = k.product_id
		WHERE k.tenant_id = ? AND k.id = ?`, t, id).Scan(pricingSKUDest(&k)...)
	if err != nil {
		return pricing.SKUInfo{}, fmt.Errorf("sku %s: %w", id, s.translate(err))
	}
	return k, nil
}

// pricingBuyer loads one buyer of tenant t; a missing one wraps ErrNotFound.
func (s *Store) pricingBuyer(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) (pricing.BuyerInfo, error) {
	var b pricing.BuyerInfo
	err := c.row(ctx, `SELECT id, code, name FROM buyers WHERE tenant_id = ? AND id = ?`, t, id).Scan(&b.ID, &b.Code, &b.Name)
	if err != nil {
		return pricing.BuyerInfo{}, fmt.Errorf("buyer %s: %w", id, s.translate(err))
	}
	return b, nil
}

// pricingExists reports whether table (one of this file's constants, never
// input) has row id of tenant t.
func pricingExists(ctx context.Context, c *conn, table string, t oroshi.TenantID, id oroshi.ID) (bool, error) {
	var n int
	err := c.row(ctx, `SELECT count(*) FROM `+table+` WHERE tenant_id = ? AND id = ?`, t, id).Scan(&n)
	return n > 0, err
}

// pricingMustExist is pricingExists with a missing row as ErrNotFound, for
// the parent of a listing (a list of another tenant's rows is a 404, not an
// empty page).
func pricingMustExist(ctx context.Context, c *conn, table string, t oroshi.TenantID, id oroshi.ID) error {
	ok, err := pricingExists(ctx, c, table, t, id)
	switch {
	case err != nil:
		return err
	case !ok:
		return fmt.Errorf("%s %s: %w", table, id, oroshi.ErrNotFound)
	}
	return nil
}

// pricingRefs collects the input fields naming missing rows: a
// pricing.UnknownRefError when there are some, nil otherwise.
type pricingRefs struct{ missing []string }

// note records field as missing when err is ErrNotFound and returns any
// other error.
func (r *pricingRefs) note(field string, err error) error {
	if errors.Is(err, oroshi.ErrNotFound) {
		r.missing = append(r.missing, field)
		return nil
	}
	return err
}

func (r *pricingRefs) err() error {
	if len(r.missing) == 0 {
		return nil
	}
	return &pricing.UnknownRefError{Fields: r.missing}
}

// pricingGuard maps "no row updated" to ErrConflict for an UPDATE guarded
// by the updated_at read before it: a concurrent edit (PostgreSQL runs them
// in parallel) then fails instead of silently overwriting the other one
// with an audit diff against a stale row.
func pricingGuard(err error) error {
	if errors.Is(err, oroshi.ErrNotFound) {
		return fmt.Errorf("changed meanwhile, reload and retry: %w", oroshi.ErrConflict)
	}
	return err
}

// deleteAudited deletes one row of table in one transaction: it reads the
// row first (a missing or foreign id wraps ErrNotFound), lets the service
// build the audit event from it, deletes and records the event.
func deleteAudited[T any](ctx context.Context, s *Store, t oroshi.TenantID, table string, id oroshi.ID,
	read func(*conn) (T, error), fn func(T) (audit.Event, error)) error {
	return s.write(ctx, t, func(c *conn) error {
		before, err := read(c)
		if err != nil {
			return err
		}
		ev, err := fn(before)
		if err != nil {
			return err
		}
		if err := mustAffect(c.exec(ctx, `DELETE FROM `+table+` WHERE tenant_id = ? AND id = ?`, t, id)); err != nil {
			return s.translate(err)
		}
		ev.Tenant = t
		return s.recordAudit(ctx, c, ev)
	})
}
