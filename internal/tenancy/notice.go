package tenancy

import (
	"time"

	"github.com/oroshi-jp/oroshi"
)

// Notice is a seller's announcement (お知らせ) to its buyers ("shop"), to its
// own staff ("admin") or to both ("all"). Public notices may be shown on
// the shop's sign-in page when the tenant allows it.
type Notice struct {
	ID          oroshi.ID
	Tenant      oroshi.TenantID
	Audience    string
	Title       string
	Body        string
	Public      bool
	PublishedAt time.Time
}

// Counts are the figures on the seller admin home page.
type Counts struct {
	Staff      int
	Buyers     int
	BuyerUsers int
}
