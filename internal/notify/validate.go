package notify

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
)

// Limits keep one mail from filling the outbox; real messages are far
// smaller.
const (
	maxAddrLen    = 320 // local part 64 + @ + domain 255
	maxSubjectLen = 255 // characters
	maxBodyLen    = 1 << 20
)

// Validate checks a mail before it enters the outbox. Store code that
// queues mail inside its own transaction calls it too, so no path skips it.
func Validate(m Mail) error {
	v := &oroshi.ValidationError{}
	validateTo(v, m.To)
	validateSubject(v, m.Subject)
	switch {
	case strings.TrimSpace(m.Text) == "":
		v.Add("text", "本文を入力してください")
	case len(m.Text) > maxBodyLen || len(m.HTML) > maxBodyLen:
		v.Add("text", "本文が長すぎます")
	case !utf8.ValidString(m.Text) || !utf8.ValidString(m.HTML):
		v.Add("text", "本文に不正な文字が含まれています")
	}
	if len(m.DocumentIDs) > MaxAttachments {
		v.Add("document_ids", fmt.Sprintf("添付できる帳票は%d件までです", MaxAttachments))
	}
	return v.Err()
}

func validateTo(v *oroshi.ValidationError, to string) {
	// CR/LF would let a caller add headers; net/mail also rejects them,
	// but the check here does not depend on that.
	if to == "" || len(to) > maxAddrLen || strings.ContainsAny(to, "\r\n") {
		v.Add("to", "宛先のメールアドレスの形式が正しくありません")
		return
	}
	if _, err := mail.ParseAddress(to); err != nil {
		v.Add("to", "宛先のメールアドレスの形式が正しくありません")
	}
}

func validateSubject(v *oroshi.ValidationError, subject string) {
	switch {
	case strings.TrimSpace(subject) == "":
		v.Add("subject", "件名を入力してください")
	case strings.IndexFunc(subject, unicode.IsControl) >= 0:
		// CR/LF would inject headers; other control characters are never
		// meant and render badly.
		v.Add("subject", "件名に改行や制御文字は使えません")
	case !utf8.ValidString(subject):
		v.Add("subject", "件名に不正な文字が含まれています")
	case utf8.RuneCountInString(subject) > maxSubjectLen:
		v.Add("subject", "件名が長すぎます")
	}
}
