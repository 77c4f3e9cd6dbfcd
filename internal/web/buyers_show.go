package web

import (
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

type buyerShowView struct {
	Buyer     buyerRow
	Labels    map[string]string
	Custom    []staleValue // label and value of each custom field
	ShipTos   []shipToRow
	NewShipTo shipToForm
	Users     []identity.User
	UsersURL  string // where the users' forms post
	Invite    buyerInviteForm
	Sales     buyerSalesView // order settings and purchasers' limits (admin_sales_settings_buyer.go)
}

// shipToForm is a ship-to form that failed, shown again open.
type shipToForm struct {
	Form   map[string]string
	Errors map[string]string
	Open   bool
}

type shipToRow struct {
	buyers.ShipTo
	shipToForm
}

// buyerInviteForm is the invitation form of a company's users.
type buyerInviteForm struct {
	Form  map[string]string
	Roles []buyerOption
}

// buyerShowState is what a handler adds to the detail page: the failed
// form, if any, with its values and messages.
type buyerShowState struct {
	ShipTo oroshi.ID // the ship-to whose edit form failed; 0 with NewShipTo
	Failed shipToForm
	New    bool // the failed form is the new ship-to one
	Invite map[string]string
	Errors map[string]string // Page.Errors: invite.* and users
}

// buyerShow: GET /buyers/{id}
func (s *Server) buyerShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderBuyerShow(w, r, http.StatusOK, buyerShowState{})
}

func (s *Server) renderBuyerShow(w http.ResponseWriter, r *http.Request, status int, st buyerShowState) error {
	rc := reqCtx(r)
	ctx, t := r.Context(), rc.tenant.ID
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.Buyers.Detail(ctx, t, id)
	if err != nil {
		return err
	}
	users, err := s.Buyers.BuyerUsers(ctx, t, id, buyerActor(r))
	if err != nil {
		return err
	}
	v := buyerShowView{Users: users, Invite: inviteForm(st.Invite), UsersURL: rc.base() + "/buyers/" + id.String() + "/users"}
	if v.Labels, v.Custom, err = s.buyerFieldsShown(r, d.Buyer); err != nil {
		return err
	}
	if v.Buyer, err = s.buyerWithGroup(r, d.Buyer); err != nil {
		return err
	}
	if v.Sales, err = s.buyerSalesSection(r, id, users); err != nil {
		return err
	}
	for _, sh := range d.ShipTos {
		row := shipToRow{ShipTo: sh, shipToForm: shipToForm{Form: shipToValues(sh)}}
		if !st.New && st.ShipTo == sh.ID {
			row.shipToForm = st.Failed
		}
		v.ShipTos = append(v.ShipTos, row)
	}
	if st.New {
		v.NewShipTo = st.Failed
	}
	return s.render(w, r, status, "admin/buyers/show", &Page{Title: "取引先の詳細", Data: v, Errors: st.Errors})
}

// buyerFieldsShown returns the seller's labels and the custom values of b.
func (s *Server) buyerFieldsShown(r *http.Request, b buyers.Buyer) (map[string]string, []staleValue, error) {
	labels, err := s.Fields.Labels(r.Context(), b.Tenant, customfields.EntityBuyer)
	if err != nil {
		return nil, nil, err
	}
	defs, err := s.Fields.Fields(r.Context(), b.Tenant, customfields.EntityBuyer)
	if err != nil {
		return nil, nil, err
	}
	custom := make([]staleValue, len(defs))
	for i, d := range defs {
		custom[i] = staleValue{d.Label, customfields.FormatCell(d, b.Custom[d.Key])}
	}
	return labels, custom, nil
}

func (s *Server) buyerWithGroup(r *http.Request, b buyers.Buyer) (buyerRow, error) {
	row := buyerRow{Buyer: b}
	if b.PriceGroupID == 0 {
		return row, nil
	}
	g, err := s.Buyers.PriceGroup(r.Context(), b.Tenant, b.PriceGroupID)
	row.GroupName = g.Name
	return row, err
}

func inviteForm(form map[string]string) buyerInviteForm {
	role := form["role"]
	if role == "" {
		role = identity.RolePurchaser
	}
	var roles []buyerOption
	for _, ro := range identity.RolesOf(identity.RealmShop) {
		roles = append(roles, buyerOption{ro, identity.RoleLabel(ro), ro == role})
	}
	return buyerInviteForm{Form: form, Roles: roles}
}

// buyerStatus: POST /buyers/{id}/status, status=suspended|active. A
// suspended company's users are signed out and cannot sign in.
func (s *Server) buyerStatus(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	switch r.PostFormValue("status") {
	case buyers.StatusSuspended:
		if err := s.Buyers.Suspend(r.Context(), rc.tenant.ID, id, buyerActor(r)); err != nil {
			return err
		}
		setFlash(w, "取引先を停止しました。ユーザーはログインできなくなります。")
	case buyers.StatusActive:
		if err := s.Buyers.Resume(r.Context(), rc.tenant.ID, id, buyerActor(r)); err != nil {
			return err
		}
		setFlash(w, "取引先を再開しました。")
	default:
		return errBadRequest
	}
	http.Redirect(w, r, rc.base()+"/buyers/"+id.String(), http.StatusSeeOther)
	return nil
}
