package sqlstore

import (
	"io/fs"
	"slices"
	"testing"
)

// TestMigrationParity: both engines have the same migration files, so a
// change made for one is never forgotten for the other.
func TestMigrationParity(t *testing.T) {
	names := func(dir string) []string {
		entries, err := fs.ReadDir(migrationsFS, dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	sqlite, pg := names("migrations/sqlite"), names("migrations/postgres")
	if !slices.Equal(sqlite, pg) || len(sqlite) == 0 {
		t.Errorf("migration files differ:\nsqlite   %v\npostgres %v", sqlite, pg)
	}
}
