package api

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/oroshi-jp/oroshi"
)

// Error codes are part of the API contract: clients branch on them, never
// on messages, so they never change once published.
const (
	CodeBadRequest           = "bad_request"
	CodeUnauthorized         = "unauthorized"
	CodeForbidden            = "forbidden"
	CodeNotFound             = "not_found"
	CodeMethodNotAllowed     = "method_not_allowed"
	CodeConflict             = "conflict"
	CodePayloadTooLarge      = "payload_too_large"
	CodeUnsupportedMediaType = "unsupported_media_type"
	CodeValidationFailed     = "validation_failed"
	CodeTooManyRequests      = "too_many_requests"
	CodeInternal             = "internal"
	CodeUnavailable          = "unavailable"
	// Idempotency-Key answers (see idempotent.go).
	CodeIdempotencyInProgress = "idempotency_in_progress"
	CodeIdempotencyMismatch   = "idempotency_key_mismatch"
)

// ErrorResponse is the body of every error answer.
type ErrorResponse struct {
	Error ErrorBody `json:"error"`
}

// ErrorBody says what went wrong: a stable code, a Japanese message for the
// developer reading it, and per-field messages when input was rejected.
type ErrorBody struct {
	Code    string            `json:"code" doc:"安定したエラーコード（クライアントはこれで分岐する）"`
	Message string            `json:"message" doc:"開発者向けの説明（日本語）"`
	Fields  map[string]string `json:"fields,omitempty" doc:"項目ごとのエラーメッセージ"`
}

// apiError is an error the API layer decides itself (bad JSON, a missing
// key, a missing scope), with its status, code and message.
type apiError struct {
	status  int
	code    string // "" for the status's own code
	message string
	fields  map[string]string
	// challenge is the WWW-Authenticate value of a 401 or of a 403 for a
	// missing scope (RFC 6750).
	challenge string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("api %d %s: %s", e.status, codeOf(e.status), e.message)
}

func newError(status int, message string) *apiError {
	return &apiError{status: status, message: message}
}

// statusOf maps an error to its HTTP status: the one place where error
// kinds of package oroshi become statuses for the API.
func statusOf(err error) int {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		return ae.status
	case errors.As(err, new(*oroshi.ValidationError)):
		return http.StatusUnprocessableEntity
	case errors.Is(err, oroshi.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, oroshi.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, oroshi.ErrUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, oroshi.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, oroshi.ErrTooManyAttempts):
		return http.StatusTooManyRequests
	case errors.Is(err, oroshi.ErrUnavailable):
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// codeOf is the stable code of a status.
func codeOf(status int) string {
	switch status {
	case http.StatusBadRequest:
		return CodeBadRequest
	case http.StatusUnauthorized:
		return CodeUnauthorized
	case http.StatusForbidden:
		return CodeForbidden
	case http.StatusNotFound:
		return CodeNotFound
	case http.StatusMethodNotAllowed:
		return CodeMethodNotAllowed
	case http.StatusConflict:
		return CodeConflict
	case http.StatusRequestEntityTooLarge:
		return CodePayloadTooLarge
	case http.StatusUnsupportedMediaType:
		return CodeUnsupportedMediaType
	case http.StatusUnprocessableEntity:
		return CodeValidationFailed
	case http.StatusTooManyRequests:
		return CodeTooManyRequests
	case http.StatusServiceUnavailable:
		return CodeUnavailable
	default:
		return CodeInternal
	}
}

// messageOf is the default Japanese message of a code. Messages of errors
// from services are not shown: they are English, for logs, and may name
// internals.
func messageOf(code string) string {
	switch code {
	case CodeBadRequest:
		return "リクエストが正しくありません"
	case CodeUnauthorized:
		return "APIキーが無効です"
	case CodeForbidden:
		return "この操作は許可されていません"
	case CodeNotFound:
		return "指定されたリソースが見つかりません"
	case CodeMethodNotAllowed:
		return "このパスではそのメソッドを使用できません"
	case CodeConflict:
		return "他のデータと競合しています（重複または状態の変更）"
	case CodePayloadTooLarge:
		return "リクエスト本文が大きすぎます"
	case CodeUnsupportedMediaType:
		return "Content-Type は application/json を指定してください"
	case CodeValidationFailed:
		return "入力内容に誤りがあります"
	case CodeTooManyRequests:
		return "リクエストが多すぎます。しばらく待ってから再試行してください"
	case CodeUnavailable:
		return "一時的に処理できません（データベースに接続できません）。しばらく待ってから再試行してください"
	default:
		return "サーバー内部でエラーが発生しました。時間をおいて再試行してください"
	}
}

// bodyOf is the error body answered for err.
func bodyOf(err error) ErrorBody {
	code := codeOf(statusOf(err))
	b := ErrorBody{Code: code, Message: messageOf(code)}
	var ae *apiError
	var ve *oroshi.ValidationError
	switch {
	case errors.As(err, &ae):
		if ae.code != "" {
			b.Code = ae.code
		}
		if ae.message != "" {
			b.Message = ae.message
		}
		b.Fields = ae.fields
	case errors.As(err, &ve):
		b.Fields = ve.Fields
	}
	return b
}

// writeError answers err as JSON. Server errors are logged here, once, with
// the request ID the client also received; client errors are not (the
// access log has them).
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status >= 500 {
		s.log.LogAttrs(r.Context(), slog.LevelError, "api request failed",
			slog.String("method", r.Method), slog.String("route", r.Pattern),
			slog.String("request_id", requestID(r.Context())), slog.String("error", err.Error()))
	}
	var ae *apiError
	if errors.As(err, &ae) && ae.challenge != "" {
		w.Header().Set("WWW-Authenticate", ae.challenge)
	} else if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", challenge(""))
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	writeJSON(w, status, ErrorResponse{Error: bodyOf(err)})
}
