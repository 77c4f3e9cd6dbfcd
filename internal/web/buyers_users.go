package web

import (
	"net/http"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// The users of a buyer company: seller staff manage them on the buyer's
// page, and the company's own buyer admins under /{tenant}/company/users.
// The services check who may do what (buyers.Service.authorize); a buyer
// admin's company always comes from the session, never from the form.

func inviteValues(r *http.Request) map[string]string {
	return map[string]string{"email": strings.TrimSpace(r.PostFormValue("email")),
		"name": r.PostFormValue("name"), "role": r.PostFormValue("role")}
}

// inviteBuyerUser invites to company buyerID and says whether the form was
// refused (errs) or the invitation sent.
func (s *Server) inviteBuyerUser(r *http.Request, buyerID oroshi.ID, form map[string]string) (map[string]string, error) {
	rc := reqCtx(r)
	_, err := s.Buyers.InviteBuyerUser(r.Context(), *rc.tenant, buyerID, form["email"], form["name"], form["role"], buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		return prefixed("invite.", errs), nil
	}
	return nil, err
}

// setBuyerUserStatus enables or disables a user of company buyerID.
func (s *Server) setBuyerUserStatus(r *http.Request, buyerID oroshi.ID) (map[string]string, error) {
	rc := reqCtx(r)
	id, err := pathID(r, "uid")
	if err != nil {
		return nil, err
	}
	switch r.PostFormValue("status") {
	case identity.StatusDisabled:
		err = s.Buyers.DisableBuyerUser(r.Context(), rc.tenant.ID, buyerID, id, buyerActor(r))
	case identity.StatusActive:
		err = s.Buyers.EnableBuyerUser(r.Context(), rc.tenant.ID, buyerID, id, buyerActor(r))
	default:
		return nil, errBadRequest
	}
	if errs, ok := asFieldErrors(err); ok {
		return map[string]string{"users": firstMessage(errs)}, nil
	}
	return nil, err
}

func firstMessage(errs map[string]string) string {
	for _, m := range errs {
		return m
	}
	return ""
}

// buyerUserInvite: POST /buyers/{id}/users (seller staff)
func (s *Server) buyerUserInvite(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	form := inviteValues(r)
	errs, err := s.inviteBuyerUser(r, id, form)
	if err != nil {
		return err
	}
	if errs != nil {
		return s.renderBuyerShow(w, r, http.StatusUnprocessableEntity, buyerShowState{Invite: form, Errors: errs})
	}
	setFlash(w, "招待メールを送信しました。")
	http.Redirect(w, r, reqCtx(r).base()+"/buyers/"+id.String()+"#users", http.StatusSeeOther)
	return nil
}

// buyerUserStatus: POST /buyers/{id}/users/{uid}/status (seller staff)
func (s *Server) buyerUserStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	errs, err := s.setBuyerUserStatus(r, id)
	if err != nil {
		return err
	}
	if errs != nil {
		return s.renderBuyerShow(w, r, http.StatusUnprocessableEntity, buyerShowState{Errors: errs})
	}
	setFlash(w, "ユーザーの状態を変更しました。")
	http.Redirect(w, r, reqCtx(r).base()+"/buyers/"+id.String()+"#users", http.StatusSeeOther)
	return nil
}

type companyUsersView struct {
	Company  string
	Users    []identity.User
	UsersURL string
	Invite   buyerInviteForm
	Limits   companyLimitsView // 発注上限額 (shop_approvals.go)
}

// companyUsers: GET /{tenant}/company/users (buyer admins)
func (s *Server) companyUsers(w http.ResponseWriter, r *http.Request) error {
	return s.renderCompanyUsers(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderCompanyUsers(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) error {
	rc := reqCtx(r)
	b, err := s.Buyers.Buyer(r.Context(), rc.tenant.ID, rc.user.BuyerID)
	if err != nil {
		return err
	}
	users, err := s.Buyers.BuyerUsers(r.Context(), rc.tenant.ID, b.ID, buyerActor(r))
	if err != nil {
		return err
	}
	v := companyUsersView{Company: b.Name, Users: users, UsersURL: rc.base() + "/company/users", Invite: inviteForm(form)}
	if v.Limits, err = s.companyLimits(r, b.ID, users); err != nil {
		return err
	}
	return s.render(w, r, status, "shop/company/users", &Page{Title: "会社のユーザー", Data: v, Errors: errs})
}

// companyUserInvite: POST /{tenant}/company/users
func (s *Server) companyUserInvite(w http.ResponseWriter, r *http.Request) error {
	form := inviteValues(r)
	errs, err := s.inviteBuyerUser(r, reqCtx(r).user.BuyerID, form)
	if err != nil {
		return err
	}
	if errs != nil {
		return s.renderCompanyUsers(w, r, http.StatusUnprocessableEntity, form, errs)
	}
	setFlash(w, "招待メールを送信しました。")
	http.Redirect(w, r, reqCtx(r).base()+"/company/users", http.StatusSeeOther)
	return nil
}

// companyUserStatus: POST /{tenant}/company/users/{uid}/status
func (s *Server) companyUserStatus(w http.ResponseWriter, r *http.Request) error {
	errs, err := s.setBuyerUserStatus(r, reqCtx(r).user.BuyerID)
	if err != nil {
		return err
	}
	if errs != nil {
		return s.renderCompanyUsers(w, r, http.StatusUnprocessableEntity, nil, errs)
	}
	setFlash(w, "ユーザーの状態を変更しました。")
	http.Redirect(w, r, reqCtx(r).base()+"/company/users", http.StatusSeeOther)
	return nil
}
