package abuse

import (
	"net/url"
	"regexp"
	"strings"
)

// A probe is a pattern that only attack tools and people testing for
// holes send. Each is a clear marker, never a word or a lone quote: names
// such as O'Neil, "Tom's" or 「ジョーンズ'」, Japanese text and CSV data
// must score nothing (rules_test.go holds both sides).
type probe struct {
	reason string
	re     *regexp.Regexp
}

var probes = []probe{
	// ' OR 1=1, " or "a"="a, ') or ('x'='x
	{"sql-injection", regexp.MustCompile(`(?i)['"]\)?\s*(or|and)\s*\(?\s*['"]?\w+['"]?\s*(=|<|>|like\b)`)},
	{"sql-injection", regexp.MustCompile(`(?i)\bunion(\s|/\*.*?\*/)+(all(\s|/\*.*?\*/)+)?select\b`)},
	{"sql-injection", regexp.MustCompile(`(;|'|")\s*(--|/\*)`)},
	{"sql-injection", regexp.MustCompile(`(?i);\s*(drop\s+table|shutdown\s*(--|;|$))`)},
	{"sql-injection", regexp.MustCompile(`(?i)\b(sleep|benchmark|pg_sleep)\s*\(\s*\d+\s*[,)]|\bwaitfor\s+delay\b|\binformation_schema\b|\bxp_cmdshell\b`)},
	{"script-injection", regexp.MustCompile(`(?i)<\s*script|javascript\s*:|\bon(error|load)\s*=|<\s*iframe|<\s*svg[^>]*\bon\w+\s*=`)},
	{"path-traversal", regexp.MustCompile(`(\.\.[/\\])|([/\\]\.\.)$`)},
	{"path-traversal", regexp.MustCompile(`(?i)%2e%2e|%252e|/etc/(passwd|shadow)|\bwin\.ini\b|/proc/self/`)},
}

// ProbePoints is what one probe-looking request scores.
const ProbePoints = 10

// Score returns the points of one request and the reason of the first
// probe found ("" and 0 for a clean request). It looks at the raw and the
// decoded path, the query and the given form values.
func Score(rawPath, rawQuery string, form url.Values) (points int, reason string) {
	for _, s := range inputs(rawPath, rawQuery, form) {
		for _, p := range probes {
			if p.re.MatchString(s) {
				return ProbePoints, p.reason
			}
		}
	}
	return 0, ""
}

// inputs are the strings to look at: raw forms (to catch %2e%2e) and
// decoded values (to catch ' OR 1=1 sent as %27%20OR%201%3D1).
func inputs(rawPath, rawQuery string, form url.Values) []string {
	out := []string{rawPath, rawQuery}
	if p, err := url.PathUnescape(rawPath); err == nil && p != rawPath {
		out = append(out, p)
	}
	q, _ := url.ParseQuery(rawQuery)
	for _, vs := range []url.Values{q, form} {
		for k, list := range vs {
			if secretField(k) {
				continue // a password may be anything; it is never echoed
			}
			out = append(out, k)
			for _, v := range list {
				if strings.TrimSpace(v) != "" {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// secretField tells fields whose values are secrets: passwords and tokens
// may legitimately hold any characters, so they are not scored.
func secretField(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "password") || strings.Contains(n, "token") || n == "code"
}
