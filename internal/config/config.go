// Package config is the only reader of the environment. Load turns OROSHI_*
// variables into a Config; subcommands may override fields from flags.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// DefaultFontDir is where `make fonts` puts the PDF fonts, relative to the
// repository root that `make run` starts from.
const DefaultFontDir = "var/fonts"

// Config is everything the binary can be told.
type Config struct {
	DataDir            string
	DatabaseURL        string // "" means the SQLite file in DataDir
	MigrateDatabaseURL string // owner connection for migrations (PostgreSQL); "" means DatabaseURL
	HTTPAddr           string
	BaseURL            string
	SecretKey          []byte // 32 bytes; signs tokens and cookies
	SecretKeyFile      string
	LogFormat          string // json, text or auto
	LogLevel           string
	SessionIdle        time.Duration
	SessionAbsolute    time.Duration
	ShutdownTimeout    time.Duration
	SMTP               SMTP
	OperatorEmails     []string
	SupportEmails      []string // support.go: OROSHI_SUPPORT_EMAIL, default OperatorEmails
	// FontDir holds NotoSansJP-Regular.ttf and NotoSansJP-Bold.ttf for PDF
	// documents (`make fonts` fetches them into var/fonts).
	FontDir string
	// WebhookAllowLoopback lets webhook endpoints use http:// on loopback
	// hosts and deliveries connect to loopback (development and tests only).
	WebhookAllowLoopback bool
	Watchdog             Watchdog      // watchdog.go
	Backup               Backup        // backup.go
	TLS                  TLS           // tls.go: native HTTPS, trusted proxies
	VirusScan            VirusScan     // virusscan.go: clamd for uploads
	DBKey                []byte        // dbkey.go: SQLite encryption at rest
	Abuse                Abuse         // abuse.go: OROSHI_ABUSE_EXEMPT
	JobsSweepInterval    time.Duration // restart.go: OROSHI_JOBS_SWEEP_INTERVAL
	ShutdownDelay        time.Duration // restart.go: OROSHI_SHUTDOWN_DELAY
	DebugAddr            string        // debug.go: OROSHI_DEBUG_ADDR, loopback pprof
	MemoryLimit          int64         // memory.go: OROSHI_MEMORY_LIMIT, soft limit of serve (0: none)
}

// SMTP is the outgoing mail server. Host "" keeps mail in the outbox only.
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
	TLS      string // "starttls" (default), "tls" or "none"
}

// Error names the setting that is wrong, so main can print one clear line and
// exit with status 2.
type Error struct {
	Name, Value, Reason string
}

func (e *Error) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("%s: %s", e.Name, e.Reason)
	}
	return fmt.Sprintf("%s=%q: %s", e.Name, e.Value, e.Reason)
}

// Load reads the configuration from getenv (os.Getenv in main, a map in tests).
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		DataDir:         orDefault(getenv("OROSHI_DATA_DIR"), "./data"),
		DatabaseURL:     getenv("OROSHI_DATABASE_URL"),
		HTTPAddr:        orDefault(getenv("OROSHI_HTTP_ADDR"), ":8080"),
		BaseURL:         getenv("OROSHI_BASE_URL"),
		SecretKeyFile:   getenv("OROSHI_SECRET_KEY_FILE"),
		LogFormat:       orDefault(getenv("OROSHI_LOG_FORMAT"), "auto"),
		LogLevel:        orDefault(getenv("OROSHI_LOG_LEVEL"), "info"),
		FontDir:         orDefault(getenv("OROSHI_FONT_DIR"), DefaultFontDir),
		SessionIdle:     30 * time.Minute,
		SessionAbsolute: 12 * time.Hour,
		ShutdownTimeout: 30 * time.Second,
	}
	c.MigrateDatabaseURL = getenv("OROSHI_MIGRATE_DATABASE_URL")
	steps := []func(func(string) string) error{
		c.loadSecret, c.loadDurations, c.loadSMTP, c.loadOperators, c.loadWebhooks,
		c.loadWatchdog, c.loadBackup,
		c.loadSupport,
		c.loadRestart,
		c.loadTLS,
		c.loadAbuse,
		c.loadVirusScan, c.loadDBKey,
		c.loadDebug, c.loadMemory,
	}
	for _, step := range steps {
		if err := step(getenv); err != nil {
			return Config{}, err
		}
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Validate checks fields that flags may also have set.
func (c *Config) Validate() error {
	if err := checkDatabaseURL("OROSHI_DATABASE_URL", c.DatabaseURL); err != nil {
		return err
	}
	if err := checkDatabaseURL("OROSHI_MIGRATE_DATABASE_URL", c.MigrateDatabaseURL); err != nil {
		return err
	}
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		return &Error{"OROSHI_HTTP_ADDR", c.HTTPAddr, "must be host:port, e.g. :8080"}
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return &Error{"OROSHI_BASE_URL", c.BaseURL, "must be an absolute http(s) URL"}
		}
	}
	if err := c.validateTLS(); err != nil {
		return err
	}
	switch c.LogFormat {
	case "json", "text", "auto":
	default:
		return &Error{"OROSHI_LOG_FORMAT", c.LogFormat, "must be json, text or auto"}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return &Error{"OROSHI_LOG_LEVEL", c.LogLevel, "must be debug, info, warn or error"}
	}
	return nil
}

// Engine is "postgres" or "sqlite".
func (c *Config) Engine() string {
	if IsPostgresURL(c.DatabaseURL) {
		return "postgres"
	}
	return "sqlite"
}

// PublicURL is the base for links in mail: BaseURL, or derived from HTTPAddr.
func (c *Config) PublicURL() string {
	if c.BaseURL != "" {
		return strings.TrimRight(c.BaseURL, "/")
	}
	host, port, _ := net.SplitHostPort(c.HTTPAddr)
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	if c.TLS.Enabled() {
		return "https://" + net.JoinHostPort(host, port)
	}
	return "http://" + net.JoinHostPort(host, port)
}

