package catalog

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// prepare tidies and validates a product from a form or the API, custom
// fields included, collecting every field's message in one error.
func (s *Service) prepare(ctx context.Context, t oroshi.TenantID, p *Product) error {
	Tidy(p)
	v := &oroshi.ValidationError{}
	if err := ValidateProduct(*p); err != nil && !errors.As(err, &v) {
		return err
	}
	if s.ValidateCustom != nil {
		custom, err := s.ValidateCustom(ctx, t, p.Custom)
		if err == nil {
			p.Custom = custom
		} else {
			var ve *oroshi.ValidationError
			if !errors.As(err, &ve) {
				return fmt.Errorf("custom fields: %w", err)
			}
			for k, msg := range ve.Fields {
				v.Add(k, msg)
			}
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	custom, err := normalizeCustom(p.Custom)
	if err != nil {
		return err
	}
	p.Custom = custom
	return nil
}

// CreateProduct validates and stores a new product with its SKUs.
func (s *Service) CreateProduct(ctx context.Context, t oroshi.TenantID, p Product, actor audit.Actor) (Product, error) {
	p.Tenant, p.ID = t, 0
	for i := range p.SKUs {
		p.SKUs[i].ID = 0
	}
	if err := s.prepare(ctx, t, &p); err != nil {
		return Product{}, err
	}
	ev := event(actor, t, ActionProductCreate, TargetProduct, 0)
	ev.Detail = productSnapshot(p, nil)
	return s.Store.CreateProduct(ctx, p, ev)
}

// UpdateProduct saves a product edited in a form: its fields, visibility
// and SKUs (see Store.UpdateProduct). The changed fields, SKU fields
// included, are recorded as one 商品データ（更新） entry; when nothing
// changed nothing is written. A set p.UpdatedAt that is not the stored one
// means someone saved in between and wraps ErrConflict.
func (s *Service) UpdateProduct(ctx context.Context, t oroshi.TenantID, p Product, actor audit.Actor) (Product, error) {
	before, err := s.Store.Product(ctx, t, p.ID)
	if err != nil {
		return Product{}, err
	}
	if !p.UpdatedAt.IsZero() && !p.UpdatedAt.Equal(before.UpdatedAt) {
		return Product{}, fmt.Errorf("update product %s: changed since read: %w", p.ID, oroshi.ErrConflict)
	}
	p.Tenant = t
	if err := s.prepare(ctx, t, &p); err != nil {
		return Product{}, err
	}
	if err := keepStock(&p, before); err != nil {
		return Product{}, err
	}
	labels := skuLabels(before)
	diff := audit.Diff(productSnapshot(before, labels), productSnapshot(p, labels))
	if len(diff) == 0 {
		return before, nil
	}
	p.CreatedAt, p.UpdatedAt = before.CreatedAt, before.UpdatedAt
	ev := event(actor, t, ActionProductUpdate, TargetProduct, p.ID)
	ev.Detail = diff
	return s.Store.UpdateProduct(ctx, p, ev)
}

// keepStock carries the stored stock of existing SKUs over the form's
// value: stock moves only through AdjustStock (orders reserve it
// concurrently), and a SKU ID the product does not have is refused.
func keepStock(p *Product, before Product) error {
	stock := make(map[oroshi.ID]int64, len(before.SKUs))
	for _, s := range before.SKUs {
		stock[s.ID] = s.Stock
	}
	for i := range p.SKUs {
		id := p.SKUs[i].ID
		if id == 0 {
			continue
		}
		st, ok := stock[id]
		if !ok {
			return oroshi.Invalid(SKUField(i, "code"), "この品番（SKU）は見つかりません。画面を開き直してください")
		}
		p.SKUs[i].Stock = st
	}
	return nil
}

// SetStatus changes a product's status (e.g. publishes a draft).
func (s *Service) SetStatus(ctx context.Context, t oroshi.TenantID, id oroshi.ID, st Status, actor audit.Actor) error {
	if !st.valid() {
		return oroshi.Invalid("status", "状態を選択してください")
	}
	before, err := s.Store.Product(ctx, t, id)
	if err != nil {
		return err
	}
	if before.Status == st {
		return nil
	}
	ev := event(actor, t, ActionProductUpdate, TargetProduct, id)
	ev.Detail = map[string]any{"status": audit.Change{Before: string(before.Status), After: string(st)}}
	return s.Store.SetProductStatus(ctx, t, id, st, ev)
}

// SetVisibility says who may see a product.
func (s *Service) SetVisibility(ctx context.Context, t oroshi.TenantID, id oroshi.ID, vis Visibility, actor audit.Actor) error {
	tidyVisibility(&vis)
	v := &oroshi.ValidationError{}
	validateVisibility(v, vis)
	if err := v.Err(); err != nil {
		return err
	}
	before, err := s.Store.Product(ctx, t, id)
	if err != nil {
		return err
	}
	after := before
	after.Visibility = vis
	labels := skuLabels(before)
	diff := audit.Diff(productSnapshot(before, labels), productSnapshot(after, labels))
	if len(diff) == 0 {
		return nil
	}
	ev := event(actor, t, ActionProductUpdate, TargetProduct, id)
	ev.Detail = diff
	return s.Store.SetVisibility(ctx, t, id, vis, ev)
}

// DeleteProduct removes a product with its SKUs, images and visibility.
func (s *Service) DeleteProduct(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) error {
	before, err := s.Store.Product(ctx, t, id)
	if err != nil {
		return err
	}
	codes := make([]string, len(before.SKUs))
	for i, sku := range before.SKUs {
		codes[i] = sku.Code
	}
	ev := event(actor, t, ActionProductDelete, TargetProduct, id)
	ev.Detail = map[string]any{"name": before.Name, "codes": codes}
	return s.Store.DeleteProduct(ctx, t, id, ev)
}

// Product returns one product for seller staff.
func (s *Service) Product(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Product, error) {
	return s.Store.Product(ctx, t, id)
}

// maxStockDelta bounds one adjustment, far above any real stock.
const maxStockDelta = 1_000_000_000_000

// MaxStockReason bounds the reason of a stock adjustment, in characters.
const MaxStockReason = 200

// AdjustStock adds delta to a SKU's stock (negative to take away) and
// returns the new stock; stock never goes below zero. reason (理由: 入荷,
// 棚卸差異, 破損 …) is required and goes into the operation history with
// the stock before and after.
func (s *Service) AdjustStock(ctx context.Context, t oroshi.TenantID, skuID oroshi.ID, delta int64, reason string,
	actor audit.Actor) (int64, error) {
	reason = strings.TrimSpace(reason)
	v := &oroshi.ValidationError{}
	if delta == 0 || delta > maxStockDelta || delta < -maxStockDelta {
		v.Add("delta", "増減数を0以外の整数で入力してください")
	}
	switch {
	case reason == "":
		v.Add("reason", "理由を入力してください（例: 入荷、棚卸差異、破損）")
	case utf8.RuneCountInString(reason) > MaxStockReason:
		v.Add("reason", fmt.Sprintf("理由は%d文字以内で入力してください", MaxStockReason))
	case strings.ContainsFunc(reason, unicode.IsControl):
		v.Add("reason", "理由に改行や制御文字は使えません")
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	ev := event(actor, t, ActionStockUpdate, TargetProduct, 0)
	ev.Detail = map[string]any{"sku_id": skuID.String(), "delta": delta}
	n, err := s.Store.AdjustStock(ctx, t, skuID, delta, reason, ev)
	if errors.Is(err, ErrOutOfStock) {
		return 0, fmt.Errorf("%w (%w)", oroshi.Invalid("delta", MsgOutOfStock), err)
	}
	return n, err
}

// Products lists products for seller staff.
func (s *Service) Products(ctx context.Context, t oroshi.TenantID, f ProductFilter) (ProductList, error) {
	if f.Status != "" && !f.Status.valid() {
		return ProductList{}, oroshi.Invalid("status", "状態の指定が正しくありません")
	}
	if err := tidyFilter(&f.Query, &f.Page); err != nil {
		return ProductList{}, err
	}
	return s.Store.Products(ctx, t, f)
}

// BuyerProducts lists the published products viewer may see.
func (s *Service) BuyerProducts(ctx context.Context, t oroshi.TenantID, v Viewer, f BuyerFilter) (ProductList, error) {
	if v.BuyerID <= 0 {
		return ProductList{}, fmt.Errorf("buyer products: no buyer: %w", oroshi.ErrForbidden)
	}
	if err := tidyFilter(&f.Query, &f.Page); err != nil {
		return ProductList{}, err
	}
	return s.Store.BuyerProducts(ctx, t, v, f)
}

// BuyerProduct returns one product page for a buyer; a product the buyer
// may not see answers exactly like a missing one.
func (s *Service) BuyerProduct(ctx context.Context, t oroshi.TenantID, v Viewer, id oroshi.ID) (Product, error) {
	if v.BuyerID <= 0 {
		return Product{}, fmt.Errorf("buyer product: no buyer: %w", oroshi.ErrForbidden)
	}
	return s.Store.BuyerProduct(ctx, t, v, id)
}

func tidyFilter(q *string, p *Page) error {
	query, err := tidyQuery(*q)
	if err != nil {
		return err
	}
	*q = query
	return tidyPage(p)
}
