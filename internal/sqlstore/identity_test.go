package sqlstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

const (
	tenantA oroshi.TenantID = 101
	tenantB oroshi.TenantID = 202
)

var sys = audit.Event{ActorRealm: audit.RealmSystem, Action: "テスト"}

// newUser stores a user directly (no password hashing: store tests only).
func newUser(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID, realm identity.Realm, role, email string, buyer oroshi.ID) identity.User {
	t.Helper()
	ev := sys
	ev.Tenant = tn
	u, err := s.CreateUser(context.Background(), identity.User{Tenant: tn, Realm: realm, Role: role, Email: email,
		Name: "山田 太郎", BuyerID: buyer, PasswordHash: "$argon2id$fake", Status: identity.StatusActive}, ev)
	if err != nil {
		t.Fatalf("create user %s in %s: %v", email, tn, err)
	}
	return u
}

func newBuyer(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID, code string) buyers.Buyer {
	t.Helper()
	ev := sys
	ev.Tenant = tn
	b, err := s.CreateBuyer(context.Background(), buyers.Buyer{Tenant: tn, Code: code, Name: "株式会社まるやま商店", Status: "active"}, ev)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// scopedCount counts rows with q (integers formatted in, no placeholders)
// as the application would see them in tenant tn: on PostgreSQL inside a
// transaction with app.tenant_id set, so row-level security applies.
func scopedCount(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID, q string) int {
	t.Helper()
	ctx := context.Background()
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if s.Engine() == "postgres" {
		if _, err := tx.ExecContext(ctx, `SELECT set_config('app.tenant_id', '`+tn.String()+`', true)`); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func outboxLen(t *testing.T, s *sqlstore.Store) int {
	t.Helper()
	m, err := s.Outbox(context.Background(), 500)
	if err != nil {
		t.Fatal(err)
	}
	return len(m)
}

func TestCreateUserUniquePerRealm(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		newUser(t, s, tenantA, identity.RealmAdmin, identity.RoleOwner, "taro@example.jp", 0)
		buyerA := newBuyer(t, s, tenantA, "B001")
		tests := []struct {
			name   string
			tenant oroshi.TenantID
			realm  identity.Realm
			buyer  oroshi.ID
			email  string
			want   error // nil: created
		}{
			{"same realm and tenant", tenantA, identity.RealmAdmin, 0, "taro@example.jp", oroshi.ErrConflict},
			{"same address in the shop realm", tenantA, identity.RealmShop, buyerA.ID, "taro@example.jp", nil},
			{"same address in another tenant", tenantB, identity.RealmAdmin, 0, "taro@example.jp", nil},
			{"same address as an operator", oroshi.PlatformTenant, identity.RealmOps, 0, "taro@example.jp", nil},
			{"shop duplicate", tenantA, identity.RealmShop, buyerA.ID, "taro@example.jp", oroshi.ErrConflict},
			{"other address", tenantA, identity.RealmAdmin, 0, "hanako@example.jp", nil},
		}
		for _, tt := range tests {
			ev := sys
			ev.Tenant = tt.tenant
			u, err := s.CreateUser(ctx, identity.User{Tenant: tt.tenant, Realm: tt.realm, BuyerID: tt.buyer,
				Email: tt.email, Name: "x", Role: "staff", Status: identity.StatusActive}, ev)
			switch {
			case tt.want == nil && (err != nil || u.ID == 0):
				t.Errorf("%s: CreateUser = %+v, %v; want a new user", tt.name, u, err)
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Errorf("%s: CreateUser err = %v, want %v", tt.name, err, tt.want)
			}
		}
		if n := scopedCount(t, s, tenantA, `SELECT count(*) FROM users WHERE tenant_id = 101`); n != 3 {
			t.Errorf("tenant A has %d users, want 3 (a conflict must write nothing)", n)
		}
	})
}

func TestUsersAreScopedByTenant(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		a := newUser(t, s, tenantA, identity.RealmAdmin, identity.RoleOwner, "owner@a.example", 0)
		b := newUser(t, s, tenantB, identity.RealmAdmin, identity.RoleOwner, "owner@b.example", 0)

		got, err := s.User(ctx, tenantA, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(a, got); diff != "" {
			t.Errorf("User round trip (-want +got):\n%s", diff)
		}
		if got, err := s.UserByEmail(ctx, tenantA, identity.RealmAdmin, "owner@a.example"); err != nil || got.ID != a.ID {
			t.Errorf("UserByEmail in own tenant = %v, %v", got.ID, err)
		}
		notFound := []struct {
			name string
			call func() error
		}{
			{"User of A asked in B", func() error { _, err := s.User(ctx, tenantB, a.ID); return err }},
			{"User of B asked in A", func() error { _, err := s.User(ctx, tenantA, b.ID); return err }},
			{"UserByEmail of A asked in B", func() error {
				_, err := s.UserByEmail(ctx, tenantB, identity.RealmAdmin, "owner@a.example")
				return err
			}},
			{"UserByEmail of A in another realm", func() error {
				_, err := s.UserByEmail(ctx, tenantA, identity.RealmShop, "owner@a.example")
				return err
			}},
			{"UserByEmail of A on the platform", func() error {
				_, err := s.UserByEmail(ctx, oroshi.PlatformTenant, identity.RealmOps, "owner@a.example")
				return err
			}},
			{"SetUserStatus of A from B", func() error {
				return s.SetUserStatus(ctx, tenantB, a.ID, identity.StatusDisabled, audit.Event{Tenant: tenantB, Action: "x"})
			}},
			{"SetTOTP of A from B", func() error { return s.SetTOTP(ctx, tenantB, a.ID, "sealed", true, nil) }},
		}
		for _, tt := range notFound {
			if err := tt.call(); !errors.Is(err, oroshi.ErrNotFound) {
				t.Errorf("%s: err = %v, want ErrNotFound", tt.name, err)
			}
		}
		list, err := s.Users(ctx, tenantB, identity.RealmAdmin)
		if err != nil || len(list) != 1 || list[0].ID != b.ID {
			t.Errorf("Users(B) = %+v, %v; want only B's owner", list, err)
		}
		if got, _ := s.User(ctx, tenantA, a.ID); got.Status != identity.StatusActive || got.TOTPEnabled {
			t.Errorf("a failed cross-tenant write changed A's user: %+v", got)
		}
	})
}

