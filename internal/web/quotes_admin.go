package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// The seller's quote list and new quote (/{tenant}/admin/quotes).

type quoteListView struct {
	Rows     []quoteRow
	Tabs     []quoteTab
	Number   string
	Status   string // the tab's status, kept by the number search
	Next     string // URL of the next page; "" on the last
	Filtered bool
}

// quoteTab is one status filter.
type quoteTab struct {
	Label, URL string
	Current    bool
}

func quoteTabs(base, current string) []quoteTab {
	tabs := []quoteTab{{Label: "すべて", URL: base + "/quotes", Current: current == ""}}
	for _, st := range sales.QuoteStatuses {
		tabs = append(tabs, quoteTab{Label: st.Label(), URL: base + "/quotes?status=" + string(st), Current: current == string(st)})
	}
	return tabs
}

// quoteList: GET /quotes?status=&number=&cursor=
func (s *Server) quoteList(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	q := r.URL.Query()
	f := sales.QuoteFilter{Status: sales.QuoteStatus(q.Get("status")), Number: q.Get("number"), Cursor: q.Get("cursor")}
	list, err := s.Quotes.Quotes(r.Context(), rc.tenant.ID, f)
	if err != nil {
		if _, ok := asFieldErrors(err); ok {
			return errBadRequest
		}
		return err
	}
	base := rc.base()
	v := quoteListView{Rows: newQuoteRows(base, list.Quotes, s.Quotes.Today(), rc.lang), Tabs: quoteTabs(base, string(f.Status)),
		Number: f.Number, Status: string(f.Status), Filtered: f.Status != "" || f.Number != ""}
	if list.NextCursor != "" {
		next := url.Values{"cursor": {list.NextCursor}}
		if f.Status != "" {
			next.Set("status", string(f.Status))
		}
		if f.Number != "" {
			next.Set("number", f.Number)
		}
		v.Next = base + "/quotes?" + next.Encode()
	}
	return s.render(w, r, http.StatusOK, "admin/quotes/index", &Page{Title: "見積", Data: v})
}

// quoteFormView is the new quote form and the draft editor.
type quoteFormView struct {
	New        bool
	Buyers     []buyerOption // new quote only
	BuyerQuery string
	// A draft being edited.
	Number, BuyerName, RequestNote, ShowURL, Alert string
	Version                                        int
	VersionLabel                                   string
	RowVersion                                     int64
	Totals                                         *shopTotals
	Rows                                           []quoteEditRow
	ValidUntil                                     string
	Notes                                          string
	MinDate                                        string
	MaxDate                                        string
	Action                                         string
	MaxNotes                                       int
}

// HasErrors tells whether a line shows a problem (the page then says so
// at the top too).
func (v quoteFormView) HasErrors() bool {
	for _, r := range v.Rows {
		if len(r.Errors) > 0 {
			return true
		}
	}
	return false
}

const quoteBlankRows = 5

// quoteNew: GET /quotes/new?q= (the companies matching q in the select).
func (s *Server) quoteNew(w http.ResponseWriter, r *http.Request) error {
	v, err := s.quoteNewView(r, r.URL.Query().Get("q"), r.URL.Query().Get("buyer"))
	if err != nil {
		return err
	}
	v.Rows = quoteEditRows(sales.QuoteVersion{}, quoteBlankRows)
	return s.render(w, r, http.StatusOK, "admin/quotes/form", &Page{Title: "見積を作成", Data: v})
}

func (s *Server) quoteNewView(r *http.Request, query, chosen string) (quoteFormView, error) {
	rc := reqCtx(r)
	page, err := s.Buyers.List(r.Context(), rc.tenant.ID, buyers.Filter{Query: query, Status: buyers.StatusActive,
		Limit: buyers.MaxLimit})
	if err != nil {
		return quoteFormView{}, err
	}
	v := s.quoteFormBase(rc.base() + "/quotes")
	v.New, v.BuyerQuery = true, query
	for _, b := range page.Buyers {
		v.Buyers = append(v.Buyers, buyerOption{Value: b.ID.String(), Label: b.Code + " " + b.Name,
			Selected: b.ID.String() == chosen})
	}
	return v, nil
}

func (s *Server) quoteFormBase(action string) quoteFormView {
	today := s.Quotes.Today()
	return quoteFormView{Action: action, MinDate: today.String(), MaxDate: today.AddDays(366).String(),
		MaxNotes: sales.MaxQuoteNotesLen}
}

// quoteCreate: POST /quotes starts a quote (作成中) for the chosen company.
func (s *Server) quoteCreate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	rows, in, from, errs, bad := quoteDraftForm(r)
	buyerID, err := oroshi.ParseID(strings.TrimSpace(r.PostFormValue("buyer_id")))
	if err != nil {
		errs["buyer_id"], bad = "取引先を選んでください", true
	}
	if !bad {
		q, err := s.Quotes.CreateQuote(r.Context(), rc.tenant.ID, buyerID, in, buyerActor(r))
		if err == nil {
			setFlash(w, "見積を作成しました。内容を確認して発行してください。")
			http.Redirect(w, r, quoteURL(rc.base(), q.ID), http.StatusSeeOther)
			return nil
		}
		fields, ok := asFieldErrors(err)
		if !ok {
			return err
		}
		errs = rowErrors(rows, from, fields)
	}
	v, err := s.quoteNewView(r, "", r.PostFormValue("buyer_id"))
	if err != nil {
		return err
	}
	v.Rows, v.ValidUntil, v.Notes = rows, r.PostFormValue("valid_until"), in.Notes
	return s.render(w, r, http.StatusUnprocessableEntity, "admin/quotes/form",
		&Page{Title: "見積を作成", Data: v, Errors: errs})
}
