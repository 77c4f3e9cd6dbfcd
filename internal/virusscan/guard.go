package virusscan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/oroshi-jp/oroshi/internal/audit"
)

// Guard checks uploads for the web pages and the API alike: an infected
// file is refused and recorded in the operation history as
// アップロード（拒否） with the signature; a file that cannot be scanned is
// refused (fail closed).
type Guard struct {
	Client *Client
	// Record writes an operation-history event (the store's RecordAudit).
	Record func(ctx context.Context, e audit.Event) error
	Log    *slog.Logger
}

// Reason is why an upload was refused.
type Reason int

// Reasons of a Rejection.
const (
	Infected    Reason = iota + 1 // a signature matched
	TooLarge                      // over clamd's StreamMaxLength
	Unavailable                   // no verdict: clamd down, timeout, error
)

// Rejection is a refused upload; Message is the Japanese text for people.
type Rejection struct {
	Reason    Reason
	Signature string
	Message   string
	err       error
}

func (r *Rejection) Error() string { return fmt.Sprintf("upload refused: %s (%v)", r.Message, r.err) }
func (r *Rejection) Unwrap() error { return r.err }

// Check scans one upload named name. ev carries the actor, tenant and
// target of the history entry written when a virus is found.
func (g *Guard) Check(ctx context.Context, ev audit.Event, name string, size int64, r io.Reader) error {
	res, err := g.Client.Scan(ctx, r)
	switch {
	case errors.Is(err, ErrTooLarge):
		return &Rejection{Reason: TooLarge, err: err,
			Message: "ファイルが大きすぎるため、ウイルス検査ができませんでした。ファイルを受け付けませんでした。"}
	case err != nil: // a 503: the web and API adapters log it
		return &Rejection{Reason: Unavailable, err: err,
			Message: "ウイルス検査を実行できないため、ファイルを受け付けませんでした。しばらくしてから再度お試しください。"}
	case !res.Infected:
		return nil
	}
	ev.Action = "アップロード（拒否）"
	ev.Detail = map[string]any{"signature": res.Signature, "filename": name, "size": size}
	if err := g.Record(ctx, ev); err != nil {
		return fmt.Errorf("record refused upload: %w", err)
	}
	g.Log.WarnContext(ctx, "virus found: upload refused", "signature", res.Signature, "file", name, "size", size)
	return &Rejection{Reason: Infected, Signature: res.Signature, err: errors.New("infected"),
		Message: fmt.Sprintf("ウイルスが検出されたため、ファイルを受け付けませんでした（%s）", res.Signature)}
}
