package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// orderFilterForm is the list's filter bar as typed (query string names).
type orderFilterForm struct {
	Status, Buyer, From, To, Product, PO, Number, Cursor string
}

// values is the query string of the filters (without the cursor).
func (f orderFilterForm) values() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"status": f.Status, "buyer": f.Buyer, "from": f.From, "to": f.To,
		"product": f.Product, "po": f.PO, "number": f.Number} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// Set reports whether any filter besides the status tab is set.
func (f orderFilterForm) Set() bool {
	return f.Buyer != "" || f.From != "" || f.To != "" || f.Product != "" || f.PO != "" || f.Number != ""
}

type orderTab struct {
	Label, URL, Count string
	Current           bool
}

// orderRow is one order of the list, its cells formatted here once rather
// than through template functions per cell. It copies the fields shown
// instead of embedding sales.Order: the template looks fields up by name,
// and finding a promoted field costs a search that allocates, per cell.
// (See "Page rendering" in docs/performance.md.)
type orderRow struct {
	ID                oroshi.ID
	Number, BuyerName string
	PONumber          string
	Proxy             bool
	Status            sales.Status
	LineCount         int
	Selectable        bool   // may be approved from the list
	URL               string // the order's page
	Placed            string // PlacedAt in JST
	Total             string // 1,234円
	StatusClass       string
	Lang              string // the row's language, for T
	Edit              bool   // the user may approve: the row has a check box cell
}

// T translates a text of the row into its language.
func (r orderRow) T(ja string) string { return translate(r.Lang, ja) }

func newOrderRow(base, lang string, edit bool, o sales.Order) orderRow {
	return orderRow{Lang: lang, Edit: edit, ID: o.ID, Number: o.Number, BuyerName: o.BuyerName, PONumber: o.PONumber, Proxy: o.Proxy,
		Status: o.Status, LineCount: o.LineCount, Selectable: o.Status == sales.StatusReceived,
		URL: base + "/orders/" + o.ID.String(), Placed: jstText(o.PlacedAt), Total: yenText(o.Totals.Total),
		StatusClass: adminOrderClass(o.Status)}
}

// bulkRow is the outcome of one order of a bulk approval.
type bulkRow struct {
	ID      oroshi.ID
	Number  string
	OK      bool
	Message string
}

type orderListView struct {
	Filter   orderFilterForm
	Query    string // the list's query string, for the bulk form to come back to
	Tabs     []orderTab
	Orders   []orderRow
	Rows     []template.HTML // Orders rendered (row_cache.go); nil: the page renders them
	Next     string          // URL of the next (older) page
	First    string          // URL of the first page, when on a later one
	Results  []bulkRow
	Approved int
	Failed   int
	Message  string // why a bulk approval did nothing
}

// orderList: GET /orders?status=&buyer=&from=&to=&product=&po=&number=&cursor=
func (s *Server) orderList(w http.ResponseWriter, r *http.Request) error {
	return s.renderOrderList(w, r, r.URL.Query(), nil, "")
}

// renderOrderList shows the list filtered by q, with the outcome of a bulk
// approval (results) or a refusal of one (msg, answered 422).
func (s *Server) renderOrderList(w http.ResponseWriter, r *http.Request, q url.Values, results []bulkRow, msg string) error {
	rc := reqCtx(r)
	form := orderFilterForm{Status: q.Get("status"), Buyer: strings.TrimSpace(q.Get("buyer")),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")), Product: q.Get("product"),
		PO: q.Get("po"), Number: q.Get("number"), Cursor: q.Get("cursor")}
	v := orderListView{Filter: form, Query: form.values().Encode(), Results: results, Message: msg}
	for _, res := range results {
		if res.OK {
			v.Approved++
		} else {
			v.Failed++
		}
	}
	f, errs, err := s.orderFilter(r, form)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if len(errs) == 0 {
		list, err := s.Sales.Orders(r.Context(), rc.tenant.ID, f)
		if fields, ok := asFieldErrors(err); ok {
			errs = fields
		} else if err != nil {
			return err
		}
		edit := rc.user != nil && identity.Can(rc.user.Realm, rc.user.Role, identity.PermAdminEdit)
		if err := s.fillOrderRows(&v, list, rc.base(), rc.lang, edit); err != nil {
			return err
		}
	}
	if len(errs) > 0 || msg != "" {
		status = http.StatusUnprocessableEntity
	}
	if v.Tabs, err = s.orderTabs(r, form); err != nil {
		return err
	}
	return s.render(w, r, status, "admin/orders/index", &Page{Title: "受注一覧", Data: v, Errors: errs})
}

