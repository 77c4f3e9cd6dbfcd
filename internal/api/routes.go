package api

import (
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
)

// route is one endpoint. This table is the only place routes are declared:
// the mux, authentication, scope checks and the OpenAPI document are all
// made from it.
type route struct {
	method  string
	path    string // ServeMux pattern path: /api/v1/orders/{id}
	op      string // OpenAPI operationId, unique
	summary string // Japanese, for the document
	public  bool   // no API key needed
	scope   string // scope the key needs; "" for any live key
	in, out any    // request and response body types (zero values), nil for none
	status  int    // success status; 0 for 200
	paged   bool   // takes ?limit= and ?cursor=
	maxBody int64  // request body limit; 0 for Deps.BodyLimit
	h       handlerFunc
}

// routes lists every API route.
func (s *server) routes() []route {
	return []route{
		{method: http.MethodGet, path: "/api/v1/openapi.json", op: "getOpenAPI", public: true,
			summary: "このAPIのOpenAPI 3.1定義", h: s.openAPIDoc},
		{method: http.MethodGet, path: "/api/v1/me", op: "getMe", out: Me{},
			summary: "認証中のAPIキーと契約者", h: s.me},

		// Buyers (取引先), their ship-tos (納品先) and shop users.
		{method: http.MethodGet, path: "/api/v1/buyers", op: "listBuyers", scope: apikeys.BuyersRead,
			out: BuyerList{}, paged: true, h: s.listBuyers,
			summary: "取引先の一覧（コード順。?q= コード・名前・フリガナの部分一致、?status= active|suspended、?price_group_id= で絞り込み）"},
		{method: http.MethodPost, path: "/api/v1/buyers", op: "createBuyer", scope: apikeys.BuyersWrite,
			in: BuyerCreate{}, out: BuyerDetail{}, status: http.StatusCreated, h: s.createBuyer,
			summary: "取引先の登録"},
		{method: http.MethodGet, path: "/api/v1/buyers/{id}", op: "getBuyer", scope: apikeys.BuyersRead,
			out: BuyerDetail{}, h: s.getBuyer, summary: "取引先（納品先を含む）"},
		{method: http.MethodPatch, path: "/api/v1/buyers/{id}", op: "updateBuyer", scope: apikeys.BuyersWrite,
			in: BuyerPatch{}, out: BuyerDetail{}, h: s.patchBuyer,
			summary: "取引先の更新（送った項目だけを変更。updated_at を送ると競合時に 409）"},
		{method: http.MethodPost, path: "/api/v1/buyers/{id}/suspend", op: "suspendBuyer", scope: apikeys.BuyersWrite,
			out: BuyerDetail{}, h: s.suspendBuyer, summary: "取引先の停止（ユーザーはログイン・発注できなくなる）"},
		{method: http.MethodPost, path: "/api/v1/buyers/{id}/resume", op: "resumeBuyer", scope: apikeys.BuyersWrite,
			out: BuyerDetail{}, h: s.resumeBuyer, summary: "取引先の再開"},
		{method: http.MethodGet, path: "/api/v1/buyers/{id}/ship-tos", op: "listShipTos", scope: apikeys.BuyersRead,
			out: List[ShipTo]{}, h: s.listShipTos, summary: "取引先の納品先の一覧（既定が先頭。全件を1ページで返す）"},
		{method: http.MethodPost, path: "/api/v1/buyers/{id}/ship-tos", op: "createShipTo", scope: apikeys.BuyersWrite,
			in: ShipToInput{}, out: ShipTo{}, status: http.StatusCreated, h: s.createShipTo,
			summary: "納品先の登録（最初の納品先は既定になる）"},
		{method: http.MethodPatch, path: "/api/v1/buyers/{id}/ship-tos/{ship_to_id}", op: "updateShipTo",
			scope: apikeys.BuyersWrite, in: ShipToInput{}, out: ShipTo{}, h: s.patchShipTo,
			summary: "納品先の更新（送った項目だけを変更）"},
		{method: http.MethodDelete, path: "/api/v1/buyers/{id}/ship-tos/{ship_to_id}", op: "deleteShipTo",
			scope: apikeys.BuyersWrite, status: http.StatusNoContent, h: s.deleteShipTo,
			summary: "納品先の削除（既定を削除すると最も古い納品先が既定になる）"},
		{method: http.MethodGet, path: "/api/v1/buyers/{id}/users", op: "listBuyerUsers", scope: apikeys.BuyersRead,
			out: List[BuyerUser]{}, h: s.listBuyerUsers, summary: "取引先のユーザーの一覧（全件を1ページで返す）"},
		{method: http.MethodPost, path: "/api/v1/buyers/{id}/users", op: "inviteBuyerUser", scope: apikeys.BuyersWrite,
			in: BuyerUserInvite{}, out: BuyerUser{}, status: http.StatusCreated, h: s.inviteBuyerUser,
			summary: "取引先のユーザーの招待（招待メールを送る）"},
		{method: http.MethodPost, path: "/api/v1/buyers/{id}/users/{user_id}/disable", op: "disableBuyerUser",
			scope: apikeys.BuyersWrite, out: BuyerUser{}, h: s.disableBuyerUser, summary: "取引先のユーザーの無効化"},
		{method: http.MethodPost, path: "/api/v1/buyers/{id}/users/{user_id}/enable", op: "enableBuyerUser",
			scope: apikeys.BuyersWrite, out: BuyerUser{}, h: s.enableBuyerUser, summary: "取引先のユーザーの再有効化"},

		// Price groups (価格グループ／ランク) of buyers.
		{method: http.MethodGet, path: "/api/v1/price-groups", op: "listPriceGroups", scope: apikeys.BuyersRead,
			out: List[PriceGroup]{}, h: s.listPriceGroups, summary: "価格グループの一覧（コード順。全件を1ページで返す）"},
		{method: http.MethodPost, path: "/api/v1/price-groups", op: "createPriceGroup", scope: apikeys.BuyersWrite,
			in: PriceGroupInput{}, out: PriceGroup{}, status: http.StatusCreated, h: s.createPriceGroup,
			summary: "価格グループの登録"},
		{method: http.MethodPatch, path: "/api/v1/price-groups/{id}", op: "updatePriceGroup", scope: apikeys.BuyersWrite,
			in: PriceGroupInput{}, out: PriceGroup{}, h: s.patchPriceGroup, summary: "価格グループの更新（送った項目だけを変更）"},
		{method: http.MethodDelete, path: "/api/v1/price-groups/{id}", op: "deletePriceGroup", scope: apikeys.BuyersWrite,
			status: http.StatusNoContent, h: s.deletePriceGroup,
			summary: "価格グループの削除（価格表も削除。取引先や商品の公開先に使われていれば 422）"},

		// Custom fields (独自項目): the scope follows the entity, checked by the handlers.
		{method: http.MethodGet, path: "/api/v1/custom-fields", op: "listCustomFields",
			out: List[CustomField]{}, h: s.listCustomFields,
			summary: "独自項目の一覧（?entity=buyer は buyers:read、?entity=product は catalog:read が必要）"},
		{method: http.MethodPost, path: "/api/v1/custom-fields", op: "createCustomField",
			in: CustomFieldCreate{}, out: CustomField{}, status: http.StatusCreated, h: s.createCustomField,
			summary: "独自項目の作成（entity=buyer は buyers:write、entity=product は catalog:write が必要）"},
		{method: http.MethodPatch, path: "/api/v1/custom-fields/{id}", op: "updateCustomField",
			in: CustomFieldPatch{}, out: CustomField{}, h: s.patchCustomField,
			summary: "独自項目の更新（項目名・選択肢・必須。対象に応じて buyers:write または catalog:write が必要）"},
		{method: http.MethodDelete, path: "/api/v1/custom-fields/{id}", op: "deleteCustomField",
			status: http.StatusNoContent, h: s.deleteCustomField,
			summary: "独自項目の削除（対象に応じて buyers:write または catalog:write が必要）"},

		// Prices: price lists (価格表) and their items, buyer prices (個別単価), quotes.
		{method: http.MethodGet, path: "/api/v1/price-lists", op: "listPriceLists", scope: apikeys.PricesRead,
			out: List[PriceList]{}, h: s.listPriceLists,
			summary: "価格表の一覧（優先度順。?price_group_id= で絞り込み。全件を1ページで返す）"},
		{method: http.MethodPost, path: "/api/v1/price-lists", op: "createPriceList", scope: apikeys.PricesWrite,
			in: PriceListInput{}, out: PriceList{}, status: http.StatusCreated, h: s.createPriceList,
			summary: "価格表の登録（掛け率は rate_bp: ベーシスポイントの整数、72.5% は 7250）"},
		{method: http.MethodGet, path: "/api/v1/price-lists/{id}", op: "getPriceList", scope: apikeys.PricesRead,
			out: PriceList{}, h: s.getPriceList, summary: "価格表"},
		{method: http.MethodPatch, path: "/api/v1/price-lists/{id}", op: "updatePriceList", scope: apikeys.PricesWrite,
			in: PriceListInput{}, out: PriceList{}, h: s.patchPriceList, summary: "価格表の更新（送った項目だけを変更）"},
		{method: http.MethodDelete, path: "/api/v1/price-lists/{id}", op: "deletePriceList", scope: apikeys.PricesWrite,
			status: http.StatusNoContent, h: s.deletePriceList, summary: "価格表の削除（商品別の単価も削除）"},
		{method: http.MethodGet, path: "/api/v1/price-lists/{id}/items", op: "listPriceListItems",
			scope: apikeys.PricesRead, out: List[PriceListItem]{}, paged: true, h: s.listPriceListItems,
			summary: "固定価格の価格表の商品別単価の一覧（品番順）"},
		{method: http.MethodPut, path: "/api/v1/price-lists/{id}/items/{sku_id}", op: "putPriceListItem",
			scope: apikeys.PricesWrite, in: PriceListItemInput{}, out: PriceListItem{}, h: s.putPriceListItem,
			summary: "商品別単価（数量別）の設定（追加または置き換え。固定価格の価格表のみ）"},
		{method: http.MethodDelete, path: "/api/v1/price-lists/{id}/items/{sku_id}", op: "deletePriceListItem",
			scope: apikeys.PricesWrite, status: http.StatusNoContent, h: s.deletePriceListItem,
			summary: "商品別単価の削除"},
		{method: http.MethodGet, path: "/api/v1/buyer-prices", op: "listBuyerPrices", scope: apikeys.PricesRead,
			out: List[BuyerPrice]{}, paged: true, h: s.listBuyerPrices,
			summary: "個別単価の一覧（?buyer_id= なら品番順、?sku_id= なら取引先コード順。どちらか一方が必要）"},
		{method: http.MethodPost, path: "/api/v1/buyer-prices", op: "createBuyerPrice", scope: apikeys.PricesWrite,
			in: BuyerPriceInput{}, out: BuyerPrice{}, status: http.StatusCreated, h: s.createBuyerPrice,
			summary: "個別単価の登録"},
		{method: http.MethodGet, path: "/api/v1/buyer-prices/{id}", op: "getBuyerPrice", scope: apikeys.PricesRead,
			out: BuyerPrice{}, h: s.getBuyerPrice, summary: "個別単価"},
		{method: http.MethodPatch, path: "/api/v1/buyer-prices/{id}", op: "updateBuyerPrice", scope: apikeys.PricesWrite,
			in: BuyerPriceInput{}, out: BuyerPrice{}, h: s.patchBuyerPrice,
			summary: "個別単価の更新（期間・数量別単価。取引先と商品は変更不可）"},
		{method: http.MethodDelete, path: "/api/v1/buyer-prices/{id}", op: "deleteBuyerPrice", scope: apikeys.PricesWrite,
			status: http.StatusNoContent, h: s.deleteBuyerPrice, summary: "個別単価の削除"},
		{method: http.MethodGet, path: "/api/v1/price-quotes", op: "getPriceQuote", scope: apikeys.PricesRead,
			out: PriceQuote{}, h: s.getPriceQuote,
			summary: "単価の確認（?buyer_id=&sku_id=&quantity=（既定 1）&date=YYYY-MM-DD（既定は今日）。適用ルールと検討した全候補の説明を返す）"},

		// Catalogue (商品カタログ): categories, products with SKUs, images, stock,
		// and what one buyer sees with its own prices.
		{method: http.MethodGet, path: "/api/v1/categories", op: "listCategories", scope: apikeys.CatalogRead,
			out: List[Category]{}, h: s.listCategories,
			summary: "カテゴリの一覧（ツリーを平たく: 親の直後に子、兄弟は position・名前順。全件を1ページで返す）"},
		{method: http.MethodPost, path: "/api/v1/categories", op: "createCategory", scope: apikeys.CatalogWrite,
			in: CategoryInput{}, out: Category{}, status: http.StatusCreated, h: s.createCategory,
			summary: "カテゴリの登録（parent_id で下位に。4階層まで）"},
		{method: http.MethodPatch, path: "/api/v1/categories/{id}", op: "updateCategory", scope: apikeys.CatalogWrite,
			in: CategoryInput{}, out: Category{}, h: s.patchCategory,
			summary: "カテゴリの更新（送った項目だけを変更。parent_id で移動、空文字で最上位へ）"},
		{method: http.MethodDelete, path: "/api/v1/categories/{id}", op: "deleteCategory", scope: apikeys.CatalogWrite,
			status: http.StatusNoContent, h: s.deleteCategory,
			summary: "カテゴリの削除（下位カテゴリや商品があれば 422）"},
		{method: http.MethodGet, path: "/api/v1/products", op: "listProducts", scope: apikeys.CatalogRead,
			out: ProductList{}, paged: true, h: s.listProducts,
			summary: "商品の一覧（新しい順。?q= 商品名・フリガナ・品番・JANの部分一致、?category_id= 下位カテゴリを含む、?status= draft|published|discontinued）"},
		{method: http.MethodPost, path: "/api/v1/products", op: "createProduct", scope: apikeys.CatalogWrite,
			in: ProductCreate{}, out: Product{}, status: http.StatusCreated, h: s.createProduct,
			summary: "商品の登録（skus で品番を1件以上。品番の重複は 422: fields の skus[i].code）"},
		{method: http.MethodGet, path: "/api/v1/products/{id}", op: "getProduct", scope: apikeys.CatalogRead,
			out: Product{}, h: s.getProduct, summary: "商品（品番・画像・公開範囲を含む）"},
		{method: http.MethodPut, path: "/api/v1/products/{id}", op: "replaceProduct", scope: apikeys.CatalogWrite,
			in: ProductReplace{}, out: Product{}, h: s.putProduct,
			summary: "商品の置き換え（品番を含む全体。id 付きの品番は残し、id なしは追加、送らなかった品番は削除。updated_at 必須、古ければ 409。状態・公開範囲は変えない）"},
		{method: http.MethodDelete, path: "/api/v1/products/{id}", op: "deleteProduct", scope: apikeys.CatalogWrite,
			status: http.StatusNoContent, h: s.deleteProduct, summary: "商品の削除（品番・画像も削除）"},
		{method: http.MethodPost, path: "/api/v1/products/{id}/status", op: "setProductStatus", scope: apikeys.CatalogWrite,
			in: ProductStatusInput{}, out: Product{}, h: s.setProductStatus,
			summary: "商品の状態の変更（下書き・公開・販売終了。取引先に見えるのは公開のみ）"},
		{method: http.MethodPut, path: "/api/v1/products/{id}/visibility", op: "setProductVisibility",
			scope: apikeys.CatalogWrite, in: Visibility{}, out: Product{}, h: s.putProductVisibility,
			summary: "商品の公開範囲の設定（すべての取引先、または指定した価格グループ・取引先のみ）"},
		{method: http.MethodPost, path: "/api/v1/products/{id}/images", op: "uploadProductImage",
			scope: apikeys.CatalogWrite, out: ProductImage{}, status: http.StatusCreated, h: s.uploadProductImage,
			maxBody: imageBodyLimit,
			summary: "商品画像の登録（本文は画像のバイト列そのもの。Content-Type: image/jpeg|image/png|image/webp、5MiBまで（超えると 413）、画像でなければ 422）"},
		{method: http.MethodGet, path: "/api/v1/products/{id}/images/{image_id}", op: "getProductImage",
			scope: apikeys.CatalogRead, h: s.getProductImage,
			summary: "商品画像のバイト列（image/jpeg。?size=thumb でサムネイル、既定は full。ETag 付き、If-None-Match が一致すれば 304）"},
		{method: http.MethodDelete, path: "/api/v1/products/{id}/images/{image_id}", op: "deleteProductImage",
			scope: apikeys.CatalogWrite, status: http.StatusNoContent, h: s.deleteProductImage, summary: "商品画像の削除"},
		{method: http.MethodPost, path: "/api/v1/skus/{id}/stock-adjustments", op: "adjustStock", scope: apikeys.CatalogWrite,
			in: StockAdjustmentInput{}, out: StockLevel{}, h: s.adjustStock,
			summary: "在庫の増減（delta を加えた在庫数を返す。0未満になる調整は何も変えず 422: fields.delta）"},
		{method: http.MethodGet, path: "/api/v1/buyers/{id}/catalog", op: "getBuyerCatalog", scope: apikeys.CatalogRead,
			out: BuyerCatalog{}, paged: true, h: s.buyerCatalog,
			summary: "取引先に見える商品とその取引先の単価（catalog:read に加え prices:read も必要。公開中で公開範囲に入る商品のみ、新しい順。単価は各品番の最小発注数・今日（日本時間）の価格。?q=、?category_id= で絞り込み）"},

		// Webhooks: the seller's endpoints and their delivery log.
		{method: http.MethodGet, path: "/api/v1/webhook-endpoints", op: "listWebhookEndpoints", scope: apikeys.WebhooksRead,
			out: List[WebhookEndpoint]{}, h: s.listWebhookEndpoints, summary: "Webhookの一覧（登録順。最大10件を1ページで返す）"},
		{method: http.MethodPost, path: "/api/v1/webhook-endpoints", op: "createWebhookEndpoint", scope: apikeys.WebhooksWrite,
			in: WebhookEndpointInput{}, out: WebhookEndpoint{}, status: http.StatusCreated, h: s.createWebhookEndpoint,
			summary: "Webhookの登録（https のURLのみ。応答の secret が署名シークレット。X-Oroshi-Signature: v1=HMAC-SHA256(secret, タイムスタンプ + \".\" + 本文) の16進）"},
		{method: http.MethodGet, path: "/api/v1/webhook-endpoints/{id}", op: "getWebhookEndpoint", scope: apikeys.WebhooksRead,
			out: WebhookEndpoint{}, h: s.getWebhookEndpoint, summary: "Webhook"},
		{method: http.MethodPatch, path: "/api/v1/webhook-endpoints/{id}", op: "updateWebhookEndpoint", scope: apikeys.WebhooksWrite,
			in: WebhookEndpointInput{}, out: WebhookEndpoint{}, h: s.patchWebhookEndpoint,
			summary: "Webhookの更新（送った項目だけを変更。active=false で送信待ちの配信を中止）"},
		{method: http.MethodDelete, path: "/api/v1/webhook-endpoints/{id}", op: "deleteWebhookEndpoint", scope: apikeys.WebhooksWrite,
			status: http.StatusNoContent, h: s.deleteWebhookEndpoint, summary: "Webhookの削除（配信履歴も削除）"},
		{method: http.MethodGet, path: "/api/v1/webhook-endpoints/{id}/deliveries", op: "listWebhookDeliveries",
			scope: apikeys.WebhooksRead, out: List[WebhookDelivery]{}, paged: true, h: s.listWebhookDeliveries,
			summary: "Webhookの配信履歴（新しい順）"},
	}
}
