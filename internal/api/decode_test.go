package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAPIKeyDecodeJSON(t *testing.T) {
	type body struct {
		Name  string   `json:"name"`
		Qty   int      `json:"qty"`
		Tags  []string `json:"tags"`
		Valid bool     `json:"valid"`
	}
	tests := []struct {
		name, ct, body string
		limit          int64
		status         int    // 0: decoded
		field          string // field expected under "fields"
	}{
		{"ok", "application/json", `{"name":"箱","qty":2,"tags":["a"]}`, 0, 0, ""},
		{"charset", "application/json; charset=UTF-8", `{"name":"x"}`, 0, 0, ""},
		{"trailing space", "application/json", "{\"name\":\"x\"}\n  ", 0, 0, ""},
		{"no content type", "", `{}`, 0, 415, ""},
		{"text", "text/plain", `{}`, 0, 415, ""},
		{"sjis", "application/json; charset=shift_jis", `{}`, 0, 415, ""},
		{"bad media type", "application/json; ===", `{}`, 0, 415, ""},
		{"empty", "application/json", ``, 0, 400, ""},
		{"syntax", "application/json", `{"name" "x"}`, 0, 400, ""},
		{"cut short", "application/json", `{"name":"x"`, 0, 400, ""},
		{"unknown field", "application/json", `{"nmae":"x"}`, 0, 400, "nmae"},
		{"string for int", "application/json", `{"qty":"2"}`, 0, 400, "qty"},
		{"number for list", "application/json", `{"tags":3}`, 0, 400, "tags"},
		{"array body", "application/json", `[1,2]`, 0, 400, ""},
		{"two values", "application/json", `{"name":"x"}{"name":"y"}`, 0, 400, ""},
		{"garbage after", "application/json", `{"name":"x"} junk`, 0, 400, ""},
		{"too large", "application/json", `{"name":"` + strings.Repeat("x", 200) + `"}`, 100, 413, ""},
		{"too large after value", "application/json", `{"name":"x"}` + strings.Repeat(" ", 200), 100, 413, ""},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(tt.body))
		if tt.ct != "" {
			r.Header.Set("Content-Type", tt.ct)
		}
		if tt.limit > 0 {
			r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, tt.limit)
		}
		var b body
		err := decodeJSON(r, &b)
		if tt.status == 0 {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if got := statusOf(err); got != tt.status {
			t.Errorf("%s: status %d (%v), want %d", tt.name, got, err, tt.status)
			continue
		}
		if tt.field != "" && bodyOf(err).Fields[tt.field] == "" {
			t.Errorf("%s: fields %v, want a message on %s", tt.name, bodyOf(err).Fields, tt.field)
		}
	}
}
