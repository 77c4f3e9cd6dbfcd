// Package e2e drives the real oroshi binary in headless Chromium: it builds
// ./cmd/oroshi once, seeds the demo tenant with `oroshi demo`, starts
// `oroshi serve` on a free loopback port and walks the main journeys of the
// three areas (seller staff, buyers, operators) as a person would, in
// Japanese and in English. Only the test files do anything; this file holds
// the documentation, so that the package has a non-test file.
//
// Run:
//
//	go test -count=1 ./e2e/
//
// Every journey runs on SQLite, and again on a fresh PostgreSQL database
// when one is reachable. The environment decides what is required:
//
//	OROSHI_TEST_DATABASE_URL  PostgreSQL admin URL that may CREATE DATABASE
//	                          (default: postgres://postgres@127.0.0.1:5432/postgres)
//	OROSHI_REQUIRE_POSTGRES=1 a missing PostgreSQL fails instead of skipping
//	OROSHI_REQUIRE_CHROMIUM=1 a missing Chromium fails instead of skipping (CI)
//	OROSHI_E2E_SCREENSHOTS=D  write a full-page PNG of each main page into D
//
// `go test -short` skips the package: it takes seconds, not milliseconds.
package e2e