// IsPostgresURL tells whether a database URL selects PostgreSQL.
func IsPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

func checkDatabaseURL(name, s string) error {
	if s == "" || IsPostgresURL(s) || strings.HasPrefix(s, "file:") || !strings.Contains(s, "://") {
		if IsPostgresURL(s) {
			if _, err := url.Parse(s); err != nil {
				return &Error{name, redact(s), "is not a valid URL"}
			}
		}
		return nil
	}
	return &Error{name, redact(s), "must be a postgres:// URL, a file: URL or a file path"}
}

// redact hides a password in a URL before it is printed.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

func (c *Config) loadSecret(getenv func(string) string) error {
	raw := getenv("OROSHI_SECRET_KEY")
	if raw == "" && c.SecretKeyFile != "" {
		b, err := os.ReadFile(c.SecretKeyFile)
		if err != nil {
			return &Error{"OROSHI_SECRET_KEY_FILE", c.SecretKeyFile, "cannot be read"}
		}
		raw = strings.TrimSpace(string(b))
	}
	if raw == "" {
		return nil // generated into the data dir by EnsureSecretKey
	}
	key, err := decodeKey(raw)
	if err != nil {
		name := "OROSHI_SECRET_KEY"
		if getenv(name) == "" {
			name = "OROSHI_SECRET_KEY_FILE"
		}
		return &Error{Name: name, Reason: err.Error()}
	}
	c.SecretKey = key
	return nil
}

func decodeKey(raw string) ([]byte, error) {
	key, err := hex.DecodeString(raw)
	if err != nil || len(key) < 32 {
		return nil, errors.New("must be at least 64 hexadecimal characters (32 bytes); generate with `openssl rand -hex 32`")
	}
	return key, nil
}

// EnsureSecretKey loads or creates DataDir/secret.key when no key was given,
// so a first `oroshi serve` works with nothing configured.
func (c *Config) EnsureSecretKey() error {
	if len(c.SecretKey) > 0 {
		return nil
	}
	path := filepath.Join(c.DataDir, "secret.key")
	if b, err := os.ReadFile(path); err == nil {
		key, err := decodeKey(strings.TrimSpace(string(b)))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		c.SecretKey = key
		return nil
	}
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return fmt.Errorf("create data dir: %w", err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return fmt.Errorf("generate secret key: %w", err)
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return fmt.Errorf("write secret key: %w", err)
	}
	c.SecretKey = key
	return nil
}

func (c *Config) loadDurations(getenv func(string) string) error {
	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{
		{"OROSHI_SESSION_IDLE", &c.SessionIdle},
		{"OROSHI_SESSION_ABSOLUTE", &c.SessionAbsolute},
		{"OROSHI_SHUTDOWN_TIMEOUT", &c.ShutdownTimeout},
	} {
		v := getenv(d.name)
		if v == "" {
			continue
		}
		parsed, err := time.ParseDuration(v)
		if err != nil || parsed <= 0 {
			return &Error{d.name, v, "must be a positive duration such as 30m or 12h"}
		}
		*d.dst = parsed
	}
	if c.SessionIdle > c.SessionAbsolute {
		return &Error{Name: "OROSHI_SESSION_IDLE", Reason: "must not be longer than OROSHI_SESSION_ABSOLUTE"}
	}
	return nil
}

func (c *Config) loadSMTP(getenv func(string) string) error {
	s := SMTP{
		Host:     getenv("OROSHI_SMTP_HOST"),
		Port:     587,
		Username: getenv("OROSHI_SMTP_USERNAME"),
		Password: getenv("OROSHI_SMTP_PASSWORD"),
		From:     orDefault(getenv("OROSHI_SMTP_FROM"), "oroshi <no-reply@localhost>"),
		TLS:      orDefault(getenv("OROSHI_SMTP_TLS"), "starttls"),
	}
	if f := getenv("OROSHI_SMTP_PASSWORD_FILE"); f != "" && s.Password == "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return &Error{"OROSHI_SMTP_PASSWORD_FILE", f, "cannot be read"}
		}
		s.Password = strings.TrimSpace(string(b))
	}
	if p := getenv("OROSHI_SMTP_PORT"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return &Error{"OROSHI_SMTP_PORT", p, "must be a port number (1-65535)"}
		}
		s.Port = n
	}
	switch s.TLS {
	case "starttls", "tls", "none":
	default:
		return &Error{"OROSHI_SMTP_TLS", s.TLS, "must be starttls, tls or none"}
	}
	if !strings.Contains(s.From, "@") {
		return &Error{"OROSHI_SMTP_FROM", s.From, "must contain an e-mail address"}
	}
	c.SMTP = s
	return nil
}

func (c *Config) loadOperators(getenv func(string) string) error {
	v := getenv("OROSHI_OPERATOR_EMAILS")
	for _, e := range strings.Split(v, ",") {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		if !strings.Contains(e, "@") {
			return &Error{"OROSHI_OPERATOR_EMAILS", v, "must be a comma-separated list of e-mail addresses"}
		}
		c.OperatorEmails = append(c.OperatorEmails, e)
	}
	return nil
}

func (c *Config) loadWebhooks(getenv func(string) string) error {
	v := getenv("OROSHI_WEBHOOK_ALLOW_LOOPBACK")
	if v == "" {
		return nil
	}
	on, err := strconv.ParseBool(v)
	if err != nil {
		return &Error{"OROSHI_WEBHOOK_ALLOW_LOOPBACK", v, "must be true or false"}
	}
	c.WebhookAllowLoopback = on
	return nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
