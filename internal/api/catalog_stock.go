package api

import (
	"net/http"

	"github.com/oroshi-jp/oroshi"
)

// Stock (在庫) of SKUs: /api/v1/skus/{id}/stock-adjustments.

// maxStockReason bounds the reason of a stock adjustment, in characters.
const maxStockReason = 200

// adjustStock answers POST /api/v1/skus/{id}/stock-adjustments with the
// new stock. An adjustment that would leave less than zero changes
// nothing and is 422 on field "delta" (the service's kind for it).
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
	if len([]rune(in.Reason)) > maxStockReason {
		return oroshi.Invalid("reason", "理由は200文字以内で入力してください")
	}
	stock, err := s.catalog.AdjustStock(r.Context(), p.Tenant.ID, id, in.Delta, actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, StockLevel{SKUID: id.String(), Delta: in.Delta, Stock: stock})
	return nil
}
