package config

import (
	"strconv"
	"strings"
)

// DefaultMemoryLimit is the soft memory limit of `oroshi serve`, for the
// memory the Go runtime manages. The process also holds its binary and the
// SQLite connections' memory (~80 MB together under load on the reference
// machine), and SPEC wants the server under 300 MB there. The collector
// works harder as the heap nears the limit; it never makes an allocation
// fail. The live heap under 1,000 users is ~70 MB.
const DefaultMemoryLimit = 192 << 20

// loadMemory reads OROSHI_MEMORY_LIMIT: a size such as 256MiB, 1GiB or a
// number of bytes, or "off". When GOMEMLIMIT is set the Go runtime reads
// that itself and this setting is left at 0 (not applied).
func (c *Config) loadMemory(getenv func(string) string) error {
	s := strings.TrimSpace(getenv("OROSHI_MEMORY_LIMIT"))
	switch {
	case getenv("GOMEMLIMIT") != "":
		c.MemoryLimit = 0
		return nil
	case s == "":
		c.MemoryLimit = DefaultMemoryLimit
		return nil
	case s == "off":
		c.MemoryLimit = 0
		return nil
	}
	n, ok := parseSize(s)
	if !ok || n < 32<<20 {
		return &Error{"OROSHI_MEMORY_LIMIT", s, `must be a size of at least 32MiB (e.g. 256MiB, 1GiB) or "off"`}
	}
	c.MemoryLimit = n
	return nil
}

// parseSize reads a byte count with an optional KiB, MiB or GiB suffix.
func parseSize(s string) (int64, bool) {
	mult := int64(1)
	for suffix, m := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if strings.HasSuffix(s, suffix) {
			s, mult = strings.TrimSuffix(s, suffix), m
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<50)/mult {
		return 0, false
	}
	return n * mult, true
}
