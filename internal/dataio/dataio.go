// Package dataio moves a seller's data in and out as CSV files that
// Japanese staff open in Excel: buyer companies (取引先), their ship-to
// addresses (納品先), the fixed prices of price lists (価格表), buyer
// prices (個別単価) and products with their SKUs (商品).
//
// Each kind of file has one set of columns, named with the seller's own
// labels (customfields.Labels), and the export's header is exactly what the
// import reads, so that export → edit in Excel → import round-trips.
//
// Exports stream: rows are written as the store hands them over, a page at
// a time, so memory stays flat whatever the size. Imports run as a job: the
// uploaded file is stored, every row is checked (a dry run stops there and
// writes nothing), and a commit applies every row in one transaction or,
// at the first problem, nothing at all.
//
// Adding a kind (products, say) means: a Kind constant and its entry in
// kinds, its columns, an exporter over a store iterator, an importer
// (parse → Keys, plan → writes) and the store's part of Snapshot and of
// CommitImport for its writes.
package dataio

import (
	"context"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Kind is a kind of CSV file.
type Kind string

// Kinds of file. The values are stored in csv_imports and used in URLs.
const (
	KindBuyers      Kind = "buyers"           // 取引先: one row per buyer company
	KindShipTos     Kind = "ship_tos"         // 納品先: one row per ship-to address
	KindPriceItems  Kind = "price_list_items" // 価格表: one row per quantity break of a SKU in a fixed list
	KindBuyerPrices Kind = "buyer_prices"     // 個別単価: one row per quantity break of a buyer price
	KindProducts    Kind = "products"         // 商品: one row per SKU, its product's columns repeated
)

// Kinds lists the kinds in the order screens offer them.
func Kinds() []Kind {
	return []Kind{KindBuyers, KindShipTos, KindPriceItems, KindBuyerPrices, KindProducts}
}

// Valid tells whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds() {
		if x == k {
			return true
		}
	}
	return false
}

// Label is the kind's Japanese name, used in file names and audit actions.
func (k Kind) Label() string {
	switch k {
	case KindBuyers:
		return "取引先"
	case KindShipTos:
		return "納品先"
	case KindPriceItems:
		return "価格表"
	case KindBuyerPrices:
		return "個別単価"
	case KindProducts:
		return "商品"
	case KindOrders:
		return "注文"
	case KindOrderLines:
		return "注文明細"
	case KindQuotes:
		return "見積"
	case KindInvoices:
		return "請求書"
	case KindPayments:
		return "入金"
	}
	return string(k)
}

// Import statuses.
const (
	StatusPending   = "pending"   // waiting for its job
	StatusRunning   = "running"   // being checked or written
	StatusSucceeded = "succeeded" // checked without error (dry run) or written (commit)
	StatusFailed    = "failed"    // problems found: nothing was written
)

// Import is one uploaded file and what became of it.
type Import struct {
	ID         oroshi.ID
	Tenant     oroshi.TenantID
	Kind       Kind
	Status     string
	DryRun     bool
	Filename   string
	Encoding   string // as asked ("auto", "utf-8", "shift_jis"), then as detected
	TotalRows  int
	DoneRows   int
	ErrorCount int // every problem found, also those not kept in Result
	Result     Result
	CreatedBy  oroshi.ID
	CreatedAt  time.Time
	FinishedAt time.Time // zero while pending or running
	Data       []byte    // the file; only CreateImport and ImportData carry it
}

// Finished tells whether the import's job is over.
func (im Import) Finished() bool { return im.Status == StatusSucceeded || im.Status == StatusFailed }

// Result is what an import found and did.
type Result struct {
	Errors  csvio.Errors `json:"errors"`  // the first csvio.MaxErrors problems, by row
	Omitted int          `json:"omitted"` // problems beyond those
	Counts  Counts       `json:"counts"`
}

// Counts are the records a file creates, updates, leaves as they are and
// deletes (ship-tos missing from the file). A record is a buyer, a ship-to,
// a SKU of a price list or a buyer price, whatever number of rows it takes.
type Counts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Deleted   int `json:"deleted"`
}

