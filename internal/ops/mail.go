package ops

import (
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

// Recipient is a tenant admin or owner who is told of a maintenance window.
type Recipient struct {
	Tenant     oroshi.TenantID
	TenantName string
	Name       string
	Email      string
}

// Letter is the mail telling r of w, in Japanese with JST times.
func Letter(w Window, r Recipient) notify.Mail {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s 様\n\n", r.TenantName, r.Name)
	switch w.Kind {
	case KindServiceEnd:
		fmt.Fprintf(&b, "平素より oroshi をご利用いただき誠にありがとうございます。\n%sをもちまして、本サービスの提供を終了いたします。\n\n", DateJST(w.End))
		fmt.Fprintf(&b, "■ 提供終了日\n%s\n\n", DateJST(w.End))
		b.WriteString("提供終了日までは、管理画面の「CSV」からすべてのデータをエクスポートいただけます。\n\n")
	default:
		fmt.Fprintf(&b, "平素より oroshi をご利用いただき誠にありがとうございます。\n下記の日時に%sを実施いたします。\n\n", w.KindLabel())
		fmt.Fprintf(&b, "■ 日時（日本時間）\n%s\n\n", w.Period())
		if w.Stop {
			b.WriteString("■ 影響\nメンテナンス中はサービスをご利用いただけません（データのエクスポートを除く）。\n\n")
		}
	}
	fmt.Fprintf(&b, "■ 内容\n%s\n\nご不便をおかけいたしますが、何卒よろしくお願い申し上げます。\n\noroshi 運営事務局\n", strings.TrimSpace(w.Message))
	return notify.Mail{Tenant: r.Tenant, To: r.Email, Subject: subject(w), Text: b.String()}
}

func subject(w Window) string {
	switch w.Kind {
	case KindServiceEnd:
		return "【oroshi】サービス提供終了のお知らせ（" + DateJST(w.End) + "）"
	case KindEmergency:
		return "【oroshi】緊急メンテナンスのお知らせ（" + w.Period() + "）"
	default:
		return "【oroshi】メンテナンスのお知らせ（" + w.Period() + "）"
	}
}

// CancelLetter tells r that w was called off.
func CancelLetter(w Window, r Recipient) notify.Mail {
	text := fmt.Sprintf("%s\n%s 様\n\n先にお知らせいたしました下記の%sは中止となりました。\n\n■ 日時（日本時間）\n%s\n\noroshi 運営事務局\n",
		r.TenantName, r.Name, w.KindLabel(), w.Period())
	if w.Kind == KindServiceEnd {
		text = fmt.Sprintf("%s\n%s 様\n\n先にお知らせいたしました%sのサービス提供終了は取り消しとなりました。\n引き続きご利用いただけます。\n\noroshi 運営事務局\n",
			r.TenantName, r.Name, DateJST(w.End))
	}
	return notify.Mail{Tenant: r.Tenant, To: r.Email, Subject: "【oroshi】" + w.KindLabel() + "中止のお知らせ", Text: text}
}
