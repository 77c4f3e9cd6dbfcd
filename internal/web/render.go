package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/ops"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
	"github.com/oroshi-jp/oroshi/internal/virusscan"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

var jst = time.FixedZone("JST", 9*3600)

var funcs = template.FuncMap{
	"jst":        jstText,
	"roleLabel":  identity.RoleLabel,
	"mailStatus": mailStatusLabel,
	"yen":        yenText, // 1,234円
}

// jstText shows a time in Japan time, as Japanese people read dates.
func jstText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(jst).Format("2006/01/02 15:04")
}

func mailStatusLabel(status string) string {
	switch status {
	case "sent":
		return "送信済"
	case "held":
		return "保留（SMTP未設定）"
	case "failed":
		return "送信失敗"
	}
	return "送信待ち"
}

// Page is what every template gets; Data is the page's own typed view.
type Page struct {
	Lang      string
	Title     string
	Area      string // "ops", "admin", "shop" or "" (public pages)
	Base      string // URL prefix of the area: "/ops", "/marukawa/admin", "/marukawa"
	Tenant    *tenancy.Tenant
	User      *identity.User
	CSRF      string
	Flash     string
	Errors    map[string]string
	Path      string
	Data      any
	Version   string
	NoSession bool // sign-in pages: no navigation
	Unread    int  // the signed-in user's unread notices (the header's badge)
	CartCount int  // shop header: lines in the user's cart (shop_cart.go)
	// Banners announce maintenance on every page; Announcements are the
	// operators' お知らせ on the home pages (ops_announcements.go).
	Banners       []string
	Announcements []ops.Announcement
	// Content, when set, is the page's content already rendered (the
	// listing cache): the layout prints it instead of the "content"
	// template. Nav likewise is the main navigation (nav_cache.go).
	Content template.HTML
	Nav     template.HTML
}

// T translates a Japanese text into the page's language.
func (p *Page) T(ja string) string { return translate(p.Lang, ja) }

// Can tells the template whether to show a link the user may follow.
func (p *Page) Can(perm string) bool {
	if p.User == nil {
		return false
	}
	return identity.Can(p.User.Realm, p.User.Role, identity.Permission(perm))
}

// LangURL switches language and comes back here.
func (p *Page) LangURL(to string) string {
	return "/lang?to=" + to + "&next=" + url.QueryEscape(p.Path)
}

// render writes a page with status; rendering goes to a buffer first so a
// template error becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) error {
	if _, ok := s.pages.lookup(langJA, name); !ok {
		return fmt.Errorf("no template %q", name)
	}
	s.pageOfRequest(r, p)
	p.CartCount, p.Unread = s.headerFigures(r, p)
	if p.CSRF == "" {
		p.CSRF = s.csrfToken(w, r)
	}
	if p.Flash == "" {
		p.Flash = takeFlash(w, r)
	}
	s.opsDecorate(r, name, p)
	if p.User != nil && !p.NoSession {
		p.Nav, _ = s.navs.nav(s.pages, name, p)
	}
	buf, err := s.executeFramed(name, p)
	if err != nil {
		return err
	}
	defer releaseBuffer(buf)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len())) // one write, not chunked
	w.WriteHeader(status)
	_, err = w.Write(buf.Bytes())
	return err
}

// pageOfRequest sets what p takes from the request: language, path,
// area, base, tenant and user (a field already set is kept).
func (s *Server) pageOfRequest(r *http.Request, p *Page) {
	rc := reqCtx(r)
	p.Lang, p.Path, p.Version = rc.lang, r.URL.RequestURI(), s.Version
	if p.Area == "" {
		p.Area = string(rc.area.realm)
	}
	if p.Base == "" {
		p.Base = rc.base()
	}
	if p.Tenant == nil {
		p.Tenant = rc.tenant
	}
	if p.User == nil && rc.user != nil && !rc.session.MFAPending {
		p.User = rc.user
	}
}

// contentPage is a page of the request with data, for rendering its
// content alone (the listing cache): no flash taken, no header figures.
func (s *Server) contentPage(r *http.Request, data any) *Page {
	p := &Page{Data: data}
	s.pageOfRequest(r, p)
	return p
}

// bufferPool keeps rendering buffers between requests: a page is tens of
// kilobytes, and growing a fresh buffer to that size costs several
// allocations and copies per request.
var bufferPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer: a buffer grown larger than this by a rare huge page is
// dropped rather than kept for every later request.
const maxPooledBuffer = 1 << 20

// executePage renders page name with p into a pooled buffer; the caller
// hands it back with releaseBuffer once written.
func executePage(pages pageSet, name string, p *Page) (*bytes.Buffer, error) {
	return executeInto(pages, name, "layout.html", p)
}

// executeContent renders only the content of page name, like executePage.
func executeContent(pages pageSet, name string, p *Page) (*bytes.Buffer, error) {
	return executeInto(pages, name, "content", p)
}

func executeInto(pages pageSet, name, part string, p *Page) (*bytes.Buffer, error) {
	buf := bufferPool.Get().(*bytes.Buffer)
	buf.Reset()
	if err := pages.executePart(buf, name, part, p); err != nil {
		releaseBuffer(buf)
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf, nil
}

func releaseBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledBuffer {
		bufferPool.Put(buf)
	}
}

