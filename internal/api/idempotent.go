package api

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/oroshi-jp/oroshi/internal/idempotency"
)

// IdempotencyHeader carries the client's key on a POST; ReplayedHeader
// marks an answer sent again from the saved first one.
const (
	IdempotencyHeader = "Idempotency-Key"
	ReplayedHeader    = "Idempotent-Replayed"
)

// idempotent runs h at most once per Idempotency-Key of the calling API
// key: a retry of the same request gets the first answer again, a retry
// while the first still runs gets 409, and the same key on another request
// gets 422. POSTs without the header run as usual.
//
// ownIdem marks a handler that is idempotent by itself, in the transaction
// of its effect (an order keeps its request key): while the key is claimed
// it runs anyway instead of answering 409, because the claim may be left by
// a process that crashed, and would block the client's retries until
// StaleClaim has passed.
func (s *server) idempotent(w http.ResponseWriter, r *http.Request, h handlerFunc, ownIdem bool) error {
	key := r.Header.Get(IdempotencyHeader)
	if r.Method != http.MethodPost || key == "" || s.idem == nil {
		return h(w, r)
	}
	if !idempotency.ValidKey(key) {
		return &apiError{status: http.StatusBadRequest,
			message: "Idempotency-Key は空白を含まない半角英数字・記号の1〜255文字で指定してください"}
	}
	body, err := io.ReadAll(r.Body) // bounded by the route's MaxBytesReader
	if err != nil {
		return decodeError(err)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	p, _ := principalOf(r.Context())
	rec, outcome, err := s.idem.Claim(r.Context(), idempotency.Record{
		Tenant: p.Tenant.ID, Caller: "apikey:" + p.Key.ID.String(), Key: key,
		Fingerprint: idempotency.Fingerprint(r.Method, r.URL.RequestURI(), body),
	})
	if err != nil {
		return err
	}
	switch outcome {
	case idempotency.Replay:
		return replay(w, rec)
	case idempotency.InProgress:
		if ownIdem {
			return h(w, r)
		}
		w.Header().Set("Retry-After", "1")
		return &apiError{status: http.StatusConflict, code: CodeIdempotencyInProgress,
			message: "同じ Idempotency-Key のリクエストを処理中です。少し待ってから再試行してください"}
	case idempotency.Mismatch:
		return &apiError{status: http.StatusUnprocessableEntity, code: CodeIdempotencyMismatch,
			message: "この Idempotency-Key は別の内容のリクエストに使用済みです（新しいキーを指定してください）"}
	}
	return s.runOnce(w, r, h, rec)
}

// runOnce runs the claimed request, answering errors itself so that they
// are kept too (a 422 answers the same every time), and saves the answer.
func (s *server) runOnce(w http.ResponseWriter, r *http.Request, h handlerFunc, rec idempotency.Record) error {
	rw := &teeWriter{ResponseWriter: w}
	if err := h(rw, r); err != nil {
		s.writeError(rw, r, err)
	}
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	// The answer has gone out; keep it even if the client hung up.
	ctx := context.WithoutCancel(r.Context())
	if err := s.idem.Finish(ctx, rec, rw.status, rw.Header().Get("Content-Type"), rw.buf.Bytes()); err != nil {
		s.log.LogAttrs(ctx, slog.LevelError, "idempotency: saving the answer failed",
			slog.String("request_id", requestID(ctx)), slog.String("error", err.Error()))
	}
	return nil
}

func replay(w http.ResponseWriter, rec idempotency.Record) error {
	h := w.Header()
	if rec.ContentType != "" {
		h.Set("Content-Type", rec.ContentType)
	}
	h.Set(ReplayedHeader, "true")
	h.Set("Content-Length", strconv.Itoa(len(rec.Body)))
	w.WriteHeader(rec.Status)
	_, _ = w.Write(rec.Body) // a failure means the client left: nothing more to do
	return nil
}

// teeWriter passes an answer through and keeps a copy.
type teeWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (t *teeWriter) WriteHeader(code int) {
	if t.status == 0 {
		t.status = code
	}
	t.ResponseWriter.WriteHeader(code)
}

func (t *teeWriter) Write(b []byte) (int, error) {
	if t.status == 0 {
		t.status = http.StatusOK
	}
	if t.buf.Len() <= idempotency.MaxBody {
		t.buf.Write(b)
	}
	return t.ResponseWriter.Write(b)
}
