// Package billing is invoicing and collection (請求・入金): the tenant's
// billing settings (per-order invoices or monthly closing by each buyer's
// closing day), what is billable (shipped quantities), the invoice with
// everything a qualified invoice (適格請求書) needs, monthly closing
// (締め処理), payments (入金) with bank fees and overpayments, outstanding
// balances, the aging list (未回収一覧) and the credit exposure that
// checkout compares with a buyer's credit limit.
//
// The rules live here; the SQL lives in sqlstore behind Store.
package billing

import (
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Audit actions (操作履歴) and targets.
const (
	ActionInvoiceIssue  = "請求書（発行）"
	ActionClosingRun    = "請求締め（実行）"
	ActionPaymentRecord = "入金（登録）"
	ActionPaymentCancel = "入金（取消）"
	ActionSettings      = "請求設定（更新）"

	TargetInvoice  = "invoice"
	TargetPayment  = "payment"
	TargetClosing  = "billing_closing"
	TargetSettings = "billing_settings"
)

// Mode is how a tenant bills.
type Mode string

// Modes. The values are stored and used by the API.
const (
	ModeMonthly  Mode = "monthly"   // 締め請求: one invoice per buyer per closing day
	ModePerOrder Mode = "per_order" // 都度請求: one invoice per fully shipped order
)

// Label is the Japanese name of the mode.
func (m Mode) Label() string {
	switch m {
	case ModeMonthly:
		return "締め請求（締め日ごとに合算）"
	case ModePerOrder:
		return "都度請求（注文ごと）"
	}
	return string(m)
}

// Method is how a monthly invoice meets the qualified-invoice rules.
type Method string

// Methods. The values are stored and used by the API.
const (
	// MethodDetailed: the monthly invoice lists every delivery and computes
	// the tax once per rate on the month's totals.
	MethodDetailed Method = "detailed"
	// MethodSlips: each delivery slip (納品書) is a qualified invoice with
	// its own per-rate tax; the monthly invoice adds up the slips' taxes.
	MethodSlips Method = "slips"
)

// Label is the Japanese name of the method.
func (m Method) Label() string {
	switch m {
	case MethodDetailed:
		return "請求書で税額計算（明細を列挙し税率ごとに1回計算）"
	case MethodSlips:
		return "納品書で税額計算（納品書ごとの税額を合計）"
	}
	return string(m)
}

// Settings are a tenant's billing settings.
type Settings struct {
	Mode      Mode
	Method    Method // used by monthly invoices
	UpdatedAt time.Time
}

// DefaultSettings are the settings of a tenant that never saved any:
// monthly closing, the detailed monthly invoice.
func DefaultSettings() Settings { return Settings{Mode: ModeMonthly, Method: MethodDetailed} }

// Status is an invoice's payment state.
type Status string

// Statuses, as the invoice list filters them.
const (
	StatusUnpaid  Status = "unpaid"  // 未入金
	StatusPartial Status = "partial" // 一部入金
	StatusPaid    Status = "paid"    // 入金済
)

// Statuses lists them in display order.
var Statuses = []Status{StatusUnpaid, StatusPartial, StatusPaid}

// Label is the Japanese name of the status.
func (s Status) Label() string {
	switch s {
	case StatusUnpaid:
		return "未入金"
	case StatusPartial:
		return "一部入金"
	case StatusPaid:
		return "入金済"
	}
	return string(s)
}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { return s == StatusUnpaid || s == StatusPartial || s == StatusPaid }

// StatusOf is the status of an invoice charging charge of which paid is
// paid (payments and bank fees).
func StatusOf(charge, paid oroshi.Yen) Status {
	switch {
	case paid >= charge:
		return StatusPaid
	case paid > 0:
		return StatusPartial
	}
	return StatusUnpaid
}

// RateTotal is the part of an invoice at one tax rate.
type RateTotal struct {
	Rate     int        // 10 or 8
	Subtotal oroshi.Yen // tax excluded
	Tax      oroshi.Yen
}

// Line is one delivered item on an invoice: a shipment line.
type Line struct {
	No          int
	ShippedOn   pricing.Date // 納品日 (the transaction date)
	OrderID     oroshi.ID
	OrderNumber string
	ShipmentID  oroshi.ID
	SlipNo      string // 納品書番号: order number and shipment sequence, O-2026-000123-1
	Code        string // 品番
	Name        string // product name and variant
	Unit        string
	Quantity    int64
	UnitPrice   oroshi.Yen // tax excluded
	Amount      oroshi.Yen // Quantity × UnitPrice
	TaxRate     int        // 10 or 8
}

// Reduced tells whether the line is at the reduced rate (marked ※).
func (l Line) Reduced() bool { return l.TaxRate == 8 }

// Invoice is an issued invoice (請求書). It carries everything the PDF
// needs except the issuer's own data, which is the tenant's.
type Invoice struct {
	ID          oroshi.ID
	Tenant      oroshi.TenantID
	Number      string // B-2026-000123
	Kind        Mode   // monthly or per_order
	Method      Method // how tax was computed (detailed for per-order)
	BuyerID     oroshi.ID
	BuyerCode   string
	BuyerName   string    // the recipient (宛名)
	OrderID     oroshi.ID // per-order invoices
	ClosingDate pricing.Date
	PeriodFrom  pricing.Date // the closing period, JST, inclusive
	PeriodTo    pricing.Date
	IssueDate   pricing.Date
	DueDate     pricing.Date // from the buyer's payment terms
	TaxRounding pricing.Rounding
	Previous    oroshi.Yen // 前回請求額
	Received    oroshi.Yen // 入金額 since the previous invoice (payments and fees)
	Carried     oroshi.Yen // 繰越金額 = Previous − Received
	Sales       oroshi.Yen // 今回売上額 (tax excluded)
	Tax         oroshi.Yen // 消費税額
	Total       oroshi.Yen // 今回請求額 = Carried + Sales + Tax
	ByRate      []RateTotal
	Paid        oroshi.Yen // payments and fees recorded against this invoice
	Lines       []Line     // filled by Invoice, not by lists
	Payments    []Payment  // filled by Invoice, not by lists
	CreatedBy   oroshi.ID
	CreatedAt   time.Time
}

// Charge is what this invoice itself bills: 今回売上額 plus its tax.
func (iv Invoice) Charge() oroshi.Yen { return iv.Sales + iv.Tax }

// Balance is what is still to be paid on this invoice's charge (negative
// after an overpayment).
func (iv Invoice) Balance() oroshi.Yen { return iv.Charge() - iv.Paid }

// Status is the invoice's payment state.
func (iv Invoice) Status() Status { return StatusOf(iv.Charge(), iv.Paid) }
