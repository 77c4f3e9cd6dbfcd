package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// The seller's quote page (/{tenant}/admin/quotes/{id}): the buyer's
// request, the draft editor while one is open, any version (older ones
// marked 旧版), and issue, revise and withdraw.

type quoteShowView struct {
	ID, Number, BuyerName, BuyerURL  string
	Status                           quoteStatusView
	RowVersion                       int64
	Requested                        bool
	RequestNote, RequestedAt         string
	WithdrawReason                   string
	OrderURL                         string
	Versions                         []quoteVersionView
	Shown                            *quoteVersionView
	EditURL                          string // the draft editor, when a draft is open
	CanIssue, CanRevise, CanWithdraw bool
	Alert                            string
	Events                           []quoteEventView
	URL                              string
	Documents                        []docLink // 見積書 issued (documents_pages.go)
	CanIssueDoc                      bool      // an issued version exists and documents are wired
}

type quoteEventView struct{ At, Label, Version string }

// quoteShowState is what a POST hands back to the page.
type quoteShowState struct {
	errs  map[string]string
	alert string
}

// quoteShow: GET /quotes/{id}?v=
func (s *Server) quoteShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderQuote(w, r, http.StatusOK, quoteShowState{})
}

func (s *Server) renderQuote(w http.ResponseWriter, r *http.Request, status int, st quoteShowState) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q, err := s.Quotes.Quote(r.Context(), rc.tenant.ID, id)
	if err != nil {
		return err
	}
	v, err := s.quoteShowView(r, q)
	if err != nil {
		return err
	}
	v.Alert = st.alert
	return s.render(w, r, status, "admin/quotes/show", &Page{Title: "見積の詳細", Data: v, Errors: st.errs})
}

func (s *Server) quoteShowView(r *http.Request, q sales.Quote) (quoteShowView, error) {
	rc := reqCtx(r)
	base := rc.base()
	stNow := q.StatusOn(s.Quotes.Today())
	v := quoteShowView{ID: q.ID.String(), Number: q.Number, BuyerName: q.BuyerName,
		BuyerURL: base + "/buyers/" + q.BuyerID.String(), Status: newQuoteStatus(stNow), RowVersion: q.RowVersion,
		Requested: q.RequestedBy != 0, RequestNote: q.RequestNote, RequestedAt: jstText(q.CreatedAt),
		WithdrawReason: q.WithdrawReason, URL: quoteURL(base, q.ID)}
	if q.OrderID != 0 {
		v.OrderURL = base + "/orders/" + q.OrderID.String()
	}
	edit := identity.Can(rc.user.Realm, rc.user.Role, identity.PermAdminEdit)
	for _, a := range sales.QuoteAllowed(stNow) {
		v.CanIssue = v.CanIssue || edit && a == sales.QuoteIssue
		v.CanRevise = v.CanRevise || edit && a == sales.QuoteRevise
		v.CanWithdraw = v.CanWithdraw || edit && a == sales.QuoteWithdraw
	}
	want, err := chosenVersion(r, max(q.IssuedVersion, q.LatestVersion))
	if err != nil {
		return quoteShowView{}, err
	}
	v.Versions, v.Shown = versionViews(q, want, base, rc.lang)
	if v.Shown == nil {
		return quoteShowView{}, oroshi.ErrNotFound
	}
	if _, ok := q.Draft(); ok && edit {
		v.EditURL = v.URL + "/edit"
	}
	for _, e := range q.Events {
		ev := quoteEventView{At: jstText(e.OccurredAt), Label: e.Type.Label()}
		if n, ok := e.Detail["version"].(float64); ok && n > 0 {
			ev.Version = versionLabel(rc.lang, int(n))
		}
		v.Events = append(v.Events, ev)
	}
	if v.Documents, err = s.sourceDocs(r.Context(), base, rc.tenant.ID, documents.SourceQuote, q.ID, 0); err != nil {
		return quoteShowView{}, err
	}
	v.CanIssueDoc = s.Documents != nil && q.IssuedVersion > 0 && edit
	return v, nil
}

// rowVersion is the quote version the page was shown at.
func rowVersion(r *http.Request) int64 {
	n, _ := strconv.ParseInt(r.PostFormValue("row_version"), 10, 64)
	return max(n, 0)
}

// quoteEdit: GET /quotes/{id}/edit, the draft editor.
func (s *Server) quoteEdit(w http.ResponseWriter, r *http.Request) error {
	return s.renderQuoteForm(w, r, http.StatusOK, nil, nil, "")
}

