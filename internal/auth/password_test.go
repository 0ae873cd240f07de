package auth

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// cheap keeps these tests fast; the production parameters are checked by
// the command-line test of user create.
var cheap = PasswordParams{Memory: 1024, Time: 1, Threads: 1}

func TestPasswordHashVerifies(t *testing.T) {
	h := NewPasswordHasher(cheap)
	encoded := h.Hash("a long enough passphrase")
	if !strings.HasPrefix(encoded, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string with the parameters", encoded)
	}
	if match, rehash, err := h.Verify("a long enough passphrase", encoded); err != nil || !match || rehash {
		t.Errorf("correct password: match %v, rehash %v, err %v", match, rehash, err)
	}
	if match, _, _ := h.Verify("a long enough passphrasE", encoded); match {
		t.Error("wrong password matched")
	}
	if encoded == h.Hash("a long enough passphrase") {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestPasswordRehashWhenParametersChange(t *testing.T) {
	old := NewPasswordHasher(cheap).Hash("a long enough passphrase")
	match, rehash, err := NewPasswordHasher(PasswordParams{Memory: 2048, Time: 1, Threads: 1}).Verify("a long enough passphrase", old)
	if err != nil || !match || !rehash {
		t.Errorf("match %v, rehash %v, err %v; want a match that asks for a rehash", match, rehash, err)
	}
}

func TestPasswordHashInvalid(t *testing.T) {
	h := NewPasswordHasher(cheap)
	for _, encoded := range []string{
		"",
		"plain text",
		"$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=16$m=1024,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=0,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=1024,t=1,p=1$not base64!$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$c2hvcnQ",
	} {
		if _, _, err := h.Verify("anything", encoded); !errors.Is(err, ErrInvalidHash) {
			t.Errorf("Verify(%q) error %v, want ErrInvalidHash", encoded, err)
		}
	}
}

func TestCheckPasswordLength(t *testing.T) {
	if err := CheckPassword("password", "elevenchars"); err == nil {
		t.Error("11 characters accepted")
	}
	if err := CheckPassword("password", "twelve chars"); err != nil {
		t.Errorf("12 characters rejected: %v", err)
	}
	// Characters, not bytes: twelve two-byte letters are twelve characters.
	if err := CheckPassword("password", strings.Repeat("é", 12)); err != nil {
		t.Errorf("12 accented characters rejected: %v", err)
	}
	if err := CheckPassword("password", strings.Repeat("x", MaxPasswordLength+1)); err == nil {
		t.Error("over-long password accepted")
	}
}

func TestDefaultFailureDelayGrowsToCap(t *testing.T) {
	tests := map[int]time.Duration{
		0:   0,
		1:   200 * time.Millisecond,
		2:   400 * time.Millisecond,
		3:   800 * time.Millisecond,
		5:   3 * time.Second,
		100: 3 * time.Second,
	}
	for failures, want := range tests {
		if got := DefaultFailureDelay(failures); got != want {
			t.Errorf("DefaultFailureDelay(%d) = %s, want %s", failures, got, want)
		}
	}
}
