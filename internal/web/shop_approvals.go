package web

import (
	"errors"
	"net/http"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// 社内承認 (buyer-side approval): a buyer admin sees the company's orders
// waiting for it and approves them (they go to the seller) or rejects them
// with a reason; on the company users page the admin sets each user's
// 発注上限額. The sales service checks the admin and the company.

type shopApprovalsView struct {
	Orders  []shopApprovalRow
	Enabled bool // the seller turned 社内承認 on for this company
	Reason  map[string]string
	URL     string
}

type shopApprovalRow struct {
	shopOrderRow
	ID                    string
	PlacedBy              string
	ApproveURL, RejectURL string
}

// shopApprovals: GET /{tenant}/approvals
func (s *Server) shopApprovals(w http.ResponseWriter, r *http.Request) error {
	return s.renderApprovals(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderApprovals(w http.ResponseWriter, r *http.Request, status int, reasons, errs map[string]string) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	rc := reqCtx(r)
	base := rc.base()
	list, err := s.Sales.BuyerOrders(r.Context(), u.Tenant, u.BuyerID, sales.Filter{Status: sales.StatusBuyerApproval, Limit: sales.MaxPageSize})
	if err != nil {
		return err
	}
	bs, err := s.Sales.BuyerSettings(r.Context(), u.Tenant, u.BuyerID)
	if err != nil {
		return err
	}
	users, err := s.Buyers.BuyerUsers(r.Context(), u.Tenant, u.BuyerID, buyerActor(r))
	if err != nil {
		return err
	}
	names := make(map[oroshi.ID]string, len(users))
	for _, x := range users {
		names[x.ID] = x.Name
	}
	v := shopApprovalsView{Enabled: bs.BuyerApproval, Reason: reasons, URL: base + "/approvals"}
	for _, o := range list.Orders {
		id := o.ID.String()
		v.Orders = append(v.Orders, shopApprovalRow{shopOrderRow: newShopOrderRow(base, rc.lang, o), ID: id,
			PlacedBy: names[o.PlacedBy], ApproveURL: v.URL + "/" + id + "/approve", RejectURL: v.URL + "/" + id + "/reject"})
	}
	return s.render(w, r, status, "shop/approvals/index", &Page{Title: "承認待ちの注文", Data: v, Errors: errs})
}

// shopApprove: POST /{tenant}/approvals/{id}/approve
func (s *Server) shopApprove(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Sales.BuyerApprove(r.Context(), u.Tenant, u.BuyerID, id, buyerActor(r)); err != nil {
		return s.approvalRefused(w, r, id, err, nil)
	}
	setFlash(w, "注文を承認しました。発注先に送信されます。")
	http.Redirect(w, r, reqCtx(r).base()+"/approvals", http.StatusSeeOther)
	return nil
}

// shopReject: POST /{tenant}/approvals/{id}/reject (reason)
func (s *Server) shopReject(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	reason := r.PostFormValue("reason")
	if _, err := s.Sales.BuyerReject(r.Context(), u.Tenant, u.BuyerID, id, reason, buyerActor(r)); err != nil {
		return s.approvalRefused(w, r, id, err, map[string]string{id.String(): reason})
	}
	setFlash(w, "注文を否認しました。")
	http.Redirect(w, r, reqCtx(r).base()+"/approvals", http.StatusSeeOther)
	return nil
}

// approvalRefused shows the list again with the refusal beside the order:
// a missing reason, or an order someone else has handled meanwhile.
func (s *Server) approvalRefused(w http.ResponseWriter, r *http.Request, id oroshi.ID, err error, reasons map[string]string) error {
	key := "order." + id.String()
	if fields, ok := asFieldErrors(err); ok {
		return s.renderApprovals(w, r, http.StatusUnprocessableEntity, reasons, map[string]string{key: firstMessage(fields)})
	}
	var p interface{ Message() string }
	if errors.As(err, &p) {
		return s.renderApprovals(w, r, http.StatusConflict, reasons, map[string]string{"form": p.Message()})
	}
	return err
}

// companyLimitsView is the 発注上限額 section of the company users page.
type companyLimitsView struct {
	Enabled bool // 社内承認 is on for the company
	Users   []companyLimitRow
}

type companyLimitRow struct {
	ID, Name, Email, Role string
	Limit                 int64
	URL                   string
}

// companyLimits lists the limits of the company's purchasers (the only
// users whose orders wait for approval).
func (s *Server) companyLimits(r *http.Request, buyerID oroshi.ID, users []identity.User) (companyLimitsView, error) {
	rc := reqCtx(r)
	if s.Sales == nil {
		return companyLimitsView{}, nil
	}
	bs, err := s.Sales.BuyerSettings(r.Context(), rc.tenant.ID, buyerID)
	if err != nil {
		return companyLimitsView{}, err
	}
	v := companyLimitsView{Enabled: bs.BuyerApproval}
	for _, u := range users {
		if u.Role != identity.RolePurchaser {
			continue
		}
		ul, err := s.Sales.UserLimit(r.Context(), rc.tenant.ID, u.ID)
		if err != nil {
			return companyLimitsView{}, err
		}
		v.Users = append(v.Users, companyLimitRow{ID: u.ID.String(), Name: u.Name, Email: u.Email, Role: u.Role,
			Limit: int64(ul.OrderLimit), URL: rc.base() + "/company/users/" + u.ID.String() + "/limit"})
	}
	return v, nil
}

// companyUserLimit: POST /{tenant}/company/users/{uid}/limit (order_limit)
func (s *Server) companyUserLimit(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	uid, err := pathID(r, "uid")
	if err != nil {
		return err
	}
	key := "limit." + uid.String()
	text := strings.NewReplacer(",", "", "円", "", "¥", "", " ", "").Replace(norm.NFKC.String(strings.TrimSpace(r.PostFormValue("order_limit"))))
	if text == "" {
		text = "0"
	}
	n, ok := formQuantity(text)
	if !ok {
		return s.renderCompanyUsers(w, r, http.StatusUnprocessableEntity, nil,
			map[string]string{key: "発注上限額は0円以上（0は上限なし）で入力してください"})
	}
	err = s.Sales.SaveCompanyUserLimit(r.Context(), rc.tenant.ID, rc.user.BuyerID,
		sales.UserLimit{UserID: uid, OrderLimit: oroshi.Yen(n)}, buyerActor(r))
	if fields, ok := asFieldErrors(err); ok {
		return s.renderCompanyUsers(w, r, http.StatusUnprocessableEntity, nil, map[string]string{key: firstMessage(fields)})
	}
	if err != nil {
		return err
	}
	setFlash(w, "発注上限額を保存しました。")
	http.Redirect(w, r, rc.base()+"/company/users#limits", http.StatusSeeOther)
	return nil
}
