package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestQuoteConcurrentAccept: twenty accepts of one quote at once, each
// with its own key (two tabs, two people of the company) make exactly one
// order and reserve its stock once.
func TestQuoteConcurrentAccept(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "qrace")
		qs := quoteService(w)
		q := issuedQuote(t, w, qs)
		const n = 20
		var wg sync.WaitGroup
		errs := make([]error, n)
		orders := make([]string, n)
		for i := range n {
			in := w.acceptInput(q, 1)
			in.IdemKey = fmt.Sprintf("race-%d", i)
			if i%2 == 1 {
				in.UserID = w.admin.ID
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				p, err := qs.Accept(ctx, in)
				errs[i] = err
				if err == nil {
					orders[i] = p.Order.Number
				}
			}()
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			if err == nil {
				won++
				continue
			}
			if fieldMsg(err, "version") == "" && !isConflict(err) {
				t.Errorf("accept %d: unexpected error %v", i, err)
			}
		}
		if won != 1 || w.count("orders") != 1 {
			t.Fatalf("%d accepts succeeded, %d orders; want exactly one", won, w.count("orders"))
		}
		if got := w.stock("RED-1"); got != 6 {
			t.Errorf("stock %d, want 6 (reserved once)", got)
		}
	})
}

func isConflict(err error) bool { return errors.Is(err, oroshi.ErrConflict) }
