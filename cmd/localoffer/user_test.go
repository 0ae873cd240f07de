package main

import (
	"context"
	"strings"
	"testing"

	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/auth"
	"github.com/localoffer/localoffer/internal/store"
	"github.com/localoffer/localoffer/internal/viewer"
)

func TestUserCreateReadsPasswordFromStdin(t *testing.T) {
	ctx := context.Background()
	dbArgs := databaseArgs(t)
	args := append([]string{"user", "create", "--role", "lo_admin", "--email", "Ada.Admin@Example.org", "--name", "Ada Admin"}, dbArgs...)

	code, stdout, stderr := runCommand(t, ctx, "a long enough passphrase\n", args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "ada.admin@example.org") {
		t.Errorf("output does not name the account: %s", stdout)
	}

	s := openStore(t, dbArgs)
	sys := viewer.SystemContext(ctx)
	u := s.Client.User.Query().Where(user.Email("ada.admin@example.org")).OnlyX(sys)
	if u.Status != user.StatusActive || u.Role != user.RoleLOAdmin {
		t.Errorf("user is %s %s, want ACTIVE LO_ADMIN", u.Status, u.Role)
	}
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$v=19$m=65536,t=3,p=4$") {
		t.Errorf("password hash %q is not argon2id with the default parameters", u.PasswordHash)
	}
	if match, _, err := auth.NewPasswordHasher(auth.PasswordParams{}).Verify("a long enough passphrase", u.PasswordHash); err != nil || !match {
		t.Errorf("stored hash does not verify the password (err %v)", err)
	}
	if n := s.Client.AuditEvent.Query().Where(auditevent.Action("user.created"), auditevent.ObjectID(u.ID)).CountX(sys); n != 1 {
		t.Errorf("%d user.created audit events, want 1", n)
	}

	code, _, stderr = runCommand(t, ctx, "another long passphrase\n", args...)
	if code != 1 || !strings.Contains(stderr, "already exists") {
		t.Errorf("second create: exit %d, stderr %q; want 1 and \"already exists\"", code, stderr)
	}
}

func TestUserCreateRejectsBadInput(t *testing.T) {
	dbArgs := databaseArgs(t)
	base := []string{"user", "create", "--email", "x@example.org", "--name", "X"}
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"short password", "too short\n", append(append([]string{}, base...), "--role", "provider"), 1, "at least 12 characters"},
		{"no password", "", append(append([]string{}, base...), "--role", "provider"), 1, "no password on standard input"},
		{"unknown role", "a long enough passphrase\n", append(append([]string{}, base...), "--role", "admin"), 2, "invalid --role"},
		{"missing name", "a long enough passphrase\n", []string{"user", "create", "--role", "provider", "--email", "x@example.org"}, 2, "--name"},
		{"invalid email", "a long enough passphrase\n", []string{"user", "create", "--role", "provider", "--email", "not-an-email", "--name", "X"}, 1, "not a valid email"},
		{"password as argument", "", append(append([]string{}, base...), "--role", "provider", "secret"), 2, "standard input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCommand(t, context.Background(), tt.stdin, append(tt.args, dbArgs...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.want)
			}
		})
	}
}

func TestUserHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"user", "--help"}, {"user", "create", "--help"}} {
		code, stdout, stderr := runCommand(t, context.Background(), "", args...)
		if code != 0 || !strings.Contains(stdout, "Usage") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

func openStore(t *testing.T, dbArgs []string) *store.Store {
	t.Helper()
	cfg := store.Config{}
	if dbArgs[0] == "--database-url" {
		cfg.DatabaseURL = dbArgs[1]
	} else {
		cfg.DataDir = dbArgs[1]
	}
	s, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
