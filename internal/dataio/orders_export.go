package dataio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Headers of the order files. They are fixed: order fields are not
// renamable, and nothing imports these files.
var (
	orderHeader = []string{"注文番号", "注文日時", "取引先コード", "取引先名", "ステータス", "発注番号",
		"希望納品日", "納品先", "小計", "消費税(10%)", "消費税(8%)", "合計", "代理入力", "備考"}
	orderLineHeader = []string{"注文番号", "注文日時", "取引先コード", "取引先名", "ステータス", "発注番号",
		"行番号", "品番", "JANコード", "商品名", "規格", "単位", "入数", "数量", "単価", "税率", "金額", "出荷済数量"}
)

// ExportOrders writes an order file (KindOrders or KindOrderLines) of the
// seller's orders selected by f to w in enc, as Export does (a Shift_JIS
// file is checked whole before its first byte). Orders still waiting for
// the buyer's own approval are left out, as in the seller's lists.
func (s *Service) ExportOrders(ctx context.Context, t oroshi.TenantID, k Kind, f OrderFilter, enc csvio.Encoding,
	actor audit.Actor, w io.Writer) (int, error) {
	f.BuyerID, f.HideBuyerPending = 0, true
	if f.Status == sales.StatusBuyerApproval {
		return 0, oroshi.Invalid("status", "社内承認待ちの注文は出力できません")
	}
	return s.exportOrders(ctx, t, k, f, enc, actor, w)
}

// ExportBuyerOrders writes one buyer company's own order history: every
// status, the company fixed by buyerID (from the signed-in user, never
// from a form).
func (s *Service) ExportBuyerOrders(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, k Kind, f OrderFilter,
	enc csvio.Encoding, actor audit.Actor, w io.Writer) (int, error) {
	if buyerID == 0 {
		return 0, fmt.Errorf("buyer order export without a buyer: %w", oroshi.ErrForbidden)
	}
	f.BuyerID, f.HideBuyerPending = buyerID, false
	return s.exportOrders(ctx, t, k, f, enc, actor, w)
}

func (s *Service) exportOrders(ctx context.Context, t oroshi.TenantID, k Kind, f OrderFilter, enc csvio.Encoding,
	actor audit.Actor, w io.Writer) (int, error) {
	if !IsOrderKind(k) {
		return 0, fmt.Errorf("order export %q: %w", k, oroshi.ErrNotFound)
	}
	if err := checkOrderFilter(f); err != nil {
		return 0, err
	}
	src, err := s.orderSource(t, k, f)
	if err != nil {
		return 0, err
	}
	if enc == csvio.ShiftJIS {
		if err := checkEncodable(ctx, src, enc); err != nil {
			return 0, err
		}
	}
	ev := actor.Event(exportAction(k), "csv_export", "")
	ev.Tenant, ev.Detail = t, orderExportDetail(k, f, enc)
	if err := s.Store.RecordAudit(ctx, ev); err != nil {
		return 0, fmt.Errorf("export %s: %w", k, err)
	}
	return writeSource(ctx, src, k, enc, w)
}

// writeSource streams src to w; see Export for what an error means.
func writeSource(ctx context.Context, src source, k Kind, enc csvio.Encoding, w io.Writer) (int, error) {
	cw := csvio.NewWriter(w, enc)
	if err := cw.WriteHeader(headerNames(src.cols)); err != nil {
		return 0, err
	}
	err := src.each(ctx, func(rec []string) error { return cw.Write(rec) })
	var ce *csvio.CellError
	if errors.As(err, &ce) {
		ce.Row = cw.Rows() + 1
		err = &EncodingError{Cells: []*csvio.CellError{ce}}
	}
	if err != nil {
		return cw.Rows(), fmt.Errorf("export %s: %w", k, err)
	}
	return cw.Rows(), cw.Flush()
}

func orderExportDetail(k Kind, f OrderFilter, enc csvio.Encoding) map[string]any {
	d := map[string]any{"kind": string(k), "encoding": enc.String(), "from": f.From.String(), "to": f.To.String(),
		"status": string(f.Status)}
	if f.BuyerID != 0 {
		d["buyer_id"] = f.BuyerID.String()
	}
	return d
}

// orderSource is the file of kind k over the orders f selects.
func (s *Service) orderSource(t oroshi.TenantID, k Kind, f OrderFilter) (source, error) {
	st, err := s.orderStore()
	if err != nil {
		return source{}, err
	}
	header := orderHeader
	if k == KindOrderLines {
		header = orderLineHeader
	}
	src := source{cols: make([]column, len(header))}
	for i, h := range header {
		src.cols[i] = column{field: h, name: h}
	}
	rec := make([]string, len(header))
	if k == KindOrders {
		src.each = func(ctx context.Context, emit func([]string) error) error {
			return st.EachOrder(ctx, t, f, func(r OrderRow) error { return emit(orderRecord(rec, r)) })
		}
		return src, nil
	}
	src.each = func(ctx context.Context, emit func([]string) error) error {
		return st.EachOrderLine(ctx, t, f, func(r OrderLineRow) error { return emit(orderLineRecord(rec, r)) })
	}
	return src, nil
}

// orderKeys fills the columns both files start with.
func orderKeys(rec []string, r OrderRow) {
	o := r.Order
	rec[0], rec[1], rec[2], rec[3] = o.Number, o.PlacedAt.In(jst).Format("2006/01/02 15:04:05"), r.BuyerCode, o.BuyerName
	rec[4], rec[5] = o.Status.Label(), o.PONumber
}

func orderRecord(rec []string, r OrderRow) []string {
	o := r.Order
	orderKeys(rec, r)
	ship := o.ShipTo.Label
	if o.ShipTo.Address != "" {
		ship += " 〒" + o.ShipTo.PostalCode + " " + o.ShipTo.Address
	}
	rec[6], rec[7] = o.DesiredDate.String(), ship
	rec[8], rec[9] = yenCell(o.Totals.Subtotal), yenCell(o.Totals.Rate(sales.TaxStandard).Tax)
	rec[10], rec[11] = yenCell(o.Totals.Rate(sales.TaxReduced).Tax), yenCell(o.Totals.Total)
	rec[12], rec[13] = flagText(o.Proxy), o.Note
	return rec
}

func orderLineRecord(rec []string, r OrderLineRow) []string {
	l := r.Line
	orderKeys(rec, r.OrderRow)
	rec[6], rec[7], rec[8], rec[9] = strconv.Itoa(l.No), l.Code, l.JAN, l.ProductName
	rec[10], rec[11], rec[12] = l.Variant, l.Unit, strconv.Itoa(l.CaseQty)
	rec[13], rec[14] = strconv.FormatInt(l.Quantity, 10), yenCell(l.UnitPrice)
	rec[15], rec[16], rec[17] = strconv.Itoa(l.TaxRate)+"%", yenCell(l.Amount), strconv.FormatInt(l.ShippedQty, 10)
	return rec
}

// yenCell is a plain number: Excel sums it.
func yenCell(v oroshi.Yen) string { return strconv.FormatInt(int64(v), 10) }
