// Package oroshi holds the shared vocabulary of the platform: identifiers,
// money and the error kinds every layer understands. Standard library only.
package oroshi

import (
	"fmt"
	"strconv"
)

// ID identifies a row. IDs are generated in Go (see sqlstore) and are unique
// across tenants, so a leaked ID never names a row of another tenant.
type ID int64

// String formats the ID in decimal.
func (id ID) String() string { return strconv.FormatInt(int64(id), 10) }

// ParseID reads a decimal ID; anything else wraps ErrNotFound so that a
// malformed ID in a URL answers like a missing one.
func ParseID(s string) (ID, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("id %q: %w", s, ErrNotFound)
	}
	return ID(n), nil
}

// TenantID identifies a seller tenant. PlatformTenant (0) is the scope of
// operator data (operator sessions, platform audit events).
type TenantID int64

// PlatformTenant is the pseudo tenant of the operators' own rows.
const PlatformTenant TenantID = 0

// String formats the tenant ID in decimal.
func (t TenantID) String() string { return strconv.FormatInt(int64(t), 10) }

// Yen is an amount of money in integer yen. Prices are tax-exclusive unless
// a name says otherwise.
type Yen int64
