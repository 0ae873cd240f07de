package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// DefaultSLASweepInterval is how often the leader runs the SLA's sweeps.
const DefaultSLASweepInterval = time.Hour

// SLASweeper runs the SLA's periodic work once. *sla.Sweeper is the
// production implementation.
type SLASweeper interface {
	Run(ctx context.Context) error
}

// Sweepers runs several sweeps as one periodic job, such as the SLA's and
// feedback's. Each runs even when one before it fails.
type Sweepers []SLASweeper

// Run runs every sweep in order and returns their errors joined.
func (s Sweepers) Run(ctx context.Context) error {
	var errs []error
	for _, sweeper := range s {
		if err := sweeper.Run(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// SweepSLAArgs is the periodic job that runs the SLA's sweeps: the review
// cycle's request to review, the reminders about overdue content and the
// escalation after a cycle's updates deadline. The product chains the
// feedback circulation and the retention purges into it with Sweepers, so
// the job keeps the name it had before them.
type SweepSLAArgs struct{}

// Kind names the job in River's tables.
func (SweepSLAArgs) Kind() string { return "sweep_sla" }

// InsertOpts keeps one SLA sweep at a time and does not retry a failed one:
// the sweeps are safe to run again, and the next interval does.
func (SweepSLAArgs) InsertOpts() river.InsertOpts {
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

type slaSweepWorker struct {
	river.WorkerDefaults[SweepSLAArgs]
	sweeper SLASweeper
	logger  *slog.Logger
}

func (w *slaSweepWorker) Work(ctx context.Context, job *river.Job[SweepSLAArgs]) error {
	if err := w.sweeper.Run(ctx); err != nil {
		w.logger.ErrorContext(ctx, "SLA sweep failed", "job_id", job.ID, "error", err)
		return fmt.Errorf("SLA sweep: %w", err)
	}
	return nil
}

// slaPeriodicJob runs the SLA sweep every interval on the leader, and as
// soon as a leader is elected so that a notification date passed while no
// replica ran is not missed for a whole interval.
func slaPeriodicJob(interval time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(
		river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return SweepSLAArgs{}, nil },
		&river.PeriodicJobOpts{ID: SweepSLAArgs{}.Kind(), RunOnStart: true},
	)
}
