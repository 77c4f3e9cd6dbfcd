package web

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Proxy orders (代理注文): seller staff enter an order for a buyer company
// that ordered by phone or FAX. Three steps: choose the company, enter the
// lines (rows of 品番 and 数量, or a paste), review them at the company's
// prices and place. The idempotency key is made when the entry form is
// first shown and travels with the form, so a double POST places once.

// proxyRowsShown is how many blank rows the entry form offers.
const proxyRowsShown = 10

type proxyRow struct {
	No               int // 1-based, as shown
	Code, Qty, Error string
}

// reviewLine is a priced line of the review, numbered as shown.
type reviewLine struct {
	sales.LineView
	No int
}

// proxyForm is the entry form as sent.
type proxyForm struct {
	BuyerID     oroshi.ID
	ShipToID    string
	DesiredDate string
	PONumber    string
	Note        string
	Key         string
	Rows        []proxyRow
	Paste       string
}

type proxyView struct {
	Query    string          // the company search
	Buyers   []buyers.Buyer  // its results
	Searched bool            // a search was made (else: how to start)
	Buyer    buyers.Buyer    // the chosen company
	ShipTos  []buyers.ShipTo // its ship-tos
	Form     proxyForm
	Earliest string // the first day a delivery may be asked for
	Preview  sales.Preview
	Lines    []reviewLine // Preview.Lines, numbered
}

// proxyOrderNew: GET /orders/new?q= (choose the company) or ?buyer=ID (a
// new entry form for it).
func (s *Server) proxyOrderNew(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if q.Get("buyer") == "" {
		return s.proxyChoose(w, r, strings.TrimSpace(q.Get("q")))
	}
	id, err := oroshi.ParseID(q.Get("buyer"))
	if err != nil {
		return err
	}
	form := proxyForm{BuyerID: id, Key: "proxy:" + rand.Text()}
	return s.renderProxyEntry(w, r, http.StatusOK, form, nil)
}

// proxyChoose lists the active companies matching query (code, name, kana).
func (s *Server) proxyChoose(w http.ResponseWriter, r *http.Request, query string) error {
	v := proxyView{Query: query, Searched: query != ""}
	if v.Searched {
		page, err := s.Buyers.List(r.Context(), reqCtx(r).tenant.ID,
			buyers.Filter{Query: query, Status: buyers.StatusActive, Limit: 50})
		if err != nil {
			return err
		}
		v.Buyers = page.Buyers
	}
	return s.render(w, r, http.StatusOK, "admin/orders/new", &Page{Title: "代理注文", Data: v})
}

// proxyOrderEdit: POST /orders/new, the entry form again with what was
// sent (the review page's 修正 button).
func (s *Server) proxyOrderEdit(w http.ResponseWriter, r *http.Request) error {
	form, err := proxyFormOf(r)
	if err != nil {
		return err
	}
	return s.renderProxyEntry(w, r, http.StatusOK, form, nil)
}

// renderProxyEntry shows the entry form for the chosen company.
func (s *Server) renderProxyEntry(w http.ResponseWriter, r *http.Request, status int, form proxyForm, errs map[string]string) error {
	v, err := s.proxyCompany(r, form)
	if err != nil {
		return err
	}
	if form.ShipToID == "" {
		for _, st := range v.ShipTos {
			if st.IsDefault {
				v.Form.ShipToID = st.ID.String()
			}
		}
	}
	for len(v.Form.Rows) < proxyRowsShown || len(v.Form.Rows) < len(form.Rows)+3 {
		v.Form.Rows = append(v.Form.Rows, proxyRow{})
	}
	for i := range v.Form.Rows {
		v.Form.Rows[i].No = i + 1
	}
	return s.render(w, r, status, "admin/orders/new", &Page{Title: "代理注文", Data: v, Errors: errs})
}

// proxyCompany loads the chosen company with its ship-tos into a view.
func (s *Server) proxyCompany(r *http.Request, form proxyForm) (proxyView, error) {
	d, err := s.Buyers.Detail(r.Context(), reqCtx(r).tenant.ID, form.BuyerID)
	if err != nil {
		return proxyView{}, err
	}
	return proxyView{Buyer: d.Buyer, ShipTos: d.ShipTos, Form: form,
		Earliest: dateText(s.Sales.EarliestDelivery())}, nil
}

