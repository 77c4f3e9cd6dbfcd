package tenancy

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/holiday"
)

// StatusDeleted marks a tenant whose data was deleted after its contract
// ended. The row and its slug are kept: the slug stays reserved, so an old
// URL never leads to another company, and the operators' log still names it.
const StatusDeleted = "deleted"

// dateLayout is how contract dates are written: JST calendar dates.
const dateLayout = "2006-01-02"

// DefaultNotice is how long after a termination the contract ends unless
// the operator chooses another date.
const DefaultNotice = 30

var jst = time.FixedZone("JST", 9*60*60)

// Contract is a tenant's contract (契約). Dates are JST calendar dates
// "YYYY-MM-DD"; End "" means open-ended.
type Contract struct {
	Start string
	End   string
	Plan  string
	Notes string
}

// Today is now's date in Japan, as "YYYY-MM-DD".
func Today(now time.Time) string { return now.In(jst).Format(dateLayout) }

// parseDate reads a contract date ("" is no date).
func parseDate(s string) (time.Time, bool) {
	d, err := time.ParseInLocation(dateLayout, s, jst)
	return d, err == nil
}

// Ended tells whether the contract's end date has passed: from the day
// after it, nobody may sign in.
func (t Tenant) Ended(now time.Time) bool {
	return t.Contract.End != "" && Today(now) > t.Contract.End
}

// DeletionDay is the day the tenant's data is deleted: the first Japanese
// business day after the end date (weekends, holidays and 12/29–1/3
// skipped). "" for an open-ended contract.
func (t Tenant) DeletionDay() string {
	end, ok := parseDate(t.Contract.End)
	if !ok {
		return ""
	}
	return holiday.NextBusinessDay(end).Format(dateLayout)
}

// DeletionDue tells whether the deletion day has come and the data is
// still there.
func (t Tenant) DeletionDue(now time.Time) bool {
	day := t.DeletionDay()
	return t.Status != StatusDeleted && day != "" && Today(now) >= day
}

// Settle turns the stored status into the one in force at now: an active
// or suspended tenant whose contract has ended is terminated. Stores call
// it on every read, so Active() refuses sign-in from the day after the
// end date without waiting for any job.
func (t *Tenant) Settle(now time.Time) {
	if (t.Status == StatusActive || t.Status == StatusSuspended) && t.Ended(now) {
		t.Status = StatusTerminated
	}
}

// StatusLabel is the Japanese name of the tenant's status.
func (t Tenant) StatusLabel() string {
	switch t.Status {
	case StatusActive:
		return "有効"
	case StatusSuspended:
		return "停止中"
	case StatusTerminated:
		return "解約済"
	case StatusDeleted:
		return "削除済"
	}
	return t.Status
}

// ValidateContract checks a contract as the operator edits it.
func ValidateContract(c Contract) error {
	v := &oroshi.ValidationError{}
	start, okStart := parseDate(c.Start)
	if c.Start != "" && !okStart {
		v.Add("start", "開始日は YYYY-MM-DD の形式で入力してください")
	}
	end, okEnd := parseDate(c.End)
	if c.End != "" && !okEnd {
		v.Add("end", "終了日は YYYY-MM-DD の形式で入力してください")
	}
	if okStart && okEnd && end.Before(start) {
		v.Add("end", "終了日は開始日以降の日付を指定してください")
	}
	if utf8.RuneCountInString(c.Plan) > 100 {
		v.Add("plan", "プランは100文字以内で入力してください")
	}
	if utf8.RuneCountInString(c.Notes) > 2000 {
		v.Add("notes", "備考は2000文字以内で入力してください")
	}
	return v.Err()
}

// validateReason checks the reason every contract action needs.
func validateReason(reason string) error {
	v := &oroshi.ValidationError{}
	r := strings.TrimSpace(reason)
	if r == "" {
		v.Add("reason", "理由を入力してください")
	} else if utf8.RuneCountInString(r) > 500 {
		v.Add("reason", "理由は500文字以内で入力してください")
	}
	return v.Err()
}

// TerminationEnd picks and checks the end date of a termination: the
// chosen date, or today + DefaultNotice days; never before today.
func TerminationEnd(now time.Time, chosen string) (string, error) {
	today := Today(now)
	if chosen == "" {
		d, _ := parseDate(today)
		return d.AddDate(0, 0, DefaultNotice).Format(dateLayout), nil
	}
	if _, ok := parseDate(chosen); !ok {
		return "", oroshi.Invalid("end", "終了日は YYYY-MM-DD の形式で入力してください")
	}
	if chosen < today {
		return "", oroshi.Invalid("end", "終了日は今日以降の日付を指定してください")
	}
	return chosen, nil
}
