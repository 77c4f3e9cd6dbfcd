package api

import (
	"encoding/base64"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAPIKeyParsePage(t *testing.T) {
	good := encodeCursor([]string{"2026-04-01T00:00:00Z", "123"})
	tests := []struct {
		query    string
		want     pageRequest
		badField string
	}{
		{"", pageRequest{Limit: DefaultLimit}, ""},
		{"limit=1", pageRequest{Limit: 1}, ""},
		{"limit=200", pageRequest{Limit: 200}, ""},
		{"limit=10&cursor=" + good, pageRequest{Limit: 10, After: []string{"2026-04-01T00:00:00Z", "123"}}, ""},
		{"limit=0", pageRequest{}, "limit"},
		{"limit=201", pageRequest{}, "limit"},
		{"limit=-1", pageRequest{}, "limit"},
		{"limit=ten", pageRequest{}, "limit"},
		{"limit=1.5", pageRequest{}, "limit"},
		{"cursor=%%%", pageRequest{}, "query"},
		{"cursor=not-base64!", pageRequest{}, "cursor"},
		{"cursor=" + base64.RawURLEncoding.EncodeToString([]byte(`{"a":1}`)), pageRequest{}, "cursor"},
		{"cursor=" + base64.RawURLEncoding.EncodeToString([]byte(`[]`)), pageRequest{}, "cursor"},
		{"cursor=" + base64.StdEncoding.EncodeToString([]byte(`["a"]`)), pageRequest{}, "cursor"},
		{"cursor=" + strings.Repeat("A", maxCursorLen+1), pageRequest{}, "cursor"},
	}
	for _, tt := range tests {
		got, err := parsePage(httptest.NewRequest("GET", "/api/v1/orders?"+tt.query, nil))
		if tt.badField != "" {
			if statusOf(err) != 400 || tt.badField != "query" && bodyOf(err).Fields[tt.badField] == "" {
				t.Errorf("%q: got %+v, %v; want 400 on %s", tt.query, got, err, tt.badField)
			}
			continue
		}
		if err != nil || !cmp.Equal(got, tt.want) {
			t.Errorf("%q: got %+v, %v; want %+v", tt.query, got, err, tt.want)
		}
	}
}

func TestAPIKeyNewList(t *testing.T) {
	key := func(n int) []string { return []string{strings.Repeat("x", n)} }
	tests := []struct {
		items     []int
		limit     int
		wantData  []int
		wantAfter []string // decoded next_cursor; nil for the last page
	}{
		{nil, 2, []int{}, nil},
		{[]int{1, 2}, 2, []int{1, 2}, nil},
		{[]int{1, 2, 3}, 2, []int{1, 2}, []string{"xx"}},
	}
	for _, tt := range tests {
		l := newList(tt.items, tt.limit, key)
		if !cmp.Equal(l.Data, tt.wantData) {
			t.Errorf("%v/%d: data %v, want %v", tt.items, tt.limit, l.Data, tt.wantData)
		}
		var after []string
		if l.NextCursor != nil {
			var ok bool
			if after, ok = decodeCursor(*l.NextCursor); !ok {
				t.Errorf("next_cursor %q does not decode", *l.NextCursor)
			}
		}
		if !cmp.Equal(after, tt.wantAfter) {
			t.Errorf("%v/%d: after %v, want %v", tt.items, tt.limit, after, tt.wantAfter)
		}
		b, _ := json.Marshal(l)
		if !strings.Contains(string(b), `"next_cursor":`) || strings.Contains(string(b), `"data":null`) {
			t.Errorf("list JSON %s", b)
		}
	}
}
