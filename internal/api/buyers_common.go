package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/logging"
)

// Helpers shared by the endpoints of buyers, price groups, custom fields
// and prices.

// callerOf is the principal of an authenticated request and the actor the
// services record its changes against: the API key, realm "api".
func callerOf(r *http.Request) (principal, audit.Actor, error) {
	p, ok := principalOf(r.Context())
	if !ok {
		return principal{}, audit.Actor{}, fmt.Errorf("%s %s: route is not authenticated", r.Method, r.URL.Path)
	}
	return p, audit.Actor{Realm: audit.RealmAPI, ID: p.Key.ID, ClientAddr: logging.ClientAddr(r)}, nil
}

// idParam reads an ID from the path; a malformed one answers 404, like a
// missing one or another tenant's.
func idParam(r *http.Request, name string) (oroshi.ID, error) {
	return oroshi.ParseID(r.PathValue(name))
}

// queryOf parses the query string; r.URL.Query would drop a malformed pair
// silently, and with it a filter.
func queryOf(r *http.Request) (url.Values, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, newError(http.StatusBadRequest, "クエリ文字列が正しくありません（URLエンコードを確認してください）")
	}
	return q, nil
}

// queryID reads an optional ID parameter: 0 when absent, 400 naming the
// parameter when it is not a decimal ID.
func queryID(q url.Values, name string) (oroshi.ID, error) {
	raw := q.Get(name)
	if raw == "" {
		return 0, nil
	}
	id, err := oroshi.ParseID(raw)
	if err != nil {
		return 0, badParam(name, name+" はIDを10進数の文字列で指定してください")
	}
	return id, nil
}

// queryInt reads an optional integer parameter ≥ 1, def when absent.
func queryInt(q url.Values, name string, def int) (int, error) {
	raw := q.Get(name)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 {
		return 0, badParam(name, name+" は1以上の整数で指定してください")
	}
	return n, nil
}

// bodyID reads an ID sent as a string in a request body: "" is 0, and a
// malformed one is a validation error on field with msg.
func bodyID(v *oroshi.ValidationError, field, s, msg string) oroshi.ID {
	if s == "" {
		return 0
	}
	id, err := oroshi.ParseID(s)
	if err != nil {
		v.Add(field, msg)
		return 0
	}
	return id
}

// renameFields renames the field keys of a validation error from the
// service's names to the request's JSON names (group_id → price_group_id);
// other errors pass unchanged.
func renameFields(err error, names map[string]string) error {
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	out := &oroshi.ValidationError{}
	for k, m := range ve.Fields {
		if n, ok := names[k]; ok {
			k = n
		}
		out.Add(k, m)
	}
	return out
}

// parseErrors is nil when v holds no message. Otherwise it is v with the
// messages of check (the service's own validation of the value as far as it
// could be read) added, so that a client learns every problem at once even
// when some fields could not be parsed; a parse message wins over the
// service's on the same field. names renames the service's field keys.
func parseErrors(v *oroshi.ValidationError, check error, names map[string]string) error {
	if v.Err() == nil {
		return nil
	}
	var ve *oroshi.ValidationError
	if errors.As(renameFields(check, names), &ve) {
		for k, m := range ve.Fields {
			v.Add(k, m)
		}
	}
	return v
}

// refNotFound turns a validation error on field, the service's answer to an
// unknown reference, into 404 when the reference came from the path.
func refNotFound(err error, field string) error {
	var ve *oroshi.ValidationError
	if errors.As(err, &ve) && ve.Fields[field] != "" {
		return fmt.Errorf("%s: %w", field, oroshi.ErrNotFound)
	}
	return err
}

// optID is an ID that may be absent: null for none.
func optID(id oroshi.ID) *string {
	if id == 0 {
		return nil
	}
	s := id.String()
	return &s
}

// utc gives times one form in answers, whatever the engine returned.
func utc(t time.Time) time.Time { return t.UTC() }

// noContent answers 204, for deletions.
func noContent(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) }
