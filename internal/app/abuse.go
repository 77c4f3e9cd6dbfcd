package app

import (
	"github.com/oroshi-jp/oroshi/internal/abuse"
)

// guard is the abuse guard (rate limits, automatic blocks) of this
// instance, made once; tests may replace its clock before requests.
func (a *App) guard() *abuse.Guard {
	if a.Guard == nil {
		a.Guard = &abuse.Guard{Store: a.Store, Policy: abuse.DefaultPolicy, Exempt: a.Config.Abuse.Exempt,
			Now: a.Store.Now, Log: a.Log}
	}
	return a.Guard
}