func newSession(t *testing.T, s *sqlstore.Store, u identity.User, id string) identity.Session {
	t.Helper()
	now := s.Now()
	ss := identity.Session{ID: id, Tenant: u.Tenant, Realm: u.Realm, UserID: u.ID, CSRFToken: "csrf-" + id,
		MFAPending: true, ClientAddr: "192.0.2.1", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(12 * time.Hour)}
	ev := sys
	ev.Tenant = u.Tenant
	if err := s.CreateSession(context.Background(), ss, ev); err != nil {
		t.Fatal(err)
	}
	return ss
}

func TestSessions(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		u := newUser(t, s, tenantA, identity.RealmAdmin, identity.RoleOwner, "owner@a.example", 0)
		op := newUser(t, s, oroshi.PlatformTenant, identity.RealmOps, identity.RoleOperator, "ops@oroshi.example", 0)
		ss := newSession(t, s, u, "sess-1")
		ops := newSession(t, s, op, "sess-ops")

		for _, want := range []identity.Session{ss, ops} {
			got, err := s.Session(ctx, want.Tenant, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Session round trip (-want +got):\n%s", diff)
			}
		}
		if _, err := s.Session(ctx, tenantB, ss.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("session of A read in B: %v, want ErrNotFound", err)
		}
		if _, err := s.Session(ctx, oroshi.PlatformTenant, ss.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("session of A read on the platform: %v, want ErrNotFound", err)
		}
		if _, err := s.Session(ctx, tenantA, ops.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("operator session read in A: %v, want ErrNotFound", err)
		}

		later := ss.LastSeenAt.Add(5 * time.Minute)
		if err := s.TouchSession(ctx, tenantA, ss.ID, later); err != nil {
			t.Fatal(err)
		}
		ev := sys
		ev.Tenant = tenantA
		if err := s.CompleteMFA(ctx, tenantA, ss.ID, ev); err != nil {
			t.Fatal(err)
		}
		got, err := s.Session(ctx, tenantA, ss.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.LastSeenAt.Equal(later) || got.MFAPending || !got.CreatedAt.Equal(ss.CreatedAt) {
			t.Errorf("after touch and MFA: last seen %v (want %v), mfa pending %v", got.LastSeenAt, later, got.MFAPending)
		}
		if err := s.CompleteMFA(ctx, tenantB, ss.ID, audit.Event{Tenant: tenantB, Action: "x"}); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("CompleteMFA from another tenant: %v, want ErrNotFound", err)
		}
		if err := s.CompleteMFA(ctx, tenantA, "nope", ev); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("CompleteMFA of unknown session: %v, want ErrNotFound", err)
		}
		if err := s.DeleteSession(ctx, tenantB, ss.ID, nil); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("DeleteSession from another tenant: %v, want ErrNotFound", err)
		}
		if err := s.DeleteSession(ctx, tenantA, ss.ID, &ev); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, tenantA, ss.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("deleted session: %v, want ErrNotFound", err)
		}
		if err := s.DeleteSession(ctx, tenantA, ss.ID, nil); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("second delete: %v, want ErrNotFound", err)
		}
		if _, err := s.Session(ctx, oroshi.PlatformTenant, ops.ID); err != nil {
			t.Errorf("deleting A's session touched the operator's: %v", err)
		}
	})
}

