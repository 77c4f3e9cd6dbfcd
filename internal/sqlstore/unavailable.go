package sqlstore

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/ncruces/go-sqlite3"
)

// unreachable tells whether err means the database cannot be reached or
// has gone away (connection refused or reset, server shutting down), as
// opposed to a statement that failed: pages and the API then answer 503
// and the pool reconnects by itself once the database is back.
func unreachable(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	var pe *pgconn.PgError
	var se *sqlite3.Error
	switch {
	case errors.As(err, &se):
		// SQLite errors have Timeout/Temporary methods and so look like a
		// net.Error; a file database is never "unreachable" that way.
		return false
	case errors.As(err, &ce), errors.As(err, &ne), errors.Is(err, driver.ErrBadConn),
		errors.Is(err, pgconn.ErrConnClosed), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	case errors.As(err, &pe):
		// Class 08 connection exception; 57P01–57P03 admin or crash
		// shutdown, cannot connect now.
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	return false
}
