// Command oroshi is the whole platform in one binary: `oroshi serve` runs
// the web UI, the API and the background jobs; the other subcommands
// migrate, seed and administer. main only parses and wires.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/oroshi-jp/oroshi/internal/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// usageError means the command line or the configuration is wrong: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error, stderr io.Writer) int {
	var ce *config.Error
	var ue usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ce):
		fmt.Fprintf(stderr, "oroshi: configuration: %v\n", ce)
		return 2
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "oroshi: %v\n", ue)
		return 2
	}
	fmt.Fprintf(stderr, "oroshi: %v\n", err)
	return 1
}

type command struct {
	name, summary string
	run           func(ctx context.Context, env *env, args []string) error
}

// env is what every subcommand gets.
type env struct {
	cfg            config.Config
	stdout, stderr io.Writer
	stderrIsTTY    bool
}

func commands() []command {
	return []command{
		{"serve", "Web UI・API・ジョブを起動する (run the web UI, API and jobs)", cmdServe},
		{"migrate", "データベースを最新のスキーマにする (migrate the database)", cmdMigrate},
		{"demo", "デモ用の契約者・ユーザーを作成する (seed the demo tenant)", cmdDemo},
		{"tenant", "契約者の作成・一覧 (tenant create|list)", cmdTenant},
		{"user", "ユーザーの作成 (user create)", cmdUser},
		{"apikey", "APIキーの発行 (apikey create)", cmdAPIKey},
		{"audit", "操作履歴の改ざん検査 (audit verify)", cmdAudit},
		{"backup", "バックアップの作成・一覧・検証・復元 (backup create|list|verify|restore)", cmdBackup},
		{"version", "バージョンを表示する (print the version)", cmdVersion},
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return usageError{"a subcommand is required"}
		}
		return nil
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	e := &env{cfg: cfg, stdout: stdout, stderr: stderr, stderrIsTTY: isTerminal(stderr)}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	return usageError{fmt.Sprintf("unknown subcommand %q (see oroshi --help)", args[0])}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "oroshi — BtoB 受発注システム (B2B order-taking platform)")
	fmt.Fprintln(w, "\nUsage: oroshi <subcommand> [flags]   (each subcommand has --help)")
	fmt.Fprintln(w, "\nSubcommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nConfiguration: OROSHI_* environment variables (see README), e.g. OROSHI_DATA_DIR,")
	fmt.Fprintln(w, "OROSHI_DATABASE_URL, OROSHI_HTTP_ADDR, OROSHI_BASE_URL, OROSHI_SECRET_KEY_FILE, OROSHI_SMTP_HOST.")
}

// flags makes a flag set whose errors and help go to the subcommand's stderr.
func flags(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("oroshi "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	// A bad flag shows the synopsis only (short errors); --help adds the
	// flags (parse).
	fs.Usage = func() { fmt.Fprintf(e.stderr, "Usage: oroshi %s\n", synopsis) }
	return fs
}

// parse wraps flag parsing so that bad flags exit with status 2.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(fs.Output())
			fs.PrintDefaults()
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
