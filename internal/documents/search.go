package documents

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Page sizes of document lists.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// Filter is a search of issued documents (電子帳簿保存法: by transaction
// date, amount and counterparty, combined). Zero fields do not filter.
type Filter struct {
	Kind               Kind
	BuyerID            oroshi.ID
	From, To           pricing.Date // 取引年月日, inclusive
	MinTotal, MaxTotal *oroshi.Yen  // tax included, inclusive
	Limit              int
	Cursor             string
}

// List is one page of documents, newest issue first.
type List struct {
	Documents  []Document
	NextCursor string
}

// Check validates the filter with a Japanese message per field.
func (f Filter) Check() error {
	v := &oroshi.ValidationError{}
	if f.Kind != "" && !f.Kind.Valid() {
		v.Add("kind", "帳票の種類を選んでください")
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.From.Compare(f.To) > 0 {
		v.Add("to", "期間の終わりは始まり以降の日付にしてください")
	}
	if f.MinTotal != nil && *f.MinTotal < 0 {
		v.Add("min_total", "金額は0以上で入力してください")
	}
	if f.MinTotal != nil && f.MaxTotal != nil && *f.MinTotal > *f.MaxTotal {
		v.Add("max_total", "金額の上限は下限以上にしてください")
	}
	if f.Limit < 0 || f.Limit > MaxPageSize {
		v.Add("limit", fmt.Sprintf("件数は1〜%dで指定してください", MaxPageSize))
	}
	if _, err := DecodeCursor(f.Cursor); err != nil {
		v.Add("cursor", "cursor が正しくありません")
	}
	return v.Err()
}

// Search lists the tenant's documents: the seller's view.
func (s *Service) Search(ctx context.Context, t oroshi.TenantID, f Filter) (List, error) {
	if err := f.Check(); err != nil {
		return List{}, err
	}
	after, _ := DecodeCursor(f.Cursor)
	limit := f.Limit
	if limit == 0 {
		limit = DefaultPageSize
	}
	q := Query{Kind: f.Kind, BuyerID: f.BuyerID, From: f.From, To: f.To, MinTotal: f.MinTotal, MaxTotal: f.MaxTotal,
		After: after, Limit: limit + 1}
	ds, err := s.Store.Documents(ctx, t, q)
	if err != nil {
		return List{}, fmt.Errorf("search documents: %w", err)
	}
	out := List{Documents: ds}
	if len(ds) > limit {
		out.Documents = ds[:limit]
		last := ds[limit-1]
		out.NextCursor = EncodeCursor(Key{IssuedAt: last.IssuedAt, ID: last.ID})
	}
	return out, nil
}

// BuyerSearch lists the documents issued to one buyer company.
func (s *Service) BuyerSearch(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, f Filter) (List, error) {
	if buyerID == 0 {
		return List{}, fmt.Errorf("buyer documents without a buyer: %w", oroshi.ErrNotFound)
	}
	f.BuyerID = buyerID
	return s.Search(ctx, t, f)
}

// ForSource lists every document (all versions, newest first) made from
// one quote, order or shipment; with buyerID set, only if issued to it.
func (s *Service) ForSource(ctx context.Context, t oroshi.TenantID, sourceType string, id, buyerID oroshi.ID) ([]Document, error) {
	q := Query{SourceType: sourceType, SourceID: id, BuyerID: buyerID, Limit: MaxPageSize}
	if sourceType == SourceOrder {
		// An order's page shows its 注文請書 and the 納品書 of its shipments.
		q = Query{OrderID: id, BuyerID: buyerID, Limit: MaxPageSize}
	}
	ds, err := s.Store.Documents(ctx, t, q)
	if err != nil {
		return nil, fmt.Errorf("documents of %s %s: %w", sourceType, id, err)
	}
	return ds, nil
}

// EncodeCursor is the opaque cursor after k.
func EncodeCursor(k Key) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(k.IssuedAt.UnixMicro(), 10) + ":" + k.ID.String()))
}

// DecodeCursor reads a cursor; "" is the first page (nil).
func DecodeCursor(c string) (*Key, error) {
	if c == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, fmt.Errorf("cursor: %w", err)
	}
	at, id, ok := strings.Cut(string(b), ":")
	us, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil || n <= 0 {
		return nil, fmt.Errorf("cursor %q: malformed", c)
	}
	return &Key{IssuedAt: time.UnixMicro(us).UTC(), ID: oroshi.ID(n)}, nil
}
