package csvio

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"
)

// Default limits of a Reader; see Reader.MaxCellChars and MaxColumns.
const (
	DefaultMaxCellChars = 10000
	DefaultMaxColumns   = 200
)

// Reader reads CSV strictly: cells are returned exactly as written (no
// trimming, no number parsing, no Unicode normalisation), and anything that
// suggests a wrong encoding or a broken file is reported with its row,
// column and line instead of being imported as mojibake.
//
// Accepted: RFC 4180 quoting, CRLF, LF or CR line ends, line breaks inside
// quoted cells (kept byte for byte), a '"' inside an unquoted cell (kept as
// is: 「32"型」 from hand-made files). Rows with no content (an empty line or
// only commas) are skipped, but still counted in Row and Line.
type Reader struct {
	// MaxCellChars and MaxColumns bound the memory a hostile file can make
	// the Reader use (cells beyond them are not stored) and are reported as
	// errors. Change them before the first read.
	MaxCellChars int
	MaxColumns   int
	// AllowUnknownColumns makes ReadHeader accept columns it was not told
	// about; Header.Get finds them by their name as written in the file.
	AllowUnknownColumns bool

	in         *bufio.Reader // decoded UTF-8 text
	detect     *detector
	names      []string // header names by column, for messages
	headerDone bool
	line       int // physical line of the next byte, 1-based
	recLine    int // physical line where the current record starts
	row        int
	buf        []byte // cells of the current record, back to back
	ends       []int  // end offset in buf of each cell
	err        error  // sticky: I/O error or end of file
}

// NewReader returns a Reader of r in enc: UTF8, UTF8BOM (the BOM is then
// optional), ShiftJIS or Auto (valid UTF-8 is UTF-8, anything else is read
// as CP932). A UTF-8 BOM is stripped and always means UTF-8. It reads the
// first bytes of r and returns an error for UTF-16 files or a read error.
func NewReader(r io.Reader, enc Encoding) (*Reader, error) {
	if enc < UTF8BOM || enc > Auto {
		return nil, fmt.Errorf("csvio: unknown encoding %d", int(enc))
	}
	d, err := newDetector(r, enc)
	if err != nil {
		return nil, err
	}
	return &Reader{
		MaxCellChars: DefaultMaxCellChars,
		MaxColumns:   DefaultMaxColumns,
		in:           bufio.NewReader(d),
		detect:       d,
		line:         1,
	}, nil
}

// Encoding reports the file's encoding: UTF8BOM when it had a BOM, else
// UTF8 or ShiftJIS. With Auto it is known once a non-ASCII character has
// been read; until then (and for files of plain ASCII, which read the same
// either way) it is UTF8.
func (r *Reader) Encoding() Encoding { return r.detect.encoding() }

// Line returns the physical line (1-based) where the last record read
// starts; it differs from Row when cells contain line breaks.
func (r *Reader) Line() int { return r.recLine }

// Row returns the data row number of the last record read: 1 for the first
// row after the header, 0 for the header.
func (r *Reader) Row() int { return r.row }

// Read returns the next record, or io.EOF at the end. A *ParseError is about
// this record only (it was read to its end) and the next call goes on with
// the following record; other errors are read errors and are returned again
// by every later call.
func (r *Reader) Read() ([]string, error) {
	for {
		rec, err := r.next()
		if err != nil || !blank(rec) {
			return rec, err
		}
	}
}

func blank(rec []string) bool {
	for _, c := range rec {
		if c != "" {
			return false
		}
	}
	return true
}

// next reads one record, blank or not.
func (r *Reader) next() ([]string, error) {
	if r.err != nil {
		return nil, r.err
	}
	if _, err := r.in.Peek(1); err != nil {
		r.err = r.readErr(err)
		return nil, r.err
	}
	r.buf, r.ends, r.recLine = r.buf[:0], r.ends[:0], r.line
	if r.headerDone {
		r.row++
	}
	var problem *ParseError
	for end := byte(','); end == ','; {
		var p *ParseError
		var err error
		if end, p, err = r.readCell(); err != nil {
			r.err = r.readErr(err)
			return nil, r.err
		}
		if problem == nil {
			problem = p
		}
	}
	if problem != nil {
		return nil, problem
	}
	return r.record(), nil
}

func (r *Reader) readErr(err error) error {
	if err == io.EOF {
		return io.EOF
	}
	return fmt.Errorf("csvio: read line %d: %w", r.line, err)
}

// record turns the cells into strings with a single allocation for the
// text, as encoding/csv does.
func (r *Reader) record() []string {
	text := string(r.buf)
	rec := make([]string, len(r.ends))
	start := 0
	for i, end := range r.ends {
		rec[i] = text[start:end]
		start = end
	}
	return rec
}

// cell tracks the cell being read.
type cell struct {
	col   int // 1-based
	start int // offset in buf
	chars int
	store bool // false beyond MaxColumns or MaxCellChars
	nul   bool
}

// readCell reads one cell and reports what ended it: ',' when another cell
// follows, '\n' at the end of the record (CRLF, LF or CR) and 0 at the end of
// the file. Problems are returned, not stopped at, so that the rest of the
// record is consumed and the next Read starts on a record boundary.
func (r *Reader) readCell() (byte, *ParseError, error) {
	c := cell{col: len(r.ends) + 1, start: len(r.buf), store: len(r.ends) < r.MaxColumns}
	first, err := r.in.ReadByte()
	if err == io.EOF {
		return r.endCell(&c, 0, nil)
	}
	if err != nil {
		return 0, nil, err
	}
	if first == '"' {
		return r.readQuoted(&c)
	}
	r.in.UnreadByte() // cannot fail right after ReadByte
	end, err := r.readBare(&c)
	return r.endCell(&c, end, err)
}