// ShipToRow is a ship-to with its company, as exports read it.
type ShipToRow struct {
	BuyerCode string
	BuyerName string
	buyers.ShipTo
}

// ItemRow is one SKU's breaks in a fixed price list, as exports read it.
type ItemRow struct {
	GroupCode string
	List      pricing.PriceList
	SKU       pricing.SKUInfo
	Breaks    []pricing.Break
}

// ProductRow is one SKU with its product (without SKUs), as the products
// export reads it. GroupCode is the 品番 of the product's first SKU (by
// position): the file's 親品番, which gathers the rows of one product.
type ProductRow struct {
	GroupCode string
	Product   catalog.Product
	SKU       catalog.SKU
}

// Store is what dataio needs from the database. Exports read through the
// Each methods, which page with keyset order inside and call fn outside any
// transaction, one record at a time; fn's error stops the iteration.
type Store interface {
	EachBuyer(ctx context.Context, t oroshi.TenantID, fn func(buyers.Buyer) error) error
	EachShipTo(ctx context.Context, t oroshi.TenantID, fn func(ShipToRow) error) error
	EachPriceListItem(ctx context.Context, t oroshi.TenantID, fn func(ItemRow) error) error
	EachBuyerPrice(ctx context.Context, t oroshi.TenantID, fn func(pricing.BuyerPriceWithRefs) error) error
	// EachProductSKU calls fn on every SKU of t, product by product, each
	// product's SKUs by position. Unlike the others it reads in a single
	// statement (one snapshot, one row in memory) and calls fn while that
	// read is open: paging cost the products file two thirds of its time.
	EachProductSKU(ctx context.Context, t oroshi.TenantID, fn func(ProductRow) error) error
	Categories(ctx context.Context, t oroshi.TenantID) ([]catalog.Category, error)
	PriceGroups(ctx context.Context, t oroshi.TenantID) ([]buyers.PriceGroup, error)
	CustomFields(ctx context.Context, t oroshi.TenantID, e customfields.Entity) ([]customfields.Field, error)
	FieldLabels(ctx context.Context, t oroshi.TenantID, e customfields.Entity) (map[string]string, error)
	RecordAudit(ctx context.Context, e audit.Event) error

	ImportStore
}

// ImportStore keeps uploaded files and applies imports.
type ImportStore interface {
	// CreateImport stores im (with its Data) as pending and enqueues its
	// job in the same transaction.
	CreateImport(ctx context.Context, im Import) (Import, error)
	// Import returns one import without its data.
	Import(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Import, error)
	// Imports lists the latest imports of t, newest first, without data.
	Imports(ctx context.Context, t oroshi.TenantID, limit int) ([]Import, error)
	ImportData(ctx context.Context, t oroshi.TenantID, id oroshi.ID) ([]byte, error)
	// StartImport marks a pending or running import running and reports
	// whether it should run (false once finished: a retried job stops).
	StartImport(ctx context.Context, t oroshi.TenantID, id oroshi.ID, encoding string) (bool, error)
	ImportProgress(ctx context.Context, t oroshi.TenantID, id oroshi.ID, done, total int) error
	// FinishImport records the outcome of an import that wrote nothing.
	FinishImport(ctx context.Context, t oroshi.TenantID, id oroshi.ID, status string, total, errorCount int, r Result) error
	// Snapshot reads the rows an import's keys name.
	Snapshot(ctx context.Context, t oroshi.TenantID, k Keys) (Snapshot, error)
	// CommitImport, in one transaction: locks and reads the snapshot of k,
	// calls fn, applies the plan it returns and marks the import
	// succeeded with r (its counts taken from the plan). fn's error, or
	// any write failing, rolls everything back.
	CommitImport(ctx context.Context, t oroshi.TenantID, id oroshi.ID, k Keys, r Result,
		fn func(Snapshot) (Plan, error)) error
}

// Service exports and imports CSV files.
type Service struct {
	Store Store
	Now   func() time.Time // nil: time.Now
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}
