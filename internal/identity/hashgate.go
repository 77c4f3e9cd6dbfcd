package identity

import (
	"context"
	"fmt"
	"runtime"
)

// hashGate bounds how many argon2id computations run at once. Each takes
// 19 MiB and a core for tens of milliseconds: 800 sign-ins at once grew a
// server to 13 GiB in the load test (docs/performance.md). Beyond the
// bound, sign-ins wait their turn (or give up with their request).
type hashGate chan struct{}

func newHashGate() hashGate { return make(hashGate, max(2, runtime.NumCPU())) }

// do runs fn when a slot is free; a nil gate does not limit.
func (g hashGate) do(ctx context.Context, fn func()) error {
	if g == nil {
		fn()
		return nil
	}
	select {
	case g <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("password check: %w", ctx.Err())
	}
	defer func() { <-g }()
	fn()
	return nil
}

// verify checks password against encoded within the gate.
func (s *Service) verify(ctx context.Context, password, encoded string) (ok bool, err error) {
	if gerr := s.hashes.do(ctx, func() { ok, err = VerifyPassword(password, encoded) }); gerr != nil {
		return false, gerr
	}
	return ok, err
}

// hash hashes password within the gate.
func (s *Service) hash(ctx context.Context, password string) (h string, err error) {
	if gerr := s.hashes.do(ctx, func() { h, err = HashPassword(password) }); gerr != nil {
		return "", gerr
	}
	return h, err
}
