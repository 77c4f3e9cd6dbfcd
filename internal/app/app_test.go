package app_test

import (
	"context"
	"errors"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/demo"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestSuspendedBuyerCannotSignIn: suspending a buyer company closes the
// shop to its users with the same answer as a wrong password.
func TestSuspendedBuyerCannotSignIn(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			a, _ := openDemo(t, engine)
			ctx := context.Background()
			tn, err := a.Store.TenantBySlug(ctx, demo.Slug)
			if err != nil {
				t.Fatal(err)
			}
			signIn := func() error {
				_, err := a.Identity.SignIn(ctx, tn.ID, identity.RealmShop, "sato@maruyama.example", demo.Password, "192.0.2.7", false)
				return err
			}
			if err := signIn(); err != nil {
				t.Fatalf("active buyer: %v", err)
			}
			b, err := a.Store.BuyerByCode(ctx, tn.ID, "B001")
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Buyers.Suspend(ctx, tn.ID, b.ID, audit.Actor{Realm: audit.RealmSystem}); err != nil {
				t.Fatal(err)
			}
			if err := signIn(); !errors.Is(err, oroshi.ErrUnauthorized) {
				t.Errorf("suspended buyer: %v, want ErrUnauthorized", err)
			}
		})
	}
}
