package sqlstore

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/tenantexport"
)

var _ tenantexport.Store = (*Store)(nil)

// EachDocumentFile calls fn with every issued document of tenant t, by
// kind, number and version, reading one PDF at a time: the list first
// (small), then each file on its own.
func (s *Store) EachDocumentFile(ctx context.Context, t oroshi.TenantID, fn func(tenantexport.DocumentFile) error) error {
	type ref struct {
		id oroshi.ID
		f  tenantexport.DocumentFile
	}
	var refs []ref
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT id, kind, number, version, sha256 FROM documents
			WHERE tenant_id = ? ORDER BY kind, number, version`, t)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r ref
			if err := rows.Scan(&r.id, &r.f.Kind, &r.f.Number, &r.f.Version, &r.f.SHA256); err != nil {
				return err
			}
			refs = append(refs, r)
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("document files of tenant %s: %w", t, s.translate(err))
	}
	for _, r := range refs {
		if r.f.PDF, err = s.DocumentPDF(ctx, t, r.id); err != nil {
			return err
		}
		if err := fn(r.f); err != nil {
			return err
		}
	}
	return nil
}
