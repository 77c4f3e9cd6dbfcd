// Package crash proves that oroshi keeps its promises when processes and
// the database fail: only the test files do anything.
//
//   - TestCrashOrders: buyers' orders (API, Idempotency-Key) while `oroshi
//     serve` is killed with SIGKILL at random moments and restarted; every
//     acknowledged order exists exactly once, stock adds up, and `oroshi
//     audit verify` passes. SQLite and PostgreSQL.
//   - TestZeroDowntimeRestart: two servers on PostgreSQL behind nginx,
//     restarted in turn with SIGTERM under load; no request fails, and the
//     periodic job runs once per interval across both.
//   - TestDatabaseLoss: a throwaway PostgreSQL cluster is stopped under a
//     running server; requests fail fast with 503 and the server recovers
//     by itself when the database returns.
//
// They take tens of seconds and start processes, so they run only with
// OROSHI_CRASHTEST=1 (`make crashtest`, called by .ci/run):
//
//	OROSHI_CRASH_CYCLES=5   kill/restart cycles per engine
//	OROSHI_CRASH_WORKERS=4  concurrent buyers placing orders
//	OROSHI_REQUIRE_NGINX=1  a missing nginx fails instead of skipping
package crash
