package watchdog

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/incident"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

// state is what the leader knows of one check. Only changes act: a check
// that goes on failing is mailed about once.
type state struct {
	known   bool
	failing bool
	rec     *record // the incident of the current failure
}

// record is an incident as the watchdog wants it stored; dirty until the
// store has it (the database may be the thing that failed).
type record struct {
	in    incident.Incident
	dirty bool
}

var watchdogActor = audit.Actor{Realm: audit.RealmSystem}

var jst = time.FixedZone("JST", 9*60*60)

// observe compares a check's result with its last one and acts on a change.
func (w *Watchdog) observe(ctx context.Context, c Check, err error, now time.Time) {
	failing := err != nil
	w.g.checkOK.WithLabelValues(c.Name).Set(map[bool]float64{true: 0, false: 1}[failing])
	st := w.states[c.Name]
	if st == nil {
		st = &state{}
		w.states[c.Name] = st
	}
	if !st.known {
		// A new leader adopts an incident its predecessor left open.
		st.known = true
		if open, oerr := w.o.Store.OpenWatchdogIncident(ctx, c.Name); oerr == nil {
			st.failing, st.rec = true, &record{in: open}
		}
	}
	switch {
	case failing && !st.failing:
		st.failing = true
		w.o.Log.Error("watchdog: check failing", "check", c.Name, "error", err.Error())
		st.rec = &record{in: incident.Incident{StartedAt: now, Cause: c.Title, Description: err.Error(),
			AllTenants: true, Source: incident.SourceWatchdog, Check: c.Name}, dirty: true}
		w.alert(ctx, "【oroshi 監視】異常を検知しました: "+c.Title, w.alertText(c, err, now, nil))
		w.save(ctx, st.rec)
	case !failing && st.failing:
		st.failing = false
		w.o.Log.Info("watchdog: check recovered", "check", c.Name)
		started := now
		if st.rec != nil {
			started = st.rec.in.StartedAt
			end := now
			st.rec.in.EndedAt, st.rec.dirty = &end, true
			w.save(ctx, st.rec)
		}
		w.alert(ctx, "【oroshi 監視】復旧しました: "+c.Title, w.alertText(c, nil, now, &started))
		st.rec = nil
	}
}

// save stores rec's incident, creating it the first time.
func (w *Watchdog) save(ctx context.Context, rec *record) {
	var (
		saved incident.Incident
		err   error
	)
	if rec.in.ID == 0 {
		saved, err = w.o.Store.CreateIncident(ctx, rec.in, watchdogActor)
	} else {
		saved, err = w.o.Store.UpdateIncident(ctx, rec.in, watchdogActor)
	}
	if err != nil {
		w.o.Log.Warn("watchdog: save incident (will retry)", "check", rec.in.Check, "error", err)
		if !contains(w.pending, rec) {
			w.pending = append(w.pending, rec)
		}
		return
	}
	rec.in.ID, rec.dirty = saved.ID, false
}

// retryIncidents saves incidents a failed database could not take.
func (w *Watchdog) retryIncidents(ctx context.Context) {
	left := w.pending[:0]
	for _, rec := range w.pending {
		if rec.dirty {
			w.save(ctx, rec)
		}
		if rec.dirty {
			left = append(left, rec)
		}
	}
	w.pending = left
}

func contains(list []*record, r *record) bool {
	for _, x := range list {
		if x == r {
			return true
		}
	}
	return false
}

// alert mails every operator. It is sent directly through the SMTP sender
// (the queued path depends on the database and the job queue, which may be
// what failed) and recorded in the outbox as sent; if the direct send is
// impossible it is queued instead, to be retried by the send job.
func (w *Watchdog) alert(ctx context.Context, subject, text string) {
	if len(w.o.Operators) == 0 {
		w.o.Log.Warn("watchdog: no operator addresses (OROSHI_OPERATOR_EMAILS): alert not mailed", "subject", subject)
		return
	}
	for _, to := range w.o.Operators {
		m := notify.Mail{ID: w.o.Store.NewID(), Tenant: oroshi.PlatformTenant, To: to, Subject: subject, Text: text}
		err := notify.ErrNotConfigured
		if w.o.Sender != nil {
			err = w.o.Sender.Send(ctx, m)
		}
		if err == nil {
			if rerr := w.o.Store.RecordSentMail(ctx, m); rerr != nil {
				w.o.Log.Warn("watchdog: alert sent but not recorded in the outbox", "to", to, "error", rerr)
			}
			continue
		}
		if !errors.Is(err, notify.ErrNotConfigured) {
			w.o.Log.Error("watchdog: send alert directly", "to", to, "error", err)
		}
		if _, qerr := w.o.Store.QueueMail(ctx, m); qerr != nil {
			w.o.Log.Error("watchdog: alert neither sent nor queued", "to", to, "subject", subject, "error", qerr)
		}
	}
}

func (w *Watchdog) alertText(c Check, err error, now time.Time, since *time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "監視項目: %s (%s)\n", c.Title, c.Name)
	fmt.Fprintf(&b, "日時: %s\n", now.In(jst).Format("2006-01-02 15:04:05 JST"))
	if err != nil {
		fmt.Fprintf(&b, "状態: 異常\n詳細: %s\n", err.Error())
	} else {
		fmt.Fprintf(&b, "状態: 復旧\n異常の継続時間: %s\n", now.Sub(*since).Round(time.Second))
	}
	fmt.Fprintf(&b, "監視インスタンス: %s\n", w.o.Holder)
	if w.o.BaseURL != "" {
		fmt.Fprintf(&b, "\n障害の記録: %s/ops/incidents\n", strings.TrimRight(w.o.BaseURL, "/"))
	}
	return b.String()
}
