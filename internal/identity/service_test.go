package identity_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

const password = "kaisha-no-hikidashi-42"

// passwordHash is hashed once for the whole package: argon2id costs ~50 ms.
var passwordHash = sync.OnceValue(func() string {
	h, err := identity.HashPassword(password)
	if err != nil {
		panic(err)
	}
	return h
})

// clock is a controllable Service.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fixture is one scenario's world: its own tenant, service, clock and
// client addresses (lock keys of addresses are global), on a store shared
// by the scenarios of one engine.
type fixture struct {
	s           *sqlstore.Store
	svc         *identity.Service
	clk         *clock
	tenant      tenancy.Tenant
	buyer       buyers.Buyer
	addr, addr2 string
}

var system = audit.Actor{Realm: audit.RealmSystem}

func setup(t *testing.T, s *sqlstore.Store, n int) *fixture {
	t.Helper()
	ctx := context.Background()
	tn, err := (&tenancy.Service{Store: s}).Create(ctx, fmt.Sprintf("sakura%d", n), "さくら食品株式会社")
	if err != nil {
		t.Fatal(err)
	}
	b, err := (&buyers.Service{Store: s}).Create(ctx, buyers.Buyer{Tenant: tn.ID, Code: "B001", Name: "株式会社まるやま商店"}, system)
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: time.Now().UTC()}
	svc := identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test/", 30*time.Minute, 12*time.Hour)
	svc.Now = clk.Now
	return &fixture{s: s, svc: svc, clk: clk, tenant: tn, buyer: b,
		addr: fmt.Sprintf("192.0.2.%d", n), addr2: fmt.Sprintf("198.51.100.%d", n)}
}

// user stores an active user whose password is `password`, without paying
// for a new hash.
func (f *fixture) user(t *testing.T, realm identity.Realm, role, email string) identity.User {
	t.Helper()
	tn := f.tenant.ID
	var buyer oroshi.ID
	switch realm {
	case identity.RealmOps:
		tn = oroshi.PlatformTenant
	case identity.RealmShop:
		buyer = f.buyer.ID
	}
	u, err := f.s.CreateUser(context.Background(), identity.User{Tenant: tn, Realm: realm, BuyerID: buyer, Email: email,
		Name: "桜井 一郎", Role: role, PasswordHash: passwordHash(), Status: identity.StatusActive},
		audit.Event{Tenant: tn, ActorRealm: audit.RealmSystem, Action: "ユーザー（作成）"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// withTOTP enables a second factor and returns the user with its sealed secret.
func (f *fixture) withTOTP(t *testing.T, u identity.User) identity.User {
	t.Helper()
	ctx := context.Background()
	if _, err := f.svc.EnableTOTPNow(ctx, u, f.tenant.Name); err != nil {
		t.Fatal(err)
	}
	u, err := f.s.User(ctx, u.Tenant, u.ID)
	if err != nil || !u.TOTPEnabled {
		t.Fatalf("after EnableTOTPNow: %+v, %v", u, err)
	}
	return u
}

func (f *fixture) signIn(t *testing.T, u identity.User) identity.SignInResult {
	t.Helper()
	res, err := f.svc.SignIn(context.Background(), u.Tenant, u.Realm, u.Email, password, f.addr, false)
	if err != nil {
		t.Fatalf("sign in %s: %v", u.Email, err)
	}
	return res
}

// mails lists the outbox mails of the scenario's tenant, newest first.
func (f *fixture) mails(t *testing.T) []notify.Mail {
	t.Helper()
	all, err := f.s.Outbox(context.Background(), 500)
	if err != nil {
		t.Fatal(err)
	}
	var out []notify.Mail
	for _, m := range all {
		if m.Tenant == f.tenant.ID {
			out = append(out, m)
		}
	}
	return out
}

// TestService runs the scenarios on each engine. The scenarios share one
// store per engine (a PostgreSQL database costs ~0.5 s to make) and are kept
// apart by tenant.
func TestService(t *testing.T) {
	scenarios := []struct {
		name string
		fn   func(*testing.T, *fixture)
	}{
		{"SignIn", testSignIn},
		{"FailuresLookAlike", testSignInFailuresLookAlike},
		{"AccountLockout", testSignInLockout},
		{"ClientLockout", testSignInClientLockout},
		{"DisabledUser", testDisabledUser},
		{"AuthenticateExpiry", testAuthenticateExpiry},
		{"TOTP", testTOTP},
		{"Redeem", testRedeem},
		{"RequestReset", testRequestReset},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		for i, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { sc.fn(t, setup(t, s, i+1)) })
		}
	})
}

