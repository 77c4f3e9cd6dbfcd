package audit

import (
	"crypto/hmac"
	"fmt"

	"github.com/oroshi-jp/oroshi"
)

// Head is the end of a tenant's chain as the store keeps it beside the
// events: the last seq handed out and that event's hash. It lets Verify
// notice events deleted from the end, which leave no gap behind them.
type Head struct {
	Seq  int64
	Hash string
}

// BreakKind says how a chain is broken.
type BreakKind string

// Kinds of break, in the order a walk meets them for one entry.
const (
	BreakMissing   BreakKind = "missing"   // a seq is absent: a row was deleted
	BreakReordered BreakKind = "reordered" // prev_hash is not the previous row's hash
	BreakChanged   BreakKind = "changed"   // the row's content does not match its hash
	BreakTail      BreakKind = "tail"      // the head is past the last row: rows deleted from the end
	BreakHead      BreakKind = "head"      // the head is missing or does not match the last row
)

// Break is the first problem found in a chain.
type Break struct {
	Kind BreakKind
	Seq  int64 // the entry at which the chain stops being trustworthy
}

// Message says what is wrong, in Japanese and English.
func (b Break) Message() string {
	switch b.Kind {
	case BreakMissing:
		return fmt.Sprintf("seq %d の記録がありません（削除された可能性） / entry missing (deleted)", b.Seq)
	case BreakReordered:
		return fmt.Sprintf("seq %d の直前ハッシュが前の記録と一致しません（並べ替え・差し替え） / prev_hash mismatch (reordered or replaced)", b.Seq)
	case BreakChanged:
		return fmt.Sprintf("seq %d の内容がハッシュと一致しません（改ざん） / entry changed (hash mismatch)", b.Seq)
	case BreakTail:
		return fmt.Sprintf("seq %d 以降の記録がありません（末尾の削除） / entries from seq %d deleted (tail)", b.Seq, b.Seq)
	case BreakHead:
		return fmt.Sprintf("seq %d で履歴の末尾情報が一致しません / chain head does not match entry %d", b.Seq, b.Seq)
	}
	return fmt.Sprintf("seq %d: %s", b.Seq, b.Kind)
}

// Verification is the result of checking one tenant's chain.
type Verification struct {
	Tenant  oroshi.TenantID
	Entries int64 // entries checked (up to the break)
	Break   *Break
}

// OK tells whether the chain is intact.
func (v Verification) OK() bool { return v.Break == nil }

// Verifier walks one tenant's events in seq order, keeping only the
// previous hash (flat memory whatever the length of the history).
type Verifier struct {
	key   []byte
	res   Verification
	last  int64  // seq of the last entry added
	prev  string // its stored hash
	watch int64  // seq whose hash the head must carry
	seen  string // hash found at watch
}

// NewVerifier starts a walk of tenant t's chain; head is the head row read
// just before the walk (zero when there is none).
func NewVerifier(key []byte, t oroshi.TenantID, head Head) *Verifier {
	return &Verifier{key: key, res: Verification{Tenant: t}, watch: head.Seq}
}

// Add checks the next event, whose stored detail text is detail. It
// returns false once the chain is broken (the caller may stop reading).
func (v *Verifier) Add(e Event, detail []byte) bool {
	if v.res.Break != nil {
		return false
	}
	want := v.last + 1
	switch {
	case e.Seq > want:
		return v.fail(BreakMissing, want)
	case e.Seq < want || e.PrevHash != v.prev:
		return v.fail(BreakReordered, want)
	}
	canon, err := CanonicalDetail(detail)
	if err != nil || !hmacEqual(Sum(v.key, e, canon), e.Hash) {
		return v.fail(BreakChanged, e.Seq)
	}
	v.last, v.prev = e.Seq, e.Hash
	if e.Seq == v.watch {
		v.seen = e.Hash
	}
	v.res.Entries++
	return true
}

func (v *Verifier) fail(k BreakKind, seq int64) bool {
	v.res.Break = &Break{Kind: k, Seq: seq}
	return false
}

// Last is the seq of the last good entry.
func (v *Verifier) Last() int64 { return v.last }

// Finish checks the end of the chain against the head read before the walk
// (found false: there was none) and returns the result. Entries past that
// head may be writes committed during the walk; see Beyond.
func (v *Verifier) Finish(head Head, found bool) Verification {
	if v.res.Break != nil {
		return v.res
	}
	switch {
	case !found && v.last > 0:
		v.fail(BreakHead, v.last)
	case !found:
	case v.last < head.Seq:
		v.fail(BreakTail, v.last+1)
	case head.Seq > 0 && !hmacEqual(v.seen, head.Hash):
		v.fail(BreakHead, head.Seq)
	}
	return v.res
}

// Beyond checks, when the walk found entries past the first head, a head
// read after the walk: honest writers move the head with each entry in the
// same transaction, so it can never be behind an entry already committed.
func (v *Verifier) Beyond(head Head) Verification {
	if v.res.Break == nil && head.Seq < v.last {
		v.fail(BreakHead, head.Seq+1)
	}
	return v.res
}

func hmacEqual(a, b string) bool { return hmac.Equal([]byte(a), []byte(b)) }
