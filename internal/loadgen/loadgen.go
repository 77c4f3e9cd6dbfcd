// Package loadgen generates a large data set for performance work
// (`oroshi demo --scale large`): by default 100 tenants, one of them
// ("large-000") with 100,000 SKUs, 10,000 buyer companies with 20,000
// users, 1,000,000 orders with some 5,000,000 lines, quotes, and monthly
// invoices for the last two closed months; the 99 others are small.
//
// The rows are written by the store in big transactions (multi-row
// INSERTs on SQLite, COPY on PostgreSQL), straight into the tables the
// services read, with the same
// invariants: hashed passwords (one hash, computed once, for every user),
// order totals and per-rate tax, shipments, the dashboard's rollups, the
// counters behind document numbers, and the search index. Bulk-generated
// rows carry no operation-history entry of their own: each tenant gets one
// audit entry "大量データ生成" with its figures.
//
// Running twice is refused: when tenant "large-000" exists (even from an
// interrupted run) Run returns ErrAlreadyGenerated and writes nothing.
// Regenerate into a fresh data directory or database.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// Password is every generated user's password (printed with the logins).
const Password = "large-demo-2026"

// ErrAlreadyGenerated is returned when the large data set exists already.
var ErrAlreadyGenerated = errors.New("大量データは生成済みです（契約者 large-000 があります）。作り直すには新しいデータディレクトリ／データベースで実行してください (large data exists already)")

// Spec sizes a run; the big tenant gets these figures.
type Spec struct {
	Tenants, SKUs, Buyers, Orders int
}

// DefaultSpec is the figures.
var DefaultSpec = Spec{Tenants: 100, SKUs: 100_000, Buyers: 10_000, Orders: 1_000_000}

// TenantSpec sizes one tenant's data.
type TenantSpec struct {
	Index                int
	Slug, Name           string
	SKUs, Buyers, Orders int
	UsersPerBuyer        int
	PasswordHash         string
}

// Slug names the tenant of index i.
func Slug(i int) string { return fmt.Sprintf("large-%03d", i) }

// TenantSpecs lists the tenants of s: index 0 gets the full figures, the
// others a thousandth of them (with small floors).
func (s Spec) TenantSpecs(hash string) []TenantSpec {
	out := make([]TenantSpec, s.Tenants)
	for i := range out {
		t := TenantSpec{Index: i, Slug: Slug(i), Name: fmt.Sprintf("大量データ卸%03d株式会社", i),
			SKUs: s.SKUs, Buyers: s.Buyers, Orders: s.Orders, UsersPerBuyer: 2, PasswordHash: hash}
		if i > 0 {
			t.SKUs, t.Buyers, t.Orders = max(s.SKUs/1000, 50), max(s.Buyers/1000, 5), max(s.Orders/1000, 20)
		}
		out[i] = t
	}
	return out
}

// Validate checks the figures.
func (s Spec) Validate() error {
	v := &oroshi.ValidationError{}
	for name, n := range map[string]int{"tenants": s.Tenants, "skus": s.SKUs, "buyers": s.Buyers, "orders": s.Orders} {
		if n < 1 {
			v.Add(name, "1以上を指定してください")
		}
	}
	if s.SKUs < 20 {
		v.Add("skus", "20以上を指定してください")
	}
	return v.Err()
}

// Counts are rows written, by table.
type Counts map[string]int64

// Add adds o to c.
func (c Counts) Add(o Counts) {
	for k, v := range o {
		c[k] += v
	}
}

// Phase is the time spent on one kind of data over all tenants.
type Phase struct {
	Name    string
	Elapsed time.Duration
}

// Loaded is what the store reports for one tenant.
type Loaded struct {
	Counts Counts
	Phases []Phase
	// BuyerEmail is a buyer user of the tenant, to print.
	BuyerEmail, OwnerEmail string
}

// Store writes the data.
type Store interface {
	TenantBySlug(ctx context.Context, slug string) (tenancy.Tenant, error)
	CreateTenant(ctx context.Context, t tenancy.Tenant) (tenancy.Tenant, error)
	RecordAudit(ctx context.Context, e audit.Event) error
	// LoadTenant writes all of a new tenant's generated data.
	LoadTenant(ctx context.Context, t oroshi.TenantID, spec TenantSpec) (Loaded, error)
	// AnalyzeAfterLoad refreshes the planner statistics.
	AnalyzeAfterLoad(ctx context.Context) error
}

// Result is a run's report.
type Result struct {
	Counts Counts
	Phases []Phase
	Total  time.Duration
	Big    Loaded // the big tenant's figures and logins
}

// Run generates the data set, or refuses with ErrAlreadyGenerated.
func Run(ctx context.Context, st Store, spec Spec, progress func(string)) (Result, error) {
	start := time.Now()
	if err := spec.Validate(); err != nil {
		return Result{}, err
	}
	if _, err := st.TenantBySlug(ctx, Slug(0)); err == nil {
		return Result{}, ErrAlreadyGenerated
	} else if !errors.Is(err, oroshi.ErrNotFound) {
		return Result{}, err
	}
	hash, err := identity.HashPassword(Password)
	if err != nil {
		return Result{}, err
	}
	r := Result{Counts: Counts{}}
	for _, ts := range spec.TenantSpecs(hash) {
		l, err := loadOne(ctx, st, ts)
		if err != nil {
			return r, err
		}
		r.Counts.Add(l.Counts)
		r.Phases = addPhases(r.Phases, l.Phases)
		if ts.Index == 0 {
			r.Big = l
		}
		if progress != nil && (ts.Index == 0 || (ts.Index+1)%10 == 0) {
			progress(fmt.Sprintf("%s 完了 (%d/%d, %v)", ts.Slug, ts.Index+1, spec.Tenants, time.Since(start).Round(time.Second)))
		}
	}
	t := time.Now()
	if err := st.AnalyzeAfterLoad(ctx); err != nil {
		return r, err
	}
	r.Phases = addPhases(r.Phases, []Phase{{"統計更新 (analyze)", time.Since(t)}})
	r.Total = time.Since(start)
	return r, nil
}

func loadOne(ctx context.Context, st Store, ts TenantSpec) (Loaded, error) {
	t, err := st.CreateTenant(ctx, tenancy.Tenant{Slug: ts.Slug, Name: ts.Name, Status: tenancy.StatusActive})
	if err != nil {
		return Loaded{}, err
	}
	l, err := st.LoadTenant(ctx, t.ID, ts)
	if err != nil {
		return l, fmt.Errorf("load %s: %w", ts.Slug, err)
	}
	detail := map[string]any{}
	for k, v := range l.Counts {
		detail[k] = v
	}
	err = st.RecordAudit(ctx, audit.Event{Tenant: t.ID, ActorRealm: audit.RealmSystem, Action: "大量データ生成",
		TargetType: "tenant", TargetID: t.ID.String(), Detail: detail})
	return l, err
}

func addPhases(sum, more []Phase) []Phase {
next:
	for _, p := range more {
		for i := range sum {
			if sum[i].Name == p.Name {
				sum[i].Elapsed += p.Elapsed
				continue next
			}
		}
		sum = append(sum, p)
	}
	return sum
}