func testSignIn(t *testing.T, f *fixture) {
	ctx := context.Background()
	staff := f.user(t, identity.RealmAdmin, identity.RoleStaff, "tanaka@sakura.example")
	owner := f.user(t, identity.RealmAdmin, identity.RoleOwner, "owner@sakura.example")
	op := f.user(t, identity.RealmOps, identity.RoleOperator, "ops@oroshi.example")
	tests := []struct {
		name        string
		u           identity.User
		email       string
		requireMFA  bool
		wantPending bool
	}{
		{"staff, address typed loosely", staff, "  Tanaka@SAKURA.example ", false, false},
		{"staff of a tenant requiring 2FA", staff, staff.Email, true, true},
		{"owner always needs 2FA", owner, owner.Email, false, true},
		{"operator always needs 2FA", op, op.Email, false, true},
	}
	for _, tt := range tests {
		res, err := f.svc.SignIn(ctx, tt.u.Tenant, tt.u.Realm, tt.email, password, f.addr, tt.requireMFA)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if res.Token == "" || res.Session.ID != identity.HashToken(res.Token) || res.Session.ID == res.Token {
			t.Errorf("%s: session id must be the hash of the cookie token", tt.name)
		}
		if res.Session.MFAPending != tt.wantPending || res.User.ID != tt.u.ID {
			t.Errorf("%s: pending=%v user=%s; want pending=%v user=%s", tt.name, res.Session.MFAPending, res.User.ID, tt.wantPending, tt.u.ID)
		}
		sess, u, err := f.svc.Authenticate(ctx, tt.u.Tenant, tt.u.Realm, res.Token)
		if err != nil || u.ID != tt.u.ID || sess.ID != res.Session.ID || sess.MFAPending != tt.wantPending {
			t.Errorf("%s: Authenticate = %+v, %s, %v", tt.name, sess, u.ID, err)
		}
	}
}

func testSignInFailuresLookAlike(t *testing.T, f *fixture) {
	ctx := context.Background()
	staff := f.user(t, identity.RealmAdmin, identity.RoleStaff, "tanaka@sakura.example")
	gone := f.user(t, identity.RealmAdmin, identity.RoleStaff, "gone@sakura.example")
	if err := f.s.SetUserStatus(ctx, f.tenant.ID, gone.ID, identity.StatusDisabled, audit.Event{Tenant: f.tenant.ID, Action: "x"}); err != nil {
		t.Fatal(err)
	}
	invited, err := f.svc.CreateUser(ctx, identity.NewUser{Tenant: f.tenant.ID, Realm: identity.RealmAdmin,
		Email: "new@sakura.example", Name: "新人", Role: identity.RoleStaff}, system)
	if err != nil || invited.Status != identity.StatusInvited {
		t.Fatalf("invited user = %+v, %v", invited, err)
	}
	tests := []struct {
		name   string
		tenant oroshi.TenantID
		realm  identity.Realm
		email  string
		pw     string
	}{
		{"wrong password", f.tenant.ID, identity.RealmAdmin, staff.Email, password + "x"},
		{"unknown user", f.tenant.ID, identity.RealmAdmin, "nobody@sakura.example", password},
		{"disabled user, right password", f.tenant.ID, identity.RealmAdmin, gone.Email, password},
		{"invited user without password", f.tenant.ID, identity.RealmAdmin, invited.Email, ""},
		{"right password, other realm", f.tenant.ID, identity.RealmShop, staff.Email, password},
		{"right password, other tenant", 999, identity.RealmAdmin, staff.Email, password},
		{"empty password", f.tenant.ID, identity.RealmAdmin, staff.Email, ""},
	}
	var first string
	for i, tt := range tests {
		res, err := f.svc.SignIn(ctx, tt.tenant, tt.realm, tt.email, tt.pw, fmt.Sprintf("203.0.113.%d", i+1), false)
		if !errors.Is(err, oroshi.ErrUnauthorized) {
			t.Errorf("%s: err = %v, want ErrUnauthorized", tt.name, err)
			continue
		}
		if i == 0 {
			first = err.Error()
		} else if err.Error() != first {
			t.Errorf("%s: error %q differs from a wrong password's %q", tt.name, err, first)
		}
		if res.Token != "" || res.Session.ID != "" || res.User.ID != 0 {
			t.Errorf("%s: a failed sign-in returned %+v", tt.name, res)
		}
	}
}

