package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// orderExportRoutes registers the order CSV downloads: the seller's, from
// the admin CSV page, and a buyer company's own history, from the shop's
// order list.
func (s *Server) orderExportRoutes(mux *http.ServeMux) {
	mux.Handle("GET "+areaAdmin.pattern+"/csv/orders", s.exportGate(s.page(areaAdmin, identity.PermAdminView, s.adminOrderExport)))
	mux.Handle("GET "+areaShop.pattern+"/orders/export", s.exportGate(s.page(areaShop, identity.PermShopView, s.shopOrderExport)))
}

// orderExportForm is the download form as typed: kind, encoding, from, to
// and status. A buyer is never read from it.
type orderExportForm map[string]string

func readOrderExportForm(q url.Values) orderExportForm {
	f := orderExportForm{}
	for _, k := range []string{"kind", "encoding", "from", "to", "status"} {
		f[k] = strings.TrimSpace(q.Get(k))
	}
	return f
}

// parse reads the form; unreadable values are field errors in Japanese.
func (f orderExportForm) parse() (dataio.Kind, csvio.Encoding, dataio.OrderFilter, map[string]string) {
	errs := map[string]string{}
	k := dataio.Kind(f["kind"])
	if k == "" {
		k = dataio.KindOrders
	}
	if !dataio.IsOrderKind(k) {
		errs["kind"] = "出力するデータを選んでください"
	}
	enc, err := csvExportEncoding(f["encoding"])
	if err != nil {
		errs["encoding"] = "文字コードを選んでください"
	}
	of := dataio.OrderFilter{Status: sales.Status(f["status"])}
	for field, dst := range map[string]*pricing.Date{"from": &of.From, "to": &of.To} {
		if f[field] == "" {
			continue
		}
		d, err := pricing.ParseDate(f[field])
		if err != nil {
			errs[field] = "日付が正しくありません"
		}
		*dst = d
	}
	return k, enc, of, errs
}

// adminOrderExport: GET /admin/csv/orders streams the seller's orders or
// order lines; problems (a bad date, text Shift_JIS cannot hold) come back
// on the CSV page, before any byte of the file.
func (s *Server) adminOrderExport(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	form := readOrderExportForm(r.URL.Query())
	k, enc, f, errs := form.parse()
	if len(errs) > 0 {
		return s.renderCSVIndex(w, r, http.StatusUnprocessableEntity, csvIndexView{OrderForm: form, OrderErrors: errs})
	}
	out := s.orderDownload(w, k, enc)
	_, err := s.CSV.ExportOrders(r.Context(), rc.tenant.ID, k, f, enc, buyerActor(r), out)
	return s.orderExportDone(w, r, out, k, err, func(v csvIndexView) error {
		v.OrderForm = form
		return s.renderCSVIndex(w, r, http.StatusUnprocessableEntity, v)
	})
}

// shopOrderExport: GET /orders/export streams the signed-in user's own
// company's orders (the buyer comes from the session). Problems go back to
// the order list with a message.
func (s *Server) shopOrderExport(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	k, enc, f, errs := readOrderExportForm(r.URL.Query()).parse()
	back := rc.base() + "/orders"
	if len(errs) > 0 {
		setFlash(w, "ダウンロードの条件が正しくありません。期間と状態を確かめてください。")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	actor := audit.Actor{Realm: audit.RealmShop, ID: rc.user.ID, ClientAddr: clientAddr(r)}
	out := s.orderDownload(w, k, enc)
	_, err := s.CSV.ExportBuyerOrders(r.Context(), rc.tenant.ID, rc.user.BuyerID, k, f, enc, actor, out)
	return s.orderExportDone(w, r, out, k, err, func(v csvIndexView) error {
		msg := "ダウンロードの条件が正しくありません。期間と状態を確かめてください。"
		if len(v.Problems) > 0 {
			msg = "Shift_JIS で表現できない文字があるため、ダウンロードを中止しました。UTF-8（BOM付き）を選んでください。"
		}
		setFlash(w, msg)
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	})
}

func (s *Server) orderDownload(w http.ResponseWriter, k dataio.Kind, enc csvio.Encoding) *csvDownload {
	name, ascii := s.CSV.Filename(k)
	return &csvDownload{w: w, name: name, ascii: ascii, enc: enc}
}

// orderExportDone ends a download: a refusal found before the first byte
// goes to refused (a page or a redirect); an error after it breaks the
// response off, so the browser reports a failed download, not half a file.
func (s *Server) orderExportDone(w http.ResponseWriter, r *http.Request, out *csvDownload, k dataio.Kind, err error,
	refused func(csvIndexView) error) error {
	var ee *dataio.EncodingError
	var ve *oroshi.ValidationError
	switch {
	case err == nil:
		return nil
	case out.started:
		s.Logger.WarnContext(r.Context(), "csv export broken off", "kind", string(k), "err", err)
		panic(http.ErrAbortHandler)
	case errors.As(err, &ee):
		return refused(csvIndexView{Refused: k.Label(), Problems: ee.Messages(), More: ee.More})
	case errors.As(err, &ve):
		return refused(csvIndexView{OrderErrors: ve.Fields})
	}
	return fmt.Errorf("order export: %w", err)
}

// orderExportChoices are the options of the admin CSV page's order form.
type orderExportChoices struct {
	Kinds    []csvKindRow
	Statuses []orderStatusOption
}

type orderStatusOption struct{ Value, Label string }

// orderExportOptions: the order files and the statuses a seller can pick
// (not 社内承認待ち, which the seller has not received).
func orderExportOptions() orderExportChoices {
	c := orderExportChoices{Kinds: []csvKindRow{
		{Kind: string(dataio.KindOrders), Label: dataio.KindOrders.Label(), Description: "注文1件につき1行。税率ごとの消費税と合計を含みます。"},
		{Kind: string(dataio.KindOrderLines), Label: dataio.KindOrderLines.Label(), Description: "注文明細1行につき1行。注文番号と取引先を各行に含みます。"},
	}}
	for _, st := range sales.Statuses {
		if st.SellerVisible() {
			c.Statuses = append(c.Statuses, orderStatusOption{Value: string(st), Label: st.Label()})
		}
	}
	return c
}
