package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// Buyer companies: /api/v1/buyers.

// buyerDefs are the tenant's custom fields of buyers.
func (s *server) buyerDefs(ctx context.Context, t oroshi.TenantID) ([]customfields.Field, error) {
	defs, err := s.fields.Fields(ctx, t, customfields.EntityBuyer)
	if err != nil {
		return nil, fmt.Errorf("buyer custom fields: %w", err)
	}
	return defs, nil
}

// listBuyers answers GET /api/v1/buyers. The service pages by offset (it
// also counts the total), so the cursor carries the next offset.
func (s *server) listBuyers(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	f, err := buyerFilter(r)
	if err != nil {
		return err
	}
	page, err := s.buyers.List(r.Context(), p.Tenant.ID, f)
	if err != nil {
		return err
	}
	defs, err := s.buyerDefs(r.Context(), p.Tenant.ID)
	if err != nil {
		return err
	}
	out := BuyerList{List: List[Buyer]{Data: make([]Buyer, 0, len(page.Buyers))}, Total: page.Total}
	for _, b := range page.Buyers {
		out.Data = append(out.Data, buyerOut(b, defs))
	}
	if next := page.Filter.Offset + len(page.Buyers); len(page.Buyers) > 0 && next < page.Total {
		c := encodeCursor([]string{strconv.Itoa(next)})
		out.NextCursor = &c
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// buyerFilter reads ?q=&status=&price_group_id= and the page.
func buyerFilter(r *http.Request) (buyers.Filter, error) {
	pg, err := parsePage(r)
	if err != nil {
		return buyers.Filter{}, err
	}
	q, err := queryOf(r)
	if err != nil {
		return buyers.Filter{}, err
	}
	f := buyers.Filter{Query: q.Get("q"), Status: q.Get("status"), Limit: pg.Limit}
	if f.PriceGroupID, err = queryID(q, "price_group_id"); err != nil {
		return buyers.Filter{}, err
	}
	if pg.After != nil {
		n, err := strconv.Atoi(pg.After[0])
		if len(pg.After) != 1 || err != nil || n < 0 {
			return buyers.Filter{}, badParam("cursor", "cursor が正しくありません（前のレスポンスの next_cursor をそのまま指定してください）")
		}
		f.Offset = n
	}
	if f.Status != "" && f.Status != buyers.StatusActive && f.Status != buyers.StatusSuspended {
		return buyers.Filter{}, badParam("status", "status は active または suspended を指定してください")
	}
	return f, nil
}

// createBuyer answers POST /api/v1/buyers.
func (s *server) createBuyer(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	var in BuyerCreate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	b := buyers.Buyer{Tenant: p.Tenant.ID, Code: in.Code, Name: in.Name}
	v := &oroshi.ValidationError{}
	in.apply(&b, v)
	if err := parseErrors(v, buyers.Validate(buyers.Normalize(b)), buyerFieldNames); err != nil {
		return err
	}
	created, err := s.buyers.Create(r.Context(), b, actor)
	if err != nil {
		return renameFields(err, buyerFieldNames)
	}
	return s.writeBuyer(w, r, http.StatusCreated, created.ID)
}

// writeBuyer answers the detail of buyer id, as stored now.
func (s *server) writeBuyer(w http.ResponseWriter, r *http.Request, status int, id oroshi.ID) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	d, err := s.buyers.Detail(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	defs, err := s.buyerDefs(r.Context(), p.Tenant.ID)
	if err != nil {
		return err
	}
	out := BuyerDetail{Buyer: buyerOut(d.Buyer, defs), ShipTos: make([]ShipTo, 0, len(d.ShipTos))}
	for _, st := range d.ShipTos {
		out.ShipTos = append(out.ShipTos, shipToOut(st))
	}
	writeJSON(w, status, out)
	return nil
}

// getBuyer answers GET /api/v1/buyers/{id}.
func (s *server) getBuyer(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	return s.writeBuyer(w, r, http.StatusOK, id)
}

// patchBuyer answers PATCH /api/v1/buyers/{id}: it reads the buyer, merges
// the fields sent and saves the whole, guarded by the updated_at sent or,
// without one, by the one just read.
func (s *server) patchBuyer(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var in BuyerPatch
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	b, err := s.buyers.Buyer(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	defs, err := s.buyerDefs(r.Context(), p.Tenant.ID)
	if err != nil {
		return err
	}
	// Values of deleted fields would fail validation; they go on save.
	b.Custom = customfields.Visible(defs, b.Custom)
	set(&b.Code, in.Code)
	set(&b.Name, in.Name)
	set(&b.UpdatedAt, in.UpdatedAt)
	v := &oroshi.ValidationError{}
	in.apply(&b, v)
	if err := parseErrors(v, buyers.Validate(buyers.Normalize(b)), buyerFieldNames); err != nil {
		return err
	}
	if _, err := s.buyers.Update(r.Context(), b, actor); err != nil {
		return renameFields(err, buyerFieldNames)
	}
	return s.writeBuyer(w, r, http.StatusOK, id)
}

// suspendBuyer answers POST /api/v1/buyers/{id}/suspend.
func (s *server) suspendBuyer(w http.ResponseWriter, r *http.Request) error {
	return s.setBuyerStatus(w, r, (*buyers.Service).Suspend)
}

// resumeBuyer answers POST /api/v1/buyers/{id}/resume.
func (s *server) resumeBuyer(w http.ResponseWriter, r *http.Request) error {
	return s.setBuyerStatus(w, r, (*buyers.Service).Resume)
}

type buyerStatusFunc = func(*buyers.Service, context.Context, oroshi.TenantID, oroshi.ID, audit.Actor) error

func (s *server) setBuyerStatus(w http.ResponseWriter, r *http.Request, change buyerStatusFunc) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if err := change(s.buyers, r.Context(), p.Tenant.ID, id, actor); err != nil {
		return err
	}
	return s.writeBuyer(w, r, http.StatusOK, id)
}
