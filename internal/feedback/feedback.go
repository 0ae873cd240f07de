// Package feedback runs families' and professionals' feedback on the Local
// Offer (SEND Regulations 2014, reg. 56): the public form and the items LO
// officers record from other channels, engagement activities,
// safeguarding, triage, circulation to the responsible party, their
// answers and the council's responses.
//
// Contact details are kept apart from the feedback, in FeedbackContact,
// and only the LO team reads them or the sender's own words. Nothing here
// logs either, puts them in audit events or passes them to jobs.
//
// Every operation checks the caller's rights with internal/authz, reading
// the records it acts on through the privacy rules, and then writes as the
// system: the privacy rules reject writes by users to these tables.
package feedback

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/config"
	"github.com/localoffer/localoffer/internal/ratelimit"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Options are a Manager's dependencies.
type Options struct {
	// Root is the client outside any transaction, for audit events.
	Root   *ent.Client
	Authz  *authz.Authorizer
	Logger *slog.Logger
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Settings are the feedback settings.
	Settings config.Feedback
	// PublicURL is the base of links in emails, without a trailing slash.
	PublicURL string
	// Limiter limits the public form per client address; nil means none.
	Limiter ratelimit.Limiter
}

// Manager runs the feedback operations that callers of the API ask for.
type Manager struct {
	opts Options
}

// New returns a Manager.
func New(opts Options) *Manager {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Manager{opts: opts}
}

// clock returns the current time as stored: UTC, to the second.
func (m *Manager) clock() time.Time {
	return m.opts.Now().UTC().Truncate(time.Second)
}

// run calls fn with a transactional client and records the audit events it
// adds after the commit (see audit.InTransaction).
func (m *Manager) run(ctx context.Context, fn func(tx *ent.Client, pending *audit.Pending) error) error {
	return audit.InTransaction(ctx, m.opts.Root, m.opts.Logger, fn)
}

// reader returns the request's transactional client, or the root client
// outside a transaction, for reads.
func (m *Manager) reader(ctx context.Context) *ent.Client {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return tx.Client()
	}
	return m.opts.Root
}

// allowed reports whether the caller may perform action on records of typ
// to which they stand in relation.
func (m *Manager) allowed(ctx context.Context, typ, action string, relation authz.Relation) bool {
	v := viewer.FromContext(ctx)
	return v.System || m.opts.Authz.Allowed(v.PolicyRole(), typ, action, relation)
}

// authorize returns ErrUnauthenticated for a caller without credentials and
// ErrForbidden, with reason, for one whose role may not perform action on
// every record of typ.
func (m *Manager) authorize(ctx context.Context, typ, action, reason string) error {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return err
	}
	if !m.allowed(ctx, typ, action, authz.RelationNone) {
		return fmt.Errorf("%s: %w", reason, apperr.ErrForbidden)
	}
	return nil
}

// system returns ctx in which the product writes on the caller's behalf,
// after their rights were checked.
func system(ctx context.Context) context.Context {
	return viewer.SystemContext(ctx)
}

// callerID returns the signed-in user's id, or nil for the system, API
// keys and the public.
func callerID(ctx context.Context) *uuid.UUID {
	v := viewer.FromContext(ctx)
	if !v.SignedIn() {
		return nil
	}
	id := v.UserID
	return &id
}
