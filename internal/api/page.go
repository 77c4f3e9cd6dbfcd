package api

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Cursor pagination: ?limit=&cursor= in, next_cursor out. A cursor holds
// the sort key of the last item served (keyset pagination: stable under
// inserts and as fast on page 1,000 as on page 1); it is opaque to clients
// (base64url of a JSON array of strings) so that its content may change.
// Forging one gains nothing: every query is filtered on the caller's tenant.
const (
	DefaultLimit = 50
	MaxLimit     = 200
	maxCursorLen = 1024
	maxCursorKey = 8
)

// pageRequest is what a list handler passes to its service.
type pageRequest struct {
	Limit int
	After []string // sort key of the last item served; nil for the first page
}

// List is the body of every list answer.
type List[T any] struct {
	Data       []T     `json:"data"`
	NextCursor *string `json:"next_cursor" doc:"次のページのカーソル（最後のページでは null）"`
}

// parsePage reads limit and cursor; bad values answer 400 naming the field.
func parsePage(r *http.Request) (pageRequest, error) {
	// r.URL.Query would drop a malformed pair silently, and with it a cursor.
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return pageRequest{}, newError(http.StatusBadRequest, "クエリ文字列が正しくありません（URLエンコードを確認してください）")
	}
	p := pageRequest{Limit: DefaultLimit}
	if raw := q.Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > MaxLimit {
			return pageRequest{}, badParam("limit", fmt.Sprintf("limit は 1〜%d の整数で指定してください", MaxLimit))
		}
		p.Limit = n
	}
	if raw := q.Get("cursor"); raw != "" {
		after, ok := decodeCursor(raw)
		if !ok {
			return pageRequest{}, badParam("cursor", "cursor が正しくありません（前のレスポンスの next_cursor をそのまま指定してください）")
		}
		p.After = after
	}
	return p, nil
}

func badParam(name, msg string) error {
	return &apiError{status: http.StatusBadRequest, message: msg, fields: map[string]string{name: msg}}
}

func encodeCursor(key []string) string {
	b, _ := json.Marshal(key) // a []string always marshals
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) ([]string, bool) {
	if len(s) > maxCursorLen {
		return nil, false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	var key []string
	if err := json.Unmarshal(b, &key); err != nil || len(key) == 0 || len(key) > maxCursorKey {
		return nil, false
	}
	return key, true
}

// newList makes a page from items fetched with limit+1: the extra item only
// tells that there is a next page, and is not served.
func newList[T any](items []T, limit int, keyOf func(T) []string) List[T] {
	l := List[T]{Data: items}
	if l.Data == nil {
		l.Data = []T{} // [] rather than null: clients iterate without a check
	}
	if len(items) > limit {
		l.Data = items[:limit]
		c := encodeCursor(keyOf(items[limit-1]))
		l.NextCursor = &c
	}
	return l
}