// proxyFormOf reads the entry form.
func proxyFormOf(r *http.Request) (proxyForm, error) {
	id, err := oroshi.ParseID(r.PostFormValue("buyer_id"))
	if err != nil {
		return proxyForm{}, fmt.Errorf("proxy order buyer: %w", errBadRequest)
	}
	f := proxyForm{BuyerID: id, ShipToID: r.PostFormValue("ship_to_id"),
		DesiredDate: strings.TrimSpace(r.PostFormValue("desired_date")), PONumber: r.PostFormValue("po_number"),
		Note: r.PostFormValue("note"), Key: r.PostFormValue("idempotency_key"), Paste: r.PostFormValue("paste")}
	codes, qtys := r.PostForm["code"], r.PostForm["qty"]
	if len(codes) != len(qtys) || len(codes) > sales.MaxLines {
		return proxyForm{}, fmt.Errorf("proxy order: %d codes, %d quantities: %w", len(codes), len(qtys), errBadRequest)
	}
	for i := range codes {
		// 全角 digits and letters are what many people type in Japan.
		code, qty := strings.TrimSpace(width.Narrow.String(codes[i])), strings.TrimSpace(width.Narrow.String(qtys[i]))
		if code != "" || qty != "" {
			f.Rows = append(f.Rows, proxyRow{Code: code, Qty: qty})
		}
	}
	return f, nil
}

// placeInput turns the form into a proxy PlaceInput: the rows, then the
// pasted lines. Rows and paste that cannot be read are field messages
// ("rows[i]", "paste"); their Rows get the message too.
func (s *Server) placeInput(r *http.Request, f *proxyForm) (sales.PlaceInput, map[string]string) {
	rc := reqCtx(r)
	in := sales.PlaceInput{Tenant: rc.tenant.ID, BuyerID: f.BuyerID, UserID: rc.user.ID, Proxy: true,
		PONumber: f.PONumber, Note: f.Note, IdemKey: f.Key, ClientAddr: clientAddr(r)}
	errs := map[string]string{}
	if id, err := oroshi.ParseID(f.ShipToID); err == nil {
		in.ShipToID = id
	}
	if f.DesiredDate != "" {
		d, err := pricing.ParseDate(f.DesiredDate)
		if err != nil {
			errs["desired_date"] = "希望納品日は「2026-04-01」の形で入力してください"
		}
		in.DesiredDate = d
	}
	for i := range f.Rows {
		row := &f.Rows[i]
		qty, err := strconv.ParseInt(row.Qty, 10, 64)
		switch {
		case row.Code == "":
			row.Error = "品番を入力してください"
		case err != nil:
			row.Error = "数量は1以上の整数で入力してください"
		}
		if row.Error != "" {
			errs[fmt.Sprintf("rows[%d]", i)] = row.Error
			continue
		}
		in.Lines = append(in.Lines, sales.LineInput{Code: row.Code, Quantity: qty})
	}
	if strings.TrimSpace(f.Paste) != "" {
		pasted, err := sales.ParseOrderLines(f.Paste)
		if fields, ok := asFieldErrors(err); ok {
			errs["paste"] = joinMessages(fields)
		}
		in.Lines = append(in.Lines, pasted...)
	}
	return in, errs
}

// joinMessages puts the messages of rows[0], rows[1] … in input order,
// then the one about all rows.
func joinMessages(fields map[string]string) string {
	type msg struct {
		row  int
		text string
	}
	var out []msg
	for k, m := range fields {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(k, "rows["), "]"))
		if err != nil {
			n = sales.MaxLines * 10 // "rows": after every numbered row
		}
		out = append(out, msg{n, m})
	}
	slices.SortFunc(out, func(a, b msg) int { return a.row - b.row })
	texts := make([]string, len(out))
	for i, m := range out {
		texts[i] = m.text
	}
	return strings.Join(texts, "\n")
}
