package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/internal/viewer"
)

// sweepBatchSize caps the notifications one sweep queues. The next sweep
// takes the rest.
const sweepBatchSize = 500

// SweepOutboxArgs is the periodic job that queues a delivery job for each
// pending notification.
//
// Notifications are written in ent transactions, which River cannot join:
// it inserts transactionally only with the *sql.Tx that ent's Tx does not
// expose. The sweep turns the committed outbox rows into jobs instead.
type SweepOutboxArgs struct{}

// Kind names the job in River's tables.
func (SweepOutboxArgs) Kind() string { return "sweep_outbox" }

// InsertOpts keeps one sweep at a time: a sweep is not inserted while
// another is waiting or running. Completed sweeps do not count, so the next
// interval's sweep goes in. A failed sweep is not retried, because the next
// interval sweeps again.
func (SweepOutboxArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		MaxAttempts: 1,
		UniqueOpts: river.UniqueOpts{ByState: []rivertype.JobState{
			rivertype.JobStateAvailable,
			rivertype.JobStatePending,
			rivertype.JobStateRetryable,
			rivertype.JobStateRunning,
			rivertype.JobStateScheduled,
		}},
	}
}

type sweepWorker struct {
	river.WorkerDefaults[SweepOutboxArgs]
	client      *ent.Client
	logger      *slog.Logger
	maxAttempts int
}

func (w *sweepWorker) Work(ctx context.Context, job *river.Job[SweepOutboxArgs]) error {
	_, err := sweepOutbox(ctx, w.client, river.ClientFromContext[*sql.Tx](ctx), w.logger, w.maxAttempts)
	return err
}

// Sweep queues a delivery job for each pending notification that has none,
// as the periodic sweep does, and returns how many it queued.
func (q *Queue) Sweep(ctx context.Context) (int, error) {
	return sweepOutbox(ctx, q.cfg.Client, q.river, q.logger, q.cfg.MaxAttempts)
}

// sweepOutbox inserts one delivery job per pending notification. River's
// unique options skip a notification whose job is still live, so sweeping
// twice queues nothing twice.
func sweepOutbox(ctx context.Context, client *ent.Client, riverClient *river.Client[*sql.Tx], logger *slog.Logger, maxAttempts int) (int, error) {
	// Notifications never tried come first, so that a backlog of failing
	// ones, whose jobs are waiting to retry, cannot hold new ones back.
	ids, err := client.Notification.Query().
		Where(notification.StateEQ(notification.StatePending)).
		Order(notification.ByAttempts(), notification.ByCreatedAt(), notification.ByID()).
		Limit(sweepBatchSize).
		IDs(viewer.SystemContext(ctx))
	if err != nil {
		return 0, fmt.Errorf("list pending notifications: %w", err)
	}
	if len(ids) == 0 {
		return 0, nil
	}

	params := make([]river.InsertManyParams, len(ids))
	for i, id := range ids {
		args := DeliverNotificationArgs{NotificationID: id}
		opts := args.InsertOpts()
		opts.MaxAttempts = maxAttempts
		params[i] = river.InsertManyParams{Args: args, InsertOpts: &opts}
	}
	results, err := riverClient.InsertMany(ctx, params)
	if err != nil {
		return 0, fmt.Errorf("queue delivery of %d notification(s): %w", len(ids), err)
	}

	queued := 0
	for _, result := range results {
		if !result.UniqueSkippedAsDuplicate {
			queued++
		}
	}
	if queued > 0 {
		logger.Info("outbox swept", "pending", len(ids), "queued", queued)
	}
	return queued, nil
}
