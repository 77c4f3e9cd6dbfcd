package sqlstore

import (
	"context"
	"fmt"
	"sort"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

var _ tenancy.ContractStore = (*Store)(nil)

// TenantAdminEmails are the addresses of tenant id's owners and admins
// who are not disabled.
func (s *Store) TenantAdminEmails(ctx context.Context, id oroshi.TenantID) ([]string, error) {
	var out []string
	err := s.read(ctx, id, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT email FROM users WHERE tenant_id = ? AND realm = 'admin'
			AND role IN ('owner', 'admin') AND status <> 'disabled' ORDER BY email`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e string
			if err := rows.Scan(&e); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("tenant %s admin emails: %w", id, s.translate(err))
	}
	return out, nil
}

// SaveTenantContract stores status and contract, records each event in its
// own tenant's history and queues the mails, in one transaction.
func (s *Store) SaveTenantContract(ctx context.Context, id oroshi.TenantID, status string, ct tenancy.Contract,
	evs []audit.Event, mails []notify.Mail) error {
	defer s.tenants.forget()
	err := s.write(ctx, id, func(c *conn) error {
		err := mustAffect(c.exec(ctx, `UPDATE tenants SET status = ?, contract_start = ?, contract_end = ?, plan = ?,
			contract_notes = ?, updated_at = ? WHERE id = ? AND status <> 'deleted'`,
			status, ct.Start, ct.End, ct.Plan, ct.Notes, s.now(), id))
		if err != nil {
			return err
		}
		if err := s.queueMails(ctx, c, mails); err != nil {
			return err
		}
		return s.recordAuditScoped(ctx, c, evs...)
	})
	if err != nil {
		return fmt.Errorf("save tenant %s contract: %w", id, s.translate(err))
	}
	return nil
}

// queueMails queues each mail in the transaction.
func (s *Store) queueMails(ctx context.Context, c *conn, mails []notify.Mail) error {
	for _, m := range mails {
		if _, err := s.queueMail(ctx, c, m); err != nil {
			return err
		}
	}
	return nil
}

// recordAuditScoped records events of any tenants in one transaction,
// moving the row-level security scope to each event's tenant in turn.
func (s *Store) recordAuditScoped(ctx context.Context, c *conn, evs ...audit.Event) error {
	for _, ev := range evs {
		if err := s.scopeTo(ctx, c, ev.Tenant); err != nil {
			return err
		}
		if err := s.recordAudit(ctx, c, ev); err != nil {
			return err
		}
	}
	return nil
}

// scopeTo sets the transaction's tenant for row-level security.
func (s *Store) scopeTo(ctx context.Context, c *conn, t oroshi.TenantID) error {
	if q := s.d.scopeSQL(); q != "" {
		if _, err := c.exec(ctx, q, t.String()); err != nil {
			return fmt.Errorf("set tenant scope %s: %w", t, err)
		}
	}
	return nil
}

// PurgeTenant deletes every row of tenant t in every table with a
// tenant_id column (found in the schema, children before parents), the
// River jobs whose arguments name it, and marks it deleted; then it
// records finish's event in the operators' log and queues its mails. All
// in one transaction: a failure leaves everything as it was.
func (s *Store) PurgeTenant(ctx context.Context, t tenancy.Tenant, finish tenancy.PurgeFinish) (map[string]int64, error) {
	rows := map[string]int64{}
	defer s.tenants.forget()
	err := s.write(ctx, t.ID, func(c *conn) error {
		now := s.now()
		// First, so that a second runner finds nothing to do.
		err := mustAffect(c.exec(ctx, `UPDATE tenants SET status = 'deleted', deleted_at = ?, updated_at = ?
			WHERE id = ? AND status <> 'deleted'`, now, now, t.ID))
		if err != nil {
			return err
		}
		tables, err := tenantTables(ctx, c, s.engine)
		if err != nil {
			return err
		}
		for _, tb := range tables {
			res, err := c.exec(ctx, `DELETE FROM `+tableIdent(tb)+` WHERE tenant_id = ?`, t.ID)
			if err != nil {
				return fmt.Errorf("delete from %s: %w", tb, err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				rows[tb] = n
			}
		}
		if n, err := deleteTenantJobs(ctx, c, s.engine, t.ID); err != nil {
			return err
		} else if n > 0 {
			rows["river_job"] = n
		}
		ev, mails := finish(rows)
		if err := s.recordAuditScoped(ctx, c, ev); err != nil {
			return err
		}
		return s.queueMails(ctx, c, mails)
	})
	if err != nil {
		return nil, fmt.Errorf("purge tenant %s: %w", t.Slug, s.translate(err))
	}
	return rows, nil
}

// schemaSQL lists, per engine, the tables with a tenant_id column and the
// foreign keys between tables (child, parent).
var schemaSQL = map[string][2]string{
	"sqlite": {`SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND p.name = 'tenant_id' ORDER BY m.name`,
		`SELECT m.name, f."table" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`},
	"postgres": {`SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t
		ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
		ORDER BY c.table_name`,
		`SELECT ch.relname, pa.relname FROM pg_constraint k JOIN pg_class ch ON ch.oid = k.conrelid
		JOIN pg_class pa ON pa.oid = k.confrelid JOIN pg_namespace n ON n.oid = ch.relnamespace
		WHERE k.contype = 'f' AND n.nspname = current_schema()`},
}

// TenantTables lists the tables that hold tenant rows (a tenant_id
// column), in an order safe for deleting: referencing tables first.
func (s *Store) TenantTables(ctx context.Context) ([]string, error) {
	var out []string
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		var err error
		out, err = tenantTables(ctx, c, s.engine)
		return err
	})
	return out, err
}

// TenantRowCounts counts tenant t's rows in every table with a tenant_id.
func (s *Store) TenantRowCounts(ctx context.Context, t oroshi.TenantID) (map[string]int64, error) {
	out := map[string]int64{}
	err := s.read(ctx, t, func(c *conn) error {
		tables, err := tenantTables(ctx, c, s.engine)
		if err != nil {
			return err
		}
		for _, tb := range tables {
			var n int64
			if err := c.row(ctx, `SELECT count(*) FROM `+tableIdent(tb)+` WHERE tenant_id = ?`, t).Scan(&n); err != nil {
				return fmt.Errorf("count %s: %w", tb, err)
			}
			out[tb] = n
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("tenant %s row counts: %w", t, err)
	}
	return out, nil
}

func tenantTables(ctx context.Context, c *conn, engine string) ([]string, error) {
	q, ok := schemaSQL[engine]
	if !ok {
		return nil, fmt.Errorf("tenant tables: unknown engine %q", engine)
	}
	tables, err := scanStrings(ctx, c, q[0], 1)
	if err != nil {
		return nil, fmt.Errorf("tenant tables: %w", err)
	}
	fks, err := scanStrings(ctx, c, q[1], 2)
	if err != nil {
		return nil, fmt.Errorf("foreign keys: %w", err)
	}
	return deleteOrder(tables, fks), nil
}

// scanStrings reads rows of n text columns into one flat slice.
func scanStrings(ctx context.Context, c *conn, q string, n int) ([]string, error) {
	rows, err := c.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals := make([]string, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, vals...)
	}
	return out, rows.Err()
}

// deleteOrder sorts tables so that a table comes before every table it
// references (fks is child, parent, child, parent …). Tables caught in a
// reference cycle come last, by name.
func deleteOrder(tables, fks []string) []string {
	in := map[string]bool{}
	for _, t := range tables {
		in[t] = true
	}
	referencedBy := map[string]map[string]bool{} // parent → children not yet placed
	for i := 0; i+1 < len(fks); i += 2 {
		child, parent := fks[i], fks[i+1]
		if child == parent || !in[child] || !in[parent] {
			continue
		}
		if referencedBy[parent] == nil {
			referencedBy[parent] = map[string]bool{}
		}
		referencedBy[parent][child] = true
	}
	var out []string
	placed := map[string]bool{}
	for len(out) < len(tables) {
		var ready []string
		for _, t := range tables {
			if !placed[t] && len(referencedBy[t]) == 0 {
				ready = append(ready, t)
			}
		}
		if len(ready) == 0 { // a cycle: take the rest as they are
			for _, t := range tables {
				if !placed[t] {
					ready = append(ready, t)
				}
			}
		}
		sort.Strings(ready)
		for _, t := range ready {
			placed[t] = true
			for _, kids := range referencedBy {
				delete(kids, t)
			}
		}
		out = append(out, ready...)
	}
	return out
}

// jobArgsSQL renders River job arguments as text per engine.
var jobArgsSQL = map[string]string{"sqlite": "json(args)", "postgres": "args::text"}

// deleteTenantJobs deletes River jobs (not running ones) whose arguments
// name tenant t: their rows are gone, so they could only fail.
func deleteTenantJobs(ctx context.Context, c *conn, engine string, t oroshi.TenantID) (int64, error) {
	expr := jobArgsSQL[engine]
	res, err := c.exec(ctx, `DELETE FROM river_job WHERE state <> 'running' AND (`+expr+` LIKE ? OR `+expr+` LIKE ?)`,
		`%"tenant_id":"`+t.String()+`"%`, `%"tenant_id": "`+t.String()+`"%`)
	if err != nil {
		return 0, fmt.Errorf("delete river jobs: %w", err)
	}
	return res.RowsAffected()
}

func tableIdent(name string) string { return `"` + name + `"` }
