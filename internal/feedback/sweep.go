package feedback

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/reviewcycle"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/notify"
	"github.com/localoffer/localoffer/internal/sla"
	"github.com/localoffer/localoffer/internal/viewer"
)

// SweepConfig holds the settings of the feedback's periodic sweep.
type SweepConfig struct {
	// PublicURL is the base of the links in emails, with no trailing slash.
	PublicURL string
	// Now returns the current time. Nil means time.Now.
	Now func() time.Time
}

// Sweeper runs the feedback's periodic work: the circulation of triaged
// feedback to its responsible people in each review cycle. It is safe to
// run again after a crash: a cycle is circulated in one transaction, and
// each email has an event key, so a rerun sends none twice.
type Sweeper struct {
	client *ent.Client
	logger *slog.Logger
	cfg    SweepConfig
	// enqueue writes an email to the outbox. Tests replace it to make a
	// sweep fail part way.
	enqueue func(ctx context.Context, client *ent.Client, m notify.Message) (*ent.Notification, error)
}

// NewSweeper returns a Sweeper on client, which must not be transactional.
func NewSweeper(client *ent.Client, logger *slog.Logger, cfg SweepConfig) *Sweeper {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	return &Sweeper{client: client, logger: logger, cfg: cfg, enqueue: notify.Enqueue}
}

// Run circulates feedback, as the system, in every review cycle whose
// feedback circulation date has come (London date) and whose responses
// deadline has not passed, unless the cycle was circulated already. A
// cycle that fails does not stop the others, and Run returns their errors
// joined.
//
// A cycle counts as circulated once an item of feedback belongs to it, so
// an item triaged after its cycle's circulation waits for the next cycle.
//
// NOTE: a cycle in which nothing was ready to circulate stays
// uncirculated, so an item triaged later, before the cycle's responses
// deadline, is circulated in that cycle by a later sweep.
func (s *Sweeper) Run(ctx context.Context) error {
	ctx = viewer.SystemContext(ctx)
	now := s.cfg.Now().UTC().Truncate(time.Second)

	cycles, err := s.client.ReviewCycle.Query().
		Where(reviewcycle.FeedbackCirculatedOnLTE(sla.Today(now))).
		Order(ent.Asc(reviewcycle.FieldFeedbackCirculatedOn), ent.Asc(reviewcycle.FieldID)).
		All(ctx)
	if err != nil {
		return fmt.Errorf("list review cycles due for feedback circulation: %w", err)
	}

	var errs []error
	for _, cycle := range cycles {
		if !now.Before(sla.Deadline(cycle.ResponsesDueOn)) {
			continue
		}
		circulated, err := s.client.Feedback.Query().Where(feedback.ReviewCycleID(cycle.ID)).Exist(ctx)
		if err != nil {
			errs = append(errs, fmt.Errorf("check feedback circulation of review cycle %s: %w", cycle.ID, err))
			continue
		}
		if circulated {
			continue
		}
		err = audit.InTransaction(ctx, s.client, s.logger, func(tx *ent.Client, pending *audit.Pending) error {
			return s.circulateCycle(ctx, tx, cycle, now, pending)
		})
		if err != nil {
			s.logger.ErrorContext(ctx, "feedback circulation failed", "cycle_id", cycle.ID, "cycle", cycle.Name, "error", err)
			errs = append(errs, fmt.Errorf("circulate feedback in review cycle %s: %w", cycle.ID, err))
		}
	}
	return errors.Join(errs...)
}

// circulateCycle marks every item ready for circulation as circulated in
// cycle, and writes one email to each responsible person listing their
// items, in tx.
func (s *Sweeper) circulateCycle(ctx context.Context, tx *ent.Client, cycle *ent.ReviewCycle, now time.Time, pending *audit.Pending) error {
	items, err := s.readyItems(ctx, tx)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return nil
	}

	ids := make([]uuid.UUID, 0, len(items))
	for _, f := range items {
		ids = append(ids, f.ID)
	}
	updated, err := tx.Feedback.Update().
		Where(feedback.IDIn(ids...), feedback.StatusEQ(feedback.StatusTriaged), feedback.CirculatedAtIsNil()).
		SetStatus(feedback.StatusCirculated).
		SetReviewCycleID(cycle.ID).
		SetCirculatedAt(now).
		SetResponseDueAt(sla.Deadline(cycle.ResponsesDueOn)).
		Save(ctx)
	if err != nil {
		return fmt.Errorf("mark %d item(s) of feedback circulated: %w", len(ids), err)
	}
	if updated != len(ids) {
		return fmt.Errorf("%d of %d item(s) of feedback changed while they were circulated: the next sweep tries again", len(ids)-updated, len(ids))
	}

	officers, err := activeOfficers(ctx, tx)
	if err != nil {
		return err
	}
	list := notify.NewRecipients[circulationItem]()
	for _, f := range items {
		people := responsiblePeople(f, officers)
		if len(people) == 0 {
			s.logger.WarnContext(ctx, "circulated feedback has no active responsible person to email", "feedback_id", f.ID, "cycle_id", cycle.ID)
		}
		list.Add(itemOf(s.cfg.PublicURL, f), people...)
		pending.Add(audit.Event{
			Action: "feedback.circulated", ObjectType: authz.TypeFeedback, ObjectID: f.ID,
			ChangedFields: []string{"status", "review_cycle_id", "circulated_at", "response_due_at"},
			Detail:        "review cycle " + cycle.ID.String(),
		})
	}

	recipients := list.All()
	for _, r := range recipients {
		if _, err := s.enqueue(ctx, tx, cycleEmail(cycle, r)); err != nil {
			return err
		}
	}
	s.logger.InfoContext(ctx, "feedback circulated", "cycle_id", cycle.ID, "cycle", cycle.Name,
		"items", len(items), "emails", len(recipients))
	return nil
}

// readyItems returns the items of feedback ready for circulation, with
// what their emails need: see circulationBlocker.
func (s *Sweeper) readyItems(ctx context.Context, tx *ent.Client) ([]*ent.Feedback, error) {
	candidates, err := withResponsiblePeople(tx.Feedback.Query()).
		Where(
			feedback.StatusEQ(feedback.StatusTriaged),
			feedback.CirculatedAtIsNil(),
			feedback.Safeguarding(false),
			feedback.ExcludedAtIsNil(),
			feedback.ExclusionReasonIsNil(),
			feedback.ResponsiblePartyNotNil(),
		).
		Order(ent.Asc(feedback.FieldReceivedAt), ent.Asc(feedback.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list feedback ready for circulation: %w", err)
	}
	// The safeguarding keywords are a JSON list, checked here rather than
	// in SQL.
	ready := candidates[:0]
	for _, f := range candidates {
		if circulationBlocker(f) == "" {
			ready = append(ready, f)
		}
	}
	return ready, nil
}
