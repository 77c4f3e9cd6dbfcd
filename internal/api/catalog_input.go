package api

import (
	"slices"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// Reading the catalogue's request bodies into the service's types. A value
// that cannot be read (a malformed ID) is a message in v; the service checks
// everything else.

const (
	msgSKUMissing       = "この品番（SKU）は見つかりません。商品を読み込み直してください"
	msgVisibilityTarget = "公開先の価格グループまたは取引先が見つかりません"
)

// product reads the content shared by POST and PUT.
func (in ProductContent) product(v *oroshi.ValidationError) catalog.Product {
	p := catalog.Product{
		CategoryID:  bodyID(v, "category_id", in.CategoryID, catalog.MsgCategoryMissing),
		Name:        in.Name,
		Kana:        in.Kana,
		Description: in.Description,
		TaxClass:    catalog.TaxClass(in.TaxClass),
		Custom:      mergeCustom(nil, in.Custom),
		SKUs:        make([]catalog.SKU, 0, len(in.SKUs)),
	}
	for i, s := range in.SKUs {
		p.SKUs = append(p.SKUs, s.sku(v, i))
	}
	return p
}

// sku reads the i-th SKU of a body.
func (in SKUInput) sku(v *oroshi.ValidationError, i int) catalog.SKU {
	return catalog.SKU{
		ID:         bodyID(v, catalog.SKUField(i, "id"), in.ID, msgSKUMissing),
		Code:       in.Code,
		JAN:        in.JAN,
		Variant:    in.Variant,
		Unit:       in.Unit,
		CaseQty:    in.CaseQty,
		OrderLot:   in.OrderLot,
		MinQty:     in.MinQty,
		ListPrice:  oroshi.Yen(in.ListPrice),
		TrackStock: in.TrackStock,
		Stock:      in.Stock,
	}
}

// product reads a POST body; status and visibility left out take the
// service's defaults (draft, visible to all).
func (in ProductCreate) product(v *oroshi.ValidationError) catalog.Product {
	p := in.ProductContent.product(v)
	p.Status = catalog.Status(in.Status)
	if in.Visibility != nil {
		p.Visibility = in.Visibility.visibility(v)
	}
	return p
}

// visibility reads who may see a product; problems go under "visibility",
// the service's key.
func (in Visibility) visibility(v *oroshi.ValidationError) catalog.Visibility {
	out := catalog.Visibility{Mode: catalog.VisibilityMode(in.Mode)}
	read := func(ids []string) []oroshi.ID {
		var got []oroshi.ID
		for _, s := range ids {
			id := bodyID(v, "visibility", s, msgVisibilityTarget)
			if s == "" {
				v.Add("visibility", msgVisibilityTarget)
			}
			if id != 0 {
				got = append(got, id)
			}
		}
		return got
	}
	out.GroupIDs = read(in.PriceGroupIDs)
	out.BuyerIDs = read(in.BuyerIDs)
	return out
}

// checkProduct is the service's validation of p as far as it could be
// read, for parseErrors. p is not changed.
func checkProduct(p catalog.Product) error {
	p.SKUs = slices.Clone(p.SKUs)
	catalog.Tidy(&p)
	return catalog.ValidateProduct(p)
}

// apply merges a body into c; on POST c is the zero category.
func (in CategoryInput) apply(c *catalog.Category, v *oroshi.ValidationError) {
	set(&c.Name, in.Name)
	set(&c.Kana, in.Kana)
	if in.ParentID != nil {
		c.ParentID = bodyID(v, "parent_id", *in.ParentID, "親カテゴリが見つかりません")
	}
	set(&c.Position, in.Position)
}

// checkCategory is the service's validation of c's own fields, for
// parseErrors.
func checkCategory(c catalog.Category) error {
	catalog.TidyCategory(&c)
	return catalog.ValidateCategory(c)
}
