package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/accesslog"
)

var _ accesslog.Store = (*Store)(nil)

// IDAt is the smallest ID made at time t: IDs are time-ordered (ids.go),
// so a time range is an ID range that an index ending in id can walk.
func IDAt(t time.Time) oroshi.ID {
	ms := max(t.UnixMilli()-idEpoch, 0)
	return oroshi.ID(ms << 22)
}

const accessCols = `tenant_id, id, at, realm, user_id, client_addr, method, route, status, duration_us, bytes`

// InsertAccessLog writes rows with one multi-row INSERT.
func (s *Store) InsertAccessLog(ctx context.Context, rows []accesslog.Entry) error {
	if len(rows) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO access_log (` + accessCols + `) VALUES `)
	args := make([]any, 0, len(rows)*11)
	for i, e := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		id := e.ID
		if id == 0 {
			id = s.NewID()
		}
		args = append(args, e.TenantID, id, e.At.UTC(), e.Realm, e.UserID, e.ClientAddr, e.Method, e.Route,
			e.Status, e.Duration.Microseconds(), e.Bytes)
	}
	return s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		if _, err := c.exec(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("insert access log (%d rows): %w", len(rows), s.translate(err))
		}
		return nil
	})
}

// AccessLog reads a page of rows, newest first.
func (s *Store) AccessLog(ctx context.Context, f accesslog.Filter) ([]accesslog.Entry, error) {
	where, args := accessWhere(f)
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	q := `SELECT ` + accessCols + ` FROM access_log WHERE ` + strings.Join(where, " AND ") +
		fmt.Sprintf(` ORDER BY id DESC LIMIT %d`, limit)
	var out []accesslog.Entry
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		rows, err := c.query(ctx, q, args...)
		out, err = collect(rows, err, scanAccess)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("access log: %w", s.translate(err))
	}
	return out, nil
}

func scanAccess(r *sql.Rows) (accesslog.Entry, error) {
	var e accesslog.Entry
	var us int64
	err := r.Scan(&e.TenantID, &e.ID, &e.At, &e.Realm, &e.UserID, &e.ClientAddr, &e.Method, &e.Route, &e.Status, &us, &e.Bytes)
	e.Duration = time.Duration(us) * time.Microsecond
	return e, err
}

// accessWhere turns f into conditions on the columns that lead an index:
// tenant and user by equality, dates and the cursor as an ID range.
func accessWhere(f accesslog.Filter) ([]string, []any) {
	where, args := []string{"1 = 1"}, []any{}
	add := func(cond string, v any) { where, args = append(where, cond), append(args, v) }
	if !f.AnyTenant {
		add("tenant_id = ?", f.Tenant)
	}
	if f.UserID != 0 {
		add("user_id = ?", f.UserID)
	}
	if !f.From.IsZero() {
		add("id >= ?", IDAt(f.From))
	}
	if !f.Until.IsZero() {
		add("id < ?", IDAt(f.Until))
	}
	if f.Before != 0 {
		add("id < ?", f.Before)
	}
	if f.StatusClass >= 1 && f.StatusClass <= 5 {
		add("status >= ?", f.StatusClass*100)
		add("status < ?", f.StatusClass*100+100)
	}
	return where, args
}

// PurgeAccessLog deletes up to batch rows older than before, oldest first,
// and says how many it deleted.
func (s *Store) PurgeAccessLog(ctx context.Context, before time.Time, batch int) (int64, error) {
	var n int64
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		res, err := c.exec(ctx, `DELETE FROM access_log WHERE id IN
			(SELECT id FROM access_log WHERE id < ? ORDER BY id LIMIT ?)`, IDAt(before), batch)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return n, fmt.Errorf("purge access log: %w", s.translate(err))
	}
	return n, nil
}
