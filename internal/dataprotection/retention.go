package dataprotection

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/annualreport"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/feedbackcontact"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/config"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/viewer"
)

// DefaultBatchSize is how many records one transaction of the retention
// sweep changes, so that a large backlog does not hold one long
// transaction (and, on SQLite, the only write lock).
const DefaultBatchSize = 500

// Config holds the retention periods. A zero period takes its default
// from config.DefaultFeedback.
type Config struct {
	// ContactRetention is how long contact details are kept after their
	// item closes.
	ContactRetention time.Duration
	// TextRetention is how long the sender's own words are kept after the
	// annual report of the academic year they arrived in is published.
	TextRetention time.Duration
	// EmailRetention is how long the bodies of sent emails are kept after
	// delivery.
	EmailRetention time.Duration
	// Now returns the current time. Nil means time.Now.
	Now func() time.Time
	// BatchSize is how many records one transaction changes; zero means
	// DefaultBatchSize.
	BatchSize int
}

// Sweeper purges families' data once its retention period is over: the
// contact details of closed feedback, the sender's own words once the
// annual report that answers them is published, and the bodies of sent
// emails. Each step works in batches and selects only records not yet
// purged, so it is safe to run again after a crash or at the same time
// as the API.
type Sweeper struct {
	client *ent.Client
	logger *slog.Logger
	cfg    Config
}