func TestDisablingUserEndsSessions(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		u := newUser(t, s, tenantA, identity.RealmAdmin, identity.RoleStaff, "staff@a.example", 0)
		other := newUser(t, s, tenantA, identity.RealmAdmin, identity.RoleStaff, "other@a.example", 0)
		newSession(t, s, u, "s1")
		newSession(t, s, u, "s2")
		keep := newSession(t, s, other, "s3")
		if err := s.SetUserStatus(ctx, tenantA, u.ID, identity.StatusDisabled, audit.Event{Tenant: tenantA, Action: "x"}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"s1", "s2"} {
			if _, err := s.Session(ctx, tenantA, id); !errors.Is(err, oroshi.ErrNotFound) {
				t.Errorf("session %s of a disabled user: %v, want ErrNotFound", id, err)
			}
		}
		if _, err := s.Session(ctx, tenantA, keep.ID); err != nil {
			t.Errorf("another user's session ended: %v", err)
		}
		if got, _ := s.User(ctx, tenantA, u.ID); got.Status != identity.StatusDisabled {
			t.Errorf("status = %q, want disabled", got.Status)
		}
	})
}

func newToken(t *testing.T, s *sqlstore.Store, u identity.User, id, purpose string, expires time.Time) {
	t.Helper()
	m := notify.Mail{Tenant: u.Tenant, To: u.Email, Subject: "【テスト】ご案内", Text: "リンク: http://example.test/x/" + id}
	tok := identity.Token{ID: id, Tenant: u.Tenant, UserID: u.ID, Purpose: purpose, ExpiresAt: expires, CreatedAt: s.Now()}
	if err := s.CreateToken(context.Background(), tok, m); err != nil {
		t.Fatal(err)
	}
}

