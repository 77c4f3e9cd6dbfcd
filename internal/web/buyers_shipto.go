package web

import (
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
)

var shipToKeys = []string{"label", "recipient", "postal_code", "address", "phone"}

func shipToValues(st buyers.ShipTo) map[string]string {
	return map[string]string{"label": st.Label, "recipient": st.Recipient, "postal_code": st.PostalCode,
		"address": st.Address, "phone": st.Phone}
}

func parseShipTo(r *http.Request) (buyers.ShipTo, map[string]string) {
	form := map[string]string{}
	for _, k := range shipToKeys {
		form[k] = r.PostFormValue(k)
	}
	form["is_default"] = r.PostFormValue("is_default")
	st := buyers.ShipTo{Label: form["label"], Recipient: form["recipient"], PostalCode: form["postal_code"],
		Address: form["address"], Phone: form["phone"], IsDefault: form["is_default"] == "on"}
	return st, form
}

// shipToTarget reads the buyer and ship-to IDs of the path.
func shipToTarget(r *http.Request) (buyerID, id oroshi.ID, err error) {
	if buyerID, err = pathID(r, "id"); err != nil {
		return 0, 0, err
	}
	id, err = pathID(r, "sid")
	return buyerID, id, err
}

func (s *Server) shipTosDone(w http.ResponseWriter, r *http.Request, buyerID oroshi.ID) {
	http.Redirect(w, r, reqCtx(r).base()+"/buyers/"+buyerID.String()+"#ship-tos", http.StatusSeeOther)
}

// shipToCreate: POST /buyers/{id}/ship-tos
func (s *Server) shipToCreate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	buyerID, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Buyers.Buyer(r.Context(), rc.tenant.ID, buyerID); err != nil {
		return err
	}
	st, form := parseShipTo(r)
	st.Tenant, st.BuyerID = rc.tenant.ID, buyerID
	_, err = s.Buyers.CreateShipTo(r.Context(), st, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		return s.renderBuyerShow(w, r, http.StatusUnprocessableEntity,
			buyerShowState{New: true, Failed: shipToForm{Form: form, Errors: errs, Open: true}})
	}
	if err != nil {
		return err
	}
	setFlash(w, "納品先を追加しました。")
	s.shipTosDone(w, r, buyerID)
	return nil
}

// shipToUpdate: POST /buyers/{id}/ship-tos/{sid}
func (s *Server) shipToUpdate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	buyerID, id, err := shipToTarget(r)
	if err != nil {
		return err
	}
	st, form := parseShipTo(r)
	st.ID, st.Tenant, st.BuyerID = id, rc.tenant.ID, buyerID
	_, err = s.Buyers.UpdateShipTo(r.Context(), st, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		return s.renderBuyerShow(w, r, http.StatusUnprocessableEntity,
			buyerShowState{ShipTo: id, Failed: shipToForm{Form: form, Errors: errs, Open: true}})
	}
	if err != nil {
		return err
	}
	setFlash(w, "納品先を更新しました。")
	s.shipTosDone(w, r, buyerID)
	return nil
}

// shipToDefault: POST /buyers/{id}/ship-tos/{sid}/default
func (s *Server) shipToDefault(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	buyerID, id, err := shipToTarget(r)
	if err != nil {
		return err
	}
	if err := s.Buyers.SetDefaultShipTo(r.Context(), rc.tenant.ID, buyerID, id, buyerActor(r)); err != nil {
		return err
	}
	setFlash(w, "既定の納品先を変更しました。")
	s.shipTosDone(w, r, buyerID)
	return nil
}

// shipToDelete: POST /buyers/{id}/ship-tos/{sid}/delete
func (s *Server) shipToDelete(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	buyerID, id, err := shipToTarget(r)
	if err != nil {
		return err
	}
	if err := s.Buyers.DeleteShipTo(r.Context(), rc.tenant.ID, buyerID, id, buyerActor(r)); err != nil {
		return err
	}
	setFlash(w, "納品先を削除しました。")
	s.shipTosDone(w, r, buyerID)
	return nil
}
