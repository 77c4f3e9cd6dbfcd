package sqlstore

import (
	"context"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/documents"
)

// OrderDocumentsSQL is the statement of an order's documents as its page
// asks for them (documents.Service.OrderDocuments; buyer 0: the seller's
// page), with its arguments.
func OrderDocumentsSQL(buyer int64) (string, []any) {
	return documentsSQL(1, documents.Query{OrderID: 2, BuyerID: oroshi.ID(buyer), Limit: documents.MaxPageSize})
}

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
