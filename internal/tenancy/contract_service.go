package tenancy

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

// ContractStore is what contract management needs from the database.
type ContractStore interface {
	Tenant(ctx context.Context, id oroshi.TenantID) (Tenant, error)
	TenantBySlug(ctx context.Context, slug string) (Tenant, error)
	Tenants(ctx context.Context) ([]Tenant, error)
	// TenantAdminEmails are the addresses of the tenant's active owners
	// and admins.
	TenantAdminEmails(ctx context.Context, id oroshi.TenantID) ([]string, error)
	// SaveTenantContract stores status and contract with the events (each
	// in its own tenant's history) and queues the mails, in one
	// transaction.
	SaveTenantContract(ctx context.Context, id oroshi.TenantID, status string, c Contract, evs []audit.Event, mails []notify.Mail) error
	// PurgeTenant deletes every row of tenant t in every table that has a
	// tenant_id, marks it deleted, and records what finish returns, in one
	// transaction; it returns the rows deleted per table.
	PurgeTenant(ctx context.Context, t Tenant, finish PurgeFinish) (map[string]int64, error)
}

// PurgeFinish builds the operators' log entry and the mails of a deletion
// from the rows deleted per table.
type PurgeFinish func(counts map[string]int64) (audit.Event, []notify.Mail)

// Contracts manages contracts: suspend, resume, terminate, edit, and the
// deletion of ended tenants.
type Contracts struct {
	Store ContractStore
	Now   func() time.Time
	// SiteName signs the mails.
	SiteName string
}

func (s *Contracts) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Clock is the service's time now (the page shows dates against it).
func (s *Contracts) Clock() time.Time { return s.now() }

func (s *Contracts) signature() string {
	if s.SiteName == "" {
		return "oroshi 運営事務局"
	}
	return s.SiteName
}

// action is one change of a tenant's contract, as recorded and mailed.
type action struct {
	label   string // history action suffix: 契約者（<label>）
	status  string
	c       Contract
	reason  string
	detail  map[string]any
	subject string // "" sends no mail
	body    string
}

// Suspend stops sign-in of the tenant's staff, buyers and API keys; the
// data is kept.
func (s *Contracts) Suspend(ctx context.Context, id oroshi.TenantID, reason string, actor audit.Actor) error {
	t, err := s.current(ctx, id, reason)
	if err != nil {
		return err
	}
	if t.Status != StatusActive {
		return oroshi.Invalid("status", "有効な契約者のみ一時停止できます")
	}
	return s.apply(ctx, t, actor, action{label: "一時停止", status: StatusSuspended, c: t.Contract, reason: reason,
		subject: "ご利用の一時停止のお知らせ",
		body:    "ご契約者様のご利用を一時停止しました。停止中は管理画面・ショップ・API にサインインできません。データはそのまま保管されています。"})
}

// Resume lets a suspended tenant sign in again.
func (s *Contracts) Resume(ctx context.Context, id oroshi.TenantID, reason string, actor audit.Actor) error {
	t, err := s.current(ctx, id, reason)
	if err != nil {
		return err
	}
	if t.Status != StatusSuspended {
		return oroshi.Invalid("status", "停止中の契約者のみ再開できます")
	}
	return s.apply(ctx, t, actor, action{label: "再開", status: StatusActive, c: t.Contract, reason: reason,
		subject: "ご利用再開のお知らせ", body: "ご契約者様のご利用を再開しました。これまでどおりサインインいただけます。"})
}

// Terminate sets the contract's end date (today + DefaultNotice days when
// end is ""). The status does not change: until the end date the tenant
// signs in and exports its data; from the day after, sign-in is refused,
// and on the next business day its data is deleted.
func (s *Contracts) Terminate(ctx context.Context, id oroshi.TenantID, end, reason string, actor audit.Actor) (Tenant, error) {
	t, err := s.current(ctx, id, reason)
	if err != nil {
		return Tenant{}, err
	}
	if end, err = TerminationEnd(s.now(), strings.TrimSpace(end)); err != nil {
		return Tenant{}, err
	}
	c := t.Contract
	c.End = end
	next := t
	next.Contract = c
	body := fmt.Sprintf("ご契約の終了日を %s に設定しました。終了日までは管理画面の「データ一括出力」から全データを出力いただけます。"+
		"終了日の翌日以降はサインインできなくなり、%s（終了日の翌営業日）に全データを削除します。", end, next.DeletionDay())
	err = s.apply(ctx, t, actor, action{label: "解約", status: t.Status, c: c, reason: reason,
		detail:  map[string]any{"contract_end": audit.Change{Before: t.Contract.End, After: end}, "deletion_day": next.DeletionDay()},
		subject: "ご契約終了（解約）のお知らせ", body: body})
	return next, err
}

