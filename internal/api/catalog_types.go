package api

import (
	"encoding/json"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// Category is one node of the category tree. Lists give the whole tree
// flat, each category before its subcategories.
type Category struct {
	ID        string    `json:"id" doc:"カテゴリID"`
	ParentID  *string   `json:"parent_id" doc:"親カテゴリID（最上位は null）"`
	Name      string    `json:"name" doc:"カテゴリ名"`
	Kana      string    `json:"kana" doc:"フリガナ"`
	Position  int       `json:"position" doc:"兄弟の中での表示順（昇順。同じ値は名前順）"`
	Depth     int       `json:"depth" doc:"階層（最上位が 1。4階層まで）"`
	CreatedAt time.Time `json:"created_at" doc:"登録日時（RFC 3339）"`
	UpdatedAt time.Time `json:"updated_at" doc:"更新日時（RFC 3339）"`
}

// CategoryInput is the body of POST and PATCH of a category; on PATCH only
// the fields sent change.
type CategoryInput struct {
	Name     *string `json:"name,omitempty" doc:"カテゴリ名（POST で必須、100文字以内）"`
	Kana     *string `json:"kana,omitempty" doc:"フリガナ"`
	ParentID *string `json:"parent_id,omitempty" doc:"親カテゴリID。空文字・省略で最上位（PATCH で空文字は最上位へ移動）"`
	Position *int    `json:"position,omitempty" doc:"表示順（0以上、既定 0）"`
}

// SKU is one orderable variant of a product (品番).
type SKU struct {
	ID         string `json:"id" doc:"SKU ID"`
	Code       string `json:"code" doc:"品番（契約者内で一意）"`
	JAN        string `json:"jan" doc:"JANコード（8桁または13桁。なしは空文字）"`
	Variant    string `json:"variant" doc:"規格（1kg、500g など）"`
	Unit       string `json:"unit" doc:"単位（個、箱、ケース など）"`
	CaseQty    int    `json:"case_qty" doc:"入数"`
	OrderLot   int    `json:"order_lot" doc:"発注単位（数量はこの倍数）"`
	MinQty     int    `json:"min_qty" doc:"最小発注数（発注単位の倍数）"`
	ListPrice  int64  `json:"list_price" doc:"定価（円、税抜）"`
	TrackStock bool   `json:"track_stock" doc:"在庫を管理するか"`
	Stock      int64  `json:"stock" doc:"在庫数"`
	Position   int    `json:"position" doc:"商品内の表示順"`
}

// SKUInput is one SKU of a product in POST and PUT. Left-out quantities
// take their defaults: unit 個, 入数 and 発注単位 1, 最小発注数 one lot.
type SKUInput struct {
	ID         string `json:"id,omitempty" doc:"PUT で既存のSKUを残すときのID（在庫はそのまま）。省略すると新しいSKU。送らなかった既存SKUは削除"`
	Code       string `json:"code" doc:"品番（半角英数字と - _ . / の40文字以内。全角は半角に揃える）"`
	JAN        string `json:"jan,omitempty" doc:"JANコード（8桁または13桁、チェックディジットを検査）"`
	Variant    string `json:"variant,omitempty" doc:"規格（50文字以内）"`
	Unit       string `json:"unit,omitempty" doc:"単位（10文字以内、既定は 個）"`
	CaseQty    int    `json:"case_qty,omitempty" doc:"入数（1〜1,000,000、既定 1）"`
	OrderLot   int    `json:"order_lot,omitempty" doc:"発注単位（1〜1,000,000、既定 1）"`
	MinQty     int    `json:"min_qty,omitempty" doc:"最小発注数（発注単位の倍数、既定は発注単位）"`
	ListPrice  int64  `json:"list_price" doc:"定価（円、税抜、0〜100億）"`
	TrackStock bool   `json:"track_stock,omitempty" doc:"在庫を管理するか"`
	Stock      int64  `json:"stock,omitempty" doc:"新しいSKUの初期在庫。既存のSKUでは無視（在庫は /skus/{id}/stock-adjustments で増減）"`
}

// Visibility is who may see a product: every buyer, or only the listed
// price groups and buyers.
type Visibility struct {
	Mode          string   `json:"mode" doc:"all（すべての取引先）または restricted（指定した価格グループ・取引先のみ）"`
	PriceGroupIDs []string `json:"price_group_ids" doc:"restricted のとき公開する価格グループのID"`
	BuyerIDs      []string `json:"buyer_ids" doc:"restricted のとき公開する取引先のID"`
}

// ProductContent is what POST and PUT of a product both send.
type ProductContent struct {
	CategoryID  string                     `json:"category_id,omitempty" doc:"カテゴリID（空文字・省略でカテゴリなし）"`
	Name        string                     `json:"name" doc:"商品名（200文字以内）"`
	Kana        string                     `json:"kana,omitempty" doc:"フリガナ（カタカナまたはひらがな）"`
	Description string                     `json:"description,omitempty" doc:"説明（5000文字以内）"`
	TaxClass    string                     `json:"tax_class,omitempty" doc:"税区分: standard（10%、既定）, reduced（軽減8%）"`
	Custom      map[string]json.RawMessage `json:"custom,omitempty" doc:"独自項目の値（項目キー → 文字列、数値は数値も可）。PUT では全体を置き換える"`
	SKUs        []SKUInput                 `json:"skus" doc:"品番（1〜100件、送った順が表示順）。エラーは skus[0].jan のようなキーで返す"`
}

// ProductCreate is the body of POST /api/v1/products.
type ProductCreate struct {
	ProductContent
	Status     string      `json:"status,omitempty" doc:"状態: draft（下書き、既定）, published（公開）, discontinued（販売終了）"`
	Visibility *Visibility `json:"visibility,omitempty" doc:"公開範囲（既定はすべての取引先）"`
}

// ProductReplace is the body of PUT /api/v1/products/{id}: the whole
// product, SKUs included. Status and visibility have their own endpoints
// and are kept.
type ProductReplace struct {
	ProductContent
	UpdatedAt *time.Time `json:"updated_at" doc:"読み込んだときの updated_at（必須）。その後に他で更新されていれば何も変えず 409"`
}

// ProductCore is what every view of a product for seller staff shows.
type ProductCore struct {
	ID          string            `json:"id" doc:"商品ID"`
	CategoryID  *string           `json:"category_id" doc:"カテゴリID（なしは null）"`
	Name        string            `json:"name" doc:"商品名"`
	Kana        string            `json:"kana" doc:"フリガナ"`
	Description string            `json:"description" doc:"説明"`
	TaxClass    string            `json:"tax_class" doc:"税区分: standard（10%）, reduced（軽減8%）"`
	Status      string            `json:"status" doc:"状態: draft, published, discontinued。取引先に見えるのは published のみ"`
	Custom      map[string]string `json:"custom" doc:"独自項目の値（項目キー → 文字列）"`
	SKUs        []SKU             `json:"skus" doc:"品番（表示順）"`
	CreatedAt   time.Time         `json:"created_at" doc:"登録日時（RFC 3339）"`
	UpdatedAt   time.Time         `json:"updated_at" doc:"更新日時（RFC 3339）。PUT の updated_at に送る"`
}

// Product is one product with its visibility and images.
type Product struct {
	ProductCore
	Visibility Visibility     `json:"visibility" doc:"公開範囲"`
	Images     []ProductImage `json:"images" doc:"画像（表示順）"`
}

// ProductSummary is a product in a list.
type ProductSummary struct {
	ProductCore
	VisibilityMode string  `json:"visibility_mode" doc:"公開範囲: all または restricted（公開先は商品の詳細で）"`
	ThumbnailURL   *string `json:"thumbnail_url" doc:"最初の画像のサムネイルのURL（画像なしは null）"`
}

// ProductList is a page of products with the number matching in all.
type ProductList struct {
	List[ProductSummary]
	Total int `json:"total" doc:"条件に合う商品の総数"`
}

// ProductImage is the metadata of a product image. Uploads are stored as
// a JPEG of at most 1200 pixels on the long side and a 240-pixel
// thumbnail, metadata (EXIF) removed.
type ProductImage struct {
	ID          string    `json:"id" doc:"画像ID"`
	ProductID   string    `json:"product_id" doc:"商品ID"`
	Position    int       `json:"position" doc:"表示順"`
	ContentType string    `json:"content_type" doc:"保存形式（image/jpeg）"`
	Width       int       `json:"width" doc:"表示用画像の幅（ピクセル）"`
	Height      int       `json:"height" doc:"表示用画像の高さ（ピクセル）"`
	ThumbWidth  int       `json:"thumb_width" doc:"サムネイルの幅"`
	ThumbHeight int       `json:"thumb_height" doc:"サムネイルの高さ"`
	SHA256      string    `json:"sha256" doc:"表示用画像の SHA-256（16進）"`
	URL         string    `json:"url" doc:"表示用画像のURL（catalog:read のAPIキーで取得）"`
	ThumbURL    string    `json:"thumb_url" doc:"サムネイルのURL"`
	CreatedAt   time.Time `json:"created_at" doc:"登録日時（RFC 3339）"`
}

// ProductStatusInput is the body of POST /api/v1/products/{id}/status.
type ProductStatusInput struct {
	Status string `json:"status" doc:"draft（下書き）, published（公開）, discontinued（販売終了）"`
}

// StockAdjustmentInput is the body of POST /api/v1/skus/{id}/stock-adjustments.
type StockAdjustmentInput struct {
	Delta  int64  `json:"delta" doc:"増減数（0以外の整数。負で減らす）"`
	Reason string `json:"reason" doc:"理由（必須、200文字以内。例: 入荷、棚卸差異、破損）。操作履歴に増減数・前後の在庫数とともに記録される"`
}

// StockLevel is a SKU's stock after an adjustment.
type StockLevel struct {
	SKUID string `json:"sku_id" doc:"SKU ID"`
	Delta int64  `json:"delta" doc:"適用した増減数"`
	Stock int64  `json:"stock" doc:"調整後の在庫数"`
}

// imagePath is the API path of an image; thumb asks for the thumbnail.
func imagePath(productID, imageID oroshi.ID, thumb bool) string {
	size := "full"
	if thumb {
		size = "thumb"
	}
	return "/api/v1/products/" + productID.String() + "/images/" + imageID.String() + "?size=" + size
}

func imageOut(img catalog.Image) ProductImage {
	tw, th := catalog.ThumbDims(img.Width, img.Height)
	return ProductImage{ID: img.ID.String(), ProductID: img.ProductID.String(), Position: img.Position,
		ContentType: img.ContentType, Width: img.Width, Height: img.Height, ThumbWidth: tw, ThumbHeight: th,
		SHA256: img.SHA256, URL: imagePath(img.ProductID, img.ID, false),
		ThumbURL: imagePath(img.ProductID, img.ID, true), CreatedAt: utc(img.CreatedAt)}
}

func skuOutOf(s catalog.SKU) SKU {
	return SKU{ID: s.ID.String(), Code: s.Code, JAN: s.JAN, Variant: s.Variant, Unit: s.Unit,
		CaseQty: s.CaseQty, OrderLot: s.OrderLot, MinQty: s.MinQty, ListPrice: int64(s.ListPrice),
		TrackStock: s.TrackStock, Stock: s.Stock, Position: s.Position}
}

// productCoreOut is p as staff see it, with the values of custom fields
// still defined (defs) only.
func productCoreOut(p catalog.Product, defs []customfields.Field) ProductCore {
	custom := map[string]string{}
	for _, d := range defs {
		if v, ok := p.Custom[d.Key]; ok && v != nil {
			custom[d.Key] = customfields.FormatCell(d, v)
		}
	}
	skus := make([]SKU, 0, len(p.SKUs))
	for _, s := range p.SKUs {
		skus = append(skus, skuOutOf(s))
	}
	return ProductCore{ID: p.ID.String(), CategoryID: optID(p.CategoryID), Name: p.Name, Kana: p.Kana,
		Description: p.Description, TaxClass: string(p.TaxClass), Status: string(p.Status), Custom: custom,
		SKUs: skus, CreatedAt: utc(p.CreatedAt), UpdatedAt: utc(p.UpdatedAt)}
}

func productOut(p catalog.Product, defs []customfields.Field) Product {
	out := Product{ProductCore: productCoreOut(p, defs), Visibility: visibilityOut(p.Visibility),
		Images: make([]ProductImage, 0, len(p.Images))}
	for _, img := range p.Images {
		out.Images = append(out.Images, imageOut(img))
	}
	return out
}

// thumbURL is the thumbnail of a listed product's first image, if any.
func thumbURL(p catalog.Product) *string {
	if p.ImageID == 0 {
		return nil
	}
	u := imagePath(p.ID, p.ImageID, true)
	return &u
}

func visibilityOut(v catalog.Visibility) Visibility {
	return Visibility{Mode: string(v.Mode), PriceGroupIDs: idStringsOf(v.GroupIDs), BuyerIDs: idStringsOf(v.BuyerIDs)}
}

func idStringsOf(ids []oroshi.ID) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, id.String())
	}
	return out
}
