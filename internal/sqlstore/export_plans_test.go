package sqlstore

import "context"

// ShipmentsOfOrderSQL is the order page's shipments query (plans_test.go).
const ShipmentsOfOrderSQL = shipmentsOfOrderSQL

// QueryPlan is SQLite's EXPLAIN QUERY PLAN of q, one detail per step.
func (s *Store) QueryPlan(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return nil, err
		}
		out = append(out, detail)
	}
	return out, rows.Err()
}
