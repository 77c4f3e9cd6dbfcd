package dataio

import (
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// An imported row is recorded as the screens record the same change: the
// same actions (顧客データ（更新）, 価格表（更新）…) and the same detail
// shapes, so the history reads alike whichever way a change came. The
// snapshots below mirror the unexported ones of packages buyers and
// pricing (fieldMap, shipToMap, buyerPriceSnapshot); if those are ever
// exported, use them instead. Each detail also names the import
// ("csv_import"), so an entry leads back to its file.

// detailImport is the detail key naming the import.
const detailImport = "csv_import"

// Summary actions, one per committed file.
func summaryAction(k Kind) string { return "CSV取込（" + k.Label() + "）" }

// exportAction is recorded when someone downloads a file.
func exportAction(k Kind) string { return "CSV出力（" + k.Label() + "）" }

// buyerMap is buyers.fieldMap: b keyed like customfields.Builtins and
// custom.<key>, the status left out (it has actions of its own).
func buyerMap(b buyers.Buyer) map[string]any {
	m := map[string]any{
		"code": b.Code, "name": b.Name, "kana": b.Kana, "postal_code": b.PostalCode,
		"address": b.Address, "phone": b.Phone, "billing_name": b.BillingName,
		"billing_email": b.BillingEmail, "price_group": idText(b.PriceGroupID),
		"closing_day": buyers.ClosingDayLabel(b.ClosingDay), "payment_terms": b.PaymentTerms.Label(),
		"credit_limit": int64(b.CreditLimit), "payment_method": b.PaymentMethod,
	}
	for k, v := range b.Custom {
		m[customfields.ErrKey(k)] = v
	}
	return m
}

// shipToMap is buyers.shipToMap.
func shipToMap(st buyers.ShipTo) map[string]any {
	return map[string]any{"label": st.Label, "recipient": st.Recipient, "postal_code": st.PostalCode,
		"address": st.Address, "phone": st.Phone, "is_default": st.IsDefault}
}

// priceMap is pricing.buyerPriceSnapshot.
func priceMap(buyerCode, skuCode string, bp pricing.BuyerPrice) map[string]any {
	return map[string]any{
		"buyer":      buyerCode,
		"sku":        skuCode,
		"valid_from": bp.Valid.From.String(),
		"valid_to":   bp.Valid.To.String(),
		"breaks":     sortBreaks(bp.Breaks),
	}
}

// idText writes an ID as text ("" for none): JSON numbers lose digits in
// JavaScript.
func idText(id oroshi.ID) string {
	if id == 0 {
		return ""
	}
	return id.String()
}

// recorder makes the events of one import.
type recorder struct {
	actor    audit.Actor
	tenant   oroshi.TenantID
	importID oroshi.ID
}

func (r recorder) event(action, target string, id oroshi.ID, detail map[string]any) audit.Event {
	ev := r.actor.Event(action, target, idText(id))
	ev.Tenant = r.tenant
	detail[detailImport] = r.importID.String()
	ev.Detail = detail
	return ev
}

// summary is the one entry for a committed file.
func (r recorder) summary(k Kind, filename string, rows int, c Counts) audit.Event {
	return r.event(summaryAction(k), "csv_import", r.importID, map[string]any{
		"kind": string(k), "file": filename, "rows": rows,
		"created": c.Created, "updated": c.Updated, "unchanged": c.Unchanged, "deleted": c.Deleted,
	})
}

// productMap is catalog.productSnapshot: p flattened for audit.Diff, SKU
// fields under skus[<品番 before>].<field>, stock left out.
func productMap(p catalog.Product, labels map[oroshi.ID]string) map[string]any {
	m := map[string]any{
		"name": p.Name, "kana": p.Kana, "description": p.Description, "category_id": p.CategoryID.String(),
		"tax_class": string(p.TaxClass), "status": string(p.Status), "visibility": string(p.Visibility.Mode),
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
			if taken[label] {
				label += "（追加）"
			}
		}
		for k, v := range map[string]any{"code": s.Code, "jan": s.JAN, "variant": s.Variant, "unit": s.Unit,
			"case_qty": s.CaseQty, "order_lot": s.OrderLot, "min_qty": s.MinQty,
			"list_price": int64(s.ListPrice), "track_stock": s.TrackStock} {
			m[fmt.Sprintf("skus[%s].%s", label, k)] = v
		}
	}
	return m
}
