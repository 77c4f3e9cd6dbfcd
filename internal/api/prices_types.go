package api

import (
	"cmp"
	"slices"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Rates are integer basis points (rate_bp: 1 bp = 0.01 %, 7250 = 72.5 %),
// as the pricing package keeps them: exact, no decimal text to parse, and
// the field key of the service's validation messages.

// PriceBreak is one quantity break (数量別単価).
type PriceBreak struct {
	MinQty int   `json:"min_qty" doc:"この数量以上で適用（最初の段は 1。重複不可）"`
	Price  int64 `json:"price" doc:"単価（円、税抜、0〜1兆）"`
}

// PriceList is a price list (価格表) of one price group.
type PriceList struct {
	ID           string  `json:"id" doc:"価格表ID"`
	PriceGroupID string  `json:"price_group_id" doc:"価格グループID"`
	Name         string  `json:"name" doc:"価格表名"`
	Kind         string  `json:"kind" doc:"種類: fixed（商品ごとの固定価格。items で設定）, rate（定価に掛け率）"`
	RateBP       *int    `json:"rate_bp" doc:"掛け率（ベーシスポイント: 1 bp = 0.01%、7250 = 72.5%。1〜100000）。kind が rate のときのみ、fixed では null"`
	Rounding     *string `json:"rounding" doc:"端数処理: floor（切り捨て）, half_up（四捨五入）, ceil（切り上げ）。kind が rate のときのみ"`
	Priority     int     `json:"priority" doc:"優先度 0〜999（同じ種類の有効な価格表が複数あるとき大きいほうを適用）"`
	ValidFrom    *string `json:"valid_from" doc:"適用開始日 YYYY-MM-DD（日本時間、当日を含む。null は開始日なし）"`
	ValidTo      *string `json:"valid_to" doc:"適用終了日 YYYY-MM-DD（当日を含む。null は終了日なし）"`
}

// PriceListInput is the body of POST and PATCH of a price list; on PATCH
// only the fields sent change.
type PriceListInput struct {
	PriceGroupID *string `json:"price_group_id,omitempty" doc:"価格グループID（POST で必須）"`
	Name         *string `json:"name,omitempty" doc:"価格表名（POST で必須、100文字以内）"`
	Kind         *string `json:"kind,omitempty" doc:"種類: fixed, rate（POST で必須）"`
	RateBP       *int    `json:"rate_bp,omitempty" doc:"掛け率（ベーシスポイント。72.5% は 7250）。kind が rate のとき必須"`
	Rounding     *string `json:"rounding,omitempty" doc:"端数処理: floor, half_up, ceil。kind が rate のとき必須"`
	Priority     *int    `json:"priority,omitempty" doc:"優先度 0〜999（既定 0）"`
	ValidFrom    *string `json:"valid_from,omitempty" doc:"適用開始日 YYYY-MM-DD。空文字で開始日なし"`
	ValidTo      *string `json:"valid_to,omitempty" doc:"適用終了日 YYYY-MM-DD。空文字で終了日なし"`
}

// SKURef is the SKU a price is for.
type SKURef struct {
	ID          string `json:"id" doc:"SKU ID"`
	Code        string `json:"code" doc:"品番"`
	ProductName string `json:"product_name" doc:"商品名"`
	Variant     string `json:"variant" doc:"バリエーション"`
	ListPrice   int64  `json:"list_price" doc:"定価（円、税抜）"`
}

// BuyerRef is the buyer company a price is for.
type BuyerRef struct {
	ID   string `json:"id" doc:"取引先ID"`
	Code string `json:"code" doc:"取引先コード"`
	Name string `json:"name" doc:"取引先名"`
}

// PriceListItem is one SKU's prices in a fixed price list.
type PriceListItem struct {
	PriceListID string       `json:"price_list_id" doc:"価格表ID"`
	SKUID       string       `json:"sku_id" doc:"SKU ID"`
	SKU         *SKURef      `json:"sku,omitempty" doc:"SKU（一覧のみ。PUT の応答では省略）"`
	Breaks      []PriceBreak `json:"breaks" doc:"数量別単価（min_qty の昇順）"`
}

// PriceListItemInput is the body of PUT /api/v1/price-lists/{id}/items/{sku_id}.
type PriceListItemInput struct {
	Breaks []PriceBreak `json:"breaks" doc:"数量別単価（1〜20段、最初の min_qty は 1）。全体を置き換える"`
}

// BuyerPrice is a price agreed with one buyer for one SKU (個別単価).
type BuyerPrice struct {
	ID        string       `json:"id" doc:"個別単価ID"`
	BuyerID   string       `json:"buyer_id" doc:"取引先ID"`
	SKUID     string       `json:"sku_id" doc:"SKU ID"`
	Buyer     BuyerRef     `json:"buyer" doc:"取引先"`
	SKU       SKURef       `json:"sku" doc:"SKU"`
	ValidFrom *string      `json:"valid_from" doc:"適用開始日 YYYY-MM-DD（null は開始日なし）"`
	ValidTo   *string      `json:"valid_to" doc:"適用終了日 YYYY-MM-DD（null は終了日なし）"`
	Breaks    []PriceBreak `json:"breaks" doc:"数量別単価（min_qty の昇順）"`
}

// BuyerPriceInput is the body of POST and PATCH of a buyer price; on PATCH
// only the fields sent change, and buyer and SKU cannot change.
type BuyerPriceInput struct {
	BuyerID   *string      `json:"buyer_id,omitempty" doc:"取引先ID（POST で必須。変更不可）"`
	SKUID     *string      `json:"sku_id,omitempty" doc:"SKU ID（POST で必須。変更不可）"`
	ValidFrom *string      `json:"valid_from,omitempty" doc:"適用開始日 YYYY-MM-DD。空文字で開始日なし"`
	ValidTo   *string      `json:"valid_to,omitempty" doc:"適用終了日 YYYY-MM-DD。空文字で終了日なし"`
	Breaks    []PriceBreak `json:"breaks,omitempty" doc:"数量別単価（POST で必須。全体を置き換える）"`
}

// PriceQuote is what a buyer pays per unit of a SKU for a quantity on a
// day, and why.
type PriceQuote struct {
	BuyerID     string      `json:"buyer_id" doc:"取引先ID"`
	SKUID       string      `json:"sku_id" doc:"SKU ID"`
	Quantity    int         `json:"quantity" doc:"数量"`
	Date        string      `json:"date" doc:"価格を決めた日 YYYY-MM-DD（日本時間）"`
	UnitPrice   int64       `json:"unit_price" doc:"単価（円、税抜）"`
	Rule        string      `json:"rule" doc:"適用したルール: buyer_price（個別単価）, group_fixed（グループ価格表）, group_rate（掛け率）, list_price（定価）"`
	RuleLabel   string      `json:"rule_label" doc:"ルールの日本語名"`
	SourceID    *string     `json:"source_id" doc:"個別単価IDまたは価格表ID（定価は null）"`
	BreakMinQty int         `json:"break_min_qty" doc:"適用した数量別単価の下限（掛け率・定価は 0）"`
	Explanation []PriceStep `json:"explanation" doc:"検討したすべての候補（優先順）。reason が applied のものが適用された"`
}

// PriceStep is one candidate rule the price quote considered.
type PriceStep struct {
	Rule        string  `json:"rule" doc:"ルール（PriceQuote.rule と同じ値）"`
	RuleLabel   string  `json:"rule_label" doc:"ルールの日本語名"`
	SourceID    *string `json:"source_id" doc:"個別単価IDまたは価格表ID（定価は null）"`
	Name        string  `json:"name" doc:"価格表名（価格表のみ）"`
	ValidFrom   *string `json:"valid_from" doc:"適用開始日（null は開始日なし）"`
	ValidTo     *string `json:"valid_to" doc:"適用終了日（null は終了日なし）"`
	Priority    int     `json:"priority" doc:"優先度（価格表のみ）"`
	RateBP      *int    `json:"rate_bp" doc:"掛け率（ベーシスポイント。group_rate のみ）"`
	Rounding    *string `json:"rounding" doc:"端数処理（group_rate のみ）"`
	Reason      string  `json:"reason" doc:"結果: applied（適用）, lower_priority（優先度が低い）, outranked（上位のルールを適用）, out_of_period（期間外）, below_min_qty（数量未満）, no_item（この商品の価格なし）, not_applicable（対象外）, invalid（設定不備）"`
	ReasonLabel string  `json:"reason_label" doc:"結果の日本語名"`
	Price       *int64  `json:"price" doc:"この候補で決まる単価（円。使えない候補は null）"`
	BreakMinQty int     `json:"break_min_qty" doc:"使った数量別単価の下限（0 は数量別でない）"`
	Text        string  `json:"text" doc:"1行の説明（日本語）"`
}

// pricingFieldNames maps the pricing service's field keys to this API's.
var pricingFieldNames = map[string]string{"group_id": "price_group_id"}

// breaksOut lists breaks by min_qty, as the service stores them.
func breaksOut(bs []pricing.Break) []PriceBreak {
	out := make([]PriceBreak, 0, len(bs))
	for _, b := range bs {
		out = append(out, PriceBreak{MinQty: b.MinQty, Price: int64(b.Price)})
	}
	slices.SortFunc(out, func(a, b PriceBreak) int { return cmp.Compare(a.MinQty, b.MinQty) })
	return out
}

func breaksIn(bs []PriceBreak) []pricing.Break {
	out := make([]pricing.Break, 0, len(bs))
	for _, b := range bs {
		out = append(out, pricing.Break{MinQty: b.MinQty, Price: oroshi.Yen(b.Price)})
	}
	return out
}

// dateOut is a civil date as JSON carries it: null for an open end.
func dateOut(d pricing.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

// dateIn reads a date of a request body into *dst when sent: "" is an open
// end, anything but YYYY-MM-DD a validation error on field.
func dateIn(v *oroshi.ValidationError, field string, s *string, dst *pricing.Date) {
	if s == nil {
		return
	}
	if *s == "" {
		*dst = pricing.Date{}
		return
	}
	d, err := pricing.ParseDate(*s)
	if err != nil {
		v.Add(field, "日付は YYYY-MM-DD の形式で、実在する日を入力してください")
		return
	}
	*dst = d
}

func skuOut(s pricing.SKUInfo) SKURef {
	return SKURef{ID: s.ID.String(), Code: s.Code, ProductName: s.ProductName, Variant: s.Variant,
		ListPrice: int64(s.ListPrice)}
}

func priceListOut(l pricing.PriceList) PriceList {
	out := PriceList{ID: l.ID.String(), PriceGroupID: l.GroupID.String(), Name: l.Name, Kind: string(l.Kind),
		Priority: l.Priority, ValidFrom: dateOut(l.Valid.From), ValidTo: dateOut(l.Valid.To)}
	if l.Kind == pricing.KindRate {
		rate, rounding := l.RateBP, string(l.Rounding)
		out.RateBP, out.Rounding = &rate, &rounding
	}
	return out
}

// apply sets the fields of in that are present on l.
func (in PriceListInput) apply(l *pricing.PriceList, v *oroshi.ValidationError) {
	if in.PriceGroupID != nil {
		l.GroupID = bodyID(v, "price_group_id", *in.PriceGroupID, "価格グループが見つかりません")
	}
	set(&l.Name, in.Name)
	if in.Kind != nil {
		l.Kind = pricing.Kind(*in.Kind)
	}
	set(&l.RateBP, in.RateBP)
	if in.Rounding != nil {
		l.Rounding = pricing.Rounding(*in.Rounding)
	}
	set(&l.Priority, in.Priority)
	dateIn(v, "valid_from", in.ValidFrom, &l.Valid.From)
	dateIn(v, "valid_to", in.ValidTo, &l.Valid.To)
}

func buyerPriceOut(b pricing.BuyerPriceWithRefs) BuyerPrice {
	return BuyerPrice{ID: b.ID.String(), BuyerID: b.BuyerID.String(), SKUID: b.SKUID.String(),
		Buyer: BuyerRef{ID: b.Buyer.ID.String(), Code: b.Buyer.Code, Name: b.Buyer.Name},
		SKU:   skuOut(b.SKU), ValidFrom: dateOut(b.Valid.From), ValidTo: dateOut(b.Valid.To),
		Breaks: breaksOut(b.Breaks)}
}

// apply sets the fields of in that are present on bp.
func (in BuyerPriceInput) apply(bp *pricing.BuyerPrice, v *oroshi.ValidationError) {
	if in.BuyerID != nil {
		bp.BuyerID = bodyID(v, "buyer_id", *in.BuyerID, "取引先が見つかりません")
	}
	if in.SKUID != nil {
		bp.SKUID = bodyID(v, "sku_id", *in.SKUID, "商品が見つかりません")
	}
	dateIn(v, "valid_from", in.ValidFrom, &bp.Valid.From)
	dateIn(v, "valid_to", in.ValidTo, &bp.Valid.To)
	if in.Breaks != nil {
		bp.Breaks = breaksIn(in.Breaks)
	}
}

func stepOut(st pricing.Step) PriceStep {
	out := PriceStep{Rule: string(st.Rule), RuleLabel: st.Rule.Label(), SourceID: optID(st.SourceID),
		Name: st.Name, ValidFrom: dateOut(st.Period.From), ValidTo: dateOut(st.Period.To),
		Priority: st.Priority, Reason: string(st.Reason), ReasonLabel: st.Reason.Label(),
		BreakMinQty: st.BreakMinQty, Text: st.String()}
	if st.Rule == pricing.RuleGroupRate {
		rate, rounding := st.RateBP, string(st.Rounding)
		out.RateBP, out.Rounding = &rate, &rounding
	}
	if st.HasPrice() {
		price := int64(st.Price)
		out.Price = &price
	}
	return out
}
