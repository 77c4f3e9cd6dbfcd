// Package clamdtest starts a real clamd (Debian's clamav-daemon) for tests,
// with a temporary configuration and a local signature database holding
// only the EICAR test signature: no internet, no freshclam.
package clamdtest

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/virusscan"
)

// EICAR is the standard anti-virus test file: harmless, detected by every
// scanner.
const EICAR = `X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`

// Signature is the name clamd reports for EICAR with this database.
const Signature = "Oroshi-Test-EICAR"

// MaxBytes is the StreamMaxLength the test clamd is started with.
const MaxBytes = 2 << 20

// Clamd is a running clamd.
type Clamd struct {
	Addr string // 127.0.0.1:port
	cmd  *exec.Cmd
	done chan struct{}
	log  string
}

// Start runs clamd until the test ends. Without clamd installed the test
// is skipped, unless OROSHI_REQUIRE_CLAMAV=1 (CI), where it fails.
func Start(t testing.TB) *Clamd {
	t.Helper()
	bin, err := exec.LookPath("clamd")
	if err != nil {
		for _, p := range []string{"/usr/sbin/clamd", "/usr/local/sbin/clamd"} {
			if _, serr := os.Stat(p); serr == nil {
				bin, err = p, nil
			}
		}
	}
	if err != nil {
		if os.Getenv("OROSHI_REQUIRE_CLAMAV") == "1" {
			t.Fatal("clamd is not installed (apt-get install clamav-daemon) and OROSHI_REQUIRE_CLAMAV=1")
		}
		t.Skip("clamd is not installed (apt-get install clamav-daemon); skipping the virus-scan test")
	}
	dir := t.TempDir()
	addr := freeAddr(t)
	conf := writeConfig(t, dir, addr)
	c := &Clamd{Addr: addr, done: make(chan struct{}), log: filepath.Join(dir, "clamd.log")}
	c.cmd = exec.Command(bin, "--config-file="+conf)
	if err := c.cmd.Start(); err != nil {
		t.Fatalf("start clamd: %v", err)
	}
	go func() { _ = c.cmd.Wait(); close(c.done) }()
	t.Cleanup(c.Stop)
	c.waitReady(t)
	return c
}

// Client is a scanner client for this clamd.
func (c *Clamd) Client() *virusscan.Client {
	return virusscan.New(c.Addr, MaxBytes, 10*time.Second)
}

// Stop ends clamd and waits for it.
func (c *Clamd) Stop() {
	select {
	case <-c.done:
		return
	default:
	}
	_ = c.cmd.Process.Kill()
	<-c.done
}

func (c *Clamd) waitReady(t testing.TB) {
	t.Helper()
	cl := c.Client()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-c.done:
			b, _ := os.ReadFile(c.log)
			t.Fatalf("clamd exited before answering PING; its log:\n%s", b)
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := cl.Ping(ctx)
		cancel()
		if err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	b, _ := os.ReadFile(c.log)
	t.Fatalf("clamd did not answer PING within 60 s; its log:\n%s", b)
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// writeConfig writes the signature database (an MD5 hash signature and a
// body signature of EICAR) and clamd.conf; it returns the conf path.
func writeConfig(t testing.TB, dir, addr string) string {
	t.Helper()
	db := filepath.Join(dir, "db")
	if err := os.Mkdir(db, 0o700); err != nil {
		t.Fatal(err)
	}
	sum := md5.Sum([]byte(EICAR))
	hdb := fmt.Sprintf("%s:%d:%s\n", hex.EncodeToString(sum[:]), len(EICAR), Signature)
	ndb := fmt.Sprintf("%s-Body:0:*:%s\n", Signature, hex.EncodeToString([]byte(EICAR)))
	host, port, _ := net.SplitHostPort(addr)
	conf := fmt.Sprintf(`Foreground yes
TCPSocket %s
TCPAddr %s
DatabaseDirectory %s
LogFile %s
PidFile %s
TemporaryDirectory %s
StreamMaxLength %d
MaxThreads 2
`, port, host, db, filepath.Join(dir, "clamd.log"), filepath.Join(dir, "clamd.pid"), dir, MaxBytes)
	files := map[string]string{
		filepath.Join(db, "oroshi-test.hdb"): hdb,
		filepath.Join(db, "oroshi-test.ndb"): ndb,
		filepath.Join(dir, "clamd.conf"):     conf,
	}
	for p, body := range files {
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "clamd.conf")
}
