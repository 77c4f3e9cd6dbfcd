package csvio

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNeutralizeFormula(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=SUM(A1)", "'=SUM(A1)"},
		{"+81-3-1234-5678", "'+81-3-1234-5678"},
		{"@cmd", "'@cmd"},
		{"\t=x", "'\t=x"},
		{"\r=x", "'\r=x"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"-A1", "'-A1"},
		{"-", "'-"},
		{"-1,200", "'-1,200"},
		{"-1e3", "'-1e3"},
		{"-1.", "'-1."},
		{"-.5", "'-.5"},
		{"-1.2.3", "'-1.2.3"},
		{"+120", "'+120"},
		// Plain negative numbers stay numbers, so Excel can sum them.
		{"-120", "-120"},
		{"-1.5", "-1.5"},
		{"-0", "-0"},
		// Only the first character matters.
		{"1-2", "1-2"},
		{"a=b", "a=b"},
		{"", ""},
		{"－120", "－120"},
		{"'=x", "'=x"},
	}
	for _, tt := range tests {
		if got := NeutralizeFormula(tt.in); got != tt.want {
			t.Errorf("NeutralizeFormula(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := StripFormulaGuard(NeutralizeFormula(tt.in)); got != tt.in && tt.in != "'=x" {
			t.Errorf("StripFormulaGuard(NeutralizeFormula(%q)) = %q", tt.in, got)
		}
	}
	// A user's own apostrophe before a harmless value is kept.
	for _, s := range []string{"'abc", "'-120", "'", "''=x"} {
		if got := StripFormulaGuard(s); got != s {
			t.Errorf("StripFormulaGuard(%q) = %q", s, got)
		}
	}
}

func TestWriterOutput(t *testing.T) {
	rows := [][]string{
		{"商品コード", "商品名", "単価"},
		{"00123", "ボールペン, 黒", "-120"},
		{"4901234567894", `12"モニター`, "=1+1"},
		{"A-1", "1行目\n2行目", " 前に空白"},
		{"", "", ""},
	}
	want := "\uFEFF商品コード,商品名,単価\r\n" +
		"00123,\"ボールペン, 黒\",-120\r\n" +
		"4901234567894,\"12\"\"モニター\",'=1+1\r\n" +
		"A-1,\"1行目\n2行目\",\" 前に空白\"\r\n" +
		",,\r\n"
	var buf bytes.Buffer
	w := NewWriter(&buf, UTF8BOM)
	if err := w.WriteHeader(rows[0]); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	if w.Rows() != 4 {
		t.Errorf("Rows() = %d, want 4", w.Rows())
	}
}

func TestWriterBOM(t *testing.T) {
	tests := []struct {
		enc  Encoding
		want string
	}{
		{UTF8BOM, "\xEF\xBB\xBFa\r\n"},
		{Auto, "\xEF\xBB\xBFa\r\n"},
		{UTF8, "a\r\n"},
		{ShiftJIS, "a\r\n"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		w := NewWriter(&buf, tt.enc)
		w.Write([]string{"a"})
		w.Flush()
		if buf.String() != tt.want {
			t.Errorf("%v: %q, want %q", tt.enc, buf.String(), tt.want)
		}
	}
}

// TestWriterCellError checks that a character Shift_JIS cannot hold is
// reported with its row, column and header, and that the refused row leaves
// nothing behind while the rows around it are written.
func TestWriterCellError(t *testing.T) {
	header := []string{"商品コード", "商品名", "備考"}
	tests := []struct {
		name   string
		enc    Encoding
		header bool
		row    []string
		want   string
		rune   rune
		col    int
	}{
		{"kanji outside JIS", ShiftJIS, true, []string{"A1", "𠮷野家の弁当", ""}, "行2 「商品名」: '𠮷' (U+20BB7) は Shift_JIS で表現できません。UTF-8 を選んでください", '𠮷', 2},
		{"emoji", ShiftJIS, true, []string{"A1", "ok", "人気😀"}, "行2 「備考」: '😀' (U+1F600) は Shift_JIS で表現できません。UTF-8 を選んでください", '😀', 3},
		{"heart is not in CP932", ShiftJIS, true, []string{"♥", "", ""}, "行2 「商品コード」: '♥' (U+2665) は Shift_JIS で表現できません。UTF-8 を選んでください", '♥', 1},
		{"after quoting and injection guard", ShiftJIS, true, []string{"=\"x\"", "a,b", "\"♥\""}, "行2 「備考」: '♥' (U+2665) は Shift_JIS で表現できません。UTF-8 を選んでください", '♥', 3},
		{"no header", ShiftJIS, false, []string{"a", "b", "c", "é"}, "行2 4列目: 'é' (U+00E9) は Shift_JIS で表現できません。UTF-8 を選んでください", 'é', 4},
		{"NUL", UTF8, true, []string{"a\x00b"}, "行2 「商品コード」: NUL 文字 (U+0000) は CSV に書き出せません", 0, 1},
		{"invalid UTF-8", UTF8, true, []string{"ok", "\xff"}, "行2 「商品名」: 不正な UTF-8 のバイト列があるため書き出せません", '\uFFFD', 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf, tt.enc)
			if tt.header {
				w.SetHeader(header)
			}
			mustWrite(t, w, []string{"X", "最初の行", ""})
			err := w.Write(tt.row)
			var ce *CellError
			if !errors.As(err, &ce) {
				t.Fatalf("Write error = %v, want *CellError", err)
			}
			if ce.Error() != tt.want || ce.Rune != tt.rune || ce.Column != tt.col || ce.Row != 2 {
				t.Errorf("got %q (row %d col %d rune %U)\nwant %q", ce.Error(), ce.Row, ce.Column, ce.Rune, tt.want)
			}
			mustWrite(t, w, []string{"Y", "次の行", ""})
			w.Flush()
			got := readAll(t, buf.Bytes(), tt.enc)
			want := [][]string{{"X", "最初の行", ""}, {"Y", "次の行", ""}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("file after refused row (-want +got):\n%s", diff)
			}
			if w.Rows() != 2 || w.Error() != nil {
				t.Errorf("Rows() = %d, Error() = %v", w.Rows(), w.Error())
			}
		})
	}
}

func TestWriterHeaderCellError(t *testing.T) {
	w := NewWriter(new(bytes.Buffer), ShiftJIS)
	err := w.WriteHeader([]string{"品番", "名前♥"})
	if err == nil || err.Error() != "見出し行 「名前♥」: '♥' (U+2665) は Shift_JIS で表現できません。UTF-8 を選んでください" {
		t.Errorf("WriteHeader error = %v", err)
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n -= len(p); f.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestWriterStickyError(t *testing.T) {
	w := NewWriter(&failWriter{n: 10}, UTF8)
	long := strings.Repeat("あ", writeBuffer)
	var err error
	for i := 0; i < 3 && err == nil; i++ {
		err = w.Write([]string{long})
	}
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Write error = %v, want disk full", err)
	}
	if w.Write([]string{"a"}) != err || w.Flush() != err || w.Error() != err {
		t.Error("write error is not sticky")
	}
}

func mustWrite(t *testing.T, w *Writer, rec []string) {
	t.Helper()
	if err := w.Write(rec); err != nil {
		t.Fatalf("Write(%q): %v", rec, err)
	}
}
