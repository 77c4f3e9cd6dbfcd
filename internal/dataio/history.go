package dataio

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/csvio"
)

// KindHistory is the operation-history export (操作履歴): one row per
// entry matching the filter, newest first, the changed fields as the
// stored JSON. Export only, and not among Kinds.
const KindHistory Kind = "history"

var historyHeader = []string{"日時", "操作者の区分", "操作者ID", "操作者", "操作", "対象の種類", "対象ID",
	"変更内容", "接続元", "連番", "ハッシュ"}

// HistoryExportStore streams the history entries of t matching f, newest
// first, in one statement, calling fn while the read is open.
type HistoryExportStore interface {
	EachAuditEntry(ctx context.Context, t oroshi.TenantID, f audit.Filter, fn func(audit.Entry) error) error
}

// ExportHistory writes tenant t's history matching f to w in enc, as
// Export does (a Shift_JIS file is checked whole before its first byte),
// and records the download itself (操作履歴（出力）) with its filter.
func (s *Service) ExportHistory(ctx context.Context, t oroshi.TenantID, f audit.Filter, enc csvio.Encoding,
	actor audit.Actor, w io.Writer) (int, error) {
	st, ok := s.Store.(HistoryExportStore)
	if !ok {
		return 0, fmt.Errorf("csv export: the store %T cannot export the history", s.Store)
	}
	f.Before, f.Limit = audit.Cursor{}, 0
	src := fixedSource(historyHeader, func(ctx context.Context, emit func([]string) error) error {
		rec := make([]string, len(historyHeader))
		return st.EachAuditEntry(ctx, t, f, func(e audit.Entry) error { return emit(historyRecord(rec, e)) })
	})
	if enc == csvio.ShiftJIS {
		if err := checkEncodable(ctx, src, enc); err != nil {
			return 0, err
		}
	}
	ev := actor.Event(audit.ExportAction, "csv_export", "")
	ev.Tenant, ev.Detail = t, historyExportDetail(f, enc)
	if err := s.Store.RecordAudit(ctx, ev); err != nil {
		return 0, fmt.Errorf("export history: %w", err)
	}
	return writeSource(ctx, src, KindHistory, enc, w)
}

func historyRecord(rec []string, e audit.Entry) []string {
	detail, err := json.Marshal(e.Detail)
	if err != nil || len(e.Detail) == 0 {
		detail = nil
	}
	rec[0], rec[1], rec[2] = e.At.In(jst).Format("2006/01/02 15:04:05"), audit.RealmLabel(e.ActorRealm), idText(e.ActorID)
	rec[3], rec[4], rec[5], rec[6] = e.ActorName, e.Action, e.TargetType, e.TargetID
	rec[7], rec[8] = string(detail), e.ClientAddr
	rec[9], rec[10] = strconv.FormatInt(e.Seq, 10), e.Hash
	return rec
}

// historyExportDetail records what was exported: the filter as asked.
func historyExportDetail(f audit.Filter, enc csvio.Encoding) map[string]any {
	d := map[string]any{"kind": string(KindHistory), "encoding": enc.String()}
	add := func(k, v string) {
		if v != "" {
			d[k] = v
		}
	}
	add("actor_id", idText(f.ActorID))
	add("action", f.Action)
	add("target_type", f.TargetType)
	add("target_id", f.TargetID)
	add("buyer_id", idText(f.BuyerID))
	if !f.From.IsZero() {
		d["from"] = f.From.In(jst).Format("2006-01-02")
	}
	if !f.To.IsZero() {
		d["to"] = f.To.Add(-time.Nanosecond).In(jst).Format("2006-01-02") // the last day, inclusive
	}
	return d
}

// HistoryFilename is the history download's name, 操作履歴_20261126.csv,
// and its ASCII fallback.
func (s *Service) HistoryFilename() (name, ascii string) {
	day := s.now().In(jst).Format("20060102")
	return "操作履歴_" + day + ".csv", string(KindHistory) + "_" + day + ".csv"
}
