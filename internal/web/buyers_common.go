package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// Helpers shared by the buyer, price group and field setting pages.

// buyerActor is the signed-in person, as the services record them.
func buyerActor(r *http.Request) audit.Actor {
	rc := reqCtx(r)
	return audit.Actor{Realm: string(rc.user.Realm), ID: rc.user.ID, ClientAddr: clientAddr(r)}
}

// asFieldErrors returns the per-field messages of a validation error.
func asFieldErrors(err error) (map[string]string, bool) {
	var ve *oroshi.ValidationError
	if errors.As(err, &ve) {
		return ve.Fields, true
	}
	return nil, false
}

// prefixed keys the messages of one of several forms on a page, so each
// form shows only its own: "shipto.new." + "label".
func prefixed(prefix string, fields map[string]string) map[string]string {
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		out[prefix+k] = v
	}
	return out
}

// pathID reads an ID from the path; a bad one is a 404.
func pathID(r *http.Request, name string) (oroshi.ID, error) {
	return oroshi.ParseID(r.PathValue(name))
}

// buyerOption is one <option> of a select.
type buyerOption struct {
	Value, Label string
	Selected     bool
}

// yenText writes an amount of yen as people read it: 1,234円, -500円.
// It takes oroshi.Yen and the other integer types templates may hold.
func yenText(v any) string {
	var n int64
	switch x := v.(type) {
	case oroshi.Yen:
		n = int64(x)
	case int64:
		n = x
	case int:
		n = int64(x)
	case int32:
		n = int64(x)
	default:
		return ""
	}
	return groupThousands(n) + "円"
}

func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String()
}
