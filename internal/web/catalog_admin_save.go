package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// productNew: GET /products/new, with the defaults the service would fill.
func (s *Server) productNew(w http.ResponseWriter, r *http.Request) error {
	p := catalog.Product{}
	catalog.Tidy(&p)
	form, rows := productFormValues(p, nil)
	return s.renderProductForm(w, r, http.StatusOK, productFormState{New: true, Form: form, Rows: rows})
}

// productCreate: POST /products
func (s *Server) productCreate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	defs, err := s.Fields.Fields(r.Context(), rc.tenant.ID, customfields.EntityProduct)
	if err != nil {
		return err
	}
	p, form, rows, rowOf, err := productFromForm(r, defs)
	if err != nil {
		return err
	}
	created, err := s.Catalog.CreateProduct(r.Context(), rc.tenant.ID, p, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		errs = placeSKUErrors(errs, rows, rowOf)
		return s.renderProductForm(w, r, http.StatusUnprocessableEntity, productFormState{New: true, Form: form, Rows: rows, Errors: errs})
	}
	if err != nil {
		return err
	}
	setFlash(w, "商品を登録しました。")
	http.Redirect(w, r, rc.base()+"/products/"+created.ID.String(), http.StatusSeeOther)
	return nil
}

// productEdit: GET /products/{id}/edit
func (s *Server) productEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t := reqCtx(r).tenant.ID
	p, err := s.Catalog.Product(r.Context(), t, id)
	if err != nil {
		return err
	}
	defs, err := s.Fields.Fields(r.Context(), t, customfields.EntityProduct)
	if err != nil {
		return err
	}
	form, rows := productFormValues(p, defs)
	return s.renderProductForm(w, r, http.StatusOK, productFormState{ID: id, Form: form, Rows: rows})
}

// productUpdate: POST /products/{id}. The SKU table is the product's whole
// list of SKUs: rows left out or marked 削除 are deleted. The form's
// updated_at is the version the person read; if someone saved since, the
// latest version is shown with what was sent, and nothing is saved.
func (s *Server) productUpdate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	defs, err := s.Fields.Fields(r.Context(), rc.tenant.ID, customfields.EntityProduct)
	if err != nil {
		return err
	}
	p, form, rows, rowOf, err := productFromForm(r, defs)
	if err != nil {
		return err
	}
	if p.UpdatedAt.IsZero() { // a zero version would skip the check
		return fmt.Errorf("product %s form without updated_at: %w", id, errBadRequest)
	}
	p.ID = id
	_, err = s.Catalog.UpdateProduct(r.Context(), rc.tenant.ID, p, buyerActor(r))
	errs, invalid := asFieldErrors(err)
	switch {
	case invalid: // before ErrConflict: a taken 品番 is both
		errs = placeSKUErrors(errs, rows, rowOf)
		return s.renderProductForm(w, r, http.StatusUnprocessableEntity, productFormState{ID: id, Form: form, Rows: rows, Errors: errs})
	case errors.Is(err, oroshi.ErrConflict):
		return s.renderStaleProduct(w, r, id, form, rows, defs)
	case err != nil:
		return err
	}
	setFlash(w, "商品を更新しました。")
	http.Redirect(w, r, rc.base()+"/products/"+id.String(), http.StatusSeeOther)
	return nil
}

// renderStaleProduct shows the latest version in the form (so that saving
// again does not undo another person's changes) and lists what was sent
// where it differs, to be entered again.
func (s *Server) renderStaleProduct(w http.ResponseWriter, r *http.Request, id oroshi.ID, sent map[string]string, sentRows []skuRow, defs []customfields.Field) error {
	latest, err := s.Catalog.Product(r.Context(), reqCtx(r).tenant.ID, id)
	if err != nil {
		return err
	}
	form, rows := productFormValues(latest, defs)
	st := productFormState{ID: id, Form: form, Rows: rows, Stale: true, Sent: sent, SentRows: sentRows, Latest: latest}
	return s.renderProductForm(w, r, http.StatusConflict, st)
}
