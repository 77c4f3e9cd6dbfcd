package mail_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	netmail "net/mail"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/mail"
	"github.com/oroshi-jp/oroshi/internal/mail/mailtest"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

const (
	jaSubject = "【丸川食品】ご注文を受け付けました"
	jaText    = "山田 太郎 様\n\nご注文（受注番号 ＡＢ－０００１２３）を受け付けました。\n" +
		"内容はこちらからご確認いただけます：\nhttps://oroshi.example.jp/marukawa/orders/123?tab=明細\n\n" +
		"丸川食品株式会社　営業部\n"
	jaHTML = "<p>山田 太郎 様</p><p>ご注文を受け付けました。<a href=\"https://oroshi.example.jp/marukawa/orders/123\">注文を見る</a></p>"
)

func jaMail(html string) notify.Mail {
	return notify.Mail{ID: 4242, Tenant: 7, To: "山田 太郎 <taro@example.jp>", Subject: jaSubject, Text: jaText, HTML: html}
}

// decoded is what a mail client would show.
type decoded struct {
	Subject, Text, HTML, ContentType string
}

// decode parses raw with the standard library alone, independently of the
// library that wrote it.
func decode(t *testing.T, raw []byte) (decoded, netmail.Header) {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse message: %v\n%s", err, raw)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	d := decoded{Subject: subject}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	d.ContentType = mt
	if mt != "multipart/alternative" {
		d.Text = decodePart(t, msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
		return d, msg.Header
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart() // raw: keep the transfer encoding to check it
		if errors.Is(err, io.EOF) {
			return d, msg.Header
		}
		if err != nil {
			t.Fatal(err)
		}
		body := decodePart(t, p.Header.Get("Content-Transfer-Encoding"), p)
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			d.HTML = body
		} else {
			d.Text = body
		}
	}
}

func decodePart(t *testing.T, cte string, r io.Reader) string {
	t.Helper()
	if cte != "base64" {
		t.Errorf("Content-Transfer-Encoding = %q, want base64", cte)
	}
	b, err := io.ReadAll(base64Reader(r))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestMailMessage(t *testing.T) {
	s, err := mail.New(config.SMTP{Host: "smtp.example.jp", Port: 587, From: "丸川食品 <no-reply@marukawa.example.jp>", TLS: "starttls"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		html string
		want decoded
	}{
		{"text only", "", decoded{Subject: jaSubject, Text: jaText, ContentType: "text/plain"}},
		{"with html", jaHTML, decoded{Subject: jaSubject, Text: jaText, HTML: jaHTML, ContentType: "multipart/alternative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := s.Message(jaMail(tt.html))
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if _, err := msg.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			got, h := decode(t, buf.Bytes())
			if diff := cmp.Diff(tt.want, normalizeNL(t, got)); diff != "" {
				t.Errorf("decoded message (-want +got):\n%s", diff)
			}
			checkHeaders(t, h, buf.String())
		})
	}
}

func checkHeaders(t *testing.T, h netmail.Header, raw string) {
	t.Helper()
	if !strings.Contains(h.Get("Subject"), "=?UTF-8?") {
		t.Errorf("Subject not RFC 2047 encoded: %q", h.Get("Subject"))
	}
	if got := h.Get("Message-Id"); got != "<oroshi.4242@marukawa.example.jp>" {
		t.Errorf("Message-ID = %q", got)
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	from, err := h.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "丸川食品" || from[0].Address != "no-reply@marukawa.example.jp" {
		t.Errorf("From = %v, %v", from, err)
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "山田 太郎" || to[0].Address != "taro@example.jp" {
		t.Errorf("To = %v, %v", to, err)
	}
	for i, line := range strings.Split(raw, "\r\n") {
		if len(line) > 998 {
			t.Errorf("line %d is %d octets long (RFC 5322 limit 998)", i, len(line))
		}
	}
}

func TestMailSenderNotConfigured(t *testing.T) {
	s, err := mail.New(config.SMTP{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Configured() {
		t.Error("Configured() = true for an empty host")
	}
	if err := s.Send(context.Background(), jaMail("")); !errors.Is(err, notify.ErrNotConfigured) {
		t.Errorf("Send = %v, want ErrNotConfigured", err)
	}
	var nilSender *mail.Sender
	if nilSender.Configured() {
		t.Error("nil Sender is configured")
	}
}

func TestMailNewRejectsBadConfig(t *testing.T) {
	tests := []config.SMTP{
		{Host: "smtp.example.jp", Port: 587, From: "no address", TLS: "starttls"},
		{Host: "smtp.example.jp", Port: 0, From: "a@example.jp", TLS: "starttls"},
	}
	for _, cfg := range tests {
		if _, err := mail.New(cfg); err == nil {
			t.Errorf("New(%+v) = nil error", cfg)
		}
	}
}

// TestMailSendJapaneseThroughMailpit sends through a real SMTP server and reads
// the result back through mailpit's API.
func TestMailSendJapaneseThroughMailpit(t *testing.T) {
	host, port, api := mailtest.Start(t)
	s, err := mail.New(config.SMTP{Host: host, Port: port, From: "丸川食品 <no-reply@marukawa.example.jp>", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Send(ctx, jaMail(jaHTML)); err != nil {
		t.Fatal(err)
	}
	msgs := mailtest.Messages(t, api)
	if len(msgs) != 1 {
		t.Fatalf("mailpit holds %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	got := decoded{Subject: m.Subject, Text: m.Text, HTML: m.HTML}
	want := decoded{Subject: jaSubject, Text: jaText, HTML: jaHTML}
	if diff := cmp.Diff(want, normalizeNL(t, got)); diff != "" {
		t.Errorf("received (-want +got):\n%s", diff)
	}
	if m.MessageID != "oroshi.4242@marukawa.example.jp" || len(m.To) != 1 || m.To[0].Address != "taro@example.jp" {
		t.Errorf("received headers: %+v", m)
	}
}

func TestMailSendToClosedPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s, err := mail.New(config.SMTP{Host: "127.0.0.1", Port: port, From: "a@example.jp", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), jaMail(""))
	if err == nil || errors.Is(err, notify.ErrRejected) || !strings.Contains(err.Error(), strconv.Itoa(port)) {
		t.Errorf("Send to a closed port = %v, want a retryable error naming the port", err)
	}
}

func base64Reader(r io.Reader) io.Reader { return base64.NewDecoder(base64.StdEncoding, r) }

// normalizeNL undoes the CRLF line breaks of MIME text, after checking
// there is no bare LF left.
func normalizeNL(t *testing.T, d decoded) decoded {
	t.Helper()
	for _, s := range []string{d.Text, d.HTML} {
		if strings.Count(s, "\n") != strings.Count(s, "\r\n") {
			t.Errorf("body has bare LF line breaks: %q", s)
		}
	}
	d.Text = strings.ReplaceAll(d.Text, "\r\n", "\n")
	d.HTML = strings.ReplaceAll(d.HTML, "\r\n", "\n")
	return d
}
