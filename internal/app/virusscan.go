package app

import "github.com/oroshi-jp/oroshi/internal/virusscan"

// virusGuard scans uploads with the configured clamd; nil when
// OROSHI_CLAMD_ADDR is unset.
func (a *App) virusGuard() *virusscan.Guard {
	v := a.Config.VirusScan
	if v.Addr == "" {
		return nil
	}
	return &virusscan.Guard{Client: virusscan.New(v.Addr, v.MaxBytes, v.Timeout), Record: a.Store.RecordAudit, Log: a.Log}
}
