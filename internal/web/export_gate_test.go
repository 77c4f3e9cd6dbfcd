package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestExportGate: at most maxExports downloads stream at once; the next
// waits for one to end, and a client that gives up while waiting leaves.
func TestExportGate(t *testing.T) {
	s := &Server{exports: make(chan struct{}, maxExports)}
	var running, most atomic.Int32
	release := make(chan struct{})
	h := s.exportGate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := running.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		<-release
		running.Add(-1)
	}))
	var wg sync.WaitGroup
	for range maxExports + 2 {
		wg.Go(func() { h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil)) })
	}
	deadline := time.Now().Add(5 * time.Second)
	for running.Load() < maxExports && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan struct{})
	go func() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil).WithContext(ctx))
		close(gaveUp)
	}()
	cancel()
	select {
	case <-gaveUp:
	case <-time.After(5 * time.Second):
		t.Fatal("a waiting client that gave up did not leave")
	}
	if n := running.Load(); n != maxExports {
		t.Errorf("%d downloads running, want %d", n, maxExports)
	}
	close(release)
	wg.Wait()
	if m := most.Load(); m != maxExports {
		t.Errorf("at most %d at once, want %d", m, maxExports)
	}
}
