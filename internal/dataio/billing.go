package dataio

import (
	"context"
	"fmt"
	"io"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/csvio"
)

// KindInvoices and KindPayments are the billing exports (請求書, 入金):
// one row per invoice with its header amounts and per-rate totals, and
// one row per payment (cancelled ones too, marked). Export only.
const (
	KindInvoices Kind = "invoices"
	KindPayments Kind = "payments"
)

var invoiceHeader = []string{"請求書番号", "区分", "取引先コード", "取引先名", "締め日", "対象期間（開始）", "対象期間（終了）",
	"発行日", "支払期日", "前回請求額", "入金額", "繰越金額", "今回売上額", "消費税額", "今回請求額",
	"10%対象（税抜）", "10%消費税", "8%対象（税抜）", "8%消費税", "入金済額", "残高", "入金状況"}

var paymentHeader = []string{"入金ID", "請求書番号", "取引先コード", "取引先名", "入金日", "入金額", "振込手数料",
	"前受金", "入金方法", "備考", "状態", "取消日時", "取消理由", "登録日時"}

// PaymentRow is a payment with its invoice's number and buyer.
type PaymentRow struct {
	Payment       billing.Payment
	InvoiceNumber string
	BuyerCode     string
	BuyerName     string
}

// BillingExportStore streams invoices (issue date, ID) and payments (ID),
// each in one statement, calling fn while the read is open.
type BillingExportStore interface {
	EachInvoice(ctx context.Context, t oroshi.TenantID, fn func(billing.Invoice) error) error
	EachPayment(ctx context.Context, t oroshi.TenantID, fn func(PaymentRow) error) error
}

// ExportBilling writes the invoices or payments file of tenant t to w in
// enc, as Export does (a Shift_JIS file is checked whole first).
func (s *Service) ExportBilling(ctx context.Context, t oroshi.TenantID, kind Kind, enc csvio.Encoding, actor audit.Actor, w io.Writer) (int, error) {
	st, ok := s.Store.(BillingExportStore)
	if !ok {
		return 0, fmt.Errorf("csv export: the store %T cannot export billing", s.Store)
	}
	var src source
	switch kind {
	case KindInvoices:
		src = fixedSource(invoiceHeader, func(ctx context.Context, emit func([]string) error) error {
			rec := make([]string, len(invoiceHeader))
			return st.EachInvoice(ctx, t, func(iv billing.Invoice) error { return emit(invoiceRecord(rec, iv)) })
		})
	case KindPayments:
		src = fixedSource(paymentHeader, func(ctx context.Context, emit func([]string) error) error {
			rec := make([]string, len(paymentHeader))
			return st.EachPayment(ctx, t, func(p PaymentRow) error { return emit(paymentRecord(rec, p)) })
		})
	default:
		return 0, fmt.Errorf("csv export: %q is not a billing kind", kind)
	}
	if enc == csvio.ShiftJIS {
		if err := checkEncodable(ctx, src, enc); err != nil {
			return 0, err
		}
	}
	ev := actor.Event(exportAction(kind), "csv_export", "")
	ev.Tenant, ev.Detail = t, map[string]any{"kind": string(kind), "encoding": enc.String()}
	if err := s.Store.RecordAudit(ctx, ev); err != nil {
		return 0, fmt.Errorf("export %s: %w", kind, err)
	}
	return writeSource(ctx, src, kind, enc, w)
}

func fixedSource(header []string, each func(ctx context.Context, emit func([]string) error) error) source {
	src := source{cols: make([]column, len(header)), each: each}
	for i, h := range header {
		src.cols[i] = column{field: h, name: h}
	}
	return src
}

func invoiceRecord(rec []string, iv billing.Invoice) []string {
	kind := "締め請求"
	if iv.Kind == billing.ModePerOrder {
		kind = "都度請求"
	}
	var r10, r8 billing.RateTotal
	for _, r := range iv.ByRate {
		if r.Rate == 10 {
			r10 = r
		} else {
			r8 = r
		}
	}
	rec[0], rec[1], rec[2], rec[3] = iv.Number, kind, iv.BuyerCode, iv.BuyerName
	rec[4], rec[5], rec[6], rec[7], rec[8] = iv.ClosingDate.String(), iv.PeriodFrom.String(), iv.PeriodTo.String(),
		iv.IssueDate.String(), iv.DueDate.String()
	for i, y := range []oroshi.Yen{iv.Previous, iv.Received, iv.Carried, iv.Sales, iv.Tax, iv.Total,
		r10.Subtotal, r10.Tax, r8.Subtotal, r8.Tax, iv.Paid, iv.Balance()} {
		rec[9+i] = yenCell(y)
	}
	rec[21] = iv.Status().Label()
	return rec
}

func paymentRecord(rec []string, r PaymentRow) []string {
	p := r.Payment
	state, over, cancelledAt := "有効", "", ""
	if p.Cancelled {
		state, cancelledAt = "取消", p.CancelledAt.In(jst).Format("2006/01/02 15:04:05")
	}
	if p.Overpayment {
		over = "あり"
	}
	rec[0], rec[1], rec[2], rec[3] = p.ID.String(), r.InvoiceNumber, r.BuyerCode, r.BuyerName
	rec[4], rec[5], rec[6], rec[7] = p.ReceivedOn.String(), yenCell(p.Amount), yenCell(p.Fee), over
	rec[8], rec[9], rec[10], rec[11], rec[12] = p.Method.Label(), p.Note, state, cancelledAt, p.CancelNote
	rec[13] = p.CreatedAt.In(jst).Format("2006/01/02 15:04:05")
	return rec
}
