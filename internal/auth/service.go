package auth

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
)

// Defaults of the settings in Config, used where a setting is zero.
const (
	DefaultSessionIdleTimeout  = 2 * time.Hour
	DefaultSessionMaxAge       = 12 * time.Hour
	DefaultSignInMaxFailures   = 10
	DefaultSignInFailureWindow = 15 * time.Minute
	// PasswordResetLifetime is how long a password-reset link works.
	PasswordResetLifetime = time.Hour
)

// Config configures a Service. Zero fields take the defaults above.
type Config struct {
	SessionIdleTimeout  time.Duration
	SessionMaxAge       time.Duration
	SignInMaxFailures   int
	SignInFailureWindow time.Duration
	// PublicURL is the base of the links in invitation and reset emails.
	PublicURL string
	Logger    *slog.Logger
	// Password sets the cost of new password hashes.
	Password PasswordParams
	// Now returns the current time; nil means time.Now. Tests move it on to
	// expire sessions and tokens.
	Now func() time.Time
	// FailureDelay returns how long to delay the response to a failed
	// sign-in, given the failures counted so far; nil means
	// DefaultFailureDelay. Tests pass one that returns 0.
	FailureDelay func(failures int) time.Duration
}

// Service signs users in and out, checks bearer tokens, and runs the
// invitation and password-reset flows. It writes with its root client, never
// with a request's transaction, so that failed sign-ins and audit events
// survive a rollback and slow password hashing holds no database lock.
type Service struct {
	client       *ent.Client
	cfg          Config
	hasher       *PasswordHasher
	dummyHash    string
	now          func() time.Time
	failureDelay func(int) time.Duration
	logger       *slog.Logger
}

// New returns a Service writing through client, which must not be a
// transactional client.
func New(client *ent.Client, cfg Config) *Service {
	if cfg.SessionIdleTimeout <= 0 {
		cfg.SessionIdleTimeout = DefaultSessionIdleTimeout
	}
	if cfg.SessionMaxAge <= 0 {
		cfg.SessionMaxAge = DefaultSessionMaxAge
	}
	if cfg.SignInMaxFailures <= 0 {
		cfg.SignInMaxFailures = DefaultSignInMaxFailures
	}
	if cfg.SignInFailureWindow <= 0 {
		cfg.SignInFailureWindow = DefaultSignInFailureWindow
	}

	s := &Service{
		client:       client,
		cfg:          cfg,
		hasher:       NewPasswordHasher(cfg.Password),
		now:          cfg.Now,
		failureDelay: cfg.FailureDelay,
		logger:       cfg.Logger,
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.failureDelay == nil {
		s.failureDelay = DefaultFailureDelay
	}
	if s.logger == nil {
		s.logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}

	// A sign-in for an unknown email verifies against this hash, so that it
	// takes as long as one with a wrong password.
	s.dummyHash = s.hasher.Hash("not a password: used to time unknown accounts")
	return s
}

// Now returns the current time on the service's clock: time.Now unless
// Config.Now replaced it. Other services read it so that a test that moves
// the clock moves it for the whole product.
func (s *Service) Now() time.Time {
	return s.now()
}

// Client returns the root client the service writes with.
func (s *Service) Client() *ent.Client {
	return s.client
}

// Hasher returns the service's password hasher.
func (s *Service) Hasher() *PasswordHasher {
	return s.hasher
}

// PolicyRole returns the role the policy gives a user, and false when the
// account may not sign in: invited (no password yet), declined or disabled.
func PolicyRole(u *ent.User) (authz.Role, bool) {
	switch u.Status {
	case user.StatusPendingApproval:
		return authz.RoleApplicant, true
	case user.StatusActive:
		switch u.Role {
		case user.RoleLOAdmin:
			return authz.RoleLOAdmin, true
		case user.RoleLOOfficer:
			return authz.RoleLOOfficer, true
		case user.RoleProvider:
			return authz.RoleProvider, true
		}
	}
	return "", false
}

// recordAudit writes an audit event and logs, rather than returns, a
// failure: the change it describes has already happened.
func (s *Service) recordAudit(ctx context.Context, e audit.Event) {
	if err := audit.Record(ctx, s.client, e); err != nil {
		s.logger.ErrorContext(ctx, "audit event not recorded", "action", e.Action, "error", err)
	}
}

// userAudit is an audit event about u.
func userAudit(action string, u *ent.User, detail string) audit.Event {
	return audit.Event{Action: action, ObjectType: authz.TypeUser, ObjectID: u.ID, Detail: detail}
}

// withTx runs fn in a transaction of the root client.
func (s *Service) withTx(ctx context.Context, fn func(tx *ent.Client) error) error {
	tx, err := s.client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit transaction: %w", err)
	}
	return nil
}
