package csvio

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/japanese"
)

// FuzzReader feeds any bytes in any encoding: no panic, no endless loop,
// and every record returned respects the promises of Read.
func FuzzReader(f *testing.F) {
	f.Add([]byte("品番,名前\r\n001,\"a,b\"\r\n"), byte(0))
	f.Add([]byte("\"unclosed\n,,\r\r\n\"\"x\"y"), byte(1))
	f.Add([]byte{0x83, 0x52, 0x81, 0x5B, 0x83, 0x68, ',', 0x82, 0x20, 0xFF, '\n'}, byte(2))
	f.Add([]byte("\xEF\xBB\xBFa\x00b,\uFFFD"), byte(7))
	f.Fuzz(func(t *testing.T, data []byte, mode byte) {
		enc := []Encoding{UTF8, ShiftJIS, Auto, UTF8BOM}[mode%4]
		r, err := NewReader(bytes.NewReader(data), enc)
		if err != nil {
			return // UTF-16 BOM
		}
		r.MaxCellChars, r.MaxColumns = 64, 8
		if mode&4 != 0 {
			if _, err := r.ReadHeader([]string{"a"}, []string{"b"}); err != nil && !isReportable(err) {
				t.Fatalf("ReadHeader: %v", err)
			}
		}
		for reads := 0; ; reads++ {
			if reads > len(data)+1 {
				t.Fatalf("%d reads of %d bytes: not making progress", reads, len(data))
			}
			rec, err := r.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				if !isReportable(err) {
					t.Fatalf("Read: %v", err)
				}
				continue
			}
			checkRecord(t, rec, r)
		}
	})
}

func isReportable(err error) bool {
	var pe *ParseError
	var es Errors
	return errors.As(err, &pe) || errors.As(err, &es)
}

func checkRecord(t *testing.T, rec []string, r *Reader) {
	t.Helper()
	if len(rec) == 0 || len(rec) > r.MaxColumns || blank(rec) {
		t.Fatalf("record of %d cells: %q", len(rec), rec)
	}
	for _, c := range rec {
		if !utf8.ValidString(c) || strings.ContainsAny(c, "\x00\uFFFD") || utf8.RuneCountInString(c) > r.MaxCellChars {
			t.Fatalf("cell %q should have been refused", c)
		}
	}
}

// FuzzWriteRead writes random cells and reads them back: through UTF8BOM
// exactly, through ShiftJIS exactly (after the documented folding) or with
// a *CellError that names a character CP932 really cannot hold.
func FuzzWriteRead(f *testing.F) {
	f.Add("00123", "髙﨑①㈱", "a,\"b\"\r\nc")
	f.Add("=SUM(A1)", "-120", "𠮷野家♥😀")
	f.Add("〜−—‖¢£¬¥", " x", "")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		rec := []string{a, b, c}
		for _, enc := range []Encoding{UTF8BOM, ShiftJIS} {
			var buf bytes.Buffer
			w := NewWriter(&buf, enc)
			err := w.Write(rec)
			mustWrite(t, w, []string{"end"})
			w.Flush()
			want := [][]string{written(rec, enc), {"end"}}
			if err != nil {
				checkCellError(t, err, rec, enc)
				want = want[1:]
			} else if blank(want[0]) {
				want = want[1:]
			}
			got, rerr := readRecords(buf.Bytes(), enc)
			if rerr != nil {
				if !errors.Is(rerr, ErrInvalidText) || !strings.Contains(strings.Join(want[0], ""), "\uFFFD") {
					t.Fatalf("%v: reading %q: %v", enc, buf.Bytes(), rerr)
				}
				continue // U+FFFD is written but refused on reading, by design
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("%v round trip of %q (-want +got):\n%s", enc, rec, diff)
			}
		}
	})
}

func readRecords(data []byte, enc Encoding) ([][]string, error) {
	r, err := NewReader(bytes.NewReader(data), enc)
	if err != nil {
		return nil, err
	}
	r.MaxCellChars = 1 << 30
	var out [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
}

// checkCellError accepts a refusal only for a character the encoding
// really cannot hold, found in the cell the error names.
func checkCellError(t *testing.T, err error, rec []string, enc Encoding) {
	t.Helper()
	var ce *CellError
	if !errors.As(err, &ce) || ce.Row != 1 || ce.Column < 1 || ce.Column > len(rec) {
		t.Fatalf("%v: Write(%q) = %v", enc, rec, err)
	}
	raw := rec[ce.Column-1]
	cell := strings.Map(cp932Fold, raw)
	switch {
	case ce.invalid:
		if utf8.ValidString(raw) && !strings.Contains(raw, "\x00") {
			t.Fatalf("%v: %q refused as not text: %v", enc, cell, ce)
		}
	case enc != ShiftJIS || !strings.ContainsRune(cell, ce.Rune):
		t.Fatalf("%v: %q refused for %U", enc, cell, ce.Rune)
	default:
		if _, err := japanese.ShiftJIS.NewEncoder().String(string(ce.Rune)); err == nil {
			t.Fatalf("%U refused but CP932 has it", ce.Rune)
		}
	}
}
