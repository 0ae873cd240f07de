// Package jobs runs the product's background work on River, a job queue
// kept in the product's own database: the delivery of the email outbox over
// SMTP and the SLA's periodic sweeps. Jobs are durable, retried with backoff, and periodic jobs run on one
// elected leader however many replicas are up.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/mail"
	"github.com/localoffer/localoffer/internal/store"
)

// Defaults of Config.
const (
	DefaultSweepInterval = 30 * time.Second
	DefaultMaxAttempts   = 10
	DefaultWorkers       = 4
)

// hardStopTimeout is how long Stop waits for cancelled jobs to return after
// the soft stop has run out.
const hardStopTimeout = 5 * time.Second

// Sender sends one email. *mail.Sender is the production implementation.
type Sender interface {
	Send(ctx context.Context, m mail.Message) error
}

// Config holds what the queue needs. DB, Dialect, Client and Logger are
// required, and Sender or SLASweeper or both.
type Config struct {
	// DB is the store's database, which River shares with ent.
	DB      *sql.DB
	Dialect string
	Client  *ent.Client
	// Sender delivers the outbox. Nil runs no delivery, so emails stay in
	// the outbox.
	Sender Sender
	Logger *slog.Logger
	// SLASweeper, when set, runs every SLASweepInterval on the leader.
	SLASweeper SLASweeper
	// SLASweepInterval is how often the SLA sweep runs.
	SLASweepInterval time.Duration

	// SweepInterval is how often the leader queues pending notifications
	// for delivery.
	SweepInterval time.Duration
	// MaxAttempts is how many times a notification is tried before it is
	// marked FAILED.
	MaxAttempts int
	// RetryPolicy spaces the attempts. Nil means River's default of
	// attempt^4 seconds, so that 10 attempts span about 4 hours.
	RetryPolicy river.ClientRetryPolicy
	// Workers is how many jobs run at once.
	Workers int
	// SoftStopTimeout is how long running jobs get to finish on Stop before
	// their contexts are cancelled. Zero waits for them.
	SoftStopTimeout time.Duration
	// FetchPollInterval is how often each client looks for available jobs.
	// Zero means River's default of 1 second.
	FetchPollInterval time.Duration
	// Now returns the current time. Nil means time.Now.
	Now func() time.Time
}

// Queue is a River client with the product's workers and periodic jobs.
type Queue struct {
	river  *river.Client[*sql.Tx]
	logger *slog.Logger
	cfg    Config
}

// New builds a queue. It does not start working: call Start.
func New(cfg Config) (*Queue, error) {
	if cfg.DB == nil || cfg.Client == nil || cfg.Logger == nil {
		return nil, errors.New("jobs: DB, Client and Logger are required")
	}
	if cfg.Sender == nil && cfg.SLASweeper == nil {
		return nil, errors.New("jobs: Sender or SLASweeper is required")
	}
	cfg = withDefaults(cfg)

	workers := river.NewWorkers()
	var periodic []*river.PeriodicJob
	if cfg.Sender != nil {
		river.AddWorker(workers, &deliveryWorker{client: cfg.Client, sender: cfg.Sender, logger: cfg.Logger, now: cfg.Now})
		river.AddWorker(workers, &sweepWorker{client: cfg.Client, logger: cfg.Logger, maxAttempts: cfg.MaxAttempts})
		periodic = append(periodic, river.NewPeriodicJob(
			river.PeriodicInterval(cfg.SweepInterval),
			func() (river.JobArgs, *river.InsertOpts) { return SweepOutboxArgs{}, nil },
			// RunOnStart sweeps as soon as a leader is elected, so emails
			// written while no replica ran go out without waiting an interval.
			&river.PeriodicJobOpts{ID: SweepOutboxArgs{}.Kind(), RunOnStart: true},
		))
	}
	if cfg.SLASweeper != nil {
		river.AddWorker(workers, &slaSweepWorker{sweeper: cfg.SLASweeper, logger: cfg.Logger})
		periodic = append(periodic, slaPeriodicJob(cfg.SLASweepInterval))
	}
	riverConfig := &river.Config{
		Logger:            cfg.Logger.With("component", "river"),
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		Workers:           workers,
		PeriodicJobs:      periodic,
		MaxAttempts:       cfg.MaxAttempts,
		RetryPolicy:       cfg.RetryPolicy,
		SoftStopTimeout:   cfg.SoftStopTimeout,
		FetchPollInterval: cfg.FetchPollInterval,
		FetchCooldown:     min(river.FetchCooldownDefault, cfg.FetchPollInterval),
	}
	client, err := river.NewClient(store.NewRiverDriver(cfg.DB, cfg.Dialect), riverConfig)
	if err != nil {
		return nil, fmt.Errorf("create River client: %w", err)
	}
	return &Queue{river: client, logger: cfg.Logger, cfg: cfg}, nil
}

func withDefaults(cfg Config) Config {
	if cfg.SweepInterval <= 0 {
		cfg.SweepInterval = DefaultSweepInterval
	}
	if cfg.SLASweepInterval <= 0 {
		cfg.SLASweepInterval = DefaultSLASweepInterval
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.Workers <= 0 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.FetchPollInterval <= 0 {
		cfg.FetchPollInterval = river.FetchPollIntervalDefault
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return cfg
}

// Start starts working jobs and, on the elected leader, the periodic
// sweeps. Cancelling ctx does not stop the queue: call Stop.
func (q *Queue) Start(ctx context.Context) error {
	if err := q.river.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("start River client: %w", err)
	}
	q.logger.Info("job queue started", "client_id", q.river.ID(), "delivery", q.cfg.Sender != nil,
		"sweep_interval", q.cfg.SweepInterval.String(), "sla_sweep", q.cfg.SLASweeper != nil,
		"sla_sweep_interval", q.cfg.SLASweepInterval.String(), "max_attempts", q.cfg.MaxAttempts, "workers", q.cfg.Workers)
	return nil
}

// Stop stops fetching jobs and waits for running ones. A job still running
// after the soft-stop timeout has its context cancelled, and if ctx ends
// first, running jobs are cancelled at once. A delivery cut short stays
// pending and is sent by the next queue that starts.
func (q *Queue) Stop(ctx context.Context) error {
	q.logger.Info("job queue stopping", "client_id", q.river.ID(), "soft_stop_timeout", q.cfg.SoftStopTimeout.String())
	err := q.river.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		q.logger.Warn("job queue did not stop in time; cancelling running jobs", "client_id", q.river.ID())
		hardCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), hardStopTimeout)
		defer cancel()
		err = q.river.StopAndCancel(hardCtx)
	}
	if err != nil {
		return fmt.Errorf("stop River client: %w", err)
	}
	q.logger.Info("job queue stopped", "client_id", q.river.ID())
	return nil
}

// River returns the underlying client, for tests that subscribe to job
// events or insert jobs.
func (q *Queue) River() *river.Client[*sql.Tx] {
	return q.river
}
