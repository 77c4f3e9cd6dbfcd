package billing

import (
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Bucket is an aging column of the 未回収一覧.
type Bucket int

// Buckets by days past the due date.
const (
	BucketCurrent Bucket = iota // not yet due (期日前)
	Bucket1to30
	Bucket31to60
	Bucket61to90
	BucketOver90
	bucketCount
)

// Buckets lists them in display order.
var Buckets = []Bucket{BucketCurrent, Bucket1to30, Bucket31to60, Bucket61to90, BucketOver90}

// Label is the column heading.
func (b Bucket) Label() string {
	return [...]string{"期日前", "1〜30日超過", "31〜60日超過", "61〜90日超過", "90日超過"}[b]
}

// BucketOf places an amount due on due by its days past due at today.
func BucketOf(due, today pricing.Date) Bucket {
	days := daysBetween(due, today)
	switch {
	case days <= 0:
		return BucketCurrent
	case days <= 30:
		return Bucket1to30
	case days <= 60:
		return Bucket31to60
	case days <= 90:
		return Bucket61to90
	}
	return BucketOver90
}

func daysBetween(a, b pricing.Date) int {
	ta := time.Date(a.Year, a.Month, a.Day, 0, 0, 0, 0, time.UTC)
	tb := time.Date(b.Year, b.Month, b.Day, 0, 0, 0, 0, time.UTC)
	return int(tb.Sub(ta).Hours() / 24)
}

// OpenItem is an invoice with a balance still to collect.
type OpenItem struct {
	BuyerID   oroshi.ID
	BuyerCode string
	BuyerName string
	DueDate   pricing.Date
	Balance   oroshi.Yen
}

// AgingRow is one buyer of the aging list.
type AgingRow struct {
	BuyerID   oroshi.ID
	BuyerCode string
	BuyerName string
	Amounts   [bucketCount]oroshi.Yen
	Total     oroshi.Yen
}

// Amount is the row's amount in bucket b (for templates).
func (r AgingRow) Amount(b Bucket) oroshi.Yen { return r.Amounts[b] }

// Aging is the 未回収一覧 at today.
type Aging struct {
	Today  pricing.Date
	Rows   []AgingRow // by buyer code
	Totals AgingRow   // column totals
}

// BuildAging sums open items per buyer and bucket; items come ordered by
// buyer code. Items without a positive balance are left out.
func BuildAging(items []OpenItem, today pricing.Date) Aging {
	a := Aging{Today: today}
	idx := map[oroshi.ID]int{}
	for _, it := range items {
		if it.Balance <= 0 {
			continue
		}
		i, ok := idx[it.BuyerID]
		if !ok {
			i = len(a.Rows)
			idx[it.BuyerID] = i
			a.Rows = append(a.Rows, AgingRow{BuyerID: it.BuyerID, BuyerCode: it.BuyerCode, BuyerName: it.BuyerName})
		}
		b := BucketOf(it.DueDate, today)
		a.Rows[i].Amounts[b] += it.Balance
		a.Rows[i].Total += it.Balance
		a.Totals.Amounts[b] += it.Balance
		a.Totals.Total += it.Balance
	}
	return a
}
