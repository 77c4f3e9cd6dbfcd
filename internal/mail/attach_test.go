package mail_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/mail"
	"github.com/oroshi-jp/oroshi/internal/mail/mailtest"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

// Two documents: a usual name, and one long enough for RFC 2231
// continuations (its percent-encoded form is over 60 characters).
const (
	slipName = "納品書_O-2026-000123-1_v1.pdf"
	longName = "注文請書（再発行）_株式会社さくら食品御中_O-2026-000123_v12.pdf"
)

// attachment is a random PDF-like file with its SHA-256.
func attachment(t *testing.T, name string, n int) notify.Attachment {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	b = append([]byte("%PDF-1.7\n"), b...)
	sum := sha256.Sum256(b)
	return notify.Attachment{Name: name, ContentType: "application/pdf", Data: b, SHA256: hex.EncodeToString(sum[:])}
}

func shaOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TestMailAttachmentMessage reads the MIME message with the standard
// library alone: multipart/mixed, the text first, each PDF base64 with its
// Japanese name in filename* (RFC 2231) and the same bytes.
func TestMailAttachmentMessage(t *testing.T) {
	s, err := mail.New(config.SMTP{Host: "smtp.example.jp", Port: 587, From: "丸川食品 <no-reply@marukawa.example.jp>", TLS: "starttls"})
	if err != nil {
		t.Fatal(err)
	}
	m := jaMail("")
	m.Attachments = []notify.Attachment{attachment(t, slipName, 5000), attachment(t, longName, 300)}
	msg, err := s.Message(m)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	parsed, err := netmail.ReadMessage(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(parsed.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("Content-Type %q: %v", mt, err)
	}
	mr := multipart.NewReader(parsed.Body, params["boundary"])
	var names, sums []string
	for i := 0; ; i++ {
		p, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if body := decodePart(t, p.Header.Get("Content-Transfer-Encoding"), p); strings.ReplaceAll(body, "\r\n", "\n") != jaText {
				t.Errorf("text part %q", body)
			}
			continue
		}
		disp, dp, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		if err != nil || disp != "attachment" {
			t.Fatalf("Content-Disposition %q: %v", p.Header.Get("Content-Disposition"), err)
		}
		if ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); ct != "application/pdf" {
			t.Errorf("attachment Content-Type %q", ct)
		}
		b, err := io.ReadAll(base64Reader(p))
		if err != nil {
			t.Fatal(err)
		}
		names, sums = append(names, dp["filename"]), append(sums, shaOf(b))
	}
	if strings.Join(names, "|") != slipName+"|"+longName {
		t.Errorf("file names %q", names)
	}
	if len(sums) != 2 || sums[0] != m.Attachments[0].SHA256 || sums[1] != m.Attachments[1].SHA256 {
		t.Errorf("attachment bytes differ: %v", sums)
	}
	raw := buf.String()
	if !strings.Contains(raw, "filename*0*=UTF-8''") || !strings.Contains(raw, "filename*=UTF-8''%E7%B4%8D%E5%93%81%E6%9B%B8_O-2026-000123-1_v1.pdf") {
		t.Errorf("no RFC 2231 file names in\n%s", raw[:min(len(raw), 3000)])
	}
	checkHeaders(t, parsed.Header, raw)
}

// TestMailAttachmentThroughMailpit sends two PDFs through a real SMTP
// server: mailpit must report the Japanese file names and hand back the
// very bytes (same SHA-256).
func TestMailAttachmentThroughMailpit(t *testing.T) {
	host, port, api := mailtest.Start(t)
	s, err := mail.New(config.SMTP{Host: host, Port: port, From: "丸川食品 <no-reply@marukawa.example.jp>", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	m := jaMail(jaHTML)
	m.Attachments = []notify.Attachment{attachment(t, slipName, 200_000), attachment(t, longName, 1000)}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	msgs := mailtest.Messages(t, api)
	if len(msgs) != 1 || len(msgs[0].Attachments) != 2 {
		t.Fatalf("mailpit holds %d messages, attachments %+v", len(msgs), msgs)
	}
	got := msgs[0]
	if got.Subject != jaSubject || strings.ReplaceAll(got.Text, "\r\n", "\n") != jaText {
		t.Errorf("received %q / %q", got.Subject, got.Text)
	}
	for i, a := range got.Attachments {
		want := m.Attachments[i]
		b := mailtest.Part(t, api, got.ID, a.PartID)
		if a.FileName != want.Name || a.ContentType != "application/pdf" || shaOf(b) != want.SHA256 {
			t.Errorf("attachment %d: %q %q sha %s, want %q sha %s", i, a.FileName, a.ContentType, shaOf(b), want.Name, want.SHA256)
		}
	}
}
