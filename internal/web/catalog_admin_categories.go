package web

import (
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// The category tree (カテゴリ): up to four levels, siblings in order of
// position then name. One category at a time is edited in its row
// (?edit=<id>), so the page carries one parent select, not one per row.

type categoryListView struct {
	Rows     []categoryRow
	Parents  []buyerOption     // parents offered to a new category
	Form     map[string]string // the new category form
	Edit     *categoryEdit     // the row being edited, if any
	Refused  oroshi.ID         // the category whose deletion was refused
	MaxDepth int
}

type categoryRow struct {
	*catalog.CategoryNode
	Indent   string
	Editing  bool
	Refused  bool
	Children int
}

// categoryEdit is the edit form of one row.
type categoryEdit struct {
	ID      oroshi.ID
	Form    map[string]string
	Errors  map[string]string
	Parents []buyerOption
}

// categoryState is a failed form of the page, or the row opened to edit.
type categoryState struct {
	EditID  oroshi.ID
	Form    map[string]string
	Errors  map[string]string
	Refused oroshi.ID
}

// categoryList: GET /categories?edit=<id>
func (s *Server) categoryList(w http.ResponseWriter, r *http.Request) error {
	st := categoryState{}
	if id, err := oroshi.ParseID(r.URL.Query().Get("edit")); err == nil {
		st.EditID = id
	}
	return s.renderCategories(w, r, http.StatusOK, st)
}

func (s *Server) renderCategories(w http.ResponseWriter, r *http.Request, status int, st categoryState) error {
	tree, err := s.Catalog.CategoryTree(r.Context(), reqCtx(r).tenant.ID)
	if err != nil {
		return err
	}
	v := categoryListView{Refused: st.Refused, MaxDepth: catalog.MaxCategoryDepth}
	p := &Page{Title: "カテゴリ", Data: &v}
	for _, n := range flatTree(tree) {
		row := categoryRow{CategoryNode: n, Indent: categoryIndent(n.Depth), Refused: n.ID == st.Refused, Children: len(n.Children)}
		if n.ID == st.EditID {
			row.Editing = true
			v.Edit = &categoryEdit{ID: n.ID, Form: st.Form, Errors: st.Errors,
				Parents: categoryOptions(tree, n.ParentID, n.ID)}
			if v.Edit.Form == nil {
				v.Edit.Form = map[string]string{"name": n.Name, "kana": n.Kana, "parent_id": idText(n.ParentID)}
			} else {
				v.Edit.Parents = categoryOptions(tree, formGroupID(st.Form["parent_id"]), n.ID)
			}
		}
		v.Rows = append(v.Rows, row)
	}
	v.Parents = categoryOptions(tree, 0, 0)
	switch {
	case st.Refused != 0:
		p.Errors = st.Errors
	case st.EditID == 0:
		v.Form, p.Errors = st.Form, st.Errors
		v.Parents = categoryOptions(tree, formGroupID(st.Form["parent_id"]), 0)
	case st.Errors != nil:
		p.Errors = map[string]string{"form": "入力内容に誤りがあります。"}
	}
	return s.render(w, r, status, "admin/categories/index", p)
}

// idText is an ID for a form value: "" for none.
func idText(id oroshi.ID) string {
	if id == 0 {
		return ""
	}
	return id.String()
}

func categoryValues(r *http.Request) (catalog.Category, map[string]string) {
	form := map[string]string{"name": r.PostFormValue("name"), "kana": r.PostFormValue("kana"),
		"parent_id": r.PostFormValue("parent_id")}
	c := catalog.Category{Name: form["name"], Kana: form["kana"]}
	if form["parent_id"] != "" {
		c.ParentID = -1 // refused by the service as a missing parent
		if id, err := oroshi.ParseID(form["parent_id"]); err == nil {
			c.ParentID = id
		}
	}
	return c, form
}

// categoryCreate: POST /categories
func (s *Server) categoryCreate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	c, form := categoryValues(r)
	_, err := s.Catalog.CreateCategory(r.Context(), rc.tenant.ID, c, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		return s.renderCategories(w, r, http.StatusUnprocessableEntity, categoryState{Form: form, Errors: errs})
	}
	if err != nil {
		return err
	}
	setFlash(w, "カテゴリを追加しました。")
	http.Redirect(w, r, rc.base()+"/categories", http.StatusSeeOther)
	return nil
}

// categoryUpdate: POST /categories/{id} renames or moves a category.
func (s *Server) categoryUpdate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	before, err := s.category(r, id)
	if err != nil {
		return err
	}
	c, form := categoryValues(r)
	c.ID, c.Position = id, before.Position
	_, err = s.Catalog.UpdateCategory(r.Context(), rc.tenant.ID, c, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		return s.renderCategories(w, r, http.StatusUnprocessableEntity, categoryState{EditID: id, Form: form, Errors: errs})
	}
	if err != nil {
		return err
	}
	setFlash(w, "カテゴリを更新しました。")
	http.Redirect(w, r, rc.base()+"/categories#category-"+id.String(), http.StatusSeeOther)
	return nil
}

func (s *Server) category(r *http.Request, id oroshi.ID) (catalog.Category, error) {
	all, err := s.Catalog.Categories(r.Context(), reqCtx(r).tenant.ID)
	if err != nil {
		return catalog.Category{}, err
	}
	for _, c := range all {
		if c.ID == id {
			return c, nil
		}
	}
	return catalog.Category{}, oroshi.ErrNotFound
}

// categoryDelete: POST /categories/{id}/delete. A category that still holds
// subcategories or products is kept, and the page says why.
func (s *Server) categoryDelete(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	err = s.Catalog.DeleteCategory(r.Context(), rc.tenant.ID, id, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		st := categoryState{Refused: id, Errors: map[string]string{"delete": errs["category"]}}
		return s.renderCategories(w, r, http.StatusConflict, st)
	}
	if err != nil {
		return err
	}
	setFlash(w, "カテゴリを削除しました。")
	http.Redirect(w, r, rc.base()+"/categories", http.StatusSeeOther)
	return nil
}
