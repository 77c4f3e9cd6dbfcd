package api

import (
	"bytes"
	"encoding/json"
	"maps"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// Buyer is a buyer company (取引先) as API clients see it.
type Buyer struct {
	ID            string            `json:"id" doc:"取引先ID"`
	Code          string            `json:"code" doc:"取引先コード（契約者内で一意。半角英数字・ハイフン・アンダースコアの20文字以内）"`
	Name          string            `json:"name" doc:"取引先名"`
	Kana          string            `json:"kana" doc:"フリガナ（ひらがなはカタカナに揃えて保存）"`
	PostalCode    string            `json:"postal_code" doc:"郵便番号（123-4567 の形に揃えて保存）"`
	Address       string            `json:"address" doc:"住所"`
	Phone         string            `json:"phone" doc:"電話番号"`
	BillingName   string            `json:"billing_name" doc:"請求先担当者"`
	BillingEmail  string            `json:"billing_email" doc:"請求先メールアドレス"`
	PriceGroupID  *string           `json:"price_group_id" doc:"価格グループID（所属なしは null）"`
	ClosingDay    int               `json:"closing_day" doc:"締め日: 5, 10, 15, 20, 25, 31（31 は末日）"`
	PaymentTerms  PaymentTerms      `json:"payment_terms" doc:"支払条件"`
	CreditLimit   int64             `json:"credit_limit" doc:"与信限度額（円。0 は上限なし）"`
	PaymentMethod string            `json:"payment_method" doc:"支払方法: invoice（請求書払い）, account（掛売り）, cod（代金引換）"`
	Status        string            `json:"status" doc:"状態: active（有効）, suspended（停止）"`
	Custom        map[string]string `json:"custom" doc:"独自項目の値（項目キー → 文字列。数値は10進の文字列、日付は YYYY-MM-DD、選択肢は選んだ文字列）"`
	CreatedAt     time.Time         `json:"created_at" doc:"登録日時（RFC 3339）"`
	UpdatedAt     time.Time         `json:"updated_at" doc:"更新日時（RFC 3339）。PATCH の updated_at に送ると、その後に他で更新されていれば 409"`
}

// PaymentTerms say when an invoice closed on the closing day is paid.
type PaymentTerms struct {
	MonthOffset int    `json:"month_offset" doc:"締め月から何か月後に支払うか（0: 当月, 1: 翌月, 2: 翌々月, 3: 3か月後）"`
	Day         int    `json:"day" doc:"支払日（1〜30、31 は末日）"`
	Label       string `json:"label,omitempty" doc:"表示名（例: 翌月末払い）。応答のみ"`
}

// BuyerDetail is a buyer with its ship-to addresses, the default first.
type BuyerDetail struct {
	Buyer
	ShipTos []ShipTo `json:"ship_tos" doc:"納品先（既定の納品先が先頭）"`
}

// BuyerList is a page of buyers with the number matching in all.
type BuyerList struct {
	List[Buyer]
	Total int `json:"total" doc:"条件に合う取引先の総数"`
}

// BuyerAttrs are the optional fields of a buyer in a request. A field left
// out keeps its value (PATCH) or takes its default (POST).
type BuyerAttrs struct {
	Kana          *string       `json:"kana,omitempty" doc:"フリガナ"`
	PostalCode    *string       `json:"postal_code,omitempty" doc:"郵便番号（1234567、123-4567、全角も可）"`
	Address       *string       `json:"address,omitempty" doc:"住所"`
	Phone         *string       `json:"phone,omitempty" doc:"電話番号"`
	BillingName   *string       `json:"billing_name,omitempty" doc:"請求先担当者"`
	BillingEmail  *string       `json:"billing_email,omitempty" doc:"請求先メールアドレス"`
	PriceGroupID  *string       `json:"price_group_id,omitempty" doc:"価格グループID。空文字で所属なし"`
	ClosingDay    *int          `json:"closing_day,omitempty" doc:"締め日: 5, 10, 15, 20, 25, 31（末日）。既定は 31"`
	PaymentTerms  *PaymentTerms `json:"payment_terms,omitempty" doc:"支払条件（label は無視）。既定は翌月末払い"`
	CreditLimit   *int64        `json:"credit_limit,omitempty" doc:"与信限度額（円。0 は上限なし）"`
	PaymentMethod *string       `json:"payment_method,omitempty" doc:"支払方法: invoice, account, cod。既定は invoice"`
	// Custom values are raw so that numbers keep every digit.
	Custom map[string]json.RawMessage `json:"custom,omitempty" doc:"独自項目の値（項目キー → 文字列、数値は数値も可）。PATCH では送ったキーだけが変わり、null で値を消す"`
}

// BuyerCreate is the body of POST /api/v1/buyers.
type BuyerCreate struct {
	Code string `json:"code" doc:"取引先コード"`
	Name string `json:"name" doc:"取引先名"`
	BuyerAttrs
}

// BuyerPatch is the body of PATCH /api/v1/buyers/{id}: only the fields sent
// change.
type BuyerPatch struct {
	Code *string `json:"code,omitempty" doc:"取引先コード"`
	Name *string `json:"name,omitempty" doc:"取引先名"`
	BuyerAttrs
	UpdatedAt *time.Time `json:"updated_at,omitempty" doc:"読み込んだときの updated_at。送ると、その後に他で更新されていた場合は何も変えず 409"`
}

// buyerFieldNames maps the buyers service's field keys to this API's.
var buyerFieldNames = map[string]string{"price_group": "price_group_id"}

// buyerOut is b as the API shows it, with the values of fields still
// defined (defs) only.
func buyerOut(b buyers.Buyer, defs []customfields.Field) Buyer {
	custom := map[string]string{}
	for _, d := range defs {
		if v, ok := b.Custom[d.Key]; ok && v != nil {
			custom[d.Key] = customfields.FormatCell(d, v)
		}
	}
	return Buyer{ID: b.ID.String(), Code: b.Code, Name: b.Name, Kana: b.Kana,
		PostalCode: b.PostalCode, Address: b.Address, Phone: b.Phone,
		BillingName: b.BillingName, BillingEmail: b.BillingEmail, PriceGroupID: optID(b.PriceGroupID),
		ClosingDay: b.ClosingDay, PaymentTerms: termsOut(b.PaymentTerms), CreditLimit: int64(b.CreditLimit),
		PaymentMethod: b.PaymentMethod, Status: b.Status, Custom: custom,
		CreatedAt: utc(b.CreatedAt), UpdatedAt: utc(b.UpdatedAt)}
}

func termsOut(p buyers.PaymentTerms) PaymentTerms {
	return PaymentTerms{MonthOffset: p.MonthOffset, Day: p.Day, Label: p.Label()}
}

// apply sets the fields of a present on b. Custom values merge key by key
// into b.Custom (null removes one), which must hold only values of fields
// still defined.
func (a BuyerAttrs) apply(b *buyers.Buyer, v *oroshi.ValidationError) {
	set(&b.Kana, a.Kana)
	set(&b.PostalCode, a.PostalCode)
	set(&b.Address, a.Address)
	set(&b.Phone, a.Phone)
	set(&b.BillingName, a.BillingName)
	set(&b.BillingEmail, a.BillingEmail)
	if a.PriceGroupID != nil {
		b.PriceGroupID = bodyID(v, "price_group_id", *a.PriceGroupID, "価格グループが見つかりません")
	}
	set(&b.ClosingDay, a.ClosingDay)
	if a.PaymentTerms != nil {
		b.PaymentTerms = buyers.PaymentTerms{MonthOffset: a.PaymentTerms.MonthOffset, Day: a.PaymentTerms.Day}
	}
	if a.CreditLimit != nil {
		b.CreditLimit = oroshi.Yen(*a.CreditLimit)
	}
	set(&b.PaymentMethod, a.PaymentMethod)
	if len(a.Custom) > 0 {
		b.Custom = mergeCustom(b.Custom, a.Custom)
	}
}

// set copies *p into *dst when p is present.
func set[T any](dst *T, p *T) {
	if p != nil {
		*dst = *p
	}
}

// mergeCustom returns base with the values of patch: JSON strings as
// strings, numbers as json.Number (every digit kept), null as a removal.
// Other JSON values stay as decoded, for the service to reject.
func mergeCustom(base map[string]any, patch map[string]json.RawMessage) map[string]any {
	out := maps.Clone(base)
	if out == nil {
		out = map[string]any{}
	}
	for k, raw := range patch {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil || v == nil {
			delete(out, k)
			continue
		}
		out[k] = v
	}
	return out
}

// ShipTo is a delivery address (納品先) of a buyer company.
type ShipTo struct {
	ID         string    `json:"id" doc:"納品先ID"`
	BuyerID    string    `json:"buyer_id" doc:"取引先ID"`
	Label      string    `json:"label" doc:"納品先名（本店、第二倉庫など）"`
	Recipient  string    `json:"recipient" doc:"宛名（取引先名と異なる場合）"`
	PostalCode string    `json:"postal_code" doc:"郵便番号（123-4567）"`
	Address    string    `json:"address" doc:"住所"`
	Phone      string    `json:"phone" doc:"電話番号"`
	IsDefault  bool      `json:"is_default" doc:"既定の納品先か（取引先ごとに1件）"`
	Position   int       `json:"position" doc:"表示順"`
	CreatedAt  time.Time `json:"created_at" doc:"登録日時（RFC 3339）"`
	UpdatedAt  time.Time `json:"updated_at" doc:"更新日時（RFC 3339）"`
}

// ShipToInput is the body of POST and PATCH of a ship-to; on PATCH only
// the fields sent change.
type ShipToInput struct {
	Label      *string `json:"label,omitempty" doc:"納品先名（必須、50文字以内）"`
	Recipient  *string `json:"recipient,omitempty" doc:"宛名"`
	PostalCode *string `json:"postal_code,omitempty" doc:"郵便番号（必須）"`
	Address    *string `json:"address,omitempty" doc:"住所（必須）"`
	Phone      *string `json:"phone,omitempty" doc:"電話番号"`
	IsDefault  *bool   `json:"is_default,omitempty" doc:"true で既定の納品先にする（false では外せない。別の納品先を既定にする）"`
}

func (in ShipToInput) apply(st *buyers.ShipTo) {
	set(&st.Label, in.Label)
	set(&st.Recipient, in.Recipient)
	set(&st.PostalCode, in.PostalCode)
	set(&st.Address, in.Address)
	set(&st.Phone, in.Phone)
	set(&st.IsDefault, in.IsDefault)
}

func shipToOut(st buyers.ShipTo) ShipTo {
	return ShipTo{ID: st.ID.String(), BuyerID: st.BuyerID.String(), Label: st.Label, Recipient: st.Recipient,
		PostalCode: st.PostalCode, Address: st.Address, Phone: st.Phone, IsDefault: st.IsDefault,
		Position: st.Position, CreatedAt: utc(st.CreatedAt), UpdatedAt: utc(st.UpdatedAt)}
}
