package sqlstore

// The large data generator's writer (internal/loadgen): rows are buffered
// per table for a chunk of work (a hundred buyers' orders, say) and the
// chunk is written in one transaction by the engine (loadgen_engine.go):
// multi-row INSERTs on SQLite, COPY on PostgreSQL. Tables are listed
// parents first and written in that order, so a foreign key never points
// at a row not yet written; chunks that do not refer to each other are
// written in the background while the next one is generated.

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/loadgen"
)

var _ loadgen.Store = (*Store)(nil)

const (
	loadBatch     = 500
	loadMaxParams = 30_000 // under SQLite's 32,766 and PostgreSQL's 65,535
)

// loadTables are the generated tables, parents first, with their columns.
var loadTables = []struct{ name, cols string }{
	{"users", "tenant_id, id, realm, buyer_id, email, name, role, password_hash, status, created_at, updated_at"},
	{"categories", "tenant_id, id, parent_id, name, kana, position, created_at, updated_at"},
	{"products", "tenant_id, id, category_id, name, kana, tax_class, status, visibility, created_at, updated_at"},
	{"skus", "tenant_id, id, product_id, code, jan, variant, unit, case_qty, list_price, position, search_text, created_at, updated_at"},
	{"price_groups", "tenant_id, id, code, name, created_at, updated_at"},
	{"price_lists", "tenant_id, id, group_id, name, kind, rate_bp, rounding, created_at, updated_at"},
	{"price_list_items", "tenant_id, list_id, sku_id, breaks"},
	{"buyers", "tenant_id, id, code, name, kana, status, postal_code, address, phone, billing_name, price_group_id, closing_day, payment_month_offset, payment_day, created_at, updated_at"},
	{"buyer_users", ""}, // users of buyers: written to "users" after the buyers (see loadTableName)
	{"ship_tos", "tenant_id, id, buyer_id, label, recipient, postal_code, address, phone, is_default, position, created_at, updated_at"},
	{"buyer_prices", "tenant_id, id, buyer_id, sku_id, breaks, created_at, updated_at"},
	{"orders", "tenant_id, id, number, buyer_id, status, placed_by, placed_by_realm, ship_to_id, ship_label, ship_recipient, ship_postal_code, ship_address, tax_rounding, subtotal10, tax10, subtotal8, tax8, total, line_count, placed_at, updated_at"},
	{"order_lines", "tenant_id, order_id, line_no, sku_id, code, jan, product_name, variant, unit, case_qty, quantity, unit_price, tax_rate, amount, shipped_qty, placed_at"},
	{"shipments", "tenant_id, id, order_id, shipped_on, carrier, tracking_number, created_at"},
	{"shipment_lines", "tenant_id, shipment_id, line_no, quantity"},
	{"quotes", "tenant_id, id, number, buyer_id, status, latest_version, issued_version, valid_until, total, order_id, accepted_version, created_at, updated_at"},
	{"quote_versions", "tenant_id, quote_id, version, valid_until, notes, tax_rounding, subtotal10, tax10, subtotal8, tax8, total, line_count, issued_at, updated_at"},
	{"quote_lines", "tenant_id, quote_id, version, line_no, sku_id, code, jan, product_name, variant, unit, case_qty, quantity, unit_price, tax_rate, amount"},
	{"invoices", invoiceInsertCols},
	{"invoice_lines", "tenant_id, invoice_id, line_no, shipped_on, order_id, order_number, shipment_id, slip_no, code, name, unit, quantity, unit_price, amount, tax_rate"},
	{"invoice_shipments", "tenant_id, shipment_id, invoice_id"},
	{"billing_closings", "tenant_id, buyer_id, closing_date, invoice_id, closed_at"},
	{"payments", "tenant_id, id, invoice_id, buyer_id, received_on, amount, method, note, created_at"},
	{"sales_daily", "tenant_id, day, amount, orders"},
	{"sales_monthly_buyers", "tenant_id, month, buyer_id, amount, orders"},
	{"sales_monthly_skus", "tenant_id, month, sku_id, code, product_name, variant, quantity, amount"},
	{"counters", "tenant_id, name, value"},
}

// loadTableName is the SQL table a buffer writes to.
func loadTableName(name string) string {
	if name == "buyer_users" {
		return "users"
	}
	return name
}

// loadWriter buffers the rows of one tenant's chunk, then hands them to
// the engine to write in one transaction, in the background when the
// chunk is independent of the ones still being written.
type loadWriter struct {
	s      *Store
	engine loadEngine
	t      oroshi.TenantID
	bufs   [][]any // the chunk being generated, by loadTables index
	nvals  int     // values in bufs
	counts loadgen.Counts
	index  map[string]int
	now    time.Time
	rnd    *rand.Rand
	phases []loadgen.Phase

	writing sync.WaitGroup
	slots   chan struct{} // one per transaction being written
	mu      sync.Mutex
	err     error // the first failed background write
}

// loadChunkValues caps the values one chunk buffers (16 bytes each plus
// their strings): a chunk reaching it is written at once, after the ones
// in flight (a full run's SKU rollups are a million rows).
const loadChunkValues = 4_000_000

