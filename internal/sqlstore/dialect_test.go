package sqlstore

import "testing"

func TestPostgresRebind(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT a FROM t WHERE x = ? AND y = ?", "SELECT a FROM t WHERE x = $1 AND y = $2"},
		{"SELECT '?' , \"a?\" FROM t WHERE x = ?", "SELECT '?' , \"a?\" FROM t WHERE x = $1"},
		{"INSERT INTO t VALUES (?, 'it''s', ?)", "INSERT INTO t VALUES ($1, 'it''s', $2)"},
	}
	for _, tt := range tests {
		if got := (postgresDialect{}).rebind(tt.in); got != tt.want {
			t.Errorf("rebind(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
