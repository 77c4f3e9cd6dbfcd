package dataio

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
)

// FullKinds are every kind a full tenant export holds (データ一括出力):
// each file the CSV screens export.
func FullKinds() []Kind {
	return append(append(Kinds(), OrderKinds()...), KindQuotes, KindInvoices, KindPayments)
}

// EachRecord streams kind k of tenant t as the CSV export would write it,
// without recording anything: header first, then one call per row. The
// full export records its one history entry itself.
func (s *Service) EachRecord(ctx context.Context, t oroshi.TenantID, k Kind, header func([]string) error,
	row func([]string) error) error {
	src, err := s.fullSource(ctx, t, k)
	if err != nil {
		return err
	}
	if err := header(headerNames(src.cols)); err != nil {
		return err
	}
	return src.each(ctx, row)
}

func (s *Service) fullSource(ctx context.Context, t oroshi.TenantID, k Kind) (source, error) {
	switch {
	case k.Valid():
		return s.source(ctx, t, k)
	case IsOrderKind(k):
		return s.orderSource(t, k, OrderFilter{})
	case k == KindQuotes:
		st, ok := s.Store.(QuoteExportStore)
		if !ok {
			return source{}, fmt.Errorf("full export: the store %T cannot export quotes", s.Store)
		}
		return s.quoteSource(t, st), nil
	case k == KindInvoices || k == KindPayments:
		return s.billingSource(t, k)
	}
	return source{}, fmt.Errorf("full export %q: %w", k, oroshi.ErrNotFound)
}

// billingSource is the source of ExportBilling's files.
func (s *Service) billingSource(t oroshi.TenantID, k Kind) (source, error) {
	st, ok := s.Store.(BillingExportStore)
	if !ok {
		return source{}, fmt.Errorf("full export: the store %T cannot export billing", s.Store)
	}
	if k == KindInvoices {
		return fixedSource(invoiceHeader, func(ctx context.Context, emit func([]string) error) error {
			rec := make([]string, len(invoiceHeader))
			return st.EachInvoice(ctx, t, func(iv billing.Invoice) error { return emit(invoiceRecord(rec, iv)) })
		}), nil
	}
	return fixedSource(paymentHeader, func(ctx context.Context, emit func([]string) error) error {
		rec := make([]string, len(paymentHeader))
		return st.EachPayment(ctx, t, func(p PaymentRow) error { return emit(paymentRecord(rec, p)) })
	}), nil
}
