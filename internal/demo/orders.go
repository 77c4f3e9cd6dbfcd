package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// demoOrder is one order of the demo: who places it from their cart, how
// many catalogue lines (taken in 品番 order from offset), and how far the
// seller takes it.
type demoOrder struct {
	email    string // a buyer user of buyerPeople
	offset   int
	lines    int
	po, note string
	steps    []string // approve, ship-part, ship, invoice, complete, cancel
}

var demoOrders = []demoOrder{
	{"sato@maruyama.example", 0, 4, "MR-2611-001", "", []string{"approve", "ship", "invoice", "complete"}},
	{"sato@maruyama.example", 9, 3, "MR-2611-014", "午前中の納品をお願いします", []string{"approve", "ship"}},
	{"yamada@maruyama.example", 20, 5, "MR-2611-020", "", []string{"approve"}},
	{"sato@maruyama.example", 31, 2, "", "", nil},
	{"kobayashi@kamome.example", 40, 6, "KM-88412", "", []string{"approve", "ship-part"}},
	{"kobayashi@kamome.example", 52, 2, "KM-88420", "", []string{"cancel"}},
	{"ito@greenkitchen.example", 60, 3, "GK-0051", "裏口からお願いします", nil},
}

// demoStaff approves and ships the demo orders.
const demoStaff = "tanaka@sakura-foods.example"

// seedOrders places the demo orders through the ordering service, as
// buyers would, and moves them through the lifecycle. It runs once: a
// tenant that has orders already keeps them. It returns the number of
// demo orders, the same on every run.
func (s *Seeder) seedOrders(ctx context.Context, t oroshi.TenantID, skus map[string]catalog.SKU) (int, error) {
	if existing, err := s.Sales.Orders(ctx, t, sales.Filter{Limit: 1}); err != nil || len(existing.Orders) > 0 {
		return len(demoOrders), err
	}
	staffUser, err := s.Identity.Store.UserByEmail(ctx, t, identity.RealmAdmin, demoStaff)
	if err != nil {
		return 0, fmt.Errorf("demo orders: staff: %w", err)
	}
	codes := orderableCodes(skus)
	n := 0
	for i, d := range demoOrders {
		o, err := s.placeDemoOrder(ctx, t, d, skus, codes, i)
		if err != nil {
			return n, fmt.Errorf("demo order %d: %w", i+1, err)
		}
		staff := audit.Actor{Realm: audit.RealmAdmin, ID: staffUser.ID}
		if err := s.advance(ctx, t, o, d.steps, staff); err != nil {
			return n, fmt.Errorf("demo order %s: %w", o.Number, err)
		}
		n++
	}
	return n, nil
}

// orderableCodes are the 品番 a buyer can order in any quantity asked here:
// not tracked, or with ample stock.
func orderableCodes(skus map[string]catalog.SKU) []string {
	var codes []string
	for code, k := range skus {
		if !k.TrackStock || k.Stock >= 100 {
			codes = append(codes, code)
		}
	}
	slices.Sort(codes)
	return codes
}

func (s *Seeder) placeDemoOrder(ctx context.Context, t oroshi.TenantID, d demoOrder, skus map[string]catalog.SKU,
	codes []string, i int) (sales.Order, error) {
	u, err := s.Identity.Store.UserByEmail(ctx, t, identity.RealmShop, d.email)
	if err != nil {
		return sales.Order{}, err
	}
	bu := sales.BuyerUser{Tenant: t, BuyerID: u.BuyerID, UserID: u.ID}
	v, err := s.Sales.ClearCart(ctx, bu)
	if err != nil {
		return sales.Order{}, err
	}
	for j := 0; len(v.Lines) < d.lines && j < len(codes); j++ {
		code := codes[(d.offset+j)%len(codes)]
		next, err := s.Sales.QuickOrder(ctx, bu, fmt.Sprintf("%s %d", code, max(skus[code].MinQty, 1)))
		if errors.As(err, new(*oroshi.ValidationError)) {
			continue // hidden from this buyer
		}
		if err != nil {
			return sales.Order{}, err
		}
		v = next
	}
	shipTo, err := s.defaultShipTo(ctx, t, u.BuyerID)
	if err != nil {
		return sales.Order{}, err
	}
	p, err := s.Sales.PlaceOrder(ctx, sales.PlaceInput{Tenant: t, BuyerID: u.BuyerID, UserID: u.ID,
		ShipToID: shipTo, PONumber: d.po, Note: d.note, FromCart: true, CartRevision: v.Revision,
		IdemKey: fmt.Sprintf("demo-order-%d", i+1)})
	return p.Order, err
}

func (s *Seeder) defaultShipTo(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) (oroshi.ID, error) {
	sts, err := s.Store.ShipTos(ctx, t, buyerID)
	if err != nil || len(sts) == 0 {
		return 0, errors.Join(err, errors.New("the buyer has no ship-to"))
	}
	return sts[0].ID, nil
}

// advance applies the seller's steps to a placed order.
func (s *Seeder) advance(ctx context.Context, t oroshi.TenantID, o sales.Order, steps []string, staff audit.Actor) error {
	var err error
	for _, step := range steps {
		switch step {
		case "approve":
			o, err = s.Sales.Approve(ctx, t, o.ID, staff)
		case "ship":
			o, err = s.Sales.Ship(ctx, t, o.ID, sales.ShipmentInput{All: true, Carrier: "ヤマト運輸",
				TrackingNumber: "4801-2233-" + o.Number[len(o.Number)-4:]}, staff)
		case "ship-part":
			o, err = s.Sales.Ship(ctx, t, o.ID, sales.ShipmentInput{Carrier: "佐川急便", TrackingNumber: "3605-7788-1190",
				Lines: []sales.ShipmentLine{{LineNo: o.Lines[0].No, Quantity: o.Lines[0].Quantity}}}, staff)
		case "invoice":
			o, err = s.Sales.MarkInvoiced(ctx, t, o.ID, staff)
		case "complete":
			o, err = s.Sales.Complete(ctx, t, o.ID, staff)
		case "cancel":
			o, err = s.Sales.Cancel(ctx, t, o.ID, "お客様のご都合による取消（電話連絡あり）", staff)
		default:
			err = fmt.Errorf("unknown step %q", step)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", step, err)
		}
	}
	return nil
}
