package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/abuse"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// BlockConsole is the abuse guard as the operators see it.
type BlockConsole interface {
	RecentBlocks(ctx context.Context, limit int) ([]abuse.Block, error)
	LimitedWindows(ctx context.Context, limit int) ([]abuse.Window, error)
	Lift(ctx context.Context, address string, by audit.Actor) error
}

// blockRoutes are the operators' view of blocked clients and rate limits.
func (s *Server) blockRoutes(mux *http.ServeMux) {
	if s.Blocks == nil {
		return
	}
	mux.Handle("GET /ops/blocks", s.page(areaOps, identity.PermOpsConsole, s.opsBlocks))
	mux.Handle("POST /ops/blocks/lift", s.page(areaOps, identity.PermOpsConsole, s.opsBlockLift))
}

type blocksView struct {
	Active, Past []abuse.Block
	Limited      []abuse.Window
}

// Console list sizes.
const (
	blocksShown  = 200
	limitedShown = 100
)

func (s *Server) opsBlocks(w http.ResponseWriter, r *http.Request) error {
	blocks, err := s.Blocks.RecentBlocks(r.Context(), blocksShown)
	if err != nil {
		return err
	}
	limited, err := s.Blocks.LimitedWindows(r.Context(), limitedShown)
	if err != nil {
		return err
	}
	v := blocksView{Limited: limited}
	now := time.Now()
	for _, b := range blocks {
		if b.Active(now) {
			v.Active = append(v.Active, b)
		} else {
			v.Past = append(v.Past, b)
		}
	}
	return s.render(w, r, http.StatusOK, "ops/blocks", &Page{Title: "ブロック", Data: v})
}

func (s *Server) opsBlockLift(w http.ResponseWriter, r *http.Request) error {
	addr := strings.TrimSpace(r.PostFormValue("address"))
	err := s.Blocks.Lift(r.Context(), addr, buyerActor(r))
	if errors.Is(err, oroshi.ErrNotFound) {
		setFlash(w, "このアドレスのブロックはすでに終わっています。")
	} else if err != nil {
		return err
	} else {
		setFlash(w, "ブロックを解除しました。")
	}
	http.Redirect(w, r, "/ops/blocks", http.StatusSeeOther)
	return nil
}
