package api

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/oroshi-jp/oroshi"
)

func TestAPIKeyStatusOf(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("op 42: %w", err) }
	tests := []struct {
		err    error
		status int
		code   string
	}{
		{wrap(oroshi.Invalid("name", "名前を入力してください")), 422, CodeValidationFailed},
		{wrap(oroshi.ErrNotFound), 404, CodeNotFound},
		{wrap(oroshi.ErrConflict), 409, CodeConflict},
		{wrap(oroshi.ErrUnauthorized), 401, CodeUnauthorized},
		{wrap(oroshi.ErrForbidden), 403, CodeForbidden},
		{wrap(oroshi.ErrTooManyAttempts), 429, CodeTooManyRequests},
		{wrap(newError(http.StatusUnsupportedMediaType, "x")), 415, CodeUnsupportedMediaType},
		{wrap(newError(http.StatusRequestEntityTooLarge, "x")), 413, CodePayloadTooLarge},
		{wrap(newError(http.StatusBadRequest, "x")), 400, CodeBadRequest},
		{wrap(newError(http.StatusMethodNotAllowed, "x")), 405, CodeMethodNotAllowed},
		{errors.New("driver: connection refused"), 500, CodeInternal},
	}
	for _, tt := range tests {
		if got := statusOf(tt.err); got != tt.status {
			t.Errorf("statusOf(%v) = %d, want %d", tt.err, got, tt.status)
		}
		b := bodyOf(tt.err)
		if b.Code != tt.code || b.Message == "" {
			t.Errorf("bodyOf(%v) = %+v, want code %s", tt.err, b, tt.code)
		}
	}
	if b := bodyOf(oroshi.Invalid("name", "名前を入力してください")); b.Fields["name"] != "名前を入力してください" {
		t.Errorf("validation fields = %v", b.Fields)
	}
	if b := bodyOf(errors.New("secret detail")); b.Message == "secret detail" {
		t.Error("a server error's text reached the client")
	}
}
