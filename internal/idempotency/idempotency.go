// Package idempotency keeps the answers to requests sent with an
// Idempotency-Key, so that a client retrying a POST after a timeout or a
// dropped connection gets the first answer again instead of a second order,
// buyer or key.
//
// The rules: a key belongs to one caller (an API key) of one tenant; the
// first request claims it; while it runs, a retry gets "in progress"; once
// it has answered, a retry with the same request gets the saved answer and
// a retry with a different request is refused. A 5xx answer is not kept, so
// the retry runs again. Keys expire after TTL.
package idempotency

import (
	"context"
	"crypto/sha256"
	"errors"
	"time"

	"github.com/oroshi-jp/oroshi"
)

// TTL is how long an answer is kept. Stripe keeps 24 h; a client that
// retries later than that is sending a new request.
const TTL = 24 * time.Hour

// StaleClaim is how long a claim without an answer blocks its key: after
// that the request is taken to have died with its process and may be
// claimed again. It exceeds the server's write timeout.
const StaleClaim = 5 * time.Minute

// MaxKeyLen bounds a key (UUIDs are 36 characters).
const MaxKeyLen = 255

// MaxBody bounds a kept answer; larger answers are not replayable and the
// key is released instead (no POST of ours answers that much).
const MaxBody = 1 << 20

// Record is one claimed key.
type Record struct {
	Tenant      oroshi.TenantID
	Caller      string // "apikey:<id>"
	Key         string
	Fingerprint [sha256.Size]byte // of method, path and body
	Status      int               // 0 while the first request runs
	ContentType string
	Body        []byte
	CreatedAt   time.Time
}

// Done tells whether the first request has answered.
func (r Record) Done() bool { return r.Status != 0 }

// Store keeps records.
type Store interface {
	// ClaimIdempotencyKey inserts r (Status 0) unless a live record has its
	// key; it returns the live record and false when one exists. An expired
	// record, or a claim older than StaleClaim without an answer, is
	// replaced and counts as claimed.
	ClaimIdempotencyKey(ctx context.Context, r Record, now time.Time) (Record, bool, error)
	// SaveIdempotentAnswer stores the answer of a claimed key.
	SaveIdempotentAnswer(ctx context.Context, r Record) error
	// ReleaseIdempotencyKey deletes a claim, so that a retry runs again.
	ReleaseIdempotencyKey(ctx context.Context, t oroshi.TenantID, caller, key string) error
	// PurgeIdempotencyKeys deletes records created before cutoff, in all
	// tenants, and says how many.
	PurgeIdempotencyKeys(ctx context.Context, cutoff time.Time) (int, error)
}

// Outcome of a claim.
type Outcome int

const (
	Claimed    Outcome = iota // run the request, then Save or Release
	Replay                    // answer with the saved record
	InProgress                // the first request is still running
	Mismatch                  // the key was used for a different request
)

// ErrInvalidKey is a key that is empty, too long or not printable ASCII.
var ErrInvalidKey = errors.New("invalid idempotency key")

// ValidKey tells whether k may be used as a key.
func ValidKey(k string) bool {
	if k == "" || len(k) > MaxKeyLen {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// Fingerprint identifies a request by method, path and body.
func Fingerprint(method, path string, body []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte(method))
	h.Write([]byte{0})
	h.Write([]byte(path))
	h.Write([]byte{0})
	h.Write(body)
	var sum [sha256.Size]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// Service applies the rules over a Store.
type Service struct {
	Store Store
	Now   func() time.Time // nil: time.Now
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Claim claims r.Key for the request r describes, or says why not; with
// Replay the returned record holds the answer to send.
func (s *Service) Claim(ctx context.Context, r Record) (Record, Outcome, error) {
	if !ValidKey(r.Key) {
		return Record{}, 0, ErrInvalidKey
	}
	r.Status, r.Body, r.ContentType = 0, nil, ""
	r.CreatedAt = s.now().UTC().Truncate(time.Microsecond)
	got, claimed, err := s.Store.ClaimIdempotencyKey(ctx, r, r.CreatedAt)
	switch {
	case err != nil:
		return Record{}, 0, err
	case claimed:
		return r, Claimed, nil
	case got.Fingerprint != r.Fingerprint:
		return got, Mismatch, nil
	case !got.Done():
		return got, InProgress, nil
	default:
		return got, Replay, nil
	}
}

// Finish keeps the answer to a claimed request, or releases the key when
// the answer must not be replayed: a server error, a conflict or a rate
// limit (the same request may succeed later), or an answer too large.
func (s *Service) Finish(ctx context.Context, r Record, status int, contentType string, body []byte) error {
	if !Replayable(status) || len(body) > MaxBody {
		return s.Store.ReleaseIdempotencyKey(ctx, r.Tenant, r.Caller, r.Key)
	}
	r.Status, r.ContentType, r.Body = status, contentType, body
	return s.Store.SaveIdempotentAnswer(ctx, r)
}

// Replayable tells whether an answer with this status is kept for retries.
func Replayable(status int) bool {
	return status < 500 && status != 409 && status != 429
}

// Purge deletes records past TTL.
func (s *Service) Purge(ctx context.Context) (int, error) {
	return s.Store.PurgeIdempotencyKeys(ctx, s.now().Add(-TTL))
}
