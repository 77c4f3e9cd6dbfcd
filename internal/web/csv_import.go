package web

import (
	"fmt"
	"io"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

func canEdit(rc *requestState) bool {
	return rc.user != nil && identity.Can(rc.user.Realm, rc.user.Role, identity.PermAdminEdit)
}

// csvOption is one choice of a select or a set of radio buttons.
type csvOption struct {
	Value, Label string
	Selected     bool
}

type csvImportView struct {
	Kinds     []csvOption
	Encodings []csvOption
	DryRun    bool
	Columns   []csvColumnsRow
	MaxMB     int
}

// csvColumnsRow lists the columns of one kind, for the help on the form.
type csvColumnsRow struct {
	Label   string
	Columns []dataio.Column
}

// csvEncodings are the encodings an upload may be read in.
var csvEncodings = []struct{ value, label string }{
	{"auto", "自動判定"}, {"utf-8", "UTF-8"}, {"sjis", "Shift_JIS"},
}

// csvImportForm: GET /csv/import?kind= shows the upload form.
func (s *Server) csvImportForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderImportForm(w, r, http.StatusOK, r.URL.Query().Get("kind"), "auto", true, nil)
}

func (s *Server) renderImportForm(w http.ResponseWriter, r *http.Request, status int, kind, enc string, dry bool,
	errs map[string]string) error {
	rc := reqCtx(r)
	v := csvImportView{DryRun: dry, MaxMB: dataio.MaxUploadBytes >> 20}
	for _, k := range dataio.Kinds() {
		v.Kinds = append(v.Kinds, csvOption{string(k), k.Label(), string(k) == kind})
		cols, err := s.CSV.Columns(r.Context(), rc.tenant.ID, k)
		if err != nil {
			return err
		}
		v.Columns = append(v.Columns, csvColumnsRow{Label: k.Label(), Columns: cols})
	}
	for _, e := range csvEncodings {
		v.Encodings = append(v.Encodings, csvOption{e.value, e.label, e.value == enc})
	}
	return s.render(w, r, status, "admin/csv/import", &Page{Title: "CSV取り込み", Data: v, Errors: errs})
}

// csvImportSubmit: POST /csv/import stores the file and queues its job.
// The multipart body was read by checkCSRF (within maxUploadBytes); the
// service applies its own, smaller limit.
func (s *Server) csvImportSubmit(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	kind, encName := r.PostFormValue("kind"), r.PostFormValue("encoding")
	dry := r.PostFormValue("mode") != "commit"
	u := dataio.Upload{Kind: dataio.Kind(kind), DryRun: dry, Encoding: csvio.Auto}
	formErrs := map[string]string{}
	if enc, err := csvio.ParseEncoding(encName); err == nil {
		u.Encoding = enc
	} else {
		formErrs["encoding"] = "文字コードを選択してください"
	}
	name, data, err := readUpload(r)
	if err != nil {
		return err
	}
	u.Filename, u.Data = name, data
	im, err := s.CSV.Submit(r.Context(), rc.tenant.ID, u, buyerActor(r))
	if fields, ok := asFieldErrors(err); ok {
		for k, m := range fields {
			formErrs[k] = m
		}
	} else if err != nil {
		return err
	}
	if len(formErrs) > 0 {
		return s.renderImportForm(w, r, http.StatusUnprocessableEntity, kind, encName, dry, formErrs)
	}
	http.Redirect(w, r, fmt.Sprintf("%s/csv/imports/%s", rc.base(), im.ID), http.StatusSeeOther)
	return nil
}

// readUpload reads the posted file, refusing early what is over the limit
// (one byte past it is read, so the service still says why). No file is
// no data: the service asks for one.
func readUpload(r *http.Request) (string, []byte, error) {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return "", nil, nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, dataio.MaxUploadBytes+1))
	if err != nil {
		return "", nil, fmt.Errorf("read upload: %w", err)
	}
	return hdr.Filename, data, nil
}

// csvImportRow is an import as lists and its page show it.
type csvImportRow struct {
	dataio.Import
	KindLabel string
}

func (r csvImportRow) StatusLabel() string {
	switch r.Status {
	case dataio.StatusPending:
		return "待機中"
	case dataio.StatusRunning:
		return "処理中"
	case dataio.StatusSucceeded:
		if r.DryRun {
			return "確認済み（エラーなし）"
		}
		return "取り込み完了"
	}
	return "エラー（取り込んでいません）"
}

func (r csvImportRow) ModeLabel() string {
	if r.DryRun {
		return "確認のみ"
	}
	return "取り込み"
}

func csvImportRows(list []dataio.Import) []csvImportRow {
	out := make([]csvImportRow, len(list))
	for i, im := range list {
		out[i] = csvImportRow{Import: im, KindLabel: im.Kind.Label()}
	}
	return out
}

type csvShowView struct {
	csvImportRow
	Running   bool // refresh the page until the job is done
	CanCommit bool // a clean dry run: offer to import the same file
}

// csvImportShow: GET /csv/imports/{id} shows progress, then the outcome.
func (s *Server) csvImportShow(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return fmt.Errorf("import id: %w", oroshi.ErrNotFound)
	}
	im, err := s.CSV.Import(r.Context(), rc.tenant.ID, id)
	if err != nil {
		return err
	}
	v := csvShowView{csvImportRow: csvImportRows([]dataio.Import{im})[0], Running: !im.Finished(),
		CanCommit: im.DryRun && im.Status == dataio.StatusSucceeded}
	return s.render(w, r, http.StatusOK, "admin/csv/show", &Page{Title: "CSV取り込みの結果", Data: v})
}

// csvImportCommit: POST /csv/imports/{id}/commit imports the file of a
// clean dry run for real.
func (s *Server) csvImportCommit(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return fmt.Errorf("import id: %w", oroshi.ErrNotFound)
	}
	im, err := s.CSV.Commit(r.Context(), rc.tenant.ID, id, buyerActor(r))
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("%s/csv/imports/%s", rc.base(), im.ID), http.StatusSeeOther)
	return nil
}
