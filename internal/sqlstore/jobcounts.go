package sqlstore

import (
	"context"
	"fmt"

	"github.com/riverqueue/river/rivertype"

	"github.com/oroshi-jp/oroshi"
)

// JobCounts counts River jobs per state, for /metrics. Every state is
// present (zero when empty) so that a gauge drops to 0 instead of vanishing.
func (s *Store) JobCounts(ctx context.Context) (map[string]int64, error) {
	out := make(map[string]int64, len(rivertype.JobStates()))
	for _, st := range rivertype.JobStates() {
		out[string(st)] = 0
	}
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT state, COUNT(*) FROM river_job GROUP BY state`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				state string
				n     int64
			)
			if err := rows.Scan(&state, &n); err != nil {
				return err
			}
			out[state] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("count jobs: %w", s.translate(err))
	}
	return out, nil
}
