// Package csvio reads and writes CSV files the way Japanese businesses and
// Excel need them: UTF-8 with a BOM or Shift_JIS (really Windows-31J/CP932)
// on export, with formula injection neutralised and characters that CP932
// cannot hold reported with their row and column instead of a silent '?';
// BOM stripping, encoding detection and strict, bounded parsing on import.
//
// The package knows nothing of products or orders: cells are strings, kept
// exactly as written (codes such as JAN or 品番 keep their leading zeros).
//
// Rows are counted the same way everywhere in this package: row 1 is the
// first data row after the header, the header itself is row 0 and is called
// 見出し行 in messages. Without a header, row 1 is the first record.
package csvio

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/encoding/japanese"

	"github.com/oroshi-jp/oroshi"
)

// Encoding is the character encoding of a CSV file.
type Encoding int

const (
	// UTF8BOM is UTF-8 preceded by a byte order mark, which is how Excel
	// recognises UTF-8; it is the zero value because it is the best default
	// for exports.
	UTF8BOM Encoding = iota
	// UTF8 is UTF-8 without a BOM (for programs other than Excel).
	UTF8
	// ShiftJIS is Windows-31J (CP932), the "Shift_JIS" of Japanese Windows and
	// Excel, including the NEC and IBM extensions (①, ㈱, Ⅰ, 髙, 﨑 …).
	//
	// Written bytes are those of Windows itself (checked character by
	// character against glibc's CP932 and Java's windows-31j), and every
	// character CP932 holds reads back unchanged. Before encoding, 〜−—‖¢£¬¥¦
	// become ～－―∥￠￡￢￥￤ (see cp932Fold) and read back in that form.
	// Refused with a *CellError, never written as '?': characters outside
	// JIS X 0208 and the NEC/IBM extensions (𠮷, 𩸽, é, emoji; ♥ and ♡ are
	// not in CP932 either), ‾ (which would come back as '~') and private-use
	// 外字 U+E000–U+E757. On reading, user-defined bytes F040–F9FC and any
	// undefined byte decode to U+FFFD and are refused.
	ShiftJIS
	// Auto asks NewReader to detect UTF-8 or CP932. A Writer treats it as
	// UTF8BOM.
	Auto
)

// String returns the canonical name, which ParseEncoding accepts.
func (e Encoding) String() string {
	switch e {
	case UTF8BOM:
		return "utf8bom"
	case UTF8:
		return "utf-8"
	case ShiftJIS:
		return "shift_jis"
	case Auto:
		return "auto"
	}
	return "Encoding(" + strconv.Itoa(int(e)) + ")"
}

// label is the name shown to users in messages.
func (e Encoding) label() string {
	switch e {
	case UTF8BOM:
		return "UTF-8 (BOM 付き)"
	case UTF8:
		return "UTF-8"
	case ShiftJIS:
		return "Shift_JIS"
	}
	return e.String()
}

// ParseEncoding reads an encoding name as found in a form or a query
// string, ignoring case and surrounding spaces. An unknown name is an
// *oroshi.ValidationError on the field "encoding" with a Japanese message.
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "utf8bom", "utf-8-bom", "utf8-bom", "utf-8bom":
		return UTF8BOM, nil
	case "utf-8", "utf8":
		return UTF8, nil
	case "sjis", "shift_jis", "shift-jis", "shiftjis", "cp932", "windows-31j", "ms932":
		return ShiftJIS, nil
	case "auto":
		return Auto, nil
	}
	return 0, oroshi.Invalid("encoding", fmt.Sprintf(
		"文字コード「%s」には対応していません。utf8bom、utf-8、sjis のいずれかを指定してください", s))
}

