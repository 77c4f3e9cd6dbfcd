package transport

import (
	"net/http"
	"strings"
)

// cookieWriter makes every cookie the application sets HttpOnly and
// SameSite=Lax unless it says otherwise, and Secure when the site is
// reached over HTTPS, whatever handler set it: one place for the policy,
// so that a new cookie cannot forget it. (Names with the __Host- prefix
// are chosen by the web package, which reads them back.)
type cookieWriter struct {
	http.ResponseWriter
	secure bool
	done   bool
}

func (w *cookieWriter) fix() {
	if w.done {
		return
	}
	w.done = true
	h := w.Header()
	cs := h.Values("Set-Cookie")
	for i, c := range cs {
		cs[i] = hardenCookie(c, w.secure)
	}
}

// hardenCookie adds the attributes a Set-Cookie value lacks.
func hardenCookie(c string, secure bool) string {
	low := strings.ToLower(c)
	has := func(attr string) bool {
		for _, part := range strings.Split(low, ";")[1:] {
			name, _, _ := strings.Cut(strings.TrimSpace(part), "=")
			if name == attr {
				return true
			}
		}
		return false
	}
	if !has("httponly") {
		c += "; HttpOnly"
	}
	if !has("samesite") {
		c += "; SameSite=Lax"
	}
	if secure && !has("secure") {
		c += "; Secure"
	}
	return c
}

func (w *cookieWriter) WriteHeader(code int) {
	w.fix()
	w.ResponseWriter.WriteHeader(code)
}

func (w *cookieWriter) Write(b []byte) (int, error) {
	w.fix()
	return w.ResponseWriter.Write(b)
}

// Flush passes through (progress pages stream).
func (w *cookieWriter) Flush() {
	w.fix()
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap is for http.ResponseController.
func (w *cookieWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
