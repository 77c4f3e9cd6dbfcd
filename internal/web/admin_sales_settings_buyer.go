package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// A buyer company's ordering settings and its purchasers' order limits, a
// section of the buyer's page (buyers_show.go).

type buyerSalesView struct {
	Settings   sales.BuyerSettings
	Approvers  []buyerOption // active seller staff who may act on orders
	Purchasers []purchaserLimit
}

type purchaserLimit struct {
	identity.User
	Limit oroshi.Yen
}

// buyerSalesSection loads the section for company buyerID, whose users
// are users.
func (s *Server) buyerSalesSection(r *http.Request, buyerID oroshi.ID, users []identity.User) (buyerSalesView, error) {
	ctx, t := r.Context(), reqCtx(r).tenant.ID
	bs, err := s.Sales.BuyerSettings(ctx, t, buyerID)
	if err != nil {
		return buyerSalesView{}, err
	}
	v := buyerSalesView{Settings: bs}
	staff, err := s.Identity.Store.Users(ctx, t, identity.RealmAdmin)
	if err != nil {
		return buyerSalesView{}, err
	}
	for _, u := range staff {
		usable := u.Status == identity.StatusActive && identity.Can(u.Realm, u.Role, identity.PermAdminEdit)
		if usable || u.ID == bs.ApproverUserID {
			v.Approvers = append(v.Approvers, buyerOption{Value: u.ID.String(), Label: u.Name + "（" + u.Email + "）",
				Selected: u.ID == bs.ApproverUserID})
		}
	}
	for _, u := range users {
		if u.Role != identity.RolePurchaser {
			continue
		}
		ul, err := s.Sales.UserLimit(ctx, t, u.ID)
		if err != nil {
			return buyerSalesView{}, err
		}
		v.Purchasers = append(v.Purchasers, purchaserLimit{User: u, Limit: ul.OrderLimit})
	}
	return v, nil
}

// buyerSalesSave: POST /buyers/{id}/sales-settings, auto_approve=on,
// buyer_approval=on, approver_user_id=ID or "".
func (s *Server) buyerSalesSave(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	bs := sales.BuyerSettings{BuyerID: id, AutoApprove: r.PostFormValue("auto_approve") == "on",
		BuyerApproval: r.PostFormValue("buyer_approval") == "on"}
	if raw := r.PostFormValue("approver_user_id"); raw != "" {
		if bs.ApproverUserID, err = oroshi.ParseID(raw); err != nil {
			return fmt.Errorf("approver %q: %w", raw, errBadRequest)
		}
	}
	err = s.Sales.SaveBuyerSettings(r.Context(), rc.tenant.ID, bs, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		return s.renderBuyerShow(w, r, http.StatusUnprocessableEntity, buyerShowState{Errors: prefixed("sales.", errs)})
	}
	if err != nil {
		return err
	}
	setFlash(w, "取引先の注文設定を保存しました。")
	http.Redirect(w, r, rc.base()+"/buyers/"+id.String()+"#sales", http.StatusSeeOther)
	return nil
}

// buyerUserLimitSave: POST /buyers/{id}/users/{uid}/order-limit,
// order_limit=yen (tax included; empty or 0: no limit). The user must be
// one of the company's.
func (s *Server) buyerUserLimitSave(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	uid, err := pathID(r, "uid")
	if err != nil {
		return err
	}
	if err := s.companyUser(r, id, uid); err != nil {
		return err
	}
	limit, ok := parseYen(r.PostFormValue("order_limit"))
	if ok {
		err = s.Sales.SaveUserLimit(r.Context(), rc.tenant.ID, sales.UserLimit{UserID: uid, OrderLimit: limit}, buyerActor(r))
	} else {
		err = oroshi.Invalid("order_limit", "発注上限額は0円以上（0は上限なし）で入力してください")
	}
	if errs, ok := asFieldErrors(err); ok {
		return s.renderBuyerShow(w, r, http.StatusUnprocessableEntity,
			buyerShowState{Errors: map[string]string{"limit." + uid.String(): firstMessage(errs)}})
	}
	if err != nil {
		return err
	}
	setFlash(w, "発注上限額を保存しました。")
	http.Redirect(w, r, rc.base()+"/buyers/"+id.String()+"#sales", http.StatusSeeOther)
	return nil
}

// companyUser checks that uid is a user of company buyerID (else 404).
func (s *Server) companyUser(r *http.Request, buyerID, uid oroshi.ID) error {
	users, err := s.Buyers.BuyerUsers(r.Context(), reqCtx(r).tenant.ID, buyerID, buyerActor(r))
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.ID == uid {
			return nil
		}
	}
	return fmt.Errorf("user %s of buyer %s: %w", uid, buyerID, oroshi.ErrNotFound)
}

// parseYen reads an amount of yen as people type it: 50000, 50,000,
// ５００００, ¥50,000, 50,000円; empty is 0. ok is false for anything else.
func parseYen(text string) (oroshi.Yen, bool) {
	t := strings.TrimSpace(width.Narrow.String(text))
	t = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(t, "¥"), "\\"), "円")
	t = strings.ReplaceAll(t, ",", "")
	if t == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return 0, false
	}
	return oroshi.Yen(n), true
}
