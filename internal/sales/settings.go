package sales

import (
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Settings are a tenant's sales settings.
type Settings struct {
	// TaxRounding rounds the consumption tax of each rate (端数処理);
	// 切り捨て (floor) unless the seller chose otherwise.
	TaxRounding pricing.Rounding
	UpdatedAt   time.Time
}

// DefaultSettings are the settings of a tenant that never saved any.
func DefaultSettings() Settings { return Settings{TaxRounding: pricing.RoundFloor} }

// BuyerSettings are the ordering settings of one buyer company.
type BuyerSettings struct {
	BuyerID oroshi.ID
	// BuyerApproval: a purchaser's order above the purchaser's OrderLimit
	// waits for the company's buyer admin (社内承認) before the seller
	// receives it.
	BuyerApproval bool
	// AutoApprove: the seller approves this company's orders automatically
	// when it receives them (自動承認).
	AutoApprove bool
	// ApproverUserID is the seller staff member assigned to approve (and be
	// told about) this company's orders; 0 when nobody is assigned.
	ApproverUserID oroshi.ID
	UpdatedAt      time.Time
}

// UserLimit is a buyer user's order limit (tax included); 0 means none.
type UserLimit struct {
	UserID     oroshi.ID
	OrderLimit oroshi.Yen
}

// MaxOrderLimit bounds an order limit (1兆円).
const MaxOrderLimit = pricing.MaxYen

// NeedsBuyerApproval decides whether an order placed by a user with role
// and limit starts in buyer_approval: only with the company's BuyerApproval
// on, only for a purchaser (発注担当者), and only above a set limit.
func NeedsBuyerApproval(bs BuyerSettings, purchaser bool, limit, total oroshi.Yen) bool {
	return bs.BuyerApproval && purchaser && limit > 0 && total > limit
}
