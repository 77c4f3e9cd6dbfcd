package loadtest

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// clockTicks is USER_HZ, the unit of utime and stime in /proc/<pid>/stat:
// 100 on every Linux this runs on.
const clockTicks = 100

// ServerUsage is the server process's CPU (100 = one core busy for the whole
// step) and its largest resident set during a step.
type ServerUsage struct {
	CPUPercent float64 `json:"cpu_percent"`
	MaxRSSMiB  float64 `json:"max_rss_mib"`
}

// sampler reads /proc/<pid> every second while a step runs.
type sampler struct {
	pid  int
	stop chan struct{}
	done chan struct{}

	mu     sync.Mutex
	ticks0 int64
	start  time.Time
	ticks  int64
	maxRSS int64 // KiB
}

// startSampler begins sampling pid; Stop returns the usage since the start.
func startSampler(pid int) *sampler {
	s := &sampler{pid: pid, stop: make(chan struct{}), done: make(chan struct{}), start: time.Now()}
	s.ticks0, _ = cpuTicks(pid)
	s.ticks = s.ticks0
	s.sample()
	go func() {
		defer close(s.done)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				s.sample()
			}
		}
	}()
	return s
}

func (s *sampler) sample() {
	ticks, err1 := cpuTicks(s.pid)
	rss, err2 := rssKiB(s.pid)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err1 == nil {
		s.ticks = ticks
	}
	if err2 == nil {
		s.maxRSS = max(s.maxRSS, rss)
	}
}

// Stop ends the sampling and returns the step's usage.
func (s *sampler) Stop() ServerUsage {
	close(s.stop)
	<-s.done
	s.sample()
	s.mu.Lock()
	defer s.mu.Unlock()
	secs := time.Since(s.start).Seconds()
	cpu := float64(s.ticks-s.ticks0) / clockTicks / secs * 100
	return ServerUsage{CPUPercent: round(cpu), MaxRSSMiB: round(float64(s.maxRSS) / 1024)}
}

// cpuTicks is utime+stime of pid (fields 14 and 15 of /proc/<pid>/stat,
// counted after the parenthesised command name).
func cpuTicks(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	k, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: bad utime/stime", pid)
	}
	return u + k, nil
}

// rssKiB is VmRSS of pid.
func rssKiB(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				return strconv.ParseInt(f[0], 10, 64)
			}
		}
	}
	return 0, fmt.Errorf("/proc/%d/status: no VmRSS", pid)
}

// loadAverage is /proc/loadavg's first three figures ("" when unreadable).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}
