package sales

import (
	"context"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// What the shop's pages need around the cart and checkout, beside the
// service's core: the header's cart count, the quantity an add-to-cart
// form starts at, the checkout form's check before the review page, and a
// buyer admin setting a purchaser's limit.

// DefaultQuantity is the quantity an add-to-cart form starts at: the
// smallest quantity that meets both the minimum order quantity and the
// order lot, so a click with the default never makes a line with a problem.
func DefaultQuantity(sku catalog.SKU) int64 {
	q := max(int64(sku.MinQty), 1)
	if lot := int64(sku.OrderLot); lot > 1 && q%lot != 0 {
		q = (q/lot + 1) * lot
	}
	return q
}

// CartSize is the number of lines in the user's cart, without pricing them
// (the shop header shows it on every page): one count on the cart lines'
// key, not the cart read.
func (s *Service) CartSize(ctx context.Context, u BuyerUser) (int, error) {
	n, err := s.Store.CartSize(ctx, u.Tenant, u.UserID)
	if err != nil {
		return 0, fmt.Errorf("cart size of user %s: %w", u.UserID, err)
	}
	return n, nil
}

// CheckCheckout checks a cart checkout's entries (ship-to of the company,
// desired date, 発注番号, 備考) the way PlaceOrder will, so the checkout
// form can say what is wrong before the review page. Prices, lines and
// stock are checked by PlaceOrder itself. It returns the entries tidied
// as the order will keep them (発注番号 folded to half width, spaces
// trimmed), for the review page to show.
func (s *Service) CheckCheckout(ctx context.Context, in PlaceInput) (PlaceInput, error) {
	tidyPlaceInput(&in)
	key := in.IdemKey
	if in.IdemKey == "" {
		in.IdemKey = "review" // the real key is made with the review page
	}
	v := &oroshi.ValidationError{}
	if err := s.validatePlaceInput(in); err != nil {
		if !errors.As(err, &v) {
			return in, err
		}
	}
	if in.ShipToID != 0 {
		if _, err := s.orderHead(ctx, in); err != nil {
			var fields *oroshi.ValidationError
			if !errors.As(err, &fields) {
				return in, err
			}
			for k, m := range fields.Fields {
				v.Add(k, m)
			}
		}
	}
	in.IdemKey = key
	return in, v.Err()
}

// SaveCompanyUserLimit is a buyer admin setting the order limit of a user
// of their own company (会社のユーザー). A user of another company answers
// as missing; only an active buyer admin of buyerID may do it.
func (s *Service) SaveCompanyUserLimit(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, ul UserLimit, actor audit.Actor) error {
	if err := s.buyerAdmin(ctx, t, buyerID, actor); err != nil {
		return err
	}
	u, err := s.Store.User(ctx, t, ul.UserID)
	if err != nil {
		return fmt.Errorf("order limit: user %s: %w", ul.UserID, err)
	}
	if u.BuyerID != buyerID {
		return fmt.Errorf("order limit: user %s of buyer %s: %w", ul.UserID, buyerID, oroshi.ErrNotFound)
	}
	return s.SaveUserLimit(ctx, t, ul, actor)
}
