package api

import (
	"fmt"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// Categories (カテゴリ) of the catalogue: /api/v1/categories. The tree is
// served flat, each category before its subcategories, siblings by
// position then name, with parent_id and depth to rebuild it.

// flatTree lists the nodes of a forest depth first.
func flatTree(nodes []*catalog.CategoryNode, out []Category) []Category {
	for _, n := range nodes {
		out = append(out, categoryOut(n))
		out = flatTree(n.Children, out)
	}
	return out
}

func categoryOut(n *catalog.CategoryNode) Category {
	return Category{ID: n.ID.String(), ParentID: optID(n.ParentID), Name: n.Name, Kana: n.Kana,
		Position: n.Position, Depth: n.Depth, CreatedAt: utc(n.CreatedAt), UpdatedAt: utc(n.UpdatedAt)}
}

// listCategories answers GET /api/v1/categories: the whole tree on one page.
func (s *server) listCategories(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	tree, err := s.catalog.CategoryTree(r.Context(), p.Tenant.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, List[Category]{Data: flatTree(tree, []Category{})})
	return nil
}

// writeCategory answers category id as stored now, with its depth.
func (s *server) writeCategory(w http.ResponseWriter, r *http.Request, status int, id oroshi.ID) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	tree, err := s.catalog.CategoryTree(r.Context(), p.Tenant.ID)
	if err != nil {
		return err
	}
	for _, c := range flatTree(tree, nil) {
		if c.ID == id.String() {
			writeJSON(w, status, c)
			return nil
		}
	}
	return fmt.Errorf("category %s: %w", id, oroshi.ErrNotFound)
}

// createCategory answers POST /api/v1/categories.
func (s *server) createCategory(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	var in CategoryInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var c catalog.Category
	v := &oroshi.ValidationError{}
	in.apply(&c, v)
	if err := parseErrors(v, checkCategory(c), nil); err != nil {
		return err
	}
	created, err := s.catalog.CreateCategory(r.Context(), p.Tenant.ID, c, actor)
	if err != nil {
		return err
	}
	return s.writeCategory(w, r, http.StatusCreated, created.ID)
}

// patchCategory answers PATCH /api/v1/categories/{id}: rename, move under
// another parent ("" for the top) or reorder.
func (s *server) patchCategory(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var in CategoryInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.category(r, p.Tenant.ID, id)
	if err != nil {
		return err
	}
	v := &oroshi.ValidationError{}
	in.apply(&c, v)
	if err := parseErrors(v, checkCategory(c), nil); err != nil {
		return err
	}
	if _, err := s.catalog.UpdateCategory(r.Context(), p.Tenant.ID, c, actor); err != nil {
		return err
	}
	return s.writeCategory(w, r, http.StatusOK, id)
}

// category is one category of tenant t.
func (s *server) category(r *http.Request, t oroshi.TenantID, id oroshi.ID) (catalog.Category, error) {
	all, err := s.catalog.Categories(r.Context(), t)
	if err != nil {
		return catalog.Category{}, err
	}
	for _, c := range all {
		if c.ID == id {
			return c, nil
		}
	}
	return catalog.Category{}, fmt.Errorf("category %s: %w", id, oroshi.ErrNotFound)
}

// deleteCategory answers DELETE /api/v1/categories/{id}. A category with
// subcategories or products is refused with 422 (fields.category says why).
func (s *server) deleteCategory(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if err := s.catalog.DeleteCategory(r.Context(), p.Tenant.ID, id, actor); err != nil {
		return err
	}
	noContent(w)
	return nil
}
