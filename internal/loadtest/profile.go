package loadtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// profiler saves the server's pprof profiles of each step into dir:
// <engine>-<vus>vu-cpu.pprof (CPU over the step, less a second at each end;
// a focused measurement is named by its focus: sqlite-catalog-cpu.pprof)
// and <engine>-<vus>vu-allocs.pprof (allocations since start; compare two
// steps with `go tool pprof -base`). The server serves pprof on its
// loopback debug listener (OROSHI_DEBUG_ADDR).
type profiler struct {
	debugBase, dir, engine string
}

// cpu starts a CPU profile of d in the background; wait for it with the
// returned function.
func (p *profiler) cpu(ctx context.Context, label string, d time.Duration) (wait func() error) {
	done := make(chan error, 1)
	secs := max(1, int((d-2*time.Second)/time.Second))
	go func() {
		select {
		case <-ctx.Done():
			done <- ctx.Err()
			return
		case <-time.After(time.Second):
		}
		// The profile ends near the run's end: a server slow to answer
		// must not see it cut off with the run's context.
		done <- p.save(context.WithoutCancel(ctx), fmt.Sprintf("/debug/pprof/profile?seconds=%d", secs), p.name(label, "cpu"))
	}()
	return func() error { return <-done }
}

func (p *profiler) allocs(ctx context.Context, label string) error {
	return p.save(ctx, "/debug/pprof/allocs", p.name(label, "allocs"))
}

func (p *profiler) name(label, kind string) string {
	return filepath.Join(p.dir, fmt.Sprintf("%s-%s-%s.pprof", p.engine, label, kind))
}

func (p *profiler) save(ctx context.Context, path, file string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.debugBase+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("profile %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("profile %s: %s", path, resp.Status)
	}
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		return err
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return fmt.Errorf("profile %s: %w", path, err)
	}
	return f.Close()
}
