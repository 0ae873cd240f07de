package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/internal/mail"
	"github.com/localoffer/localoffer/internal/viewer"
)

// recordTimeout bounds the update that records an attempt. The update runs
// even when the job's context has ended, because an email the server has
// accepted must be marked SENT or it is sent again.
const recordTimeout = 10 * time.Second

// maxLastErrorLength caps the stored error text, in bytes, because SMTP
// replies can be long.
const maxLastErrorLength = 1000

// DeliverNotificationArgs is the job that sends one notification. Only the
// id is in the job: the recipient and body stay in the notifications table.
type DeliverNotificationArgs struct {
	NotificationID uuid.UUID `json:"notification_id" river:"unique"`
}

// Kind names the job in River's tables.
func (DeliverNotificationArgs) Kind() string { return "deliver_notification" }

// InsertOpts makes the job unique per notification among jobs waiting,
// running, retrying or completed, so that a notification never has two live
// jobs however often it is swept.
func (DeliverNotificationArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

type deliveryWorker struct {
	river.WorkerDefaults[DeliverNotificationArgs]
	client *ent.Client
	sender Sender
	logger *slog.Logger
	now    func() time.Time
}

// Work sends the notification unless it is no longer pending, so that a job
// run again after a success sends nothing. The email still goes twice when
// the server accepts it and the SENT mark then fails to commit. Both copies
// carry the same Message-ID.
func (w *deliveryWorker) Work(ctx context.Context, job *river.Job[DeliverNotificationArgs]) error {
	ctx = viewer.SystemContext(ctx)
	id := job.Args.NotificationID

	n, err := w.client.Notification.Get(ctx, id)
	if ent.IsNotFound(err) {
		w.logger.Warn("email not sent: notification not found", "notification_id", id, "job_id", job.ID)
		return river.JobCancel(fmt.Errorf("notification %s not found", id))
	}
	if err != nil {
		return fmt.Errorf("load notification %s: %w", id, err)
	}
	if n.State != notification.StatePending {
		w.logger.Info("email not sent again: notification is no longer pending", "notification_id", id,
			"template", n.Template, "state", n.State, "job_id", job.ID)
		return nil
	}

	sendErr := w.sender.Send(ctx, mail.Message{
		MessageID: n.MessageID,
		To:        n.Recipient,
		Subject:   n.Subject,
		Text:      n.Body,
		HTML:      n.HTMLBody,
	})

	recordCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	switch {
	case sendErr == nil:
		return w.recordSent(recordCtx, job, n)
	case errors.Is(ctx.Err(), context.Canceled):
		// The queue is stopping, or the job was cancelled. The attempt tells
		// nothing about the server, so it is not counted. When the queue is
		// stopping, the wrapped context error makes River put the job back
		// without using up one of its attempts.
		w.logger.Warn("email delivery interrupted", "notification_id", n.ID, "template", n.Template,
			"attempt", job.Attempt, "job_id", job.ID, "error", sendErr)
		return fmt.Errorf("send notification %s: %w", n.ID, ctx.Err())
	default:
		return w.recordFailure(recordCtx, job, n, sendErr)
	}
}

func (w *deliveryWorker) recordSent(ctx context.Context, job *river.Job[DeliverNotificationArgs], n *ent.Notification) error {
	_, err := w.client.Notification.Update().
		Where(notification.ID(n.ID), notification.StateEQ(notification.StatePending)).
		SetState(notification.StateSent).
		SetSentAt(w.now().UTC()).
		AddAttempts(1).
		Save(ctx)
	if err != nil {
		// Returning the error retries the job, which sends the email again.
		return fmt.Errorf("mark notification %s sent: %w", n.ID, err)
	}
	w.logger.Info("email sent", "notification_id", n.ID, "template", n.Template, "attempt", job.Attempt, "job_id", job.ID)
	return nil
}

// recordFailure counts the attempt and stores its error on the
// notification. The notification becomes FAILED on River's last attempt, or
// at once when the server rejected the recipient for good. Otherwise River
// retries the job.
func (w *deliveryWorker) recordFailure(ctx context.Context, job *river.Job[DeliverNotificationArgs], n *ent.Notification, sendErr error) error {
	var deliveryErr *mail.DeliveryError
	permanent := errors.As(sendErr, &deliveryErr) && deliveryErr.Permanent
	final := permanent || job.Attempt >= job.MaxAttempts

	update := w.client.Notification.Update().
		Where(notification.ID(n.ID), notification.StateEQ(notification.StatePending)).
		AddAttempts(1).
		SetLastError(truncate(sendErr.Error(), maxLastErrorLength))
	if final {
		update.SetState(notification.StateFailed)
	}
	if _, err := update.Save(ctx); err != nil {
		w.logger.Error("failed to record the email delivery failure", "notification_id", n.ID, "template", n.Template,
			"job_id", job.ID, "error", err)
	}

	w.logger.Warn("email delivery failed", "notification_id", n.ID, "template", n.Template,
		"attempt", job.Attempt, "max_attempts", job.MaxAttempts, "will_retry", !final, "job_id", job.ID, "error", sendErr)
	if permanent {
		return river.JobCancel(sendErr)
	}
	return sendErr
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
