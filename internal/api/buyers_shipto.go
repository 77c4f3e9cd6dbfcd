package api

import (
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
)

// Ship-to addresses of a buyer: /api/v1/buyers/{id}/ship-tos.

// buyerOfPath reads the buyer ID of the path and checks that it is one of
// the caller's tenant (404 otherwise, also where a list would be empty).
func (s *server) buyerOfPath(r *http.Request, p principal) (oroshi.ID, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return 0, err
	}
	if _, err := s.buyers.Buyer(r.Context(), p.Tenant.ID, id); err != nil {
		return 0, err
	}
	return id, nil
}

// listShipTos answers GET /api/v1/buyers/{id}/ship-tos (at most
// buyers.MaxShipTos, all on one page).
func (s *server) listShipTos(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	buyerID, err := s.buyerOfPath(r, p)
	if err != nil {
		return err
	}
	sts, err := s.buyers.ShipTos(r.Context(), p.Tenant.ID, buyerID)
	if err != nil {
		return err
	}
	out := List[ShipTo]{Data: make([]ShipTo, 0, len(sts))}
	for _, st := range sts {
		out.Data = append(out.Data, shipToOut(st))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// createShipTo answers POST /api/v1/buyers/{id}/ship-tos.
func (s *server) createShipTo(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	buyerID, err := s.buyerOfPath(r, p)
	if err != nil {
		return err
	}
	var in ShipToInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	st := buyers.ShipTo{Tenant: p.Tenant.ID, BuyerID: buyerID}
	in.apply(&st)
	created, err := s.buyers.CreateShipTo(r.Context(), st, actor)
	if err != nil {
		return err
	}
	// Read back: the store may have made it the default.
	return s.writeShipTo(w, r, http.StatusCreated, buyerID, created.ID)
}

func (s *server) writeShipTo(w http.ResponseWriter, r *http.Request, status int, buyerID, id oroshi.ID) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	st, err := s.buyers.ShipTo(r.Context(), p.Tenant.ID, buyerID, id)
	if err != nil {
		return err
	}
	writeJSON(w, status, shipToOut(st))
	return nil
}

// patchShipTo answers PATCH /api/v1/buyers/{id}/ship-tos/{ship_to_id}.
func (s *server) patchShipTo(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	buyerID, err := idParam(r, "id")
	if err != nil {
		return err
	}
	id, err := idParam(r, "ship_to_id")
	if err != nil {
		return err
	}
	var in ShipToInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	st, err := s.buyers.ShipTo(r.Context(), p.Tenant.ID, buyerID, id)
	if err != nil {
		return err
	}
	in.apply(&st)
	if _, err := s.buyers.UpdateShipTo(r.Context(), st, actor); err != nil {
		return err
	}
	return s.writeShipTo(w, r, http.StatusOK, buyerID, id)
}

// deleteShipTo answers DELETE /api/v1/buyers/{id}/ship-tos/{ship_to_id}.
func (s *server) deleteShipTo(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	buyerID, err := idParam(r, "id")
	if err != nil {
		return err
	}
	id, err := idParam(r, "ship_to_id")
	if err != nil {
		return err
	}
	if err := s.buyers.DeleteShipTo(r.Context(), p.Tenant.ID, buyerID, id, actor); err != nil {
		return err
	}
	noContent(w)
	return nil
}
