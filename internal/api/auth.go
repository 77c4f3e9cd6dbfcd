package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/logging"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// principal is who calls: a live key of an active tenant.
type principal struct {
	Key    apikeys.Key
	Tenant tenancy.Tenant
}

type principalKey struct{}

// principalOf is the caller of an authenticated route; handlers of such
// routes can rely on ok being true.
func principalOf(ctx context.Context) (principal, bool) {
	p, ok := ctx.Value(principalKey{}).(principal)
	return p, ok
}

// challenge is a WWW-Authenticate value (RFC 6750); errCode "" when the
// request carried no credentials.
func challenge(errCode string, params ...string) string {
	c := `Bearer realm="oroshi"`
	if errCode != "" {
		c += `, error="` + errCode + `"`
	}
	for _, p := range params {
		c += ", " + p
	}
	return c
}

// Unknown, revoked and malformed keys get this same answer, so that nobody
// learns which keys exist or once existed.
func invalidKey() *apiError {
	return &apiError{status: http.StatusUnauthorized, message: "APIキーが無効です",
		challenge: challenge("invalid_token")}
}

// bearerToken reads "Authorization: Bearer <token>"; the scheme is
// case-insensitive (RFC 9110). present tells whether the header was sent.
func bearerToken(r *http.Request) (token string, present bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false
	}
	scheme, rest, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", true
	}
	return strings.TrimSpace(rest), true
}

// authorize authenticates the request's key, checks that its tenant may
// use the API and that the key has scope ("" for any live key), and returns
// the request carrying the principal.
func (s *server) authorize(r *http.Request, scope string) (*http.Request, error) {
	p, err := s.authenticate(r)
	if err != nil {
		return nil, err
	}
	info := logging.Info(r.Context()) // for the access log line
	info.Realm, info.Tenant, info.UserID = "api", p.Tenant.Slug, p.Key.ID.String()
	info.TenantID = int64(p.Tenant.ID)
	if !p.Tenant.Active() {
		return nil, newError(http.StatusForbidden, "ご契約が停止中または終了しているため、APIを利用できません")
	}
	if err := requireScope(p.Key, scope); err != nil {
		return nil, err
	}
	return r.WithContext(context.WithValue(r.Context(), principalKey{}, p)), nil
}

func (s *server) authenticate(r *http.Request) (principal, error) {
	token, present := bearerToken(r)
	if !present {
		return principal{}, &apiError{status: http.StatusUnauthorized, challenge: challenge(""),
			message: "APIキーが必要です（Authorization: Bearer <APIキー> ヘッダーを付けてください）"}
	}
	if token == "" {
		return principal{}, invalidKey()
	}
	k, err := s.keys.Authenticate(r.Context(), token)
	if errors.Is(err, oroshi.ErrUnauthorized) {
		return principal{}, invalidKey()
	}
	if err != nil {
		return principal{}, fmt.Errorf("authenticate api key: %w", err)
	}
	t, err := s.tenants.Tenant(r.Context(), k.Tenant)
	if errors.Is(err, oroshi.ErrNotFound) { // a key outliving its tenant opens nothing
		return principal{}, invalidKey()
	}
	if err != nil {
		return principal{}, fmt.Errorf("tenant of api key %s: %w", k.ID, err)
	}
	return principal{Key: k, Tenant: t}, nil
}

// requireScope answers 403 with the missing scope named, so that the
// developer knows which key to ask for.
func requireScope(k apikeys.Key, scope string) error {
	if scope == "" || k.Allows(scope) {
		return nil
	}
	return &apiError{status: http.StatusForbidden,
		message:   "このAPIキーには必要なスコープ「" + scope + "」がありません",
		challenge: challenge("insufficient_scope", `scope="`+scope+`"`)}
}
