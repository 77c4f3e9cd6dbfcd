package watchdog

import (
	"net/http"
	"time"

	"github.com/oroshi-jp/oroshi/internal/logging"
	"github.com/oroshi-jp/oroshi/internal/slo"
)

// Middleware feeds rec with every request's route pattern, status and
// duration: the hourly SLO figures and the watchdog's error rate. A
// panicking handler counts as a 500.
func Middleware(rec *slo.Recorder, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := logging.NewStatusWriter(w)
		finished := false
		defer func() { rec.Observe(start, logging.Route(r), logging.Served(sw, finished), time.Since(start)) }()
		next.ServeHTTP(sw, r)
		finished = true
	})
}
