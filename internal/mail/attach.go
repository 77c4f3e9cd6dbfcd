package mail

import (
	"bytes"
	"mime"
	"strconv"
	"strings"

	gomail "github.com/wneessen/go-mail"

	"github.com/oroshi-jp/oroshi/internal/notify"
)

// Attachments carry Japanese file names (納品書_O-2026-000123-1_v1.pdf). go-mail
// would put an RFC 2047 encoded word in filename="…", which RFC 2047 itself
// forbids in parameters; here filename* follows RFC 2231 (UTF-8,
// percent-encoded, split into continuations so no header line grows long),
// which current mail clients read, and name= / filename= keep the encoded
// word for old clients that only know that.

// fold breaks a part header between parameters: go-mail writes part
// headers as they are, and a folded line is one header (RFC 5322 2.2.3).
const fold = "\r\n "

// maxSegment bounds one percent-encoded continuation segment, so a folded
// header line stays under the 78 characters RFC 5322 recommends.
const maxSegment = 60

// attach adds the attachments of m to msg with explicit headers.
func attach(msg *gomail.Msg, m notify.Mail) {
	for _, a := range m.Attachments {
		name := cleanName(a.Name)
		ct := a.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		legacy := mime.BEncoding.Encode("UTF-8", name)
		msg.AttachReadSeeker(name, bytes.NewReader(a.Data), func(f *gomail.File) {
			f.Header.Set("Content-Type", ct+`;`+fold+`name="`+legacy+`"`)
			f.Header.Set("Content-Disposition", `attachment;`+fold+`filename="`+legacy+`";`+fold+rfc2231("filename", name))
			f.Header.Set("Content-Transfer-Encoding", string(gomail.EncodingB64))
		})
	}
}

// cleanName keeps a file name safe inside a quoted header parameter.
func cleanName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || r == '\\' || r == '/' {
			return '_'
		}
		return r
	}, s)
}

// rfc2231 is key's extended parameter for value: key*=UTF-8”… when short,
// else key*0*=UTF-8”…; key*1*=… segments, never splitting a %XX triplet.
func rfc2231(key, value string) string {
	enc := percentEncode(value)
	if len(enc) <= maxSegment {
		return key + "*=UTF-8''" + enc
	}
	var parts []string
	for i := 0; len(enc) > 0; i++ {
		n := min(maxSegment, len(enc))
		if p := strings.LastIndexByte(enc[:n], '%'); p >= 0 && p > n-3 && n < len(enc) {
			n = p // the triplet would be cut: move it to the next segment
		}
		prefix := ""
		if i == 0 {
			prefix = "UTF-8''"
		}
		parts = append(parts, key+"*"+strconv.Itoa(i)+"*="+prefix+enc[:n])
		enc = enc[n:]
	}
	return strings.Join(parts, ";"+fold)
}

// percentEncode encodes every byte but RFC 2231 attribute-chars.
func percentEncode(v string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0xf])
	}
	return b.String()
}
