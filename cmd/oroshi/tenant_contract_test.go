package main

import (
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestTenantContractCommands: suspend, resume and terminate a tenant from
// the CLI; a missing slug or reason is a clear error with a non-zero exit.
func TestTenantContractCommands(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := engineEnv(t, engine)
			if _, stderr, code := runCLI(t, env, "tenant", "create", "--slug", "marukawa", "--name", "丸川食品株式会社", "--admin-email", "boss@marukawa.example"); code != 0 {
				t.Fatalf("tenant create: %d %q", code, stderr)
			}
			steps := []struct {
				args   []string
				code   int
				output string
			}{
				{[]string{"suspend", "nobody", "--reason", "x"}, 1, `tenant "nobody" does not exist`},
				{[]string{"suspend", "marukawa"}, 2, "--reason is required"},
				{[]string{"suspend"}, 2, "needs a SLUG"},
				{[]string{"resume", "marukawa", "--reason", "誤操作"}, 1, "停止中の契約者のみ再開できます"},
				{[]string{"suspend", "marukawa", "--reason", "料金未払い"}, 0, "tenant marukawa suspended"},
				{[]string{"resume", "marukawa", "--reason", "入金確認"}, 0, "tenant marukawa resumed"},
				{[]string{"terminate", "marukawa", "--end", "2000-01-01", "--reason", "解約"}, 1, "終了日は今日以降の日付を指定してください"},
				{[]string{"terminate", "marukawa", "--end", "2099-01-02", "--reason", "解約"}, 0, "contract ends 2099-01-02, sign-in refused from the day after, data deleted on 2099-01-05"},
				{[]string{"list"}, 0, "2099-01-02"},
			}
			for _, st := range steps {
				out, stderr, code := runCLI(t, env, append([]string{"tenant"}, st.args...)...)
				if code != st.code || !strings.Contains(out+stderr, st.output) {
					t.Errorf("tenant %v: %d %q %q; want %d and %q", st.args, code, out, stderr, st.code, st.output)
				}
			}
		})
	}
}
