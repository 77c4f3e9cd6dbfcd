package sqlstore

import "testing"

// TestCacheable: a * column list keeps a statement out of the cache (its
// column count can change with a migration); count(*) and multiplication
// do not.
func TestCacheable(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"SELECT * FROM t", false},
		{"select\n*\nfrom t", false},
		{"SELECT DISTINCT * FROM t", false},
		{"SELECT t.* FROM t JOIN u ON u.id = t.id", false},
		{"SELECT a, * FROM t", false},
		{"SELECT a FROM (SELECT * FROM t) s", false},
		{"INSERT INTO t (a) VALUES (?) RETURNING *", false},
		{"SELECT count(*) FROM t", true},
		{"SELECT count( * ) FROM t", true},
		{"SELECT sum(amount * (100 + tax_rate) / 100) FROM t", true},
		{"SELECT a*2, b * c FROM t WHERE (d + 1) * 2 > ?", true},
		{"UPDATE t SET n = n * ? RETURNING id", true},
		{"SELECT a FROM t", true},
	}
	for _, tt := range tests {
		if got := cacheable(tt.q); got != tt.want {
			t.Errorf("cacheable(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}
