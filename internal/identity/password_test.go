package identity

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
)

func TestPasswordPolicy(t *testing.T) {
	p := NewPasswordPolicy()
	tests := []struct {
		pw, email string
		ok        bool
	}{
		{"kaisha-no-hikidashi-42", "a@example.jp", true},
		{"短いパス", "", false},
		{"elevenchars", "", false},
		{"password1234", "", false},
		{"Password1234", "", false},
		{"aaaaaaaaaaaa", "", false},
		{"abcabcabcabc", "", false},
		{"tanaka-secret-2026", "tanaka@example.jp", false},
		{strings.Repeat("x", 100) + "yz" + strings.Repeat("q", 40), "", false},
		{"にほんごのながいぱすわーど", "", true},
	}
	for _, tt := range tests {
		err := p.Check(tt.pw, tt.email)
		if (err == nil) != tt.ok {
			t.Errorf("Check(%q) = %v, want ok=%v", tt.pw, err, tt.ok)
		}
		var ve *oroshi.ValidationError
		if err != nil && (!errors.As(err, &ve) || ve.Fields["password"] == "") {
			t.Errorf("Check(%q) error is not a password field error: %v", tt.pw, err)
		}
	}
}

func TestHashAndVerify(t *testing.T) {
	h, err := hashWith("correct horse battery", argonParams{memory: 1024, time: 1, threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pw, hash string
		ok       bool
		bad      bool
	}{
		{"correct horse battery", h, true, false},
		{"correct horse batterx", h, false, false},
		{"", h, false, false},
		{"x", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", false, true},
		{"x", "plain", false, true},
		{"x", "$argon2id$v=19$m=1024,t=1,p=1$!!$AA", false, true},
	}
	for _, tt := range tests {
		ok, err := VerifyPassword(tt.pw, tt.hash)
		if ok != tt.ok || (err != nil) != tt.bad {
			t.Errorf("VerifyPassword(%q, %q) = %v, %v", tt.pw, tt.hash, ok, err)
		}
	}
	if h2, _ := HashPassword("correct horse battery"); h2 == h || !strings.HasPrefix(h2, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("default hash %q", h2)
	}
}

// TestHashGateBounds: no more argon2id computations run at once than the
// gate has slots, and a request that gives up while waiting gets an error.
func TestHashGateBounds(t *testing.T) {
	g := make(hashGate, 2)
	var running, most atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = g.do(context.Background(), func() {
				n := running.Add(1)
				for {
					m := most.Load()
					if n <= m || most.CompareAndSwap(m, n) {
						break
					}
				}
				time.Sleep(10 * time.Millisecond)
				running.Add(-1)
			})
		}()
	}
	wg.Wait()
	if m := most.Load(); m != 2 {
		t.Errorf("at most %d at once, want 2", m)
	}
	g <- struct{}{}
	g <- struct{}{} // full
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := g.do(ctx, func() { t.Error("ran while full") }); err == nil {
		t.Error("cancelled wait: no error")
	}
}
