package dataio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/csvio"
)

// maxEncodingProblems bounds the cells an EncodingError lists: enough to
// see whether it is one odd name or the whole column.
const maxEncodingProblems = 20

// EncodingError lists cells that the chosen encoding (Shift_JIS) cannot
// hold, each with its row and column. Nothing was written.
type EncodingError struct {
	Cells []*csvio.CellError
	More  bool // there are more than those listed
}

// Messages are the Japanese lines to show, one per cell.
func (e *EncodingError) Messages() []string {
	out := make([]string, len(e.Cells))
	for i, c := range e.Cells {
		out[i] = c.Japanese()
	}
	return out
}

func (e *EncodingError) Error() string { return strings.Join(e.Messages(), "\n") }

// errEnough stops the encoding check once it has found enough problems.
var errEnough = errors.New("enough problems found")

// Export writes the file of kind k of tenant t to w in enc and returns the
// number of data rows. With Shift_JIS, every cell is first checked in a
// pass that writes nothing (it reads the data once more, which is cheap
// next to sending the file), and cells CP932 cannot hold are returned as
// an *EncodingError before the first byte reaches w: a download never
// starts as half a file. Any error after the first byte means the data
// changed during the download or the client went away; the caller must
// then break the response off rather than end it as if it were whole.
func (s *Service) Export(ctx context.Context, t oroshi.TenantID, k Kind, enc csvio.Encoding, actor audit.Actor,
	w io.Writer) (int, error) {
	src, err := s.source(ctx, t, k)
	if err != nil {
		return 0, err
	}
	if enc == csvio.ShiftJIS {
		if err := checkEncodable(ctx, src, enc); err != nil {
			return 0, err
		}
	}
	ev := actor.Event(exportAction(k), "csv_export", "")
	ev.Tenant, ev.Detail = t, map[string]any{"kind": string(k), "encoding": enc.String()}
	if err := s.Store.RecordAudit(ctx, ev); err != nil {
		return 0, fmt.Errorf("export %s: %w", k, err)
	}
	cw := csvio.NewWriter(w, enc)
	if err := cw.WriteHeader(headerNames(src.cols)); err != nil {
		return 0, err
	}
	err = src.each(ctx, func(rec []string) error { return cw.Write(rec) })
	var ce *csvio.CellError
	if errors.As(err, &ce) {
		// Changed since the check: still a refusal, if nothing was sent yet.
		ce.Row = cw.Rows() + 1
		err = &EncodingError{Cells: []*csvio.CellError{ce}}
	}
	if err != nil {
		return cw.Rows(), fmt.Errorf("export %s: %w", k, err)
	}
	return cw.Rows(), cw.Flush()
}

// checkEncodable writes the export to nowhere in enc, collecting the cells
// the encoding refuses.
func checkEncodable(ctx context.Context, src source, enc csvio.Encoding) error {
	cw := csvio.NewWriter(io.Discard, enc)
	var found []*csvio.CellError
	row := 0
	note := func(err error) error {
		var ce *csvio.CellError
		if !errors.As(err, &ce) {
			return err
		}
		ce.Row = row // the Writer does not count refused rows; people count every row
		if found = append(found, ce); len(found) > maxEncodingProblems {
			return errEnough
		}
		return nil
	}
	if err := note(cw.WriteHeader(headerNames(src.cols))); err != nil {
		return err
	}
	err := src.each(ctx, func(rec []string) error {
		row++
		return note(cw.Write(rec))
	})
	if err != nil && !errors.Is(err, errEnough) {
		return err
	}
	if len(found) == 0 {
		return nil
	}
	more := len(found) > maxEncodingProblems
	return &EncodingError{Cells: found[:min(len(found), maxEncodingProblems)], More: more}
}

// jst is Japan time: a file is named after the day in Japan.
var jst = time.FixedZone("JST", 9*60*60)

// Filename is the download's name, 取引先_20261126.csv, and an ASCII
// fallback, buyers_20261126.csv, for clients without RFC 5987 support.
func (s *Service) Filename(k Kind) (name, ascii string) {
	day := s.now().In(jst).Format("20060102")
	return k.Label() + "_" + day + ".csv", string(k) + "_" + day + ".csv"
}