// NewSweeper returns a Sweeper on client, which must not be transactional.
func NewSweeper(client *ent.Client, logger *slog.Logger, cfg Config) *Sweeper {
	defaults := config.DefaultFeedback()
	if cfg.ContactRetention <= 0 {
		cfg.ContactRetention = defaults.ContactRetention
	}
	if cfg.TextRetention <= 0 {
		cfg.TextRetention = defaults.TextRetention
	}
	if cfg.EmailRetention <= 0 {
		cfg.EmailRetention = defaults.EmailRetention
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	return &Sweeper{client: client, logger: logger, cfg: cfg}
}

// Run runs each purge once, as the system. A purge that fails does not stop
// the others, and Run returns their errors joined. Each purge that changed
// anything is logged and recorded as a retention.purged audit event, with
// its count only.
func (s *Sweeper) Run(ctx context.Context) error {
	ctx = viewer.SystemContext(ctx)
	now := s.cfg.Now().UTC().Truncate(time.Second)

	var errs []error
	for _, purge := range []struct {
		name       string
		objectType string
		fields     []string
		run        func(context.Context, time.Time) (int, error)
	}{
		{"contact_details", authz.TypeFeedbackContact, []string{"contact_purged_at"}, s.purgeContacts},
		{"feedback_text", authz.TypeFeedback, []string{"body", "body_redacted_at"}, s.redactFeedbackText},
		{"email_bodies", authz.TypeNotification, []string{"body", "html_body", "body_purged_at"}, s.purgeEmailBodies},
	} {
		count, err := purge.run(ctx, now)
		if err != nil {
			s.logger.ErrorContext(ctx, "retention purge failed", "purge", purge.name, "purged", count, "error", err)
			errs = append(errs, fmt.Errorf("retention purge of %s: %w", purge.name, err))
		}
		if count == 0 {
			continue
		}
		s.logger.InfoContext(ctx, "retention purge", "purge", purge.name, "purged", count)
		event := audit.Event{
			Action: "retention.purged", ObjectType: purge.objectType, ChangedFields: purge.fields,
			Detail: fmt.Sprintf("%s: %d purged", purge.name, count),
		}
		if err := audit.Record(ctx, s.client, event); err != nil {
			s.logger.ErrorContext(ctx, "audit event lost", "action", event.Action, "purge", purge.name, "error", err)
		}
	}
	return errors.Join(errs...)
}

// purgeContacts deletes the contact details of feedback closed more than
// ContactRetention ago and sets the item's contact_purged_at, and returns
// how many it deleted.
func (s *Sweeper) purgeContacts(ctx context.Context, now time.Time) (int, error) {
	cutoff := now.Add(-s.cfg.ContactRetention)
	return s.inBatches(ctx, func(tx *ent.Client) (int, error) {
		ids, err := tx.Feedback.Query().
			Where(feedback.ClosedAtLT(cutoff), feedback.HasContact()).
			Order(feedback.ByID()).
			Limit(s.cfg.BatchSize).
			IDs(ctx)
		if err != nil || len(ids) == 0 {
			return 0, err
		}
		deleted, err := tx.FeedbackContact.Delete().Where(feedbackcontact.FeedbackIDIn(ids...)).Exec(ctx)
		if err != nil {
			return 0, fmt.Errorf("delete contact details: %w", err)
		}
		if err := tx.Feedback.Update().Where(feedback.IDIn(ids...)).SetContactPurgedAt(now).Exec(ctx); err != nil {
			return 0, fmt.Errorf("mark contact details purged: %w", err)
		}
		return deleted, nil
	})
}

// redactFeedbackText empties the body of feedback received in an academic
// year whose annual report was published more than TextRetention ago, and
// returns how many it emptied. The anonymised summary stays.
//
// A safeguarding item keeps its body until it is closed and its referral
// is recorded: the record of a safeguarding concern falls under the
// council's safeguarding retention, not this one.
func (s *Sweeper) redactFeedbackText(ctx context.Context, now time.Time) (int, error) {
	reports, err := s.client.AnnualReport.Query().
		Where(annualreport.StatusEQ(annualreport.StatusPublished), annualreport.PublishedAtLT(now.Add(-s.cfg.TextRetention))).
		Order(annualreport.ByAcademicYear()).
		All(ctx)
	if err != nil {
		return 0, fmt.Errorf("list published annual reports: %w", err)
	}

	total := 0
	var errs []error
	for _, report := range reports {
		start, end, err := AcademicYear(report.AcademicYear)
		if err != nil {
			errs = append(errs, fmt.Errorf("annual report %s: %w", report.ID, err))
			continue
		}
		count, err := s.inBatches(ctx, func(tx *ent.Client) (int, error) {
			ids, err := tx.Feedback.Query().
				Where(
					feedback.ReceivedAtGTE(start), feedback.ReceivedAtLT(end),
					feedback.BodyRedactedAtIsNil(),
					feedback.Or(
						feedback.Safeguarding(false),
						feedback.And(feedback.ClosedAtNotNil(), feedback.ReferralRecordedAtNotNil()),
					),
				).
				Order(feedback.ByID()).
				Limit(s.cfg.BatchSize).
				IDs(ctx)
			if err != nil || len(ids) == 0 {
				return 0, err
			}
			return tx.Feedback.Update().
				Where(feedback.IDIn(ids...), feedback.BodyRedactedAtIsNil()).
				SetBody("").SetBodyRedactedAt(now).
				Save(ctx)
		})
		total += count
		if err != nil {
			errs = append(errs, fmt.Errorf("feedback of %s: %w", report.AcademicYear, err))
		}
	}
	return total, errors.Join(errs...)
}

// purgeEmailBodies empties the bodies of emails sent more than
// EmailRetention ago, and returns how many it emptied. The subject,
// recipient and Message-ID stay, as the record of the delivery.
func (s *Sweeper) purgeEmailBodies(ctx context.Context, now time.Time) (int, error) {
	cutoff := now.Add(-s.cfg.EmailRetention)
	return s.inBatches(ctx, func(tx *ent.Client) (int, error) {
		ids, err := tx.Notification.Query().
			Where(notification.StateEQ(notification.StateSent), notification.SentAtLT(cutoff), notification.BodyPurgedAtIsNil()).
			Order(notification.ByID()).
			Limit(s.cfg.BatchSize).
			IDs(ctx)
		if err != nil || len(ids) == 0 {
			return 0, err
		}
		return tx.Notification.Update().
			Where(notification.IDIn(ids...), notification.BodyPurgedAtIsNil()).
			SetBody("").SetHTMLBody("").SetBodyPurgedAt(now).
			Save(ctx)
	})
}

// inBatches runs batch in its own transaction until a batch changes
// nothing, and returns the total it changed. A batch changes at most
// BatchSize records; one that changes fewer is the last.
func (s *Sweeper) inBatches(ctx context.Context, batch func(tx *ent.Client) (int, error)) (int, error) {
	total := 0
	for {
		tx, err := s.client.Tx(ctx)
		if err != nil {
			return total, fmt.Errorf("begin transaction: %w", err)
		}
		count, err := batch(tx.Client())
		if err != nil {
			if rollbackErr := tx.Rollback(); rollbackErr != nil {
				s.logger.ErrorContext(ctx, "roll back retention batch", "error", rollbackErr)
			}
			return total, err
		}
		if err := tx.Commit(); err != nil {
			return total, fmt.Errorf("commit: %w", err)
		}
		total += count
		if count < s.cfg.BatchSize {
			return total, nil
		}
	}
}

// academicYearPattern is an academic year such as "2025-26".
var academicYearPattern = regexp.MustCompile(`^(\d{4})-(\d{2})$`)

// AcademicYear returns the bounds of an academic year such as "2025-26":
// from the start of 1 September 2025 to the start of 1 September 2026,
// London time, the end excluded.
func AcademicYear(label string) (start, end time.Time, err error) {
	m := academicYearPattern.FindStringSubmatch(label)
	if m == nil {
		return time.Time{}, time.Time{}, fmt.Errorf("academic year %q is not of the form 2025-26", label)
	}
	first, _ := strconv.Atoi(m[1])
	second, _ := strconv.Atoi(m[2])
	if (first+1)%100 != second {
		return time.Time{}, time.Time{}, fmt.Errorf("academic year %q does not span two consecutive years, such as 2025-26", label)
	}
	start = time.Date(first, time.September, 1, 0, 0, 0, 0, content.London)
	end = time.Date(first+1, time.September, 1, 0, 0, 0, 0, content.London)
	return start.UTC(), end.UTC(), nil
}