func (r *Reader) readBare(c *cell) (byte, error) {
	for {
		b, err := r.in.ReadByte()
		if err == io.EOF {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		switch b {
		case ',':
			return ',', nil
		case '\n':
			r.line++
			return '\n', nil
		case '\r':
			return r.endCR()
		}
		r.put(c, b)
	}
}

// endCR ends a record at CR, swallowing the LF of a CRLF.
func (r *Reader) endCR() (byte, error) {
	r.line++
	if next, err := r.in.Peek(1); err == nil && next[0] == '\n' {
		r.in.ReadByte()
	} else if err != nil && err != io.EOF {
		return 0, err
	}
	return '\n', nil
}

func (r *Reader) readQuoted(c *cell) (byte, *ParseError, error) {
	opened := r.line
	for {
		b, err := r.in.ReadByte()
		if err == io.EOF {
			msg := fmt.Sprintf("%d行目で始まる引用符 (\") が閉じられていません", opened)
			return r.endCell(c, 0, nil, r.problem(c.col, ErrQuote, msg))
		}
		if err != nil {
			return 0, nil, err
		}
		if b == '"' {
			next, err := r.in.Peek(1)
			if err == nil && next[0] == '"' {
				r.in.ReadByte()
				r.put(c, '"')
				continue
			}
			return r.afterQuote(c)
		}
		if b == '\n' || (b == '\r' && !r.peekIs('\n')) {
			r.line++
		}
		r.put(c, b)
	}
}

// afterQuote reads what follows a closing quote: a separator, a line end or
// the end of the file. Anything else is an error; the rest of the cell is
// consumed so the following cells stay in place.
func (r *Reader) afterQuote(c *cell) (byte, *ParseError, error) {
	b, err := r.in.ReadByte()
	switch {
	case err == io.EOF:
		return r.endCell(c, 0, nil)
	case err != nil:
		return 0, nil, err
	case b == ',':
		return r.endCell(c, ',', nil)
	case b == '\n':
		r.line++
		return r.endCell(c, '\n', nil)
	case b == '\r':
		end, err := r.endCR()
		return r.endCell(c, end, err)
	}
	r.in.UnreadByte()
	end, err := r.readBare(&cell{}) // discarded: store is false
	msg := "引用符 (\") で囲んだ値の後ろに文字があります。値の中の \" は \"\" と書いてください"
	return r.endCell(c, end, err, r.problem(c.col, ErrQuote, msg))
}

func (r *Reader) peekIs(b byte) bool {
	next, err := r.in.Peek(1)
	return err == nil && next[0] == b
}

// put stores one byte of the cell, counting characters (bytes that do not
// continue a UTF-8 sequence) and stopping storing past the limits.
func (r *Reader) put(c *cell, b byte) {
	if b&0xC0 != 0x80 {
		c.chars++
	}
	if b == 0 {
		c.nul = true
	}
	if c.store && c.chars <= r.MaxCellChars {
		r.buf = append(r.buf, b)
	}
}

// endCell closes the cell and checks it; the first problem found wins.
func (r *Reader) endCell(c *cell, end byte, err error, found ...*ParseError) (byte, *ParseError, error) {
	if err != nil {
		return 0, nil, err
	}
	if c.store {
		r.ends = append(r.ends, len(r.buf))
	}
	if len(found) > 0 {
		return end, found[0], nil
	}
	return end, r.check(c), nil
}

// check applies the limits and refuses text that did not decode cleanly:
// x/text turns bytes that are invalid in CP932 into U+FFFD without an error,
// and a U+FFFD already in a UTF-8 file means it was damaged before.
func (r *Reader) check(c *cell) *ParseError {
	switch {
	case c.col > r.MaxColumns+1:
		return nil // reported once, at the first column too many
	case c.col > r.MaxColumns:
		msg := fmt.Sprintf("列が多すぎます（最大 %d 列）", r.MaxColumns)
		return r.problem(0, ErrTooManyColumns, msg)
	case c.chars > r.MaxCellChars:
		msg := fmt.Sprintf("値が長すぎます（最大 %d 文字）", r.MaxCellChars)
		return r.problem(c.col, ErrCellTooLong, msg)
	case c.nul:
		return r.problem(c.col, ErrInvalidText, "NUL 文字 (U+0000) があります。CSV ファイルか確かめてください")
	}
	text := r.buf[c.start:]
	if !utf8.Valid(text) || bytes.ContainsRune(text, utf8.RuneError) {
		msg := fmt.Sprintf("文字化けした文字 (U+FFFD) があります。%s として読みました。文字コードを確かめてください",
			r.Encoding().label())
		return r.problem(c.col, ErrInvalidText, msg)
	}
	return nil
}

func (r *Reader) problem(col int, kind error, msg string) *ParseError {
	e := &ParseError{Row: r.row, Line: r.recLine, Column: col, Message: msg, Err: kind}
	if col > 0 && col <= len(r.names) {
		e.Header = r.names[col-1]
	}
	return e
}
