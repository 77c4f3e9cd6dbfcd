package csvio

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/japanese"
)

// readAll reads every record of data, failing the test on any error.
func readAll(t testing.TB, data []byte, enc Encoding) [][]string {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data), enc)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	var out [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		out = append(out, rec)
	}
}

func sjis(t testing.TB, s string) []byte {
	t.Helper()
	b, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

// TestRoundTrip writes and reads back, in every encoding, the cells that
// break naive CSV code.
func TestRoundTrip(t *testing.T) {
	rows := [][]string{
		{"品番", "JANコード", "商品名", "備考"},
		{"00123", "0049012345678", "ｶﾀｶﾅ とかな と 全角ＡＢＣ１２３", "①㈱Ⅰ№"},
		{"A-001", "4901234567894", "髙﨑の「特選」茶, 100g", "say \"hi\""},
		{"0", "", "1行目\r\n2行目\n3行目", ",\"\r\n"},
		{"-120", "-1.5", "～－￥", " lead and trail "},
	}
	for _, enc := range []Encoding{UTF8BOM, UTF8, ShiftJIS} {
		var buf bytes.Buffer
		w := NewWriter(&buf, enc)
		for _, r := range rows {
			mustWrite(t, w, r)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		for _, readAs := range []Encoding{enc, Auto} {
			if diff := cmp.Diff(rows, readAll(t, buf.Bytes(), readAs)); diff != "" {
				t.Errorf("%v read as %v (-want +got):\n%s", enc, readAs, diff)
			}
		}
	}
}

func TestDetect(t *testing.T) {
	long := strings.Repeat("abc,def\r\n", 10000) // ASCII well past the detection window
	tests := []struct {
		name string
		data []byte
		want Encoding
		rows int
	}{
		{"utf-8 with BOM", []byte("\uFEFF商品,値\r\n"), UTF8BOM, 1},
		{"utf-8", []byte("商品,値\r\n"), UTF8, 1},
		{"shift_jis", sjis(t, "商品,値\r\nｶﾅ,髙\r\n"), ShiftJIS, 2},
		{"ascii only", []byte("a,b\r\n"), UTF8, 1},
		{"empty", nil, UTF8, 0},
		{"shift_jis after long ascii", append([]byte(long), sjis(t, "コード,値\r\n")...), ShiftJIS, 10001},
		{"utf-8 after long ascii", []byte(long + "コード,値\r\n"), UTF8, 10001},
	}
	for _, tt := range tests {
		r, err := NewReader(iotest.OneByteReader(bytes.NewReader(tt.data)), Auto)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for ; ; n++ {
			if _, err := r.Read(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
		}
		if r.Encoding() != tt.want || n != tt.rows {
			t.Errorf("%s: Encoding() = %v with %d rows, want %v with %d", tt.name, r.Encoding(), n, tt.want, tt.rows)
		}
	}
}

func TestBOMWinsAndUTF16(t *testing.T) {
	r, err := NewReader(strings.NewReader("\uFEFF品番\r\n"), ShiftJIS)
	if err != nil {
		t.Fatal(err)
	}
	if rec, err := r.Read(); err != nil || rec[0] != "品番" || r.Encoding() != UTF8BOM {
		t.Errorf("BOM file read as Shift_JIS: %q, %v, %v", rec, err, r.Encoding())
	}
	for _, bom := range []string{"\xFF\xFEa\x00", "\xFE\xFF\x00a"} {
		if _, err := NewReader(strings.NewReader(bom), Auto); err != errUTF16 {
			t.Errorf("UTF-16 %q: error = %v", bom, err)
		}
	}
}

// TestReaderErrors checks each refused input: the position, the kind, and
// that the following record is still read.
func TestReaderErrors(t *testing.T) {
	tests := []struct {
		name  string
		enc   Encoding
		data  []byte
		kind  error
		want  string
		line  int
		after []string // the next record, read after the error
	}{
		{"bad shift_jis byte", ShiftJIS, append(sjis(t, "品番,名前\r\nA1,"), 0x82, 0x20, '\r', '\n', 'B', '\r', '\n'),
			ErrInvalidText, "行1 「名前」: 文字化けした文字 (U+FFFD) があります。Shift_JIS として読みました。文字コードを確かめてください", 2, []string{"B"}},
		{"utf-8 is not shift_jis", UTF8, append([]byte("品番,名前\nA1,x\n"), append(sjis(t, "B,東京"), '\n', 'C')...),
			ErrInvalidText, "行2 「名前」: 文字化けした文字 (U+FFFD) があります。UTF-8 として読みました。文字コードを確かめてください", 3, []string{"C"}},
		{"U+FFFD in utf-8", UTF8, []byte("品番,名前\n\"a\nb\",x\uFFFDy\nC\n"),
			ErrInvalidText, "行1 「名前」: 文字化けした文字 (U+FFFD) があります。UTF-8 として読みました。文字コードを確かめてください", 2, []string{"C"}},
		{"NUL", UTF8, []byte("品番,名前\nA\x00,x\nC\n"),
			ErrInvalidText, "行1 「品番」: NUL 文字 (U+0000) があります。CSV ファイルか確かめてください", 2, []string{"C"}},
		{"unclosed quote", UTF8, []byte("品番,名前\nA,ok\nB,\"never\nclosed\nC,x\n"),
			ErrQuote, "行2 「名前」: 3行目で始まる引用符 (\") が閉じられていません", 3, nil},
		{"text after closing quote", UTF8, []byte("品番,名前\n\"A\"x,ok\nC\n"),
			ErrQuote, "行1 「品番」: 引用符 (\") で囲んだ値の後ろに文字があります。値の中の \" は \"\" と書いてください", 2, []string{"C"}},
		{"cell too long", UTF8, []byte("品番,名前\nA," + strings.Repeat("長", 11) + "\nC\n"),
			ErrCellTooLong, "行1 「名前」: 値が長すぎます（最大 10 文字）", 2, []string{"C"}},
		{"too many columns", UTF8, []byte("品番,名前\n1,2,3,4,5,6\nC\n"),
			ErrTooManyColumns, "行1: 列が多すぎます（最大 5 列）", 2, []string{"C"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(bytes.NewReader(tt.data), tt.enc)
			if err != nil {
				t.Fatal(err)
			}
			r.MaxCellChars, r.MaxColumns = 10, 5
			if _, err := r.ReadHeader([]string{"品番", "名前"}, nil); err != nil {
				t.Fatal(err)
			}
			var perr *ParseError
			for err == nil {
				_, err = r.Read()
			}
			if !errors.As(err, &perr) || !errors.Is(err, tt.kind) {
				t.Fatalf("error = %v, want *ParseError of %v", err, tt.kind)
			}
			if perr.Error() != tt.want || perr.Line != tt.line || r.Line() != tt.line {
				t.Errorf("got %q at line %d (Line() %d)\nwant %q at line %d", perr.Error(), perr.Line, r.Line(), tt.want, tt.line)
			}
			next, err := r.Read()
			if tt.after == nil && err != io.EOF || tt.after != nil && !cmp.Equal(next, tt.after) {
				t.Errorf("after the error: %q, %v; want %q", next, err, tt.after)
			}
		})
	}
}

// TestLinesAndRows checks the counters with blank rows and multi-line cells.
func TestLinesAndRows(t *testing.T) {
	data := "\r\na,b\r\n1,\"x\r\ny\"\r\n\r\n,\r\n2,z\r3,w\n"
	r, err := NewReader(strings.NewReader(data), UTF8)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.ReadHeader([]string{"a", "b"}, nil); err != nil || r.Line() != 2 || r.Row() != 0 {
		t.Fatalf("header: %v at line %d row %d", err, r.Line(), r.Row())
	}
	want := []struct {
		rec       []string
		line, row int
	}{
		{[]string{"1", "x\r\ny"}, 3, 1},
		{[]string{"2", "z"}, 7, 4}, // the blank line and ",": rows 2 and 3
		{[]string{"3", "w"}, 8, 5}, // a lone CR ends a line (classic Mac)
	}
	for _, w := range want {
		rec, err := r.Read()
		if err != nil || !cmp.Equal(rec, w.rec) || r.Line() != w.line || r.Row() != w.row {
			t.Errorf("Read = %q, %v at line %d row %d; want %q at line %d row %d",
				rec, err, r.Line(), r.Row(), w.rec, w.line, w.row)
		}
	}
	if _, err := r.Read(); err != io.EOF {
		t.Errorf("at the end: %v", err)
	}
}

func TestReaderKeepsText(t *testing.T) {
	data := "\"0012\", 0034 ,テレビ 32\"型,'=x,\"\"\n"
	want := [][]string{{"0012", " 0034 ", "テレビ 32\"型", "'=x", ""}}
	if diff := cmp.Diff(want, readAll(t, []byte(data), UTF8)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestHostileLimits feeds records far beyond the limits and checks they are
// refused while the memory held stays within the limits.
func TestHostileLimits(t *testing.T) {
	tests := []struct {
		name string
		data string
		kind error
	}{
		{"one huge cell", strings.Repeat("x", 5<<20) + "\nok\n", ErrCellTooLong},
		{"one huge quoted cell", "\"" + strings.Repeat("x\n", 2<<20) + "\"\nok\n", ErrCellTooLong},
		{"a million columns", strings.Repeat(",", 1<<20) + "x\nok\n", ErrTooManyColumns},
	}
	for _, tt := range tests {
		r, err := NewReader(strings.NewReader(tt.data), UTF8)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Read(); !errors.Is(err, tt.kind) {
			t.Errorf("%s: error = %v, want %v", tt.name, err, tt.kind)
		}
		if cap(r.buf) > 4*DefaultMaxCellChars*DefaultMaxColumns || cap(r.ends) > 2*DefaultMaxColumns {
			t.Errorf("%s: buffers grew to %d bytes, %d cells", tt.name, cap(r.buf), cap(r.ends))
		}
		if rec, err := r.Read(); err != nil || rec[0] != "ok" {
			t.Errorf("%s: next record %q, %v", tt.name, rec, err)
		}
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestReaderIOError(t *testing.T) {
	if _, err := NewReader(errReader{}, Auto); err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Errorf("NewReader error = %v", err)
	}
	r, err := NewReader(io.MultiReader(strings.NewReader("a,b\n"), iotest.ErrReader(errors.New("boom"))), UTF8)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	_, err1 := r.Read()
	_, err2 := r.Read()
	if err1 == nil || !strings.Contains(err1.Error(), "boom") || err2 != err1 {
		t.Errorf("errors %v, %v; want a sticky read error", err1, err2)
	}
	if _, err := NewReader(strings.NewReader(""), Encoding(9)); err == nil {
		t.Error("NewReader accepted Encoding(9)")
	}
}
