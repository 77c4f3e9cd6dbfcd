// Package mail sends outbox mail over SMTP. Messages are UTF-8: the subject
// is an RFC 2047 encoded word and the bodies are base64, which keeps
// Japanese text intact through any relay and is shorter than
// quoted-printable for it. An HTML body adds a multipart/alternative;
// attachments (issued documents' PDFs) a multipart/mixed (attach.go).
package mail

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

// Timeout bounds each network step of one send (connect, each command).
const Timeout = 30 * time.Second

// jst is fixed rather than loaded: no tzdata needed, and Japan has no DST.
var jst = time.FixedZone("JST", 9*60*60)

// Sender sends mail through the configured SMTP server. The zero SMTP
// config (no host) is "not configured": Send then returns
// notify.ErrNotConfigured and the mail is held in the outbox.
type Sender struct {
	cfg    config.SMTP
	from   *netmail.Address
	domain string // of From, for Message-IDs
	now    func() time.Time
}

var _ notify.Sender = (*Sender)(nil)

// New checks cfg and returns a Sender for it.
func New(cfg config.SMTP) (*Sender, error) {
	s := &Sender{cfg: cfg, now: time.Now}
	if !s.Configured() {
		return s, nil
	}
	from, err := netmail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("smtp from %q: %w", cfg.From, err)
	}
	s.from = from
	s.domain = from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	if _, err := s.client(); err != nil {
		return nil, err
	}
	return s, nil
}

// Configured tells whether there is a server to send to.
func (s *Sender) Configured() bool { return s != nil && s.cfg.Host != "" }

// Send delivers m. A permanent refusal (5xx) wraps notify.ErrRejected; any
// other error is worth retrying later.
func (s *Sender) Send(ctx context.Context, m notify.Mail) error {
	if !s.Configured() {
		return notify.ErrNotConfigured
	}
	msg, err := s.Message(m)
	if err != nil {
		return err
	}
	// A client per send: go-mail clients hold connection state, and mail
	// is sent one job at a time, so nothing is gained by sharing one.
	c, err := s.client()
	if err != nil {
		return err
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		var se *gomail.SendError
		if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 {
			return fmt.Errorf("%w: %v", notify.ErrRejected, err)
		}
		return fmt.Errorf("smtp %s:%d: %w", s.cfg.Host, s.cfg.Port, err)
	}
	return nil
}

// Message builds the MIME message for m (exported for tests and previews).
func (s *Sender) Message(m notify.Mail) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8),
		gomail.WithEncoding(gomail.EncodingB64), gomail.WithNoDefaultUserAgent())
	if s.from != nil {
		msg.FromMailAddress(s.from)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("mail %s to %q: %w", m.ID, m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetDateWithValue(s.now().In(jst))
	// The same Message-ID on every attempt lets receivers drop a duplicate
	// when a send succeeded but recording it did not.
	msg.SetMessageIDWithValue("oroshi." + m.ID.String() + "@" + s.domain)
	msg.SetBodyString(gomail.TypeTextPlain, crlf(m.Text))
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, crlf(m.HTML))
	}
	attach(msg, m)
	return msg, nil
}

// crlf puts line breaks in the canonical form MIME requires of text
// before base64 (RFC 2046 4.1.1); clients show them as ordinary breaks.
func crlf(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
}

func (s *Sender) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(Timeout)}
	switch s.cfg.TLS {
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default: // "starttls": refuse to go on in clear text
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.Username != "" {
		// Auto-discovery picks the strongest mechanism the server offers and
		// never PLAIN/LOGIN over an unencrypted connection.
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	c, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("smtp client for %s:%d: %w", s.cfg.Host, s.cfg.Port, err)
	}
	return c, nil
}
