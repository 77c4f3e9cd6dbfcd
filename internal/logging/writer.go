package logging

import (
	"io"
	"net/http"
)

// StatusWriter wraps a ResponseWriter to learn the status and size of the
// response, for the access log and for metrics. It keeps streaming working:
// Flush passes through, and Unwrap lets http.ResponseController reach the
// underlying writer's other features (deadlines, hijacking).
type StatusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

// NewStatusWriter wraps w.
func NewStatusWriter(w http.ResponseWriter) *StatusWriter {
	return &StatusWriter{ResponseWriter: w}
}

// Status is the status sent, 200 when the handler wrote a body without
// calling WriteHeader, and 0 while nothing has been sent.
func (w *StatusWriter) Status() int { return w.status }

// Bytes is the number of body bytes written.
func (w *StatusWriter) Bytes() int64 { return w.bytes }

// WriteHeader records the first final status; 1xx informational headers
// (103 Early Hints) may precede it and are not the response's status.
func (w *StatusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *StatusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// ReadFrom keeps io.Copy's fast path (sendfile for downloads) available.
func (w *StatusWriter) ReadFrom(src io.Reader) (int64, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := io.Copy(w.ResponseWriter, src)
	w.bytes += n
	return n, err
}

// Flush sends buffered data to the client (CSV exports stream). Flushing
// commits the headers, so an unset status becomes 200, as net/http does.
func (w *StatusWriter) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap is for http.ResponseController.
func (w *StatusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
