package web

import (
	"errors"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

type productShowView struct {
	Product    catalog.Product
	Labels     map[string]string
	Category   string       // path of its category; "" when it has none
	Custom     []staleValue // label and value of each custom field
	SKUs       []skuShowRow
	Images     []imageRow
	Visibility visibilityForm
	Statuses   []statusAction // the status changes offered
	MaxImages  int
}

func (v productShowView) StatusLabel() string    { return v.Product.Status.Label() }
func (v productShowView) TaxLabel() string       { return v.Product.TaxClass.Label() }
func (v productShowView) VisibilityText() string { return v.Product.Visibility.Mode.Label() }

// skuShowRow is a SKU with its stock adjustment form.
type skuShowRow struct {
	catalog.SKU
	Delta, Reason, Error, ReasonError string // a refused adjustment, shown again
}

// imageRow is an image with the order after moving it up or down.
type imageRow struct {
	catalog.Image
	Number   int // 1 for the main image
	Up, Down []oroshi.ID
}

// statusAction is a button that moves the product to another status.
type statusAction struct {
	Status, Label, Confirm string
}

// productShowState is a failed form of the detail page: its values and
// messages (Page.Errors keys: stock.<sku id>, stock.<sku id>.reason,
// image, images, visibility).
type productShowState struct {
	Errors    map[string]string
	StockSKU  oroshi.ID
	Delta     string
	Reason    string
	Vis       *visibilityForm // the visibility form as sent
	ImageFail bool
}

// productShow: GET /products/{id}
func (s *Server) productShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderProductShow(w, r, http.StatusOK, productShowState{})
}

func (s *Server) renderProductShow(w http.ResponseWriter, r *http.Request, status int, st productShowState) error {
	ctx, t := r.Context(), reqCtx(r).tenant.ID
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Catalog.Product(ctx, t, id)
	if err != nil {
		return err
	}
	v := productShowView{Product: p, MaxImages: catalog.MaxImages, Statuses: statusActions(p.Status)}
	if v.Labels, v.Custom, err = s.productFieldsShown(r, p); err != nil {
		return err
	}
	tree, err := s.Catalog.CategoryTree(ctx, t)
	if err != nil {
		return err
	}
	v.Category = categoryPaths(tree)[p.CategoryID]
	for _, sku := range p.SKUs {
		row := skuShowRow{SKU: sku}
		if sku.ID == st.StockSKU {
			key := "stock." + sku.ID.String()
			row.Delta, row.Reason, row.Error, row.ReasonError = st.Delta, st.Reason, st.Errors[key], st.Errors[key+".reason"]
		}
		v.SKUs = append(v.SKUs, row)
	}
	v.Images = imageRows(p.Images)
	if v.Visibility, err = s.visibilityOf(r, p.Visibility, st.Vis); err != nil {
		return err
	}
	return s.render(w, r, status, "admin/products/show", &Page{Title: "商品の詳細", Data: v, Errors: st.Errors})
}

// productFieldsShown returns the seller's labels and the custom values of p.
func (s *Server) productFieldsShown(r *http.Request, p catalog.Product) (map[string]string, []staleValue, error) {
	labels, err := s.Fields.Labels(r.Context(), p.Tenant, customfields.EntityProduct)
	if err != nil {
		return nil, nil, err
	}
	defs, err := s.Fields.Fields(r.Context(), p.Tenant, customfields.EntityProduct)
	if err != nil {
		return nil, nil, err
	}
	custom := make([]staleValue, len(defs))
	for i, d := range defs {
		custom[i] = staleValue{d.Label, customfields.FormatCell(d, p.Custom[d.Key])}
	}
	return labels, custom, nil
}

func statusActions(current catalog.Status) []statusAction {
	all := []statusAction{
		{string(catalog.StatusPublished), "公開する", ""},
		{string(catalog.StatusDraft), "下書きに戻す", ""},
		{string(catalog.StatusDiscontinued), "販売終了にする", "この商品を販売終了にします。取引先には表示されなくなります"},
	}
	var out []statusAction
	for _, a := range all {
		if a.Status != string(current) {
			out = append(out, a)
		}
	}
	return out
}

