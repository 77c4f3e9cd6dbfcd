package api

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// Shop users of a buyer company: /api/v1/buyers/{id}/users.

// BuyerUser is a person of a buyer company who orders in the shop.
type BuyerUser struct {
	ID        string    `json:"id" doc:"ユーザーID"`
	BuyerID   string    `json:"buyer_id" doc:"取引先ID"`
	Email     string    `json:"email" doc:"メールアドレス（ログインID）"`
	Name      string    `json:"name" doc:"氏名"`
	Role      string    `json:"role" doc:"権限: buyer_admin（取引先管理者）, purchaser（発注担当者）, buyer_viewer（閲覧者）"`
	Status    string    `json:"status" doc:"状態: invited（招待中）, active（有効）, disabled（無効）"`
	CreatedAt time.Time `json:"created_at" doc:"登録日時（RFC 3339）"`
	UpdatedAt time.Time `json:"updated_at" doc:"更新日時（RFC 3339）"`
}

// BuyerUserInvite is the body of POST /api/v1/buyers/{id}/users.
type BuyerUserInvite struct {
	Email string `json:"email" doc:"メールアドレス。招待メール（パスワード設定のリンク、7日間有効）を送る"`
	Name  string `json:"name" doc:"氏名"`
	Role  string `json:"role" doc:"権限: buyer_admin, purchaser, buyer_viewer"`
}

func buyerUserOut(u identity.User) BuyerUser {
	return BuyerUser{ID: u.ID.String(), BuyerID: u.BuyerID.String(), Email: u.Email, Name: u.Name,
		Role: u.Role, Status: u.Status, CreatedAt: utc(u.CreatedAt), UpdatedAt: utc(u.UpdatedAt)}
}

// listBuyerUsers answers GET /api/v1/buyers/{id}/users (all on one page).
func (s *server) listBuyerUsers(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	buyerID, err := idParam(r, "id")
	if err != nil {
		return err
	}
	us, err := s.buyers.BuyerUsers(r.Context(), p.Tenant.ID, buyerID, actor)
	if err != nil {
		return err
	}
	out := List[BuyerUser]{Data: make([]BuyerUser, 0, len(us))}
	for _, u := range us {
		out.Data = append(out.Data, buyerUserOut(u))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// inviteBuyerUser answers POST /api/v1/buyers/{id}/users: the user is
// created as invited and an invitation is mailed. Inviting again an
// address still only invited to the same company mails a fresh link.
func (s *server) inviteBuyerUser(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	buyerID, err := s.buyerOfPath(r, p)
	if err != nil {
		return err
	}
	var in BuyerUserInvite
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, err := s.buyers.InviteBuyerUser(r.Context(), p.Tenant, buyerID, in.Email, in.Name, in.Role, actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, buyerUserOut(u))
	return nil
}

// disableBuyerUser answers POST /api/v1/buyers/{id}/users/{user_id}/disable.
func (s *server) disableBuyerUser(w http.ResponseWriter, r *http.Request) error {
	return s.setBuyerUserStatus(w, r, (*buyers.Service).DisableBuyerUser)
}

// enableBuyerUser answers POST /api/v1/buyers/{id}/users/{user_id}/enable.
func (s *server) enableBuyerUser(w http.ResponseWriter, r *http.Request) error {
	return s.setBuyerUserStatus(w, r, (*buyers.Service).EnableBuyerUser)
}

type buyerUserStatusFunc = func(*buyers.Service, context.Context, oroshi.TenantID, oroshi.ID, oroshi.ID, audit.Actor) error

func (s *server) setBuyerUserStatus(w http.ResponseWriter, r *http.Request, change buyerUserStatusFunc) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	buyerID, err := idParam(r, "id")
	if err != nil {
		return err
	}
	userID, err := idParam(r, "user_id")
	if err != nil {
		return err
	}
	if err := change(s.buyers, r.Context(), p.Tenant.ID, buyerID, userID, actor); err != nil {
		return err
	}
	us, err := s.buyers.BuyerUsers(r.Context(), p.Tenant.ID, buyerID, actor)
	if err != nil {
		return err
	}
	for _, u := range us {
		if u.ID == userID {
			writeJSON(w, http.StatusOK, buyerUserOut(u))
			return nil
		}
	}
	return fmt.Errorf("buyer %s user %s gone after its status changed: %w", buyerID, userID, oroshi.ErrNotFound)
}
