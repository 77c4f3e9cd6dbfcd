//go:build linux

package crash

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestCrashOrders kills `oroshi serve` with SIGKILL at random moments while
// buyers place orders, restarts it, and checks that nothing acknowledged is
// lost or doubled and that stock and the audit chain still add up.
func TestCrashOrders(t *testing.T) {
	enabled(t)
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { crashRun(t, engine) })
	}
}

// ack is an order a client was told about (201), by its Idempotency-Key.
type ack struct {
	key, number, sku string
	qty              int64
}

// loadStats counts what the clients saw.
type loadStats struct {
	mu        sync.Mutex
	acks      []ack
	retries   atomic.Int64 // requests sent again after no answer or a 5xx
	throttled atomic.Int64 // requests sent again after a 429 (rate limit)
	longest   atomic.Int64 // longest time to an answer, ms, retries included
	refusals  atomic.Int64 // unexpected 4xx answers
	lastError atomic.Value
}

func crashRun(t *testing.T, engine string) {
	cycles := envInt(t, "OROSHI_CRASH_CYCLES", 5)
	workers := envInt(t, "OROSHI_CRASH_WORKERS", 4)
	n := newNode(t, engine, "")
	key := seedKey(t, n)
	port := freePort(t)
	clients := workerClients(t, n, "http://127.0.0.1:"+port, workers)
	p := n.serve(t, port)
	c := newAPIClient(p.base, key, 2)
	f := newFixture(t, c, 3)

	ctx, stop := context.WithCancel(context.Background())
	st := &loadStats{}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { orderLoad(ctx, clients[w], f, w, st) })
	}
	started := time.Now()
	var restart time.Duration
	for range cycles {
		time.Sleep(time.Second + rand.N(2*time.Second))
		p.kill()
		t0 := time.Now()
		p = n.serve(t, port)
		restart = max(restart, time.Since(t0))
	}
	time.Sleep(500 * time.Millisecond)
	stop()
	wg.Wait()
	elapsed := time.Since(started)
	if s, ok := st.lastError.Load().(string); ok {
		t.Errorf("unexpected answer (%d in all): %s", st.refusals.Load(), s)
	}
	lost, dup := verifyOrders(t, c, f, st.acks)
	p.term(t)
	audit := n.cli(t, "audit", "verify") // exits non-zero when a chain is broken
	t.Logf("%s: %d SIGKILL cycles in %s, %d workers: %d orders acknowledged, %d lost, %d duplicated; "+
		"%d retries (%d after 429), longest answer %d ms, slowest restart to ready %s; audit verify: %s",
		engine, cycles, elapsed.Round(time.Millisecond), workers, len(st.acks), lost, dup,
		st.retries.Load(), st.throttled.Load(), st.longest.Load(), restart.Round(time.Millisecond), strings.TrimSpace(audit))
}

// orderLoad is one buyer placing one-line orders until ctx ends; each
// order is sent again with the same key until the server answers.
func orderLoad(ctx context.Context, c *apiClient, f fixture, w int, st *loadStats) {
	for i := 0; ctx.Err() == nil; i++ {
		b := f.buyers[(w+i)%len(f.buyers)]
		a := ack{key: fmt.Sprintf("crash-%d-%d-%d", w, i, rand.Int64()), sku: f.skus[rand.N(len(f.skus))],
			qty: 1 + rand.Int64N(5)}
		body := map[string]any{"buyer_id": b[0], "ship_to_id": b[1], "po_number": a.key,
			"lines": []map[string]any{{"sku_id": a.sku, "quantity": a.qty}}}
		number, ok := placeUntilAnswered(c, body, a.key, st)
		if !ok {
			return
		}
		a.number = number
		st.mu.Lock()
		st.acks = append(st.acks, a)
		st.mu.Unlock()
	}
}

// placeUntilAnswered retries transport errors and 5xx (the server is down
// or restarting) for up to a minute; it reports other answers as refusals.
func placeUntilAnswered(c *apiClient, body map[string]any, key string, st *loadStats) (string, bool) {
	t0 := time.Now()
	for time.Since(t0) < time.Minute {
		status, out, err := c.call(http.MethodPost, "/api/v1/orders", body, key)
		switch {
		case err != nil || status >= 500:
			st.retries.Add(1)
			time.Sleep(50 * time.Millisecond)
			continue
		case status == http.StatusTooManyRequests: // a long soak outruns 600 a minute
			st.throttled.Add(1)
			time.Sleep(time.Second)
			continue
		case status != http.StatusCreated:
			st.refusals.Add(1)
			st.lastError.Store(fmt.Sprintf("%d %s", status, out))
			return "", false
		}
		var o placedOrder
		if json.Unmarshal(out, &o) != nil || o.Number == "" {
			st.refusals.Add(1)
			st.lastError.Store("201 without an order: " + string(out))
			return "", false
		}
		if ms := time.Since(t0).Milliseconds(); ms > st.longest.Load() {
			st.longest.Store(ms)
		}
		return o.Number, true
	}
	st.refusals.Add(1)
	st.lastError.Store("no answer within a minute for key " + key)
	return "", false
}

// verifyOrders checks every acknowledged order exists once under its
// number, no key was placed twice, and stock is initial minus sold.
func verifyOrders(t *testing.T, c *apiClient, f fixture, acks []ack) (lost, dup int) {
	t.Helper()
	byKey := map[string][]placedOrder{}
	sold := map[string]int64{}
	for _, o := range allOrders(t, c) {
		if !strings.HasPrefix(o.PONumber, "crash-") {
			continue
		}
		byKey[o.PONumber] = append(byKey[o.PONumber], o)
	}
	acked := map[string]bool{}
	for _, a := range acks {
		acked[a.key] = true
		got := byKey[a.key]
		sold[a.sku] += a.qty * int64(len(got)) // the list has no lines; the key tells them
		switch {
		case len(got) == 0:
			lost++
			t.Errorf("order %s (key %s) was acknowledged but is missing", a.number, a.key)
		case got[0].Number != a.number:
			t.Errorf("key %s: acknowledged as %s, stored as %s", a.key, a.number, got[0].Number)
		}
	}
	for key, got := range byKey {
		if len(got) > 1 {
			dup += len(got) - 1
			t.Errorf("key %s placed %d times", key, len(got))
		}
		if !acked[key] {
			t.Errorf("order %s (key %s) exists but was never acknowledged", got[0].Number, key)
		}
	}
	now := f.stockNow(t, c)
	for _, sku := range f.skus {
		if want := f.stock[sku] - sold[sku]; now[sku] != want {
			t.Errorf("SKU %s: stock %d, want %d (initial %d − sold %d)", sku, now[sku], want, f.stock[sku], sold[sku])
		}
	}
	return lost, dup
}
