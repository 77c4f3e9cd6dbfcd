package sqlstore

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
)

// catalogSearch is how each engine finds SKUs by text and keeps its index.
// Both keep skus.search_text (catalog.SearchText, normalised) and a copy in
// a table sku_search written in the same transaction: on SQLite an FTS5
// trigram table (rowid = SKU id), on PostgreSQL a table with GIN indexes
// read through SECURITY DEFINER functions (migration 00003 says why). Each
// entry names the SKU's product, so a search finds products directly.
//
// (These methods belong in the dialect interface of dialect.go; they live
// here, asserted below, until that file can take them.)
type catalogSearch interface {
	// putSKUSearch (re)writes the index entry of a SKU whose search text
	// was set or changed.
	putSKUSearch(ctx context.Context, c *conn, t oroshi.TenantID, productID, skuID oroshi.ID, text string) error
	// dropSKUSearch removes the entries of one SKU, or of all SKUs of a
	// product when skuID is 0; call it before deleting the rows.
	dropSKUSearch(ctx context.Context, c *conn, t oroshi.TenantID, productID, skuID oroshi.ID) error
	// productMatch is a condition on products aliased p of tenant t: some
	// SKU of the product has every term in its search text. Terms are
	// normalised, without spaces, and there is at least one.
	productMatch(ctx context.Context, c *conn, t oroshi.TenantID, terms []string) (string, []any, error)
	// listingSetup is a statement run at the start of a listing's unit of
	// work, "" for none.
	listingSetup() string
}

var (
	_ catalogSearch = sqliteDialect{}
	_ catalogSearch = postgresDialect{}
)

// search returns the engine's catalogSearch.
func (s *Store) search() catalogSearch { return s.d.(catalogSearch) }

// minTrigram is the shortest term a trigram index can look up directly.
const minTrigram = 3

func isShort(term string) bool { return utf8.RuneCountInString(term) < minTrigram }

// likeContains is a LIKE pattern for "contains term": % and _ in the term
// are escaped with \ (the queries say ESCAPE '\'), so a query of "100%"
// means the text "100%" and not "100" followed by anything.
func likeContains(term string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(term) + "%"
}

// On PostgreSQL the search text is copied to sku_search with its grams
// (see migration 00003: under row-level security the trigram and gram
// indexes are reachable only through the SECURITY DEFINER function
// sku_search_match).
func (postgresDialect) putSKUSearch(ctx context.Context, c *conn, t oroshi.TenantID, productID, skuID oroshi.ID, text string) error {
	_, err := c.exec(ctx, `INSERT INTO sku_search (tenant_id, sku_id, product_id, search_text, grams) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id, sku_id) DO UPDATE SET search_text = excluded.search_text, grams = excluded.grams`,
		t, skuID, productID, text, searchGrams(text))
	return err
}

// searchGrams lists the distinct substrings of one and two characters of a
// search text that hold no space (query terms never do).
func searchGrams(text string) []string {
	runes := []rune(text)
	seen := map[string]bool{}
	out := []string{}
	for i, r := range runes {
		if r == ' ' {
			continue
		}
		grams := []string{string(r)}
		if i+1 < len(runes) && runes[i+1] != ' ' {
			grams = append(grams, string(runes[i:i+2]))
		}
		for _, g := range grams {
			if !seen[g] {
				seen[g] = true
				out = append(out, g)
			}
		}
	}
	return out
}

// listingSetup turns JIT compilation off for the listing's transaction:
// the cost estimate of a listing over a large catalogue passes
// jit_above_cost, and compiling then took 30 ms of a 65 ms query (25,000
// products) to save nothing.
func (postgresDialect) listingSetup() string { return "SET LOCAL jit = off" }

// dropSKUSearch has nothing to do on PostgreSQL: the foreign key of
// sku_search deletes its rows with the SKU (ON DELETE CASCADE).
func (postgresDialect) dropSKUSearch(context.Context, *conn, oroshi.TenantID, oroshi.ID, oroshi.ID) error {
	return nil
}

// productMatch on PostgreSQL: one call of sku_search_match with the LIKE
// patterns of the terms of three characters or more (trigram index) and
// the shorter terms as grams (gram index).
func (postgresDialect) productMatch(_ context.Context, _ *conn, _ oroshi.TenantID, terms []string) (string, []any, error) {
	patterns, grams := []string{}, []string{}
	for _, term := range terms {
		if isShort(term) {
			grams = append(grams, term)
		} else {
			patterns = append(patterns, likeContains(term))
		}
	}
	return `p.id IN (SELECT product_id FROM sku_search_match(?, ?))`, []any{patterns, grams}, nil
}
