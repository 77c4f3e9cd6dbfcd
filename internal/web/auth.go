package web

import (
	"bytes"
	"encoding/base64"
	"errors"
	"html/template"
	"image/png"
	"net/http"
	"strings"

	"github.com/pquerna/otp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

type loginView struct {
	Email   string
	Notices []tenancy.Notice
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderLogin(w, r, http.StatusOK, "", "")
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, email, errMsg string) error {
	rc := reqCtx(r)
	v := loginView{Email: email}
	if rc.tenant != nil && rc.tenant.PublicNotices && rc.area.realm == identity.RealmShop {
		var err error
		if v.Notices, err = s.Data.Notices(r.Context(), rc.tenant.ID, "shop", true, 5); err != nil {
			return err
		}
	}
	p := &Page{Title: "ログイン", Data: v, NoSession: true}
	if errMsg != "" {
		p.Errors = map[string]string{"form": errMsg}
	}
	return s.render(w, r, status, "auth/login", p)
}

// login checks the password, replaces any old session (rotation) and sends
// the user on to the second factor or the area's home.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	email := strings.TrimSpace(r.PostFormValue("email"))
	require := rc.tenant != nil && rc.tenant.Require2FA
	res, err := s.Identity.SignIn(r.Context(), rc.tenantID(), rc.area.realm, email, r.PostFormValue("password"), clientAddr(r), require)
	switch {
	case errors.Is(err, oroshi.ErrTooManyAttempts):
		w.Header().Set("Retry-After", "900")
		return s.renderLogin(w, r, http.StatusTooManyRequests, email, "試行回数が多すぎるため、一時的にロックされています。しばらくしてから再度お試しください。")
	case errors.Is(err, oroshi.ErrUnauthorized):
		return s.renderLogin(w, r, http.StatusUnauthorized, email, "メールアドレスまたはパスワードが正しくありません。")
	case err != nil:
		return err
	}
	if rc.user != nil {
		_ = s.Identity.SignOut(r.Context(), rc.session, clientAddr(r))
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(rc.area), Value: res.Token, Path: "/", HttpOnly: true,
		Secure: s.Secure, SameSite: http.SameSiteLaxMode})
	next := rc.base() + "/"
	if res.Session.MFAPending {
		next = rc.base() + "/mfa"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	if rc.user != nil {
		if err := s.Identity.SignOut(r.Context(), rc.session, clientAddr(r)); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(rc.area), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.Secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, rc.base()+"/login", http.StatusSeeOther)
	return nil
}

func (s *Server) mfaForm(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	if !rc.session.MFAPending {
		http.Redirect(w, r, rc.base()+"/", http.StatusSeeOther)
		return nil
	}
	if !rc.user.TOTPEnabled {
		http.Redirect(w, r, rc.base()+"/mfa/setup", http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, "auth/mfa", &Page{Title: "二段階認証", NoSession: true})
}

func (s *Server) mfaVerify(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	u, err := s.Identity.Store.User(r.Context(), rc.tenantID(), rc.user.ID) // with its secret: the session's user has none
	if err != nil {
		return err
	}
	err = s.Identity.VerifyTOTP(r.Context(), rc.session, u, strings.TrimSpace(r.PostFormValue("code")), clientAddr(r))
	var ve *oroshi.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.render(w, r, http.StatusUnprocessableEntity, "auth/mfa", &Page{Title: "二段階認証", NoSession: true, Errors: ve.Fields})
	case errors.Is(err, oroshi.ErrTooManyAttempts):
		w.Header().Set("Retry-After", "900")
		return s.render(w, r, http.StatusTooManyRequests, "auth/mfa", &Page{Title: "二段階認証", NoSession: true,
			Errors: map[string]string{"code": "試行回数が多すぎるため、一時的にロックされています。しばらくしてから再度お試しください。"}})
	case err != nil:
		return err
	}
	http.Redirect(w, r, rc.base()+"/", http.StatusSeeOther)
	return nil
}

type mfaSetupView struct {
	Secret string
	QR     template.URL // data: URL of a PNG made by qrDataURL (a plain string is blanked as unsafe)
}

// mfaSetupForm makes a fresh secret (not yet enabled) and shows it.
func (s *Server) mfaSetupForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderMFASetup(w, r, http.StatusOK, nil)
}

