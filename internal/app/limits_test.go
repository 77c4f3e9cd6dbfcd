package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// zeros is an endless body of '0' bytes, so that oversized bodies are not
// held in memory.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '0'
	}
	return len(p), nil
}

// TestOversizedBodiesAnswer413: a web form, a file upload and an API
// route each refuse a body over their bound with 413, never 500.
func TestOversizedBodiesAnswer413(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			a, h := openDemo(t, engine)
			ctx := context.Background()
			csrf, token := loginForm(t, h, "/sakura/admin/login")
			admin := signIn(t, h, "/sakura/admin/login", "tanaka@sakura-foods.example", csrf, token)
			tenant, err := a.Store.TenantBySlug(ctx, "sakura")
			if err != nil {
				t.Fatal(err)
			}
			_, key, err := a.Keys.Create(ctx, tenant.ID, "limits", []string{apikeys.BuyersWrite}, audit.Actor{Realm: "admin"})
			if err != nil {
				t.Fatal(err)
			}
			const mib = 1 << 20
			tests := []struct {
				name, path, ctype string
				body              io.Reader
			}{
				{"form", "/sakura/admin/buyers", "application/x-www-form-urlencoded",
					io.MultiReader(strings.NewReader("csrf_token="+token+"&name="), io.LimitReader(zeros{}, mib))},
				{"upload", "/sakura/admin/csv/import", "multipart/form-data; boundary=b",
					io.MultiReader(strings.NewReader("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"),
						io.LimitReader(zeros{}, 65*mib))},
				{"api", "/api/v1/buyers", "application/json",
					io.MultiReader(strings.NewReader(`{"code":"`), io.LimitReader(zeros{}, 2*mib))},
			}
			for _, tt := range tests {
				req := httptest.NewRequest("POST", tt.path, tt.body)
				req.Header.Set("Content-Type", tt.ctype)
				req.Header.Set("Authorization", "Bearer "+key)
				req.AddCookie(csrf)
				req.AddCookie(admin)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusRequestEntityTooLarge {
					t.Errorf("%s: POST %s with an oversized body = %d, want 413\n%.300s", tt.name, tt.path, rec.Code, rec.Body.String())
				}
			}
		})
	}
}
