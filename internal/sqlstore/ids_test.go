package sqlstore

import "testing"

func TestIDsAreUniqueAndIncreasing(t *testing.T) {
	g := newIDGen()
	prev := g.next()
	seen := map[int64]bool{int64(prev): true}
	for i := 0; i < 100000; i++ {
		id := g.next()
		if id <= prev || seen[int64(id)] {
			t.Fatalf("id %d after %d", id, prev)
		}
		seen[int64(id)] = true
		prev = id
	}
	if prev <= 0 {
		t.Fatalf("id %d is not positive", prev)
	}
}
