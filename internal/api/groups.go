package api

import (
	"net/http"
	"time"

	"github.com/oroshi-jp/oroshi/internal/buyers"
)

// Price groups (価格グループ／ランク): /api/v1/price-groups.

// PriceGroup is a price group or rank of the tenant's buyers.
type PriceGroup struct {
	ID        string    `json:"id" doc:"価格グループID"`
	Code      string    `json:"code" doc:"価格グループコード（契約者内で一意。半角英数字・ハイフン・アンダースコアの20文字以内）"`
	Name      string    `json:"name" doc:"価格グループ名"`
	Buyers    int       `json:"buyers" doc:"所属する取引先の数（一覧でのみ数える。それ以外は 0）"`
	CreatedAt time.Time `json:"created_at" doc:"登録日時（RFC 3339）"`
	UpdatedAt time.Time `json:"updated_at" doc:"更新日時（RFC 3339）"`
}

// PriceGroupInput is the body of POST (both fields needed) and PATCH (only
// the fields sent change) of a price group.
type PriceGroupInput struct {
	Code *string `json:"code,omitempty" doc:"価格グループコード"`
	Name *string `json:"name,omitempty" doc:"価格グループ名"`
}

func priceGroupOut(g buyers.PriceGroup) PriceGroup {
	return PriceGroup{ID: g.ID.String(), Code: g.Code, Name: g.Name, Buyers: g.Buyers,
		CreatedAt: utc(g.CreatedAt), UpdatedAt: utc(g.UpdatedAt)}
}

// listPriceGroups answers GET /api/v1/price-groups (all on one page).
func (s *server) listPriceGroups(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	gs, err := s.buyers.PriceGroups(r.Context(), p.Tenant.ID)
	if err != nil {
		return err
	}
	out := List[PriceGroup]{Data: make([]PriceGroup, 0, len(gs))}
	for _, g := range gs {
		out.Data = append(out.Data, priceGroupOut(g))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// createPriceGroup answers POST /api/v1/price-groups.
func (s *server) createPriceGroup(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	var in PriceGroupInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	g := buyers.PriceGroup{Tenant: p.Tenant.ID}
	set(&g.Code, in.Code)
	set(&g.Name, in.Name)
	created, err := s.buyers.CreatePriceGroup(r.Context(), g, actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, priceGroupOut(created))
	return nil
}

// patchPriceGroup answers PATCH /api/v1/price-groups/{id}.
func (s *server) patchPriceGroup(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var in PriceGroupInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	g, err := s.buyers.PriceGroup(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	set(&g.Code, in.Code)
	set(&g.Name, in.Name)
	updated, err := s.buyers.UpdatePriceGroup(r.Context(), g, actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, priceGroupOut(updated))
	return nil
}

// deletePriceGroup answers DELETE /api/v1/price-groups/{id}; a group that
// buyers or product visibility still name is refused (422 on price_group).
func (s *server) deletePriceGroup(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if err := s.buyers.DeletePriceGroup(r.Context(), p.Tenant.ID, id, actor); err != nil {
		return err
	}
	noContent(w)
	return nil
}
