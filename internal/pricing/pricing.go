// Package pricing decides the unit price a buyer pays for a SKU.
//
// The seller keeps four kinds of rule, tried in this order:
//
//  1. 個別単価 (BuyerPrice): a price agreed with one buyer for one SKU;
//  2. グループ価格表, fixed (PriceList of KindFixed + PriceListItem): a price
//     per SKU for every buyer of a price group (rank);
//  3. 掛け率 (PriceList of KindRate): a rate on the list price for every SKU,
//     for every buyer of the group, rounded to whole yen;
//  4. 定価: the SKU's list price.
//
// Rules 1 and 2 carry quantity breaks (数量別単価). Every rule but the list
// price has an inclusive validity period in JST dates. Resolve applies the
// first rule that is valid on the date and has a break for the quantity, and
// explains every candidate it looked at, for the seller's price check screen.
//
// Money is integer yen (oroshi.Yen), tax-exclusive; rates are integer basis
// points (1 bp = 0.01 %, 7250 bp = 72.5 %). No floating point touches money.
// Resolution is pure: the store loads the candidate rows of one buyer for a
// set of SKUs and this package decides.
package pricing

import "github.com/oroshi-jp/oroshi"

// MaxYen bounds every amount pricing accepts: 1兆円, far above any unit
// price, and small enough that MaxYen × MaxRateBP = 10^17 stays well inside
// int64 (≈9.2 × 10^18), so ApplyRate never overflows on validated input.
const MaxYen oroshi.Yen = 1_000_000_000_000

// Bounds of a rate, in basis points (1 bp = 0.01 %).
const (
	MinRateBP = 1       // 0.01 %
	MaxRateBP = 100_000 // 1000 %: a rate above list price is legal (e.g. small-lot surcharges)
	bpPerUnit = 10_000  // basis points in 100 %
)

// PriceGroup is a price group or rank (価格グループ／ランク) of one tenant.
// A buyer belongs to at most one group; the buyers package records which.
type PriceGroup struct {
	ID     oroshi.ID
	Tenant oroshi.TenantID
	Code   string // the seller's own code, unique per tenant (e.g. "A", "RANK1")
	Name   string
}

// Kind says whether a price list holds fixed prices per SKU or one rate.
type Kind string

// Price list kinds. The values are stored in the database and the API.
const (
	KindFixed Kind = "fixed" // a price per SKU in PriceListItem rows
	KindRate  Kind = "rate"  // RateBP × list price for every SKU; items are ignored
)

// Label is the Japanese name shown on screens.
func (k Kind) Label() string {
	switch k {
	case KindFixed:
		return "固定価格"
	case KindRate:
		return "掛け率"
	}
	return string(k)
}

// Rounding is how a rate-based price is brought to whole yen (端数処理).
type Rounding string

// Rounding modes. The values are stored in the database and the API.
const (
	RoundFloor  Rounding = "floor"   // 切り捨て: the usual choice, never above the exact price
	RoundHalfUp Rounding = "half_up" // 四捨五入: ½ yen and above goes up
	RoundCeil   Rounding = "ceil"    // 切り上げ
)

// Roundings lists the modes in the order a form offers them.
var Roundings = []Rounding{RoundFloor, RoundHalfUp, RoundCeil}

// Label is the Japanese name shown on screens.
func (r Rounding) Label() string {
	switch r {
	case RoundFloor:
		return "切り捨て"
	case RoundHalfUp:
		return "四捨五入"
	case RoundCeil:
		return "切り上げ"
	}
	return string(r)
}

func (r Rounding) valid() bool {
	return r == RoundFloor || r == RoundHalfUp || r == RoundCeil
}

// PriceList is a price list (価格表) for one price group. Several lists may
// serve one group (a standing list and a campaign, say); among valid lists of
// the same kind the one with the highest Priority wins, then the latest
// ValidFrom (an open start counts as earliest), then the lowest ID.
type PriceList struct {
	ID       oroshi.ID
	Tenant   oroshi.TenantID
	GroupID  oroshi.ID
	Name     string
	Kind     Kind
	RateBP   int      // KindRate only: basis points of the list price, MinRateBP..MaxRateBP
	Rounding Rounding // KindRate only
	Valid    Period
	Priority int // 0..MaxPriority; higher wins among lists of one kind
}

// MaxPriority bounds PriceList.Priority so a form can offer a small number.
const MaxPriority = 999

// PriceListItem is the fixed price of one SKU in a KindFixed price list.
type PriceListItem struct {
	ListID oroshi.ID
	SKUID  oroshi.ID
	Breaks []Break
}

// BuyerPrice is a price agreed with one buyer for one SKU (個別単価).
type BuyerPrice struct {
	ID      oroshi.ID
	Tenant  oroshi.TenantID
	BuyerID oroshi.ID
	SKUID   oroshi.ID
	Valid   Period
	Breaks  []Break
}

// Break is one quantity break (数量別単価): Price applies from MinQty units
// upwards until the next break. A valid set of breaks starts at MinQty 1, so
// every quantity has a price; the slice need not be sorted. The JSON names
// are those of the breaks column and the API: {"min_qty":10,"price":1100}.
type Break struct {
	MinQty int        `json:"min_qty"`
	Price  oroshi.Yen `json:"price"`
}

// breakFor returns the break with the greatest MinQty ≤ qty. A linear scan
// keeps Resolve independent of the order the store returns rows in.
func breakFor(breaks []Break, qty int) (Break, bool) {
	var best Break
	found := false
	for _, b := range breaks {
		if b.MinQty <= qty && (!found || b.MinQty > best.MinQty) {
			best, found = b, true
		}
	}
	return best, found
}
