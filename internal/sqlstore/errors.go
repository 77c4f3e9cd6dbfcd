package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/ncruces/go-sqlite3"

	"github.com/oroshi-jp/oroshi"
)

// translate maps driver errors to the kinds of package oroshi, once, here.
func (s *Store) translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return oroshi.ErrNotFound
	}
	if unreachable(err) {
		return fmt.Errorf("%w: %w", oroshi.ErrUnavailable, err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505": // unique_violation
			return fmt.Errorf("%w: %s", oroshi.ErrConflict, pe.ConstraintName)
		case "23503": // foreign_key_violation
			return fmt.Errorf("%w: %s", oroshi.ErrNotFound, pe.ConstraintName)
		}
		return err
	}
	var se *sqlite3.Error
	if errors.As(err, &se) {
		switch se.ExtendedCode() {
		case sqlite3.CONSTRAINT_UNIQUE, sqlite3.CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %s", oroshi.ErrConflict, se.Error())
		case sqlite3.CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%w: %s", oroshi.ErrNotFound, se.Error())
		}
	}
	return err
}

// mustAffect turns "no row changed" into ErrNotFound.
func mustAffect(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return oroshi.ErrNotFound
	}
	return nil
}
