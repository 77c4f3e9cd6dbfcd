package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/loadgen"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// loadGen generates one tenant's rows; what later phases need (SKUs,
// buyers) it keeps in memory.
type loadGen struct {
	w      *loadWriter
	spec   loadgen.TenantSpec
	skus   []loadSKU
	buyers []loadBuyer
	groups []oroshi.ID
	owner  oroshi.ID
	roll   loadRollups
	bill   *loadBilling
}

type loadSKU struct {
	id, product         oroshi.ID
	code, name, variant string
	unit                string
	price               oroshi.Yen
	rate                int
	groupPrice          bool
}

type loadBuyer struct {
	id, shipTo, user oroshi.ID
	code, name       string
	group            int                // index in groups; -1: none
	own              map[int]oroshi.Yen // buyer prices by SKU index
}

var (
	loadFoods = []string{"醤油", "味噌", "白だし", "米酢", "みりん", "胡麻油", "本かつお節", "昆布", "乾しいたけ", "うどん", "そば", "パン粉", "片栗粉", "天ぷら粉", "緑茶", "ほうじ茶"}
	loadGoods = []string{"ラップ", "アルミホイル", "紙皿", "割り箸", "ゴム手袋", "食器用洗剤", "ダスター", "保存容器", "キッチンペーパー", "おしぼり"}
	loadKinds = []string{"業務用", "特選", "国産", "徳用", "減塩", "有機"}
	loadCats  = []string{"調味料", "乾物", "麺類", "粉類", "飲料", "厨房消耗品", "包装資材", "洗剤・衛生", "食器", "季節商品"}
)

func (g *loadGen) ownerEmail() string { return fmt.Sprintf("owner@%s.example", g.spec.Slug) }

func (g *loadGen) buyerEmail(buyer, n int) string {
	return fmt.Sprintf("user%d-b%05d@%s.example", n+1, buyer, g.spec.Slug)
}

// catalog writes the staff, categories, products and SKUs.
func (g *loadGen) catalog(ctx context.Context) error {
	w := g.w
	return w.chunk(ctx, func() error {
		g.owner = w.s.NewID()
		for i, role := range []string{identity.RoleOwner, identity.RoleStaff} {
			id, email := g.owner, g.ownerEmail()
			if i > 0 {
				id, email = w.s.NewID(), fmt.Sprintf("staff@%s.example", g.spec.Slug)
			}
			if err := w.add(ctx, "users", id, string(identity.RealmAdmin), nil, email, []string{"大量 一郎", "大量 花子"}[i],
				role, g.spec.PasswordHash, "active", w.now, w.now); err != nil {
				return err
			}
		}
		leaves, err := g.categories(ctx)
		if err != nil {
			return err
		}
		return g.products(ctx, leaves)
	})
}

func (g *loadGen) categories(ctx context.Context) ([]oroshi.ID, error) {
	var leaves []oroshi.ID
	for i, name := range loadCats {
		top := g.w.s.NewID()
		if err := g.w.add(ctx, "categories", top, nil, name, "", i, g.w.now, g.w.now); err != nil {
			return nil, err
		}
		for j := range 10 {
			leaf := g.w.s.NewID()
			leaves = append(leaves, leaf)
			if err := g.w.add(ctx, "categories", leaf, top, fmt.Sprintf("%s %d", name, j+1), "", j, g.w.now, g.w.now); err != nil {
				return nil, err
			}
		}
	}
	return leaves, nil
}

// products writes two SKUs (バラ and ケース) per product.
func (g *loadGen) products(ctx context.Context, leaves []oroshi.ID) error {
	w := g.w
	for i := 0; len(g.skus) < g.spec.SKUs; i++ {
		food := i%3 != 0
		words, class := loadGoods, catalog.TaxStandard
		if food {
			words, class = loadFoods, catalog.TaxReduced
		}
		p := catalog.Product{ID: w.s.NewID(), Name: fmt.Sprintf("%s%s %d号", loadKinds[i%len(loadKinds)], words[(i/3)%len(words)], i+1)}
		if err := w.add(ctx, "products", p.ID, leaves[i%len(leaves)], p.Name, "", string(class), string(catalog.StatusPublished),
			"all", w.now, w.now); err != nil {
			return err
		}
		for j, variant := range []string{"バラ", "ケース"} {
			if len(g.skus) == g.spec.SKUs {
				break
			}
			n := len(g.skus)
			k := loadSKU{id: w.s.NewID(), product: p.ID, code: fmt.Sprintf("L%06d-%d", i+1, j+1), name: p.Name,
				variant: variant, unit: []string{"個", "ケース"}[j], price: oroshi.Yen((100 + (n*37)%4900) * []int{1, 12}[j]),
				rate: class.RatePercent(), groupPrice: n%4 == 0}
			g.skus = append(g.skus, k)
			text := catalog.SearchText(p, catalog.SKU{Code: k.code, Variant: variant})
			if err := w.add(ctx, "skus", k.id, p.ID, k.code, "", variant, k.unit, []int{1, 12}[j], k.price, j, text,
				w.now, w.now); err != nil {
				return err
			}
		}
	}
	return nil
}

// searchIndex fills sku_search from the SKUs as the catalogue's writes do.
func (g *loadGen) searchIndex(ctx context.Context) error {
	w := g.w
	return w.s.write(ctx, w.t, func(c *conn) error {
		if w.s.engine == "sqlite" {
			res, err := c.exec(ctx, `INSERT INTO sku_search (rowid, search_text, tenant_id, sku_id, product_id)
				SELECT id, search_text || ?, tenant_id, id, product_id FROM skus WHERE tenant_id = ?`, searchPad, w.t)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			w.counts["sku_search"] += n
			return err
		}
		rows, err := c.query(ctx, `SELECT id, product_id, search_text FROM skus WHERE tenant_id = ?`, w.t)
		if err != nil {
			return err
		}
		var all [][]any
		for rows.Next() {
			var id, product oroshi.ID
			var text string
			if err := rows.Scan(&id, &product, &text); err != nil {
				rows.Close()
				return err
			}
			all = append(all, []any{w.t, id, product, text, searchGrams(text)})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		w.counts["sku_search"] += int64(len(all))
		for i := 0; i < len(all); i += loadBatch {
			if err := loadInsertRows(ctx, c, "sku_search (tenant_id, sku_id, product_id, search_text, grams)", all[i:min(i+loadBatch, len(all))]); err != nil {
				return err
			}
		}
		return nil
	})
}

func loadInsertRows(ctx context.Context, c *conn, head string, rows [][]any) error {
	var args []any
	vals := make([]string, len(rows))
	for i, r := range rows {
		vals[i] = "(?, ?, ?, ?, ?)"
		args = append(args, r...)
	}
	_, err := c.exec(ctx, "INSERT INTO "+head+" VALUES "+strings.Join(vals, ", "), args...)
	return err
}

// breaksJSON is a price with quantity breaks as price lists store it.
func breaksJSON(p oroshi.Yen, qtyBreaks bool) string {
	bs := []pricing.Break{{MinQty: 1, Price: p}}
	if qtyBreaks {
		bs = append(bs, pricing.Break{MinQty: 10, Price: p * 95 / 100}, pricing.Break{MinQty: 100, Price: p * 9 / 10})
	}
	out, _ := json.Marshal(bs) // a []Break always marshals
	return string(out)
}

// groupPrice is the standing price of a SKU in price group g's list.
func groupPrice(k loadSKU, g int) oroshi.Yen { return k.price * oroshi.Yen(90-5*g) / 100 }
