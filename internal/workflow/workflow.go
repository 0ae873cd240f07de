// Package workflow runs the editorial workflow of services and information
// pages: providers propose changes as change requests, the Local Offer team
// approves or rejects them, and every published state is kept as a
// revision.
//
// The published rows change only when a change is published: an approval,
// an LO officer's own edit, a trusted organisation's change, or a restored
// revision. Each publication writes the content, a revision and the change
// request's decision in one transaction, and emits one events.ContentChanged
// after the commit.
//
// Every operation checks the caller's rights with internal/authz, reading
// the records it acts on through the privacy rules, and then writes as the
// system: the privacy rules reject writes by users to these tables.
package workflow

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/events"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Workflow runs the workflow operations.
type Workflow struct {
	// root is the client outside any transaction, for audit events and for
	// what must outlive a rolled-back transaction.
	root      *ent.Client
	events    *events.Bus
	publicURL string
	logger    *slog.Logger
	now       func() time.Time
}

// New returns a Workflow. root must not be a transactional client. bus may
// be nil. publicURL is the base of links in emails. now returns the current
// time, and nil means time.Now.
func New(root *ent.Client, bus *events.Bus, publicURL string, logger *slog.Logger, now func() time.Time) *Workflow {
	if now == nil {
		now = time.Now
	}
	return &Workflow{root: root, events: bus, publicURL: strings.TrimRight(publicURL, "/"), logger: logger, now: now}
}

// run calls fn in a transaction, the request's when ctx has one, and
// records the audit events fn adds after the commit (see
// audit.InTransaction). fn gets a ctx that carries the transaction, so the
// content events it emits with audit.AfterCommit also wait for the commit.
// Emitted before it, they would let a subscriber read the old content.
func (w *Workflow) run(ctx context.Context, fn func(ctx context.Context, tx *ent.Client, pending *audit.Pending) error) error {
	if ent.TxFromContext(ctx) != nil {
		return w.inTransaction(ctx, fn)
	}
	tx, err := w.root.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := w.inTransaction(ent.NewTxContext(ctx, tx), fn); err != nil {
		if rollbackErr := tx.Rollback(); rollbackErr != nil {
			w.logger.ErrorContext(ctx, "roll back change", "error", rollbackErr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// inTransaction calls fn with the transaction that ctx carries.
func (w *Workflow) inTransaction(ctx context.Context, fn func(ctx context.Context, tx *ent.Client, pending *audit.Pending) error) error {
	return audit.InTransaction(ctx, w.root, w.logger, func(tx *ent.Client, pending *audit.Pending) error {
		return fn(ctx, tx, pending)
	})
}

// clock returns the current time as stored: UTC, to the second.
func (w *Workflow) clock() time.Time {
	return w.now().UTC().Truncate(time.Second)
}

// system returns ctx in which the product writes on the caller's behalf,
// after their rights were checked.
func system(ctx context.Context) context.Context {
	return viewer.SystemContext(ctx)
}

// callerID returns the signed-in user's id, or nil for the system.
func callerID(ctx context.Context) *uuid.UUID {
	v := viewer.FromContext(ctx)
	if !v.SignedIn() {
		return nil
	}
	id := v.UserID
	return &id
}

// loadChangeRequest reads a change request through the privacy rules: one
// the caller may not read is NOT_FOUND.
func loadChangeRequest(ctx context.Context, tx *ent.Client, id uuid.UUID) (*ent.ChangeRequest, error) {
	cr, err := tx.ChangeRequest.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no change request with id %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load change request %s: %w", id, err)
	}
	return cr, nil
}

// isOpen reports whether a change request can still be changed or decided.
func isOpen(state changerequest.State) bool {
	return state == changerequest.StateDraft || state == changerequest.StateSubmitted
}

func stateName(state changerequest.State) string {
	return strings.ToLower(string(state))
}
