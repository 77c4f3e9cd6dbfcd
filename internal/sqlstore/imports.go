package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
)

var _ dataio.Store = (*Store)(nil)

// The csv_imports table keeps an uploaded file (data) and what its job
// found. The errors column holds the whole dataio.Result as JSON (the
// problems kept, how many were left out, the counts), so the page of a
// finished import is one row read; the column's default '[]' (a row no job
// has finished yet) reads as an empty Result.

const importCols = `tenant_id, id, kind, status, dry_run, filename, encoding, total_rows, done_rows,
	error_count, errors, created_by, created_at, finished_at`

func scanImport(sc interface{ Scan(...any) error }) (dataio.Import, error) {
	var im dataio.Import
	var result string
	var finished sql.NullTime
	err := sc.Scan(&im.Tenant, &im.ID, &im.Kind, &im.Status, &im.DryRun, &im.Filename, &im.Encoding,
		&im.TotalRows, &im.DoneRows, &im.ErrorCount, &result, &im.CreatedBy, &im.CreatedAt, &finished)
	if err != nil {
		return dataio.Import{}, err
	}
	if strings.HasPrefix(result, "{") {
		if err := json.Unmarshal([]byte(result), &im.Result); err != nil {
			return dataio.Import{}, fmt.Errorf("import %s result: %w", im.ID, err)
		}
	}
	im.FinishedAt = finished.Time
	return im, nil
}

// CreateImport stores an upload as pending and enqueues its job in the
// same transaction: the job exists if and only if the row does.
func (s *Store) CreateImport(ctx context.Context, im dataio.Import) (dataio.Import, error) {
	im.ID, im.CreatedAt, im.Status = s.NewID(), s.now(), dataio.StatusPending
	err := s.write(ctx, im.Tenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO csv_imports (tenant_id, id, kind, status, dry_run, filename, encoding,
			errors, data, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?)`,
			im.Tenant, im.ID, string(im.Kind), im.Status, im.DryRun, im.Filename, im.Encoding, im.Data,
			im.CreatedBy, im.CreatedAt)
		if err != nil {
			return s.translate(err)
		}
		return s.enqueue(ctx, c, jobargs.ImportCSV{Tenant: im.Tenant, ImportID: im.ID})
	})
	if err != nil {
		return dataio.Import{}, fmt.Errorf("create import: %w", err)
	}
	im.Data = nil
	return im, nil
}

// Import returns one import of tenant t, without its file.
func (s *Store) Import(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (dataio.Import, error) {
	var im dataio.Import
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		im, err = scanImport(c.row(ctx, `SELECT `+importCols+` FROM csv_imports WHERE tenant_id = ? AND id = ?`, t, id))
		return err
	})
	if err != nil {
		return dataio.Import{}, fmt.Errorf("import %s: %w", id, s.translate(err))
	}
	return im, nil
}

// Imports lists the latest imports of tenant t, newest first.
func (s *Store) Imports(ctx context.Context, t oroshi.TenantID, limit int) ([]dataio.Import, error) {
	var out []dataio.Import
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT `+importCols+` FROM csv_imports WHERE tenant_id = ?
			ORDER BY created_at DESC, id DESC LIMIT ?`, t, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			im, err := scanImport(rows)
			if err != nil {
				return err
			}
			out = append(out, im)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("list imports: %w", err)
	}
	return out, nil
}

// ImportData returns the uploaded file of an import.
func (s *Store) ImportData(ctx context.Context, t oroshi.TenantID, id oroshi.ID) ([]byte, error) {
	var data []byte
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT data FROM csv_imports WHERE tenant_id = ? AND id = ?`, t, id).Scan(&data)
	})
	if err != nil {
		return nil, fmt.Errorf("import %s data: %w", id, s.translate(err))
	}
	return data, nil
}

// StartImport marks an unfinished import running, with the encoding found.
func (s *Store) StartImport(ctx context.Context, t oroshi.TenantID, id oroshi.ID, encoding string) (bool, error) {
	var n int64
	err := s.write(ctx, t, func(c *conn) error {
		res, err := c.exec(ctx, `UPDATE csv_imports SET status = ?, encoding = ?, done_rows = 0
			WHERE tenant_id = ? AND id = ? AND status IN (?, ?)`,
			dataio.StatusRunning, encoding, t, id, dataio.StatusPending, dataio.StatusRunning)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("start import %s: %w", id, s.translate(err))
	}
	return n > 0, nil
}

// ImportProgress records how many rows of a running import are checked.
func (s *Store) ImportProgress(ctx context.Context, t oroshi.TenantID, id oroshi.ID, done, total int) error {
	err := s.write(ctx, t, func(c *conn) error {
		_, err := c.exec(ctx, `UPDATE csv_imports SET done_rows = ?, total_rows = ?
			WHERE tenant_id = ? AND id = ? AND status = ?`, done, total, t, id, dataio.StatusRunning)
		return err
	})
	if err != nil {
		return fmt.Errorf("import %s progress: %w", id, s.translate(err))
	}
	return nil
}

// FinishImport records the outcome of an import that wrote nothing.
func (s *Store) FinishImport(ctx context.Context, t oroshi.TenantID, id oroshi.ID, status string, total, errorCount int,
	r dataio.Result) error {
	err := s.write(ctx, t, func(c *conn) error { return s.finishImport(ctx, c, t, id, status, total, errorCount, r) })
	if err != nil {
		return fmt.Errorf("finish import %s: %w", id, err)
	}
	return nil
}

func (s *Store) finishImport(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID, status string,
	total, errorCount int, r dataio.Result) error {
	if r.Errors == nil {
		r.Errors = csvio.Errors{}
	}
	result, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode import result: %w", err)
	}
	// An import already finished (by another run of its job) stays as it is.
	_, err = c.exec(ctx, `UPDATE csv_imports SET status = ?, total_rows = ?, done_rows = ?,
		error_count = ?, errors = ?, finished_at = ? WHERE tenant_id = ? AND id = ? AND status IN (?, ?)`,
		status, total, total, errorCount, string(result), s.now(), t, id, dataio.StatusPending, dataio.StatusRunning)
	return err
}
