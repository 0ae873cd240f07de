// Package review keeps services and information pages current between
// changes: a lead or content manager confirms that content is still
// accurate, which restarts its six-monthly review clock, and marks a
// published service temporarily closed or open again.
//
// Neither operation changes the published content, so neither goes through
// a change request or moderation, and neither increments `version`: a change
// request based on the version before still applies.
//
// Every operation checks the caller's rights with internal/authz, reading
// the record it acts on through the privacy rules, and then writes as the
// system: the privacy rules reject writes by users to these tables.
package review

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/events"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Reviewer runs the review operations.
type Reviewer struct {
	// root is the client outside any transaction, for audit events.
	root      *ent.Client
	events    *events.Bus
	publicURL string
	logger    *slog.Logger
	now       func() time.Time
}

// New returns a Reviewer. root must not be a transactional client. bus,
// which hears of temporary closures, may be nil. publicURL is the base of
// links in emails. now returns the current time, and nil means time.Now.
func New(root *ent.Client, bus *events.Bus, publicURL string, logger *slog.Logger, now func() time.Time) *Reviewer {
	if now == nil {
		now = time.Now
	}
	return &Reviewer{root: root, events: bus, publicURL: strings.TrimRight(publicURL, "/"), logger: logger, now: now}
}

// run calls fn with a transactional client and records the audit events it
// returns after the commit (see audit.InTransaction).
func (rv *Reviewer) run(ctx context.Context, fn func(tx *ent.Client) ([]audit.Event, error)) error {
	return audit.InTransaction(ctx, rv.root, rv.logger, func(tx *ent.Client, pending *audit.Pending) error {
		events, err := fn(tx)
		for _, e := range events {
			pending.Add(e)
		}
		return err
	})
}

// system returns ctx in which the product writes on the caller's behalf,
// after their rights were checked.
func system(ctx context.Context) context.Context {
	return viewer.SystemContext(ctx)
}

// Overdue reports whether published content is past its review due date
// at now. Content that is not published is never overdue: the flag tells
// families that a page they can see may be out of date.
func Overdue(published bool, reviewDueAt *time.Time, now time.Time) bool {
	return published && reviewDueAt != nil && now.After(*reviewDueAt)
}