// handle adapts a handler that returns an error: the error becomes the
// right Japanese error page, and a 5xx is logged once, here.
func (s *Server) handle(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = withReqCtx(r)
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// statusOf maps error kinds to HTTP status codes.
func statusOf(err error) int {
	var mbe *http.MaxBytesError
	var rej *virusscan.Rejection
	switch {
	case errors.As(err, &rej): // virusscan.go
		return rejectionStatus(rej)
	case errors.As(err, new(*oroshi.ValidationError)):
		return http.StatusUnprocessableEntity
	case errors.Is(err, oroshi.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, oroshi.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, oroshi.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, oroshi.ErrTooManyAttempts):
		return http.StatusTooManyRequests
	case errors.Is(err, oroshi.ErrUnavailable):
		return http.StatusServiceUnavailable
	case errors.As(err, &mbe): // before errBadRequest: checkCSRF joins the two
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, errBadRequest):
		return http.StatusBadRequest
	case errors.Is(err, errCSRF):
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

var (
	// errTenantInactive: a suspended or terminated tenant's pages are closed.
	errTenantInactive = fmt.Errorf("tenant not active: %w", oroshi.ErrForbidden)
	errBadRequest     = errors.New("bad request")
	errCSRF           = errors.New("csrf token missing or wrong")
)

type errorView struct{ Heading, Message string }

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status >= 500 {
		s.Logger.ErrorContext(r.Context(), "request failed", "err", err, "path", r.URL.Path)
	}
	v := errorView{"システムエラー", "エラーが発生しました。しばらくしてから再度お試しください。"}
	var rej *virusscan.Rejection
	switch {
	case errors.As(err, &rej): // virusscan.go
		v = errorView{"ファイルを受け付けませんでした", rej.Message}
	case errors.Is(err, errCSRF):
		v = errorView{"ページの有効期限が切れました", "もう一度操作してください。"}
	case errors.Is(err, errTenantInactive):
		v = errorView{"ご利用いただけません", "このサービスは現在ご利用いただけません。"}
	case status == http.StatusNotFound:
		v = errorView{"ページが見つかりません", "お探しのページは見つかりませんでした。URLをご確認ください。"}
	case status == http.StatusForbidden:
		v = errorView{"アクセス権限がありません", "このページを表示する権限がありません。"}
	case status == http.StatusTooManyRequests:
		v = errorView{"アクセスが集中しています", "試行回数が多すぎるため、一時的にロックされています。しばらくしてから再度お試しください。"}
	case status == http.StatusRequestEntityTooLarge:
		v = errorView{"送信内容が大きすぎます", "送信内容を確認して、もう一度お試しください。"}
	case status == http.StatusServiceUnavailable:
		v = errorView{"一時的にご利用いただけません", "ただいまデータベースに接続できません。しばらくしてから再度お試しください。"}
		w.Header().Set("Retry-After", "5")
	case status < 500:
		v = errorView{"リクエストが正しくありません", "送信内容を確認して、もう一度お試しください。"}
	}
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "900")
	}
	p := &Page{Title: v.Heading, Data: v, NoSession: true}
	if rerr := s.render(w, r, status, "errors/error", p); rerr != nil {
		s.Logger.ErrorContext(r.Context(), "render error page", "err", rerr)
		http.Error(w, http.StatusText(status), status)
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return fmt.Errorf("no route for %s: %w", r.URL.Path, oroshi.ErrNotFound)
}

// Flash messages live in a short cookie for one redirect. Only texts from
// the catalogue are shown, so a forged cookie cannot inject anything.
func setFlash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: "flash", Value: url.QueryEscape(msg), Path: "/", MaxAge: 60,
		HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie("flash")
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: "flash", Value: "", Path: "/", MaxAge: -1})
	msg, err := url.QueryUnescape(c.Value)
	if _, known := english[msg]; err != nil || !known {
		return ""
	}
	return msg
}

func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}

// headerFigures are the numbers in the page's header, read together: the
// cart's lines beside カート (shop users who may order) and the unread
// notices' badge (shop and admin users, when notices are on). Either is 0
// when it cannot be read: the header must not break a page.
func (s *Server) headerFigures(r *http.Request, p *Page) (cart, unread int) {
	rc := reqCtx(r)
	u := p.User
	if u == nil || p.NoSession || rc.tenant == nil {
		return 0, 0
	}
	wantCart := p.Area == string(identity.RealmShop) && s.Sales != nil && u.BuyerID != 0 &&
		identity.Can(u.Realm, u.Role, identity.PermShopOrder)
	wantUnread := s.Notifications != nil && (rc.area.realm == identity.RealmShop || rc.area.realm == identity.RealmAdmin)
	cart, unread, err := s.Data.HeaderFigures(r.Context(), rc.tenant.ID, u.ID, wantCart, wantUnread)
	if err != nil {
		s.Logger.WarnContext(r.Context(), "header figures", "err", err)
		return 0, 0
	}
	return cart, unread
}
