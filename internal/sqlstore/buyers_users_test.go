package sqlstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// buyerUsersWorld is a tenant with two buyer companies and people acting.
type buyerUsersWorld struct {
	s                   *sqlstore.Store
	svc                 *buyers.Service
	tn                  tenancy.Tenant
	a1, a2              buyers.Buyer
	staff, viewer       audit.Actor // seller staff
	admin1, purchaser1  audit.Actor // people of a1
	admin1User, buyer2U identity.User
}

func actorOf(u identity.User) audit.Actor {
	return audit.Actor{Realm: string(u.Realm), ID: u.ID, ClientAddr: "192.0.2.20"}
}

func newBuyerUsersWorld(t *testing.T, s *sqlstore.Store) *buyerUsersWorld {
	t.Helper()
	ctx := context.Background()
	tn, err := (&tenancy.Service{Store: s}).Create(ctx, "sakura", "さくら食品株式会社")
	if err != nil {
		t.Fatal(err)
	}
	ids := identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test/", 30*time.Minute, 12*time.Hour)
	w := &buyerUsersWorld{s: s, svc: &buyers.Service{Store: s, Identity: ids}, tn: tn}
	w.a1 = mustBuyer(t, w.svc, buyers.Buyer{Tenant: tn.ID, Code: "A1", Name: "株式会社まるやま商店"})
	w.a2 = mustBuyer(t, w.svc, buyers.Buyer{Tenant: tn.ID, Code: "A2", Name: "海鮮居酒屋かもめ"})
	w.staff = actorOf(newUser(t, s, tn.ID, identity.RealmAdmin, identity.RoleStaff, "tanaka@sakura.example", 0))
	w.viewer = actorOf(newUser(t, s, tn.ID, identity.RealmAdmin, identity.RoleViewer, "suzuki@sakura.example", 0))
	w.admin1User = newUser(t, s, tn.ID, identity.RealmShop, identity.RoleBuyerAdmin, "yamada@maruyama.example", w.a1.ID)
	w.admin1 = actorOf(w.admin1User)
	w.purchaser1 = actorOf(newUser(t, s, tn.ID, identity.RealmShop, identity.RolePurchaser, "sato@maruyama.example", w.a1.ID))
	w.buyer2U = newUser(t, s, tn.ID, identity.RealmShop, identity.RolePurchaser, "kobayashi@kamome.example", w.a2.ID)
	return w
}

func TestInviteBuyerUser(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newBuyerUsersWorld(t, s)
		mails := outboxLen(t, s)
		u, err := w.svc.InviteBuyerUser(ctx, w.tn, w.a1.ID, "Ito@Maruyama.example", "伊藤 さくら", identity.RolePurchaser, w.staff)
		if err != nil {
			t.Fatal(err)
		}
		if u.BuyerID != w.a1.ID || u.Realm != identity.RealmShop || u.Status != identity.StatusInvited || u.Email != "ito@maruyama.example" {
			t.Errorf("invited %+v", u)
		}
		if n := outboxLen(t, s); n != mails+1 {
			t.Errorf("%d mails queued, want 1", n-mails)
		}
		u2, err := w.svc.InviteBuyerUser(ctx, w.tn, w.a1.ID, "kato@maruyama.example", "加藤 一郎", identity.RoleBuyerView, w.admin1)
		if err != nil {
			t.Fatalf("buyer admin inviting to its own company: %v", err)
		}
		var text string
		outbox, _ := s.Outbox(ctx, 50)
		for _, m := range outbox {
			if strings.Contains(m.To, "kato@maruyama.example") {
				text = m.Text
			}
		}
		if !strings.Contains(text, "株式会社まるやま商店 山田 太郎様より") {
			t.Errorf("the mail should name the inviting buyer admin:\n%s", text)
		}
		again, err := w.svc.InviteBuyerUser(ctx, w.tn, w.a1.ID, "kato@maruyama.example", "加藤 一郎", identity.RoleBuyerView, w.staff)
		if err != nil || again.ID != u2.ID {
			t.Errorf("inviting an invited user again: %+v, %v (want a new mail for the same user)", again, err)
		}
		_, err = w.svc.InviteBuyerUser(ctx, w.tn, w.a2.ID, "kato@maruyama.example", "加藤 一郎", identity.RoleBuyerView, w.staff)
		wantField(t, err, "email", "このメールアドレスは既に登録されています")
		_, err = w.svc.InviteBuyerUser(ctx, w.tn, w.a1.ID, "bad", "x", "owner", w.staff)
		wantField(t, err, "role", "権限の指定が正しくありません")
		if err := w.svc.Suspend(ctx, w.tn.ID, w.a2.ID, w.staff); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.InviteBuyerUser(ctx, w.tn, w.a2.ID, "new@kamome.example", "x", identity.RolePurchaser, w.staff)
		wantField(t, err, "buyer", "停止中の取引先にはユーザーを招待できません")
		if n := outboxLen(t, s); n != mails+3 {
			t.Errorf("%d mails queued, want 3", n-mails)
		}
	})
}

