package abuse

import (
	"net/url"
	"testing"
)

func TestScore(t *testing.T) {
	tests := []struct {
		name, path, query string
		form              url.Values
		want              string // reason; "" for a clean request
	}{
		{"plain page", "/sakura/products", "", nil, ""},
		{"japanese search", "/sakura/products", url.Values{"q": {"北海道産 じゃがいも（男爵）10kg"}}.Encode(), nil, ""},
		{"O'Neil", "/sakura/products", url.Values{"q": {"O'Neil"}}.Encode(), nil, ""},
		{"apostrophes", "/sakura/admin/products", "", url.Values{"name": {"Tom's 'special' and Jerry's = fun"}}, ""},
		{"quoted with hash", "/x", "", url.Values{"name": {`"Special" #3`}}, ""},
		{"dash in notes", "/x", "", url.Values{"note": {"午前着 -- 至急; 再送お願いします"}}, ""},
		{"csv row", "/x", "", url.Values{"data": {"code,name\n001,\"だし昆布 'A'\",100\n"}}, ""},
		{"english notes", "/x", "", url.Values{"note": {"call first; update later. Sleep well (2 days)"}}, ""},
		{"password may hold anything", "/sakura/login", "", url.Values{"password": {"x' OR 1=1 --<script>"}}, ""},
		{"dots in text", "/x", url.Values{"q": {"1.. 2... 3"}}.Encode(), nil, ""},
		{"or 1=1", "/sakura/products", url.Values{"q": {"' OR 1=1"}}.Encode(), nil, "sql-injection"},
		{"or 'a'='a'", "/sakura/products", url.Values{"q": {`x" or "a"="a`}}.Encode(), nil, "sql-injection"},
		{"union select", "/sakura/products", url.Values{"q": {"1 UNION ALL SELECT password FROM users"}}.Encode(), nil, "sql-injection"},
		{"comment", "/x", "", url.Values{"email": {"admin';--"}}, "sql-injection"},
		{"drop table", "/x", "", url.Values{"name": {"x; DROP TABLE users"}}, "sql-injection"},
		{"sleep", "/x", url.Values{"id": {"1 and sleep(5)"}}.Encode(), nil, "sql-injection"},
		{"script", "/x", "", url.Values{"name": {"<script>alert(1)</script>"}}, "script-injection"},
		{"javascript url", "/x", url.Values{"next": {"javascript:alert(1)"}}.Encode(), nil, "script-injection"},
		{"onerror", "/x", "", url.Values{"name": {`<img src=x onerror=alert(1)>`}}, "script-injection"},
		{"dot dot slash", "/static/../../etc/hosts", "", nil, "path-traversal"},
		{"encoded dots", "/static/%2e%2e/%2e%2e/x", "", nil, "path-traversal"},
		{"etc passwd", "/x", url.Values{"file": {"/etc/passwd"}}.Encode(), nil, "path-traversal"},
		{"in a key", "/x", "%27%20OR%201%3D1=1", nil, "sql-injection"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			points, reason := Score(tt.path, tt.query, tt.form)
			if reason != tt.want || (points > 0) != (tt.want != "") {
				t.Errorf("Score(%q, %q, %v) = %d %q, want %q", tt.path, tt.query, tt.form, points, reason, tt.want)
			}
		})
	}
}
