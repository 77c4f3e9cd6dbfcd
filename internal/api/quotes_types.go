package api

import (
	"time"

	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// QuoteSummary is a quote in a list (without versions).
type QuoteSummary struct {
	ID             string    `json:"id" doc:"見積ID"`
	Number         string    `json:"number" doc:"見積番号（Q-2026-000012）"`
	BuyerID        string    `json:"buyer_id" doc:"取引先ID"`
	BuyerName      string    `json:"buyer_name" doc:"取引先名"`
	Status         string    `json:"status" doc:"requested（依頼中）| draft（作成中）| issued（発行済）| accepted（受注済）| withdrawn（取下げ）| expired（期限切れ: 有効期限を日本時間で過ぎた発行済）"`
	StatusLabel    string    `json:"status_label" doc:"状態の日本語名"`
	RowVersion     int64     `json:"row_version" doc:"変更のたびに増える版数。PATCH・issue・revise・withdraw に送ると、他の変更と競合したとき 409"`
	LatestVersion  int       `json:"latest_version" doc:"最新の版番号（下書きを含む）"`
	IssuedVersion  int       `json:"issued_version" doc:"最新の発行済の版番号（未発行は 0）。受諾できるのはこの版だけ"`
	ValidUntil     *string   `json:"valid_until" doc:"有効期限（YYYY-MM-DD、日本時間でこの日まで有効）"`
	Total          int64     `json:"total" doc:"最新の版の合計（税込、円）"`
	RequestedBy    *string   `json:"requested_by" doc:"見積を依頼した取引先ユーザーのID（担当者が作成した見積は null）"`
	RequestNote    string    `json:"request_note" doc:"依頼時のご要望"`
	WithdrawReason string    `json:"withdraw_reason" doc:"取下げ理由"`
	OrderID        *string   `json:"order_id" doc:"受諾で作られた注文のID"`
	CreatedAt      time.Time `json:"created_at" doc:"作成日時（RFC 3339）"`
	UpdatedAt      time.Time `json:"updated_at" doc:"更新日時（RFC 3339）"`
}

// Quote is one quote with every version, oldest first.
type Quote struct {
	QuoteSummary
	Versions []QuoteVersion `json:"versions" doc:"版（古い順）。発行済の版は変更されない"`
}

// QuoteVersion is one version of a quote.
type QuoteVersion struct {
	Version     int              `json:"version" doc:"版番号（1から）"`
	Issued      bool             `json:"issued" doc:"発行済か（false は編集中の下書き）"`
	Superseded  bool             `json:"superseded" doc:"後の版が発行され旧版になったか"`
	IssuedAt    *time.Time       `json:"issued_at" doc:"発行日時"`
	ValidUntil  *string          `json:"valid_until" doc:"有効期限（YYYY-MM-DD）"`
	Notes       string           `json:"notes" doc:"備考"`
	TaxRounding string           `json:"tax_rounding" doc:"消費税の端数処理"`
	Subtotal    int64            `json:"subtotal" doc:"小計（税抜、円）"`
	Tax         int64            `json:"tax" doc:"消費税（税率ごとに1回計算、円）"`
	Total       int64            `json:"total" doc:"合計（税込、円）"`
	TaxByRate   []OrderRateTotal `json:"tax_by_rate" doc:"税率ごとの小計と消費税"`
	Lines       []QuoteLine      `json:"lines" doc:"明細"`
}

// QuoteLine is one line of a version.
type QuoteLine struct {
	LineNo      int    `json:"line_no" doc:"行番号（1から）"`
	SKUID       string `json:"sku_id" doc:"品番（SKU）のID"`
	ProductCode string `json:"product_code" doc:"品番"`
	ProductName string `json:"product_name" doc:"商品名"`
	Variant     string `json:"variant" doc:"規格"`
	Unit        string `json:"unit" doc:"単位"`
	Quantity    int64  `json:"quantity" doc:"数量"`
	UnitPrice   int64  `json:"unit_price" doc:"見積単価（税抜、円）"`
	PriceRule   string `json:"price_rule" doc:"単価の出所（見積単価、または取引先の単価のルール名）"`
	TaxRate     int    `json:"tax_rate" doc:"税率（%）"`
	Amount      int64  `json:"amount" doc:"金額（税抜、円）"`
}

// QuoteCreate is the body of POST /api/v1/quotes.
type QuoteCreate struct {
	BuyerID    string           `json:"buyer_id" doc:"取引先ID（必須）"`
	Lines      []QuoteLineInput `json:"lines" doc:"明細（1行以上、500行まで）"`
	ValidUntil *string          `json:"valid_until,omitempty" doc:"有効期限（YYYY-MM-DD）。発行時に必須"`
	Notes      string           `json:"notes,omitempty" doc:"備考（2000文字以内）"`
}

// QuotePatch is the body of PATCH /api/v1/quotes/{id}: only the fields
// sent change the draft.
type QuotePatch struct {
	Lines      *[]QuoteLineInput `json:"lines,omitempty" doc:"明細（送ると全行を置き換え）"`
	ValidUntil *string           `json:"valid_until,omitempty" doc:"有効期限（YYYY-MM-DD、空文字で未設定）"`
	Notes      *string           `json:"notes,omitempty" doc:"備考"`
	RowVersion int64             `json:"row_version,omitempty" doc:"取得時の row_version（送ると競合時に 409）"`
}

// QuoteLineInput is a line to quote: sku_id or product_code, a quantity
// and the unit price (omitted: the buyer's price today).
type QuoteLineInput struct {
	SKUID       string `json:"sku_id,omitempty" doc:"品番（SKU）のID"`
	ProductCode string `json:"product_code,omitempty" doc:"品番（sku_id がないとき）"`
	Quantity    int64  `json:"quantity" doc:"数量"`
	UnitPrice   *int64 `json:"unit_price,omitempty" doc:"見積単価（税抜、円）。省略するとその取引先の本日の単価"`
}

// QuoteAction is the body of issue, revise and withdraw (all optional).
type QuoteAction struct {
	RowVersion int64  `json:"row_version,omitempty" doc:"取得時の row_version（送ると競合時に 409）"`
	Reason     string `json:"reason,omitempty" doc:"取下げ理由（withdraw のみ、500文字以内）"`
}

func quoteSummaryOut(q sales.Quote, today pricing.Date) QuoteSummary {
	st := q.StatusOn(today)
	out := QuoteSummary{ID: q.ID.String(), Number: q.Number, BuyerID: q.BuyerID.String(), BuyerName: q.BuyerName,
		Status: string(st), StatusLabel: st.Label(), RowVersion: q.RowVersion, LatestVersion: q.LatestVersion,
		IssuedVersion: q.IssuedVersion, ValidUntil: optDate(q.ValidUntil), Total: int64(q.Total),
		RequestNote: q.RequestNote, WithdrawReason: q.WithdrawReason, CreatedAt: utc(q.CreatedAt), UpdatedAt: utc(q.UpdatedAt)}
	if q.RequestedBy != 0 {
		id := q.RequestedBy.String()
		out.RequestedBy = &id
	}
	if q.OrderID != 0 {
		id := q.OrderID.String()
		out.OrderID = &id
	}
	return out
}

func quoteOut(q sales.Quote, today pricing.Date) Quote {
	out := Quote{QuoteSummary: quoteSummaryOut(q, today), Versions: make([]QuoteVersion, 0, len(q.Versions))}
	for _, v := range q.Versions {
		qv := QuoteVersion{Version: v.Version, Issued: v.Issued, Superseded: v.Issued && q.Superseded(v.Version),
			ValidUntil: optDate(v.ValidUntil), Notes: v.Notes, TaxRounding: string(v.TaxRounding),
			Subtotal: int64(v.Totals.Subtotal), Tax: int64(v.Totals.Tax), Total: int64(v.Totals.Total),
			TaxByRate: make([]OrderRateTotal, 0, len(v.Totals.ByRate)), Lines: make([]QuoteLine, 0, len(v.Lines))}
		if v.Issued {
			at := utc(v.IssuedAt)
			qv.IssuedAt = &at
		}
		for _, r := range v.Totals.ByRate {
			qv.TaxByRate = append(qv.TaxByRate, OrderRateTotal{Rate: r.Rate, Subtotal: int64(r.Subtotal), Tax: int64(r.Tax)})
		}
		for _, l := range v.Lines {
			qv.Lines = append(qv.Lines, QuoteLine{LineNo: l.No, SKUID: l.SKUID.String(), ProductCode: l.Code,
				ProductName: l.ProductName, Variant: l.Variant, Unit: l.Unit, Quantity: l.Quantity,
				UnitPrice: int64(l.UnitPrice), PriceRule: l.PriceRule, TaxRate: l.TaxRate, Amount: int64(l.Amount)})
		}
		out.Versions = append(out.Versions, qv)
	}
	return out
}
