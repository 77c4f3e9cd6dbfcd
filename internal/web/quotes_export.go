package web

import (
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/dataio"
)

// quoteExport: GET /quotes/export?encoding= streams the quotes file (one
// row per line of every issued version, see dataio.KindQuotes). Text that
// Shift_JIS cannot hold stops the download before its first byte and comes
// back to the list as a message.
func (s *Server) quoteExport(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	back := rc.base() + "/quotes"
	enc, err := csvExportEncoding(r.URL.Query().Get("encoding"))
	if err != nil {
		return err
	}
	out := s.orderDownload(w, dataio.KindQuotes, enc)
	_, err = s.CSV.ExportQuotes(r.Context(), rc.tenant.ID, enc, buyerActor(r), out)
	return s.orderExportDone(w, r, out, dataio.KindQuotes, err, func(csvIndexView) error {
		setFlash(w, "Shift_JIS で表現できない文字があるため、ダウンロードを中止しました。UTF-8（BOM付き）を選んでください。")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	})
}
