package csvio

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"
)

// writeBuffer is the size of the output buffer; the Writer holds at most
// this plus one row, whatever the size of the export.
const writeBuffer = 64 << 10

// Writer writes CSV for Excel: RFC 4180 quoting, CRLF line ends, formula
// injection neutralised (see NeutralizeFormula) and, for ShiftJIS, every
// character checked before the row is written. It streams: call Flush at
// the end (and whenever the reader of the output should see progress).
type Writer struct {
	out     *bufio.Writer
	enc     Encoding
	encoder transform.Transformer     // CP932 encoder, nil for UTF-8
	ibm     *[2 * trailsPerRow]uint16 // see rewriteNECSelected
	header  []string
	line    []byte // the row being built, in UTF-8; reused
	starts  []int  // offset in line where each cell starts
	encoded []byte // line in CP932; reused
	rows    int
	err     error // first write error; sticky
}

// NewWriter returns a Writer to w. UTF8BOM writes the BOM first; Auto (and
// any unknown value) is treated as UTF8BOM, the encoding Excel opens best.
func NewWriter(w io.Writer, enc Encoding) *Writer {
	if enc != UTF8 && enc != ShiftJIS {
		enc = UTF8BOM
	}
	cw := &Writer{out: bufio.NewWriterSize(w, writeBuffer), enc: enc}
	switch enc {
	case UTF8BOM:
		cw.out.WriteString("\uFEFF") // cannot fail: it fits in the buffer
	case ShiftJIS:
		cw.encoder = japanese.ShiftJIS.NewEncoder()
		cw.ibm = necToIBM()
	}
	return cw
}

// Encoding returns the encoding being written.
func (w *Writer) Encoding() Encoding { return w.enc }

// SetHeader records the column names used in error messages without
// writing them (for when the header row is written some other way).
func (w *Writer) SetHeader(names []string) {
	w.header = append(w.header[:0], names...)
}

// WriteHeader writes the header row and remembers its names for error
// messages. It is row 0 and does not count in Rows.
func (w *Writer) WriteHeader(names []string) error {
	w.SetHeader(names)
	return w.writeRecord(names, 0)
}

// Write writes one data row. A *CellError means nothing of the row was
// written and the Writer can go on; any other error is a write error, which
// every later call returns too.
func (w *Writer) Write(record []string) error {
	if err := w.writeRecord(record, w.rows+1); err != nil {
		return err
	}
	w.rows++
	return nil
}

// Flush writes buffered rows to the underlying writer.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if err := w.out.Flush(); err != nil {
		w.err = fmt.Errorf("csvio: flush: %w", err)
	}
	return w.err
}

// Error returns the first write error, if any. Refused rows (*CellError)
// are not write errors.
func (w *Writer) Error() error { return w.err }

// Rows returns the number of data rows written (the header not counted).
func (w *Writer) Rows() int { return w.rows }

func (w *Writer) writeRecord(record []string, row int) error {
	if w.err != nil {
		return w.err
	}
	if err := w.build(record, row); err != nil {
		return err
	}
	out := w.line
	if w.encoder != nil {
		var err error
		if out, err = w.toCP932(row); err != nil {
			return err
		}
	}
	if _, err := w.out.Write(out); err != nil {
		w.err = fmt.Errorf("csvio: write row %d: %w", row, err)
		return w.err
	}
	return nil
}

// build lays out one row in UTF-8 in w.line, refusing cells that are not
// text.
func (w *Writer) build(record []string, row int) error {
	w.line, w.starts = w.line[:0], w.starts[:0]
	for i, cell := range record {
		if i > 0 {
			w.line = append(w.line, ',')
		}
		sh := shapeOf(cell)
		if sh.nul || (sh.nonASCII && !utf8.ValidString(cell)) {
			at := invalidAt(cell)
			r, _ := utf8.DecodeRuneInString(cell[at:])
			return w.cellError(row, i, r, true)
		}
		quote := sh.quote || strings.HasPrefix(cell, " ")
		fold := w.encoder != nil && sh.nonASCII && needsFold(cell)
		w.starts = append(w.starts, len(w.line))
		w.line = appendCell(w.line, cell, needsGuard(cell), quote, fold)
	}
	w.line = append(w.line, '\r', '\n')
	return nil
}

// cellShape is what one pass over the bytes of a cell tells, so that the
// common cell (short, ASCII or plain Japanese) costs a single scan.
type cellShape struct {
	quote    bool // has a comma, quote, CR or LF: RFC 4180 quoting needed
	nonASCII bool
	nul      bool
}

func shapeOf(s string) cellShape {
	var sh cellShape
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ',', '"', '\r', '\n':
			sh.quote = true
		case 0:
			sh.nul = true
		default:
			if c >= utf8.RuneSelf {
				sh.nonASCII = true
			}
		}
	}
	return sh
}

// invalidAt returns the index of the first NUL byte or invalid UTF-8 in s,
// or -1. Neither is text: a NUL makes many programs cut the file there, and
// the reader of this package refuses both.
func invalidAt(s string) int {
	for i, r := range s {
		if r == 0 || (r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD")) {
			return i
		}
	}
	return -1
}

// appendCell appends one cell, quoted when RFC 4180 requires it or when it
// starts with a space (so that readers which trim unquoted cells keep it).
// Line breaks inside a cell are kept as they are: Excel shows LF as a line
// break within the cell. With fold, characters are mapped to their CP932
// look-alikes first. With guard, it is prefixed by an apostrophe as
// NeutralizeFormula does.
func appendCell(dst []byte, cell string, guard, quote, fold bool) []byte {
	if quote {
		dst = append(dst, '"')
	}
	if guard {
		dst = append(dst, '\'')
	}
	if !quote && !fold {
		return append(dst, cell...)
	}
	for _, r := range cell {
		switch {
		case r == '"':
			dst = append(dst, '"', '"')
		case fold:
			dst = utf8.AppendRune(dst, cp932Fold(r))
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	if quote {
		dst = append(dst, '"')
	}
	return dst
}

// toCP932 encodes w.line. The whole row is encoded into a separate buffer
// before anything is written, so a character CP932 cannot hold leaves no
// half-written row, and the encoder's stopping offset tells which cell and
// which character it was (its own error says neither).
func (w *Writer) toCP932(row int) ([]byte, error) {
	// CP932 never needs more bytes than UTF-8 for the same text.
	if cap(w.encoded) < len(w.line) {
		w.encoded = make([]byte, len(w.line)+len(w.line)/2)
	}
	dst := w.encoded[:cap(w.encoded)]
	w.encoder.Reset()
	nDst, nSrc, err := w.encoder.Transform(dst, w.line, true)
	if err == transform.ErrShortDst || err == transform.ErrShortSrc {
		return nil, fmt.Errorf("csvio: encode row %d: %w", row, err)
	}
	if err != nil {
		r, _ := utf8.DecodeRune(w.line[nSrc:])
		return nil, w.cellError(row, cellAt(w.starts, nSrc), r, false)
	}
	rewriteNECSelected(dst[:nDst], w.ibm)
	return dst[:nDst], nil
}

// cellAt returns the 0-based index of the cell containing byte offset off.
func cellAt(starts []int, off int) int {
	i := len(starts) - 1
	for i > 0 && starts[i] > off {
		i--
	}
	return i
}

func (w *Writer) cellError(row, index int, r rune, invalid bool) *CellError {
	e := &CellError{Row: row, Column: index + 1, Rune: r, Encoding: w.enc, invalid: invalid}
	if index < len(w.header) {
		e.Header = w.header[index]
	}
	return e
}