func testSignInLockout(t *testing.T, f *fixture) {
	ctx := context.Background()
	victim := f.user(t, identity.RealmAdmin, identity.RoleStaff, "victim@sakura.example")
	other := f.user(t, identity.RealmAdmin, identity.RoleStaff, "other@sakura.example")
	signIn := func(u identity.User, pw, from string) error {
		_, err := f.svc.SignIn(ctx, u.Tenant, u.Realm, u.Email, pw, from, false)
		return err
	}
	for i := range identity.AccountLock.Max {
		if err := signIn(victim, "wrong-password-"+fmt.Sprint(i), f.addr); !errors.Is(err, oroshi.ErrUnauthorized) {
			t.Fatalf("wrong password %d: %v, want ErrUnauthorized", i+1, err)
		}
	}
	steps := []struct {
		name string
		u    identity.User
		from string
		want error
	}{
		{"locked account, right password", victim, f.addr, oroshi.ErrTooManyAttempts},
		{"locked account from another address", victim, f.addr2, oroshi.ErrTooManyAttempts},
		{"another account from another address", other, f.addr2, nil},
	}
	for _, st := range steps {
		if err := signIn(st.u, password, st.from); !errors.Is(err, st.want) {
			t.Errorf("%s: err = %v, want %v", st.name, err, st.want)
		}
	}
	f.clk.Add(identity.AccountLock.LockFor + time.Second)
	if err := signIn(victim, password, f.addr); err != nil {
		t.Errorf("after the lock expired: %v", err)
	}
}

