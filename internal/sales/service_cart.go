package sales

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// Cart returns the user's cart with every line checked and priced for the
// buyer company today (JST): what the cart and review pages show.
func (s *Service) Cart(ctx context.Context, u BuyerUser) (CartView, error) {
	c, err := s.Store.Cart(ctx, u.Tenant, u.UserID)
	if err != nil {
		return CartView{}, fmt.Errorf("cart of user %s: %w", u.UserID, err)
	}
	c.BuyerID = u.BuyerID
	return s.viewCart(ctx, u, c)
}

func (s *Service) viewCart(ctx context.Context, u BuyerUser, c Cart) (CartView, error) {
	in := make([]LineInput, len(c.Lines))
	for i, l := range c.Lines {
		in[i] = LineInput{SKUID: l.SKUID, Quantity: l.Quantity}
	}
	lines, totals, err := s.evaluate(ctx, u.Tenant, u.BuyerID, in)
	if err != nil {
		return CartView{}, err
	}
	v := CartView{Cart: c, Lines: lines, Totals: totals, Orderable: len(lines) > 0}
	for _, l := range lines {
		if !l.OK() {
			v.Orderable = false
		}
	}
	return v, nil
}

// AddToCart adds qty of a SKU the buyer may order; a SKU already in the
// cart gets qty more. Minimum and lot are shown on the cart, not refused
// here, so a buyer can build a line up in steps.
func (s *Service) AddToCart(ctx context.Context, u BuyerUser, skuID oroshi.ID, qty int64) (Cart, error) {
	if err := checkQty("quantity", qty); err != nil {
		return Cart{}, err
	}
	skus, err := s.Store.BuyerSKUs(ctx, u.Tenant, u.BuyerID, []oroshi.ID{skuID})
	if err != nil {
		return Cart{}, fmt.Errorf("add to cart: sku %s: %w", skuID, err)
	}
	if len(skus) == 0 {
		return Cart{}, oroshi.Invalid("sku_id", msgUnknownSKU)
	}
	return s.changeCart(ctx, u, func(lines []CartLine) ([]CartLine, error) {
		return addLine(lines, CartLine{SKUID: skuID, Quantity: qty}, "quantity")
	})
}

// SetCartQuantity sets a line's quantity; 0 removes the line.
func (s *Service) SetCartQuantity(ctx context.Context, u BuyerUser, skuID oroshi.ID, qty int64) (Cart, error) {
	if qty == 0 {
		return s.RemoveFromCart(ctx, u, skuID)
	}
	if err := checkQty("quantity", qty); err != nil {
		return Cart{}, err
	}
	return s.changeCart(ctx, u, func(lines []CartLine) ([]CartLine, error) {
		i := slices.IndexFunc(lines, func(l CartLine) bool { return l.SKUID == skuID })
		if i < 0 {
			return nil, fmt.Errorf("cart line of sku %s: %w", skuID, oroshi.ErrNotFound)
		}
		lines[i].Quantity = qty
		return lines, nil
	})
}

// RemoveFromCart takes a SKU's line out of the cart (no error if absent).
func (s *Service) RemoveFromCart(ctx context.Context, u BuyerUser, skuID oroshi.ID) (Cart, error) {
	return s.changeCart(ctx, u, func(lines []CartLine) ([]CartLine, error) {
		return slices.DeleteFunc(lines, func(l CartLine) bool { return l.SKUID == skuID }), nil
	})
}

// ClearCart empties the cart.
func (s *Service) ClearCart(ctx context.Context, u BuyerUser) (Cart, error) {
	return s.changeCart(ctx, u, func([]CartLine) ([]CartLine, error) { return nil, nil })
}

// changeCart stores fn's change of the user's cart and returns the cart
// as stored, unpriced: every page that changes the cart redirects to one
// that shows it, and pricing it here was a second evaluation of the lines
// (their SKUs, the price list, the settings) that nobody read.
func (s *Service) changeCart(ctx context.Context, u BuyerUser, fn func([]CartLine) ([]CartLine, error)) (Cart, error) {
	c, err := s.Store.ChangeCart(ctx, u.Tenant, u.BuyerID, u.UserID, fn)
	if err != nil {
		return Cart{}, fmt.Errorf("change cart of user %s: %w", u.UserID, err)
	}
	return c, nil
}

// addLine adds l to lines (merging with the SKU's line) within the limits.
func addLine(lines []CartLine, l CartLine, field string) ([]CartLine, error) {
	i := slices.IndexFunc(lines, func(x CartLine) bool { return x.SKUID == l.SKUID })
	if i < 0 {
		if len(lines) >= MaxLines {
			return nil, oroshi.Invalid(field, fmt.Sprintf("カートに入れられる商品は%d品目までです", MaxLines))
		}
		return append(lines, l), nil
	}
	if err := checkQty(field, lines[i].Quantity+l.Quantity); err != nil {
		return nil, err
	}
	lines[i].Quantity += l.Quantity
	return lines, nil
}