func (s *Server) renderMFASetup(w http.ResponseWriter, r *http.Request, status int, errs map[string]string) error {
	rc := reqCtx(r)
	if rc.user.TOTPEnabled {
		http.Redirect(w, r, rc.base()+"/mfa", http.StatusSeeOther)
		return nil
	}
	name := ""
	if rc.tenant != nil {
		name = rc.tenant.Name
	}
	u, err := s.Identity.Store.User(r.Context(), rc.tenantID(), rc.user.ID)
	if err != nil {
		return err
	}
	en, err := s.Identity.Enrollment(r.Context(), u, name)
	if err != nil {
		return err
	}
	qr, err := qrDataURL(en.URL)
	if err != nil {
		return err
	}
	return s.render(w, r, status, "auth/mfa_setup", &Page{Title: "二段階認証の設定", NoSession: true,
		Data: mfaSetupView{Secret: en.Secret, QR: template.URL(qr)}, Errors: errs})
}

func (s *Server) mfaSetup(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	u, err := s.Identity.Store.User(r.Context(), rc.tenantID(), rc.user.ID) // the secret stored by the form
	if err != nil {
		return err
	}
	err = s.Identity.ConfirmTOTP(r.Context(), rc.session, u, strings.TrimSpace(r.PostFormValue("code")), clientAddr(r))
	var ve *oroshi.ValidationError
	if errors.As(err, &ve) {
		// The secret the person scanned is kept: the form shows it again.
		return s.renderMFASetup(w, r, http.StatusUnprocessableEntity, ve.Fields)
	}
	if err != nil {
		return err
	}
	setFlash(w, "二段階認証を設定しました。")
	http.Redirect(w, r, rc.base()+"/", http.StatusSeeOther)
	return nil
}

func qrDataURL(otpURL string) (string, error) {
	key, err := otp.NewKeyFromURL(otpURL)
	if err != nil {
		return "", err
	}
	img, err := key.Image(200, 200)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "auth/forgot", &Page{Title: "パスワード再設定", NoSession: true})
}

// forgot always answers the same, whether the address exists or not.
func (s *Server) forgot(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	slug, name := "", ""
	if rc.tenant != nil {
		slug, name = rc.tenant.Slug, rc.tenant.Name
	}
	err := s.Identity.RequestReset(r.Context(), rc.tenantID(), rc.area.realm, r.PostFormValue("email"), slug, name, clientAddr(r))
	if err != nil && !errors.Is(err, oroshi.ErrTooManyAttempts) {
		return err
	}
	setFlash(w, "該当するアカウントがある場合、再設定用のメールを送信しました。")
	http.Redirect(w, r, rc.base()+"/login", http.StatusSeeOther)
	return nil
}

type linkView struct{ Purpose, Token, Action, Email string }

func newLinkView(r *http.Request, purpose, email string) linkView {
	return linkView{Purpose: purpose, Token: r.FormValue("token"), Action: r.URL.Path, Email: email}
}

func (s *Server) linkForm(purpose string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		rc := reqCtx(r)
		u, err := s.Identity.LinkUser(r.Context(), rc.tenantID(), rc.area.realm, purpose, r.FormValue("token"))
		if err != nil {
			return s.render(w, r, http.StatusNotFound, "auth/link_invalid", &Page{Title: "パスワードを設定", NoSession: true})
		}
		return s.render(w, r, http.StatusOK, "auth/set_password", &Page{Title: "パスワードを設定", NoSession: true, Data: newLinkView(r, purpose, u.Email)})
	}
}

func (s *Server) linkRedeem(purpose string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		rc := reqCtx(r)
		_, err := s.Identity.Redeem(r.Context(), rc.tenantID(), rc.area.realm, purpose, r.FormValue("token"),
			r.PostFormValue("password"), r.PostFormValue("confirm"), clientAddr(r))
		var ve *oroshi.ValidationError
		switch {
		case errors.As(err, &ve):
			email := ""
			if u, err := s.Identity.LinkUser(r.Context(), rc.tenantID(), rc.area.realm, purpose, r.FormValue("token")); err == nil {
				email = u.Email
			}
			return s.render(w, r, http.StatusUnprocessableEntity, "auth/set_password", &Page{Title: "パスワードを設定",
				NoSession: true, Data: newLinkView(r, purpose, email), Errors: ve.Fields})
		case errors.Is(err, oroshi.ErrNotFound):
			return s.render(w, r, http.StatusNotFound, "auth/link_invalid", &Page{Title: "パスワードを設定", NoSession: true})
		case err != nil:
			return err
		}
		setFlash(w, "パスワードを設定しました。ログインしてください。")
		http.Redirect(w, r, rc.base()+"/login", http.StatusSeeOther)
		return nil
	}
}
