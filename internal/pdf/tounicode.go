package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"unicode/utf16"
)

// The PDF library writes each ToUnicode entry as "<glyph><glyph><%04X>",
// so a character outside the BMP (𠮟, 𠮷 …) comes out as five or six hex
// digits that readers truncate: pdftotext would return "₹" for "𠮟". A CMap
// destination must be UTF-16BE, i.e. a surrogate pair. fixToUnicode rewrites
// those entries after the fact and rebuilds the cross-reference table, which
// is the only other thing that depends on byte offsets.

var (
	cmapStart = []byte("stream\n/CIDInit /ProcSet findresource begin")
	wideEntry = regexp.MustCompile(`(?m)^(<[0-9A-F]{4}><[0-9A-F]{4}>)<([0-9A-F]{5,6})>$`)
)

func fixToUnicode(pdf []byte) ([]byte, error) {
	offsets, xrefAt, err := readXref(pdf)
	if err != nil {
		return nil, err
	}
	bodies := make([][]byte, len(offsets))
	changed := false
	for i, off := range offsets {
		end := xrefAt
		if i+1 < len(offsets) {
			end = offsets[i+1]
		}
		if off < 0 || off > end || end > len(pdf) {
			return nil, errors.New("tounicode: object offsets out of order")
		}
		bodies[i] = pdf[off:end]
		if bytes.Contains(bodies[i], cmapStart) {
			fixed, ok, err := fixCMapObject(bodies[i])
			if err != nil {
				return nil, fmt.Errorf("tounicode: object %d: %w", i+1, err)
			}
			if ok {
				bodies[i], changed = fixed, true
			}
		}
	}
	if !changed {
		return pdf, nil
	}
	return rebuild(pdf, offsets, xrefAt, bodies), nil
}

// readXref parses the classic cross-reference table the library writes:
// the byte offset of objects 1…n, and where the table starts.
func readXref(pdf []byte) ([]int, int, error) {
	i := bytes.LastIndex(pdf, []byte("startxref\n"))
	if i < 0 {
		return nil, 0, errors.New("tounicode: no startxref")
	}
	rest, _, _ := bytes.Cut(pdf[i+len("startxref\n"):], []byte("\n"))
	at, err := strconv.Atoi(string(bytes.TrimSpace(rest)))
	if err != nil || at <= 0 || at >= len(pdf) {
		return nil, 0, errors.New("tounicode: bad startxref")
	}
	var first, count int
	if _, err := fmt.Sscanf(string(pdf[at:]), "xref\n%d %d\n", &first, &count); err != nil || first != 0 || count < 1 {
		return nil, 0, errors.New("tounicode: bad xref header")
	}
	free := bytes.Index(pdf[at:], []byte("0000000000 65535 f \n"))
	if free < 0 {
		return nil, 0, errors.New("tounicode: no free entry in xref")
	}
	p := at + free + 20
	offsets := make([]int, count-1)
	for k := range offsets {
		if p+20 > len(pdf) {
			return nil, 0, errors.New("tounicode: xref truncated")
		}
		if offsets[k], err = strconv.Atoi(string(pdf[p : p+10])); err != nil {
			return nil, 0, fmt.Errorf("tounicode: xref entry %d: %w", k+1, err)
		}
		p += 20
	}
	return offsets, at, nil
}

// fixCMapObject rewrites one "n 0 obj << /Length L >> stream … endstream"
// CMap object; ok is false when it has no entry to fix.
func fixCMapObject(obj []byte) ([]byte, bool, error) {
	const lenKey = "/Length "
	li := bytes.Index(obj, []byte(lenKey))
	si := bytes.Index(obj, []byte("stream\n"))
	if li < 0 || si < li {
		return nil, false, errors.New("no stream length")
	}
	nl := bytes.IndexByte(obj[li:], '\n')
	length, err := strconv.Atoi(string(obj[li+len(lenKey) : li+nl]))
	start := si + len("stream\n")
	if err != nil || start+length > len(obj) {
		return nil, false, errors.New("bad stream length")
	}
	data := obj[start : start+length]
	if !wideEntry.Match(data) {
		return nil, false, nil
	}
	data = wideEntry.ReplaceAllFunc(data, func(m []byte) []byte {
		sub := wideEntry.FindSubmatch(m)
		cp, _ := strconv.ParseUint(string(sub[2]), 16, 32)
		hi, lo := utf16.EncodeRune(rune(cp))
		return fmt.Appendf(nil, "%s<%04X%04X>", sub[1], hi, lo)
	})
	var out bytes.Buffer
	out.Write(obj[:li])
	fmt.Fprintf(&out, "%s%d", lenKey, len(data))
	out.Write(obj[li+nl : start])
	out.Write(data)
	out.Write(obj[start+length:])
	return out.Bytes(), true, nil
}

// rebuild joins the header, the (partly rewritten) objects and a new xref
// table with the old trailer dictionary.
func rebuild(pdf []byte, offsets []int, xrefAt int, bodies [][]byte) []byte {
	var out bytes.Buffer
	out.Grow(len(pdf) + 1024)
	out.Write(pdf[:offsets[0]])
	newOff := make([]int, len(bodies))
	for i, b := range bodies {
		newOff[i] = out.Len()
		out.Write(b)
	}
	newXref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(bodies)+1)
	for _, o := range newOff {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	tail := pdf[xrefAt:]
	trailer := tail[bytes.Index(tail, []byte("trailer\n")):]
	trailer = trailer[:bytes.LastIndex(trailer, []byte("startxref\n"))]
	out.Write(trailer)
	fmt.Fprintf(&out, "startxref\n%d\n%%%%EOF\n", newXref)
	return out.Bytes()
}
