package web

import (
	"errors"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
)

// Price groups (価格グループ／ランク): the pricing pages keep their price
// lists; here they are created, renamed and deleted.

type groupListView struct {
	Groups  []groupRow
	Form    map[string]string // the new group form
	Refused oroshi.ID         // the group whose deletion was refused
}

type groupRow struct {
	buyers.PriceGroup
	Form    map[string]string
	Errors  map[string]string
	Open    bool // its rename form failed: show it open
	Refused bool // its deletion was refused
}

// groupState is a failed form of the page: the new group form (ID 0) or
// one group's rename or delete.
type groupState struct {
	ID      oroshi.ID
	Form    map[string]string
	Errors  map[string]string
	Refused bool
}

// groupList: GET /groups
func (s *Server) groupList(w http.ResponseWriter, r *http.Request) error {
	return s.renderGroups(w, r, http.StatusOK, groupState{})
}

func (s *Server) renderGroups(w http.ResponseWriter, r *http.Request, status int, st groupState) error {
	groups, err := s.Buyers.PriceGroups(r.Context(), reqCtx(r).tenant.ID)
	if err != nil {
		return err
	}
	v := groupListView{}
	p := &Page{Title: "価格グループ", Data: &v}
	for _, g := range groups {
		row := groupRow{PriceGroup: g, Form: map[string]string{"code": g.Code, "name": g.Name}}
		if st.ID == g.ID && st.Refused {
			row.Refused, p.Errors, v.Refused = true, st.Errors, g.ID
		} else if st.ID == g.ID {
			row.Form, row.Errors, row.Open = st.Form, st.Errors, true
			p.Errors = map[string]string{"form": "入力内容に誤りがあります。"}
		}
		v.Groups = append(v.Groups, row)
	}
	if st.ID == 0 {
		v.Form = st.Form
		p.Errors = st.Errors
	}
	return s.render(w, r, status, "admin/groups/index", p)
}

func groupValues(r *http.Request) map[string]string {
	return map[string]string{"code": r.PostFormValue("code"), "name": r.PostFormValue("name")}
}

// groupCreate: POST /groups
func (s *Server) groupCreate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	form := groupValues(r)
	g := buyers.PriceGroup{Tenant: rc.tenant.ID, Code: form["code"], Name: form["name"]}
	_, err := s.Buyers.CreatePriceGroup(r.Context(), g, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		return s.renderGroups(w, r, http.StatusUnprocessableEntity, groupState{Form: form, Errors: errs})
	}
	if err != nil {
		return err
	}
	setFlash(w, "価格グループを作成しました。")
	http.Redirect(w, r, rc.base()+"/groups", http.StatusSeeOther)
	return nil
}

// groupUpdate: POST /groups/{id} renames a group (code and name).
func (s *Server) groupUpdate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	form := groupValues(r)
	g := buyers.PriceGroup{ID: id, Tenant: rc.tenant.ID, Code: form["code"], Name: form["name"]}
	_, err = s.Buyers.UpdatePriceGroup(r.Context(), g, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		return s.renderGroups(w, r, http.StatusUnprocessableEntity, groupState{ID: id, Form: form, Errors: errs})
	}
	if err != nil {
		return err
	}
	setFlash(w, "価格グループを更新しました。")
	http.Redirect(w, r, rc.base()+"/groups", http.StatusSeeOther)
	return nil
}

// groupDelete: POST /groups/{id}/delete. A group still in use is kept and
// the page says what to change first.
func (s *Server) groupDelete(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	err = s.Buyers.DeletePriceGroup(r.Context(), rc.tenant.ID, id, buyerActor(r))
	var ve *oroshi.ValidationError
	if errors.As(err, &ve) {
		st := groupState{ID: id, Errors: map[string]string{"delete": ve.Fields["price_group"]}, Refused: true}
		return s.renderGroups(w, r, http.StatusConflict, st)
	}
	if err != nil {
		return err
	}
	setFlash(w, "価格グループを削除しました。")
	http.Redirect(w, r, rc.base()+"/groups", http.StatusSeeOther)
	return nil
}