func TestBuyerUserScoping(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newBuyerUsersWorld(t, s)
		other := actorOf(newUser(t, s, tenantB, identity.RealmAdmin, identity.RoleOwner, "owner@other.example", 0))
		users := scopedCount(t, s, w.tn.ID, "SELECT count(*) FROM users")
		forbidden := []struct {
			name  string
			buyer oroshi.ID
			actor audit.Actor
		}{
			{"seller viewer", w.a1.ID, w.viewer},
			{"buyer admin, other company", w.a2.ID, w.admin1},
			{"purchaser, own company", w.a1.ID, w.purchaser1},
			{"staff of another tenant", w.a1.ID, other},
			{"operator realm", w.a1.ID, audit.Actor{Realm: audit.RealmOps, ID: 1}},
			{"admin realm claiming a shop user", w.a1.ID, audit.Actor{Realm: audit.RealmAdmin, ID: w.admin1.ID}},
		}
		for _, f := range forbidden {
			_, err := w.svc.InviteBuyerUser(ctx, w.tn, f.buyer, "x@example.jp", "x", identity.RolePurchaser, f.actor)
			if !errors.Is(err, oroshi.ErrForbidden) {
				t.Errorf("%s invites: %v, want ErrForbidden", f.name, err)
			}
			if err := w.svc.DisableBuyerUser(ctx, w.tn.ID, f.buyer, w.buyer2U.ID, f.actor); !errors.Is(err, oroshi.ErrForbidden) {
				t.Errorf("%s disables: %v, want ErrForbidden", f.name, err)
			}
		}
		if n := scopedCount(t, s, w.tn.ID, "SELECT count(*) FROM users"); n != users {
			t.Errorf("forbidden invitations created %d users", n-users)
		}
		if _, err := w.svc.BuyerUsers(ctx, w.tn.ID, w.a2.ID, w.admin1); !errors.Is(err, oroshi.ErrForbidden) {
			t.Errorf("buyer admin lists another company: %v", err)
		}
		list, err := w.svc.BuyerUsers(ctx, w.tn.ID, w.a1.ID, w.admin1)
		if err != nil || len(list) != 2 || list[0].Email != "sato@maruyama.example" {
			t.Errorf("own company's users: %+v, %v", list, err)
		}
		if list, err := w.svc.BuyerUsers(ctx, w.tn.ID, w.a2.ID, w.viewer); err != nil || len(list) != 1 {
			t.Errorf("seller viewer lists a2: %+v, %v", list, err)
		}
		// A user of a2 is not found through a1, even for seller staff.
		if err := w.svc.DisableBuyerUser(ctx, w.tn.ID, w.a1.ID, w.buyer2U.ID, w.staff); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("disable through the wrong company: %v", err)
		}
		err = w.svc.DisableBuyerUser(ctx, w.tn.ID, w.a1.ID, w.admin1.ID, w.admin1)
		wantField(t, err, "user", "自分自身の状態は変更できません")
		if err := w.svc.DisableBuyerUser(ctx, w.tn.ID, w.a1.ID, w.purchaser1.ID, w.admin1); err != nil {
			t.Fatalf("buyer admin disables own company's user: %v", err)
		}
		if u, _ := s.User(ctx, w.tn.ID, w.purchaser1.ID); u.Status != identity.StatusDisabled {
			t.Errorf("status %s after disable", u.Status)
		}
		if err := w.svc.EnableBuyerUser(ctx, w.tn.ID, w.a1.ID, w.purchaser1.ID, w.admin1); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.DisableBuyerUser(ctx, w.tn.ID, w.a2.ID, w.buyer2U.ID, w.staff); err != nil {
			t.Errorf("seller staff disables a2's user: %v", err)
		}
		if u, _ := s.User(ctx, w.tn.ID, w.purchaser1.ID); u.Status != identity.StatusActive {
			t.Errorf("status %s after enable", u.Status)
		}
	})
}

func TestSuspendBuyer(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newBuyerUsersWorld(t, s)
		newSession(t, s, w.admin1User, "sess-a1")
		newSession(t, s, w.buyer2U, "sess-a2")
		if err := w.svc.CheckSignIn(ctx, w.tn.ID, w.a1.ID); err != nil {
			t.Errorf("active buyer: %v", err)
		}
		if err := w.svc.Suspend(ctx, w.tn.ID, w.a1.ID, w.staff); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Suspend(ctx, w.tn.ID, w.a1.ID, w.staff); err != nil { // again: nothing to do
			t.Fatal(err)
		}
		if err := w.svc.CheckSignIn(ctx, w.tn.ID, w.a1.ID); !errors.Is(err, oroshi.ErrUnauthorized) {
			t.Errorf("suspended buyer: %v, want ErrUnauthorized", err)
		}
		if err := w.svc.CheckSignIn(ctx, w.tn.ID, 424242); !errors.Is(err, oroshi.ErrUnauthorized) {
			t.Errorf("missing buyer: %v, want ErrUnauthorized", err)
		}
		if _, err := s.Session(ctx, w.tn.ID, "sess-a1"); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("session of a suspended buyer's user survived: %v", err)
		}
		if _, err := s.Session(ctx, w.tn.ID, "sess-a2"); err != nil {
			t.Errorf("another company's session ended: %v", err)
		}
		if err := w.svc.Resume(ctx, w.tn.ID, w.a1.ID, w.staff); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.CheckSignIn(ctx, w.tn.ID, w.a1.ID); err != nil {
			t.Errorf("resumed buyer: %v", err)
		}
		var actions []string
		for _, e := range buyerAudit(t, s, w.tn.ID) {
			if e.TargetType == "buyer" && e.TargetID == w.a1.ID.String() {
				actions = append(actions, e.Action)
			}
		}
		if strings.Join(actions, ",") != "顧客データ（作成）,顧客データ（停止）,顧客データ（再開）" {
			t.Errorf("events %v", actions)
		}
	})
}
