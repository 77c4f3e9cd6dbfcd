package csvio

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"
)

// detectWindow is how much text, from the first non-ASCII byte on, Auto
// looks at to choose between UTF-8 and CP932. Japanese text in CP932 is
// invalid UTF-8 within a few characters (its lead bytes 81–9F are UTF-8
// continuation bytes), so this is ample; it also bounds the memory used.
const detectWindow = 64 << 10

var errUTF16 = errors.New("UTF-16 のファイルは読み込めません。Excel では「CSV UTF-8（コンマ区切り）」の形式で保存してください")

// detector turns the raw bytes into UTF-8 text. For Auto it passes ASCII
// through undecided (ASCII is the same in both encodings, so headers and
// codes often come before any hint) and decides at the first non-ASCII
// byte, which keeps reading streaming instead of buffering the file.
type detector struct {
	raw *bufio.Reader
	src io.Reader // decoded text; nil while Auto is undecided
	enc Encoding
}

// newDetector strips a UTF-8 BOM, which always wins over the requested
// encoding (a file saved by Excel as "CSV UTF-8" has one even when the user
// picked Shift_JIS in our form), and refuses UTF-16.
func newDetector(r io.Reader, enc Encoding) (*detector, error) {
	raw := bufio.NewReaderSize(r, detectWindow)
	head, err := raw.Peek(3)
	if err != nil && err != io.EOF { // a file under 3 bytes is fine
		return nil, fmt.Errorf("csvio: read: %w", err)
	}
	d := &detector{raw: raw}
	switch {
	case bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")):
		raw.Discard(3) // already buffered: cannot fail
		d.use(UTF8BOM)
	case bytes.HasPrefix(head, []byte("\xFF\xFE")), bytes.HasPrefix(head, []byte("\xFE\xFF")):
		return nil, errUTF16
	case enc == Auto:
		d.enc = Auto
	case enc == UTF8BOM:
		d.use(UTF8) // the BOM is optional on input; report what was found
	default:
		d.use(enc)
	}
	return d, nil
}

func (d *detector) use(enc Encoding) {
	d.enc = enc
	if enc == ShiftJIS {
		d.src = transform.NewReader(d.raw, japanese.ShiftJIS.NewDecoder())
		return
	}
	d.src = d.raw
}

// encoding reports the detected encoding; UTF8 while only ASCII was seen.
func (d *detector) encoding() Encoding {
	if d.enc == Auto {
		return UTF8
	}
	return d.enc
}

func (d *detector) Read(p []byte) (int, error) {
	if d.src != nil {
		return d.src.Read(p)
	}
	if _, err := d.raw.Peek(1); err != nil {
		return 0, err
	}
	buf, _ := d.raw.Peek(min(len(p), d.raw.Buffered()))
	if n := asciiPrefix(buf); n > 0 {
		return d.raw.Read(p[:n])
	}
	window, err := d.raw.Peek(detectWindow)
	if looksUTF8(window, err != nil) {
		d.use(UTF8)
	} else {
		d.use(ShiftJIS)
	}
	return d.src.Read(p)
}

func asciiPrefix(b []byte) int {
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return i
		}
	}
	return len(b)
}

// looksUTF8 reports whether b is valid UTF-8, allowing a character cut at
// the end of the window when the file goes on.
func looksUTF8(b []byte, atEOF bool) bool {
	if !atEOF {
		for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
			if utf8.RuneStart(b[i]) {
				if !utf8.FullRune(b[i:]) {
					b = b[:i]
				}
				break
			}
		}
	}
	return utf8.Valid(b)
}
