package loadtest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestPostOrRefusal: a refusal the journey expects (the status and the
// text) is recorded as its own page without an error; any other failure
// of the request stays an error of the page.
func TestPostOrRefusal(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/sold-out":
			w.WriteHeader(http.StatusUnprocessableEntity)
			_, _ = w.Write([]byte(`<p role="alert">ご注文を確定できませんでした。カートの内容を確認してください。（在庫がありません）</p>`))
		case "/short":
			w.WriteHeader(http.StatusUnprocessableEntity)
			_, _ = w.Write([]byte(`<p role="alert">ご注文を確定できませんでした。カートの内容を確認してください。（在庫が不足しています（残り1））</p>`))
		case "/changed":
			w.WriteHeader(http.StatusUnprocessableEntity)
			_, _ = w.Write([]byte(`<p role="alert">カートの内容が変更されました</p>`))
		case "/broken":
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`（在庫がありません）`))
		}
	}))
	defer srv.Close()
	refused := refusal{status: http.StatusUnprocessableEntity, texts: soldOut, page: "refused"}
	for _, tc := range []struct {
		path        string
		wantRefused bool
		wantPage    string
		wantOutcome string
	}{
		{"/sold-out", true, "refused", ""},
		{"/short", true, "refused", ""},
		{"/changed", false, "order", "422"},
		{"/broken", false, "order", "500"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			rec := newRecorder()
			v := newVU(srv.URL, srv.Client().Transport, func() *recorder { return rec }, 1)
			v.csrf = "token"
			_, err := v.postOr(context.Background(), "order", tc.path, url.Values{}, nil, refused)
			if got := errors.Is(err, errRefused); got != tc.wantRefused {
				t.Fatalf("refused: %v (err %v), want %v", got, err, tc.wantRefused)
			}
			if len(rec.pages) != 1 || rec.pages[tc.wantPage] == nil {
				t.Fatalf("pages recorded: %v, want only %q", rec.pages, tc.wantPage)
			}
			p := rec.pages[tc.wantPage]
			if len(p.lat) != 1 {
				t.Errorf("%d requests recorded, want 1", len(p.lat))
			}
			if tc.wantOutcome == "" && len(p.errors) != 0 || tc.wantOutcome != "" && p.errors[tc.wantOutcome] != 1 {
				t.Errorf("errors %v, want %q", p.errors, tc.wantOutcome)
			}
		})
	}
}

func TestCSRFToken(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"none", `<form><input name="q" value="x"></form>`, ""},
		{"first of two", `<input type="hidden" name="csrf_token" value="a1&amp;b2"><input name="csrf_token" value="zz">`, "a1&b2"},
		{"empty", `<input name="csrf_token" value="">`, ""},
		{"cut short", `<input name="csrf_token" value="abc`, ""},
	}
	for _, tt := range tests {
		if got := csrfToken(tt.body); got != tt.want {
			t.Errorf("%s: csrfToken = %q, want %q", tt.name, got, tt.want)
		}
		if got := csrfTokenIn([]byte(tt.body)); got != tt.want {
			t.Errorf("%s: csrfTokenIn = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestVisitReadsWholeBodies: visit reads bodies of known and unknown
// length (chunked) into one reused buffer, keeps the CSRF token found at
// the end of a long page, and records a failed page with its message.
func TestVisitReadsWholeBodies(t *testing.T) {
	long := strings.Repeat("あ", 40_000) + `<input name="csrf_token" value="end">`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/sized":
			w.Header().Set("Content-Length", strconv.Itoa(len(long)))
			_, _ = io.WriteString(w, long)
		case "/chunked": // no length: written in two flushed halves
			_, _ = io.WriteString(w, long[:len(long)/2])
			w.(http.Flusher).Flush()
			_, _ = io.WriteString(w, long[len(long)/2:])
		case "/small":
			_, _ = io.WriteString(w, `<input name="csrf_token" value="small">`)
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `<p class="error">ページが見つかりません</p>`)
		}
	}))
	defer srv.Close()
	rec := newRecorder()
	v := newVU(srv.URL, srv.Client().Transport, func() *recorder { return rec }, 1)
	ctx := context.Background()
	for _, tc := range []struct{ path, token string }{{"/sized", "end"}, {"/small", "small"}, {"/chunked", "end"}} {
		if err := v.visit(ctx, "page", tc.path); err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		if v.csrf != tc.token {
			t.Errorf("%s: token %q, want %q", tc.path, v.csrf, tc.token)
		}
	}
	if string(v.buf) != long {
		t.Errorf("chunked body read as %d bytes, want the %d-byte page", len(v.buf), len(long))
	}
	if err := v.visit(ctx, "missing", "/missing"); !errors.Is(err, errPage) {
		t.Fatalf("missing page: %v, want errPage", err)
	}
	if p := rec.pages["missing"]; p == nil || p.errors["404"] != 1 {
		t.Fatalf("missing page recorded as %+v", rec.pages["missing"])
	}
}
