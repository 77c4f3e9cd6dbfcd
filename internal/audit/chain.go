package audit

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"time"
)

// The operation history is tamper-evident: each tenant's events form a
// chain, numbered 1, 2, 3 … without gaps, and each event's Hash is
//
//	HMAC-SHA256(chain key, PrevHash ‖ canonical encoding of the event)
//
// where PrevHash is the Hash of the event before it ("" for the first).
// Editing, deleting or reordering rows in the database breaks the chain at
// that entry, and nobody without the server secret can re-seal it.

// chainKeyLabel separates the audit key from the other keys derived from
// the server secret (sessions, TOTP sealing), so one can never stand in for
// another.
const chainKeyLabel = "oroshi audit chain v1"

// ChainKey derives the dedicated chain key from the server's master secret.
func ChainKey(master []byte) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte(chainKeyLabel))
	return m.Sum(nil)
}

// TimeFormat is how At enters the hash: UTC, fixed width, microseconds
// (what both databases keep, so a time read back hashes like the one written).
const TimeFormat = "2006-01-02T15:04:05.000000Z"

// CanonicalDetail rewrites a detail JSON object in the one form that is
// hashed, whatever the stored text's key order or spacing: object keys sorted at every depth, no insignificant
// space, numbers kept digit for digit (UseNumber: IDs beyond 2^53 survive),
// no HTML escaping. Empty input is the empty object.
func CanonicalDetail(raw []byte) ([]byte, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return []byte("{}"), nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("audit detail is not JSON: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("audit detail has trailing data")
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	// Maps encode with sorted keys; structs were turned into maps by Decode.
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode audit detail: %w", err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// EncodeDetail is the detail of an event about to be recorded, as stored:
// plain JSON (struct fields such as Change keep their before/after order
// for people reading it). The hash covers its CanonicalDetail.
func EncodeDetail(d map[string]any) ([]byte, error) {
	if len(d) == 0 {
		return []byte("{}"), nil
	}
	raw, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("audit detail: %w", err)
	}
	return raw, nil
}

// Sum is the chain hash of e (its Tenant, Seq, PrevHash and content) with
// detail, the canonical detail JSON. Every field is length-prefixed so that
// no two different events encode alike ("ab","c" vs "a","bc").
func Sum(key []byte, e Event, detail []byte) string {
	m := hmac.New(sha256.New, key)
	writeString(m, e.PrevHash)
	writeInt(m, int64(e.Tenant))
	writeInt(m, e.Seq)
	writeString(m, e.At.UTC().Format(TimeFormat))
	writeString(m, e.ActorRealm)
	writeInt(m, int64(e.ActorID))
	writeString(m, e.Action)
	writeString(m, e.TargetType)
	writeString(m, e.TargetID)
	writeString(m, string(detail))
	writeString(m, e.ClientAddr)
	return hex.EncodeToString(m.Sum(nil))
}

func writeInt(h hash.Hash, n int64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(n))
	h.Write(b[:])
}

func writeString(h hash.Hash, s string) {
	writeInt(h, int64(len(s)))
	h.Write([]byte(s))
}

// Seal sets e's place in the chain after prev (the head: the last event's
// seq and hash) and its Hash, and returns the detail JSON to store.
func Seal(key []byte, e *Event, prev Head) ([]byte, error) {
	if len(key) == 0 {
		return nil, fmt.Errorf("audit chain key is not configured")
	}
	stored, err := EncodeDetail(e.Detail)
	if err != nil {
		return nil, err
	}
	canon, err := CanonicalDetail(stored)
	if err != nil {
		return nil, err
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Seq, e.PrevHash = prev.Seq+1, prev.Hash
	e.Hash = Sum(key, *e, canon)
	return stored, nil
}
