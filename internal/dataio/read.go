package dataio

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/oroshi-jp/oroshi/internal/csvio"
)

// file is an uploaded file, read.
type file struct {
	tb       *table
	records  []record // rows that read cleanly
	rows     int      // every data row, also those that did not read
	encoding csvio.Encoding
	errs     csvio.Errors
	fatal    bool // the header is unusable: rows were not read

	progress func(done int) error // reports rows checked; nil: none
	done     int
	err      error // the first error of progress
}

// tick counts one row checked and reports progress every progressStep rows.
func (f *file) tick() {
	f.done++
	if f.progress != nil && f.err == nil && f.done%progressStep == 0 {
		f.err = f.progress(f.done)
	}
}

// readFile reads data in enc (Auto detects) against the kind's columns.
// Rows with broken quoting or mojibake (U+FFFD: the wrong encoding) are
// reported and left out; the rest are kept for checking, so one dry run
// shows every problem of the file. A missing required column, an unknown
// column or a UTF-16 file stops there (fatal).
func readFile(data []byte, enc csvio.Encoding, cols []column) (*file, error) {
	f := &file{encoding: enc}
	r, err := csvio.NewReader(bytes.NewReader(data), enc)
	if err != nil {
		f.errs.Add(0, "", err.Error())
		f.fatal = true
		return f, nil
	}
	var required, optional []string
	for _, c := range cols {
		if c.required {
			required = append(required, c.name)
		} else {
			optional = append(optional, c.name)
		}
	}
	h, err := r.ReadHeader(required, optional)
	f.encoding = r.Encoding()
	if err != nil {
		f.fatal = true
		return f, f.noteHeader(err)
	}
	f.tb = newTable(h, cols)
	if err := f.readRows(r); err != nil {
		return nil, err
	}
	f.encoding = r.Encoding()
	return f, nil
}

// noteHeader keeps the header's problems; other errors are read errors.
func (f *file) noteHeader(err error) error {
	var es csvio.Errors
	var pe *csvio.ParseError
	switch {
	case errors.As(err, &es):
		f.errs = append(f.errs, es...)
		return nil
	case errors.As(err, &pe):
		f.errs = append(f.errs, pe.RowError())
		return nil
	}
	return fmt.Errorf("read csv header: %w", err)
}

func (f *file) readRows(r *csvio.Reader) error {
	for {
		cells, err := r.Read()
		var pe *csvio.ParseError
		switch {
		case err == io.EOF:
			return nil
		case errors.As(err, &pe):
			f.errs = append(f.errs, pe.RowError())
			f.rows++
			continue
		case err != nil:
			return fmt.Errorf("read csv: %w", err)
		}
		f.rows++
		f.records = append(f.records, record{row: r.Row(), cells: cells})
	}
}
