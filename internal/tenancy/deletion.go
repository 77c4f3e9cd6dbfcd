package tenancy

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

// ActionDeleted is the operators' log entry of a tenant's deletion.
const ActionDeleted = "契約者データ（削除）"

// Deletion is what one tenant's deletion did.
type Deletion struct {
	Tenant Tenant
	Rows   map[string]int64 // rows deleted per table
	Mailed []string         // the admins told
}

// DeleteDue deletes the data of every tenant whose deletion day (the
// business day after its end date) has come. Safe to run again: a deleted
// tenant is skipped, and a failed one is tried again next time while the
// others go on.
func (s *Contracts) DeleteDue(ctx context.Context) ([]Deletion, error) {
	list, err := s.Store.Tenants(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var done []Deletion
	var errs []error
	for _, t := range list {
		if !t.DeletionDue(now) {
			continue
		}
		d, err := s.Delete(ctx, t)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		done = append(done, d)
	}
	return done, errors.Join(errs...)
}

// Delete removes all of tenant t's data now: it collects the admins'
// addresses first, then deletes every row in one transaction which also
// records the deletion in the operators' log and queues the notice.
func (s *Contracts) Delete(ctx context.Context, t Tenant) (Deletion, error) {
	to, err := s.Store.TenantAdminEmails(ctx, t.ID)
	if err != nil {
		return Deletion{}, fmt.Errorf("delete tenant %s: admins: %w", t.Slug, err)
	}
	at := s.now()
	finish := func(rows map[string]int64) (audit.Event, []notify.Mail) {
		ev := audit.Actor{Realm: audit.RealmSystem}.Event(ActionDeleted, "tenant", t.ID.String())
		ev.Tenant, ev.At = oroshi.PlatformTenant, at
		ev.Detail = map[string]any{"slug": t.Slug, "name": t.Name, "contract_end": t.Contract.End,
			"deletion_day": t.DeletionDay(), "rows": rows, "total_rows": sum(rows), "notified": len(to)}
		return ev, s.deletionMails(t, to, at)
	}
	rows, err := s.Store.PurgeTenant(ctx, t, finish)
	if err != nil {
		return Deletion{}, fmt.Errorf("delete tenant %s: %w", t.Slug, err)
	}
	t.Status = StatusDeleted
	return Deletion{Tenant: t, Rows: rows, Mailed: to}, nil
}

// deletionMails are the notices (データ削除完了のお知らせ), queued as
// operators' mail (tenant 0): the tenant's own outbox rows are deleted.
func (s *Contracts) deletionMails(t Tenant, to []string, at time.Time) []notify.Mail {
	body := fmt.Sprintf("%s 様\n\nご契約（契約終了日 %s）の終了に伴い、%s に貴社のすべてのデータ"+
		"（取引先・商品・価格・注文・見積・請求・発行済み帳票・操作履歴を含む）を削除しました。\n"+
		"削除したデータは復元できません。これまでのご利用ありがとうございました。\n\n%s\n",
		t.Name, t.Contract.End, Today(at), s.signature())
	out := make([]notify.Mail, 0, len(to))
	for _, addr := range to {
		out = append(out, notify.Mail{Tenant: oroshi.PlatformTenant, To: addr,
			Subject: "【" + s.signature() + "】データ削除完了のお知らせ", Text: body})
	}
	return out
}

func sum(rows map[string]int64) int64 {
	var n int64
	for _, v := range rows {
		n += v
	}
	return n
}

// FormatRows writes counts as "table=n" sorted by table, for logs and the CLI.
func FormatRows(rows map[string]int64) string {
	keys := make([]string, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%d", k, rows[k]))
	}
	return strings.Join(parts, " ")
}
