package web

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/oroshi-jp/oroshi/internal/tenantexport"
)

// exportView is the full export page.
type exportView struct {
	ContractEnd string
	Kinds       []string
}

func (s *Server) adminExportPage(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	return s.render(w, r, http.StatusOK, "admin/export", &Page{Title: "データ一括出力",
		Data: exportView{ContractEnd: rc.tenant.Contract.End}})
}

// adminExport streams the ZIP. The history entry is written before the
// first byte; an error after it breaks the response off (the client sees
// a truncated download, never a ZIP that looks whole).
func (s *Server) adminExport(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	if s.Export == nil {
		return fmt.Errorf("full export is not wired")
	}
	now := time.Now()
	if s.Export.Now != nil {
		now = s.Export.Now()
	}
	cw := &zipDownload{w: w, name: tenantexport.Filename(*rc.tenant, now)}
	_, err := s.Export.Write(r.Context(), *rc.tenant, buyerActor(r), cw)
	if err != nil && cw.n > 0 {
		s.Logger.ErrorContext(r.Context(), "full export broken off", "tenant", rc.tenant.Slug, "err", err)
		panic(http.ErrAbortHandler)
	}
	return err
}

// zipDownload sends the download's headers with its first byte and
// tells whether anything was sent.
type zipDownload struct {
	w    http.ResponseWriter
	name string
	n    int64
}

func (c *zipDownload) Write(p []byte) (int, error) {
	if c.n == 0 {
		h := c.w.Header()
		h.Set("Content-Type", "application/zip")
		h.Set("Content-Disposition", "attachment; filename=\""+c.name+"\"; filename*=UTF-8''"+url.PathEscape(c.name))
		h.Set("Cache-Control", "no-store")
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
