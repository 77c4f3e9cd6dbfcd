package audit

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
)

var testKey = ChainKey([]byte("0123456789abcdef0123456789abcdef"))

func TestChainKey(t *testing.T) {
	a, b := ChainKey([]byte("secret-a")), ChainKey([]byte("secret-b"))
	if len(a) != 32 || bytes.Equal(a, b) || !bytes.Equal(a, ChainKey([]byte("secret-a"))) {
		t.Errorf("ChainKey: %x %x", a, b)
	}
	if bytes.Equal(a, []byte("secret-a")) {
		t.Error("ChainKey returned the master key itself")
	}
}

func TestCanonicalDetail(t *testing.T) {
	tests := []struct{ in, want string }{
		{``, `{}`},
		{`{}`, `{}`},
		{`{"b":1,"a":2}`, `{"a":2,"b":1}`},
		{` { "z" : {"y": [3, {"d":1,"c":2}], "x": null} } `, `{"z":{"x":null,"y":[3,{"c":2,"d":1}]}}`},
		{`{"id": 9007199254740993, "f": 1.50}`, `{"f":1.50,"id":9007199254740993}`}, // digits kept
		{`{"name": "<株式会社&>"}`, `{"name":"<株式会社&>"}`},
	}
	for _, tt := range tests {
		got, err := CanonicalDetail([]byte(tt.in))
		if err != nil || string(got) != tt.want {
			t.Errorf("CanonicalDetail(%s) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{`{"a":`, `{"a":1} {"b":2}`, `not json`} {
		if _, err := CanonicalDetail([]byte(bad)); err == nil {
			t.Errorf("CanonicalDetail(%s) accepted", bad)
		}
	}
	// A struct value (as Diff makes) is stored in its field order and
	// hashed like the map it decodes to.
	a, _ := EncodeDetail(map[string]any{"price": Change{Before: 100, After: 120}})
	b, _ := EncodeDetail(map[string]any{"price": map[string]any{"after": 120, "before": 100}})
	ca, _ := CanonicalDetail(a)
	cb, _ := CanonicalDetail(b)
	if string(a) != `{"price":{"before":100,"after":120}}` || string(ca) != string(cb) {
		t.Errorf("EncodeDetail: %s (canonical %s) vs %s (canonical %s)", a, ca, b, cb)
	}
}

func sampleEvent() Event {
	return Event{Tenant: 7, ID: 99, At: time.Date(2026, 5, 7, 1, 2, 3, 456789000, time.UTC),
		ActorRealm: RealmAdmin, ActorID: 12, Action: "顧客データ（更新）", TargetType: "buyer",
		TargetID: "123", ClientAddr: "192.0.2.1", Seq: 4, PrevHash: "ab"}
}

// TestSumCoversEveryField: changing any hashed field changes the hash;
// the row ID, not part of the content, does not.
func TestSumCoversEveryField(t *testing.T) {
	detail := []byte(`{"a":1}`)
	base := Sum(testKey, sampleEvent(), detail)
	edits := map[string]func(*Event){
		"tenant": func(e *Event) { e.Tenant = 8 }, "seq": func(e *Event) { e.Seq = 5 },
		"prev": func(e *Event) { e.PrevHash = "ac" }, "at": func(e *Event) { e.At = e.At.Add(time.Microsecond) },
		"realm": func(e *Event) { e.ActorRealm = RealmShop }, "actor": func(e *Event) { e.ActorID = 13 },
		"action": func(e *Event) { e.Action = "顧客データ（削除）" }, "type": func(e *Event) { e.TargetType = "buyers" },
		"target": func(e *Event) { e.TargetID = "124" }, "addr": func(e *Event) { e.ClientAddr = "192.0.2.2" },
		// Moving a byte between neighbouring fields must not collide.
		"shift": func(e *Event) { e.TargetType, e.TargetID = "buyer1", "23" },
	}
	for name, edit := range edits {
		e := sampleEvent()
		edit(&e)
		if Sum(testKey, e, detail) == base {
			t.Errorf("%s: hash unchanged", name)
		}
	}
	if Sum(testKey, sampleEvent(), []byte(`{"a":2}`)) == base {
		t.Error("detail: hash unchanged")
	}
	if Sum(ChainKey([]byte("other")), sampleEvent(), detail) == base {
		t.Error("key: hash unchanged")
	}
	e := sampleEvent()
	e.ID = 100
	if Sum(testKey, e, detail) != base {
		t.Error("the row ID changed the hash")
	}
}

// chain seals n events of tenant 7 as the store would.
func chain(t *testing.T, n int) ([]Event, [][]byte) {
	t.Helper()
	var evs []Event
	var details [][]byte
	head := Head{}
	for i := 1; i <= n; i++ {
		e := Event{Tenant: 7, At: time.Date(2026, 5, 7, 9, 0, i, 1234, time.UTC), ActorRealm: RealmAdmin,
			Action: "注文（承認）", TargetType: "order", TargetID: fmt.Sprint(i), Detail: map[string]any{"n": i}}
		d, err := Seal(testKey, &e, head)
		if err != nil {
			t.Fatal(err)
		}
		head = Head{Seq: e.Seq, Hash: e.Hash}
		evs, details = append(evs, e), append(details, d)
	}
	return evs, details
}

func TestVerifier(t *testing.T) {
	const n = 5
	tests := []struct {
		name   string
		tamper func(evs []Event, ds [][]byte, head *Head, found *bool) ([]Event, [][]byte)
		want   *Break
	}{
		{"intact", func(e []Event, d [][]byte, _ *Head, _ *bool) ([]Event, [][]byte) { return e, d }, nil},
		{"detail edited", func(e []Event, d [][]byte, _ *Head, _ *bool) ([]Event, [][]byte) {
			d[2] = []byte(`{"n":30}`)
			return e, d
		}, &Break{BreakChanged, 3}},
		{"detail re-spaced only", func(e []Event, d [][]byte, _ *Head, _ *bool) ([]Event, [][]byte) {
			d[2] = []byte(`{ "n" : 3 }`) // the same content: not a break
			return e, d
		}, nil},
		{"time edited", func(e []Event, d [][]byte, _ *Head, _ *bool) ([]Event, [][]byte) {
			e[0].At = e[0].At.Add(time.Second)
			return e, d
		}, &Break{BreakChanged, 1}},
		{"middle deleted", func(e []Event, d [][]byte, _ *Head, _ *bool) ([]Event, [][]byte) {
			return append(e[:1:1], e[2:]...), append(d[:1:1], d[2:]...)
		}, &Break{BreakMissing, 2}},
		{"first deleted", func(e []Event, d [][]byte, _ *Head, _ *bool) ([]Event, [][]byte) {
			return e[1:], d[1:]
		}, &Break{BreakMissing, 1}},
		{"tail deleted", func(e []Event, d [][]byte, _ *Head, _ *bool) ([]Event, [][]byte) {
			return e[:n-2], d[:n-2]
		}, &Break{BreakTail, n - 1}},
		{"swapped", func(e []Event, d [][]byte, _ *Head, _ *bool) ([]Event, [][]byte) {
			e[1], e[2] = e[2], e[1]
			e[1].Seq, e[2].Seq = 2, 3
			return e, d
		}, &Break{BreakReordered, 2}},
		{"head lost", func(e []Event, d [][]byte, _ *Head, found *bool) ([]Event, [][]byte) {
			*found = false
			return e, d
		}, &Break{BreakHead, n}},
		{"head hash wrong", func(e []Event, d [][]byte, head *Head, _ *bool) ([]Event, [][]byte) {
			head.Hash = e[n-2].Hash
			return e, d
		}, &Break{BreakHead, n}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, ds := chain(t, n)
			head, found := Head{Seq: evs[n-1].Seq, Hash: evs[n-1].Hash}, true
			evs, ds = tt.tamper(evs, ds, &head, &found)
			v := NewVerifier(testKey, 7, head)
			for i := range evs {
				if !v.Add(evs[i], ds[i]) {
					break
				}
			}
			res := v.Finish(head, found)
			if (res.Break == nil) != (tt.want == nil) || (tt.want != nil && *res.Break != *tt.want) {
				t.Errorf("break %+v, want %+v", res.Break, tt.want)
			}
			if res.Tenant != oroshi.TenantID(7) {
				t.Errorf("tenant %s", res.Tenant)
			}
		})
	}
}

// TestVerifierBeyondHead: entries past the head read before the walk are
// fine when a later head covers them, a break when it does not.
func TestVerifierBeyondHead(t *testing.T) {
	evs, ds := chain(t, 4)
	early := Head{Seq: 2, Hash: evs[1].Hash}
	v := NewVerifier(testKey, 7, early)
	for i := range evs {
		v.Add(evs[i], ds[i])
	}
	if res := v.Finish(early, true); !res.OK() || res.Entries != 4 {
		t.Fatalf("finish: %+v", res)
	}
	if res := v.Beyond(Head{Seq: 4, Hash: evs[3].Hash}); !res.OK() {
		t.Errorf("head moved on with the writes: %+v", res.Break)
	}
	if res := v.Beyond(Head{Seq: 3, Hash: evs[2].Hash}); res.OK() || *res.Break != (Break{BreakHead, 4}) {
		t.Errorf("head behind a committed entry: %+v", res.Break)
	}
}

func TestSealNeedsKey(t *testing.T) {
	e := sampleEvent()
	if _, err := Seal(nil, &e, Head{}); err == nil {
		t.Error("Seal without a key succeeded")
	}
}

// BenchmarkSeal is the CPU part of recording an entry: detail JSON, its
// canonical form and the HMAC.
func BenchmarkSeal(b *testing.B) {
	detail := Diff(map[string]any{"name": "本枯れ鰹節", "price": 3200, "status": "draft"},
		map[string]any{"name": "本枯れ鰹節（特選）", "price": 3300, "status": "published"})
	for i := 0; i < b.N; i++ {
		e := sampleEvent()
		e.Detail = detail
		if _, err := Seal(testKey, &e, Head{Seq: int64(i), Hash: "ab"}); err != nil {
			b.Fatal(err)
		}
	}
}
