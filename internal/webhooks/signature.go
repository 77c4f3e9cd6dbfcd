package webhooks

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SecretPrefix starts every signing secret, so people recognise one.
const SecretPrefix = "whsec_"

// Headers of a delivery.
const (
	HeaderEvent     = "X-Oroshi-Event"
	HeaderDelivery  = "X-Oroshi-Delivery"
	HeaderTimestamp = "X-Oroshi-Timestamp"
	HeaderSignature = "X-Oroshi-Signature"
	UserAgent       = "oroshi-webhooks/1"
)

// NewSecret makes a signing secret: whsec_ and 32 random bytes in base64url.
func NewSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("webhook secret: %w", err)
	}
	return SecretPrefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// Sign returns the X-Oroshi-Signature value: "v1=" and the hex
// HMAC-SHA256, keyed with the whole secret string (whsec_… as shown), of
// timestamp + "." + body.
func Sign(secret, timestamp string, body []byte) string {
	return "v1=" + hex.EncodeToString(mac(secret, timestamp, body))
}

func mac(secret, timestamp string, body []byte) []byte {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(timestamp))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}

// Errors of Verify.
var (
	ErrNoSignature  = errors.New("webhook: no v1 signature in the header")
	ErrBadSignature = errors.New("webhook: signature does not match")
	ErrBadTimestamp = errors.New("webhook: timestamp is not unix seconds")
	ErrStale        = errors.New("webhook: timestamp too far from now")
)

// Verify checks a received delivery: header is the X-Oroshi-Signature
// value (one or more comma-separated "v1=<hex>" entries), timestamp the
// X-Oroshi-Timestamp value and body the raw request body. Receivers
// should also refuse old timestamps (CheckTimestamp) against replays.
func Verify(secret, timestamp string, body []byte, header string) error {
	if _, err := strconv.ParseInt(timestamp, 10, 64); err != nil {
		return ErrBadTimestamp
	}
	want := mac(secret, timestamp, body)
	found := false
	for _, part := range strings.Split(header, ",") {
		scheme, sig, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || scheme != "v1" {
			continue
		}
		found = true
		got, err := hex.DecodeString(sig)
		if err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	if !found {
		return ErrNoSignature
	}
	return ErrBadSignature
}

// CheckTimestamp refuses a timestamp more than tolerance away from now.
func CheckTimestamp(timestamp string, now time.Time, tolerance time.Duration) error {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return ErrBadTimestamp
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return ErrStale
	}
	return nil
}

// payload is the JSON body of every delivery.
type payload struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	CreatedAt string `json:"created_at"`
	Data      any    `json:"data"`
}

// NewMessage builds the body of ev once, so every attempt (and a resend)
// sends the same bytes. Data must marshal to a JSON object.
func NewMessage(ev Event) (Message, error) {
	if ev.ID == "" || len(ev.ID) > 200 {
		return Message{}, fmt.Errorf("webhook event id %q: must be 1 to 200 bytes", ev.ID)
	}
	if ev.Type != Ping && !knownType(ev.Type) {
		return Message{}, fmt.Errorf("webhook event %s: unknown type %q", ev.ID, ev.Type)
	}
	data := ev.Data
	if data == nil {
		data = struct{}{}
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return Message{}, fmt.Errorf("webhook event %s: data: %w", ev.ID, err)
	}
	if len(raw) == 0 || raw[0] != '{' {
		return Message{}, fmt.Errorf("webhook event %s: data must be a JSON object", ev.ID)
	}
	at := ev.OccurredAt
	if at.IsZero() {
		at = time.Now()
	}
	body, err := json.Marshal(payload{ID: ev.ID, Type: ev.Type, CreatedAt: at.UTC().Format(time.RFC3339),
		Data: json.RawMessage(raw)})
	if err != nil {
		return Message{}, fmt.Errorf("webhook event %s: %w", ev.ID, err)
	}
	return Message{EventID: ev.ID, Type: ev.Type, Body: body}, nil
}

func knownType(t string) bool {
	for _, e := range EventTypes() {
		if e.Type == t {
			return true
		}
	}
	return false
}
