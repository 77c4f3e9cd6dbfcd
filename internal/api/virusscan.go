package api

import (
	"bytes"
	"errors"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/virusscan"
)

// scanUpload runs an upload's bytes through the virus scanner, when one is
// configured, before anything stores them: infected is 422 on field
// field, too large for the scanner 413, no verdict 503 (fail closed).
func (s *server) scanUpload(r *http.Request, t oroshi.TenantID, actor audit.Actor, field string, data []byte) error {
	if s.virusScan == nil {
		return nil
	}
	ev := actor.Event("", "upload", r.URL.Path)
	ev.Tenant = t
	err := s.virusScan.Check(r.Context(), ev, field, int64(len(data)), bytes.NewReader(data))
	var rej *virusscan.Rejection
	if !errors.As(err, &rej) {
		return err
	}
	switch rej.Reason {
	case virusscan.Infected:
		return &apiError{status: http.StatusUnprocessableEntity, message: rej.Message, fields: map[string]string{field: rej.Message}}
	case virusscan.TooLarge:
		return newError(http.StatusRequestEntityTooLarge, rej.Message)
	}
	return newError(http.StatusServiceUnavailable, rej.Message)
}
