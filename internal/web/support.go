package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/support"
)

type supportFormView struct {
	Form       map[string]string
	Categories []support.Label
	ToSeller   bool // a buyer writing to the seller, not to the operators
	Action     string
}

func (s *Server) adminSupportForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderSupportForm(w, r, http.StatusOK, nil, nil)
}

func (s *Server) shopSupportForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderSupportForm(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderSupportForm(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) error {
	rc := reqCtx(r)
	if form == nil {
		form = map[string]string{"reply_email": rc.user.Email}
	}
	v := supportFormView{Form: form, Categories: support.Categories, ToSeller: rc.area == areaShop,
		Action: rc.base() + "/support"}
	title := "運営へのお問い合わせ"
	if v.ToSeller {
		title = "お問い合わせ"
	}
	return s.render(w, r, status, "support/form", &Page{Title: title, Data: v, Errors: errs})
}

func (s *Server) adminSupportSend(w http.ResponseWriter, r *http.Request) error {
	return s.supportSend(w, r, s.Support.ToOperators)
}

func (s *Server) shopSupportSend(w http.ResponseWriter, r *http.Request) error {
	return s.supportSend(w, r, s.Support.ToSeller)
}

func (s *Server) supportSend(w http.ResponseWriter, r *http.Request,
	file func(ctx context.Context, from support.Sender, in support.Input) (support.Inquiry, error)) error {
	rc := reqCtx(r)
	form := map[string]string{}
	for _, k := range []string{"subject", "category", "body", "reply_email"} {
		form[k] = r.PostFormValue(k)
	}
	in := support.Input{Subject: form["subject"], Category: form["category"], Body: form["body"], ReplyEmail: form["reply_email"]}
	_, err := file(r.Context(), support.Sender{Tenant: rc.tenant.ID, TenantSlug: rc.tenant.Slug, TenantName: rc.tenant.Name, User: *rc.user}, in)
	var ve *oroshi.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.renderSupportForm(w, r, http.StatusUnprocessableEntity, form, ve.Fields)
	case errors.Is(err, oroshi.ErrTooManyAttempts):
		return s.renderSupportForm(w, r, http.StatusTooManyRequests, form,
			map[string]string{"form": "お問い合わせの送信が多すぎます。1時間ほどおいてから再度お送りください。"})
	case err != nil:
		return err
	}
	setFlash(w, "お問い合わせを受け付けました。確認のメールをお送りしました。")
	http.Redirect(w, r, rc.base()+"/support", http.StatusSeeOther)
	return nil
}
