package health

import "time"

// SetTimeout shortens the check timeout so a test of a hung database is quick.
func (h *Readiness) SetTimeout(d time.Duration) { h.timeout = d }
