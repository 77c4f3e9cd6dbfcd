package api

import (
	"time"

	"github.com/oroshi-jp/oroshi/internal/billing"
)

// Billing (請求・入金) bodies.

// InvoiceRate is the part of an invoice at one tax rate.
type InvoiceRate struct {
	Rate     int   `json:"rate" doc:"税率（%）: 10 または 8（軽減税率）"`
	Subtotal int64 `json:"subtotal" doc:"税抜金額（円）"`
	Tax      int64 `json:"tax" doc:"消費税額（円、税率ごとに1回計算）"`
}

// InvoiceLine is one delivered item.
type InvoiceLine struct {
	No          int    `json:"no"`
	ShippedOn   string `json:"shipped_on" doc:"納品日 YYYY-MM-DD"`
	OrderID     string `json:"order_id"`
	OrderNumber string `json:"order_number"`
	SlipNo      string `json:"slip_no" doc:"納品書番号"`
	Code        string `json:"code" doc:"品番"`
	Name        string `json:"name"`
	Unit        string `json:"unit"`
	Quantity    int64  `json:"quantity"`
	UnitPrice   int64  `json:"unit_price" doc:"税抜単価（円）"`
	Amount      int64  `json:"amount" doc:"税抜金額（円）"`
	TaxRate     int    `json:"tax_rate"`
	Reduced     bool   `json:"reduced" doc:"軽減税率対象（※）"`
}

// Payment is money received for an invoice.
type Payment struct {
	ID          string     `json:"id"`
	InvoiceID   string     `json:"invoice_id"`
	BuyerID     string     `json:"buyer_id"`
	ReceivedOn  string     `json:"received_on" doc:"入金日 YYYY-MM-DD"`
	Amount      int64      `json:"amount" doc:"入金額（円）"`
	Fee         int64      `json:"fee" doc:"振込手数料（円、値引として充当）"`
	Overpayment bool       `json:"overpayment" doc:"過入金（前受金）として登録"`
	Method      string     `json:"method" doc:"入金方法: transfer（振込）, cash（現金）, promissory_note（手形）, offset（相殺）, other（その他）"`
	Note        string     `json:"note" doc:"備考（自由記述）"`
	Cancelled   bool       `json:"cancelled"`
	CancelledAt *time.Time `json:"cancelled_at"`
	CreatedAt   time.Time  `json:"created_at"`
}

// PaymentInput records a payment.
type PaymentInput struct {
	ReceivedOn  string `json:"received_on" doc:"入金日 YYYY-MM-DD（必須、未来日不可）"`
	Amount      int64  `json:"amount" doc:"入金額（円）"`
	Fee         int64  `json:"fee" doc:"振込手数料（円、任意）"`
	Overpayment bool   `json:"overpayment" doc:"請求残高を超える入金を前受金として受け付ける"`
	Method      string `json:"method" doc:"入金方法: transfer（振込、省略時）, cash（現金）, promissory_note（手形）, offset（相殺）, other（その他）"`
	Note        string `json:"note" doc:"備考（自由記述）"`
}

// Invoice is an issued invoice (請求書).
type Invoice struct {
	ID          string        `json:"id"`
	Number      string        `json:"number"`
	Kind        string        `json:"kind" doc:"monthly（締め請求）または per_order（都度請求）"`
	Method      string        `json:"method" doc:"detailed（請求書で税額計算）または slips（納品書で税額計算）"`
	BuyerID     string        `json:"buyer_id"`
	BuyerCode   string        `json:"buyer_code"`
	BuyerName   string        `json:"buyer_name"`
	OrderID     *string       `json:"order_id" doc:"都度請求の注文（締め請求では null）"`
	ClosingDate string        `json:"closing_date"`
	PeriodFrom  string        `json:"period_from"`
	PeriodTo    string        `json:"period_to"`
	IssueDate   string        `json:"issue_date"`
	DueDate     string        `json:"due_date" doc:"支払期日"`
	TaxRounding string        `json:"tax_rounding"`
	Previous    int64         `json:"previous" doc:"前回請求額"`
	Received    int64         `json:"received" doc:"入金額"`
	Carried     int64         `json:"carried" doc:"繰越金額"`
	Sales       int64         `json:"sales" doc:"今回売上額（税抜）"`
	Tax         int64         `json:"tax" doc:"消費税額"`
	Total       int64         `json:"total" doc:"今回請求額"`
	Paid        int64         `json:"paid" doc:"この請求書への入金・手数料の合計"`
	Balance     int64         `json:"balance" doc:"この請求書の残高（今回売上額＋消費税額−入金）"`
	Status      string        `json:"status" doc:"unpaid（未入金）・partial（一部入金）・paid（入金済）"`
	ByRate      []InvoiceRate `json:"by_rate"`
	Lines       []InvoiceLine `json:"lines,omitempty"`
	Payments    []Payment     `json:"payments,omitempty"`
	CreatedAt   time.Time     `json:"created_at"`
}

