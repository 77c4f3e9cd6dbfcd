package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestBackupCommands runs create, list, verify and restore as an operator
// would, on both engines, and the refusals with their exit status.
func TestBackupCommands(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := engineEnv(t, engine)
			key, other := writeIdentity(t), writeIdentity(t)
			mustRun(t, env, "migrate")
			mustRun(t, env, "demo")
			if _, stderr, code := runCLI(t, env, "backup", "create"); code != 1 || !strings.Contains(stderr, "OROSHI_BACKUP_RECIPIENT") {
				t.Fatalf("create without recipient: %d %q", code, stderr)
			}
			env["OROSHI_BACKUP_RECIPIENT"] = key.Recipient().String()
			out := mustRun(t, env, "backup", "create")
			file := filepath.Join(env["OROSHI_DATA_DIR"], "backups", strings.Fields(strings.TrimPrefix(out, "OK"))[0])
			if out := mustRun(t, env, "backup", "list"); !strings.Contains(out, filepath.Base(file)) || !strings.Contains(out, " ok ") {
				t.Errorf("list:\n%s", out)
			}
			if out := mustRun(t, env, "backup", "verify", file, "--identity", key.path, "--deep"); !strings.Contains(out, "checksums match") {
				t.Errorf("verify:\n%s", out)
			}
			if _, stderr, code := runCLI(t, env, "backup", "verify", file, "--identity", other.path); code != 1 || !strings.Contains(stderr, "another key") {
				t.Errorf("verify with another key: %d %q", code, stderr)
			}
			target := "--to-data-dir"
			dest := filepath.Join(t.TempDir(), "restored")
			if engine == "postgres" {
				target, dest = "--to-database-url", sqlstoretest.Options(t, "postgres").URL // migrated: not empty
				if _, stderr, code := runCLI(t, env, "backup", "restore", file, "--identity", key.path, target, dest); code != 1 || !strings.Contains(stderr, "not empty") {
					t.Errorf("restore into a non-empty database: %d %q", code, stderr)
				}
				return
			}
			if out := mustRun(t, env, "backup", "restore", file, "--identity", key.path, target, dest); !strings.Contains(out, "checksums match") {
				t.Errorf("restore:\n%s", out)
			}
			if _, stderr, code := runCLI(t, env, "backup", "restore", file, "--identity", key.path, target, dest); code != 1 || !strings.Contains(stderr, "not empty") {
				t.Errorf("restore again into the same dir: %d %q", code, stderr)
			}
		})
	}
}

type identityFile struct {
	*age.X25519Identity
	path string
}

func writeIdentity(t *testing.T) identityFile {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "key.txt")
	if err := os.WriteFile(path, []byte(id.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return identityFile{id, path}
}

func mustRun(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	out, stderr, code := runCLI(t, env, args...)
	if code != 0 {
		t.Fatalf("oroshi %s: exit %d\n%s%s", strings.Join(args, " "), code, out, stderr)
	}
	return out
}
