package audit

import (
	"testing"
	"time"
)

func TestCursorRoundTrip(t *testing.T) {
	c := Cursor{At: time.Date(2026, 11, 26, 5, 3, 4, 123456000, time.UTC), Seq: 42}
	got, err := ParseCursor(c.String())
	if err != nil || !got.At.Equal(c.At) || got.Seq != 42 {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	if z, err := ParseCursor(""); err != nil || !z.IsZero() || z.String() != "" {
		t.Errorf("empty cursor: %+v, %v", z, err)
	}
	for _, bad := range []string{"x", "1", "1.0", "1.-2", "a.2", "1.2.3"} {
		if _, err := ParseCursor(bad); err == nil {
			t.Errorf("ParseCursor(%q) accepted", bad)
		}
	}
}

func TestCheckEntry(t *testing.T) {
	key := ChainKey([]byte("secret"))
	e := Event{Tenant: 7, At: time.Now(), ActorRealm: RealmAdmin, ActorID: 3, Action: "顧客データ（更新）",
		Detail: map[string]any{"name": Change{Before: "a", After: "b"}}}
	detail, err := Seal(key, &e, Head{Seq: 4, Hash: "prev"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		key    []byte
		edit   func(*Event)
		detail string
		prev   string
		want   Check
	}{
		{"intact", key, nil, string(detail), "prev", Check{Sealed: true, Linked: true}},
		{"other key", ChainKey([]byte("other")), nil, string(detail), "prev", Check{Linked: true}},
		{"no key", nil, nil, string(detail), "prev", Check{Linked: true}},
		{"detail changed", key, nil, `{"name":{"before":"a","after":"c"}}`, "prev", Check{Linked: true}},
		{"detail respaced", key, nil, `{ "name": {"after":"b", "before":"a"} }`, "prev", Check{Sealed: true, Linked: true}},
		{"target changed", key, func(e *Event) { e.TargetID = "9" }, string(detail), "prev", Check{Linked: true}},
		{"previous entry replaced", key, nil, string(detail), "other", Check{Sealed: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev := e
			if c.edit != nil {
				c.edit(&ev)
			}
			if got := CheckEntry(c.key, ev, []byte(c.detail), c.prev); got != c.want {
				t.Errorf("CheckEntry = %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestRealmLabel(t *testing.T) {
	for realm, want := range map[string]string{RealmOps: "運営者", RealmAdmin: "管理画面", RealmShop: "取引先",
		RealmAPI: "API", RealmSystem: "システム", "other": "other"} {
		if got := RealmLabel(realm); got != want {
			t.Errorf("RealmLabel(%q) = %q, want %q", realm, got, want)
		}
	}
}
