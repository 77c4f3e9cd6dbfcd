package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
)

// CommitImport applies an import in one transaction: it locks the rows the
// file names, reads them, lets fn check the file against them and plan the
// writes, writes every row with its audit events, records the summary and
// marks the import succeeded. Any error rolls all of it back.
//
// The locks make the check and the writes see the same data on PostgreSQL
// too (on SQLite the transaction is exclusive anyway): they are no-op
// updates, the same device as lockBuyer and lockPriceGroup, so the buyer
// and pricing services' own changes to those rows wait for the import.
func (s *Store) CommitImport(ctx context.Context, t oroshi.TenantID, id oroshi.ID, k dataio.Keys, r dataio.Result,
	fn func(dataio.Snapshot) (dataio.Plan, error)) error {
	err := s.write(ctx, t, func(c *conn) error {
		if err := importsLock(ctx, c, t, k); err != nil {
			return fmt.Errorf("lock: %w", s.translate(err))
		}
		snap, err := s.loadSnapshot(ctx, c, t, k)
		if err != nil {
			return err
		}
		plan, err := fn(snap)
		if err != nil {
			return err
		}
		if err := s.applyPlan(ctx, c, t, plan); err != nil {
			return err
		}
		r.Counts = plan.Counts
		if err := s.recordAudit(ctx, c, plan.Summary); err != nil {
			return err
		}
		return s.succeedImport(ctx, c, t, id, r)
	})
	if err != nil {
		return fmt.Errorf("commit import %s: %w", id, err)
	}
	return nil
}

// importsLock holds the rows an import of k's kind reads until it ends.
func importsLock(ctx context.Context, c *conn, t oroshi.TenantID, k dataio.Keys) error {
	var stmts []string
	switch k.Kind {
	case dataio.KindBuyers:
		// Every group: a buyer may move to any of them, and DeletePriceGroup
		// must see the buyers this import puts in a group.
		stmts = append(stmts, `UPDATE price_groups SET updated_at = updated_at WHERE tenant_id = ?`)
	case dataio.KindPriceItems:
		stmts = append(stmts, `UPDATE price_lists SET updated_at = updated_at WHERE tenant_id = ?`)
	}
	for _, q := range stmts {
		if _, err := c.exec(ctx, q, t); err != nil {
			return err
		}
	}
	if k.Kind == dataio.KindProducts {
		return lockProducts(ctx, c, t, k.SKUCodes)
	}
	if k.Kind == dataio.KindPriceItems || len(k.BuyerCodes) == 0 {
		return nil
	}
	cond, arg := importsCodes(c, "code", k.BuyerCodes)
	if _, err := c.exec(ctx, `UPDATE buyers SET updated_at = updated_at WHERE tenant_id = ? AND `+cond, t, arg); err != nil {
		return err
	}
	if k.Kind == dataio.KindBuyerPrices {
		_, err := c.exec(ctx, `UPDATE buyer_prices SET updated_at = updated_at WHERE tenant_id = ? AND buyer_id IN
			(SELECT id FROM buyers WHERE tenant_id = ? AND `+cond+`)`, t, t, arg)
		return err
	}
	return nil
}

func (s *Store) succeedImport(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID, r dataio.Result) error {
	r.Errors = csvio.Errors{}
	result, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode import result: %w", err)
	}
	// Only a running import: a second commit of the same import (a job
	// run twice) finds none and rolls its writes back.
	err = mustAffect(c.exec(ctx, `UPDATE csv_imports SET status = ?, done_rows = total_rows, error_count = 0,
		errors = ?, finished_at = ? WHERE tenant_id = ? AND id = ? AND status = ?`,
		dataio.StatusSucceeded, string(result), s.now(), t, id, dataio.StatusRunning))
	if errors.Is(err, oroshi.ErrNotFound) {
		return fmt.Errorf("import %s is not running: %w", id, oroshi.ErrConflict)
	}
	return err
}

func (s *Store) applyPlan(ctx context.Context, c *conn, t oroshi.TenantID, p dataio.Plan) error {
	for _, w := range p.Buyers {
		if err := s.applyBuyer(ctx, c, t, w); err != nil {
			return err
		}
	}
	for _, w := range p.ShipTos {
		if err := s.applyShipTo(ctx, c, t, w); err != nil {
			return err
		}
	}
	if err := s.applyItems(ctx, c, t, p.Items); err != nil {
		return err
	}
	for _, w := range p.Prices {
		if err := s.applyPrice(ctx, c, t, w); err != nil {
			return err
		}
	}
	for _, w := range p.Products {
		if err := s.applyProduct(ctx, c, t, w); err != nil {
			return err
		}
	}
	return nil
}

