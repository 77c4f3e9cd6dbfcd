package virusscan_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/virusscan"
	"github.com/oroshi-jp/oroshi/internal/virusscan/clamdtest"
)

func TestScanRealClamd(t *testing.T) {
	c := clamdtest.Start(t)
	cl := c.Client()
	ctx := context.Background()
	tests := []struct {
		name     string
		body     string
		infected bool
		err      error
	}{
		{"clean text", "商品コード,商品名\nA-1,りんご\n", false, nil},
		{"empty", "", false, nil},
		{"eicar", clamdtest.EICAR, true, nil},
		{"eicar inside a larger file", strings.Repeat("x", 100_000) + clamdtest.EICAR + "\n", true, nil},
		{"over the limit", strings.Repeat("a", clamdtest.MaxBytes+1), false, virusscan.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := cl.Scan(ctx, strings.NewReader(tt.body))
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Infected != tt.infected {
				t.Fatalf("infected = %v (%q), want %v", res.Infected, res.Signature, tt.infected)
			}
			if tt.infected && !strings.HasPrefix(res.Signature, clamdtest.Signature) {
				t.Errorf("signature = %q, want %s…", res.Signature, clamdtest.Signature)
			}
		})
	}
	c.Stop()
	if _, err := cl.Scan(ctx, bytes.NewReader([]byte("clean"))); !errors.Is(err, virusscan.ErrUnavailable) {
		t.Fatalf("scan with clamd stopped: err = %v, want ErrUnavailable", err)
	}
}

func TestNewAddr(t *testing.T) {
	tests := []struct{ addr, network, want string }{
		{"127.0.0.1:3310", "tcp", "127.0.0.1:3310"},
		{"/run/clamav/clamd.ctl", "unix", "/run/clamav/clamd.ctl"},
		{"unix:/tmp/c.sock", "unix", "/tmp/c.sock"},
	}
	for _, tt := range tests {
		c := virusscan.New(tt.addr, 0, 0)
		if c.Network != tt.network || c.Addr != tt.want || c.MaxBytes != virusscan.DefaultMaxBytes || c.Timeout != virusscan.DefaultTimeout {
			t.Errorf("New(%q) = %+v", tt.addr, c)
		}
	}
}

func TestScanUnreachable(t *testing.T) {
	cl := virusscan.New("127.0.0.1:1", 0, 2*time.Second)
	if _, err := cl.Scan(context.Background(), strings.NewReader("x")); !errors.Is(err, virusscan.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
}
