package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Orders: /api/v1/orders (list, one, a proxy order placed by the key).

// listOrders answers GET /api/v1/orders, newest first. Orders still waiting
// for the buyer company's own approval are not the seller's yet and are
// left out (the sales service's seller list).
func (s *server) listOrders(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	f, err := orderFilter(r)
	if err != nil {
		return err
	}
	list, err := s.sales.Orders(r.Context(), p.Tenant.ID, f)
	var ve *oroshi.ValidationError
	if errors.As(err, &ve) {
		// The filter's own checks (the length of search words): a bad
		// query parameter, named as the request names it.
		names := map[string]string{"product": "q", "from": "placed_from", "to": "placed_to"}
		fields := map[string]string{}
		for k, m := range ve.Fields {
			if n, ok := names[k]; ok {
				k = n
			}
			fields[k] = m
		}
		return &apiError{status: http.StatusBadRequest, message: "検索条件が正しくありません", fields: fields}
	}
	if err != nil {
		return err
	}
	out := List[OrderSummary]{Data: make([]OrderSummary, 0, len(list.Orders))}
	for _, o := range list.Orders {
		out.Data = append(out.Data, orderSummaryOut(o))
	}
	if list.NextCursor != "" {
		c := encodeCursor([]string{list.NextCursor})
		out.NextCursor = &c
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// orderFilter reads ?status=&buyer_id=&placed_from=&placed_to=&po_number=
// &number=&q= and the page; a bad value answers 400 naming the parameter.
func orderFilter(r *http.Request) (sales.Filter, error) {
	pg, err := parsePage(r)
	if err != nil {
		return sales.Filter{}, err
	}
	q, err := queryOf(r)
	if err != nil {
		return sales.Filter{}, err
	}
	f := sales.Filter{Status: sales.Status(q.Get("status")), Product: q.Get("q"), PONumber: q.Get("po_number"),
		Number: q.Get("number"), Limit: pg.Limit}
	if f.Status != "" && !f.Status.Valid() {
		return sales.Filter{}, badParam("status", "status は "+statusNames()+" のいずれかを指定してください")
	}
	if f.BuyerID, err = queryID(q, "buyer_id"); err != nil {
		return sales.Filter{}, err
	}
	if f.From, err = queryDate(q, "placed_from"); err != nil {
		return sales.Filter{}, err
	}
	if f.To, err = queryDate(q, "placed_to"); err != nil {
		return sales.Filter{}, err
	}
	if pg.After != nil {
		if len(pg.After) != 1 {
			return sales.Filter{}, badParam("cursor", "cursor が正しくありません（前のレスポンスの next_cursor をそのまま指定してください）")
		}
		if _, err := sales.DecodeCursor(pg.After[0]); err != nil {
			return sales.Filter{}, badParam("cursor", "cursor が正しくありません（前のレスポンスの next_cursor をそのまま指定してください）")
		}
		f.Cursor = pg.After[0]
	}
	return f, nil
}

func statusNames() string {
	names := make([]string, len(sales.Statuses))
	for i, st := range sales.Statuses {
		names[i] = string(st)
	}
	return strings.Join(names, ", ")
}

// queryDate reads an optional YYYY-MM-DD parameter.
func queryDate(q url.Values, name string) (pricing.Date, error) {
	raw := q.Get(name)
	if raw == "" {
		return pricing.Date{}, nil
	}
	d, err := pricing.ParseDate(raw)
	if err != nil {
		return pricing.Date{}, badParam(name, name+" は YYYY-MM-DD の形式で、実在する日を指定してください")
	}
	return d, nil
}

// getOrder answers GET /api/v1/orders/{id}; another tenant's order is 404.
func (s *server) getOrder(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	o, err := s.sales.Order(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, orderOut(o))
	return nil
}

// createOrder answers POST /api/v1/orders: a proxy order (代理注文) placed
// by the API key for a buyer at the buyer's prices. The order is
// idempotent in the sales service too, under the request's Idempotency-Key
// (or a fresh one): a retry after the API's own record has expired still
// gives the one order.
func (s *server) createOrder(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	var body OrderCreate
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	in, codeLines, perr := placeInputOf(body)
	in.Tenant, in.UserID, in.ByAPIKey, in.Proxy = p.Tenant.ID, p.Key.ID, true, true
	in.ClientAddr, in.IdemKey = actor.ClientAddr, salesIdemKey(r.Header.Get(IdempotencyHeader))
	if perr != nil {
		return s.refusal(r.Context(), in, perr, codeLines)
	}
	placed, err := s.sales.PlaceOrder(r.Context(), in)
	var ve *oroshi.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.refusal(r.Context(), in, ve, codeLines)
	case errors.Is(err, oroshi.ErrNotFound):
		return oroshi.Invalid("buyer_id", "取引先が見つかりません")
	case err != nil:
		return orderError(err)
	}
	if placed.Replayed {
		w.Header().Set(ReplayedHeader, "true")
	}
	writeJSON(w, http.StatusCreated, orderOut(placed.Order))
	return nil
}

// salesIdemKey is the sales service's key for the request: the client's
// Idempotency-Key (hashed when longer than the service keeps), else a
// fresh one, so that only the client's own retries can match.
func salesIdemKey(header string) string {
	switch {
	case header == "":
		return "api:" + rand.Text()
	case len(header) > sales.MaxIdemKeyLen-4:
		sum := sha256.Sum256([]byte(header))
		return "api#" + hex.EncodeToString(sum[:])
	}
	return "api:" + header
}

// placeInputOf reads the body into a sales.PlaceInput; IDs and dates that
// cannot be read are field errors, all reported at once. codeLines tells
// which lines named their SKU by 品番.
func placeInputOf(b OrderCreate) (sales.PlaceInput, map[int]bool, *oroshi.ValidationError) {
	v := &oroshi.ValidationError{}
	in := sales.PlaceInput{PONumber: b.PONumber, Note: b.Note}
	in.BuyerID = bodyID(v, "buyer_id", b.BuyerID, "取引先IDが正しくありません")
	if b.BuyerID == "" {
		v.Add("buyer_id", "取引先IDを指定してください")
	}
	in.ShipToID = bodyID(v, "ship_to_id", b.ShipToID, "納品先IDが正しくありません")
	if b.DesiredDeliveryDate != "" {
		d, err := pricing.ParseDate(b.DesiredDeliveryDate)
		if err != nil {
			v.Add("desired_delivery_date", "希望納品日は YYYY-MM-DD の形式で、実在する日を指定してください")
		}
		in.DesiredDate = d
	}
	codeLines := map[int]bool{}
	in.Lines = make([]sales.LineInput, len(b.Lines))
	for i, l := range b.Lines {
		field := fmt.Sprintf("lines[%d].", i)
		code := strings.TrimSpace(l.ProductCode)
		switch {
		case l.SKUID != "" && code != "":
			v.Add(field+"sku_id", "sku_id と product_code はどちらか一方だけを指定してください")
		case l.SKUID == "" && code == "":
			v.Add(field+"sku_id", "sku_id または product_code を指定してください")
		case code != "":
			codeLines[i] = true
		}
		in.Lines[i] = sales.LineInput{SKUID: bodyID(v, field+"sku_id", l.SKUID, "品番（SKU）のIDが正しくありません"),
			Code: code, Quantity: l.Quantity}
	}
	if len(v.Fields) == 0 {
		return in, codeLines, nil
	}
	return in, codeLines, v
}

// CodeOutOfStock is the code of a refused order whose only problems are
// stock shortfalls (fields name the lines: lines[i].quantity).
const CodeOutOfStock = "out_of_stock"

// refusal answers an order refused for its content with every problem at
// once: PlaceOrder stops at the first kind it finds (unreadable fields,
// then the head, then the lines), so the rest of the body is previewed too
// (which writes nothing). A message found first wins. Field names are the
// body's (see placeFields); a shortfall of stock alone has its own code.
func (s *server) refusal(ctx context.Context, in sales.PlaceInput, first *oroshi.ValidationError, codeLines map[int]bool) error {
	v := placeFields(first, codeLines)
	if in.BuyerID != 0 {
		pv, err := s.sales.PreviewOrder(ctx, in)
		var ve *oroshi.ValidationError
		switch {
		case errors.As(err, &ve):
		case errors.Is(err, oroshi.ErrNotFound):
			ve = &oroshi.ValidationError{Fields: map[string]string{"buyer_id": "取引先が見つかりません"}}
		case err != nil:
			return v // the problems already found are reason enough to refuse
		default:
			ve = &oroshi.ValidationError{}
		}
		for _, l := range pv.Lines {
			if !l.OK() && !lineHasField(v, l.Index) {
				ve.Add(lineProblemField(l), strings.Join(l.Problems, "／"))
			}
		}
		for k, m := range placeFields(ve, codeLines).Fields {
			v.Add(k, m) // keeps a message already there
		}
	}
	stockOnly := true
	for k, m := range v.Fields {
		stockOnly = stockOnly && strings.HasSuffix(k, "].quantity") && sales.IsStockMessage(m)
	}
	if stockOnly {
		return &apiError{status: http.StatusUnprocessableEntity, code: CodeOutOfStock,
			message: "在庫が不足している明細があります（fields の lines[i].quantity を参照してください）", fields: v.Fields}
	}
	return v
}

// lineProblemField is where a previewed line's problems go, as the
// service's own refusal puts them: an unknown SKU on sku_id, else quantity.
func lineProblemField(l sales.LineView) string {
	if !l.Known {
		return fmt.Sprintf("lines[%d].sku_id", l.Index)
	}
	return fmt.Sprintf("lines[%d].quantity", l.Index)
}

// placeFields renames the service's fields to the body's: desired_date is
// desired_delivery_date, and a line that named its SKU by 品番 has an
// unknown SKU on product_code.
func placeFields(ve *oroshi.ValidationError, codeLines map[int]bool) *oroshi.ValidationError {
	out := &oroshi.ValidationError{}
	for k, m := range ve.Fields {
		var i int
		if _, err := fmt.Sscanf(k, "lines[%d].sku_id", &i); err == nil && codeLines[i] {
			k = fmt.Sprintf("lines[%d].product_code", i)
		}
		if k == "desired_date" {
			k = "desired_delivery_date"
		}
		out.Add(k, m)
	}
	return out
}

// lineHasField reports whether v has a message on line i already.
func lineHasField(v *oroshi.ValidationError, i int) bool {
	prefix := fmt.Sprintf("lines[%d].", i)
	for k := range v.Fields {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}
