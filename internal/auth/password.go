package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/localoffer/localoffer/internal/apperr"
)

// Password length limits, in characters. The maximum only stops a request
// from making the server hash megabytes of text.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

// PasswordParams are the argon2id cost parameters of new password hashes.
// Stored hashes carry their own parameters, so changing these affects new
// hashes only; a sign-in rehashes a password whose parameters differ.
type PasswordParams struct {
	// Memory in KiB.
	Memory uint32
	// Time is the number of passes over the memory.
	Time uint32
	// Threads is the degree of parallelism.
	Threads uint8
}

// DefaultPasswordParams is the second recommended option of RFC 9106,
// section 4, for when 2 GiB per hash is too much: 64 MiB, 3 passes, 4
// lanes. Each hash holds 64 MiB while it runs, which is why PasswordHasher
// limits how many run at once.
var DefaultPasswordParams = PasswordParams{Memory: 64 * 1024, Time: 3, Threads: 4}

const (
	saltBytes = 16
	keyBytes  = 32
)

// ErrInvalidHash is returned, wrapped, for a stored hash that is not an
// argon2id PHC string this package can read.
var ErrInvalidHash = errors.New("invalid password hash")

// PasswordHasher hashes and verifies passwords with argon2id, at most as many
// at once as there are CPUs, so that a burst of sign-ins cannot take
// 64 MiB each without bound.
type PasswordHasher struct {
	params PasswordParams
	slots  chan struct{}
}

// NewPasswordHasher returns a hasher that writes new hashes with params;
// zero params mean DefaultPasswordParams.
func NewPasswordHasher(params PasswordParams) *PasswordHasher {
	if params == (PasswordParams{}) {
		params = DefaultPasswordParams
	}
	return &PasswordHasher{params: params, slots: make(chan struct{}, runtime.GOMAXPROCS(0))}
}

// CheckPassword returns an InputError for field when password is too short or
// too long.
func CheckPassword(field, password string) error {
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLength {
		return apperr.Input(field, "password is too short: use at least %d characters (a few unrelated words make a good one)", MinPasswordLength)
	}
	if n > MaxPasswordLength {
		return apperr.Input(field, "password is too long: use at most %d characters", MaxPasswordLength)
	}
	return nil
}

// Hash returns password's argon2id hash in PHC string format, such as
// $argon2id$v=19$m=65536,t=3,p=4$<salt>$<key> with unpadded standard base64.
func (h *PasswordHasher) Hash(password string) string {
	salt := make([]byte, saltBytes)
	if _, err := rand.Read(salt); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	key := h.derive(password, salt, h.params, keyBytes)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		h.params.Memory, h.params.Time, h.params.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// Verify reports whether password matches encoded, comparing in constant
// time, and whether encoded should be replaced because its parameters differ
// from the hasher's.
func (h *PasswordHasher) Verify(password, encoded string) (match, rehash bool, err error) {
	params, salt, key, err := decodeHash(encoded)
	if err != nil {
		return false, false, err
	}
	derived := h.derive(password, salt, params, uint32(len(key)))
	match = subtle.ConstantTimeCompare(derived, key) == 1
	return match, params != h.params, nil
}

func (h *PasswordHasher) derive(password string, salt []byte, params PasswordParams, length uint32) []byte {
	h.slots <- struct{}{}
	defer func() { <-h.slots }()
	return argon2.IDKey([]byte(password), salt, params.Time, params.Memory, params.Threads, length)
}

// maxStoredMemory bounds the memory parameter accepted from a stored hash,
// in KiB, so that a corrupted row cannot make a sign-in allocate gigabytes.
const maxStoredMemory = 1024 * 1024

// decodeHash parses an argon2id PHC string.
func decodeHash(encoded string) (PasswordParams, []byte, []byte, error) {
	var params PasswordParams
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return params, nil, nil, fmt.Errorf("%w: not an argon2id PHC string", ErrInvalidHash)
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return params, nil, nil, fmt.Errorf("%w: unsupported argon2 version %q", ErrInvalidHash, parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &params.Memory, &params.Time, &params.Threads); err != nil {
		return params, nil, nil, fmt.Errorf("%w: parameters %q: %v", ErrInvalidHash, parts[3], err)
	}
	if params.Memory == 0 || params.Memory > maxStoredMemory || params.Time == 0 || params.Threads == 0 {
		return params, nil, nil, fmt.Errorf("%w: parameters %q out of range", ErrInvalidHash, parts[3])
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil || len(salt) == 0 {
		return params, nil, nil, fmt.Errorf("%w: salt is not unpadded base64", ErrInvalidHash)
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) < 16 {
		return params, nil, nil, fmt.Errorf("%w: key is not unpadded base64 of at least 16 bytes", ErrInvalidHash)
	}
	return params, salt, key, nil
}
