package audit

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Pending collects the audit events of one change, to be recorded once its
// transaction has committed.
type Pending struct {
	events []Event
}

// Add queues e.
func (p *Pending) Add(e Event) {
	p.events = append(p.events, e)
}

// InTransaction calls fn with a transactional client: the request's
// transaction when ctx has one (entgql.Transactioner opens one per
// mutation), or else a new one of root, committed when fn succeeds. The
// events fn adds are recorded with root after the commit, so that they
// describe changes that happened, and so that root does not wait for
// SQLite's write lock, which the transaction holds. A failure to record is
// logged, not returned, because the change has already happened.
func InTransaction(ctx context.Context, root *ent.Client, logger *slog.Logger, fn func(tx *ent.Client, pending *Pending) error) error {
	pending := &Pending{}
	if tx := ent.TxFromContext(ctx); tx != nil {
		if err := fn(tx.Client(), pending); err != nil {
			return err
		}
		AfterCommit(ctx, func() { recordAll(ctx, root, logger, pending.events) })
		return nil
	}

	tx, err := root.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx.Client(), pending); err != nil {
		if rollbackErr := tx.Rollback(); rollbackErr != nil {
			logger.ErrorContext(ctx, "roll back change", "error", rollbackErr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	recordAll(ctx, root, logger, pending.events)
	return nil
}

// AfterCommit runs fn once the request's transaction commits, or at once
// when ctx has none. Work that must not outlive a rollback (audit events,
// cache invalidation) goes here; on SQLite it also could not run earlier,
// because the transaction holds the only write lock.
func AfterCommit(ctx context.Context, fn func()) {
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		fn()
		return
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(commitCtx context.Context, tx *ent.Tx) error {
			if err := next.Commit(commitCtx, tx); err != nil {
				return err
			}
			fn()
			return nil
		})
	})
}

func recordAll(ctx context.Context, root *ent.Client, logger *slog.Logger, events []Event) {
	for _, e := range events {
		if err := Record(ctx, root, e); err != nil {
			logger.ErrorContext(ctx, "audit event lost", "action", e.Action,
				"object_id", e.ObjectID, "request_id", viewer.FromContext(ctx).RequestID, "error", err)
		}
	}
}
