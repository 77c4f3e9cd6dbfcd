package api

import (
	"context"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// What a buyer sees: /api/v1/buyers/{id}/catalog. The products come from
// the catalogue's buyer queries (published, and visible to the buyer or its
// price group: the same condition as the shop), the prices from pricing's
// cart for that buyer alone, so the answer can hold neither a hidden
// product nor another buyer's price.

// BuyerCatalog is a page of the products a buyer may see, with its prices.
type BuyerCatalog struct {
	List[BuyerCatalogItem]
	Total     int    `json:"total" doc:"条件に合う商品の総数（この取引先に見えるもののみ）"`
	BuyerID   string `json:"buyer_id" doc:"取引先ID"`
	PriceDate string `json:"price_date" doc:"単価を決めた日 YYYY-MM-DD（日本時間の今日）"`
}

// BuyerCatalogItem is a product as the buyer sees it.
type BuyerCatalogItem struct {
	ID           string     `json:"id" doc:"商品ID"`
	CategoryID   *string    `json:"category_id" doc:"カテゴリID（なしは null）"`
	Name         string     `json:"name" doc:"商品名"`
	Kana         string     `json:"kana" doc:"フリガナ"`
	Description  string     `json:"description" doc:"説明"`
	TaxClass     string     `json:"tax_class" doc:"税区分: standard（10%）, reduced（軽減8%）"`
	ThumbnailURL *string    `json:"thumbnail_url" doc:"最初の画像のサムネイルのURL（画像なしは null）"`
	SKUs         []BuyerSKU `json:"skus" doc:"品番（表示順）"`
}

// BuyerSKU is a SKU with the buyer's unit price at its minimum order
// quantity.
type BuyerSKU struct {
	ID        string `json:"id" doc:"SKU ID"`
	Code      string `json:"code" doc:"品番"`
	JAN       string `json:"jan" doc:"JANコード"`
	Variant   string `json:"variant" doc:"規格"`
	Unit      string `json:"unit" doc:"単位"`
	CaseQty   int    `json:"case_qty" doc:"入数"`
	OrderLot  int    `json:"order_lot" doc:"発注単位"`
	MinQty    int    `json:"min_qty" doc:"最小発注数（この数量で単価を決めた）"`
	ListPrice int64  `json:"list_price" doc:"定価（円、税抜）"`
	UnitPrice int64  `json:"unit_price" doc:"この取引先の単価（円、税抜。最小発注数・price_date での価格）"`
	PriceRule string `json:"price_rule" doc:"適用したルール: buyer_price, group_fixed, group_rate, list_price（詳細は /price-quotes）"`
}

// buyerCatalogFilter reads ?q=&category_id= and the page.
func buyerCatalogFilter(r *http.Request) (catalog.BuyerFilter, error) {
	pg, err := catalogPage(r)
	if err != nil {
		return catalog.BuyerFilter{}, err
	}
	q, err := queryOf(r)
	if err != nil {
		return catalog.BuyerFilter{}, err
	}
	f := catalog.BuyerFilter{Query: q.Get("q"), Page: pg}
	if f.CategoryID, err = queryID(q, "category_id"); err != nil {
		return catalog.BuyerFilter{}, err
	}
	return f, nil
}

// buyerCatalog answers GET /api/v1/buyers/{id}/catalog. The route needs
// catalog:read; prices are shown too, so the key must also have
// prices:read, checked here before anything is read.
func (s *server) buyerCatalog(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	if err := requireScope(p.Key, apikeys.PricesRead); err != nil {
		return err
	}
	buyerID, err := idParam(r, "id")
	if err != nil {
		return err
	}
	f, err := buyerCatalogFilter(r)
	if err != nil {
		return err
	}
	b, err := s.buyers.Buyer(r.Context(), p.Tenant.ID, buyerID)
	if err != nil {
		return err
	}
	list, err := s.catalog.BuyerProducts(r.Context(), p.Tenant.ID,
		catalog.Viewer{BuyerID: b.ID, GroupID: b.PriceGroupID}, f)
	if err != nil {
		return queryInvalid(err)
	}
	date, err := s.quoteDate("")
	if err != nil {
		return err
	}
	prices, err := s.catalogPrices(r.Context(), p.Tenant.ID, b.ID, list.Products, date)
	if err != nil {
		return err
	}
	out := BuyerCatalog{List: List[BuyerCatalogItem]{Data: make([]BuyerCatalogItem, 0, len(list.Products)),
		NextCursor: nextCursor(list)}, Total: list.Total, BuyerID: b.ID.String(), PriceDate: date.String()}
	for _, pr := range list.Products {
		out.Data = append(out.Data, buyerItemOut(pr, prices))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// catalogPrices prices every SKU of products for the buyer at its minimum
// order quantity on date, in one cart (a fixed number of queries).
func (s *server) catalogPrices(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID,
	products []catalog.Product, date pricing.Date) (map[oroshi.ID]pricing.Result, error) {
	var lines []pricing.Line
	for _, p := range products {
		for _, k := range p.SKUs {
			lines = append(lines, pricing.Line{SKU: k.ID, Qty: k.MinQty})
		}
	}
	out := make(map[oroshi.ID]pricing.Result, len(lines))
	if len(lines) == 0 {
		return out, nil
	}
	res, err := s.pricing.PriceCart(ctx, t, buyerID, lines, date)
	if err != nil {
		return nil, err
	}
	for i, l := range lines {
		out[l.SKU] = res[i]
	}
	return out, nil
}

func buyerItemOut(p catalog.Product, prices map[oroshi.ID]pricing.Result) BuyerCatalogItem {
	out := BuyerCatalogItem{ID: p.ID.String(), CategoryID: optID(p.CategoryID), Name: p.Name, Kana: p.Kana,
		Description: p.Description, TaxClass: string(p.TaxClass), ThumbnailURL: thumbURL(p),
		SKUs: make([]BuyerSKU, 0, len(p.SKUs))}
	for _, k := range p.SKUs {
		res := prices[k.ID]
		out.SKUs = append(out.SKUs, BuyerSKU{ID: k.ID.String(), Code: k.Code, JAN: k.JAN, Variant: k.Variant,
			Unit: k.Unit, CaseQty: k.CaseQty, OrderLot: k.OrderLot, MinQty: k.MinQty, ListPrice: int64(k.ListPrice),
			UnitPrice: int64(res.UnitPrice), PriceRule: string(res.Rule)})
	}
	return out
}