func imageRows(images []catalog.Image) []imageRow {
	ids := make([]oroshi.ID, len(images))
	for i, img := range images {
		ids[i] = img.ID
	}
	rows := make([]imageRow, len(images))
	for i, img := range images {
		rows[i] = imageRow{Image: img, Number: i + 1}
		if i > 0 {
			rows[i].Up = swapped(ids, i, i-1)
		}
		if i < len(images)-1 {
			rows[i].Down = swapped(ids, i, i+1)
		}
	}
	return rows
}

// productStatus: POST /products/{id}/status, status=published|draft|discontinued.
func (s *Server) productStatus(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st := catalog.Status(r.PostFormValue("status"))
	flash := map[catalog.Status]string{catalog.StatusPublished: "商品を公開しました。",
		catalog.StatusDraft: "商品を下書きに戻しました。", catalog.StatusDiscontinued: "商品を販売終了にしました。"}[st]
	if flash == "" {
		return errBadRequest
	}
	if err := s.Catalog.SetStatus(r.Context(), rc.tenant.ID, id, st, buyerActor(r)); err != nil {
		return err
	}
	setFlash(w, flash)
	http.Redirect(w, r, rc.base()+"/products/"+id.String(), http.StatusSeeOther)
	return nil
}

// productDelete: POST /products/{id}/delete removes the product with its
// SKUs, images and visibility.
func (s *Server) productDelete(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Catalog.DeleteProduct(r.Context(), rc.tenant.ID, id, buyerActor(r)); err != nil {
		return err
	}
	setFlash(w, "商品を削除しました。")
	http.Redirect(w, r, rc.base()+"/products", http.StatusSeeOther)
	return nil
}

// productStock: POST /products/{id}/skus/{sid}/stock, delta=+12 or -3
// and the reason (理由) the history records with it.
func (s *Server) productStock(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sid, err := pathID(r, "sid")
	if err != nil {
		return err
	}
	sku, err := s.productSKU(r, id, sid)
	if err != nil {
		return err
	}
	raw, reason := r.PostFormValue("delta"), r.PostFormValue("reason")
	if !sku.TrackStock {
		err = oroshi.Invalid("delta", "この品番は在庫管理をしていません。商品の編集で「在庫管理」をオンにしてください")
	} else {
		// A delta that does not read as a number goes as 0, which the
		// service refuses with the same message, checking the reason too.
		delta, ok := formDelta(raw)
		if !ok {
			delta = 0
		}
		_, err = s.Catalog.AdjustStock(r.Context(), rc.tenant.ID, sid, delta, reason, buyerActor(r))
	}
	if errs, invalid := asFieldErrors(err); invalid {
		key := "stock." + sid.String()
		st := productShowState{StockSKU: sid, Delta: raw, Reason: reason,
			Errors: map[string]string{key: errs["delta"], key + ".reason": errs["reason"]}}
		return s.renderProductShow(w, r, http.StatusUnprocessableEntity, st)
	}
	if err != nil {
		return err
	}
	setFlash(w, "在庫を調整しました。")
	http.Redirect(w, r, rc.base()+"/products/"+id.String()+"#skus", http.StatusSeeOther)
	return nil
}

// productSKU returns SKU sid of product id; a SKU of another product is
// missing here.
func (s *Server) productSKU(r *http.Request, id, sid oroshi.ID) (catalog.SKU, error) {
	p, err := s.Catalog.Product(r.Context(), reqCtx(r).tenant.ID, id)
	if err != nil {
		return catalog.SKU{}, err
	}
	for _, sku := range p.SKUs {
		if sku.ID == sid {
			return sku, nil
		}
	}
	return catalog.SKU{}, oroshi.ErrNotFound
}

// buyerName is a buyer as the visibility form lists it.
type buyerName struct {
	ID         oroshi.ID
	Code, Name string
}

// buyersByID looks up the buyers a product is visible to; a buyer deleted
// since is listed by its ID.
func (s *Server) buyersByID(r *http.Request, ids []oroshi.ID) ([]buyerName, error) {
	out := make([]buyerName, 0, len(ids))
	for _, id := range ids {
		b, err := s.Buyers.Buyer(r.Context(), reqCtx(r).tenant.ID, id)
		switch {
		case errors.Is(err, oroshi.ErrNotFound):
			out = append(out, buyerName{ID: id, Code: id.String()})
		case err != nil:
			return nil, err
		default:
			out = append(out, buyerName{ID: id, Code: b.Code, Name: b.Name})
		}
	}
	return out, nil
}
