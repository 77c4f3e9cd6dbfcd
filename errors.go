package oroshi

import (
	"errors"
	"sort"
	"strings"
)

// Error kinds. Wrap them with %w plus the operation and key; one function in
// each of web and api maps them to an HTTP status.
var (
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrForbidden    = errors.New("forbidden")
	ErrUnauthorized = errors.New("unauthorized")
	// ErrTooManyAttempts means a lockout or rate limit is in force.
	ErrTooManyAttempts = errors.New("too many attempts")
	// ErrUnavailable means the database cannot be reached: try again later.
	ErrUnavailable = errors.New("database unavailable")
)

// ValidationError carries one message per field, in Japanese for the UI, so a
// form can be re-rendered and the API can return them under "fields".
type ValidationError struct {
	Fields map[string]string
}

// Error lists the fields in a stable order.
func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+e.Fields[k])
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Add records a message for field unless one is already there (the first
// problem found is the most useful one to show).
func (e *ValidationError) Add(field, msg string) {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	if _, ok := e.Fields[field]; !ok {
		e.Fields[field] = msg
	}
}

// Err returns e when it holds a message and nil otherwise, so validation code
// can end with `return v.Err()`.
func (e *ValidationError) Err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

// Invalid is a shortcut for a one-field validation error.
func Invalid(field, msg string) error {
	v := &ValidationError{}
	v.Add(field, msg)
	return v
}
