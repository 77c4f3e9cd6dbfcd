package sqlstore

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/oroshi-jp/oroshi"
)

func TestTranslateUnreachable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"connection refused", fmt.Errorf("begin: %w", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}), true},
		{"bad connection", fmt.Errorf("query: %w", driver.ErrBadConn), true},
		{"pooled connection closed", fmt.Errorf("begin: %w", pgconn.ErrConnClosed), true},
		{"connection cut mid-answer", fmt.Errorf("query: %w", io.ErrUnexpectedEOF), true},
		{"admin shutdown", &pgconn.PgError{Code: "57P01"}, true},
		{"cannot connect now", &pgconn.PgError{Code: "57P03"}, true},
		{"connection failure", &pgconn.PgError{Code: "08006"}, true},
		{"unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"syntax error", &pgconn.PgError{Code: "42601"}, false},
		{"other", errors.New("something else"), false},
	}
	s := &Store{}
	for _, tt := range tests {
		got := errors.Is(s.translate(tt.err), oroshi.ErrUnavailable)
		if got != tt.want {
			t.Errorf("%s: unavailable %v, want %v", tt.name, got, tt.want)
		}
	}
}
