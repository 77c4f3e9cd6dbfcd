package loadtest

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	_ "github.com/ncruces/go-sqlite3/driver" // the 20-row baseline reads SQLite like the server does
)

// Baseline pages: the machine's limit measured by the same client at the
// same concurrency, in this process.
const (
	baseStatic = "baseline 4 KB"
	baseSQLite = "baseline 20 SQLite rows"
)

// baseline is a tiny HTTP server: a constant 4 KB page, and a page listing
// 20 rows read from a SQLite table of 10,000 (WAL, the server's pragmas).
type baseline struct {
	srv *httptest.Server
	db  *sql.DB
}

var rowsPage = template.Must(template.New("rows").Parse(
	`<table>{{range .}}<tr><td>{{.ID}}</td><td>{{.Name}}</td><td>{{.Price}}</td></tr>{{end}}</table>`))

func startBaseline(dir string) (*baseline, error) {
	dsn := "file:" + filepath.Join(dir, "baseline.db") +
		"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, err
	}
	if err := fillBaseline(db); err != nil {
		db.Close()
		return nil, err
	}
	static := bytes.Repeat([]byte("oroshi-4k "), 410)[:4096]
	mux := http.NewServeMux()
	mux.HandleFunc("GET /static", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(static)
	})
	mux.HandleFunc("GET /rows", func(w http.ResponseWriter, r *http.Request) {
		if err := serveRows(w, r, db); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	return &baseline{srv: httptest.NewServer(mux), db: db}, nil
}

func fillBaseline(db *sql.DB) error {
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price INTEGER NOT NULL)`); err != nil {
		return err
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i := range 10_000 {
		if _, err := tx.Exec(`INSERT OR REPLACE INTO items VALUES (?, ?, ?)`, i+1, fmt.Sprintf("商品 %05d", i+1), 100+i%900); err != nil {
			return err
		}
	}
	return tx.Commit()
}

type row struct {
	ID, Price int64
	Name      string
}

func serveRows(w http.ResponseWriter, r *http.Request, db *sql.DB) error {
	from, _ := strconv.Atoi(r.URL.Query().Get("from"))
	rows, err := db.QueryContext(r.Context(), `SELECT id, name, price FROM items WHERE id > ? ORDER BY id LIMIT 20`, from)
	if err != nil {
		return err
	}
	defer rows.Close()
	var list []row
	for rows.Next() {
		var x row
		if err := rows.Scan(&x.ID, &x.Name, &x.Price); err != nil {
			return err
		}
		list = append(list, x)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return rowsPage.Execute(w, list)
}

func (b *baseline) Close() {
	b.srv.Close()
	b.db.Close()
}

// run drives both baseline pages in turn, each with vus flat-out users for
// d, and returns their results.
func (b *baseline) run(ctx context.Context, tr http.RoundTripper, vus int, d time.Duration) map[string]PageResult {
	out := map[string]PageResult{}
	for _, p := range []struct{ name, path string }{{baseStatic, "/static"}, {baseSQLite, "/rows?from="}} {
		rec := newRecorder()
		ctx, cancel := context.WithTimeout(ctx, d)
		var wg sync.WaitGroup
		for i := range vus {
			v := newVU(b.srv.URL, tr, func() *recorder { return rec }, uint64(i))
			wg.Go(func() {
				for ctx.Err() == nil {
					path := p.path
					if path != "/static" {
						path += strconv.Itoa(v.rng.IntN(9980))
					}
					_ = v.visit(ctx, p.name, path)
				}
			})
		}
		wg.Wait()
		cancel()
		_, total := rec.results(d)
		total.Page = p.name
		out[p.name] = total
	}
	return out
}
