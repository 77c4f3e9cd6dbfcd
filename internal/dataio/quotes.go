package dataio

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// KindQuotes is the quotes export (見積): one row per line of every
// issued version, so that each version a buyer was shown can be read in
// Excel as it was issued (a quote with two versions has the lines of both,
// the older marked 旧版). Drafts are not documents yet and are left out;
// a quote never issued has no rows. Like the order kinds it is export
// only and not among Kinds.
const KindQuotes Kind = "quotes"

// quoteHeader is fixed: quote fields are not renamable.
var quoteHeader = []string{"見積番号", "版", "版の区分", "見積の状態", "取引先コード", "取引先名", "発行日時",
	"有効期限", "行番号", "品番", "JANコード", "商品名", "規格", "単位", "数量", "単価", "税率", "金額", "版の合計（税込）", "備考"}

// QuoteLineRow is one line of an issued quote version, as the export
// reads it.
type QuoteLineRow struct {
	Quote     sales.Quote // without versions
	BuyerCode string
	Version   sales.QuoteVersion // without lines
	Line      sales.QuoteLine
}

// QuoteExportStore streams quote lines: every line of every issued
// version of t, newest quote first, then by version and line, in one
// statement (one snapshot), calling fn while the read is open.
type QuoteExportStore interface {
	EachQuoteLine(ctx context.Context, t oroshi.TenantID, fn func(QuoteLineRow) error) error
}

// ExportQuotes writes the quotes file of tenant t to w in enc, as Export
// does (a Shift_JIS file is checked whole before its first byte).
func (s *Service) ExportQuotes(ctx context.Context, t oroshi.TenantID, enc csvio.Encoding, actor audit.Actor, w io.Writer) (int, error) {
	st, ok := s.Store.(QuoteExportStore)
	if !ok {
		return 0, fmt.Errorf("csv export: the store %T cannot export quotes", s.Store)
	}
	src := s.quoteSource(t, st)
	if enc == csvio.ShiftJIS {
		if err := checkEncodable(ctx, src, enc); err != nil {
			return 0, err
		}
	}
	ev := actor.Event(exportAction(KindQuotes), "csv_export", "")
	ev.Tenant, ev.Detail = t, map[string]any{"kind": string(KindQuotes), "encoding": enc.String()}
	if err := s.Store.RecordAudit(ctx, ev); err != nil {
		return 0, fmt.Errorf("export quotes: %w", err)
	}
	return writeSource(ctx, src, KindQuotes, enc, w)
}

func (s *Service) quoteSource(t oroshi.TenantID, st QuoteExportStore) source {
	src := source{cols: make([]column, len(quoteHeader))}
	for i, h := range quoteHeader {
		src.cols[i] = column{field: h, name: h}
	}
	rec := make([]string, len(quoteHeader))
	today := pricing.DateOf(s.now())
	src.each = func(ctx context.Context, emit func([]string) error) error {
		return st.EachQuoteLine(ctx, t, func(r QuoteLineRow) error { return emit(quoteRecord(rec, r, today)) })
	}
	return src
}

func quoteRecord(rec []string, r QuoteLineRow, today pricing.Date) []string {
	q, v, l := r.Quote, r.Version, r.Line
	kind := "最新"
	if q.Superseded(v.Version) {
		kind = "旧版"
	}
	rec[0], rec[1], rec[2], rec[3] = q.Number, strconv.Itoa(v.Version), kind, q.StatusOn(today).Label()
	rec[4], rec[5], rec[6] = r.BuyerCode, q.BuyerName, v.IssuedAt.In(jst).Format("2006/01/02 15:04:05")
	rec[7], rec[8], rec[9], rec[10] = v.ValidUntil.String(), strconv.Itoa(l.No), l.Code, l.JAN
	rec[11], rec[12], rec[13] = l.ProductName, l.Variant, l.Unit
	rec[14], rec[15] = strconv.FormatInt(l.Quantity, 10), yenCell(l.UnitPrice)
	rec[16], rec[17], rec[18], rec[19] = strconv.Itoa(l.TaxRate)+"%", yenCell(l.Amount), yenCell(v.Totals.Total), v.Notes
	return rec
}