func TestCreateTokenQueuesOneMail(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		u := newUser(t, s, tenantA, identity.RealmAdmin, identity.RoleStaff, "staff@a.example", 0)
		exp := s.Now().Add(time.Hour)
		newToken(t, s, u, "tok-1", identity.PurposeReset, exp)
		mails, err := s.Outbox(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(mails) != 1 || mails[0].To != u.Email || mails[0].Tenant != tenantA || !strings.Contains(mails[0].Text, "tok-1") {
			t.Fatalf("outbox after one token = %+v, want one mail to %s", mails, u.Email)
		}
		tok, err := s.Token(ctx, tenantA, "tok-1")
		if err != nil {
			t.Fatal(err)
		}
		want := identity.Token{ID: "tok-1", Tenant: tenantA, UserID: u.ID, Purpose: identity.PurposeReset, ExpiresAt: exp, CreatedAt: tok.CreatedAt}
		if diff := cmp.Diff(want, tok); diff != "" {
			t.Errorf("Token round trip (-want +got):\n%s", diff)
		}
		if _, err := s.Token(ctx, tenantB, "tok-1"); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("token of A read in B: %v, want ErrNotFound", err)
		}

		// All or nothing: a token that cannot be stored sends no mail, and
		// a mail that cannot be queued leaves no token.
		failing := []struct {
			name string
			tok  identity.Token
			mail notify.Mail
		}{
			{"duplicate token", identity.Token{ID: "tok-1", Tenant: tenantA, UserID: u.ID, Purpose: identity.PurposeReset, ExpiresAt: exp, CreatedAt: s.Now()},
				notify.Mail{Tenant: tenantA, To: u.Email, Subject: "件名", Text: "本文"}},
			{"unknown user", identity.Token{ID: "tok-2", Tenant: tenantA, UserID: 999, Purpose: identity.PurposeReset, ExpiresAt: exp, CreatedAt: s.Now()},
				notify.Mail{Tenant: tenantA, To: u.Email, Subject: "件名", Text: "本文"}},
			{"invalid mail", identity.Token{ID: "tok-3", Tenant: tenantA, UserID: u.ID, Purpose: identity.PurposeReset, ExpiresAt: exp, CreatedAt: s.Now()},
				notify.Mail{Tenant: tenantA, To: "", Subject: "件名", Text: "本文"}},
		}
		for _, tt := range failing {
			if err := s.CreateToken(ctx, tt.tok, tt.mail); err == nil {
				t.Errorf("%s: CreateToken succeeded", tt.name)
			}
			if tt.tok.ID != "tok-1" {
				if _, err := s.Token(ctx, tenantA, tt.tok.ID); !errors.Is(err, oroshi.ErrNotFound) {
					t.Errorf("%s: token stored anyway (%v)", tt.name, err)
				}
			}
		}
		if n := outboxLen(t, s); n != 1 {
			t.Errorf("outbox has %d mails after failed CreateToken calls, want 1", n)
		}
	})
}

