package app

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/localoffer/localoffer/internal/config"
	"github.com/localoffer/localoffer/internal/dataprotection"
	"github.com/localoffer/localoffer/internal/feedback"
	"github.com/localoffer/localoffer/internal/jobs"
	"github.com/localoffer/localoffer/internal/mail"
	"github.com/localoffer/localoffer/internal/sla"
	"github.com/localoffer/localoffer/internal/store"
)

// StartDelivery starts the job queue: the hourly sweeps (the SLA's cycle,
// feedback circulation and the retention purges) and, when
// an SMTP host is configured, the delivery of the outbox over SMTP. Without
// one it logs that delivery is off, and emails stay in the outbox for LO
// admins to read. The queue's running jobs get cfg.ShutdownTimeout to
// finish when it is stopped.
func StartDelivery(ctx context.Context, s *store.Store, cfg config.Serve, logger *slog.Logger) (*jobs.Queue, error) {
	var sender jobs.Sender
	if cfg.SMTP.Enabled() {
		smtpSender, err := mail.NewSender(mail.Config{
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
		sender = smtpSender
	}
	sweepers := Sweepers(s, cfg, logger)

	queue, err := jobs.New(jobs.Config{
		DB:              s.DB,
		Dialect:         s.Dialect,
		Client:          s.Client,
		Sender:          sender,
		Logger:          logger,
		SLASweeper:      sweepers,
		SoftStopTimeout: cfg.ShutdownTimeout,
	})
	if err != nil {
		return nil, err
	}
	if err := queue.Start(ctx); err != nil {
		return nil, err
	}
	if sender == nil {
		logger.Info("email delivery off: LOCALOFFER_SMTP_HOST is not set, so emails stay in the outbox")
	} else {
		logger.Info("email delivery on", "smtp", cfg.SMTP)
	}
	logger.Info("SLA, feedback circulation and retention sweeps on", "recent_review", cfg.SLA.RecentReview.String(),
		"reminder_every", cfg.SLA.ReminderEvery.String(), "escalation_delay", cfg.SLA.EscalationDelay.String(),
		"contact_retention", cfg.Feedback.ContactRetention.String(), "text_retention", cfg.Feedback.TextRetention.String(),
		"email_retention", cfg.Feedback.EmailRetention.String())
	return queue, nil
}

// Sweepers returns the hourly sweeps in the order they run: the SLA's
// cycle, feedback circulation and the retention purges. `serve` runs them
// on River's leader; `localoffer sla sweep` runs them once.
func Sweepers(s *store.Store, cfg config.Serve, logger *slog.Logger) jobs.Sweepers {
	return jobs.Sweepers{
		sla.NewSweeper(s.Client, logger, sla.SweepConfig{
			PublicURL:       cfg.PublicURL,
			RecentReview:    cfg.SLA.RecentReview,
			ReminderEvery:   cfg.SLA.ReminderEvery,
			EscalationDelay: cfg.SLA.EscalationDelay,
		}),
		feedback.NewSweeper(s.Client, logger, feedback.SweepConfig{PublicURL: cfg.PublicURL}),
		dataprotection.NewSweeper(s.Client, logger, dataprotection.Config{
			ContactRetention: cfg.Feedback.ContactRetention,
			TextRetention:    cfg.Feedback.TextRetention,
			EmailRetention:   cfg.Feedback.EmailRetention,
		}),
	}
}
