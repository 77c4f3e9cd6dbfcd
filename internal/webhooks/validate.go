package webhooks

import (
	"net"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
)

// Options are the deployment's choices about where webhooks may go.
type Options struct {
	// AllowLoopbackHTTP lets endpoints use http:// on loopback hosts
	// (127.0.0.0/8, ::1, localhost) and lets deliveries connect to
	// loopback addresses: development and tests only.
	AllowLoopbackHTTP bool
}

// Normalize trims the text fields and puts the events in canonical order
// (duplicates dropped; unknown ones kept for Validate to report).
func Normalize(e Endpoint) Endpoint {
	e.URL = strings.TrimSpace(e.URL)
	e.Description = strings.TrimSpace(e.Description)
	rank := func(t string) int {
		i := slices.IndexFunc(EventTypes(), func(x EventInfo) bool { return x.Type == t })
		if i < 0 {
			return len(EventTypes())
		}
		return i
	}
	events := make([]string, 0, len(e.Events))
	for _, t := range e.Events {
		t = strings.TrimSpace(t)
		if t != "" && !slices.Contains(events, t) {
			events = append(events, t)
		}
	}
	slices.SortStableFunc(events, func(a, b string) int { return rank(a) - rank(b) })
	e.Events = events
	return e
}

// Validate checks a normalised endpoint, every problem at once, with
// Japanese messages keyed by field (url, description, events).
func Validate(e Endpoint, o Options) error {
	v := &oroshi.ValidationError{}
	if msg := URLProblem(e.URL, o); msg != "" {
		v.Add("url", msg)
	}
	if utf8.RuneCountInString(e.Description) > MaxDescription {
		v.Add("description", "説明は200文字以内で入力してください")
	}
	if len(e.Events) == 0 {
		v.Add("events", "送信するイベントを1つ以上選んでください")
	}
	for _, t := range e.Events {
		if !slices.ContainsFunc(EventTypes(), func(x EventInfo) bool { return x.Type == t }) {
			v.Add("events", "不明なイベント「"+t+"」が指定されています")
		}
	}
	return v.Err()
}

// URLProblem returns why raw cannot be an endpoint URL, in Japanese, or ""
// when it can. Host names are checked again when a delivery connects (see
// guard), since DNS may answer differently later.
func URLProblem(raw string, o Options) string {
	switch {
	case raw == "":
		return "URLを入力してください"
	case utf8.RuneCountInString(raw) > MaxURLLength:
		return "URLは500文字以内で入力してください"
	}
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "" {
		return "URLの形式が正しくありません（例: https://example.co.jp/webhooks/oroshi）"
	}
	if msg := shapeProblem(u, raw); msg != "" {
		return msg
	}
	host := u.Hostname()
	loopback := isLoopbackHost(host)
	if u.Scheme != "https" && (u.Scheme != "http" || !o.AllowLoopbackHTTP || !loopback) {
		return "URLは https:// で始めてください"
	}
	ip, err := netip.ParseAddr(host)
	if (err == nil && blockedAddr(ip, o)) || (loopback && !o.AllowLoopbackHTTP) {
		return "社内ネットワークやループバックのアドレスには送信できません"
	}
	return ""
}

// shapeProblem checks the parts of a URL that are never allowed.
func shapeProblem(u *url.URL, raw string) string {
	switch {
	case u.User != nil:
		return "URLにユーザー名やパスワードを含めることはできません"
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return "URLに「#」以降を含めることはできません"
	case u.Hostname() == "":
		return "URLのホスト名がありません"
	case u.Port() != "" && !validPort(u.Port()):
		return "URLのポート番号が正しくありません"
	}
	return ""
}

func validPort(p string) bool {
	n := 0
	for _, c := range p {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
		if n > 65535 {
			return false
		}
	}
	return n > 0
}

// isLoopbackHost: localhost (and names under it) or a loopback address.
func isLoopbackHost(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(h)
	return err == nil && ip.Unmap().IsLoopback()
}

// Ranges that are not the public internet besides what netip names:
// carrier-grade NAT, "this network", benchmarking, and NAT64 (which can
// reach IPv4 private addresses).
var extraBlocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
}

// blockedAddr tells whether a delivery must not connect to ip: loopback
// (unless allowed), private, link-local, multicast, unspecified and the
// ranges above.
func blockedAddr(ip netip.Addr, o Options) bool {
	ip = ip.Unmap()
	if ip.IsLoopback() {
		return !o.AllowLoopbackHTTP
	}
	if ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsUnspecified() || !ip.IsValid() {
		return true
	}
	for _, p := range extraBlocked {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// hostPort splits an address the dialer was given.
func hostPort(address string) (netip.Addr, error) {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return netip.Addr{}, err
	}
	return netip.ParseAddr(host)
}
