package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
)

// csvKindRow is one kind of file as the CSV pages list it.
type csvKindRow struct {
	Kind        string
	Label       string
	Description string
}

// csvKinds describes each kind of file; the texts are in the catalogue.
func csvKinds() []csvKindRow {
	desc := map[dataio.Kind]string{
		dataio.KindBuyers:      "取引先1社につき1行。取引条件と独自項目も含みます。",
		dataio.KindShipTos:     "納品先1件につき1行。取り込むと、ファイルにある取引先の納品先はファイルの内容に置き換わります。",
		dataio.KindPriceItems:  "固定価格の価格表の単価。数量別単価1件につき1行です。",
		dataio.KindBuyerPrices: "取引先ごとの個別単価。数量別単価1件につき1行です。",
		dataio.KindProducts:    "品番（SKU）1件につき1行。同じ親品番の行が1つの商品です。在庫数は出力のみで、取り込みでは変更されません。ファイルにない品番は削除されません。",
	}
	var out []csvKindRow
	for _, k := range dataio.Kinds() {
		out = append(out, csvKindRow{Kind: string(k), Label: k.Label(), Description: desc[k]})
	}
	return out
}

type csvIndexView struct {
	Kinds    []csvKindRow
	Imports  []csvImportRow
	Refused  string   // the kind whose Shift_JIS download was refused
	Problems []string // why, cell by cell
	More     bool     // more problems than listed
	// The order downloads' form (shop_orders_export.go).
	Orders      orderExportChoices
	OrderForm   orderExportForm
	OrderErrors map[string]string
}

// csvIndex: GET /csv lists the downloads and the latest imports.
func (s *Server) csvIndex(w http.ResponseWriter, r *http.Request) error {
	return s.renderCSVIndex(w, r, http.StatusOK, csvIndexView{})
}

func (s *Server) renderCSVIndex(w http.ResponseWriter, r *http.Request, status int, v csvIndexView) error {
	rc := reqCtx(r)
	v.Kinds = csvKinds()
	v.Orders = orderExportOptions()
	if rc.user != nil && canEdit(rc) {
		list, err := s.CSV.Imports(r.Context(), rc.tenant.ID, 20)
		if err != nil {
			return err
		}
		v.Imports = csvImportRows(list)
	}
	return s.render(w, r, status, "admin/csv/index", &Page{Title: "CSV入出力", Data: v})
}

// csvExport: GET /csv/export/{kind}?encoding=utf8bom|sjis streams a file.
// A Shift_JIS download of text CP932 cannot hold is refused before its
// first byte, with the rows and columns to fix (the service checks every
// cell first); an error after the first byte breaks the connection off, so
// the browser reports a failed download instead of saving half a file.
func (s *Server) csvExport(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	k := dataio.Kind(r.PathValue("kind"))
	if !k.Valid() {
		return fmt.Errorf("csv kind %q: %w", k, oroshi.ErrNotFound)
	}
	enc, err := csvExportEncoding(r.URL.Query().Get("encoding"))
	if err != nil {
		return err
	}
	name, ascii := s.CSV.Filename(k)
	out := &csvDownload{w: w, name: name, ascii: ascii, enc: enc}
	_, err = s.CSV.Export(r.Context(), rc.tenant.ID, k, enc, buyerActor(r), out)
	var ee *dataio.EncodingError
	switch {
	case err == nil:
		return nil
	case out.started:
		s.Logger.WarnContext(r.Context(), "csv export broken off", "kind", string(k), "err", err)
		panic(http.ErrAbortHandler)
	case errors.As(err, &ee):
		v := csvIndexView{Refused: k.Label(), Problems: ee.Messages(), More: ee.More}
		return s.renderCSVIndex(w, r, http.StatusUnprocessableEntity, v)
	}
	return err
}

// csvExportEncoding reads ?encoding=: UTF-8 with a BOM unless Shift_JIS
// (or plain UTF-8) is asked.
func csvExportEncoding(q string) (csvio.Encoding, error) {
	if q == "" {
		return csvio.UTF8BOM, nil
	}
	enc, err := csvio.ParseEncoding(q)
	if err != nil || enc == csvio.Auto {
		return 0, fmt.Errorf("export encoding %q: %w", q, errBadRequest)
	}
	return enc, nil
}

// csvDownload sends the download's headers with its first byte, so that
// an error found before (an encoding check) can still be a page.
type csvDownload struct {
	w           http.ResponseWriter
	name, ascii string
	enc         csvio.Encoding
	started     bool
}

func (d *csvDownload) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		h := d.w.Header()
		charset := "utf-8"
		if d.enc == csvio.ShiftJIS {
			charset = "Shift_JIS"
		}
		h.Set("Content-Type", "text/csv; charset="+charset)
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`,
			d.ascii, url.PathEscape(d.name)))
		h.Set("Cache-Control", "no-store")
		d.w.WriteHeader(http.StatusOK)
	}
	return d.w.Write(p)
}
