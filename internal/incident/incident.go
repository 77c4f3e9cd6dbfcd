// Package incident is the record of service incidents (障害): when one
// started and ended, its cause, which tenants it touched, and whether they
// were told. The watchdog opens and closes incidents for the checks it
// runs; operators record the others and announce them to the affected
// tenants' administrators (mail and a notice on their admin home).
package incident

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// Sources of an incident.
const (
	SourceWatchdog = "watchdog"
	SourceOperator = "operator"
)

// Incident is one 障害.
type Incident struct {
	ID          oroshi.ID
	StartedAt   time.Time
	EndedAt     *time.Time // nil while it lasts
	Cause       string
	Description string
	AllTenants  bool              // every tenant is affected
	Tenants     []oroshi.TenantID // else these
	Source      string
	Check       string // the watchdog check that opened it, "" for operators'
	Announced   bool
	AnnouncedAt *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Open tells whether the incident still lasts.
func (i Incident) Open() bool { return i.EndedAt == nil }

// Duration is how long it lasted (until now while open).
func (i Incident) Duration(now time.Time) time.Duration {
	if i.EndedAt != nil {
		return i.EndedAt.Sub(i.StartedAt)
	}
	return now.Sub(i.StartedAt)
}

// Store is what incidents need of the database.
type Store interface {
	CreateIncident(ctx context.Context, in Incident, by audit.Actor) (Incident, error)
	UpdateIncident(ctx context.Context, in Incident, by audit.Actor) (Incident, error)
	Incident(ctx context.Context, id oroshi.ID) (Incident, error)
	Incidents(ctx context.Context, limit int) ([]Incident, error)
	// OpenWatchdogIncident returns the open incident of check, or
	// oroshi.ErrNotFound.
	OpenWatchdogIncident(ctx context.Context, check string) (Incident, error)
	// AnnounceIncident queues a mail to each administrator of every
	// affected tenant, adds an admin notice to each and marks the incident
	// announced; it returns how many tenants were told.
	AnnounceIncident(ctx context.Context, id oroshi.ID, a Announcement, by audit.Actor) (int, error)
	// IncidentsPerYear counts incidents by the JST year they started.
	IncidentsPerYear(ctx context.Context) (map[int]int, error)
}

// Service records and announces incidents.
type Service struct {
	Store Store
	Now   func() time.Time
}

// Save creates (ID 0) or updates an incident recorded by an operator.
func (s *Service) Save(ctx context.Context, in Incident, by audit.Actor) (Incident, error) {
	if err := Validate(in); err != nil {
		return Incident{}, err
	}
	if in.ID == 0 {
		in.Source = SourceOperator
		return s.Store.CreateIncident(ctx, in, by)
	}
	old, err := s.Store.Incident(ctx, in.ID)
	if err != nil {
		return Incident{}, err
	}
	in.Source, in.Check, in.Announced, in.AnnouncedAt = old.Source, old.Check, old.Announced, old.AnnouncedAt
	return s.Store.UpdateIncident(ctx, in, by)
}

// Announce tells the affected tenants' administrators about incident id.
func (s *Service) Announce(ctx context.Context, id oroshi.ID, by audit.Actor) (int, error) {
	in, err := s.Store.Incident(ctx, id)
	if err != nil {
		return 0, err
	}
	return s.Store.AnnounceIncident(ctx, id, Announce(in), by)
}

// Validate checks an incident before it is stored.
func Validate(in Incident) error {
	v := &oroshi.ValidationError{}
	if in.StartedAt.IsZero() {
		v.Add("started_at", "開始日時を入力してください。")
	}
	if in.EndedAt != nil && in.EndedAt.Before(in.StartedAt) {
		v.Add("ended_at", "終了日時は開始日時より後にしてください。")
	}
	if strings.TrimSpace(in.Cause) == "" {
		v.Add("cause", "原因を入力してください。")
	}
	if len([]rune(in.Cause)) > 200 {
		v.Add("cause", "原因は200文字以内で入力してください。")
	}
	if len([]rune(in.Description)) > 4000 {
		v.Add("description", "説明は4000文字以内で入力してください。")
	}
	if !in.AllTenants && len(in.Tenants) == 0 {
		v.Add("tenants", "影響のある契約者を選んでください。")
	}
	return v.Err()
}

// Announcement is the mail and notice text sent to affected tenants.
type Announcement struct {
	Subject string
	Text    string
}

var jst = time.FixedZone("JST", 9*60*60)

// Announce words the announcement of in.
func Announce(in Incident) Announcement {
	end := "継続中（復旧次第お知らせします）"
	if in.EndedAt != nil {
		end = in.EndedAt.In(jst).Format("2006年1月2日 15:04")
	}
	text := fmt.Sprintf("いつも oroshi をご利用いただきありがとうございます。\n"+
		"下記のとおり障害が発生しました。ご迷惑をおかけし申し訳ございません。\n\n"+
		"発生日時: %s\n復旧日時: %s\n原因: %s\n",
		in.StartedAt.In(jst).Format("2006年1月2日 15:04"), end, in.Cause)
	if d := strings.TrimSpace(in.Description); d != "" {
		text += "\n" + d + "\n"
	}
	return Announcement{Subject: "【oroshi】障害のお知らせ（" + in.StartedAt.In(jst).Format("1月2日") + "）", Text: text}
}

// FormatTenants is the stored form of the affected tenants: "all" or a
// comma-separated list of IDs.
func FormatTenants(all bool, ts []oroshi.TenantID) string {
	if all {
		return "all"
	}
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = fmt.Sprint(int64(t))
	}
	return strings.Join(parts, ",")
}

// ParseTenants reads FormatTenants' form.
func ParseTenants(s string) (all bool, ts []oroshi.TenantID, err error) {
	if s == "all" {
		return true, nil, nil
	}
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		var n int64
		if _, err := fmt.Sscan(p, &n); err != nil {
			return false, nil, fmt.Errorf("affected tenants %q: %w", s, err)
		}
		ts = append(ts, oroshi.TenantID(n))
	}
	return false, ts, nil
}
