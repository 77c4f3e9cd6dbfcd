package catalog

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// Store is what the catalogue needs from the database. Every method takes
// the tenant and touches only its rows; methods that change data take the
// audit event to record in the same transaction (the store fills in the
// target ID where it makes the row).
type Store interface {
	Categories(ctx context.Context, t oroshi.TenantID) ([]Category, error)
	CreateCategory(ctx context.Context, c Category, ev audit.Event) (Category, error)
	UpdateCategory(ctx context.Context, c Category, ev audit.Event) (Category, error)
	// DeleteCategory refuses (with CategoryInUse) while the category has
	// subcategories or products, checked in the deleting transaction.
	DeleteCategory(ctx context.Context, t oroshi.TenantID, id oroshi.ID, ev audit.Event) error

	// CreateProduct inserts a product with its SKUs and visibility; a 品番
	// already used by the tenant fails with CodeTaken and writes nothing.
	CreateProduct(ctx context.Context, p Product, ev audit.Event) (Product, error)
	// UpdateProduct saves the product's fields, visibility and SKUs: SKUs
	// with an ID are updated (stock excepted: see AdjustStock), SKUs without
	// one are added, and the product's other SKUs are deleted. p.UpdatedAt
	// is the version read before; another stored version wraps ErrConflict.
	UpdateProduct(ctx context.Context, p Product, ev audit.Event) (Product, error)
	SetProductStatus(ctx context.Context, t oroshi.TenantID, id oroshi.ID, s Status, ev audit.Event) error
	SetVisibility(ctx context.Context, t oroshi.TenantID, id oroshi.ID, v Visibility, ev audit.Event) error
	DeleteProduct(ctx context.Context, t oroshi.TenantID, id oroshi.ID, ev audit.Event) error
	// Product returns one product with its SKUs, images and visibility.
	Product(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Product, error)
	// AdjustStock adds delta (negative to take away) to a SKU's stock in
	// one statement and returns the new stock; a result below zero changes
	// nothing and wraps ErrOutOfStock. ev is recorded with the reason and
	// the stock before and after in its detail.
	AdjustStock(ctx context.Context, t oroshi.TenantID, skuID oroshi.ID, delta int64, reason string,
		ev audit.Event) (int64, error)

	AddImage(ctx context.Context, t oroshi.TenantID, up ImageUpload, ev audit.Event) (Image, error)
	DeleteImage(ctx context.Context, t oroshi.TenantID, productID, imageID oroshi.ID, ev audit.Event) error
	// ReorderImages sets the display order; ids must be exactly the
	// product's images.
	ReorderImages(ctx context.Context, t oroshi.TenantID, productID oroshi.ID, ids []oroshi.ID, ev audit.Event) error
	ProductImage(ctx context.Context, t oroshi.TenantID, imageID oroshi.ID, thumb bool) (ImageFile, error)

	Products(ctx context.Context, t oroshi.TenantID, f ProductFilter) (ProductList, error)
	// The buyer queries show only published products the viewer may see;
	// anything else answers as missing.
	BuyerProducts(ctx context.Context, t oroshi.TenantID, v Viewer, f BuyerFilter) (ProductList, error)
	// BuyerCategoryCounts counts, by category, the products v may see that
	// are placed right in it (not below it), in one statement.
	BuyerCategoryCounts(ctx context.Context, t oroshi.TenantID, v Viewer) (map[oroshi.ID]int, error)
	// CatalogVersion moves on with every change to what buyers see of the
	// catalogue (categories; products, their SKUs and images; visibility;
	// a SKU's stock class, StockClassOf), in the changing transaction;
	// stock within a class and prices are not part of it.
	CatalogVersion(ctx context.Context, t oroshi.TenantID) (int64, error)
	// BuyersOnVisibilityLists lists the buyers some product's visibility
	// list names (each once).
	BuyersOnVisibilityLists(ctx context.Context, t oroshi.TenantID) ([]oroshi.ID, error)
	BuyerProduct(ctx context.Context, t oroshi.TenantID, v Viewer, id oroshi.ID) (Product, error)
	BuyerImage(ctx context.Context, t oroshi.TenantID, v Viewer, imageID oroshi.ID, thumb bool) (ImageFile, error)
}

// ErrOutOfStock means a stock change would leave less than zero. The
// ordering issue reserves stock through the same statement and reports it
// to the buyer.
var ErrOutOfStock = errors.New("out of stock")

// Paging limits.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// Page selects a page of a listing: by Cursor (keyset, from a previous
// list's NextCursor) when set, else by Offset. Limit 0 means DefaultLimit.
type Page struct {
	Limit  int
	Offset int
	Cursor string
}

// ProductFilter selects products for seller staff.
type ProductFilter struct {
	CategoryID oroshi.ID // with its descendants; 0 for all
	Status     Status    // "" for all
	Query      string    // words matched against name, kana, 品番 and JAN
	Page
}

// BuyerFilter selects products for a buyer; only published, visible ones
// are ever returned.
type BuyerFilter struct {
	CategoryID oroshi.ID
	Query      string
	Page
	// Total, when more than 0, is the number of products the listing
	// holds, known already (the buyer's category tree counts a category's
	// products): the listing is not counted again.
	Total int
}

// ProductList is one page of a listing, newest product first.
type ProductList struct {
	Products   []Product // with SKUs and ImageID, without Images
	Total      int       // products matching the filter, on all pages
	NextCursor string    // "" on the last page
}

// EncodeCursor makes the opaque cursor of a page that ended at product id.
func EncodeCursor(id oroshi.ID) string {
	return base64.RawURLEncoding.EncodeToString([]byte("p" + id.String()))
}

// DecodeCursor reads a cursor made by EncodeCursor.
func DecodeCursor(s string) (oroshi.ID, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil && len(b) > 1 && b[0] == 'p' {
		if n, perr := strconv.ParseInt(string(b[1:]), 10, 64); perr == nil && n > 0 {
			return oroshi.ID(n), nil
		}
	}
	return 0, fmt.Errorf("cursor %q: %w", s, oroshi.Invalid("cursor", "ページの指定が正しくありません。最初のページから開き直してください"))
}

// tidyPage clamps the limit and checks the offset and cursor.
func tidyPage(p *Page) error {
	switch {
	case p.Limit <= 0:
		p.Limit = DefaultLimit
	case p.Limit > MaxLimit:
		p.Limit = MaxLimit
	}
	if p.Offset < 0 || p.Offset > 1_000_000 {
		return oroshi.Invalid("offset", "ページの指定が正しくありません")
	}
	if p.Cursor != "" {
		_, err := DecodeCursor(p.Cursor)
		return err
	}
	return nil
}

// tidyQuery bounds the text of a search.
func tidyQuery(q string) (string, error) {
	if runeLen(q) > 100 {
		return "", oroshi.Invalid("q", "検索語は100文字以内で入力してください")
	}
	return q, nil
}
