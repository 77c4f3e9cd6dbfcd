package sqlstore

import (
	"context"
	"fmt"

	"github.com/ncruces/go-sqlite3"
)

// OneReader leaves SQLite's reading pool a single connection, so that
// Reprepared sees every read.
func (s *Store) OneReader() {
	s.r.SetMaxOpenConns(1)
	s.r.SetMaxIdleConns(1)
}

// Reprepared lists the statements kept by the reading connection that
// SQLite compiled again after preparing them (a bound value it planned
// with changed), with how many times.
func (s *Store) Reprepared(ctx context.Context) ([]string, error) {
	c, err := s.r.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var out []string
	err = c.Raw(func(dc any) error {
		cc, ok := dc.(*cachingConn)
		if !ok {
			return fmt.Errorf("connection is %T, not *cachingConn", dc)
		}
		for st := range cc.Conn.Raw().Stmts() {
			if n := st.Status(sqlite3.STMTSTATUS_REPREPARE, false); n > 0 {
				out = append(out, fmt.Sprintf("%d× %s", n, st.SQL()))
			}
		}
		return nil
	})
	return out, err
}
