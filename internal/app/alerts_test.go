package app_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/app"
	"github.com/oroshi-jp/oroshi/internal/config"
)

// alertRule is one rule of deploy/prometheus/alerts.yml.
type alertRule struct {
	Alert, Expr, For, Severity, Summary string
}

var (
	ruleLine = regexp.MustCompile(`^\s+- alert: (\S+)$`)
	keyLine  = regexp.MustCompile(`^\s+(expr|for|severity|summary): (.+)$`)
	metricRE = regexp.MustCompile(`\boroshi_[a-z0-9_]+`)
)

// readRules reads the rules file. No YAML module is vetted for the
// project, so this reads the one shape the file has (groups → rules with
// alert, expr, for, labels.severity, annotations.summary) and fails on
// anything else: a tab, a top level other than groups, an unknown key.
func readRules(t *testing.T, path string) []alertRule {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rules []alertRule
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.Contains(line, "\t"):
			t.Fatalf("line %d: tab in YAML", n)
		case trimmed == "" || strings.HasPrefix(trimmed, "#") || line == "groups:":
		case !strings.HasPrefix(line, " ") && line != "groups:":
			t.Fatalf("line %d: unexpected top level %q", n, line)
		case ruleLine.MatchString(line):
			rules = append(rules, alertRule{Alert: ruleLine.FindStringSubmatch(line)[1]})
		case keyLine.MatchString(line):
			if len(rules) == 0 {
				t.Fatalf("line %d: key outside a rule", n)
			}
			m, r := keyLine.FindStringSubmatch(line), &rules[len(rules)-1]
			*map[string]*string{"expr": &r.Expr, "for": &r.For, "severity": &r.Severity, "summary": &r.Summary}[m[1]] = unquote(m[2])
		case line == "  - name: oroshi", trimmed == "rules:", trimmed == "labels:", trimmed == "annotations:",
			strings.HasPrefix(trimmed, "description: "):
		default:
			t.Fatalf("line %d: unexpected %q", n, line)
		}
	}
	return rules
}

func unquote(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	return v
}

// TestAlertRulesUseExportedMetrics: every rule is complete, and every
// oroshi_* metric its expression names is on /metrics.
func TestAlertRulesUseExportedMetrics(t *testing.T) {
	rules := readRules(t, "../../deploy/prometheus/alerts.yml")
	if len(rules) < 8 {
		t.Fatalf("%d rules read", len(rules))
	}
	if promtool, err := exec.LookPath("promtool"); err == nil { // Debian package prometheus
		if out, err := exec.Command(promtool, "check", "rules", "../../deploy/prometheus/alerts.yml").CombinedOutput(); err != nil {
			t.Errorf("promtool check rules: %v\n%s", err, out)
		}
	}
	exported := scrape(t)
	for _, r := range rules {
		if r.Expr == "" || r.For == "" || (r.Severity != "critical" && r.Severity != "warning") || r.Summary == "" {
			t.Errorf("rule %s incomplete: %+v", r.Alert, r)
		}
		if strings.Count(r.Expr, "(") != strings.Count(r.Expr, ")") || strings.Count(r.Expr, "{") != strings.Count(r.Expr, "}") {
			t.Errorf("rule %s: unbalanced expression %q", r.Alert, r.Expr)
		}
		for _, name := range metricRE.FindAllString(r.Expr, -1) {
			if !exported[name] {
				t.Errorf("rule %s names %s, which /metrics does not export", r.Alert, name)
			}
		}
	}
}

// scrape serves one request and then reads /metrics of a fresh app.
func scrape(t *testing.T) map[string]bool {
	t.Helper()
	dir := t.TempDir()
	cfg, err := config.Load(func(k string) string { return map[string]string{"OROSHI_DATA_DIR": dir}[k] })
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(ctx) })
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, path := range []string{"/healthz", "/metrics"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if path == "/metrics" {
			out := map[string]bool{}
			for _, line := range strings.Split(string(body), "\n") {
				if name := metricRE.FindString(line); name != "" && strings.HasPrefix(line, name) {
					out[name] = true
				}
			}
			return out
		}
	}
	return nil
}
