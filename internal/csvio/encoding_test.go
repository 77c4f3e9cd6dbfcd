package csvio

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"

	"github.com/oroshi-jp/oroshi"
)

func TestParseEncoding(t *testing.T) {
	tests := []struct {
		in   string
		want Encoding
	}{
		{"utf-8", UTF8}, {"UTF8", UTF8}, {" utf8bom ", UTF8BOM}, {"UTF-8-BOM", UTF8BOM},
		{"sjis", ShiftJIS}, {"Shift_JIS", ShiftJIS}, {"CP932", ShiftJIS},
		{"Windows-31J", ShiftJIS}, {"auto", Auto},
	}
	for _, tt := range tests {
		got, err := ParseEncoding(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseEncoding(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if back, err := ParseEncoding(got.String()); err != nil || back != got {
			t.Errorf("ParseEncoding(%v.String()) = %v, %v", got, back, err)
		}
	}
	for _, bad := range []string{"", "euc-jp", "utf-16", "latin1"} {
		_, err := ParseEncoding(bad)
		var v *oroshi.ValidationError
		if !errors.As(err, &v) || !strings.Contains(v.Fields["encoding"], "対応していません") {
			t.Errorf("ParseEncoding(%q) error = %v, want a Japanese ValidationError on encoding", bad, err)
		}
	}
}

// TestCP932Extensions pins what x/text plus our rewrite write for the NEC
// and IBM extensions, and that each reads back unchanged. The expected bytes
// are those of Windows (checked against Java's windows-31j and glibc iconv
// CP932): NEC row 13 for ①㈱Ⅰ, IBM rows FA–FC for 髙﨑 and friends.
func TestCP932Extensions(t *testing.T) {
	tests := []struct {
		text string
		want []byte
	}{
		{"①", []byte{0x87, 0x40}},
		{"㈱", []byte{0x87, 0x8A}},
		{"Ⅰ", []byte{0x87, 0x54}},
		{"№", []byte{0x87, 0x82}},
		{"∵", []byte{0x81, 0xE6}},
		{"髙", []byte{0xFB, 0xFC}}, // x/text alone writes EE E0
		{"﨑", []byte{0xFA, 0xB1}}, // x/text alone writes ED 95
		{"纊", []byte{0xFA, 0x5C}},
		{"ⅰ", []byte{0xFA, 0x40}},
		{"￤", []byte{0xFA, 0x55}},
		{"＇", []byte{0xFA, 0x56}},
		{"¬", []byte{0x81, 0xCA}}, // folded to ￢, which has a JIS X 0208 code
		{"ｱ", []byte{0xB1}},
		{`\`, []byte{0x5C}},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		w := NewWriter(&buf, ShiftJIS)
		if err := w.Write([]string{tt.text}); err != nil {
			t.Fatalf("Write(%q): %v", tt.text, err)
		}
		w.Flush()
		want := append(append([]byte(nil), tt.want...), '\r', '\n')
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%q written as % X, want % X", tt.text, buf.Bytes(), want)
		}
		got := readAll(t, buf.Bytes(), ShiftJIS)
		if wantText := strings.Map(cp932Fold, tt.text); len(got) != 1 || got[0][0] != wantText {
			t.Errorf("%q read back as %q", tt.text, got)
		}
	}
}

// TestNECToIBMTable checks the rewrite table against x/text's decoder: each
// entry must decode to the same character as the code it replaces.
func TestNECToIBMTable(t *testing.T) {
	dec := japanese.ShiftJIS.NewDecoder()
	table, mapped := necToIBM(), 0
	for lead := byte(necLeadFirst); lead <= necLeadLast; lead++ {
		for trail := 0x40; trail <= 0xFC; trail++ {
			if trail == 0x7F {
				continue
			}
			code := table[necPointer(lead, byte(trail))]
			if code == 0 {
				continue
			}
			mapped++
			from, _ := dec.Bytes([]byte{lead, byte(trail)})
			to, _ := dec.Bytes([]byte{byte(code >> 8), byte(code)})
			if !bytes.Equal(from, to) || code < 0xFA40 {
				t.Errorf("%02X%02X (%s) → %04X (%s)", lead, trail, from, code, to)
			}
		}
	}
	// All 374 codes of rows ED/EE have an IBM twin (￢ EEF9 ↔ FA54, though
	// x/text writes ￢ as 81CA before either is reached).
	if mapped != 374 {
		t.Errorf("%d codes mapped, want 374", mapped)
	}
}

// TestCP932RoundTrip encodes every BMP character CP932 can hold and checks
// it reads back as itself: what the Writer accepts, the Reader restores.
func TestCP932RoundTrip(t *testing.T) {
	var text strings.Builder
	enc := japanese.ShiftJIS.NewEncoder()
	for r := rune(0x80); r < 0x10000; r++ {
		if r == utf8.RuneError || (0xD800 <= r && r < 0xE000) || cp932Fold(r) != r {
			continue
		}
		if _, err := enc.String(string(r)); err == nil {
			text.WriteRune(r)
		}
	}
	if n := utf8.RuneCountInString(text.String()); n < 7000 {
		t.Fatalf("only %d encodable characters", n)
	}
	var buf bytes.Buffer
	w := NewWriter(&buf, ShiftJIS)
	if err := w.Write([]string{text.String()}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if got := readAll(t, buf.Bytes(), Auto); got[0][0] != text.String() {
		t.Error("CP932 repertoire does not round-trip")
	}
}

func TestCP932Fold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"〜", "～"}, {"−", "－"}, {"—", "―"}, {"‖", "∥"}, {"¢", "￠"},
		{"£", "￡"}, {"¬", "￢"}, {"¥", "￥"}, {"¦", "￤"},
		{"10〜20個 −5 ¥100", "10～20個 －5 ￥100"},
		{"～－―∥", "～－―∥"}, {"abc", "abc"},
	}
	for _, tt := range tests {
		if got := strings.Map(cp932Fold, tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := needsFold(tt.in); got != (tt.in != tt.want) {
			t.Errorf("needsFold(%q) = %v", tt.in, got)
		}
		var buf bytes.Buffer
		w := NewWriter(&buf, ShiftJIS)
		if err := w.Write([]string{tt.in}); err != nil {
			t.Errorf("Write(%q): %v", tt.in, err)
			continue
		}
		w.Flush()
		if got := readAll(t, buf.Bytes(), ShiftJIS); got[0][0] != tt.want {
			t.Errorf("%q through Shift_JIS = %q, want %q", tt.in, got[0][0], tt.want)
		}
	}
}