func TestRedeemToken(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		now := s.Now()
		ev := audit.Event{Tenant: tenantA, ActorRealm: audit.RealmSystem, Action: "パスワード（再設定）"}

		invited := newUser(t, s, tenantA, identity.RealmAdmin, identity.RoleStaff, "new@a.example", 0)
		if err := s.SetUserStatus(ctx, tenantA, invited.ID, identity.StatusInvited, ev); err != nil {
			t.Fatal(err)
		}
		newSession(t, s, invited, "inv-sess")
		newToken(t, s, invited, "invite-ok", identity.PurposeInvite, now.Add(time.Hour))

		u, err := s.RedeemToken(ctx, tenantA, "invite-ok", identity.PurposeInvite, "$argon2id$new", now, ev)
		if err != nil {
			t.Fatal(err)
		}
		if u.ID != invited.ID || u.Status != identity.StatusActive || u.PasswordHash != "$argon2id$new" {
			t.Errorf("redeemed user = %+v, want active with the new hash", u)
		}
		if got, _ := s.User(ctx, tenantA, invited.ID); got.Status != identity.StatusActive || got.PasswordHash != "$argon2id$new" {
			t.Errorf("stored user after redeem = %+v", got)
		}
		if _, err := s.Session(ctx, tenantA, "inv-sess"); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("session survived the redeem: %v", err)
		}
		if tok, err := s.Token(ctx, tenantA, "invite-ok"); err != nil || tok.UsedAt == nil {
			t.Errorf("token after redeem = %+v, %v; want used", tok, err)
		}

		staff := newUser(t, s, tenantA, identity.RealmAdmin, identity.RoleStaff, "staff@a.example", 0)
		disabled := newUser(t, s, tenantA, identity.RealmAdmin, identity.RoleStaff, "gone@a.example", 0)
		if err := s.SetUserStatus(ctx, tenantA, disabled.ID, identity.StatusDisabled, ev); err != nil {
			t.Fatal(err)
		}
		newToken(t, s, staff, "expired", identity.PurposeReset, now.Add(-time.Second))
		newToken(t, s, staff, "at-expiry", identity.PurposeReset, now)
		newToken(t, s, staff, "reset-ok", identity.PurposeReset, now.Add(time.Hour))
		newToken(t, s, disabled, "disabled", identity.PurposeReset, now.Add(time.Hour))

		failing := []struct {
			name, id, purpose string
			tenant            oroshi.TenantID
		}{
			{"used twice", "invite-ok", identity.PurposeInvite, tenantA},
			{"expired", "expired", identity.PurposeReset, tenantA},
			{"expiring now", "at-expiry", identity.PurposeReset, tenantA},
			{"other purpose", "reset-ok", identity.PurposeInvite, tenantA},
			{"other tenant", "reset-ok", identity.PurposeReset, tenantB},
			{"unknown", "nope", identity.PurposeReset, tenantA},
			{"disabled user", "disabled", identity.PurposeReset, tenantA},
		}
		for _, tt := range failing {
			e := ev
			e.Tenant = tt.tenant
			if _, err := s.RedeemToken(ctx, tt.tenant, tt.id, tt.purpose, "$argon2id$evil", now, e); !errors.Is(err, oroshi.ErrNotFound) {
				t.Errorf("%s: RedeemToken err = %v, want ErrNotFound", tt.name, err)
			}
		}
		for _, id := range []string{"reset-ok", "disabled"} {
			if tok, err := s.Token(ctx, tenantA, id); err != nil || tok.UsedAt != nil {
				t.Errorf("token %s after failed redeems = %+v, %v; want unused", id, tok, err)
			}
		}
		for _, id := range []oroshi.ID{staff.ID, disabled.ID, invited.ID} {
			if got, _ := s.User(ctx, tenantA, id); got.PasswordHash == "$argon2id$evil" {
				t.Errorf("a failed redeem set the password of %s", got.Email)
			}
		}
		if got, _ := s.User(ctx, tenantA, disabled.ID); got.Status != identity.StatusDisabled {
			t.Errorf("a reset link re-activated a disabled user: %q", got.Status)
		}
		if _, err := s.RedeemToken(ctx, tenantA, "reset-ok", identity.PurposeReset, "$argon2id$reset", now, ev); err != nil {
			t.Errorf("valid reset token: %v", err)
		}
	})
}

// TestSessionUser: the session and its user in one read, with the same
// tenant walls as Session; the user's password hash and TOTP secret stay
// in the database.
func TestSessionUser(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		u := newUser(t, s, tenantA, identity.RealmAdmin, identity.RoleOwner, "owner@a.example", 0)
		op := newUser(t, s, oroshi.PlatformTenant, identity.RealmOps, identity.RoleOperator, "ops@oroshi.example", 0)
		ss, ops := newSession(t, s, u, "sess-1"), newSession(t, s, op, "sess-ops")
		for _, want := range []struct {
			ss identity.Session
			u  identity.User
		}{{ss, u}, {ops, op}} {
			gotS, gotU, err := s.SessionUser(ctx, want.ss.Tenant, want.ss.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.ss, gotS); diff != "" {
				t.Errorf("session (-want +got):\n%s", diff)
			}
			if want.u.PasswordHash == "" {
				t.Fatal("the test user has no password hash: the check below proves nothing")
			}
			secretless := want.u
			secretless.PasswordHash, secretless.TOTPSecret = "", ""
			if diff := cmp.Diff(secretless, gotU); diff != "" {
				t.Errorf("user, without its secrets (-want +got):\n%s", diff)
			}
		}
		for _, tt := range []struct {
			name string
			t    oroshi.TenantID
			id   string
		}{
			{"A's session read in B", tenantB, ss.ID},
			{"A's session read on the platform", oroshi.PlatformTenant, ss.ID},
			{"the operator's session read in A", tenantA, ops.ID},
			{"an unknown session", tenantA, "nope"},
		} {
			if _, _, err := s.SessionUser(ctx, tt.t, tt.id); !errors.Is(err, oroshi.ErrNotFound) {
				t.Errorf("%s: %v, want ErrNotFound", tt.name, err)
			}
		}
	})
}
