package api

import (
	"net/http"
)

// Stock (在庫) of SKUs: /api/v1/skus/{id}/stock-adjustments.

// adjustStock answers POST /api/v1/skus/{id}/stock-adjustments with the
// new stock. The reason is required and recorded in the operation history
// (the service checks it). An adjustment that would leave less than zero
// changes nothing and is 422 on field "delta" (the service's kind for it).
func (s *server) adjustStock(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var in StockAdjustmentInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	stock, err := s.catalog.AdjustStock(r.Context(), p.Tenant.ID, id, in.Delta, in.Reason, actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, StockLevel{SKUID: id.String(), Delta: in.Delta, Stock: stock})
	return nil
}
