package sqlstoretest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/sqlstore"
)

// Clock is a settable clock for a store and the services of a test.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Add moves the clock on by d.
func (c *Clock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

// OpenClock is Open with the store's clock set to clk.
func OpenClock(t testing.TB, engine string, clk *Clock) *sqlstore.Store {
	t.Helper()
	o := Options(t, engine)
	o.Now = clk.Now
	s, err := sqlstore.Open(context.Background(), o)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