func testSignInClientLockout(t *testing.T, f *fixture) {
	saved := identity.ClientLock
	identity.ClientLock = identity.LockRule{Max: 3, Window: 15 * time.Minute, LockFor: 15 * time.Minute}
	defer func() { identity.ClientLock = saved }()
	ctx := context.Background()
	u := f.user(t, identity.RealmShop, identity.RolePurchaser, "sato@maruyama.example")
	for i := range 3 { // spraying: one guess each at many accounts
		if _, err := f.svc.SignIn(ctx, f.tenant.ID, identity.RealmShop, fmt.Sprintf("user%d@maruyama.example", i), "guess-password", f.addr, false); !errors.Is(err, oroshi.ErrUnauthorized) {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.SignIn(ctx, u.Tenant, u.Realm, u.Email, password, f.addr, false); !errors.Is(err, oroshi.ErrTooManyAttempts) {
		t.Errorf("sign-in from a spraying address: %v, want ErrTooManyAttempts", err)
	}
	if _, err := f.svc.SignIn(ctx, u.Tenant, u.Realm, u.Email, password, f.addr2, false); err != nil {
		t.Errorf("same account from another address: %v", err)
	}
}

func testDisabledUser(t *testing.T, f *fixture) {
	ctx := context.Background()
	owner := f.user(t, identity.RealmAdmin, identity.RoleOwner, "owner@sakura.example")
	staff := f.user(t, identity.RealmAdmin, identity.RoleStaff, "tanaka@sakura.example")
	buyer := f.user(t, identity.RealmShop, identity.RolePurchaser, "sato@maruyama.example")
	res := f.signIn(t, staff)
	actor := audit.Actor{Realm: audit.RealmAdmin, ID: owner.ID, ClientAddr: f.addr}

	rules := []struct {
		name      string
		target    identity.User
		realm     identity.Realm
		actorRole string
		want      error
	}{
		{"admin may not change an owner", owner, identity.RealmAdmin, identity.RoleAdmin, oroshi.ErrForbidden},
		{"a user of another realm is not found", buyer, identity.RealmAdmin, identity.RoleOwner, oroshi.ErrNotFound},
		{"owner disables staff", staff, identity.RealmAdmin, identity.RoleOwner, nil},
	}
	for _, r := range rules {
		err := f.svc.SetStatus(ctx, f.tenant.ID, r.realm, r.target.ID, identity.StatusDisabled, r.actorRole, actor)
		if !errors.Is(err, r.want) {
			t.Errorf("%s: err = %v, want %v", r.name, err, r.want)
		}
	}
	if _, _, err := f.svc.Authenticate(ctx, staff.Tenant, staff.Realm, res.Token); !errors.Is(err, oroshi.ErrUnauthorized) {
		t.Errorf("session of a disabled user: %v, want ErrUnauthorized", err)
	}
	if _, err := f.s.Session(ctx, staff.Tenant, res.Session.ID); !errors.Is(err, oroshi.ErrNotFound) {
		t.Errorf("session row of a disabled user: %v, want deleted", err)
	}
	if _, err := f.svc.SignIn(ctx, staff.Tenant, staff.Realm, staff.Email, password, f.addr, false); !errors.Is(err, oroshi.ErrUnauthorized) {
		t.Errorf("disabled user signs in: %v, want ErrUnauthorized", err)
	}
	if u, _ := f.s.User(ctx, owner.Tenant, owner.ID); u.Status != identity.StatusActive {
		t.Errorf("forbidden change went through: owner is %s", u.Status)
	}
	if err := f.svc.SetStatus(ctx, f.tenant.ID, identity.RealmAdmin, staff.ID, identity.StatusActive, identity.RoleAdmin, actor); err != nil {
		t.Fatal(err)
	}
	f.signIn(t, staff)
}

func testAuthenticateExpiry(t *testing.T, f *fixture) {
	ctx := context.Background()
	u := f.user(t, identity.RealmAdmin, identity.RoleStaff, "tanaka@sakura.example")
	auth := func(tok string) error {
		_, _, err := f.svc.Authenticate(ctx, u.Tenant, u.Realm, tok)
		return err
	}

	// Idle: active every 29 minutes keeps the session; 30 idle minutes end it.
	idle := f.signIn(t, u)
	for range 3 {
		f.clk.Add(29 * time.Minute)
		if err := auth(idle.Token); err != nil {
			t.Fatalf("active session refused after 29 minutes: %v", err)
		}
	}
	f.clk.Add(f.svc.SessionIdle + time.Second)
	if err := auth(idle.Token); !errors.Is(err, oroshi.ErrUnauthorized) {
		t.Errorf("idle-expired session: %v, want ErrUnauthorized", err)
	}
	if _, err := f.s.Session(ctx, u.Tenant, idle.Session.ID); !errors.Is(err, oroshi.ErrNotFound) {
		t.Errorf("idle-expired session still stored: %v", err)
	}

	// Absolute: even a session in constant use ends after 12 hours.
	abs := f.signIn(t, u)
	start := f.clk.Now()
	for f.clk.Now().Sub(start) <= f.svc.SessionAbsolute-25*time.Minute {
		f.clk.Add(25 * time.Minute)
		if err := auth(abs.Token); err != nil {
			t.Fatalf("session refused %v after sign-in: %v", f.clk.Now().Sub(start), err)
		}
	}
	f.clk.Add(start.Add(f.svc.SessionAbsolute + time.Second).Sub(f.clk.Now()))
	if err := auth(abs.Token); !errors.Is(err, oroshi.ErrUnauthorized) {
		t.Errorf("session older than %v: %v, want ErrUnauthorized", f.svc.SessionAbsolute, err)
	}

	// Wrong places and malformed cookies.
	good := f.signIn(t, u)
	refused := []struct {
		name   string
		tenant oroshi.TenantID
		realm  identity.Realm
		token  string
	}{
		{"another realm", u.Tenant, identity.RealmShop, good.Token},
		{"the operators' realm", oroshi.PlatformTenant, identity.RealmOps, good.Token},
		{"another tenant", 999, identity.RealmAdmin, good.Token},
		{"the session id instead of the token", u.Tenant, u.Realm, good.Session.ID},
		{"empty", u.Tenant, u.Realm, ""},
		{"too long", u.Tenant, u.Realm, strings.Repeat("a", 101)},
	}
	for _, r := range refused {
		if _, _, err := f.svc.Authenticate(ctx, r.tenant, r.realm, r.token); !errors.Is(err, oroshi.ErrUnauthorized) {
			t.Errorf("%s: %v, want ErrUnauthorized", r.name, err)
		}
	}
	if err := auth(good.Token); err != nil {
		t.Errorf("a refused attempt elsewhere ended the session: %v", err)
	}
}

// linkToken checks that link leads to page and returns its token.
func linkToken(t *testing.T, link, page string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	tok := u.Query().Get("token")
	if u.Scheme+"://"+u.Host+u.Path != page || len(tok) < 40 {
		t.Fatalf("link %q: want %s?token=<secret>", link, page)
	}
	return tok
}

// wrongCode returns a six-digit code that is valid at none of the times the
// server accepts (one step of skew either side).
func wrongCode(t *testing.T, svc *identity.Service, sealed string, at time.Time) string {
	t.Helper()
	valid := map[string]bool{}
	for _, d := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		c, err := svc.CurrentCode(sealed, at.Add(d))
		if err != nil {
			t.Fatal(err)
		}
		valid[c] = true
	}
	for _, c := range []string{"000000", "123456", "999999", "424242"} {
		if !valid[c] {
			return c
		}
	}
	t.Fatal("no wrong code found")
	return ""
}

func testTOTP(t *testing.T, f *fixture) {
	ctx := context.Background()
	owner := f.withTOTP(t, f.user(t, identity.RealmAdmin, identity.RoleOwner, "owner@sakura.example"))
	res := f.signIn(t, owner)
	if !res.Session.MFAPending {
		t.Fatal("owner's session does not wait for the second factor")
	}

	err := f.svc.VerifyTOTP(ctx, res.Session, owner, wrongCode(t, f.svc, owner.TOTPSecret, f.clk.Now()), f.addr)
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) || ve.Fields["code"] == "" {
		t.Errorf("wrong code: %v, want a validation error on code", err)
	}
	if sess, _ := f.s.Session(ctx, owner.Tenant, res.Session.ID); !sess.MFAPending {
		t.Error("a wrong code completed the second factor")
	}
	code, err := f.svc.CurrentCode(owner.TOTPSecret, f.clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.VerifyTOTP(ctx, res.Session, owner, code, f.addr); err != nil {
		t.Fatalf("right code: %v", err)
	}
	if sess, err := f.s.Session(ctx, owner.Tenant, res.Session.ID); err != nil || sess.MFAPending {
		t.Errorf("after the right code the session is %+v, %v; want complete", sess, err)
	}

	// Wrong codes count toward the account lockout (the failure count was
	// cleared by the success above).
	res2 := f.signIn(t, owner)
	for i := range identity.AccountLock.Max {
		f.clk.Add(time.Second)
		err := f.svc.VerifyTOTP(ctx, res2.Session, owner, wrongCode(t, f.svc, owner.TOTPSecret, f.clk.Now()), f.addr)
		if !errors.As(err, &ve) {
			t.Fatalf("wrong code %d: %v", i+1, err)
		}
	}
	code, _ = f.svc.CurrentCode(owner.TOTPSecret, f.clk.Now())
	if err := f.svc.VerifyTOTP(ctx, res2.Session, owner, code, f.addr); !errors.Is(err, oroshi.ErrTooManyAttempts) {
		t.Errorf("right code on a locked account: %v, want ErrTooManyAttempts", err)
	}
	if _, err := f.svc.SignIn(ctx, owner.Tenant, owner.Realm, owner.Email, password, f.addr2, false); !errors.Is(err, oroshi.ErrTooManyAttempts) {
		t.Errorf("sign-in after wrong codes: %v, want ErrTooManyAttempts", err)
	}

	// A user without a second factor cannot verify one, but can set one up.
	staff := f.user(t, identity.RealmAdmin, identity.RoleStaff, "tanaka@sakura.example")
	sres := f.signIn(t, staff)
	if err := f.svc.VerifyTOTP(ctx, sres.Session, staff, "000000", f.addr); !errors.Is(err, oroshi.ErrForbidden) {
		t.Errorf("VerifyTOTP without TOTP: %v, want ErrForbidden", err)
	}
	en1, err := f.svc.Enrollment(ctx, staff, f.tenant.Name)
	if err != nil {
		t.Fatal(err)
	}
	pending, _ := f.s.User(ctx, staff.Tenant, staff.ID)
	en2, err := f.svc.Enrollment(ctx, pending, f.tenant.Name)
	if err != nil || en2.Secret != en1.Secret || pending.TOTPEnabled {
		t.Errorf("reloading the set-up page changed the secret or enabled it: %v", err)
	}
	code, _ = f.svc.CurrentCode(pending.TOTPSecret, f.clk.Now())
	if err := f.svc.ConfirmTOTP(ctx, sres.Session, pending, code, f.addr); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.s.User(ctx, staff.Tenant, staff.ID); !got.TOTPEnabled {
		t.Error("ConfirmTOTP did not enable the second factor")
	}
	// Once set up, the second factor is asked for, even where the tenant
	// does not require it.
	if again := f.signIn(t, staff); !again.Session.MFAPending {
		t.Error("a user who set up two-step verification is not asked for a code at sign-in")
	}
	if secret, err := f.svc.RevealTOTP(pending); err != nil || secret != en1.Secret {
		t.Errorf("RevealTOTP = %q, %v; want the enrolled secret", secret, err)
	}
	if _, err := f.svc.CurrentCode("not-a-sealed-secret", f.clk.Now()); err == nil {
		t.Error("CurrentCode accepted a malformed secret")
	}
}

func testRedeem(t *testing.T, f *fixture) {
	ctx := context.Background()
	invite := func(email string) (identity.User, string) {
		u, err := f.svc.CreateUser(ctx, identity.NewUser{Tenant: f.tenant.ID, Realm: identity.RealmAdmin,
			Email: email, Name: "新人 次郎", Role: identity.RoleStaff}, system)
		if err != nil {
			t.Fatal(err)
		}
		link, err := f.svc.Invite(ctx, u, f.tenant.Slug, f.tenant.Name, "桜井 一郎")
		if err != nil {
			t.Fatal(err)
		}
		return u, linkToken(t, link, "http://example.test/"+f.tenant.Slug+"/admin/invite")
	}
	u, secret := invite("jiro@sakura.example")
	newPassword := "umi-no-mieru-soko-7"
	rejected := []struct {
		name, pw, confirm, field string
	}{
		{"too short", "short-pw", "short-pw", "password"},
		{"common", "password1234", "password1234", "password"},
		{"repeated", "abcabcabcabcabc", "abcabcabcabcabc", "password"},
		{"mismatch", newPassword, newPassword + "!", "confirm"},
	}
	for _, r := range rejected {
		_, err := f.svc.Redeem(ctx, f.tenant.ID, identity.RealmAdmin, identity.PurposeInvite, secret, r.pw, r.confirm, f.addr)
		var ve *oroshi.ValidationError
		if !errors.As(err, &ve) || ve.Fields[r.field] == "" {
			t.Errorf("%s: %v, want a validation error on %s", r.name, err, r.field)
		}
		if err := f.svc.CheckLink(ctx, f.tenant.ID, identity.RealmAdmin, identity.PurposeInvite, secret); err != nil {
			t.Errorf("%s: the rejected attempt used up the link: %v", r.name, err)
		}
	}
	if _, err := f.svc.Redeem(ctx, f.tenant.ID, identity.RealmAdmin, identity.PurposeReset, secret, newPassword, newPassword, f.addr); !errors.Is(err, oroshi.ErrNotFound) {
		t.Errorf("invitation redeemed as a reset link: %v, want ErrNotFound", err)
	}
	got, err := f.svc.Redeem(ctx, f.tenant.ID, identity.RealmAdmin, identity.PurposeInvite, secret, newPassword, newPassword, f.addr)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != u.ID || got.Status != identity.StatusActive {
		t.Errorf("redeemed user = %+v, want %s active", got, u.ID)
	}
	if _, err := f.svc.SignIn(ctx, u.Tenant, u.Realm, u.Email, newPassword, f.addr, false); err != nil {
		t.Errorf("sign in with the new password: %v", err)
	}
	if err := f.svc.CheckLink(ctx, f.tenant.ID, identity.RealmAdmin, identity.PurposeInvite, secret); !errors.Is(err, oroshi.ErrNotFound) {
		t.Errorf("used link: %v, want ErrNotFound", err)
	}
	if _, err := f.svc.Redeem(ctx, f.tenant.ID, identity.RealmAdmin, identity.PurposeInvite, secret, newPassword+"2", newPassword+"2", f.addr); !errors.Is(err, oroshi.ErrNotFound) {
		t.Errorf("second redeem: %v, want ErrNotFound", err)
	}

	_, late := invite("late@sakura.example")
	f.clk.Add(identity.InviteTTL + time.Second)
	if err := f.svc.CheckLink(ctx, f.tenant.ID, identity.RealmAdmin, identity.PurposeInvite, late); !errors.Is(err, oroshi.ErrNotFound) {
		t.Errorf("expired link: %v, want ErrNotFound", err)
	}
	if _, err := f.svc.Redeem(ctx, f.tenant.ID, identity.RealmAdmin, identity.PurposeInvite, late, newPassword, newPassword, f.addr); !errors.Is(err, oroshi.ErrNotFound) {
		t.Errorf("redeem an expired link: %v, want ErrNotFound", err)
	}
	for _, bad := range []string{"", "nope", strings.Repeat("x", 101)} {
		if err := f.svc.CheckLink(ctx, f.tenant.ID, identity.RealmAdmin, identity.PurposeInvite, bad); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("CheckLink(%.10q): %v, want ErrNotFound", bad, err)
		}
	}
}

