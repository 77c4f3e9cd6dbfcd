package web

import (
	"fmt"
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/virusscan"
)

// scanUploads runs every file of a multipart request through the virus
// scanner, when one is configured, before the handler sees the request
// (checkCSRF calls it, so every upload route is covered). It fails closed:
// a file that cannot be scanned is refused.
func (s *Server) scanUploads(r *http.Request) error {
	if s.VirusScan == nil || r.MultipartForm == nil {
		return nil
	}
	rc := reqCtx(r)
	a := audit.Actor{Realm: string(rc.area.realm), ClientAddr: clientAddr(r)}
	if rc.user != nil {
		a.Realm, a.ID = string(rc.user.Realm), rc.user.ID
	}
	ev := a.Event("", "upload", r.URL.Path)
	ev.Tenant = rc.tenantID()
	for field, fhs := range r.MultipartForm.File {
		for _, fh := range fhs {
			f, err := fh.Open()
			if err != nil {
				return fmt.Errorf("open upload %s: %w", field, err)
			}
			err = s.VirusScan.Check(r.Context(), ev, fh.Filename, fh.Size, f)
			f.Close()
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// rejectionStatus is the HTTP status of a refused upload.
func rejectionStatus(rej *virusscan.Rejection) int {
	switch rej.Reason {
	case virusscan.Infected:
		return http.StatusUnprocessableEntity
	case virusscan.TooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusServiceUnavailable
}
