package support

import (
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

// mails are the notice to each answerer and the acknowledgement to the
// sender. Mail of an inquiry to the operators belongs to tenant 0.
func (s *Service) mails(q Inquiry, sender Sender, to []string) []notify.Mail {
	from := q.FromName
	if sender.TenantName != "" {
		from = sender.TenantName + " " + from
	}
	var b strings.Builder
	fmt.Fprintf(&b, "お問い合わせ番号: %d\n差出人: %s <%s>\n種類: %s\n件名: %s\n\n%s\n",
		q.Number, from, q.ReplyEmail, LabelOf(Categories, q.Category), q.Subject, q.Body)
	if url := s.answerURL(q, sender.TenantSlug); url != "" {
		fmt.Fprintf(&b, "\n対応画面: %s\n", url)
	}
	var out []notify.Mail
	for _, addr := range to {
		out = append(out, notify.Mail{Tenant: q.Tenant, To: addr,
			Subject: fmt.Sprintf("【お問い合わせ No.%d】%s", q.Number, q.Subject), Text: b.String()})
	}
	ack := fmt.Sprintf("%s 様\n\nお問い合わせを受け付けました。担当者より順次ご連絡いたします。\n\n"+
		"お問い合わせ番号: %d\n件名: %s\n\n%s\n\n※このメールは送信専用です。\n", q.FromName, q.Number, q.Subject, q.Body)
	out = append(out, notify.Mail{Tenant: q.Tenant, To: q.ReplyEmail,
		Subject: fmt.Sprintf("お問い合わせを受け付けました（No.%d）", q.Number), Text: ack})
	return out
}

// answerURL is where the answerer opens the inquiry ("" without a base URL).
func (s *Service) answerURL(q Inquiry, slug string) string {
	base := strings.TrimSuffix(s.BaseURL, "/")
	switch {
	case base == "":
		return ""
	case q.Tenant == oroshi.PlatformTenant:
		return fmt.Sprintf("%s/ops/inquiries/%s", base, q.ID)
	case slug != "":
		return fmt.Sprintf("%s/%s/admin/inquiries/%s", base, slug, q.ID)
	}
	return ""
}
