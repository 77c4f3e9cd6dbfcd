package web

import (
	"context"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Helpers shared by the seller's order pages.

// Japanese messages of refusals that carry no message of their own.
const (
	msgOrderChanged  = "他の担当者がこの注文を先に変更しました。最新の内容を確認してください。"
	msgOverShipped   = "出荷数量が残数を超えています。最新の内容を確認してください。"
	msgOrderNotFound = "注文が見つかりません。"
)

// refusal is the Japanese message of an error people can act on (a
// transition the lifecycle forbids, an order changed meanwhile, a bad
// field); ok is false for anything else, which is a failure of the page.
func refusal(err error) (msg string, ok bool) {
	var te *sales.TransitionError
	var pr *sales.Problem
	var ve *oroshi.ValidationError
	switch {
	case err == nil:
		return "", false
	case errors.As(err, &te):
		return te.Message(), true
	case errors.As(err, &pr):
		return pr.Message(), true
	case errors.As(err, &ve):
		return firstMessage(ve.Fields), true
	case errors.Is(err, sales.ErrOverShipped):
		return msgOverShipped, true
	case errors.Is(err, sales.ErrChanged):
		return msgOrderChanged, true
	case errors.Is(err, oroshi.ErrNotFound):
		return msgOrderNotFound, true
	}
	return "", false
}

// statusClass is the CSS class of a status badge.
func adminOrderClass(st sales.Status) string { return "order-" + string(st) }

// people names the users an order page mentions (placed by, timeline),
// looking each up once per page.
type people struct {
	s     *Server
	ctx   context.Context
	t     oroshi.TenantID
	names map[oroshi.ID]string
}

func (s *Server) people(ctx context.Context, t oroshi.TenantID) *people {
	return &people{s: s, ctx: ctx, t: t, names: map[oroshi.ID]string{}}
}

// name is the user's name; a user gone or of another tenant reads as a
// dash rather than failing the page.
func (p *people) name(realm string, id oroshi.ID) (string, error) {
	if realm == audit.RealmSystem || id == 0 {
		return "システム（自動）", nil
	}
	if n, ok := p.names[id]; ok {
		return n, nil
	}
	u, err := p.s.Identity.Store.User(p.ctx, p.t, id)
	switch {
	case errors.Is(err, oroshi.ErrNotFound):
		p.names[id] = "—"
	case err != nil:
		return "", fmt.Errorf("name of user %s: %w", id, err)
	default:
		p.names[id] = u.Name
	}
	return p.names[id], nil
}

// dateText shows a JST calendar date as the pages show times: 2026/05/14
// ("" for the zero date).
func dateText(d pricing.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d/%02d/%02d", d.Year, int(d.Month), d.Day)
}
