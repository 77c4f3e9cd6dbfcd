// Package demo seeds a demo seller tenant with a realistic Japanese
// profile — a wholesaler of food and kitchen supplies (業務用食品・厨房用品の卸)
// — its staff, buyer companies with price groups, ship-tos and users, a
// catalogue of some 240 products, price lists and buyer prices, and an
// operator. Seeding is idempotent: what exists already is kept and
// reported again, and everything is fixed (no clock, no randomness) so
// that two runs print the same.
package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// Slug and password of the demo. The password is printed and documented: a
// demo tenant holds nothing worth protecting, and it must be easy to try.
const (
	Slug     = "sakura"
	Password = "sakura-demo-2026"
)

// Store is what seeding needs beyond the services.
type Store interface {
	tenancy.Store
	buyers.Store
	CreateNotice(ctx context.Context, n tenancy.Notice) (tenancy.Notice, error)
	Notices(ctx context.Context, t oroshi.TenantID, audience string, publicOnly bool, limit int) ([]tenancy.Notice, error)
}

// Login is one demo account to print.
type Login struct {
	Area, URL, Email, Role, TOTPSecret string
}

// Seeder creates the demo. Buyers may be nil (a service on Store is
// used). With Catalog or Pricing nil the catalogue and prices are left
// out, for callers that need only people to sign in.
type Seeder struct {
	Store    Store
	Identity *identity.Service
	Buyers   *buyers.Service
	Catalog  *catalog.Service
	Pricing  *pricing.Service
	Sales    *sales.Service // nil: no demo orders
	// Documents seeds the 帳票設定 and the demo orders' documents; nil: none.
	Documents *documents.Service
	// Billing seeds invoices, payments and a credit note (billing.go); nil: none.
	Billing *billing.Service
	FontDir string // the PDF fonts, to letter the demo 角印; "": frames only
	BaseURL string
}

// Result is what a run leaves: the logins to print and the size of the demo.
type Result struct {
	Logins []Login
	Counts Counts
	// PendingClosing is the closing date left open for B003 when billing
	// is seeded (zero otherwise).
	PendingClosing pricing.Date
}

// Counts are the sizes of the demo data, the same on every run.
type Counts struct {
	Categories, Products, SKUs         int
	Buyers, PriceGroups, ShipTos       int
	PriceLists, ListItems, BuyerPrices int
	Orders, Documents                  int
	Invoices, Payments, CreditNotes    int
}

var system = audit.Actor{Realm: audit.RealmSystem}

type person struct {
	realm       identity.Realm
	email, name string
	role, buyer string
}

var staff = []person{
	{identity.RealmAdmin, "owner@sakura-foods.example", "桜井 一郎", identity.RoleOwner, ""},
	{identity.RealmAdmin, "tanaka@sakura-foods.example", "田中 花子", identity.RoleStaff, ""},
	{identity.RealmAdmin, "suzuki@sakura-foods.example", "鈴木 健太", identity.RoleViewer, ""},
}

var buyerPeople = []person{
	{identity.RealmShop, "yamada@maruyama.example", "山田 太郎", identity.RoleBuyerAdmin, "B001"},
	{identity.RealmShop, "sato@maruyama.example", "佐藤 美咲", identity.RolePurchaser, "B001"},
	{identity.RealmShop, "kobayashi@kamome.example", "小林 誠", identity.RoleBuyerAdmin, "B002"},
	{identity.RealmShop, "ito@greenkitchen.example", "伊藤 さくら", identity.RolePurchaser, "B003"},
}

// Seed creates (or finds) everything and returns the logins to print.
func (s *Seeder) Seed(ctx context.Context) ([]Login, error) {
	r, err := s.Run(ctx)
	return r.Logins, err
}

// Run creates what is missing of the demo and reports all of it.
func (s *Seeder) Run(ctx context.Context) (Result, error) {
	t, err := s.tenant(ctx)
	if err != nil {
		return Result{}, err
	}
	var r Result
	op, err := s.user(ctx, oroshi.PlatformTenant, "", person{identity.RealmOps, "ops@oroshi.example", "運営 管理者", identity.RoleOperator, ""})
	if err != nil {
		return Result{}, err
	}
	r.Logins = append(r.Logins, op)
	refs, err := s.seedBuyers(ctx, t.ID)
	if err != nil {
		return Result{}, err
	}
	r.Counts = Counts{Buyers: len(companies), PriceGroups: len(groups), ShipTos: len(shipTos)}
	for _, p := range append(append([]person{}, staff...), buyerPeople...) {
		l, err := s.user(ctx, t.ID, t.Name, p)
		if err != nil {
			return Result{}, err
		}
		r.Logins = append(r.Logins, l)
	}
	if err := s.notices(ctx, t); err != nil {
		return Result{}, err
	}
	if err := s.seedLayout(ctx, t.ID); err != nil {
		return Result{}, err
	}
	if s.Catalog == nil || s.Pricing == nil {
		return r, nil
	}
	if err = s.seedGoods(ctx, t.ID, refs, &r.Counts); err != nil || s.Sales == nil {
		return r, err
	}
	skus, err := s.allSKUs(ctx, t.ID)
	if err != nil {
		return r, err
	}
	if r.Counts.Orders, err = s.seedOrders(ctx, t.ID, skus); err != nil {
		return r, err
	}
	if r.Counts.Documents, err = s.seedDocuments(ctx, t.ID); err != nil {
		return r, err
	}
	return r, s.seedBilling(ctx, t.ID, skus, &r)
}

