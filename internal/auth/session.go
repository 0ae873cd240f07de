package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/session"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

// touchInterval is the age of a session's last_used_at from which a request
// updates it, so that a busy client does not write on every request.
// The idle timeout is therefore exact to within this interval.
const touchInterval = time.Minute

// ErrInvalidToken is returned, wrapped with the reason, by Authenticate for a
// bearer token that is unknown, revoked or expired, or whose user may no
// longer sign in.
var ErrInvalidToken = errors.New("invalid or expired token")

// SignIn is a new session: its bearer token, given to the client once and
// stored only as a hash, and the signed-in user.
type SignIn struct {
	Token     string
	User      *ent.User
	ExpiresAt time.Time
}

// Principal is who a valid bearer token signs in.
type Principal struct {
	UserID    uuid.UUID
	Email     string
	Role      authz.Role
	SessionID uuid.UUID
}

// Authenticate returns who token signs in, and marks the session used.
func (s *Service) Authenticate(ctx context.Context, token string) (Principal, error) {
	sys := viewer.SystemContext(ctx)
	now := s.now()
	sess, err := s.client.Session.Query().
		Where(session.TokenHash(HashToken(token))).
		WithUser().
		Only(sys)
	if ent.IsNotFound(err) {
		return Principal{}, fmt.Errorf("unknown session: %w", ErrInvalidToken)
	}
	if err != nil {
		return Principal{}, fmt.Errorf("look up session: %w", err)
	}

	switch {
	case sess.RevokedAt != nil:
		return Principal{}, fmt.Errorf("session %s revoked: %w", sess.ID, ErrInvalidToken)
	case !now.Before(sess.ExpiresAt):
		return Principal{}, fmt.Errorf("session %s past its maximum age: %w", sess.ID, ErrInvalidToken)
	case now.Sub(sess.LastUsedAt) >= s.cfg.SessionIdleTimeout:
		return Principal{}, fmt.Errorf("session %s idle too long: %w", sess.ID, ErrInvalidToken)
	}
	u := sess.Edges.User
	role, ok := PolicyRole(u)
	if !ok {
		return Principal{}, fmt.Errorf("user %s is %s: %w", u.ID, u.Status, ErrInvalidToken)
	}

	if now.Sub(sess.LastUsedAt) >= touchInterval {
		err := s.client.Session.UpdateOneID(sess.ID).SetLastUsedAt(now).Exec(sys)
		if err != nil {
			s.logger.WarnContext(ctx, "session last use not updated", "session_id", sess.ID, "error", err)
		}
	}
	return Principal{UserID: u.ID, Email: u.Email, Role: role, SessionID: sess.ID}, nil
}

// startSession creates a session for u through client, which may be a
// transaction.
func (s *Service) startSession(ctx context.Context, client *ent.Client, u *ent.User) (*SignIn, error) {
	now := s.now()
	token, hash := NewToken()
	expires := now.Add(s.cfg.SessionMaxAge)
	err := client.Session.Create().
		SetUserID(u.ID).
		SetTokenHash(hash).
		SetLastUsedAt(now).
		SetExpiresAt(expires).
		SetClientAddress(viewer.FromContext(ctx).ClientAddress).
		Exec(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("create session for user %s: %w", u.ID, err)
	}
	return &SignIn{Token: token, User: u, ExpiresAt: expires}, nil
}

// StartSession signs u in without a password, for tests and tools that have
// already checked who the user is. It refuses accounts that may not sign in.
func (s *Service) StartSession(ctx context.Context, u *ent.User) (*SignIn, error) {
	if _, ok := PolicyRole(u); !ok {
		return nil, fmt.Errorf("user %s is %s and may not sign in: %w", u.ID, u.Status, apperr.ErrForbidden)
	}
	return s.startSession(ctx, s.client, u)
}

// Logout revokes the session the caller signed in with.
func (s *Service) Logout(ctx context.Context) error {
	v := viewer.FromContext(ctx)
	if !v.SignedIn() || v.SessionID == uuid.Nil {
		return apperr.ErrUnauthenticated
	}
	err := s.client.Session.Update().
		Where(session.ID(v.SessionID), session.RevokedAtIsNil()).
		SetRevokedAt(s.now()).
		Exec(viewer.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("revoke session %s: %w", v.SessionID, err)
	}
	s.recordAudit(ctx, audit.Event{Action: "user.sign_out", ObjectType: authz.TypeUser, ObjectID: v.UserID})
	return nil
}

// purgeSessions deletes sessions that can no longer be used, so that the
// table holds only live sessions and those waiting to be purged.
func (s *Service) purgeSessions(ctx context.Context) {
	now := s.now()
	_, err := s.client.Session.Delete().
		Where(session.Or(
			session.ExpiresAtLTE(now),
			session.LastUsedAtLTE(now.Add(-s.cfg.SessionIdleTimeout)),
			session.RevokedAtNotNil(),
		)).
		Exec(viewer.SystemContext(ctx))
	if err != nil {
		s.logger.WarnContext(ctx, "stale sessions not purged", "error", err)
	}
}
