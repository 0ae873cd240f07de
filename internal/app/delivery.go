package app

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/localoffer/localoffer/internal/config"
	"github.com/localoffer/localoffer/internal/jobs"
	"github.com/localoffer/localoffer/internal/mail"
	"github.com/localoffer/localoffer/internal/store"
)

// StartDelivery starts the job queue that sends the outbox over SMTP. When
// no SMTP host is configured it logs that delivery is off and returns nil:
// emails then stay in the outbox for LO admins to read. The queue's running
// jobs get cfg.ShutdownTimeout to finish when it is stopped.
func StartDelivery(ctx context.Context, s *store.Store, cfg config.Serve, logger *slog.Logger) (*jobs.Queue, error) {
	if !cfg.SMTP.Enabled() {
		logger.Info("email delivery off: LOCALOFFER_SMTP_HOST is not set, so emails stay in the outbox")
		return nil, nil
	}
	sender, err := mail.NewSender(mail.Config{
		Host:     cfg.SMTP.Host,
		Port:     cfg.SMTP.Port,
		TLS:      mail.TLSMode(cfg.SMTP.TLS),
		Username: cfg.SMTP.Username,
		Password: cfg.SMTP.Password,
		From:     cfg.SMTP.From,
	})
	if err != nil {
		return nil, fmt.Errorf("set up email delivery: %w", err)
	}

	queue, err := jobs.New(jobs.Config{
		DB:              s.DB,
		Dialect:         s.Dialect,
		Client:          s.Client,
		Sender:          sender,
		Logger:          logger,
		SoftStopTimeout: cfg.ShutdownTimeout,
	})
	if err != nil {
		return nil, err
	}
	if err := queue.Start(ctx); err != nil {
		return nil, err
	}
	logger.Info("email delivery on", "smtp", cfg.SMTP)
	return queue, nil
}
