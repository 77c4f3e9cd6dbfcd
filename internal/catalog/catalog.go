// Package catalog is the seller's product catalogue: a category tree,
// products with one or more SKUs (品番), images, who may see a product, stock
// and the normalisation behind Japanese substring search.
//
// The rules live here; the SQL lives in sqlstore, behind the Store interface
// declared in this package. Validation errors are *oroshi.ValidationError
// with Japanese messages keyed by form field; fields of the i-th SKU in a
// product form are keyed "skus[i].code", "skus[i].jan" and so on.
package catalog

import (
	"time"

	"github.com/oroshi-jp/oroshi"
)

// Limits of the catalogue.
const (
	MaxCategoryDepth = 4              // a root category is depth 1
	MaxListPrice     = 10_000_000_000 // 100億円: far above any unit price
	MaxQuantity      = 1_000_000      // bound on 入数, lot and minimum order quantity
	MaxImageBytes    = 5 << 20        // upload limit (5 MiB)
	MaxImagePixels   = 40_000_000     // decompression-bomb guard (40 megapixels)
	DisplaySize      = 1200           // long side of the stored display image
	ThumbSize        = 240            // long side of the thumbnail
	MaxImages        = 20             // images per product
)

// Category is one node of a tenant's category tree.
type Category struct {
	ID        oroshi.ID
	Tenant    oroshi.TenantID
	ParentID  oroshi.ID // 0 for a root category
	Name      string
	Kana      string
	Position  int // order among siblings, ascending
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TaxClass is a product's consumption-tax class.
type TaxClass string

// Tax classes. The values are stored in the database and the API.
const (
	TaxStandard TaxClass = "standard" // 10 %
	TaxReduced  TaxClass = "reduced"  // 8 % (food and drink, newspapers)
)

// TaxClasses lists the classes in the order a form offers them.
var TaxClasses = []TaxClass{TaxStandard, TaxReduced}

// Label is the Japanese name shown on screens.
func (c TaxClass) Label() string {
	switch c {
	case TaxStandard:
		return "標準税率10%"
	case TaxReduced:
		return "軽減税率8%"
	}
	return string(c)
}

// RatePercent is the tax rate in percent.
func (c TaxClass) RatePercent() int {
	if c == TaxReduced {
		return 8
	}
	return 10
}

func (c TaxClass) valid() bool { return c == TaxStandard || c == TaxReduced }

// Status is a product's place in its life.
type Status string

// Product statuses. Only published products are ever shown to buyers.
const (
	StatusDraft        Status = "draft"
	StatusPublished    Status = "published"
	StatusDiscontinued Status = "discontinued"
)

// Statuses lists the statuses in the order a form offers them.
var Statuses = []Status{StatusDraft, StatusPublished, StatusDiscontinued}

// Label is the Japanese name shown on screens.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "下書き"
	case StatusPublished:
		return "公開"
	case StatusDiscontinued:
		return "販売終了"
	}
	return string(s)
}

func (s Status) valid() bool {
	return s == StatusDraft || s == StatusPublished || s == StatusDiscontinued
}

// VisibilityMode says whether every buyer may see a product.
type VisibilityMode string

// Visibility modes. The values are stored in the database and the API.
const (
	VisibleToAll VisibilityMode = "all"
	Restricted   VisibilityMode = "restricted" // only the listed groups and buyers
)

// Label is the Japanese name shown on screens.
func (m VisibilityMode) Label() string {
	switch m {
	case VisibleToAll:
		return "すべての取引先"
	case Restricted:
		return "指定した取引先のみ"
	}
	return string(m)
}

// Visibility is who may see a product. With Restricted, a buyer sees the
// product when its price group is in GroupIDs or the buyer is in BuyerIDs.
type Visibility struct {
	Mode     VisibilityMode
	GroupIDs []oroshi.ID // price groups (価格グループ)
	BuyerIDs []oroshi.ID // buyer companies (取引先)
}

// Product is one article of the catalogue with its SKUs.
type Product struct {
	ID          oroshi.ID
	Tenant      oroshi.TenantID
	CategoryID  oroshi.ID // 0: not in a category
	Name        string
	Kana        string
	Description string
	TaxClass    TaxClass
	Status      Status
	Visibility  Visibility
	// Custom holds the values of the tenant's custom fields, keyed by field
	// key; the customfields package validates them through ValidateCustom.
	Custom map[string]any
	SKUs   []SKU
	// Images are the product's images in display order (metadata only);
	// listings leave it empty and set ImageID.
	Images  []Image
	ImageID oroshi.ID // the first image, 0 when there is none
	// UpdatedAt doubles as the version of the row: an update whose
	// UpdatedAt is set and differs from the stored one wraps ErrConflict.
	CreatedAt time.Time
	UpdatedAt time.Time
}

// SKU is one orderable variant of a product (e.g. 「1kg」 and 「500g」).
type SKU struct {
	ID         oroshi.ID
	ProductID  oroshi.ID
	Code       string // 品番, unique per tenant
	JAN        string // "" or 8/13 digits with a valid check digit
	Variant    string
	Unit       string // 個, 箱, ケース …
	CaseQty    int    // 入数
	OrderLot   int    // 発注単位: quantities are multiples of it
	MinQty     int    // 最小発注数: a multiple of OrderLot
	ListPrice  oroshi.Yen
	TrackStock bool
	Stock      int64
	Position   int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Image is the metadata of a product image. The stored display version is
// a JPEG of at most DisplaySize pixels on its long side; see ThumbDims for
// the thumbnail.
type Image struct {
	ID          oroshi.ID
	ProductID   oroshi.ID
	Position    int
	ContentType string
	Width       int
	Height      int
	SHA256      string // hex of the display JPEG, usable as an ETag
	CreatedAt   time.Time
}

// ImageFile is an image with the bytes of one of its versions.
type ImageFile struct {
	Image
	Data []byte
}

// ImageUpload is a processed image ready to be stored.
type ImageUpload struct {
	Image   Image
	Display []byte
	Thumb   []byte
}

// Viewer is the buyer company looking at the shop, with its price group
// (0 when it has none). Buyer queries show only what this viewer may see.
type Viewer struct {
	BuyerID oroshi.ID
	GroupID oroshi.ID
}
