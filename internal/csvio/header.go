package csvio

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Header maps column names to their index in the records of one file.
type Header struct {
	names []string       // as written in the file, trimmed, by column
	index map[string]int // name as the caller spelled it → column
}

// Get returns the cell of record in the named column, or "" when the file
// has no such column or the record is shorter. name is spelled as given to
// ReadHeader (or, for unknown columns, as written in the file).
func (h Header) Get(record []string, name string) string {
	if i, ok := h.index[name]; ok && i < len(record) {
		return record[i]
	}
	return ""
}

// Has reports whether the file has the named column, for telling an absent
// optional column from an empty cell.
func (h Header) Has(name string) bool {
	_, ok := h.index[name]
	return ok
}

// Index returns the 0-based column of name.
func (h Header) Index(name string) (int, bool) {
	i, ok := h.index[name]
	return i, ok
}

// Names returns the column names as written in the file (trimmed).
func (h Header) Names() []string { return append([]string(nil), h.names...) }

// ReadHeader reads the first non-blank record as the header and maps it to
// the required and optional column names. Names match when they are equal
// after trimming spaces (also full-width ones) and a stray BOM, NFKC
// normalisation and lower-casing, so ＪＡＮコード, ｺｰﾄﾞ or " jan " written
// by hand still match. Empty header cells are ignored (Excel leaves them
// after deleted columns). Every problem is reported at once as Errors: a
// missing required column, an unknown one (unless AllowUnknownColumns) and
// a column given twice. It must be called before Read.
func (r *Reader) ReadHeader(required, optional []string) (Header, error) {
	if r.headerDone || r.recLine > 0 {
		return Header{}, errors.New("csvio: ReadHeader called after the first read")
	}
	rec, err := r.Read()
	r.headerDone = true
	if err == io.EOF {
		return Header{}, Errors{{Message: "ファイルが空です。1行目に見出し（列名）が必要です"}}
	}
	if err != nil {
		return Header{}, err
	}
	h, errs := mapHeader(rec, required, optional, r.AllowUnknownColumns)
	r.names = h.names
	return h, errs.Err()
}

func mapHeader(rec, required, optional []string, allowUnknown bool) (Header, Errors) {
	allowed := slices.Concat(required, optional)
	known := map[string]string{} // key → name as the caller spells it
	for _, name := range allowed {
		known[headerKey(name)] = name
	}
	h := Header{names: make([]string, len(rec)), index: map[string]int{}}
	var errs Errors
	for i, cell := range rec {
		written := trimHeader(cell)
		h.names[i] = written
		if written == "" {
			continue
		}
		name, ok := known[headerKey(written)]
		switch {
		case !ok && !allowUnknown:
			errs.Add(0, "", fmt.Sprintf("列「%s」は取り込めません（%d列目）。使える列: %s",
				written, i+1, strings.Join(allowed, "、")))
			continue
		case !ok:
			name = written
		}
		if _, dup := h.index[name]; dup {
			errs.Add(0, "", fmt.Sprintf("列「%s」が2回以上あります（%d列目）", written, i+1))
			continue
		}
		h.index[name] = i
	}
	for _, name := range required {
		if !h.Has(name) {
			errs.Add(0, "", fmt.Sprintf("必須の列「%s」がありません", name))
		}
	}
	return h, errs
}

func trimHeader(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
}

func headerKey(s string) string {
	return strings.ToLower(norm.NFKC.String(trimHeader(s)))
}
