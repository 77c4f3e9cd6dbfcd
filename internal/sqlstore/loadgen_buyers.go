package sqlstore

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

const loadBuyersPerChunk = 1000

// buyers writes the price groups and their standing lists, then the buyer
// companies with a ship-to, users and (one in five) buyer prices.
func (g *loadGen) buyerCompanies(ctx context.Context) error {
	w := g.w
	err := w.chunk(ctx, func() error {
		for gi, code := range []string{"A", "B", "C"} {
			gid, list := w.s.NewID(), w.s.NewID()
			g.groups = append(g.groups, gid)
			if err := w.add(ctx, "price_groups", gid, code, "価格グループ"+code, w.now, w.now); err != nil {
				return err
			}
			if err := w.add(ctx, "price_lists", list, gid, "標準価格"+code, "fixed", 0, "floor", w.now, w.now); err != nil {
				return err
			}
			for _, k := range g.skus {
				if k.groupPrice {
					if err := w.add(ctx, "price_list_items", list, k.id, breaksJSON(groupPrice(k, gi), true)); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return w.chunks(ctx, g.spec.Buyers, loadBuyersPerChunk, []string{"buyers"}, func(i int) error { return g.buyer(ctx, i) })
}

func (g *loadGen) buyer(ctx context.Context, i int) error {
	w := g.w
	b := loadBuyer{id: w.s.NewID(), shipTo: w.s.NewID(), code: fmt.Sprintf("B%05d", i),
		name: fmt.Sprintf("%s%s %d号店", []string{"食堂", "レストラン", "カフェ", "居酒屋", "給食センター"}[i%5],
			[]string{"さくら", "みなと", "ひかり", "あおば", "つばさ", "やまと"}[i%6], i), group: i%4 - 1}
	var group any
	if b.group >= 0 {
		group = g.groups[b.group]
	}
	address := fmt.Sprintf("東京都千代田区丸の内%d-%d", 1+i%9, 1+i%30)
	if err := w.add(ctx, "buyers", b.id, b.code, b.name, "", "active", "100-0005", address, "03-0000-0000",
		b.name, group, 31, 1, 31, w.now, w.now); err != nil {
		return err
	}
	if err := w.add(ctx, "ship_tos", b.shipTo, b.id, "本店", b.name, "100-0005", address, "03-0000-0000", true, 0,
		w.now, w.now); err != nil {
		return err
	}
	for n := range g.spec.UsersPerBuyer {
		id, role := w.s.NewID(), []string{identity.RoleBuyerAdmin, identity.RolePurchaser}[n%2]
		if n == 0 {
			b.user = id
		}
		if err := w.add(ctx, "buyer_users", id, string(identity.RealmShop), b.id, g.buyerEmail(i, n),
			fmt.Sprintf("担当者%d", n+1), role, g.spec.PasswordHash, "active", w.now, w.now); err != nil {
			return err
		}
	}
	if i%5 == 0 {
		b.own = map[int]oroshi.Yen{}
		for j := range 10 {
			k := (i*131 + j*9973) % len(g.skus)
			if _, dup := b.own[k]; dup {
				continue
			}
			b.own[k] = g.skus[k].price * 80 / 100
			if err := w.add(ctx, "buyer_prices", w.s.NewID(), b.id, g.skus[k].id, breaksJSON(b.own[k], false),
				w.now, w.now); err != nil {
				return err
			}
		}
	}
	g.buyers = append(g.buyers, b)
	return nil
}

// unitPrice is what buyer b pays for SKU index k: its own price, else its
// group's standing price, else the list price (quantity breaks ignored:
// the generated lines stay under 10).
func (g *loadGen) unitPrice(b loadBuyer, k int) oroshi.Yen {
	if p, ok := b.own[k]; ok {
		return p
	}
	if b.group >= 0 && g.skus[k].groupPrice {
		return groupPrice(g.skus[k], b.group)
	}
	return g.skus[k].price
}