func testRequestReset(t *testing.T, f *fixture) {
	ctx := context.Background()
	u := f.user(t, identity.RealmShop, identity.RolePurchaser, "sato@maruyama.example")
	invited, err := f.svc.CreateUser(ctx, identity.NewUser{Tenant: f.tenant.ID, Realm: identity.RealmShop, BuyerID: f.buyer.ID,
		Email: "new@maruyama.example", Name: "新人", Role: identity.RolePurchaser}, system)
	if err != nil {
		t.Fatal(err)
	}
	reset := func(email string) error {
		return f.svc.RequestReset(ctx, f.tenant.ID, identity.RealmShop, email, f.tenant.Slug, f.tenant.Name, f.addr)
	}
	silent := []struct{ name, email string }{
		{"unknown address", "nobody@maruyama.example"},
		{"invited, not active", invited.Email},
		{"address of another realm", "owner@sakura.example"},
	}
	for _, tt := range silent {
		if err := reset(tt.email); err != nil {
			t.Errorf("%s: %v, want nil", tt.name, err)
		}
	}
	if n := len(f.mails(t)); n != 0 {
		t.Fatalf("%d mails queued for addresses without an active account", n)
	}

	old := f.signIn(t, u)
	if err := reset(" Sato@Maruyama.example"); err != nil {
		t.Fatal(err)
	}
	mails := f.mails(t)
	if len(mails) != 1 || mails[0].To != u.Email {
		t.Fatalf("outbox = %+v; want one mail to %s", mails, u.Email)
	}
	i := strings.Index(mails[0].Text, "http://")
	if i < 0 {
		t.Fatalf("reset mail without a link:\n%s", mails[0].Text)
	}
	secret := linkToken(t, strings.Fields(mails[0].Text[i:])[0], "http://example.test/"+f.tenant.Slug+"/password/reset")
	newPassword := "yama-no-ue-no-ie-9"
	if _, err := f.svc.Redeem(ctx, f.tenant.ID, identity.RealmShop, identity.PurposeReset, secret, newPassword, newPassword, f.addr); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Authenticate(ctx, u.Tenant, u.Realm, old.Token); !errors.Is(err, oroshi.ErrUnauthorized) {
		t.Errorf("a session from before the reset: %v, want ErrUnauthorized", err)
	}
	if _, err := f.svc.SignIn(ctx, u.Tenant, u.Realm, u.Email, password, f.addr, false); !errors.Is(err, oroshi.ErrUnauthorized) {
		t.Errorf("old password after reset: %v, want ErrUnauthorized", err)
	}

	// At most three mails an hour to one person; the answer stays nil.
	for range 3 {
		if err := reset(u.Email); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(f.mails(t)); n != 3 {
		t.Errorf("%d reset mails within an hour, want 3", n)
	}
}

// TestLinkOfAnotherRealm: a buyer's reset link does not open the admin
// area, and the password rule about the e-mail applies to links too.
func TestLinkRealmAndEmailRule(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := identity.NewService(s, make([]byte, 32), "http://example.test", time.Hour, 12*time.Hour)
		tn, err := (&tenancy.Service{Store: s}).Create(ctx, "realmcheck", "領域確認株式会社")
		if err != nil {
			t.Fatal(err)
		}
		u, err := svc.CreateUser(ctx, identity.NewUser{Tenant: tn.ID, Realm: identity.RealmAdmin, Email: "hanako@realm.example",
			Name: "山本 花子", Role: identity.RoleStaff}, audit.Actor{Realm: audit.RealmSystem})
		if err != nil {
			t.Fatal(err)
		}
		link, err := svc.Invite(ctx, u, tn.Slug, tn.Name, "")
		if err != nil {
			t.Fatal(err)
		}
		secret := link[strings.Index(link, "token=")+len("token="):]
		if err := svc.CheckLink(ctx, tn.ID, identity.RealmShop, identity.PurposeInvite, secret); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("admin link in the shop: %v, want ErrNotFound", err)
		}
		_, err = svc.Redeem(ctx, tn.ID, identity.RealmAdmin, identity.PurposeInvite, secret, "hanako-no-himitsu", "hanako-no-himitsu", "")
		var ve *oroshi.ValidationError
		if !errors.As(err, &ve) || ve.Fields["password"] == "" {
			t.Errorf("password with the e-mail's local part: %v", err)
		}
		if _, err := svc.Redeem(ctx, tn.ID, identity.RealmAdmin, identity.PurposeInvite, secret, "umi-to-yama-2026", "umi-to-yama-2026", ""); err != nil {
			t.Errorf("good password: %v", err)
		}
	})
}

// TestTOTPCodeIsGoodOnce: a code accepted once is refused the second time.
func TestTOTPCodeIsGoodOnce(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := identity.NewService(s, make([]byte, 32), "http://example.test", time.Hour, 12*time.Hour)
		u, err := svc.CreateUser(ctx, identity.NewUser{Tenant: oroshi.PlatformTenant, Realm: identity.RealmOps, Email: "op@replay.example",
			Name: "運営 三郎", Role: identity.RoleOperator, Password: "replay-guard-2026"}, audit.Actor{Realm: audit.RealmSystem})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.EnableTOTPNow(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		u, _ = s.User(ctx, oroshi.PlatformTenant, u.ID)
		code, err := svc.CurrentCode(u.TOTPSecret, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for i, wantOK := range []bool{true, false} {
			res, err := svc.SignIn(ctx, oroshi.PlatformTenant, identity.RealmOps, u.Email, "replay-guard-2026", "127.0.0.9", false)
			if err != nil {
				t.Fatal(err)
			}
			err = svc.VerifyTOTP(ctx, res.Session, u, code, "127.0.0.9")
			if (err == nil) != wantOK {
				t.Errorf("use %d of the same code: %v, want ok=%v", i+1, err, wantOK)
			}
		}
	})
}
