// Package virusscan is a small client of clamd (ClamAV's daemon): it streams
// an upload with the INSTREAM command and reads the verdict. It fails closed:
// any answer other than "OK" or "… FOUND" is an error, and the caller must
// refuse the upload.
package virusscan

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// DefaultMaxBytes is clamd's default StreamMaxLength (25 MiB).
const DefaultMaxBytes = 25 << 20

// DefaultTimeout bounds one scan: connect, stream and verdict.
const DefaultTimeout = 30 * time.Second

// chunk is the size of one INSTREAM chunk.
const chunk = 32 << 10

// ErrUnavailable wraps every failure to get a verdict (clamd down, a
// timeout, a protocol error, clamd's own error).
var ErrUnavailable = errors.New("virus scanner unavailable")

// ErrTooLarge: the file is larger than clamd accepts (StreamMaxLength).
var ErrTooLarge = errors.New("file larger than the virus scanner accepts")

// Client talks to one clamd. The zero value is not usable: see New.
type Client struct {
	Network  string // "tcp" or "unix"
	Addr     string
	Timeout  time.Duration
	MaxBytes int64 // must not exceed clamd's StreamMaxLength
}

// New returns a client for addr: "host:port" (TCP) or a socket path
// (anything starting with "/" or "unix:").
func New(addr string, maxBytes int64, timeout time.Duration) *Client {
	c := &Client{Network: "tcp", Addr: addr, Timeout: timeout, MaxBytes: maxBytes}
	if p, ok := strings.CutPrefix(addr, "unix:"); ok {
		c.Network, c.Addr = "unix", p
	} else if strings.HasPrefix(addr, "/") {
		c.Network = "unix"
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	return c
}

// Result is clamd's verdict on one stream.
type Result struct {
	Infected  bool
	Signature string // e.g. "Eicar-Signature" when Infected
}

// Scan streams r to clamd and returns its verdict.
func (c *Client) Scan(ctx context.Context, r io.Reader) (Result, error) {
	conn, err := c.dial(ctx)
	if err != nil {
		return Result{}, err
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "zINSTREAM\x00"); err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	if err := c.stream(conn, r); err != nil {
		return Result{}, err
	}
	reply, err := readReply(conn)
	if err != nil {
		return Result{}, err
	}
	return parseReply(reply)
}

// Ping checks clamd answers PONG.
func (c *Client) Ping(ctx context.Context) error {
	conn, err := c.dial(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "zPING\x00"); err != nil {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	reply, err := readReply(conn)
	if err != nil {
		return err
	}
	if reply != "PONG" {
		return fmt.Errorf("%w: unexpected answer %q", ErrUnavailable, reply)
	}
	return nil
}

func (c *Client) dial(ctx context.Context) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, c.Network, c.Addr)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	deadline, _ := ctx.Deadline()
	if err := conn.SetDeadline(deadline.Add(c.Timeout)); err != nil {
		conn.Close()
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return conn, nil
}

// stream sends r as length-prefixed chunks and the zero-length end mark;
// more than MaxBytes is refused before clamd would cut the stream short.
func (c *Client) stream(w io.Writer, r io.Reader) error {
	buf := make([]byte, 4+chunk)
	var sent int64
	for {
		n, rerr := io.ReadFull(r, buf[4:])
		if n > 0 {
			if sent += int64(n); sent > c.MaxBytes {
				return fmt.Errorf("%w (%d bytes)", ErrTooLarge, c.MaxBytes)
			}
			binary.BigEndian.PutUint32(buf[:4], uint32(n))
			if _, err := w.Write(buf[:4+n]); err != nil {
				return fmt.Errorf("%w: %v", ErrUnavailable, err)
			}
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			break
		}
		if rerr != nil {
			return fmt.Errorf("read upload: %w", rerr)
		}
	}
	if _, err := w.Write([]byte{0, 0, 0, 0}); err != nil {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return nil
}

// readReply reads one NUL-terminated answer (the "z" command form).
func readReply(r io.Reader) (string, error) {
	s, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString(0)
	if err != nil {
		return "", fmt.Errorf("%w: read answer: %v", ErrUnavailable, err)
	}
	return strings.TrimSuffix(s, "\x00"), nil
}

// parseReply reads "stream: OK", "stream: <name> FOUND" or an error.
func parseReply(reply string) (Result, error) {
	body, ok := strings.CutPrefix(reply, "stream: ")
	switch {
	case ok && body == "OK":
		return Result{}, nil
	case ok && strings.HasSuffix(body, " FOUND"):
		return Result{Infected: true, Signature: strings.TrimSuffix(body, " FOUND")}, nil
	case strings.Contains(reply, "size limit exceeded"):
		return Result{}, fmt.Errorf("%w: %s", ErrTooLarge, reply)
	}
	return Result{}, fmt.Errorf("%w: clamd answered %q", ErrUnavailable, reply)
}
