package identity

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/oroshi-jp/oroshi"
)

// Argon2id parameters, set explicitly (OWASP: 19 MiB, 2 passes, 1 lane).
// Stored in each hash so they can be raised later without breaking old ones.
type argonParams struct {
	memory  uint32
	time    uint32
	threads uint8
}

var defaultArgon = argonParams{memory: 19 * 1024, time: 2, threads: 1}

const (
	minPasswordLen = 12
	maxPasswordLen = 128
)

//go:embed common_passwords.txt
var commonPasswordsTxt string

// commonPasswords is read once; a set of lower-cased entries.
func commonPasswords() map[string]bool {
	set := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsTxt))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			set[strings.ToLower(w)] = true
		}
	}
	return set
}

// PasswordPolicy checks new passwords.
type PasswordPolicy struct {
	common map[string]bool
}

// NewPasswordPolicy loads the list of common passwords.
func NewPasswordPolicy() *PasswordPolicy { return &PasswordPolicy{common: commonPasswords()} }

// Check returns a validation error on field "password" in Japanese.
func (p *PasswordPolicy) Check(password, email string) error {
	n := utf8.RuneCountInString(password)
	lower := strings.ToLower(password)
	switch {
	case n < minPasswordLen:
		return oroshi.Invalid("password", fmt.Sprintf("パスワードは%d文字以上にしてください", minPasswordLen))
	case n > maxPasswordLen:
		return oroshi.Invalid("password", fmt.Sprintf("パスワードは%d文字以内にしてください", maxPasswordLen))
	case p.common[lower] || repeated(lower):
		return oroshi.Invalid("password", "よく使われるパスワードのため使用できません。推測されにくいものにしてください")
	case containsLocalPart(lower, email):
		return oroshi.Invalid("password", "メールアドレスを含むパスワードは使用できません")
	}
	return nil
}

// containsLocalPart tells whether the password holds the e-mail's local part
// (of 4 or more characters; shorter ones match too much by chance).
func containsLocalPart(lowerPassword, email string) bool {
	local := strings.ToLower(strings.SplitN(email, "@", 2)[0])
	return len(local) >= 4 && strings.Contains(lowerPassword, local)
}

// repeated catches "aaaaaaaaaaaa" and "abcabcabcabc" style passwords.
func repeated(s string) bool {
	for size := 1; size <= 4 && size < len(s); size++ {
		if strings.Repeat(s[:size], len(s)/size+1)[:len(s)] == s {
			return true
		}
	}
	return false
}

// HashPassword returns an encoded argon2id hash (PHC string format).
func HashPassword(password string) (string, error) {
	return hashWith(password, defaultArgon)
}

func hashWith(password string, p argonParams) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memory, p.time, p.threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("malformed password hash")

// VerifyPassword reports whether password matches the encoded hash.
func VerifyPassword(password, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	var p argonParams
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &p.threads); err != nil {
		return false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is verified against when a user does not exist, so that an
// unknown e-mail address costs the same time as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("oroshi-dummy-password-for-timing")
	return h
})
