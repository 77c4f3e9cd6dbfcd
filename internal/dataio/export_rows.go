package dataio

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// source is one kind's export: its columns and an iteration that emits
// one record per row. emit may keep nothing of the record it is given:
// the same slice is refilled for the next row.
type source struct {
	cols []column
	each func(ctx context.Context, emit func([]string) error) error
}

func (s *Service) source(ctx context.Context, t oroshi.TenantID, k Kind) (source, error) {
	if !k.Valid() {
		return source{}, fmt.Errorf("export %q: %w", k, oroshi.ErrNotFound)
	}
	r, err := s.loadRefs(ctx, t, k)
	if err != nil {
		return source{}, err
	}
	src := source{cols: columnsFor(k, r)}
	rec := make([]string, len(src.cols))
	switch k {
	case KindBuyers:
		each, err := s.buyerRows(ctx, t, src.cols, r.fields, rec)
		if err != nil {
			return source{}, err
		}
		src.each = each
	case KindProducts:
		each, err := s.productRows(ctx, t, src.cols, r.productFields, rec)
		if err != nil {
			return source{}, err
		}
		src.each = each
	case KindShipTos:
		src.each = func(ctx context.Context, emit func([]string) error) error {
			return s.Store.EachShipTo(ctx, t, func(st ShipToRow) error { return emit(shipToRecord(rec, src.cols, st)) })
		}
	case KindPriceItems:
		src.each = func(ctx context.Context, emit func([]string) error) error {
			return s.Store.EachPriceListItem(ctx, t, func(it ItemRow) error {
				return emitBreaks(rec, src.cols, it.Breaks, emit, func(field string) string { return itemCell(it, field) })
			})
		}
	case KindBuyerPrices:
		src.each = func(ctx context.Context, emit func([]string) error) error {
			return s.Store.EachBuyerPrice(ctx, t, func(bp pricing.BuyerPriceWithRefs) error {
				return emitBreaks(rec, src.cols, bp.Breaks, emit, func(field string) string { return priceCell(bp, field) })
			})
		}
	}
	return src, nil
}

// buyerRows iterates the buyers of t as records of cols.
func (s *Service) buyerRows(ctx context.Context, t oroshi.TenantID, cols []column, fields []customfields.Field,
	rec []string) (func(context.Context, func([]string) error) error, error) {
	groups, err := s.groupCodes(ctx, t)
	if err != nil {
		return nil, err
	}
	defs := make(map[string]customfields.Field, len(fields))
	for _, d := range fields {
		defs[customfields.ErrKey(d.Key)] = d
	}
	return func(ctx context.Context, emit func([]string) error) error {
		return s.Store.EachBuyer(ctx, t, func(b buyers.Buyer) error {
			return emit(buyerRecord(rec, cols, defs, groups, b))
		})
	}, nil
}

func (s *Service) groupCodes(ctx context.Context, t oroshi.TenantID) (map[oroshi.ID]string, error) {
	groups, err := s.Store.PriceGroups(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("price groups: %w", err)
	}
	out := make(map[oroshi.ID]string, len(groups))
	for _, g := range groups {
		out[g.ID] = g.Code
	}
	return out, nil
}

// buyerRecord writes b the way the import reads it back: codes, labels
// (締め日 20日 or 末日, 支払条件 翌月末払い, 請求書払い, 有効), plain numbers.
// defs are the custom fields by column field (custom.<key>).
func buyerRecord(rec []string, cols []column, defs map[string]customfields.Field, groups map[oroshi.ID]string,
	b buyers.Buyer) []string {
	for i, c := range cols {
		if ptr, ok := textFields[c.field]; ok {
			rec[i] = *ptr(&b)
			continue
		}
		switch c.field {
		case "price_group":
			rec[i] = groups[b.PriceGroupID]
		case "closing_day":
			rec[i] = buyers.ClosingDayLabel(b.ClosingDay)
		case "payment_terms":
			rec[i] = b.PaymentTerms.Label()
		case "credit_limit":
			rec[i] = strconv.FormatInt(int64(b.CreditLimit), 10)
		case "payment_method":
			rec[i] = buyers.PaymentMethodLabel(b.PaymentMethod)
		case "status":
			rec[i] = buyers.StatusLabel(b.Status)
		default:
			d := defs[c.field]
			rec[i] = customfields.FormatCell(d, b.Custom[d.Key])
		}
	}
	return rec
}

func shipToRecord(rec []string, cols []column, st ShipToRow) []string {
	for i, c := range cols {
		switch c.field {
		case "buyer":
			rec[i] = st.BuyerCode
		case "buyer_name":
			rec[i] = st.BuyerName
		case "label":
			rec[i] = st.Label
		case "recipient":
			rec[i] = st.Recipient
		case "postal_code":
			rec[i] = st.PostalCode
		case "address":
			rec[i] = st.Address
		case "phone":
			rec[i] = st.Phone
		case "default":
			rec[i] = flagText(st.IsDefault)
		}
	}
	return rec
}

// emitBreaks emits one row per quantity break, in quantity order; cell
// gives the columns other than the break's own.
func emitBreaks(rec []string, cols []column, breaks []pricing.Break, emit func([]string) error,
	cell func(field string) string) error {
	for _, b := range sortBreaks(breaks) {
		for i, c := range cols {
			switch c.field {
			case "min_qty":
				rec[i] = strconv.Itoa(b.MinQty)
			case "price":
				rec[i] = strconv.FormatInt(int64(b.Price), 10)
			default:
				rec[i] = cell(c.field)
			}
		}
		if err := emit(rec); err != nil {
			return err
		}
	}
	return nil
}

func itemCell(it ItemRow, field string) string {
	switch field {
	case "group":
		return it.GroupCode
	case "list":
		return it.List.Name
	case "sku":
		return it.SKU.Code
	case "product":
		return productName(it.SKU)
	}
	return ""
}

func priceCell(bp pricing.BuyerPriceWithRefs, field string) string {
	switch field {
	case "buyer":
		return bp.Buyer.Code
	case "buyer_name":
		return bp.Buyer.Name
	case "sku":
		return bp.SKU.Code
	case "product":
		return productName(bp.SKU)
	case "valid_from":
		return bp.Valid.From.String()
	case "valid_to":
		return bp.Valid.To.String()
	}
	return ""
}

// productName is the product's name and the SKU's variant, for reading.
func productName(k pricing.SKUInfo) string {
	return strings.TrimSpace(k.ProductName + " " + k.Variant)
}
