package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/oroshi-jp/oroshi/internal/backup"
	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
)

const backupUsage = `Usage:
  oroshi backup create
  oroshi backup list
  oroshi backup verify FILE --identity KEYFILE [--deep] [--scratch-url URL]
  oroshi backup restore FILE --identity KEYFILE (--to-data-dir DIR | --to-database-url URL)`

func cmdBackup(ctx context.Context, e *env, args []string) error {
	sub := map[string]func(context.Context, *env, []string) error{
		"create": backupCreate, "list": backupList, "verify": backupVerify, "restore": backupRestore,
	}
	if len(args) > 0 {
		if fn, ok := sub[args[0]]; ok {
			return fn(ctx, e, args[1:])
		}
	}
	fmt.Fprintln(e.stderr, backupUsage)
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		return nil
	}
	return usageError{"backup needs create, list, verify or restore"}
}

func backupCreate(ctx context.Context, e *env, args []string) error {
	if err := parse(flags(e, "backup create", "backup create"), args); err != nil {
		return err
	}
	a, err := openApp(ctx, e, false)
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	start := time.Now()
	m, err := a.Backup.Create(ctx)
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(e.stdout, "OK  %s\n    %s, schema %d, %d tables, %d rows\n    %s → %s encrypted, %.1f s (%.1f MB/s)\n    sha256 %s\n",
		m.File, m.Engine, m.SchemaVersion, len(m.Tables), m.Rows(), size(m.Plain.Bytes), size(m.Encrypted.Bytes),
		secs, float64(m.Plain.Bytes)/1e6/secs, m.Encrypted.SHA256)
	return nil
}

func backupList(_ context.Context, e *env, args []string) error {
	if err := parse(flags(e, "backup list", "backup list"), args); err != nil {
		return err
	}
	svc := backup.Service{Dir: e.cfg.Backup.Dir}
	list, err := svc.List()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s (keep %d, daily at %s JST)\n", e.cfg.Backup.Dir, e.cfg.Backup.Keep, e.cfg.Backup.Time())
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "バックアップはありません / no backups")
		return nil
	}
	fmt.Fprintf(e.stdout, "%-4s %-19s %10s %-11s %s\n", "GEN", "TIME (JST)", "SIZE", "STATUS", "FILE")
	for _, b := range list {
		when := "-"
		if !b.Manifest.CreatedAt.IsZero() {
			when = b.Manifest.CreatedAt.In(jst).Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(e.stdout, "%-4d %-19s %10s %-11s %s\n", b.Generation, when, size(b.Size), b.Status, b.Manifest.File)
	}
	return nil
}

// parseFile parses "FILE --flags…" or "--flags… FILE" and returns FILE.
func parseFile(fs *flag.FlagSet, args []string) (string, error) {
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", err
		}
		return "", usageError{err.Error()}
	}
	if file == "" && fs.NArg() == 1 {
		return fs.Arg(0), nil
	}
	if fs.NArg() > 0 {
		return "", usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return file, nil
}

func backupVerify(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "backup verify", "backup verify FILE --identity KEYFILE [--deep] [--scratch-url URL]")
	idFile := fs.String("identity", "", "age identity (private key) file")
	deep := fs.Bool("deep", false, "PostgreSQL: restore into a scratch database and compare table checksums")
	scratch := fs.String("scratch-url", "", "PostgreSQL server URL to create the scratch database on (default: OROSHI_MIGRATE_DATABASE_URL or OROSHI_DATABASE_URL)")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	ids, err := identities(file, *idFile)
	if err != nil {
		return err
	}
	eng := sqlstore.BackupEngine{AdminURL: firstNonEmpty(*scratch, e.cfg.MigrateDatabaseURL, pgURL(e.cfg.DatabaseURL))}
	rep, err := backup.Verify(ctx, file, ids, eng, *deep)
	printReport(e.stdout, rep)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "OK  %s: 検証に成功しました / verified\n", file)
	return nil
}

func backupRestore(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "backup restore", "backup restore FILE --identity KEYFILE (--to-data-dir DIR | --to-database-url URL)")
	idFile := fs.String("identity", "", "age identity (private key) file")
	var t backup.Target
	fs.StringVar(&t.DataDir, "to-data-dir", "", "new, empty data directory for a SQLite backup")
	fs.StringVar(&t.DatabaseURL, "to-database-url", "", "empty PostgreSQL database (create it first) for a PostgreSQL backup")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if (t.DataDir == "") == (t.DatabaseURL == "") {
		return usageError{"restore needs exactly one of --to-data-dir and --to-database-url"}
	}
	ids, err := identities(file, *idFile)
	if err != nil {
		return err
	}
	tmp := "" // the system's; for SQLite, beside the target, so that the file is moved, not copied
	if parent := filepath.Dir(t.DataDir); t.DataDir != "" && isDir(parent) {
		tmp = parent
	}
	rep, err := backup.Restore(ctx, file, ids, sqlstore.BackupEngine{Key: e.cfg.DBKey}, t, tmp)
	printReport(e.stdout, rep)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "OK  復元し、全テーブルのチェックサムが一致しました / restored, all %d table checksums match\n", len(rep.Tables))
	return nil
}

func identities(file, idFile string) ([]age.Identity, error) {
	if file == "" {
		return nil, usageError{"a backup FILE is required"}
	}
	if idFile == "" {
		return nil, usageError{"--identity KEYFILE is required (the age private key; the server does not keep it)"}
	}
	return backup.Identities(idFile)
}

func printReport(w io.Writer, rep backup.Report) {
	m := rep.Manifest
	if m.Format != 0 {
		fmt.Fprintf(w, "    %s, %s JST, oroshi %s, schema %d, %d tables, %d rows\n", m.Engine,
			m.CreatedAt.In(jst).Format("2006-01-02 15:04:05"), m.Version, m.SchemaVersion, len(m.Tables), m.Rows())
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "    note: %s\n", n)
	}
	if rep.Tables != nil && len(rep.Mismatches) == 0 {
		fmt.Fprintf(w, "    %d table checksums match the manifest\n", len(rep.Tables))
	}
}

var jst = time.FixedZone("JST", 9*60*60)

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func pgURL(u string) string {
	if config.IsPostgresURL(u) {
		return u
	}
	return ""
}
