// Package viewer carries who is making a request through its context: the
// public, a signed-in user, a partner's API key, or the system itself
// (seeding, imports, scheduled work).
package viewer

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/authz"
)

// Viewer describes the caller of a request.
type Viewer struct {
	// System marks work the product does on its own behalf, which privacy
	// rules let through unfiltered.
	System bool
	// Role is the caller's role in the policy; empty means anonymous.
	Role authz.Role
	// UserID is the signed-in user, or uuid.Nil.
	UserID uuid.UUID
	// Email is the signed-in user's email, for audit records.
	Email string
	// SessionID is the session the request came with, or uuid.Nil.
	SessionID uuid.UUID
	// APIKeyID and APIKeyName name the partner key a request came with.
	APIKeyID   uuid.UUID
	APIKeyName string
	// ClientAddress is the client's IP address, after trusted proxies.
	ClientAddress string
	// RequestID is the request's id, for audit records and logs.
	RequestID string
}

// PolicyRole returns the role to ask the policy about: anonymous when none
// is set.
func (v Viewer) PolicyRole() authz.Role {
	if v.Role == "" {
		return authz.RoleAnonymous
	}
	return v.Role
}

// SignedIn reports whether a user is signed in.
func (v Viewer) SignedIn() bool {
	return v.UserID != uuid.Nil
}

type contextKey struct{}

// NewContext returns a copy of ctx that carries v.
func NewContext(ctx context.Context, v Viewer) context.Context {
	return context.WithValue(ctx, contextKey{}, v)
}

// FromContext returns the viewer carried by ctx; a context without one is the
// anonymous public.
func FromContext(ctx context.Context) Viewer {
	v, _ := ctx.Value(contextKey{}).(Viewer)
	return v
}

// SystemContext returns a copy of ctx in which the product acts on its own
// behalf, keeping the request id and client address of any viewer in ctx.
// Use it only for work no user asked for directly, or for a step the caller's
// rights were already checked for.
func SystemContext(ctx context.Context) context.Context {
	current := FromContext(ctx)
	return NewContext(ctx, Viewer{System: true, RequestID: current.RequestID, ClientAddress: current.ClientAddress})
}

// RequireCredentials returns apperr.ErrUnauthenticated for a caller who
// brought no credentials. The system counts as signed in. A partner's API
// key is credentials: the policy then rejects the partner with NOT_FOUND or
// FORBIDDEN, as for anyone else without the right.
func RequireCredentials(ctx context.Context) error {
	v := FromContext(ctx)
	if !v.System && !v.SignedIn() && v.APIKeyID == uuid.Nil {
		return fmt.Errorf("this needs a signed-in user: %w", apperr.ErrUnauthenticated)
	}
	return nil
}
