package salesnotify

import (
	"fmt"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// note is one thing to tell an audience about an event: a mail, a notice
// or both, with the same title and lead.
type note struct {
	to     audience
	admin  bool // the reader is seller staff: links go to the admin
	mail   bool
	notice bool
	title  string // 「ご注文を承りました」: the subject without seller and number
	lead   string // the first paragraph
}

// notesFor decides who hears what of an event. Invoiced and completed
// orders tell nobody: the buyer learns of those from the invoice.
func notesFor(h happening) []note {
	o, e := h.Order, h.Event
	seller := h.Tenant.Name
	both := func(to audience, title, lead string) note {
		return note{to: to, mail: true, notice: true, title: title, lead: lead}
	}
	switch e.Type {
	case sales.EventOrderCreated:
		lead := "以下の内容でご注文を承りました。内容を確認のうえ、あらためてご連絡いたします。"
		if o.Proxy {
			lead = "お電話・FAXなどでいただいたご注文を、" + seller + "の担当者が代理で入力しました。以下の内容でご注文を承りました。"
		}
		return append([]note{both(toBuyer, "ご注文を承りました", lead)},
			sellerNotes("新しいご注文がありました", o.BuyerName+" 様から新しいご注文がありました。内容を確認して承認してください。")...)
	case sales.EventOrderApproved:
		return []note{both(toBuyer, "ご注文を承認しました",
			"ご注文を承認しました。出荷の準備が整いしだい、あらためてご連絡いたします。")}
	case sales.EventOrderApprovalCancelled:
		return []note{both(toBuyer, "ご注文の承認を取り消しました",
			"ご注文の承認を取り消しました。ご注文は「受付」の状態に戻っています。あらためてご連絡いたします。")}
	case sales.EventOrderShipped:
		if h.status() == sales.StatusPartiallyShipped {
			return []note{both(toBuyer, "ご注文の商品の一部を出荷しました",
				"ご注文の商品の一部を出荷しました。残りの商品は準備が整いしだい出荷いたします。")}
		}
		return []note{both(toBuyer, "ご注文の商品を出荷しました", "ご注文の商品を出荷しました。到着まで今しばらくお待ちください。")}
	case sales.EventOrderCancelled:
		return cancelNotes(h)
	case sales.EventOrderBuyerApprovalRequested:
		return []note{both(toBuyerAdmins, "社内承認のお願い",
			placerName(h)+"さんのご注文が発注上限額を超えたため、社内承認をお待ちしています。内容を確認して、承認または否認してください。")}
	case sales.EventOrderBuyerApproved:
		return []note{both(toPlacer, "ご注文が社内承認されました",
			"ご注文が社内承認され、"+seller+"に送信されました。")}
	case sales.EventOrderBuyerRejected:
		return []note{both(toPlacer, "ご注文が社内承認で否認されました",
			"ご注文は社内承認で否認されたため、"+seller+"には送信されていません。")}
	}
	return nil
}

// sellerNotes tell the seller: a mail to the responsible people and a
// notice to every staff member, so the whole team sees it in the admin.
func sellerNotes(title, lead string) []note {
	return []note{
		{to: toSeller, admin: true, mail: true, title: title, lead: lead},
		{to: toStaff, admin: true, notice: true, title: title, lead: lead},
	}
}

// cancelNotes: the buyer always hears of a cancellation; the seller too
// when the buyer side cancelled an order the seller had received.
func cancelNotes(h happening) []note {
	out := []note{{to: toBuyer, mail: true, notice: true, title: "ご注文をキャンセルしました",
		lead: "以下のご注文をキャンセルしました。"}}
	from, _ := h.Event.Detail["from"].(string)
	if h.Event.ActorRealm == string(identity.RealmShop) && sales.Status(from).SellerVisible() {
		out[0].title, out[0].lead = "ご注文のキャンセルを承りました", "以下のご注文のキャンセルを承りました。"
		out = append(out, sellerNotes("ご注文がキャンセルされました",
			h.Order.BuyerName+" 様がご注文をキャンセルしました。")...)
	}
	return out
}

// placerName is the purchaser's name for the buyer admins' request.
func placerName(h happening) string {
	if h.PlacerName != "" {
		return h.PlacerName
	}
	return "ご担当者"
}

// subject is the mail subject: 【丸川商事】ご注文を承りました（注文番号 O-2026-000123）.
func subject(seller, title, number string) string {
	return fmt.Sprintf("【%s】%s（注文番号 %s）", seller, title, number)
}
