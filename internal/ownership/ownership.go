// Package ownership decides and records who is responsible for each service
// and information page: provider sign-up and its approval, the lead, content
// managers and commissioner of each record, and ownership reports.
//
// Every operation checks the caller's rights with internal/authz, reading
// the records it acts on through the privacy rules, and then writes as the
// system: the privacy rules reject writes by users to these tables.
package ownership

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Manager runs the ownership operations.
type Manager struct {
	// root is the client outside any transaction, for audit events.
	root      *ent.Client
	authz     *authz.Authorizer
	publicURL string
	logger    *slog.Logger
}

// New returns a Manager. root must not be a transactional client; publicURL is
// the base of links in emails.
func New(root *ent.Client, a *authz.Authorizer, publicURL string, logger *slog.Logger) *Manager {
	return &Manager{root: root, authz: a, publicURL: strings.TrimRight(publicURL, "/"), logger: logger}
}

// change collects what one operation writes besides its rows: the audit
// events to record once the transaction has committed.
type change struct {
	pending *audit.Pending
}

func (c *change) audit(e audit.Event) {
	c.pending.Add(e)
}

// run calls fn with a transactional client and records the audit events it
// collects after the commit (see audit.InTransaction).
func (m *Manager) run(ctx context.Context, fn func(tx *ent.Client, c *change) error) error {
	return audit.InTransaction(ctx, m.root, m.logger, func(tx *ent.Client, pending *audit.Pending) error {
		return fn(tx, &change{pending: pending})
	})
}

// client returns the request's transactional client for reads, or the root
// client outside a transaction.
func (m *Manager) client(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return m.root
}

// signedIn returns the caller, or ErrUnauthenticated for a caller who
// brought no credentials. The system counts as signed in. A partner's API
// key is credentials: the policy then refuses the partner, with NOT_FOUND or
// FORBIDDEN as for any other caller without the right.
func signedIn(ctx context.Context) (viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	if !v.System && !v.SignedIn() && v.APIKeyID == uuid.Nil {
		return v, fmt.Errorf("this needs a signed-in user: %w", apperr.ErrUnauthenticated)
	}
	return v, nil
}

// allowed reports whether the caller may perform action on a record of typ
// to which they stand in the given relations. The system may do anything.
func (m *Manager) allowed(v viewer.Viewer, typ, action string, relations ...authz.Relation) bool {
	return v.System || m.authz.Allowed(v.PolicyRole(), typ, action, relations...)
}

// system returns ctx in which the product writes on the caller's behalf,
// after their rights were checked.
func system(ctx context.Context) context.Context {
	return viewer.SystemContext(ctx)
}

// userRef describes a user in an audit detail by id, which is not personal
// data on its own, or as the LO team when there is none.
func userRef(id *uuid.UUID) string {
	if id == nil {
		return "the LO team"
	}
	return "user " + id.String()
}

// actorID returns the caller's user id, or nil for the system.
func actorID(v viewer.Viewer) *uuid.UUID {
	if !v.SignedIn() {
		return nil
	}
	id := v.UserID
	return &id
}