func (s *Store) newLoadWriter(t oroshi.TenantID, seed int) *loadWriter {
	e := s.loadEngine()
	w := &loadWriter{s: s, engine: e, t: t, bufs: make([][]any, len(loadTables)), counts: loadgen.Counts{},
		index: map[string]int{}, now: s.now().UTC(), rnd: rand.New(rand.NewPCG(uint64(seed), 2026)),
		slots: make(chan struct{}, e.writers())}
	for i, lt := range loadTables {
		w.index[lt.name] = i
	}
	return w
}

// add buffers one row of table (without tenant_id, which it puts first).
func (w *loadWriter) add(ctx context.Context, table string, vals ...any) error {
	i := w.index[table]
	w.bufs[i] = append(append(w.bufs[i], w.t), vals...)
	w.counts[loadTableName(table)]++
	if w.nvals += len(vals) + 1; w.nvals >= loadChunkValues {
		return w.submit(ctx, false)
	}
	return nil
}

// submit writes the buffered rows in a transaction of their own: in the
// background when async (at most engine.writers() at once), else once
// those in flight have committed, so that their rows may be referenced.
func (w *loadWriter) submit(ctx context.Context, async bool) error {
	rows := w.bufs
	w.bufs, w.nvals = make([][]any, len(loadTables)), 0
	if !async {
		if err := w.wait(); err != nil {
			return err
		}
		return w.engine.writeChunk(ctx, w.t, rows)
	}
	if err := w.failed(); err != nil {
		return err
	}
	w.slots <- struct{}{}
	w.writing.Add(1)
	go func() {
		defer func() { <-w.slots; w.writing.Done() }()
		if err := w.engine.writeChunk(ctx, w.t, rows); err != nil {
			w.mu.Lock()
			if w.err == nil {
				w.err = err
			}
			w.mu.Unlock()
		}
	}()
	return nil
}

// wait waits for the background writes and returns the first failure.
func (w *loadWriter) wait() error {
	w.writing.Wait()
	return w.failed()
}

func (w *loadWriter) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// loadRowsOf is the rows of a full INSERT batch of ncols columns.
func loadRowsOf(ncols int) int { return min(loadBatch, loadMaxParams/ncols) }

// loadColsOf is the column list of loadTables[i].
func loadColsOf(i int) string {
	if loadTables[i].name == "buyer_users" {
		return loadTables[0].cols
	}
	return loadTables[i].cols
}

// chunk runs fn and writes what it buffered in one transaction (two or
// more when it buffers over loadChunkValues), waiting for the commit.
func (w *loadWriter) chunk(ctx context.Context, fn func() error) error {
	if err := fn(); err != nil {
		return errors.Join(err, w.wait())
	}
	return w.submit(ctx, false)
}

// chunks runs fn for items 0…n-1, which must not refer to each other's
// rows, in transactions of size items written in the background. The
// first transaction takes a tenth of that, commits, and is followed by an
// analyze of tables (if any), so that the foreign-key checks of the rest
// find their parents through the primary key (see loadPostgres.analyze).
func (w *loadWriter) chunks(ctx context.Context, n, size int, tables []string, fn func(i int) error) error {
	for start, end := 0, min(n, max(1, size/10)); start < n; start, end = end, min(n, end+size) {
		for i := start; i < end; i++ {
			if err := fn(i); err != nil {
				return errors.Join(err, w.wait())
			}
		}
		if err := w.submit(ctx, start > 0); err != nil {
			return errors.Join(err, w.wait())
		}
		if start == 0 && end < n && len(tables) > 0 {
			if err := w.engine.analyze(ctx, tables...); err != nil {
				return err
			}
		}
	}
	return w.wait()
}

// phase times fn as the named phase.
func (w *loadWriter) phase(name string, fn func() error) error {
	start := time.Now()
	err := fn()
	w.phases = append(w.phases, loadgen.Phase{Name: name, Elapsed: time.Since(start)})
	return err
}

// LoadTenant writes a new tenant's generated data (see package loadgen).
func (s *Store) LoadTenant(ctx context.Context, t oroshi.TenantID, spec loadgen.TenantSpec) (loadgen.Loaded, error) {
	w := s.newLoadWriter(t, spec.Index)
	g := &loadGen{w: w, spec: spec}
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"利用者・商品 (users, catalogue)", g.catalog},
		{"検索索引 (search index)", g.searchIndex},
		{"取引先・価格 (buyers, prices)", g.buyerCompanies},
		{"注文・出荷・請求 (orders, shipments, invoices)", g.orders},
		{"見積・集計 (quotes, rollups)", g.finish},
	}
	for _, st := range steps {
		if err := w.phase(st.name, func() error { return st.fn(ctx) }); err != nil {
			return loadgen.Loaded{}, err
		}
	}
	return loadgen.Loaded{Counts: w.counts, Phases: w.phases, OwnerEmail: g.ownerEmail(), BuyerEmail: g.buyerEmail(0, 0)}, nil
}

// AnalyzeAfterLoad refreshes the planner statistics, as autovacuum (or a
// periodic PRAGMA optimize) would after such a load.
func (s *Store) AnalyzeAfterLoad(ctx context.Context) error {
	return s.loadEngine().analyze(ctx)
}
