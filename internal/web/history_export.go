package web

import (
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/dataio"
)

// historyExport: GET /admin/history/export?<the list's filters>&encoding=
// streams the filtered history as CSV and records the download itself
// (操作履歴（出力）). A bad filter or text Shift_JIS cannot hold comes back
// to the list, before the first byte of the file.
func (s *Server) historyExport(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	_, path := historyScope(r)
	form := readHistoryForm(r.URL.Query())
	back := path
	if q := form.values().Encode(); q != "" {
		back += "?" + q
	}
	f, errs := form.parse(r.URL.Query())
	enc, err := csvExportEncoding(r.URL.Query().Get("encoding"))
	if err != nil || len(errs) > 0 {
		setFlash(w, "ダウンロードの条件が正しくありません。絞り込みの条件を確かめてください。")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	name, ascii := s.CSV.HistoryFilename()
	out := &csvDownload{w: w, name: name, ascii: ascii, enc: enc}
	_, err = s.CSV.ExportHistory(r.Context(), rc.tenant.ID, f, enc, buyerActor(r), out)
	return s.orderExportDone(w, r, out, dataio.KindHistory, err, func(csvIndexView) error {
		setFlash(w, "Shift_JIS で表現できない文字があるため、ダウンロードを中止しました。UTF-8（BOM付き）を選んでください。")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	})
}
