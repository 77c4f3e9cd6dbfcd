package sqlstore

import (
	"crypto/rand"
	"encoding/binary"
	"sync"
	"time"

	"github.com/oroshi-jp/oroshi"
)

// idGen makes 63-bit, time-ordered IDs without asking the database:
// 41 bits of milliseconds since 2025-01-01 (69 years), 10 bits of instance
// (random per process, so several instances rarely share one) and 12 bits of
// sequence (4,096 IDs per millisecond; the clock is borrowed from when more).
type idGen struct {
	mu   sync.Mutex
	node int64
	last int64
	seq  int64
}

var idEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()

func newIDGen() *idGen {
	var b [2]byte
	_, _ = rand.Read(b[:])
	return &idGen{node: int64(binary.BigEndian.Uint16(b[:]) & 0x3ff)}
}

func (g *idGen) next() oroshi.ID {
	g.mu.Lock()
	defer g.mu.Unlock()
	ms := time.Now().UnixMilli() - idEpoch
	if ms <= g.last {
		g.seq++
		if g.seq > 0xfff { // sequence used up: move to the next millisecond
			g.last++
			g.seq = 0
		}
	} else {
		g.last, g.seq = ms, 0
	}
	return oroshi.ID(g.last<<22 | g.node<<12 | g.seq)
}
