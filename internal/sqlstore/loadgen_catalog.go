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

// catalog writes the staff, categories and products, then the SKUs in a
// second transaction, after the products are analyzed (see
// loadPostgres.analyze: each SKU's foreign-key check finds its product).
func (g *loadGen) catalog(ctx context.Context) error {
	w := g.w
	var products []catalog.Product
	err := w.chunk(ctx, func() error {
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
		products, err = g.products(ctx, leaves)
		return err
	})
	if err != nil {
		return err
	}
	if len(products) >= loadAnalyzeMin {
		if err := w.engine.analyze(ctx, "categories", "products"); err != nil {
			return err
		}
	}
	return w.chunk(ctx, func() error { return g.writeSKUs(ctx, products) })
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

// loadTaxClass is product i's class: two in three are foods (8 %).
func loadTaxClass(i int) catalog.TaxClass {
	if i%3 != 0 {
		return catalog.TaxReduced
	}
	return catalog.TaxStandard
}

// products writes one product per two SKUs (the last one may get one).
func (g *loadGen) products(ctx context.Context, leaves []oroshi.ID) ([]catalog.Product, error) {
	w := g.w
	out := make([]catalog.Product, (g.spec.SKUs+1)/2)
	for i := range out {
		words, class := loadGoods, loadTaxClass(i)
		if class == catalog.TaxReduced {
			words = loadFoods
		}
		p := catalog.Product{ID: w.s.NewID(), Name: fmt.Sprintf("%s%s %d号", loadKinds[i%len(loadKinds)], words[(i/3)%len(words)], i+1)}
		if err := w.add(ctx, "products", p.ID, leaves[i%len(leaves)], p.Name, "", string(class), string(catalog.StatusPublished),
			"all", w.now, w.now); err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

// writeSKUs writes two SKUs (バラ and ケース) per product.
func (g *loadGen) writeSKUs(ctx context.Context, products []catalog.Product) error {
	w := g.w
	for n := range g.spec.SKUs {
		i, j := n/2, n%2
		p, variant := products[i], []string{"バラ", "ケース"}[j]
		k := loadSKU{id: w.s.NewID(), product: p.ID, code: fmt.Sprintf("L%06d-%d", i+1, j+1), name: p.Name,
			variant: variant, unit: []string{"個", "ケース"}[j], price: oroshi.Yen((100 + (n*37)%4900) * []int{1, 12}[j]),
			rate: loadTaxClass(i).RatePercent(), groupPrice: n%4 == 0}
		g.skus = append(g.skus, k)
		text := catalog.SearchText(p, catalog.SKU{Code: k.code, Variant: variant})
		if err := w.add(ctx, "skus", k.id, p.ID, k.code, "", variant, k.unit, []int{1, 12}[j], k.price, j, text,
			w.now, w.now); err != nil {
			return err
		}
	}
	return nil
}

// searchIndex fills sku_search from the SKUs as the catalogue's writes do.
func (g *loadGen) searchIndex(ctx context.Context) error {
	return g.w.engine.searchIndex(ctx, g.w)
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