func checkQty(field string, qty int64) error {
	switch {
	case qty < 1:
		return oroshi.Invalid(field, msgQtyMin1)
	case qty > catalog.MaxQuantity:
		return oroshi.Invalid(field, fmt.Sprintf("数量は%d以下で入力してください", catalog.MaxQuantity))
	}
	return nil
}

// QuickOrder adds several lines typed or pasted as 「品番 数量」, one per
// line (space, tab or comma between; full-width characters accepted; blank
// lines skipped). All or nothing: any bad row — an unknown or hidden 品番,
// a bad quantity — is reported as field "rows[i]" (i from 0, counting every
// input line) and nothing is added.
func (s *Service) QuickOrder(ctx context.Context, u BuyerUser, text string) (Cart, error) {
	rows, err := parseQuickOrder(text)
	if err != nil {
		return Cart{}, err
	}
	codes := make([]string, len(rows))
	for i, r := range rows {
		codes[i] = r.code
	}
	skus, err := s.Store.BuyerSKUsByCode(ctx, u.Tenant, u.BuyerID, codes)
	if err != nil {
		return Cart{}, fmt.Errorf("quick order: %w", err)
	}
	byCode := make(map[string]oroshi.ID, len(skus))
	for _, k := range skus {
		byCode[k.Code] = k.ID
	}
	v := &oroshi.ValidationError{}
	for _, r := range rows {
		if _, ok := byCode[r.code]; !ok {
			v.Add(fmt.Sprintf("rows[%d]", r.row), fmt.Sprintf("%d行目: 品番「%s」の商品は注文できません（品番の誤り・販売終了・非公開）", r.row+1, r.code))
		}
	}
	if err := v.Err(); err != nil {
		return Cart{}, err
	}
	return s.changeCart(ctx, u, func(lines []CartLine) ([]CartLine, error) {
		for _, r := range rows {
			var err error
			if lines, err = addLine(lines, CartLine{SKUID: byCode[r.code], Quantity: r.qty}, fmt.Sprintf("rows[%d]", r.row)); err != nil {
				return nil, err
			}
		}
		return lines, nil
	})
}

type quickRow struct {
	row  int
	code string
	qty  int64
}

var quickSeparators = strings.NewReplacer(",", " ", "\t", " ", "、", " ")

// parseQuickOrder reads the rows of a quick order; every bad row is a field
// error.
func parseQuickOrder(text string) ([]quickRow, error) {
	v := &oroshi.ValidationError{}
	var rows []quickRow
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		f := strings.Fields(quickSeparators.Replace(norm.NFKC.String(line)))
		if len(f) == 0 {
			continue
		}
		key := fmt.Sprintf("rows[%d]", i)
		if len(f) != 2 {
			v.Add(key, fmt.Sprintf("%d行目: 「品番 数量」の形で入力してください", i+1))
			continue
		}
		qty, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil || qty < 1 || qty > catalog.MaxQuantity {
			v.Add(key, fmt.Sprintf("%d行目: 数量は1〜%dの整数で入力してください", i+1, catalog.MaxQuantity))
			continue
		}
		rows = append(rows, quickRow{row: i, code: f[0], qty: qty})
	}
	if len(rows) > MaxQuickOrderRows {
		v.Add("rows", fmt.Sprintf("一度に入力できるのは%d行までです", MaxQuickOrderRows))
	}
	if len(rows) == 0 && len(v.Fields) == 0 {
		v.Add("rows", "品番と数量を入力してください")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return rows, nil
}

// ReorderResult says what a reorder put in the cart.
type ReorderResult struct {
	Cart    Cart
	Added   int
	Skipped []Line // lines whose SKU can no longer be ordered
}

// Reorder adds the lines of one of the buyer company's past orders to the
// cart. Lines whose SKU is gone, unpublished or hidden are skipped and
// reported; another company's order answers as missing.
func (s *Service) Reorder(ctx context.Context, u BuyerUser, orderID oroshi.ID) (ReorderResult, error) {
	o, err := s.BuyerOrder(ctx, u.Tenant, u.BuyerID, orderID)
	if err != nil {
		return ReorderResult{}, err
	}
	ids := make([]oroshi.ID, len(o.Lines))
	for i, l := range o.Lines {
		ids[i] = l.SKUID
	}
	skus, err := s.Store.BuyerSKUs(ctx, u.Tenant, u.BuyerID, ids)
	if err != nil {
		return ReorderResult{}, fmt.Errorf("reorder %s: %w", orderID, err)
	}
	ok := make(map[oroshi.ID]bool, len(skus))
	for _, k := range skus {
		ok[k.ID] = true
	}
	var res ReorderResult
	res.Cart, err = s.changeCart(ctx, u, func(lines []CartLine) ([]CartLine, error) {
		res.Added, res.Skipped = 0, nil // fn may run again if the store retries
		for _, l := range o.Lines {
			if !ok[l.SKUID] {
				res.Skipped = append(res.Skipped, l)
				continue
			}
			var err error
			if lines, err = addLine(lines, CartLine{SKUID: l.SKUID, Quantity: l.Quantity}, "lines"); err != nil {
				return nil, err
			}
			res.Added++
		}
		return lines, nil
	})
	if err != nil {
		return ReorderResult{}, err
	}
	return res, nil
}
