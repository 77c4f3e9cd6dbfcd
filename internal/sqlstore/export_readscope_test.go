package sqlstore

import (
	"context"
	"database/sql"

	"github.com/oroshi-jp/oroshi"
)

// ReadProbe is what a read for tenant t sees of its connection.
type ReadProbe struct {
	PID      int    // the server process behind the connection
	Tenant   string // app.tenant_id
	ReadOnly string // transaction_read_only: "on" or "off"
}

// ProbeRead runs one read for t and reports its connection (PostgreSQL).
func (s *Store) ProbeRead(ctx context.Context, t oroshi.TenantID) (ReadProbe, error) {
	var p ReadProbe
	err := s.read(ctx, t, func(c *conn) error { return probe(ctx, c, &p) })
	return p, err
}

// ProbeNested runs a read for t inside another read for t.
func (s *Store) ProbeNested(ctx context.Context, t oroshi.TenantID) (outer, inner ReadProbe, err error) {
	err = s.read(ctx, t, func(c *conn) error {
		if err := probe(ctx, c, &outer); err != nil {
			return err
		}
		return s.read(ctx, t, func(c *conn) error { return probe(ctx, c, &inner) })
	})
	return outer, inner, err
}

// WriteInRead tries to change a row from within a read for t.
func (s *Store) WriteInRead(ctx context.Context, t oroshi.TenantID) error {
	return s.read(ctx, t, func(c *conn) error {
		_, err := c.exec(ctx, `UPDATE tenants SET name = name WHERE id = ?`, t)
		return err
	})
}

// ProbeIdle reports every idle connection of the reading pool, taken
// straight from the pool with no scope set by anyone.
func (s *Store) ProbeIdle(ctx context.Context) ([]ReadProbe, error) {
	n := s.r.Stats().Idle
	out := make([]ReadProbe, n)
	for i := range n {
		c, err := s.r.Conn(ctx)
		if err != nil {
			return nil, err
		}
		defer c.Close() // all held at once, so each is a different one
		if err := probe(ctx, &conn{ex: c, d: s.d}, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func probe(ctx context.Context, c *conn, p *ReadProbe) error {
	return c.row(ctx, `SELECT pg_backend_pid(), current_setting('app.tenant_id', true), current_setting('transaction_read_only')`).
		Scan(&p.PID, &p.Tenant, &p.ReadOnly)
}

// HoldReadingPool takes every connection of the reading pool until the
// returned function gives them back.
func (s *Store) HoldReadingPool(ctx context.Context) (func(), error) {
	var held []*sql.Conn
	release := func() {
		for _, c := range held {
			c.Close()
		}
	}
	for range s.r.Stats().MaxOpenConnections {
		c, err := s.r.Conn(ctx)
		if err != nil {
			release()
			return nil, err
		}
		held = append(held, c)
	}
	return release, nil
}

// YieldReads gives the request's reading connection back, as PlaceOrder
// does before its transaction.
func (s *Store) YieldReads(ctx context.Context) { s.yieldReads(ctx) }

// WritingPoolInUse is the number of the writing pool's connections in use.
func (s *Store) WritingPoolInUse() int { return s.w.Stats().InUse }

// ScopeSets is the number of times a reading connection was scoped.
func (s *Store) ScopeSets() int64 { return s.scopeSets.Load() }
