package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// buyerRow is a buyer company as lists and the detail page show it.
type buyerRow struct {
	buyers.Buyer
	GroupName string
}

func (b buyerRow) ClosingDayLabel() string    { return buyers.ClosingDayLabel(b.ClosingDay) }
func (b buyerRow) TermsIn(lang string) string { return termsText(b.PaymentTerms, lang) }
func (b buyerRow) MethodLabel() string        { return buyers.PaymentMethodLabel(b.PaymentMethod) }
func (b buyerRow) StatusLabel() string        { return buyers.StatusLabel(b.Status) }

type buyerListView struct {
	Query    string
	Groups   []buyerOption
	Statuses []buyerOption
	Buyers   []buyerRow
	Labels   map[string]string // the seller's names of the built-in fields
	Total    int
	From, To int // 1-based positions of the rows shown
	Pages    []buyerPageLink
	Prev     string // URL of the previous page, "" on the first
	Next     string
}

// buyerPageLink is one link of the pager; Gap stands for skipped pages.
type buyerPageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// buyerList: GET /buyers?q=&group=&status=&page=
func (s *Server) buyerList(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	q := r.URL.Query()
	f := buyers.Filter{Query: strings.TrimSpace(q.Get("q")), Limit: buyers.DefaultLimit}
	if id, err := oroshi.ParseID(q.Get("group")); err == nil {
		f.PriceGroupID = id
	}
	if st := q.Get("status"); st == buyers.StatusActive || st == buyers.StatusSuspended {
		f.Status = st
	}
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 || page > 100_000 {
		page = 1
	}
	f.Offset = (page - 1) * f.Limit
	res, err := s.Buyers.List(r.Context(), rc.tenant.ID, f)
	if err == nil && len(res.Buyers) == 0 && res.Total > 0 { // past the end: show the last page
		page = (res.Total + f.Limit - 1) / f.Limit
		f.Offset = (page - 1) * f.Limit
		res, err = s.Buyers.List(r.Context(), rc.tenant.ID, f)
	}
	if err != nil {
		return err
	}
	groups, err := s.Buyers.PriceGroups(r.Context(), rc.tenant.ID)
	if err != nil {
		return err
	}
	labels, err := s.Fields.Labels(r.Context(), rc.tenant.ID, customfields.EntityBuyer)
	if err != nil {
		return err
	}
	v := buyerListView{Query: f.Query, Total: res.Total, Labels: labels,
		Groups: groupOptions(groups, f.PriceGroupID), Statuses: statusOptions(f.Status)}
	v.Buyers = buyerRows(res.Buyers, groups)
	if len(v.Buyers) > 0 {
		v.From, v.To = f.Offset+1, f.Offset+len(v.Buyers)
	}
	link := func(n int) string { return rc.base() + "/buyers?" + listQuery(f, n) }
	v.Pages, v.Prev, v.Next = buyerPager(res.Total, f.Limit, page, link)
	return s.render(w, r, http.StatusOK, "admin/buyers/index", &Page{Title: "取引先", Data: v})
}

func buyerRows(list []buyers.Buyer, groups []buyers.PriceGroup) []buyerRow {
	names := make(map[oroshi.ID]string, len(groups))
	for _, g := range groups {
		names[g.ID] = g.Name
	}
	rows := make([]buyerRow, len(list))
	for i, b := range list {
		rows[i] = buyerRow{Buyer: b, GroupName: names[b.PriceGroupID]}
	}
	return rows
}

func groupOptions(groups []buyers.PriceGroup, selected oroshi.ID) []buyerOption {
	out := make([]buyerOption, len(groups))
	for i, g := range groups {
		out[i] = buyerOption{g.ID.String(), g.Name, g.ID == selected}
	}
	return out
}

func statusOptions(selected string) []buyerOption {
	var out []buyerOption
	for _, st := range []string{buyers.StatusActive, buyers.StatusSuspended} {
		out = append(out, buyerOption{st, buyers.StatusLabel(st), st == selected})
	}
	return out
}

// listQuery is the query string of page n of the list filtered by f.
func listQuery(f buyers.Filter, n int) string {
	v := url.Values{}
	if f.Query != "" {
		v.Set("q", f.Query)
	}
	if f.PriceGroupID != 0 {
		v.Set("group", f.PriceGroupID.String())
	}
	if f.Status != "" {
		v.Set("status", f.Status)
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	return v.Encode()
}

// buyerPager links the first and last pages and two on each side of the
// current one, with gaps between.
func buyerPager(total, limit, current int, link func(int) string) (pages []buyerPageLink, prev, next string) {
	last := (total + limit - 1) / limit
	if last <= 1 {
		return nil, "", ""
	}
	for n := 1; n <= last; n++ {
		switch {
		case n == 1 || n == last || (n >= current-2 && n <= current+2):
			pages = append(pages, buyerPageLink{Number: n, URL: link(n), Current: n == current})
		case len(pages) > 0 && !pages[len(pages)-1].Gap:
			pages = append(pages, buyerPageLink{Gap: true})
		}
	}
	if current > 1 {
		prev = link(min(current-1, last))
	}
	if current < last {
		next = link(current + 1)
	}
	return pages, prev, next
}
