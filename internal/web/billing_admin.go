package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// invoicePageSize is how many invoices a list page shows.
const invoicePageSize = 50

// invoiceFilterForm is the invoice list's filter bar as typed.
type invoiceFilterForm struct {
	Buyer, From, To, Status, Cursor string
}

func (f invoiceFilterForm) values() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"buyer": f.Buyer, "from": f.From, "to": f.To, "status": f.Status} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// Set reports whether any filter is set.
func (f invoiceFilterForm) Set() bool {
	return f.Buyer != "" || f.From != "" || f.To != "" || f.Status != ""
}

// invoiceRow is one invoice of a list.
type invoiceRow struct {
	billing.Invoice
	URL string
}

func (r invoiceRow) StatusClass() string { return "invoice-" + string(r.Status()) }

type invoiceListView struct {
	Filter   invoiceFilterForm
	Statuses []buyerOption
	Invoices []invoiceRow
	Next     string // URL of the next (older) page
	First    string // URL of the first page, when on a later one
}

// invoiceList: GET /invoices?buyer=&from=&to=&status=&cursor=
func (s *Server) invoiceList(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	q := r.URL.Query()
	form := invoiceFilterForm{Buyer: strings.TrimSpace(q.Get("buyer")), From: strings.TrimSpace(q.Get("from")),
		To: strings.TrimSpace(q.Get("to")), Status: q.Get("status"), Cursor: q.Get("cursor")}
	v := invoiceListView{Filter: form, Statuses: invoiceStatusOptions(form.Status)}
	f, errs := invoiceFilter(form)
	if form.Buyer != "" {
		id, err := s.buyerIDByCode(r, form.Buyer)
		if err != nil {
			return err
		}
		if id == 0 {
			errs["buyer"] = fmt.Sprintf("取引先コード「%s」の取引先が見つかりません", form.Buyer)
		}
		f.BuyerID = id
	}
	status := http.StatusOK
	if len(errs) == 0 {
		list, err := s.Billing.Invoices(r.Context(), rc.tenant.ID, f)
		if fields, ok := asFieldErrors(err); ok {
			errs = fields
		} else if err != nil {
			return err
		}
		v.Invoices, v.Next, v.First = invoicePage(list, rc.base()+"/invoices", form)
	}
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return s.render(w, r, status, "admin/invoices/index", &Page{Title: "請求書一覧", Data: v, Errors: errs})
}

// invoiceStatusOptions are the payment states of the filter, "" (any) first.
func invoiceStatusOptions(current string) []buyerOption {
	opts := []buyerOption{{Value: "", Label: "すべて", Selected: current == ""}}
	for _, st := range billing.Statuses {
		opts = append(opts, buyerOption{Value: string(st), Label: st.Label(), Selected: current == string(st)})
	}
	return opts
}

// invoiceFilter reads the period, status and cursor of the filter bar
// (the buyer is looked up by the caller); what cannot be read comes back
// as field messages.
func invoiceFilter(form invoiceFilterForm) (billing.Filter, map[string]string) {
	errs := map[string]string{}
	f := billing.Filter{Status: billing.Status(form.Status), Limit: invoicePageSize + 1}
	if f.Status != "" && !f.Status.Valid() {
		errs["status"] = "入金状況の指定が正しくありません"
	}
	readDates(errs, dateField{"from", form.From, &f.From}, dateField{"to", form.To, &f.To}) // billing_credit_show.go
	if form.Cursor != "" {
		key, ok := parseInvoiceCursor(form.Cursor)
		if !ok {
			errs["cursor"] = "ページの指定が正しくありません"
		}
		f.After = &key
	}
	return f, errs
}

// The cursor is the last invoice's place in list order: 2026-04-30_123.
func invoiceCursor(iv billing.Invoice) string { return iv.IssueDate.String() + "_" + iv.ID.String() }

func parseInvoiceCursor(c string) (billing.Key, bool) {
	date, id, ok := strings.Cut(c, "_")
	d, err := pricing.ParseDate(date)
	n, ierr := oroshi.ParseID(id)
	if !ok || err != nil || ierr != nil {
		return billing.Key{}, false
	}
	return billing.Key{IssueDate: d, ID: n}, true
}

// invoicePage turns one more than a page of invoices into the rows and the
// links to the next page and back to the first.
func invoicePage(list []billing.Invoice, path string, form invoiceFilterForm) (rows []invoiceRow, next, first string) {
	more := len(list) > invoicePageSize
	if more {
		list = list[:invoicePageSize]
	}
	for _, iv := range list {
		rows = append(rows, invoiceRow{Invoice: iv, URL: path + "/" + iv.ID.String()})
	}
	q := form.values()
	if more {
		q.Set("cursor", invoiceCursor(list[len(list)-1]))
		next = path + "?" + q.Encode()
		q.Del("cursor")
	}
	if form.Cursor != "" {
		first = path
		if enc := q.Encode(); enc != "" {
			first += "?" + enc
		}
	}
	return rows, next, first
}

// Issued and Due show the row's dates as the pages do: 2026/04/30.
func (r invoiceRow) Issued() string { return dateText(r.IssueDate) }

// Due is the payment date (支払期日).
func (r invoiceRow) Due() string { return dateText(r.DueDate) }
