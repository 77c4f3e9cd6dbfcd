package catalog

import (
	"encoding/json"
	"fmt"

	"github.com/oroshi-jp/oroshi"
)

// productSnapshot flattens a product into field → value for audit.Diff, so
// that an update records exactly the fields that changed, SKU fields
// included ("skus[AB-1].list_price"). SKUs are labelled by the 品番 they had
// before the change (labels, by SKU ID), so a renamed code shows as one
// changed "code" field rather than a removed and an added SKU. Stock is left
// out: it changes through AdjustStock, with its own history entry.
func productSnapshot(p Product, labels map[oroshi.ID]string) map[string]any {
	m := map[string]any{
		"name":        p.Name,
		"kana":        p.Kana,
		"description": p.Description,
		"category_id": p.CategoryID.String(),
		"tax_class":   string(p.TaxClass),
		"status":      string(p.Status),
		"visibility":  string(p.Visibility.Mode),
	}
	if ids := idStrings(p.Visibility.GroupIDs); ids != nil {
		m["visibility_groups"] = ids
	}
	if ids := idStrings(p.Visibility.BuyerIDs); ids != nil {
		m["visibility_buyers"] = ids
	}
	for k, v := range p.Custom {
		m["custom."+k] = v
	}
	taken := map[string]bool{}
	for _, l := range labels {
		taken[l] = true
	}
	for _, s := range p.SKUs {
		label, ok := labels[s.ID]
		if !ok || s.ID == 0 {
			label = s.Code
			if taken[label] { // a new SKU reusing the old code of a renamed one
				label += "（追加）"
			}
		}
		for k, v := range skuSnapshot(s) {
			m[fmt.Sprintf("skus[%s].%s", label, k)] = v
		}
	}
	return m
}

func skuSnapshot(s SKU) map[string]any {
	return map[string]any{
		"code":        s.Code,
		"jan":         s.JAN,
		"variant":     s.Variant,
		"unit":        s.Unit,
		"case_qty":    s.CaseQty,
		"order_lot":   s.OrderLot,
		"min_qty":     s.MinQty,
		"list_price":  int64(s.ListPrice),
		"track_stock": s.TrackStock,
	}
}

// skuLabels names each SKU of p by its code, for productSnapshot.
func skuLabels(p Product) map[oroshi.ID]string {
	m := make(map[oroshi.ID]string, len(p.SKUs))
	for _, s := range p.SKUs {
		m[s.ID] = s.Code
	}
	return m
}

func idStrings(ids []oroshi.ID) []string {
	if len(ids) == 0 {
		return nil
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	return out
}

// normalizeCustom round-trips custom values through JSON, the form they
// are stored in, so that values compare equal before and after saving
// (a number typed as int reads back as float64) and anything JSON cannot
// hold is refused now rather than by the database.
func normalizeCustom(m map[string]any) (map[string]any, error) {
	if len(m) == 0 {
		return map[string]any{}, nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, oroshi.Invalid("custom", "追加項目の値を保存できません")
	}
	out := map[string]any{}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("custom fields: %w", err)
	}
	return out, nil
}
