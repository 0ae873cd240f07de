package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

// errWrongCredentials is the one error returned for every failed sign-in, so
// that an unknown email, a wrong password and an account that may not sign in
// look alike.
var errWrongCredentials = &apperr.UnauthenticatedError{Message: "wrong email or password"}

// Reasons a sign-in failed, kept in the detail of user.sign_in_failed audit
// events and never returned to the client.
const (
	reasonUnknownEmail  = "unknown email"
	reasonNoPassword    = "no password set"
	reasonWrongPassword = "wrong password"
	reasonNotActive     = "account not active"
	reasonInvalidHash   = "stored hash unreadable"
)

// Login checks an email and password and starts a session.
//
// Every attempt is first written as a failure for the account and for the
// client address, then counted, so that parallel attempts cannot slip past
// the limit. A rejected or successful attempt removes its own rows again.
// Every failure takes the same path whether or not the account exists: one
// lookup, one argon2id verification (against a dummy hash for an unknown
// email), the same writes and the same delay.
func (s *Service) Login(ctx context.Context, email, password string) (*SignIn, error) {
	normalized, err := NormalizeEmail("input.email", email)
	if err != nil {
		return nil, err
	}
	sys := viewer.SystemContext(ctx)

	attempt, err := s.startAttempt(sys, normalized, viewer.FromContext(ctx).ClientAddress)
	if err != nil {
		return nil, err
	}
	if rejection := attempt.rejection(sys); rejection != nil {
		attempt.forget(sys)
		return nil, rejection
	}

	check, err := s.checkPassword(sys, normalized, password)
	if err != nil {
		attempt.forget(sys)
		return nil, err
	}
	if check.reason != "" {
		return nil, s.fail(ctx, attempt, check.user, check.reason)
	}

	attempt.succeed(sys)
	return s.completeSignIn(ctx, check, password)
}

// passwordCheck is the outcome of checking a password.
type passwordCheck struct {
	// user is nil for an unknown email.
	user *ent.User
	// reason explains why the password does not sign the user in; it is
	// empty when it does.
	reason string
	// rehash is set when the stored hash has out-of-date parameters.
	rehash bool
}

// checkPassword looks up the account with email and checks password
// against it.
func (s *Service) checkPassword(ctx context.Context, email, password string) (passwordCheck, error) {
	u, err := s.client.User.Query().Where(user.Email(email)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return passwordCheck{}, fmt.Errorf("look up user: %w", err)
	}

	hash := s.dummyHash
	if u != nil && u.PasswordHash != "" {
		hash = u.PasswordHash
	}
	match, rehash, verifyErr := s.hasher.Verify(password, hash)

	check := passwordCheck{user: u, rehash: rehash}
	switch {
	case u == nil:
		check.reason = reasonUnknownEmail
	case u.PasswordHash == "":
		check.reason = reasonNoPassword
	case verifyErr != nil:
		s.logger.ErrorContext(ctx, "stored password hash unreadable", "user_id", u.ID, "error", verifyErr)
		check.reason = reasonInvalidHash
	case !match:
		check.reason = reasonWrongPassword
	default:
		if _, ok := PolicyRole(u); !ok {
			check.reason = reasonNotActive
		}
	}
	return check, nil
}

// fail records a failed sign-in, delays the response and returns the error:
// RATE_LIMITED from the failure that reaches the limit, else the same
// wrong-credentials error for every reason.
func (s *Service) fail(ctx context.Context, attempt *signInAttempt, u *ent.User, reason string) error {
	sys := viewer.SystemContext(ctx)
	attempt.purgeExpired(sys)

	failures := attempt.maxCount()
	event := audit.Event{Action: "user.sign_in_failed", Detail: reason}
	if u != nil {
		// An unknown email is not stored: it may be a typing slip of a real
		// address, or a password typed into the wrong box.
		event.ObjectType, event.ObjectID = authz.TypeUser, u.ID
		event.ActorID, event.ActorEmail = u.ID, u.Email
	}
	if failures >= s.cfg.SignInMaxFailures {
		event.Detail += "; limit of failed sign-ins reached"
	}
	s.recordAudit(ctx, event)

	if err := sleep(ctx, s.failureDelay(failures)); err != nil {
		return err
	}
	if rejection := attempt.limitReached(sys); rejection != nil {
		return rejection
	}
	return errWrongCredentials
}

// completeSignIn starts the session of a user whose password matched,
// rehashing the password when its stored parameters are out of date.
func (s *Service) completeSignIn(ctx context.Context, check passwordCheck, password string) (*SignIn, error) {
	sys := viewer.SystemContext(ctx)
	update := s.client.User.UpdateOneID(check.user.ID).SetLastSignInAt(s.now())
	if check.rehash {
		update.SetPasswordHash(s.hasher.Hash(password))
	}
	u, err := update.Save(sys)
	if err != nil {
		return nil, fmt.Errorf("update user %s after sign-in: %w", check.user.ID, err)
	}

	s.purgeSessions(ctx)
	signIn, err := s.startSession(ctx, s.client, u)
	if err != nil {
		return nil, err
	}
	s.recordAudit(ctx, auditAs(userAudit("user.sign_in", u, ""), u))
	return signIn, nil
}

// auditAs names u as the actor of e, for events of a user who is not yet
// signed in.
func auditAs(e audit.Event, u *ent.User) audit.Event {
	e.ActorID, e.ActorEmail = u.ID, u.Email
	return e
}

// DefaultFailureDelay delays the response to a failed sign-in by 200 ms,
// doubling with each failure counted, up to 3 s.
func DefaultFailureDelay(failures int) time.Duration {
	if failures < 1 {
		return 0
	}
	delay := 200 * time.Millisecond
	for i := 1; i < failures && delay < 3*time.Second; i++ {
		delay *= 2
	}
	return min(delay, 3*time.Second)
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
