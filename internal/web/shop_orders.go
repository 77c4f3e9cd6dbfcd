package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// 注文履歴: the buyer company's orders, newest first, filtered by status,
// dates, 発注番号 and 注文番号, paged by cursor; one order with its lines,
// shipments and timeline; 再注文 into the cart. Every read goes through
// BuyerOrder/BuyerOrders with the company from the session, so another
// company's order is a plain 404.

// shopOrderFilter is the list's query, as typed.
type shopOrderFilter struct {
	Status, From, To, PONumber, Number, Cursor string
}

func readOrderFilter(q url.Values) shopOrderFilter {
	return shopOrderFilter{Status: q.Get("status"), From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		PONumber: q.Get("po_number"), Number: q.Get("number"), Cursor: q.Get("cursor")}
}

// filter converts the query; unreadable dates are field errors.
func (f shopOrderFilter) filter() (sales.Filter, map[string]string) {
	out := sales.Filter{Status: sales.Status(f.Status), PONumber: f.PONumber, Number: f.Number, Cursor: f.Cursor}
	errs := map[string]string{}
	for field, text := range map[string]string{"from": f.From, "to": f.To} {
		if text == "" {
			continue
		}
		d, err := pricing.ParseDate(text)
		if err != nil {
			errs[field] = "日付が正しくありません"
			continue
		}
		if field == "from" {
			out.From = d
		} else {
			out.To = d
		}
	}
	return out, errs
}

func (f shopOrderFilter) link(base, cursor string) string {
	v := url.Values{}
	for k, x := range map[string]string{"status": f.Status, "from": f.From, "to": f.To, "po_number": f.PONumber,
		"number": f.Number, "cursor": cursor} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if len(v) == 0 {
		return base
	}
	return base + "?" + v.Encode()
}

type shopOrdersView struct {
	Filter    shopOrderFilter
	Statuses  []csvOption
	Orders    []shopOrderRow
	Rows      []template.HTML // Orders rendered (row_cache.go); nil: the page renders them
	Filtered  bool
	Next      string
	First     string // the first page, when not on it
	URL       string
	Approvals string // buyer admins: the 承認待ち list
}

// shopOrderRow is one order in a list.
type shopOrderRow struct {
	Number, URL, PlacedAt, PONumber string
	Status                          shopStatus
	Total                           int64
	Lines                           int
	ShipTo                          string
	Desired                         string
	Lang                            string // the row's language, for T
}

// T translates a text of the row into its language.
func (r shopOrderRow) T(ja string) string { return translate(r.Lang, ja) }

func newShopOrderRow(base, lang string, o sales.Order) shopOrderRow {
	return shopOrderRow{Lang: lang, Number: o.Number, URL: base + "/orders/" + o.ID.String(), PlacedAt: jstText(o.PlacedAt),
		PONumber: o.PONumber, Status: newShopStatus(o.Status), Total: int64(o.Totals.Total), Lines: o.LineCount,
		ShipTo: o.ShipTo.Label, Desired: dateLabel(o.DesiredDate, lang, false)}
}

// shopOrders: GET /{tenant}/orders
func (s *Server) shopOrders(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	rc := reqCtx(r)
	base := rc.base()
	qf := readOrderFilter(r.URL.Query())
	v := shopOrdersView{Filter: qf, URL: base + "/orders",
		Filtered: qf.Status != "" || qf.From != "" || qf.To != "" || qf.PONumber != "" || qf.Number != ""}
	if rc.user.Role == identity.RoleBuyerAdmin {
		v.Approvals = base + "/approvals"
	}
	v.Statuses = append(v.Statuses, csvOption{"", "すべて", qf.Status == ""})
	for _, st := range sales.Statuses {
		v.Statuses = append(v.Statuses, csvOption{string(st), st.Label(), string(st) == qf.Status})
	}
	f, errs := qf.filter()
	f.Brief = true // the list shows shopOrderRow's fields
	status := http.StatusOK
	if len(errs) == 0 {
		list, err := s.Sales.BuyerOrders(r.Context(), u.Tenant, u.BuyerID, f)
		if fields, ok := asFieldErrors(err); ok {
			errs = fields
		} else if err != nil {
			return err
		}
		for _, o := range list.Orders {
			v.Orders = append(v.Orders, newShopOrderRow(base, rc.lang, o))
		}
		if s.shopOrderRows != nil {
			if v.Rows, err = s.shopOrderRows.render(s.pages, rc.lang, "shop/orders/index", "order-row", v.Orders); err != nil {
				return err
			}
		}
		if list.NextCursor != "" {
			v.Next = qf.link(v.URL, list.NextCursor)
		}
	}
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	if qf.Cursor != "" {
		v.First = qf.link(v.URL, "")
	}
	return s.render(w, r, status, "shop/orders/index", &Page{Title: "注文履歴", Data: v, Errors: errs})
}