// BuyerBalance is a buyer's billing position.
type BuyerBalance struct {
	BuyerID     string `json:"buyer_id"`
	Invoiced    int64  `json:"invoiced" doc:"請求額の累計（税込）"`
	Paid        int64  `json:"paid" doc:"入金・手数料の累計"`
	Outstanding int64  `json:"outstanding" doc:"未回収残高（負の値は前受金）"`
	OpenOrders  int64  `json:"open_orders" doc:"未請求の注文（税込）"`
	Exposure    int64  `json:"exposure" doc:"与信の対象額（未回収残高＋未請求の注文）"`
	CreditLimit int64  `json:"credit_limit" doc:"与信限度額（0は無制限）"`
}

func paymentOut(p billing.Payment) Payment {
	out := Payment{ID: p.ID.String(), InvoiceID: p.InvoiceID.String(), BuyerID: p.BuyerID.String(),
		ReceivedOn: p.ReceivedOn.String(), Amount: int64(p.Amount), Fee: int64(p.Fee), Overpayment: p.Overpayment, Method: string(p.Method),
		Note: p.Note, Cancelled: p.Cancelled, CreatedAt: p.CreatedAt}
	if p.Cancelled {
		at := p.CancelledAt
		out.CancelledAt = &at
	}
	return out
}

func invoiceOut(iv billing.Invoice) Invoice {
	out := Invoice{ID: iv.ID.String(), Number: iv.Number, Kind: string(iv.Kind), Method: string(iv.Method),
		BuyerID: iv.BuyerID.String(), BuyerCode: iv.BuyerCode, BuyerName: iv.BuyerName,
		ClosingDate: iv.ClosingDate.String(), PeriodFrom: iv.PeriodFrom.String(), PeriodTo: iv.PeriodTo.String(),
		IssueDate: iv.IssueDate.String(), DueDate: iv.DueDate.String(), TaxRounding: string(iv.TaxRounding),
		Previous: int64(iv.Previous), Received: int64(iv.Received), Carried: int64(iv.Carried), Sales: int64(iv.Sales),
		Tax: int64(iv.Tax), Total: int64(iv.Total), Paid: int64(iv.Paid), Balance: int64(iv.Balance()),
		Status: string(iv.Status()), ByRate: []InvoiceRate{}, CreatedAt: iv.CreatedAt}
	if iv.OrderID != 0 {
		id := iv.OrderID.String()
		out.OrderID = &id
	}
	for _, r := range iv.ByRate {
		out.ByRate = append(out.ByRate, InvoiceRate{Rate: r.Rate, Subtotal: int64(r.Subtotal), Tax: int64(r.Tax)})
	}
	for _, l := range iv.Lines {
		out.Lines = append(out.Lines, InvoiceLine{No: l.No, ShippedOn: l.ShippedOn.String(), OrderID: l.OrderID.String(),
			OrderNumber: l.OrderNumber, SlipNo: l.SlipNo, Code: l.Code, Name: l.Name, Unit: l.Unit, Quantity: l.Quantity,
			UnitPrice: int64(l.UnitPrice), Amount: int64(l.Amount), TaxRate: l.TaxRate, Reduced: l.Reduced()})
	}
	for _, p := range iv.Payments {
		out.Payments = append(out.Payments, paymentOut(p))
	}
	return out
}

// paymentMethodEnum lists the payment methods in the schemas of payments.
func paymentMethodEnum(defs map[string]*schema) {
	codes := make([]string, len(billing.PaymentMethods))
	for i, m := range billing.PaymentMethods {
		codes[i] = string(m)
	}
	for _, name := range []string{"Payment", "PaymentInput"} {
		if d := defs[name]; d != nil && d.Properties["method"] != nil {
			d.Properties["method"].Enum = codes
		}
	}
}
