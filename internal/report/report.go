// Package report makes the council's annual "you said, we did" report on
// its Local Offer (SEND Regulations 2014, reg. 56): for one academic year,
// the review cycles, the feedback received with the council's responses and
// the actions taken, counts by source, channel and topic, the engagement
// activities and the compliance figures of the SLA.
//
// An AnnualReport record moves from DRAFT, whose figures are computed at
// each read, to COMPLETE, when an LO officer freezes them, through its
// sign-off steps to SIGNED_OFF, and to PUBLISHED, when anyone may read it.
//
// The report shows anonymised summaries only: never the sender's own
// words, contact details, safeguarding items or excluded items. Every count
// follows the small-number rule in count.go.
//
// Every operation checks the caller's rights with internal/authz, reading
// the report it acts on through the privacy rules, and then writes as the
// system: the privacy rules reject writes by users to these tables.
package report

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
	// SignOffSteps are the sign-off steps, in order, that completing a
	// report creates.
	SignOffSteps []string
}

// Manager runs the annual report operations that callers of the API and
// the command line ask for.
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

// allowed reports whether the caller may perform action on every annual
// report, as the LO team may.
func (m *Manager) allowed(ctx context.Context, action string) bool {
	v := viewer.FromContext(ctx)
	return v.System || m.opts.Authz.Allowed(v.PolicyRole(), authz.TypeAnnualReport, action, authz.RelationNone)
}

// authorize returns ErrUnauthenticated for a caller without credentials and
// ErrForbidden, with reason, for one whose role may not perform action on
// annual reports.
func (m *Manager) authorize(ctx context.Context, action, reason string) error {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return err
	}
	if !m.allowed(ctx, action) {
		return fmt.Errorf("%s: %w", reason, apperr.ErrForbidden)
	}
	return nil
}

// system returns ctx in which the product writes on the caller's behalf,
// after their rights were checked.
func system(ctx context.Context) context.Context {
	return viewer.SystemContext(ctx)
}
