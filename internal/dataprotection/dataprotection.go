// Package dataprotection protects the personal data that families and
// others send with their feedback: the retention sweep that purges contact
// details, the sender's own words and email bodies once they are no longer
// needed, and the subject rights of a person who asks what the council
// holds about them (search, export and redaction in place, for LO admins).
//
// Nothing here logs an email address, a phone number or any text it finds,
// or puts one in an audit event: logs and audit events carry counts.
package dataprotection

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
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
}

// Manager runs the subject rights operations: search, export and
// redaction of one person's data, for LO admins.
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

// reader returns the request's transactional client, or the root client
// outside a transaction, for reads.
func (m *Manager) reader(ctx context.Context) *ent.Client {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return tx.Client()
	}
	return m.opts.Root
}

// authorize returns ErrUnauthenticated for a caller without credentials and
// ErrForbidden for one whose role may not perform action on personal data.
func (m *Manager) authorize(ctx context.Context, action, operation string) error {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return err
	}
	v := viewer.FromContext(ctx)
	if v.System || m.opts.Authz.Allowed(v.PolicyRole(), authz.TypePersonalData, action, authz.RelationNone) {
		return nil
	}
	return fmt.Errorf("only LO admins may %s a person's data: %w", operation, apperr.ErrForbidden)
}

// record writes e once the request's transaction commits, or at once
// outside one. A failure is logged, not returned: the work it records has
// happened.
func (m *Manager) record(ctx context.Context, e audit.Event) {
	audit.AfterCommit(ctx, func() {
		if err := audit.Record(ctx, m.opts.Root, e); err != nil {
			m.opts.Logger.ErrorContext(ctx, "audit event lost", "action", e.Action,
				"request_id", viewer.FromContext(ctx).RequestID, "error", err)
		}
	})
}
