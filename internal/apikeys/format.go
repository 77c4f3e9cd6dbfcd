package apikeys

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
)

// A key reads oroshi_<tenant id>_<secret>. The tenant comes first so that
// authentication can set the tenant scope (row-level security) before it
// looks the key up; the secret is 32 random bytes in lower-case base32
// without padding (52 characters), which survives copy and paste, URLs and
// shells, and never contains the separator.
const (
	keyPrefix    = "oroshi_"
	secretBytes  = 32
	secretLen    = 52 // base32 of 32 bytes, unpadded
	prefixSecret = 8  // secret characters kept in the display prefix
)

var secretEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// generate returns a fresh plaintext key for tenant t.
func generate(t oroshi.TenantID) (string, error) {
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random secret: %w", err)
	}
	return keyPrefix + t.String() + "_" + secretEncoding.EncodeToString(b), nil
}

// parse reads the tenant of a plaintext key and checks its shape; it does
// not say whether the key exists.
func parse(plaintext string) (oroshi.TenantID, bool) {
	rest, ok := strings.CutPrefix(plaintext, keyPrefix)
	if !ok {
		return 0, false
	}
	tenant, secret, ok := strings.Cut(rest, "_")
	if !ok || len(secret) != secretLen || strings.Trim(secret, "abcdefghijklmnopqrstuvwxyz234567") != "" {
		return 0, false
	}
	// Only canonical decimals: a key with "+1" or "01" is not one we made.
	n, err := strconv.ParseInt(tenant, 10, 64)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != tenant {
		return 0, false
	}
	if _, err := secretEncoding.DecodeString(secret); err != nil {
		return 0, false
	}
	return oroshi.TenantID(n), true
}

// hash is what is stored of a key: the SHA-256 of the whole plaintext, in
// hex. The secret is random and long, so a slow password hash adds nothing.
func hash(plaintext string) string {
	sum := sha256.Sum256([]byte(plaintext))
	return hex.EncodeToString(sum[:])
}

// displayPrefix is the start of a key (tenant and 8 secret characters),
// enough for a person to tell their keys apart and far too little to guess
// the rest (the 44 characters left carry 220 bits).
func displayPrefix(plaintext string) string {
	i := strings.LastIndexByte(plaintext, '_')
	return plaintext[:i+1+prefixSecret]
}
