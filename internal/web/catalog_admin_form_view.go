package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// productFormState is what a handler knows when it shows the product form.
type productFormState struct {
	New    bool
	ID     oroshi.ID
	Form   map[string]string // values of the inputs
	Rows   []skuRow
	Errors map[string]string // messages of the product's own fields
	// After a stale save: what the person sent, and the latest version
	// that Form and Rows now show.
	Stale    bool
	Sent     map[string]string
	SentRows []skuRow
	Latest   catalog.Product
}

type productFormView struct {
	New        bool
	Action     string
	Back       string
	Form       map[string]string
	Labels     map[string]string
	Categories []buyerOption
	TaxClasses []buyerOption
	Statuses   []buyerOption
	Custom     []customInput
	Rows       []skuRow
	Stale      bool
	StaleSent  []staleValue // sent values that differ from the latest version
	Invalid    bool         // some field or SKU row has a message
}

func (s *Server) renderProductForm(w http.ResponseWriter, r *http.Request, status int, st productFormState) error {
	rc := reqCtx(r)
	ctx, t := r.Context(), rc.tenant.ID
	defs, err := s.Fields.Fields(ctx, t, customfields.EntityProduct)
	if err != nil {
		return err
	}
	labels, err := s.Fields.Labels(ctx, t, customfields.EntityProduct)
	if err != nil {
		return err
	}
	tree, err := s.Catalog.CategoryTree(ctx, t)
	if err != nil {
		return err
	}
	f := st.Form
	v := productFormView{New: st.New, Form: f, Labels: labels, Rows: withBlankRows(st.Rows), Stale: st.Stale,
		Action: rc.base() + "/products", Back: rc.base() + "/products",
		Categories: categoryOptions(tree, formGroupID(f["category_id"]), 0),
		TaxClasses: taxClassOptions(f["tax_class"]), Statuses: productStatusOptions(f["status"]),
		Custom: customInputs(defs, f, st.Errors)}
	v.Invalid = len(st.Errors) > 0 || slices.ContainsFunc(v.Rows, func(r skuRow) bool { return len(r.Errors) > 0 })
	if !st.New {
		v.Action = rc.base() + "/products/" + st.ID.String()
		v.Back = v.Action
	}
	if st.Stale {
		v.StaleSent = staleProductValues(v, st, categoryPaths(tree))
	}
	title := "商品の編集"
	if st.New {
		title = "商品の登録"
	}
	return s.render(w, r, status, "admin/products/form", &Page{Title: title, Data: v, Errors: st.Errors})
}

func taxClassOptions(selected string) []buyerOption {
	out := make([]buyerOption, len(catalog.TaxClasses))
	for i, c := range catalog.TaxClasses {
		out[i] = buyerOption{string(c), c.Label(), string(c) == selected}
	}
	return out
}

// staleProductValues lists, by label, what was sent and not saved: the
// product's fields that differ from the latest version, then its SKU rows.
func staleProductValues(v productFormView, st productFormState, paths map[oroshi.ID]string) []staleValue {
	var out []staleValue
	for _, k := range productFormKeys {
		sent := strings.TrimSpace(st.Sent[k])
		if sent == v.Form[k] {
			continue
		}
		switch k {
		case "category_id":
			sent = paths[formGroupID(sent)]
		case "tax_class":
			sent = catalog.TaxClass(sent).Label()
		case "status":
			sent = catalog.Status(sent).Label()
		}
		out = append(out, staleValue{productFieldLabel(v.Labels, k), sent})
	}
	for _, c := range v.Custom {
		if sent := strings.TrimSpace(st.Sent[c.Name]); sent != c.Value {
			out = append(out, staleValue{c.Label, sent})
		}
	}
	return append(out, staleSKUValues(v.Labels, st.SentRows, st.Latest)...)
}

// productFieldLabel names a product field by the seller's label, or by
// its fixed name for fields the seller cannot rename.
func productFieldLabel(labels map[string]string, key string) string {
	switch key {
	case "category_id":
		return "カテゴリ"
	case "description":
		return "説明"
	case "status":
		return "状態"
	case "variant":
		return "バリエーション"
	case "track_stock":
		return "在庫管理"
	}
	return labels[key]
}

// staleSKUValues describes the SKU rows sent that differ from the latest
// version: changed fields of a SKU, SKUs to add and SKUs to delete.
func staleSKUValues(labels map[string]string, sent []skuRow, latest catalog.Product) []staleValue {
	_, current := productFormValues(latest, nil)
	byID := map[string]skuRow{}
	for _, row := range current {
		if row.ID != "" {
			byID[row.ID] = row
		}
	}
	code := labels["code"]
	var out []staleValue
	for _, row := range sent {
		cur, exists := byID[row.ID]
		switch {
		case row.blank():
		case row.ID == "":
			out = append(out, staleValue{"追加する品番", row.Values["code"]})
		case !exists:
		case row.Delete:
			out = append(out, staleValue{"削除する品番", cur.Values["code"]})
		default:
			if diff := skuDiff(labels, row, cur); diff != "" {
				out = append(out, staleValue{code + " " + cur.Values["code"], diff})
			}
		}
	}
	return out
}

// skuDiff is "JANコード: 4901234567894、定価: 1200" for the values of a
// sent row that differ from the current one.
func skuDiff(labels map[string]string, sent, cur skuRow) string {
	var parts []string
	for _, k := range skuFormKeys {
		if v := strings.TrimSpace(sent.Values[k]); v != cur.Values[k] {
			parts = append(parts, productFieldLabel(labels, k)+": "+v)
		}
	}
	if sent.TrackStock != cur.TrackStock {
		on := "しない"
		if sent.TrackStock {
			on = "する"
		}
		parts = append(parts, productFieldLabel(labels, "track_stock")+": "+on)
	}
	return strings.Join(parts, "、")
}