func (s *Server) fillOrderRows(v *orderListView, list sales.OrderList, base, lang string, edit bool) error {
	for _, o := range list.Orders {
		v.Orders = append(v.Orders, newOrderRow(base, lang, edit, o))
	}
	if s.orderRows != nil {
		var err error
		if v.Rows, err = s.orderRows.render(s.pages, lang, "admin/orders/index", "order-row", v.Orders); err != nil {
			return err
		}
	}
	q := v.Filter.values()
	if list.NextCursor != "" {
		q.Set("cursor", list.NextCursor)
		v.Next = base + "/orders?" + q.Encode()
		q.Del("cursor")
	}
	if v.Filter.Cursor != "" {
		v.First = base + "/orders?" + q.Encode()
	}
	return nil
}

// orderFilter turns the filter bar into a sales.Filter; what cannot be read
// comes back as field messages (nothing is listed then).
func (s *Server) orderFilter(r *http.Request, form orderFilterForm) (sales.Filter, map[string]string, error) {
	errs := map[string]string{}
	f := sales.Filter{Status: sales.Status(form.Status), Product: form.Product, PONumber: form.PO,
		Number: form.Number, Cursor: form.Cursor, Brief: true} // the list shows orderRow's fields
	if f.Status != "" && (!f.Status.Valid() || !f.Status.SellerVisible()) {
		errs["status"] = "状態の指定が正しくありません"
	}
	for _, d := range []struct {
		field, text string
		to          *pricing.Date
	}{{"from", form.From, &f.From}, {"to", form.To, &f.To}} {
		if d.text == "" {
			continue
		}
		day, err := pricing.ParseDate(d.text)
		if err != nil {
			errs[d.field] = "日付は「2026-04-01」の形で入力してください"
		}
		*d.to = day
	}
	if form.Buyer != "" {
		id, err := s.buyerIDByCode(r, form.Buyer)
		if err != nil {
			return sales.Filter{}, nil, err
		}
		if id == 0 {
			errs["buyer"] = fmt.Sprintf("取引先コード「%s」の取引先が見つかりません", form.Buyer)
		}
		f.BuyerID = id
	}
	return f, errs, nil
}

// buyerIDByCode finds the buyer company with exactly this code (0: none).
func (s *Server) buyerIDByCode(r *http.Request, code string) (oroshi.ID, error) {
	code = buyers.Fold(code)
	page, err := s.Buyers.List(r.Context(), reqCtx(r).tenant.ID, buyers.Filter{Query: code, Limit: buyers.MaxLimit})
	if err != nil {
		return 0, err
	}
	for _, b := range page.Buyers {
		if strings.EqualFold(b.Code, code) {
			return b.ID, nil
		}
	}
	return 0, nil
}

// orderTabs are the status tabs; 受付 shows how many orders wait (up to
// 99, one small indexed query), the others only their label.
func (s *Server) orderTabs(r *http.Request, form orderFilterForm) ([]orderTab, error) {
	rc := reqCtx(r)
	base := rc.base() + "/orders"
	link := func(st string) string {
		f := form
		f.Status = st
		if q := f.values().Encode(); q != "" {
			return base + "?" + q
		}
		return base
	}
	tabs := []orderTab{{Label: "すべて", URL: link(""), Current: form.Status == ""}}
	for _, st := range sales.Statuses {
		if !st.SellerVisible() {
			continue
		}
		tabs = append(tabs, orderTab{Label: st.Label(), URL: link(string(st)), Current: form.Status == string(st)})
	}
	// Counted up to 100 on the status index: the tab says "99+" beyond.
	waiting, err := s.Sales.CountOrders(r.Context(), rc.tenant.ID, sales.StatusReceived, 100)
	if err != nil {
		return nil, err
	}
	tabs[1].Count = fmt.Sprint(waiting)
	if waiting > 99 {
		tabs[1].Count = "99+"
	}
	return tabs, nil
}

// orderApproveMany: POST /orders/approve, id=… (several). Each order is
// approved on its own; the list comes back with one line per order.
func (s *Server) orderApproveMany(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	q, _ := url.ParseQuery(r.PostFormValue("return"))
	if q == nil {
		q = url.Values{}
	}
	var ids []oroshi.ID
	for _, raw := range r.PostForm["id"] {
		id, err := oroshi.ParseID(raw)
		if err != nil {
			return fmt.Errorf("bulk approve id %q: %w", raw, errBadRequest)
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return s.renderOrderList(w, r, q, nil, "承認する注文を選んでください。")
	}
	if len(ids) > sales.MaxPageSize {
		return s.renderOrderList(w, r, q, nil, fmt.Sprintf("一度に承認できるのは%d件までです。", sales.MaxPageSize))
	}
	var rows []bulkRow
	for _, res := range s.Sales.ApproveMany(r.Context(), rc.tenant.ID, ids, buyerActor(r)) {
		row := bulkRow{ID: res.ID, Number: res.Order.Number, OK: res.Err == nil}
		if res.Err != nil {
			msg, ok := refusal(res.Err)
			if !ok {
				return res.Err
			}
			row.Message = msg
			if o, err := s.Sales.Order(r.Context(), rc.tenant.ID, res.ID); err == nil {
				row.Number = o.Number
			}
		}
		rows = append(rows, row)
	}
	return s.renderOrderList(w, r, q, rows, "")
}
