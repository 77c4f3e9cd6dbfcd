package identity

import "testing"

// TestDummyHashIsComputedOnce proves that signing in with an unknown address
// costs one password check, like a wrong password: the dummy hash must be
// made once, not hashed again on every call (which doubles the time and
// tells an attacker which addresses exist).
func TestDummyHashIsComputedOnce(t *testing.T) {
	a, b := dummyHash(), dummyHash()
	if a != b {
		t.Fatal("dummyHash() hashes anew on each call: an unknown address costs two argon2id runs, a wrong password one")
	}
	if ok, err := VerifyPassword("oroshi-dummy-password-for-timing", a); err != nil || !ok {
		t.Errorf("dummy hash does not verify: %v, %v", ok, err)
	}
}