// seedGoods seeds the catalogue and its prices.
func (s *Seeder) seedGoods(ctx context.Context, t oroshi.TenantID, refs ids, n *Counts) error {
	plans, codes, err := plan()
	if err != nil {
		return err
	}
	skus, err := s.seedCatalog(ctx, t, plans, refs)
	if err != nil {
		return err
	}
	if err := s.seedPrices(ctx, t, refs, func(r ref) (catalog.SKU, error) {
		k, ok := skus[codes[r]]
		if !ok {
			return catalog.SKU{}, fmt.Errorf("demo prices: no product %s %s", r.product, r.variant)
		}
		return k, nil
	}); err != nil {
		return err
	}
	n.Categories, n.Products = categoryCount(), len(plans)
	for _, p := range plans {
		n.SKUs += len(p.product.SKUs)
	}
	n.PriceLists, n.BuyerPrices = len(priceLists), len(buyerPrices)
	for _, l := range priceLists {
		n.ListItems += len(l.items)
	}
	return nil
}

func (s *Seeder) tenant(ctx context.Context) (tenancy.Tenant, error) {
	t, err := s.Store.TenantBySlug(ctx, Slug)
	if err == nil {
		return t, nil
	}
	if !errors.Is(err, oroshi.ErrNotFound) {
		return tenancy.Tenant{}, err
	}
	t = tenancy.Tenant{Slug: Slug, Name: "さくら食品株式会社", Status: tenancy.StatusActive, PublicNotices: true}
	return s.Store.CreateTenant(ctx, t)
}

// user creates a demo user with the demo password; operators and owners get
// a second factor at once (they must have one), and its secret is printed.
func (s *Seeder) user(ctx context.Context, t oroshi.TenantID, tenantName string, p person) (Login, error) {
	u, err := s.Identity.Store.UserByEmail(ctx, t, p.realm, p.email)
	if errors.Is(err, oroshi.ErrNotFound) {
		u, err = s.createUser(ctx, t, p)
	}
	if err != nil {
		return Login{}, fmt.Errorf("demo user %s: %w", p.email, err)
	}
	l := Login{Area: string(p.realm), Email: p.email, Role: identity.RoleLabel(p.role), URL: s.loginURL(p.realm)}
	if identity.NeedsMFA(u, false) {
		if !u.TOTPEnabled {
			if _, err := s.Identity.EnableTOTPNow(ctx, u, tenantName); err != nil {
				return Login{}, err
			}
			if u, err = s.Identity.Store.User(ctx, t, u.ID); err != nil {
				return Login{}, err
			}
		}
		if l.TOTPSecret, err = s.Identity.RevealTOTP(u); err != nil {
			return Login{}, err
		}
	}
	return l, nil
}

func (s *Seeder) createUser(ctx context.Context, t oroshi.TenantID, p person) (identity.User, error) {
	n := identity.NewUser{Tenant: t, Realm: p.realm, Email: p.email, Name: p.name, Role: p.role, Password: Password}
	if p.buyer != "" {
		b, err := s.Store.BuyerByCode(ctx, t, p.buyer)
		if err != nil {
			return identity.User{}, err
		}
		n.BuyerID = b.ID
	}
	return s.Identity.CreateUser(ctx, n, system)
}

func (s *Seeder) loginURL(r identity.Realm) string {
	switch r {
	case identity.RealmOps:
		return s.BaseURL + "/ops/login"
	case identity.RealmAdmin:
		return s.BaseURL + "/" + Slug + "/admin/login"
	}
	return s.BaseURL + "/" + Slug + "/login"
}

func (s *Seeder) notices(ctx context.Context, t tenancy.Tenant) error {
	existing, err := s.Store.Notices(ctx, t.ID, "all", false, 1)
	if err != nil || len(existing) > 0 {
		return err
	}
	now := time.Now()
	for _, n := range []tenancy.Notice{
		{Audience: "all", Public: true, Title: "年末年始の営業について",
			Body: "12月29日（火）から1月3日（日）まで休業いたします。期間中のご注文は1月4日（月）より順次出荷いたします。", PublishedAt: now.Add(-48 * time.Hour)},
		{Audience: "shop", Title: "業務用だし・調味料の新商品を追加しました",
			Body: "かつお節・昆布の業務用だしパック、減塩しょうゆなどを追加しました。商品ページからご確認ください。", PublishedAt: now.Add(-2 * time.Hour)},
		{Audience: "admin", Title: "12月の締め処理日程",
			Body: "月末締めの取引先は12月28日（月）までに請求内容をご確認ください。", PublishedAt: now.Add(-time.Hour)},
	} {
		n.Tenant = t.ID
		if _, err := s.Store.CreateNotice(ctx, n); err != nil {
			return fmt.Errorf("demo notice: %w", err)
		}
	}
	return nil
}