// cp932Fold maps characters that have no CP932 code but look the same as one
// that has. They come from the classic disagreement between the JIS-based
// Shift_JIS mapping (used by macOS, Java's Shift_JIS, iconv's SHIFT_JIS) and
// Microsoft's CP932 mapping (used by x/text and Excel): text typed on one
// side arrives with the other side's code point.
func cp932Fold(r rune) rune {
	switch r {
	case '\u301C': // 〜 WAVE DASH
		return '\uFF5E' // ～ FULLWIDTH TILDE
	case '\u2212': // − MINUS SIGN
		return '\uFF0D' // － FULLWIDTH HYPHEN-MINUS
	case '\u2014': // — EM DASH
		return '\u2015' // ― HORIZONTAL BAR
	case '\u2016': // ‖ DOUBLE VERTICAL LINE
		return '\u2225' // ∥ PARALLEL TO
	case '\u00A2': // ¢
		return '\uFFE0' // ￠
	case '\u00A3': // £
		return '\uFFE1' // ￡
	case '\u00AC': // ¬
		return '\uFFE2' // ￢
	case '\u00A5': // ¥ (JIS X 0201 yen, which CP932 puts at 0x5C = '\')
		return '\uFFE5' // ￥; writing 0x5C would read back as a backslash
	case '\u00A6': // ¦ BROKEN BAR
		return '\uFFE4' // ￤ (IBM extension, FA55)
	}
	return r
}

// needsFold reports whether s contains a rune that cp932Fold changes. All of
// them start with the UTF-8 lead bytes C2, E2 or E3, which keeps the common
// case (ASCII and kana/kanji without those) a cheap byte scan.
func needsFold(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0xC2, 0xE2, 0xE3:
			for _, r := range s[i:] {
				if cp932Fold(r) != r {
					return true
				}
			}
			return false
		}
	}
	return false
}

// x/text's ShiftJIS encoder takes the first JIS code listed for a character,
// so the 374 IBM extension characters (髙, 﨑, 纊, ⅰ …) come out in rows ED
// and EE (the "NEC-selected IBM extensions"). Windows, Java's windows-31j and
// glibc's CP932 write them in rows FA–FC instead. Both decode to the same
// text everywhere CP932 is read, but rewriting ED/EE to FA–FC makes our files
// byte-identical to what Excel itself would save.
const (
	necLeadFirst = 0xED
	necLeadLast  = 0xEE
	trailsPerRow = 188 // trail bytes 40–7E and 80–FC
)

// necToIBM maps a code in rows ED/EE (by pointer within those two rows) to
// its FA–FC equivalent, or 0 when there is none. Built once from x/text's
// own decoding table and never changed, so it is shared safely.
var necToIBM = sync.OnceValue(func() *[2 * trailsPerRow]uint16 {
	dec := japanese.ShiftJIS.NewDecoder()
	ibm := map[string]uint16{}
	for code := 0xFA40; code <= 0xFC4B; code++ {
		if s, ok := decodePair(dec.Bytes, code); ok {
			if _, seen := ibm[s]; !seen {
				ibm[s] = uint16(code)
			}
		}
	}
	var table [2 * trailsPerRow]uint16
	for code := necLeadFirst << 8; code <= necLeadLast<<8|0xFC; code++ {
		if s, ok := decodePair(dec.Bytes, code); ok {
			table[necPointer(byte(code>>8), byte(code))] = ibm[s]
		}
	}
	return &table
})

// decodePair decodes one two-byte code; ok is false for unassigned codes.
func decodePair(decode func([]byte) ([]byte, error), code int) (string, bool) {
	b, err := decode([]byte{byte(code >> 8), byte(code)})
	if err != nil || strings.ContainsRune(string(b), '\uFFFD') || len(b) == 0 {
		return "", false
	}
	return string(b), true
}

// necPointer indexes a code in rows ED/EE; callers pass valid trail bytes.
func necPointer(lead, trail byte) int {
	t := int(trail) - 0x40
	if trail >= 0x80 {
		t-- // 7F is not a trail byte
	}
	if t < 0 || t >= trailsPerRow {
		return 0
	}
	return int(lead-necLeadFirst)*trailsPerRow + t
}

// rewriteNECSelected rewrites, in place, codes of rows ED/EE to rows FA–FC
// in well-formed CP932 produced by the x/text encoder.
func rewriteNECSelected(b []byte, table *[2 * trailsPerRow]uint16) {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c < 0x81 || (0xA0 <= c && c < 0xE0) || i+1 >= len(b) {
			continue // single byte: ASCII or halfwidth katakana
		}
		if c == necLeadFirst || c == necLeadLast {
			if code := table[necPointer(c, b[i+1])]; code != 0 {
				b[i], b[i+1] = byte(code>>8), byte(code)
			}
		}
		i++ // skip the trail byte, which may look like a lead byte
	}
}
