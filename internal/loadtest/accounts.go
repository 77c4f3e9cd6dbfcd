package loadtest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/app"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// createAccounts creates the extra buyer and staff users through the
// store, in this process, with the server's configuration (its database,
// keys and secret), all with one password hash: hashing is what makes a
// user slow to create (one `oroshi user create` each took minutes for a
// thousand on PostgreSQL), and these users share one password. Enough
// buyer accounts let every virtual buyer have its own cart, as people do.
func (s *Server) createAccounts(ctx context.Context, o ServerOptions) error {
	cfg, err := config.Load(envLookup(s.env))
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), false)
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	t, err := a.Store.TenantBySlug(ctx, s.Tenant)
	if err != nil {
		return err
	}
	hash, err := identity.HashPassword(userPassword)
	if err != nil {
		return err
	}
	mk := func(realm identity.Realm, role, email string, buyer oroshi.ID) (Account, error) {
		u := identity.User{Tenant: t.ID, Realm: realm, BuyerID: buyer, Email: email, Name: "負荷試験 " + email[:strings.IndexByte(email, '@')],
			Role: role, PasswordHash: hash, Status: identity.StatusActive}
		ev := audit.Actor{Realm: audit.RealmSystem, ClientAddr: "loadtest"}.Event("ユーザー（作成）", "user", "")
		ev.Tenant = t.ID
		if _, err := a.Store.CreateUser(ctx, u, ev); err != nil {
			return Account{}, fmt.Errorf("create %s: %w", email, err)
		}
		return Account{Email: email, Password: userPassword}, nil
	}
	buyers := make([]oroshi.ID, len(o.Buyers))
	for i, code := range o.Buyers {
		b, err := a.Store.BuyerByCode(ctx, t.ID, code)
		if err != nil {
			return fmt.Errorf("buyer %s: %w", code, err)
		}
		buyers[i] = b.ID
	}
	for i := range o.NBuyers {
		acc, err := mk(identity.RealmShop, identity.RolePurchaser, fmt.Sprintf("load-buyer-%04d@example.com", i), buyers[i%len(buyers)])
		if err != nil {
			return err
		}
		s.Buyers = append(s.Buyers, acc)
	}
	for i := range o.NStaff {
		acc, err := mk(identity.RealmAdmin, identity.RoleStaff, fmt.Sprintf("load-staff-%03d@example.com", i), 0)
		if err != nil {
			return err
		}
		s.Staff = append(s.Staff, acc)
	}
	return nil
}

// envLookup reads KEY=value pairs like os.Getenv (the last one wins).
func envLookup(env []string) func(string) string {
	m := make(map[string]string, len(env))
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return func(k string) string { return m[k] }
}
