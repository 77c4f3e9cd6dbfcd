package ops

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
)

// Audiences of an operator announcement.
const (
	AudienceAdmin = "admin" // seller staff (admin home)
	AudienceShop  = "shop"  // buyers (shop home)
	AudienceBoth  = "both"
)

// Announcement limits.
const (
	MaxTitle = 100
	MaxBody  = 4000
)

// Announcement is an operator's お知らせ to every tenant (Target 0) or one
// tenant, shown on the admin home, the shop home or both from PublishAt.
type Announcement struct {
	ID         oroshi.ID
	Target     oroshi.TenantID // 0: every tenant
	TargetName string          // filled for lists
	Audience   string
	Title      string
	Body       string
	PublishAt  time.Time
	CreatedBy  oroshi.ID
	CreatedAt  time.Time
}

// AudienceLabel is the audience in Japanese.
func (a Announcement) AudienceLabel() string {
	switch a.Audience {
	case AudienceAdmin:
		return "管理画面"
	case AudienceShop:
		return "ショップ"
	default:
		return "管理画面とショップ"
	}
}

// CheckAnnouncement applies the rules of an announcement at now; a zero
// PublishAt means now.
func CheckAnnouncement(a Announcement, now time.Time) (Announcement, error) {
	a.Title, a.Body = strings.TrimSpace(a.Title), strings.TrimSpace(a.Body)
	if a.PublishAt.IsZero() {
		a.PublishAt = now
	}
	v := &oroshi.ValidationError{}
	switch a.Audience {
	case AudienceAdmin, AudienceShop, AudienceBoth:
	default:
		v.Add("audience", "表示先を選んでください。")
	}
	switch n := utf8.RuneCountInString(a.Title); {
	case n == 0:
		v.Add("title", "件名を入力してください。")
	case n > MaxTitle:
		v.Add("title", "件名は100文字以内にしてください。")
	}
	switch n := utf8.RuneCountInString(a.Body); {
	case n == 0:
		v.Add("body", "本文を入力してください。")
	case n > MaxBody:
		v.Add("body", "本文は4000文字以内にしてください。")
	}
	if a.PublishAt.After(now.AddDate(1, 0, 0)) {
		v.Add("publish_at", "公開日時は1年以内にしてください。")
	}
	if a.Target < 0 {
		v.Add("target", "対象の契約者を選んでください。")
	}
	return a, v.Err()
}
