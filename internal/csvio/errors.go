package csvio

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// Kinds of *ParseError, for errors.Is.
var (
	// ErrInvalidText: a cell holds U+FFFD (bytes that were not valid in the
	// file's encoding), invalid UTF-8 or a NUL byte.
	ErrInvalidText = errors.New("csvio: invalid text")
	// ErrQuote: a quoted cell is not closed, or text follows its closing quote.
	ErrQuote = errors.New("csvio: bad quoting")
	// ErrCellTooLong: a cell is longer than Reader.MaxCellChars.
	ErrCellTooLong = errors.New("csvio: cell too long")
	// ErrTooManyColumns: a record has more cells than Reader.MaxColumns.
	ErrTooManyColumns = errors.New("csvio: too many columns")
)

// MaxErrors is how many row errors an import should keep and show; more
// than that only buries the useful ones.
const MaxErrors = 1000

// position renders the "行5 「商品名」" prefix shared by every message, in
// the same shape as RowError so that reader and import messages look alike.
func position(row, column int, header string) string {
	var b strings.Builder
	if row == 0 {
		b.WriteString("見出し行")
	} else {
		fmt.Fprintf(&b, "行%d", row)
	}
	switch {
	case header != "":
		b.WriteString(" 「" + header + "」")
	case column > 0:
		fmt.Fprintf(&b, " %d列目", column)
	}
	return b.String()
}

// CellError reports a cell that a Writer refused to write. Nothing of the
// row was written, so the output stays a valid CSV file and the Writer can
// go on with the next row.
type CellError struct {
	Row      int    // 1 = first data row; 0 = the header row
	Column   int    // 1-based
	Header   string // column name, when set with SetHeader or WriteHeader
	Rune     rune   // the offending character
	Encoding Encoding
	invalid  bool // not text at all (NUL, invalid UTF-8) rather than unrepresentable
}

// Error returns the same Japanese message as Japanese: it is shown to users.
func (e *CellError) Error() string { return e.Japanese() }

// Japanese renders e.g.
// 行5 「商品名」: '𠮷' (U+20BB7) は Shift_JIS で表現できません。UTF-8 を選んでください
func (e *CellError) Japanese() string {
	at := position(e.Row, e.Column, e.Header)
	switch {
	case e.invalid && e.Rune == 0:
		return at + ": NUL 文字 (U+0000) は CSV に書き出せません"
	case e.invalid:
		return at + ": 不正な UTF-8 のバイト列があるため書き出せません"
	}
	return fmt.Sprintf("%s: %s は %s で表現できません。UTF-8 を選んでください",
		at, runeLabel(e.Rune), e.Encoding.label())
}

// runeLabel shows a character and its code point; invisible ones only by
// code point.
func runeLabel(r rune) string {
	if unicode.IsPrint(r) {
		return fmt.Sprintf("'%c' (%U)", r, r)
	}
	return fmt.Sprintf("%U", r)
}

// ParseError reports a problem found by a Reader, with its position.
type ParseError struct {
	Row     int    // 1 = first data row; 0 = the header row
	Line    int    // physical line (1-based) where the record starts
	Column  int    // 1-based; 0 when the problem is not about one cell
	Header  string // column name, once ReadHeader has read it
	Message string // Japanese, without the position
	Err     error  // ErrInvalidText, ErrQuote, ErrCellTooLong or ErrTooManyColumns
}

// Error returns the same Japanese message as Japanese.
func (e *ParseError) Error() string { return e.Japanese() }

// Japanese renders e.g. 行3 「JANコード」: 文字化けした文字 (U+FFFD) があります…
func (e *ParseError) Japanese() string {
	return position(e.Row, e.Column, e.Header) + ": " + e.Message
}

// Unwrap returns the kind of problem.
func (e *ParseError) Unwrap() error { return e.Err }

// RowError converts e for an import's error list.
func (e *ParseError) RowError() RowError {
	col := e.Header
	if col == "" && e.Column > 0 {
		col = fmt.Sprintf("%d列目", e.Column)
	}
	return RowError{Row: e.Row, Column: col, Message: e.Message}
}

// RowError is one problem of an import, in Japanese, for a dry run's list.
type RowError struct {
	Row     int    // 1 = first data row; 0 = the header row
	Column  string // column name, or "" when the problem is the whole row
	Message string
}

// Error returns the same Japanese message as Japanese.
func (e RowError) Error() string { return e.Japanese() }

// Japanese renders e.g. 行3 「JANコード」: チェックディジットが正しくありません
func (e RowError) Japanese() string {
	at := "見出し行"
	if e.Row > 0 {
		at = fmt.Sprintf("行%d", e.Row)
	}
	if e.Column != "" {
		at += " 「" + e.Column + "」"
	}
	return at + ": " + e.Message
}

// Errors collects the problems of a whole file, so a dry run can show them
// all at once instead of one per attempt.
type Errors []RowError

// Add appends one problem.
func (es *Errors) Add(row int, column, message string) {
	*es = append(*es, RowError{Row: row, Column: column, Message: message})
}

// Err returns es as an error when it holds any problem and nil otherwise.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// Error summarises: the first problem and how many there are.
func (es Errors) Error() string {
	switch len(es) {
	case 0:
		return "エラーはありません"
	case 1:
		return es[0].Japanese()
	}
	return fmt.Sprintf("%d 件のエラー（1件目: %s）", len(es), es[0].Japanese())
}

// Japanese lists every problem, one per line.
func (es Errors) Japanese() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Japanese()
	}
	return strings.Join(lines, "\n")
}

// Sort orders the problems by row, keeping the order within a row (which is
// the order the import checked the columns in).
func (es Errors) Sort() {
	sort.SliceStable(es, func(i, j int) bool { return es[i].Row < es[j].Row })
}

// First returns at most n problems and how many were left out, for showing
// a long list (n is usually MaxErrors).
func (es Errors) First(n int) (kept Errors, omitted int) {
	if n < 0 {
		n = 0
	}
	if len(es) <= n {
		return es, 0
	}
	return es[:n], len(es) - n
}
