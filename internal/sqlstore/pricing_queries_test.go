package sqlstore_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"net"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// pgStatements is a TCP proxy in front of PostgreSQL that counts the
// statements clients execute: Execute messages of the extended protocol
// (how pgx runs every statement with arguments) and simple Query messages.
// It reads only the client's side of the protocol and forwards every byte.
type pgStatements struct {
	upstream string
	n        atomic.Int64
	conns    atomic.Int64

	mu  sync.Mutex
	log []wireStatement // every statement executed, in order
}

// wireStatement is one statement a client executed: its text, and which
// of the proxy's connections it came on.
type wireStatement struct {
	conn int64
	text string
}

// executed lists the statements executed so far.
func (p *pgStatements) executed() []wireStatement {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.log)
}

// wireConn follows one connection's prepared statements and portals, so
// that an Execute message can be named by its statement's text.
type wireConn struct {
	id         int64
	statements map[string]string // name → SQL, from Parse
	portals    map[string]string // portal → statement name, from Bind
}

// see reads a client message of type typ for the statement log.
func (p *pgStatements) see(wc *wireConn, typ byte, body []byte) {
	fields := bytes.Split(body, []byte{0})
	field := func(i int) string {
		if i < len(fields) {
			return string(fields[i])
		}
		return ""
	}
	var text string
	switch typ {
	case 'P':
		wc.statements[field(0)] = field(1)
		return
	case 'B':
		wc.portals[field(0)] = field(1)
		return
	case 'E':
		text = wc.statements[wc.portals[field(0)]]
	case 'Q':
		text = field(0)
	default:
		return
	}
	p.mu.Lock()
	p.log = append(p.log, wireStatement{conn: wc.id, text: text})
	p.mu.Unlock()
}

func startPGStatements(t *testing.T, upstream string) (*pgStatements, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	p := &pgStatements{upstream: upstream}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.serve(c)
		}
	}()
	return p, ln.Addr().String()
}

// proxyPostgres starts a pgStatements proxy in front of the server of
// dbURL and returns it with the URL that goes through it.
func proxyPostgres(t *testing.T, dbURL string) (*pgStatements, string) {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil || u.Hostname() == "" {
		t.Skipf("cannot proxy %q: %v", dbURL, err)
	}
	upstream := u.Host
	if u.Port() == "" {
		upstream = net.JoinHostPort(u.Hostname(), "5432")
	}
	p, addr := startPGStatements(t, upstream)
	u.Host = addr
	q := u.Query()
	q.Set("sslmode", "disable") // the proxy reads the protocol in clear
	u.RawQuery = q.Encode()
	return p, u.String()
}

func (p *pgStatements) serve(client net.Conn) {
	defer client.Close()
	server, err := net.Dial("tcp", p.upstream)
	if err != nil {
		return
	}
	defer server.Close()
	go func() {
		_, _ = io.Copy(client, server)
		client.Close()
	}()
	r := bufio.NewReader(client)
	wc := &wireConn{id: p.conns.Add(1), statements: map[string]string{}, portals: map[string]string{}}
	for { // the startup packet, after any SSL or GSS encryption request (8 bytes)
		n, ok := p.forward(wc, r, server, false)
		if !ok {
			return
		}
		if n != 8 {
			break
		}
	}
	for {
		if _, ok := p.forward(wc, r, server, true); !ok {
			return
		}
	}
}

// forward copies one message (typed: a type byte then a length; startup
// packets have no type byte) and counts it; it returns the length.
func (p *pgStatements) forward(wc *wireConn, r *bufio.Reader, w io.Writer, typed bool) (uint32, bool) {
	head := make([]byte, 4)
	if typed {
		head = make([]byte, 5)
	}
	if _, err := io.ReadFull(r, head); err != nil {
		return 0, false
	}
	n := binary.BigEndian.Uint32(head[len(head)-4:])
	if typed && (head[0] == 'E' || head[0] == 'Q') {
		p.n.Add(1)
	}
	body := make([]byte, int(n)-4)
	if _, err := io.ReadFull(r, body); err != nil {
		return 0, false
	}
	if typed {
		p.see(wc, head[0], body)
	}
	if _, err := w.Write(append(head, body...)); err != nil {
		return 0, false
	}
	return n, true
}

// TestPriceCartStatementCount proves on PostgreSQL, by counting what goes
// over the wire, that pricing a cart takes the same number of statements
// for 1 line as for 100 — the price version, then BEGIN, set the tenant,
// buyer and lists, SKUs, COMMIT — and one more per further 1,000 SKUs; a
// cart priced before reads the price version alone. (SQLite runs the same
// queries, without the transaction.)
func TestPriceCartStatementCount(t *testing.T) {
	o := sqlstoretest.Options(t, "postgres")
	direct := pricingOpen(t, o.URL)
	pb := newPricingBench(t, direct, 2500) // seeded directly: the proxy only sees the carts
	pricingAnalyze(t, direct, o)

	counter, proxied := proxyPostgres(t, o.URL)
	pb.f.svc.Store = pricingOpen(t, proxied)
	pb.check(t) // also opens the pooled connection, so no connection set-up is counted below

	store, now := pb.f.svc.Store, pb.f.svc.Now
	var svc *pricing.Service
	count := func(n int, kept bool) int64 {
		if !kept { // a new service keeps nothing: every line goes to the store
			svc = &pricing.Service{Store: store, Now: now}
		}
		lines := make([]pricing.Line, n)
		for i := range lines {
			lines[i] = pricing.Line{SKU: pb.skus[i], Qty: 1}
		}
		before := counter.n.Load()
		if _, err := svc.PriceCart(context.Background(), pb.f.tenant, pb.buyer, lines, pricingToday); err != nil {
			t.Fatalf("%d lines: %v", n, err)
		}
		return counter.n.Load() - before
	}
	count(1, false) // opens the reading pool's connection (SET ROLE), not counted below
	one, hundred, big := count(1, false), count(100, false), count(2500, false)
	again := count(100, true)
	t.Logf("statements per cart: 1 line %d, 100 lines %d, 2,500 lines %d, 100 lines priced before %d", one, hundred, big, again)
	if one > 9 || hundred != one || big != one+2 || again > 4 {
		t.Errorf("statements: 1 line %d, 100 lines %d, 2,500 lines %d, 100 kept %d; want at most 9, the same, 2 more "+
			"(3 chunks), and at most 4 (the price version alone)", one, hundred, big, again)
	}
}

func pricingOpen(t *testing.T, url string) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), sqlstore.Options{URL: url, AuditKey: sqlstoretest.AuditKey()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
