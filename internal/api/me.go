package api

import (
	"fmt"
	"net/http"
	"time"
)

// Me is who the caller is: the key's tenant and the key itself.
type Me struct {
	Tenant Tenant `json:"tenant"`
	Key    APIKey `json:"key"`
}

// Tenant is a seller tenant as API clients see it.
type Tenant struct {
	ID   string `json:"id" doc:"契約者ID（64ビット整数のため文字列）"`
	Slug string `json:"slug" doc:"URLに使う契約者の識別名"`
	Name string `json:"name" doc:"会社名"`
}

// APIKey is a key without its secret.
type APIKey struct {
	ID         string     `json:"id" doc:"APIキーID"`
	Name       string     `json:"name" doc:"APIキーの名前"`
	Prefix     string     `json:"prefix" doc:"キーの先頭部分（見分けるための表示用）"`
	Scopes     []string   `json:"scopes" doc:"許可されたスコープ"`
	CreatedAt  time.Time  `json:"created_at" doc:"作成日時（RFC 3339）"`
	LastUsedAt *time.Time `json:"last_used_at" doc:"最終利用日時（1分単位で記録）"`
}

// me answers GET /api/v1/me.
func (s *server) me(w http.ResponseWriter, r *http.Request) error {
	p, ok := principalOf(r.Context())
	if !ok {
		return fmt.Errorf("me: route is not authenticated")
	}
	k := p.Key
	writeJSON(w, http.StatusOK, Me{
		Tenant: Tenant{ID: p.Tenant.ID.String(), Slug: p.Tenant.Slug, Name: p.Tenant.Name},
		Key: APIKey{ID: k.ID.String(), Name: k.Name, Prefix: k.Prefix, Scopes: k.Scopes,
			CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt},
	})
	return nil
}

// openAPIDoc answers GET /api/v1/openapi.json.
func (s *server) openAPIDoc(w http.ResponseWriter, _ *http.Request) error {
	if s.docErr != nil {
		return fmt.Errorf("openapi document: %w", s.docErr)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	// The same for everyone, so caches may keep it for a while.
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(s.openapi) // a failed write means the client has gone
	return nil
}
