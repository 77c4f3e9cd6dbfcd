package dataio

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/csvio"
)

// MaxUploadBytes bounds an uploaded file: 20 MiB is about 100,000 buyers,
// and the whole file is kept in the database until the import is done.
const MaxUploadBytes = 20 << 20

// Upload is a file to import, as a form posts it.
type Upload struct {
	Kind     Kind
	Filename string
	Encoding csvio.Encoding // Auto detects UTF-8 or Shift_JIS
	DryRun   bool           // check only: write nothing
	Data     []byte
}

// Submit stores an upload and queues its job; the import's page follows
// its progress. Problems with the form itself are a ValidationError on
// "kind", "file" or "encoding".
func (s *Service) Submit(ctx context.Context, t oroshi.TenantID, u Upload, actor audit.Actor) (Import, error) {
	v := &oroshi.ValidationError{}
	if !u.Kind.Valid() {
		v.Add("kind", "取り込むデータの種類を選択してください")
	}
	switch {
	case len(u.Data) == 0:
		v.Add("file", "CSV ファイルを選択してください")
	case len(u.Data) > MaxUploadBytes:
		v.Add("file", fmt.Sprintf("ファイルが大きすぎます（最大 %d MB）。ファイルを分けて取り込んでください", MaxUploadBytes>>20))
	}
	if u.Encoding < csvio.UTF8BOM || u.Encoding > csvio.Auto {
		v.Add("encoding", "文字コードを選択してください")
	}
	if err := v.Err(); err != nil {
		return Import{}, err
	}
	im := Import{Tenant: t, Kind: u.Kind, Status: StatusPending, DryRun: u.DryRun, Filename: cleanName(u.Filename),
		Encoding: u.Encoding.String(), CreatedBy: actor.ID, Data: u.Data}
	out, err := s.Store.CreateImport(ctx, im)
	if err != nil {
		return Import{}, fmt.Errorf("submit %s import: %w", u.Kind, err)
	}
	return out, nil
}

// cleanName keeps the base name of an uploaded file, short and printable,
// for the import's page and history.
func cleanName(name string) string {
	name = strings.TrimSpace(path.Base(strings.ReplaceAll(name, `\`, "/")))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > 100 {
		name = string([]rune(name)[:100])
	}
	if name == "" || name == "." || name == "/" {
		return "upload.csv"
	}
	return name
}

// Commit imports again, for real, the file of a dry run that found no
// problem, so the user need not upload it twice.
func (s *Service) Commit(ctx context.Context, t oroshi.TenantID, dryRunID oroshi.ID, actor audit.Actor) (Import, error) {
	im, err := s.Store.Import(ctx, t, dryRunID)
	if err != nil {
		return Import{}, err
	}
	if !im.DryRun || im.Status != StatusSucceeded {
		return Import{}, oroshi.Invalid("import", "エラーのない確認（ドライラン）の結果からのみ取り込めます")
	}
	data, err := s.Store.ImportData(ctx, t, dryRunID)
	if err != nil {
		return Import{}, err
	}
	enc, err := csvio.ParseEncoding(im.Encoding)
	if err != nil {
		enc = csvio.Auto
	}
	return s.Submit(ctx, t, Upload{Kind: im.Kind, Filename: im.Filename, Encoding: enc, Data: data}, actor)
}

// Import returns one import of tenant t, without its file.
func (s *Service) Import(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Import, error) {
	return s.Store.Import(ctx, t, id)
}

// Imports lists tenant t's latest imports, newest first.
func (s *Service) Imports(ctx context.Context, t oroshi.TenantID, limit int) ([]Import, error) {
	return s.Store.Imports(ctx, t, min(max(limit, 1), 100))
}

// Fail ends an import the job could not finish (its last attempt failed
// on a system error), so its page stops waiting. Nothing was written.
func (s *Service) Fail(ctx context.Context, t oroshi.TenantID, id oroshi.ID) error {
	im, err := s.Store.Import(ctx, t, id)
	if err != nil || im.Finished() {
		return err
	}
	var r Result
	r.Errors.Add(0, "", "システムエラーのため処理できませんでした。何も変更していません。しばらくしてからもう一度お試しください")
	return s.Store.FinishImport(ctx, t, id, StatusFailed, im.TotalRows, 1, r)
}

// importer is one kind's import: parse reads the rows (noting problems of
// single cells and rows) and names the stored rows it needs; plan checks
// the rows against them and returns the writes. plan may run twice (a
// check, then again inside the commit's transaction) and must not change
// the importer.
type importer interface {
	parse(f *file, errs *csvio.Errors) Keys
	plan(snap Snapshot, errs *csvio.Errors) Plan
}

func newImporter(k Kind, rec recorder, tb *table, r refs) importer {
	switch k {
	case KindBuyers:
		return &buyerImport{rec: rec, tb: tb, defs: r.fields}
	case KindShipTos:
		return &shipToImport{rec: rec, tb: tb}
	case KindPriceItems:
		return &itemImport{rec: rec, tb: tb}
	case KindBuyerPrices:
		return &priceImport{rec: rec, tb: tb}
	case KindProducts:
		return &productImport{rec: rec, tb: tb, defs: r.productFields}
	}
	return nil
}

// errChanged: the data changed between the check and the commit's
// transaction, and the file no longer passes.
var errChanged = errors.New("data changed during the import")
