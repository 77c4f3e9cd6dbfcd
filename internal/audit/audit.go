// Package audit is the operation history (操作履歴): who did what, when, to
// which target, with the changed fields.
package audit

import (
	"time"

	"github.com/oroshi-jp/oroshi"
)

// Actor realms.
const (
	RealmOps    = "ops"
	RealmAdmin  = "admin"
	RealmShop   = "shop"
	RealmAPI    = "api"
	RealmSystem = "system"
)

// Event is one entry. Action is the Japanese label shown to people, e.g.
// "顧客データ（更新）" or "ログイン".
type Event struct {
	ID         oroshi.ID
	Tenant     oroshi.TenantID
	At         time.Time
	ActorRealm string
	ActorID    oroshi.ID
	Action     string
	TargetType string
	TargetID   string
	Detail     map[string]any // changed fields: {"name": {"before": …, "after": …}}
	ClientAddr string

	// The event's place in its tenant's hash chain (see chain.go), set by
	// the store when it records the event; callers leave them zero.
	Seq      int64
	PrevHash string
	Hash     string
}

// Actor is who acts in a request, passed down to services so that every
// change can be recorded against a person.
type Actor struct {
	Realm      string
	ID         oroshi.ID
	ClientAddr string
}

// Event starts an event by this actor.
func (a Actor) Event(action, targetType, targetID string) Event {
	return Event{ActorRealm: a.Realm, ActorID: a.ID, ClientAddr: a.ClientAddr,
		Action: action, TargetType: targetType, TargetID: targetID}
}
