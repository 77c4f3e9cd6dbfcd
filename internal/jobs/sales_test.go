package jobs_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/jobs"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// recorder is a dispatcher that fails its first call, then records.
type recorder struct {
	mu    sync.Mutex
	calls int
	seen  chan oroshi.ID
}

func (r *recorder) Dispatch(_ context.Context, _ oroshi.TenantID, id oroshi.ID) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if r.calls == 1 {
		return errors.New("receiver down")
	}
	r.seen <- id
	return nil
}

// TestJobSalesEvent: placing an order enqueues its event in the same
// transaction, and the job hands it to the dispatchers, retrying a failure.
func TestJobSalesEvent(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		rec := &recorder{seen: make(chan oroshi.ID, 4)}
		logger := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelError}))
		r, err := jobs.New(ctx, s, jobs.Deps{Dispatchers: []jobs.Dispatcher{rec}, Tuning: fast}, logger)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = r.Stop(ctx)
		})
		o := placeOne(t, s)
		select {
		case id := <-rec.seen:
			if id != o.Events[0].ID {
				t.Errorf("dispatched %s, want %s", id, o.Events[0].ID)
			}
		case <-time.After(wait):
			t.Fatalf("event not dispatched (calls: %d)", rec.calls)
		}
	})
}

func placeOne(t *testing.T, s *sqlstore.Store) sales.Order {
	t.Helper()
	ctx := context.Background()
	tn, err := (&tenancy.Service{Store: s}).Create(ctx, "events", "株式会社イベント")
	if err != nil {
		t.Fatal(err)
	}
	ev := audit.Event{Tenant: tn.ID, ActorRealm: audit.RealmSystem, Action: "テスト"}
	b, err := s.CreateBuyer(ctx, buyers.Buyer{Tenant: tn.ID, Code: "B1", Name: "取引先", Status: buyers.StatusActive}, ev)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.CreateShipTo(ctx, buyers.ShipTo{Tenant: tn.ID, BuyerID: b.ID, Label: "本店", PostalCode: "100-0001",
		Address: "東京都千代田区"}, ev)
	if err != nil {
		t.Fatal(err)
	}
	staff, err := s.CreateUser(ctx, identity.User{Tenant: tn.ID, Realm: identity.RealmAdmin, Role: identity.RoleStaff,
		Email: "staff@example.com", Name: "担当", Status: identity.StatusActive}, ev)
	if err != nil {
		t.Fatal(err)
	}
	p, err := (&catalog.Service{Store: s}).CreateProduct(ctx, tn.ID, catalog.Product{Name: "商品", Status: catalog.StatusPublished,
		SKUs: []catalog.SKU{{Code: "A-1", ListPrice: 100}}}, audit.Actor{Realm: audit.RealmAdmin, ID: staff.ID})
	if err != nil {
		t.Fatal(err)
	}
	svc := &sales.Service{Store: s, Pricing: &pricing.Service{Store: s}}
	placed, err := svc.PlaceOrder(ctx, sales.PlaceInput{Tenant: tn.ID, BuyerID: b.ID, UserID: staff.ID, Proxy: true,
		ShipToID: st.ID, Lines: []sales.LineInput{{SKUID: p.SKUs[0].ID, Quantity: 1}}, IdemKey: "k1"})
	if err != nil {
		t.Fatal(err)
	}
	return placed.Order
}
