package support

import (
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
)

func TestValidate(t *testing.T) {
	ok := Input{Subject: "件名", Category: "usage", Body: "本文", ReplyEmail: "a@example.jp"}
	tests := []struct {
		name  string
		edit  func(*Input)
		field string
	}{
		{"valid", func(*Input) {}, ""},
		{"no subject", func(in *Input) { in.Subject = " " }, "subject"},
		{"subject with a newline", func(in *Input) { in.Subject = "a\r\nBcc: x@y" }, "subject"},
		{"unknown category", func(in *Input) { in.Category = "spam" }, "category"},
		{"no body", func(in *Input) { in.Body = "" }, "body"},
		{"long body", func(in *Input) { in.Body = strings.Repeat("あ", 5001) }, "body"},
		{"bad reply address", func(in *Input) { in.ReplyEmail = "太郎 <a@example.jp>" }, "reply_email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.edit(&in)
			_, err := validate(in)
			ve, _ := err.(*oroshi.ValidationError)
			switch {
			case tt.field == "" && err != nil:
				t.Errorf("err = %v", err)
			case tt.field != "" && (ve == nil || ve.Fields[tt.field] == ""):
				t.Errorf("err = %v, want a message for %s", err, tt.field)
			}
		})
	}
}

func TestMails(t *testing.T) {
	s := &Service{BaseURL: "https://oroshi.example/"}
	q := Inquiry{ID: 77, Tenant: 5, Number: 12, FromName: "山田 太郎", ReplyEmail: "yamada@example.jp",
		Category: "order", Subject: "納期", Body: "いつ届きますか"}
	ms := s.mails(q, Sender{TenantSlug: "sakura", TenantName: "まるやま商店"}, []string{"a@sakura.example", "b@sakura.example"})
	if len(ms) != 3 {
		t.Fatalf("%d mails, want 2 notices and an acknowledgement", len(ms))
	}
	for _, m := range ms[:2] {
		if m.Tenant != 5 || !strings.Contains(m.Subject, "No.12") || !strings.Contains(m.Text, "https://oroshi.example/sakura/admin/inquiries/77") ||
			!strings.Contains(m.Text, "注文・取引") || !strings.Contains(m.Text, "まるやま商店 山田 太郎") {
			t.Errorf("notice = %+v", m)
		}
	}
	ack := ms[2]
	if ack.To != "yamada@example.jp" || ack.Subject != "お問い合わせを受け付けました（No.12）" || !strings.Contains(ack.Text, "いつ届きますか") {
		t.Errorf("acknowledgement = %+v", ack)
	}
	q.Tenant = oroshi.PlatformTenant
	if m := s.mails(q, Sender{}, []string{"help@oroshi.example"})[0]; !strings.Contains(m.Text, "https://oroshi.example/ops/inquiries/77") {
		t.Errorf("operators' notice lacks the console link: %s", m.Text)
	}
}