// recordFor records the events of a row, naming it when it was just made.
func (s *Store) recordFor(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID, evs ...audit.Event) error {
	for _, ev := range evs {
		ev.Tenant = t
		if ev.TargetID == "" {
			ev.TargetID = id.String()
		}
		if err := s.recordAudit(ctx, c, ev); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) applyBuyer(ctx context.Context, c *conn, t oroshi.TenantID, w dataio.BuyerWrite) error {
	b, now := w.Buyer, s.now()
	custom, err := marshalCustom(b.Custom)
	if err != nil {
		return err
	}
	if b.ID == 0 {
		b.ID = s.NewID()
		_, err = c.exec(ctx, `INSERT INTO buyers (`+buyerCols+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t, b.ID, b.Code, b.Name, b.Kana, b.PostalCode, b.Address, b.Phone, b.BillingName,
			b.BillingEmail, nullID(b.PriceGroupID), b.ClosingDay, b.PaymentTerms.MonthOffset, b.PaymentTerms.Day,
			b.CreditLimit, b.PaymentMethod, b.Status, custom, now, now)
	} else {
		err = mustAffect(c.exec(ctx, `UPDATE buyers SET code = ?, name = ?, kana = ?, postal_code = ?, address = ?,
			phone = ?, billing_name = ?, billing_email = ?, price_group_id = ?, closing_day = ?,
			payment_month_offset = ?, payment_day = ?, credit_limit = ?, payment_method = ?, status = ?, custom = ?,
			updated_at = ? WHERE tenant_id = ? AND id = ?`,
			b.Code, b.Name, b.Kana, b.PostalCode, b.Address, b.Phone, b.BillingName, b.BillingEmail,
			nullID(b.PriceGroupID), b.ClosingDay, b.PaymentTerms.MonthOffset, b.PaymentTerms.Day,
			b.CreditLimit, b.PaymentMethod, b.Status, custom, now, t, b.ID))
	}
	if err != nil {
		return fmt.Errorf("buyer %s: %w", b.Code, s.translate(err))
	}
	if w.EndSessions && b.Status != buyers.StatusActive {
		_, err := c.exec(ctx, `DELETE FROM sessions WHERE tenant_id = ? AND user_id IN
			(SELECT id FROM users WHERE tenant_id = ? AND buyer_id = ?)`, t, t, b.ID)
		if err != nil {
			return fmt.Errorf("end sessions of buyer %s: %w", b.Code, err)
		}
	}
	return s.recordFor(ctx, c, t, b.ID, w.Events...)
}

func (s *Store) applyShipTo(ctx context.Context, c *conn, t oroshi.TenantID, w dataio.ShipToWrite) error {
	st, now := w.ShipTo, s.now()
	var err error
	switch w.Op {
	case dataio.OpCreate:
		st.ID = s.NewID()
		_, err = c.exec(ctx, `INSERT INTO ship_tos (`+shipToCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t, st.ID, st.BuyerID, st.Label, st.Recipient, st.PostalCode, st.Address, st.Phone, st.IsDefault,
			st.Position, now, now)
	case dataio.OpUpdate:
		err = mustAffect(c.exec(ctx, `UPDATE ship_tos SET label = ?, recipient = ?, postal_code = ?, address = ?,
			phone = ?, is_default = ?, updated_at = ? WHERE tenant_id = ? AND buyer_id = ? AND id = ?`,
			st.Label, st.Recipient, st.PostalCode, st.Address, st.Phone, st.IsDefault, now, t, st.BuyerID, st.ID))
	case dataio.OpDelete:
		err = mustAffect(c.exec(ctx, `DELETE FROM ship_tos WHERE tenant_id = ? AND buyer_id = ? AND id = ?`,
			t, st.BuyerID, st.ID))
	default:
		err = fmt.Errorf("unknown operation %d", w.Op)
	}
	if err != nil {
		return fmt.Errorf("ship-to %s of buyer %s: %w", st.Label, st.BuyerID, s.translate(err))
	}
	return s.recordFor(ctx, c, t, st.ID, w.Event)
}

// applyItems sets each item's breaks and marks each list changed once.
func (s *Store) applyItems(ctx context.Context, c *conn, t oroshi.TenantID, ws []dataio.ItemWrite) error {
	touched := map[oroshi.ID]bool{}
	for _, w := range ws {
		breaks, err := pricingBreaksText(w.Breaks)
		if err != nil {
			return err
		}
		_, err = c.exec(ctx, `INSERT INTO price_list_items (tenant_id, list_id, sku_id, breaks) VALUES (?, ?, ?, ?)
			ON CONFLICT (tenant_id, list_id, sku_id) DO UPDATE SET breaks = excluded.breaks`, t, w.ListID, w.SKUID, breaks)
		if err != nil {
			return fmt.Errorf("price list %s item %s: %w", w.ListID, w.SKUID, s.translate(err))
		}
		touched[w.ListID] = true
		if err := s.recordFor(ctx, c, t, w.ListID, w.Event); err != nil {
			return err
		}
	}
	for id := range touched {
		_, err := c.exec(ctx, `UPDATE price_lists SET updated_at = ? WHERE tenant_id = ? AND id = ?`, s.now(), t, id)
		if err != nil {
			return fmt.Errorf("price list %s: %w", id, s.translate(err))
		}
	}
	return nil
}

func (s *Store) applyPrice(ctx context.Context, c *conn, t oroshi.TenantID, w dataio.PriceWrite) error {
	bp, now := w.Price, s.now()
	breaks, err := pricingBreaksText(bp.Breaks)
	if err != nil {
		return err
	}
	if bp.ID == 0 {
		bp.ID = s.NewID()
		_, err = c.exec(ctx, `INSERT INTO buyer_prices (tenant_id, id, buyer_id, sku_id, valid_from, valid_to, breaks,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, t, bp.ID, bp.BuyerID, bp.SKUID,
			bp.Valid.From.String(), bp.Valid.To.String(), breaks, now, now)
	} else {
		err = mustAffect(c.exec(ctx, `UPDATE buyer_prices SET breaks = ?, updated_at = ? WHERE tenant_id = ? AND id = ?`,
			breaks, now, t, bp.ID))
	}
	if err != nil {
		return fmt.Errorf("buyer price %s: %w", bp.ID, s.translate(err))
	}
	return s.recordFor(ctx, c, t, bp.ID, w.Event)
}
