package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// Products (商品) and their SKUs (品番): /api/v1/products.
//
// Error kinds follow the catalog service: a 品番 another SKU of the tenant
// already has is a validation error on skus[i].code (422, like every other
// duplicate code in this API); a PUT whose updated_at is not the stored one
// is 409.

// productDefs are the tenant's custom fields of products.
func (s *server) productDefs(ctx context.Context, t oroshi.TenantID) ([]customfields.Field, error) {
	defs, err := s.fields.Fields(ctx, t, customfields.EntityProduct)
	if err != nil {
		return nil, fmt.Errorf("product custom fields: %w", err)
	}
	return defs, nil
}

// catalogPage reads ?limit=&cursor= for the catalogue's listings, which
// page newest first by product ID: the cursor holds the last ID served.
func catalogPage(r *http.Request) (catalog.Page, error) {
	pg, err := parsePage(r)
	if err != nil {
		return catalog.Page{}, err
	}
	out := catalog.Page{Limit: pg.Limit}
	if pg.After != nil {
		id, err := oroshi.ParseID(pg.After[0])
		if len(pg.After) != 1 || err != nil {
			return catalog.Page{}, badParam("cursor", "cursor が正しくありません（前のレスポンスの next_cursor をそのまま指定してください）")
		}
		out.Cursor = catalog.EncodeCursor(id)
	}
	return out, nil
}

// nextCursor is the cursor after a page of l, nil on the last page.
func nextCursor(l catalog.ProductList) *string {
	if l.NextCursor == "" || len(l.Products) == 0 {
		return nil
	}
	c := encodeCursor([]string{l.Products[len(l.Products)-1].ID.String()})
	return &c
}

// queryInvalid turns the service's validation of a listing's parameters
// (a search text too long) into 400, like other bad query parameters.
func queryInvalid(err error) error {
	var ve *oroshi.ValidationError
	if errors.As(err, &ve) {
		return &apiError{status: http.StatusBadRequest, message: "検索条件が正しくありません", fields: ve.Fields}
	}
	return err
}

// productFilter reads ?q=&category_id=&status= and the page.
func productFilter(r *http.Request) (catalog.ProductFilter, error) {
	pg, err := catalogPage(r)
	if err != nil {
		return catalog.ProductFilter{}, err
	}
	q, err := queryOf(r)
	if err != nil {
		return catalog.ProductFilter{}, err
	}
	f := catalog.ProductFilter{Query: q.Get("q"), Status: catalog.Status(q.Get("status")), Page: pg}
	if f.CategoryID, err = queryID(q, "category_id"); err != nil {
		return catalog.ProductFilter{}, err
	}
	switch f.Status {
	case "", catalog.StatusDraft, catalog.StatusPublished, catalog.StatusDiscontinued:
	default:
		return catalog.ProductFilter{}, badParam("status", "status は draft、published、discontinued のいずれかを指定してください")
	}
	return f, nil
}

// listProducts answers GET /api/v1/products, newest first.
func (s *server) listProducts(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	f, err := productFilter(r)
	if err != nil {
		return err
	}
	list, err := s.catalog.Products(r.Context(), p.Tenant.ID, f)
	if err != nil {
		return queryInvalid(err)
	}
	defs, err := s.productDefs(r.Context(), p.Tenant.ID)
	if err != nil {
		return err
	}
	out := ProductList{List: List[ProductSummary]{Data: make([]ProductSummary, 0, len(list.Products)),
		NextCursor: nextCursor(list)}, Total: list.Total}
	for _, pr := range list.Products {
		out.Data = append(out.Data, ProductSummary{ProductCore: productCoreOut(pr, defs),
			VisibilityMode: string(pr.Visibility.Mode), ThumbnailURL: thumbURL(pr)})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// writeProduct answers product id as stored now.
func (s *server) writeProduct(w http.ResponseWriter, r *http.Request, status int, id oroshi.ID) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	pr, err := s.catalog.Product(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	defs, err := s.productDefs(r.Context(), p.Tenant.ID)
	if err != nil {
		return err
	}
	writeJSON(w, status, productOut(pr, defs))
	return nil
}

// getProduct answers GET /api/v1/products/{id}.
func (s *server) getProduct(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	return s.writeProduct(w, r, http.StatusOK, id)
}

// createProduct answers POST /api/v1/products.
func (s *server) createProduct(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	var in ProductCreate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v := &oroshi.ValidationError{}
	pr := in.product(v)
	if err := parseErrors(v, checkProduct(pr), nil); err != nil {
		return err
	}
	created, err := s.catalog.CreateProduct(r.Context(), p.Tenant.ID, pr, actor)
	if err != nil {
		return err
	}
	return s.writeProduct(w, r, http.StatusCreated, created.ID)
}

// putProduct answers PUT /api/v1/products/{id}: the body replaces the
// product and its SKUs (SKUs sent with an id are kept with their stock,
// those without are added, the others deleted), guarded by updated_at.
func (s *server) putProduct(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var in ProductReplace
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	before, err := s.catalog.Product(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	v := &oroshi.ValidationError{}
	pr := in.product(v)
	pr.ID, pr.Status, pr.Visibility = id, before.Status, before.Visibility
	if in.UpdatedAt == nil {
		v.Add("updated_at", "読み込んだときの updated_at を送ってください（他の更新を上書きしないため）")
	} else {
		pr.UpdatedAt = *in.UpdatedAt
	}
	if err := parseErrors(v, checkProduct(pr), nil); err != nil {
		return err
	}
	if _, err := s.catalog.UpdateProduct(r.Context(), p.Tenant.ID, pr, actor); err != nil {
		return err
	}
	return s.writeProduct(w, r, http.StatusOK, id)
}

// setProductStatus answers POST /api/v1/products/{id}/status.
func (s *server) setProductStatus(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var in ProductStatusInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.catalog.SetStatus(r.Context(), p.Tenant.ID, id, catalog.Status(in.Status), actor); err != nil {
		return err
	}
	return s.writeProduct(w, r, http.StatusOK, id)
}

// putProductVisibility answers PUT /api/v1/products/{id}/visibility.
func (s *server) putProductVisibility(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var in Visibility
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v := &oroshi.ValidationError{}
	vis := in.visibility(v)
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.catalog.SetVisibility(r.Context(), p.Tenant.ID, id, vis, actor); err != nil {
		return err
	}
	return s.writeProduct(w, r, http.StatusOK, id)
}

// deleteProduct answers DELETE /api/v1/products/{id}.
func (s *server) deleteProduct(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if err := s.catalog.DeleteProduct(r.Context(), p.Tenant.ID, id, actor); err != nil {
		return err
	}
	noContent(w)
	return nil
}