// renderQuoteForm shows the draft editor: the saved draft, or the rows as
// typed with their problems (f set).
func (s *Server) renderQuoteForm(w http.ResponseWriter, r *http.Request, status int, f *quoteFormView,
	errs map[string]string, alert string) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q, err := s.Quotes.Quote(r.Context(), rc.tenant.ID, id)
	if err != nil {
		return err
	}
	draft, ok := q.Draft()
	if !ok {
		http.Redirect(w, r, quoteURL(rc.base(), id), http.StatusSeeOther)
		return nil
	}
	v := s.quoteFormBase(quoteURL(rc.base(), id))
	v.Number, v.BuyerName, v.RequestNote, v.ShowURL = q.Number, q.BuyerName, q.RequestNote, quoteURL(rc.base(), id)
	v.Version, v.RowVersion, v.Alert = draft.Version, q.RowVersion, alert
	v.VersionLabel = versionLabel(rc.lang, draft.Version)
	if f != nil {
		v.Rows, v.ValidUntil, v.Notes = namedRows(f.Rows, draft), f.ValidUntil, f.Notes
	} else {
		t := newShopTotals(draft.Totals)
		v.Rows, v.Notes, v.Totals = quoteEditRows(draft, quoteBlankRows), draft.Notes, &t
		if !draft.ValidUntil.IsZero() {
			v.ValidUntil = draft.ValidUntil.String()
		}
	}
	return s.render(w, r, status, "admin/quotes/form", &Page{Title: "見積の編集", Data: v, Errors: errs})
}

// namedRows names the typed rows whose 品番 the saved draft has, so a
// refused save still shows what each line is.
func namedRows(rows []quoteEditRow, draft sales.QuoteVersion) []quoteEditRow {
	names := map[string]string{}
	for _, r := range quoteEditRows(draft, 0) {
		names[r.Code] = r.Name
	}
	for i := range rows {
		rows[i].Name = names[rows[i].Code]
	}
	return rows
}

// quoteSave: POST /quotes/{id} saves the draft; with then=issue it is
// issued right after.
func (s *Server) quoteSave(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rows, in, from, errs, bad := quoteDraftForm(r)
	typed := &quoteFormView{Rows: rows, ValidUntil: r.PostFormValue("valid_until"), Notes: in.Notes}
	if bad {
		return s.renderQuoteForm(w, r, http.StatusUnprocessableEntity, typed, errs, "")
	}
	q, err := s.Quotes.UpdateDraft(r.Context(), rc.tenant.ID, id, rowVersion(r), in, buyerActor(r))
	if err == nil && r.PostFormValue("then") == "issue" {
		_, err = s.Quotes.Issue(r.Context(), rc.tenant.ID, id, q.RowVersion, buyerActor(r))
		if err == nil {
			setFlash(w, "見積を発行しました。")
		}
	} else if err == nil {
		setFlash(w, "見積の下書きを保存しました。")
	}
	if fields, ok := asFieldErrors(err); ok {
		return s.renderQuoteForm(w, r, http.StatusUnprocessableEntity, typed, rowErrors(rows, from, fields), "")
	}
	if msg, ok := quoteRefusal(err); ok {
		return s.renderQuoteForm(w, r, statusOf(err), typed, nil, msg)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, quoteURL(rc.base(), id), http.StatusSeeOther)
	return nil
}

// quoteRefused shows the quote page again with the service's refusal as
// an alert; errors people cannot act on fail the page.
func (s *Server) quoteRefused(w http.ResponseWriter, r *http.Request, err error) error {
	msg, ok := quoteRefusal(err)
	if !ok {
		return err
	}
	return s.renderQuote(w, r, statusOf(err), quoteShowState{alert: msg})
}

// quoteRefusal is the Japanese message of a refusal people can act on.
func quoteRefusal(err error) (string, bool) {
	var te *sales.QuoteTransitionError
	if errors.As(err, &te) {
		return te.Message(), true
	}
	if errors.Is(err, sales.ErrQuoteChanged) {
		return sales.MsgQuoteChanged, true
	}
	return refusal(err)
}

// quoteAct runs one of issue, revise, withdraw and comes back to the page.
func (s *Server) quoteAct(w http.ResponseWriter, r *http.Request, done string,
	act func(t oroshi.TenantID, id oroshi.ID, rowVersion int64) (sales.Quote, error)) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := act(rc.tenant.ID, id, rowVersion(r)); err != nil {
		return s.quoteRefused(w, r, err)
	}
	setFlash(w, done)
	http.Redirect(w, r, quoteURL(rc.base(), id), http.StatusSeeOther)
	return nil
}

// quoteIssue: POST /quotes/{id}/issue
func (s *Server) quoteIssue(w http.ResponseWriter, r *http.Request) error {
	return s.quoteAct(w, r, "見積を発行しました。", func(t oroshi.TenantID, id oroshi.ID, rv int64) (sales.Quote, error) {
		return s.Quotes.Issue(r.Context(), t, id, rv, buyerActor(r))
	})
}

// quoteRevise: POST /quotes/{id}/revise
func (s *Server) quoteRevise(w http.ResponseWriter, r *http.Request) error {
	return s.quoteAct(w, r, "改訂版の下書きを作成しました。内容を変更して発行してください。", func(t oroshi.TenantID, id oroshi.ID, rv int64) (sales.Quote, error) {
		return s.Quotes.Revise(r.Context(), t, id, rv, buyerActor(r))
	})
}

// quoteWithdraw: POST /quotes/{id}/withdraw (reason optional)
func (s *Server) quoteWithdraw(w http.ResponseWriter, r *http.Request) error {
	return s.quoteAct(w, r, "見積を取り下げました。", func(t oroshi.TenantID, id oroshi.ID, rv int64) (sales.Quote, error) {
		return s.Quotes.Withdraw(r.Context(), t, id, rv, r.PostFormValue("reason"), buyerActor(r))
	})
}