// UpdateContract saves the dates, plan and notes an operator edited.
func (s *Contracts) UpdateContract(ctx context.Context, id oroshi.TenantID, c Contract, actor audit.Actor) error {
	c = Contract{Start: strings.TrimSpace(c.Start), End: strings.TrimSpace(c.End), Plan: strings.TrimSpace(c.Plan), Notes: strings.TrimSpace(c.Notes)}
	if err := ValidateContract(c); err != nil {
		return err
	}
	t, err := s.Store.Tenant(ctx, id)
	if err != nil {
		return err
	}
	if t.Status == StatusDeleted {
		return oroshi.Invalid("status", "削除済みの契約者は変更できません")
	}
	detail := map[string]any{}
	for k, ch := range map[string][2]string{"contract_start": {t.Contract.Start, c.Start}, "contract_end": {t.Contract.End, c.End},
		"plan": {t.Contract.Plan, c.Plan}, "notes": {t.Contract.Notes, c.Notes}} {
		if ch[0] != ch[1] {
			detail[k] = audit.Change{Before: ch[0], After: ch[1]}
		}
	}
	if len(detail) == 0 {
		return nil
	}
	status := t.Status
	if status == StatusTerminated { // settled on read; the stored one stays
		status = StatusActive
	}
	return s.apply(ctx, t, actor, action{label: "契約更新", status: status, c: c, detail: detail})
}

// current reads the tenant an action applies to, after checking the reason.
func (s *Contracts) current(ctx context.Context, id oroshi.TenantID, reason string) (Tenant, error) {
	if err := validateReason(reason); err != nil {
		return Tenant{}, err
	}
	t, err := s.Store.Tenant(ctx, id)
	if err != nil {
		return Tenant{}, err
	}
	switch t.Status {
	case StatusDeleted:
		return Tenant{}, oroshi.Invalid("status", "削除済みの契約者は変更できません")
	case StatusTerminated:
		return Tenant{}, oroshi.Invalid("status", "契約終了日を過ぎた契約者は変更できません")
	}
	return t, nil
}

// apply records a in the operators' and the tenant's histories and mails
// the tenant's owners and admins.
func (s *Contracts) apply(ctx context.Context, t Tenant, actor audit.Actor, a action) error {
	detail := map[string]any{"slug": t.Slug, "name": t.Name}
	if a.reason != "" {
		detail["reason"] = strings.TrimSpace(a.reason)
	}
	if a.status != t.Status {
		detail["status"] = audit.Change{Before: t.Status, After: a.status}
	}
	for k, v := range a.detail {
		detail[k] = v
	}
	evs := make([]audit.Event, 2)
	for i, tenant := range []oroshi.TenantID{oroshi.PlatformTenant, t.ID} {
		evs[i] = actor.Event("契約者（"+a.label+"）", "tenant", t.ID.String())
		evs[i].Tenant, evs[i].Detail = tenant, detail
	}
	var mails []notify.Mail
	if a.subject != "" {
		to, err := s.Store.TenantAdminEmails(ctx, t.ID)
		if err != nil {
			return err
		}
		mails = s.mails(t.ID, to, a.subject, a.body, detail["reason"])
	}
	return s.Store.SaveTenantContract(ctx, t.ID, a.status, a.c, evs, mails)
}

// mails builds one mail per address.
func (s *Contracts) mails(tenant oroshi.TenantID, to []string, subject, body string, reason any) []notify.Mail {
	text := body + "\n"
	if r, ok := reason.(string); ok && r != "" {
		text += "\n理由: " + r + "\n"
	}
	text += "\nご不明な点は運営事務局までお問い合わせください。\n\n" + s.signature() + "\n"
	out := make([]notify.Mail, 0, len(to))
	for _, addr := range to {
		out = append(out, notify.Mail{Tenant: tenant, To: addr, Subject: "【" + s.signature() + "】" + subject, Text: text})
	}
	return out
}
