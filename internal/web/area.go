package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/logging"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// area is one of the three parts of the site.
type area struct {
	realm   identity.Realm
	pattern string // route prefix: "/ops", "/{tenant}/admin", "/{tenant}"
	cookie  string // session cookie name (without the __Host- prefix)
}

var (
	areaOps   = area{identity.RealmOps, "/ops", "oroshi_ops"}
	areaAdmin = area{identity.RealmAdmin, "/{tenant}/admin", "oroshi_admin"}
	areaShop  = area{identity.RealmShop, "/{tenant}", "oroshi_shop"}
)

// requestState is what the middleware learned about a request.
type requestState struct {
	lang    string
	area    area
	tenant  *tenancy.Tenant
	session identity.Session
	user    *identity.User
}

// base is the URL prefix of the request's area.
func (rc *requestState) base() string {
	if rc.tenant == nil && rc.area.realm != identity.RealmOps {
		return "" // unknown tenant: links go to the site's root
	}
	switch rc.area.realm {
	case identity.RealmOps:
		return "/ops"
	case identity.RealmAdmin:
		return "/" + rc.tenant.Slug + "/admin"
	case identity.RealmShop:
		return "/" + rc.tenant.Slug
	}
	return ""
}

func (rc *requestState) tenantID() oroshi.TenantID {
	if rc.tenant == nil {
		return oroshi.PlatformTenant
	}
	return rc.tenant.ID
}

type stateKey struct{}

func withReqCtx(r *http.Request) *http.Request {
	if _, ok := r.Context().Value(stateKey{}).(*requestState); ok {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), stateKey{}, &requestState{lang: langOf(r)}))
}

func reqCtx(r *http.Request) *requestState {
	if rc, ok := r.Context().Value(stateKey{}).(*requestState); ok {
		return rc
	}
	return &requestState{lang: langOf(r)}
}

// enter resolves the tenant of the URL and the session of the area's cookie.
// An unknown tenant is a 404; a suspended one a 403.
func (s *Server) enter(r *http.Request, a area) error {
	rc := reqCtx(r)
	rc.area = a
	info := logging.Info(r.Context())
	info.Realm = string(a.realm)
	if a.realm != identity.RealmOps {
		t, err := s.Tenants.PageTenant(r.Context(), r.PathValue("tenant"))
		if err != nil {
			return err
		}
		rc.tenant = &t
		info.Tenant, info.TenantID = t.Slug, int64(t.ID)
		if !t.Active() {
			return fmt.Errorf("tenant %s is %s: %w", t.Slug, t.Status, errTenantInactive)
		}
	}
	c, err := r.Cookie(s.cookieName(a))
	if err != nil {
		return nil
	}
	sess, u, err := s.Identity.Authenticate(r.Context(), rc.tenantID(), a.realm, c.Value)
	if errors.Is(err, oroshi.ErrUnauthorized) {
		return nil
	}
	if err != nil {
		return err
	}
	rc.session, rc.user = sess, &u
	info.UserID = u.ID.String()
	return nil
}

// csrfCookie is the per-browser CSRF secret of sign-in forms, an area
// without its session cookie.
var csrfCookie = area{cookie: "oroshi_csrf"}

// cookieName is an area's cookie name; under HTTPS with the __Host- prefix,
// which browsers accept only from a secure origin, for this host, path /.
func (s *Server) cookieName(a area) string {
	if s.Secure {
		return "__Host-" + a.cookie
	}
	return a.cookie
}

// public wraps pages anyone may see (sign-in, reset links).
func (s *Server) public(a area, h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if err := s.enter(r, a); err != nil {
			return err
		}
		if err := s.checkCSRF(w, r); err != nil {
			return err
		}
		return h(w, r)
	})
}

// page wraps pages that need a signed-in user holding perm.
func (s *Server) page(a area, perm identity.Permission, h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if err := s.enter(r, a); err != nil {
			return err
		}
		rc := reqCtx(r)
		switch {
		case rc.user == nil:
			http.Redirect(w, r, rc.base()+"/login", http.StatusSeeOther)
			return nil
		case rc.session.MFAPending:
			http.Redirect(w, r, rc.base()+"/mfa", http.StatusSeeOther)
			return nil
		case !identity.Can(rc.user.Realm, rc.user.Role, perm):
			return fmt.Errorf("%s needs %s: %w", r.URL.Path, perm, oroshi.ErrForbidden)
		}
		if err := s.checkCSRF(w, r); err != nil {
			return err
		}
		return h(w, r)
	})
}

// mfaPage wraps the second-factor pages: password accepted, code pending.
func (s *Server) mfaPage(a area, h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if err := s.enter(r, a); err != nil {
			return err
		}
		rc := reqCtx(r)
		if rc.user == nil {
			http.Redirect(w, r, rc.base()+"/login", http.StatusSeeOther)
			return nil
		}
		if err := s.checkCSRF(w, r); err != nil {
			return err
		}
		return h(w, r)
	})
}

// csrfToken is the token forms carry: the session's own when signed in,
// otherwise an HMAC of a random per-browser cookie (sign-in forms).
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	rc := reqCtx(r)
	if rc.user != nil {
		return rc.session.CSRFToken
	}
	c, err := r.Cookie(s.cookieName(csrfCookie))
	if err != nil || len(c.Value) < 20 {
		b := make([]byte, 24)
		_, _ = rand.Read(b)
		c = &http.Cookie{Name: s.cookieName(csrfCookie), Value: base64.RawURLEncoding.EncodeToString(b), Path: "/",
			HttpOnly: true, Secure: s.Secure, SameSite: http.SameSiteLaxMode}
		http.SetCookie(w, c)
		r.AddCookie(c)
	}
	m := hmac.New(sha256.New, s.Identity.Secret)
	m.Write([]byte("csrf:" + c.Value))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// checkCSRF rejects a state-changing request without the right token.
func (s *Server) checkCSRF(w http.ResponseWriter, r *http.Request) error {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return nil
	}
	if err := parseBody(w, r); err != nil {
		return err
	}
	got := r.PostFormValue("csrf_token")
	if _, err := r.Cookie(s.cookieName(csrfCookie)); err != nil && reqCtx(r).user == nil {
		return errCSRF
	}
	want := s.csrfToken(w, r)
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return errCSRF
	}
	return s.scanUploads(r) // virusscan.go: before any handler stores a file
}

// Body limits: a plain form is small; a multipart upload (images, CSV
// files) may be larger, and each service checks its own smaller limit.
const (
	maxFormBytes   = 64 << 10
	maxUploadBytes = 64 << 20
	uploadMemory   = 1 << 20 // larger parts spill to temporary files
)

// parseBody reads a form or multipart body within the limits.
func parseBody(w http.ResponseWriter, r *http.Request) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		r.Body = http.MaxBytesReader(w, r.Body, maxUploadBytes)
		err = r.ParseMultipartForm(uploadMemory)
	} else {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		err = r.ParseForm()
	}
	if err != nil {
		return fmt.Errorf("parse form: %w", errors.Join(errBadRequest, err))
	}
	return nil
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// securityHeaders: strict CSP (no inline script or style, no CDN), no
// framing, no sniffing, and HSTS under TLS.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.Secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}
