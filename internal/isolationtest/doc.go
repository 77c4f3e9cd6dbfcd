// Package isolationtest holds the tenant-isolation attack suite: every web
// and API route is tried, signed in as one tenant's owner, buyer and API
// key, against another tenant's objects (and one buyer against another
// buyer's), and must answer "not found" or refuse, changing nothing. On
// PostgreSQL a second pass proves that row-level security alone keeps the
// tenants apart. The package has tests only.
package isolationtest
