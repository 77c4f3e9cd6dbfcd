package web

import "net/http"

// maxExports is how many data downloads (CSV exports, the tenant's full
// export) an instance streams at once. Each holds a database connection
// for its whole length; with more at once, a few staff exporting a large
// order history left the pages of everybody else waiting for connections
// (the load test's cost-growth runs). The others wait their turn.
const maxExports = 2

// exportGate makes h wait for one of the export slots. It waits before
// the page signs anybody in, so a waiting download holds no connection.
func (s *Server) exportGate(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case s.exports <- struct{}{}:
		case <-r.Context().Done(): // the client gave up
			return
		}
		defer func() { <-s.exports }()
		h.ServeHTTP(w, r)
	})
}
