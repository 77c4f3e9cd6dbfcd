package logging

import "net/http"

// Served is the status a request ended with, for middleware that records
// it after the handler: 500 when the handler did not finish (it panicked),
// 200 when it finished without writing a header.
func Served(w *StatusWriter, finished bool) int {
	switch status := w.Status(); {
	case !finished:
		return http.StatusInternalServerError
	case status == 0:
		return http.StatusOK
	default:
		return status
	}
}
