package sla

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/bankholiday"
	"github.com/localoffer/localoffer/ent/reviewcycle"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

// maxNameLength is the longest review cycle or bank holiday name, in
// characters.
const maxNameLength = 100

// maxEnsureAttempts bounds the retries of EnsureDefaultCycles after a unique
// constraint error, which means that another process, such as a second
// replica starting at the same time, created the same cycle first. The
// retry then finds that cycle and skips it.
const maxEnsureAttempts = 3

// EnsureDefaultCycles creates the default calendar's cycle in progress at now
// and the cycle after it, unless a cycle with the same key or name exists.
// Dates that fall on a weekend or on a bank holiday in the table move to the
// next working day. It never changes an existing cycle, so it is safe to run
// at every start, and it runs as the system whatever viewer ctx carries.
//
// app.Prepare calls it at start, and Sweeper.Run on every SLA sweep, so a
// server that runs through the start of a cycle gets the cycle after it.
func EnsureDefaultCycles(ctx context.Context, client *ent.Client, now time.Time, logger *slog.Logger) error {
	ctx = viewer.SystemContext(ctx)

	var err error
	for attempt := 1; attempt <= maxEnsureAttempts; attempt++ {
		var created []Cycle
		err = withTx(ctx, client, func(tx *ent.Client) error {
			var txErr error
			created, txErr = ensureDefaultCycles(ctx, tx, Today(now))
			return txErr
		})
		if err == nil {
			logCreated(ctx, client, logger, created)
			return nil
		}
		if !ent.IsConstraintError(err) {
			break
		}
	}
	return fmt.Errorf("create the default review cycles: %w", err)
}

func ensureDefaultCycles(ctx context.Context, tx *ent.Client, today schematype.Date) ([]Cycle, error) {
	calendar, err := loadCalendar(ctx, tx, today.Year()-1, today.Year()+2)
	if err != nil {
		return nil, err
	}
	current, next := calendar.CurrentAndNext(today)

	var created []Cycle
	for _, cycle := range []Cycle{current, next} {
		exists, err := tx.ReviewCycle.Query().
			Where(reviewcycle.Or(reviewcycle.DefaultKey(cycle.Key), reviewcycle.Name(cycle.Name))).
			Exist(ctx)
		if err != nil {
			return nil, fmt.Errorf("look up review cycle %s: %w", cycle.Key, err)
		}
		if exists {
			continue
		}
		err = tx.ReviewCycle.Create().
			SetName(cycle.Name).
			SetDefaultKey(cycle.Key).
			SetFeedbackCirculatedOn(cycle.FeedbackCirculatedOn).
			SetResponsesDueOn(cycle.ResponsesDueOn).
			SetUpdateNotificationsOn(cycle.UpdateNotificationsOn).
			SetUpdatesDueOn(cycle.UpdatesDueOn).
			Exec(ctx)
		if err != nil {
			return nil, fmt.Errorf("create review cycle %s: %w", cycle.Key, err)
		}
		created = append(created, cycle)
	}
	return created, nil
}

// loadCalendar returns a Calendar with the bank holidays of the years from
// first to last.
func loadCalendar(ctx context.Context, client *ent.Client, first, last int) (Calendar, error) {
	holidays, err := client.BankHoliday.Query().
		Where(
			bankholiday.DateGTE(schematype.NewDate(first, time.January, 1)),
			bankholiday.DateLT(schematype.NewDate(last+1, time.January, 1)),
		).
		All(ctx)
	if err != nil {
		return Calendar{}, fmt.Errorf("load bank holidays of %d to %d: %w", first, last, err)
	}
	dates := make([]schematype.Date, 0, len(holidays))
	for _, h := range holidays {
		dates = append(dates, h.Date)
	}
	return NewCalendar(dates), nil
}

// logCreated logs the cycles EnsureDefaultCycles created, and warns about
// each year they span that has no bank holidays in the table: dates in it
// were moved off weekends only.
func logCreated(ctx context.Context, client *ent.Client, logger *slog.Logger, created []Cycle) {
	years := map[int]bool{}
	for _, cycle := range created {
		logger.InfoContext(ctx, "review cycle created from the default calendar", "cycle", cycle.Name,
			"feedback_circulated_on", cycle.FeedbackCirculatedOn.String(), "updates_due_on", cycle.UpdatesDueOn.String())
		years[cycle.FeedbackCirculatedOn.Year()] = true
		years[cycle.UpdatesDueOn.Year()] = true
	}

	for year := range years {
		known, err := client.BankHoliday.Query().
			Where(bankholiday.DateGTE(schematype.NewDate(year, time.January, 1)), bankholiday.DateLT(schematype.NewDate(year+1, time.January, 1))).
			Exist(ctx)
		if err != nil {
			logger.WarnContext(ctx, "could not check the bank holidays of a review cycle's year", "year", year, "error", err)
			continue
		}
		if !known {
			logger.WarnContext(ctx, "no bank holidays known for a review cycle's year: its dates were moved off weekends only; add the year's bank holidays and correct the cycle with updateReviewCycle",
				"year", year)
		}
	}
}

// ReviewCycles returns every review cycle, earliest first.
func (m *Manager) ReviewCycles(ctx context.Context) ([]*ent.ReviewCycle, error) {
	if err := m.authorize(ctx, authz.TypeReviewCycle, authz.ActionRead,
		"only providers and the LO team may read the review cycles"); err != nil {
		return nil, err
	}
	cycles, err := m.reader(ctx).ReviewCycle.Query().
		Order(ent.Asc(reviewcycle.FieldFeedbackCirculatedOn), ent.Asc(reviewcycle.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list review cycles: %w", err)
	}
	return cycles, nil
}

// NewReviewCycle is an LO admin's new review cycle.
type NewReviewCycle struct {
	Name                  string
	FeedbackCirculatedOn  schematype.Date
	ResponsesDueOn        schematype.Date
	UpdateNotificationsOn schematype.Date
	UpdatesDueOn          schematype.Date
}

// CreateReviewCycle creates a review cycle with the dates given, as they
// are: the working-day rule applies only to the default calendar.
func (m *Manager) CreateReviewCycle(ctx context.Context, in NewReviewCycle) (*ent.ReviewCycle, error) {
	if err := m.authorize(ctx, authz.TypeReviewCycle, authz.ActionCreate,
		"you may not create a review cycle: only LO admins manage the SLA calendar"); err != nil {
		return nil, err
	}
	name, err := cleanText("input.name", in.Name, maxNameLength)
	if err != nil {
		return nil, err
	}
	dates := cycleDates{in.FeedbackCirculatedOn, in.ResponsesDueOn, in.UpdateNotificationsOn, in.UpdatesDueOn}
	if err := dates.check(allGiven); err != nil {
		return nil, err
	}

	var created *ent.ReviewCycle
	err = m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		if err := checkNameFree(ctx, tx, name, uuid.Nil); err != nil {
			return err
		}
		if err := checkNoOverlap(ctx, tx, dates, uuid.Nil); err != nil {
			return err
		}
		created, err = tx.ReviewCycle.Create().
			SetName(name).
			SetFeedbackCirculatedOn(dates[0]).
			SetResponsesDueOn(dates[1]).
			SetUpdateNotificationsOn(dates[2]).
			SetUpdatesDueOn(dates[3]).
			Save(system(ctx))
		if err != nil {
			return nameConflict(err, "create review cycle")
		}
		pending.Add(audit.Event{Action: "review_cycle.created", ObjectType: authz.TypeReviewCycle, ObjectID: created.ID})
		return nil
	})
	return created, err
}

// ReviewCycleUpdate changes the fields given of a review cycle; nil keeps a
// field as it is.
type ReviewCycleUpdate struct {
	ID                    uuid.UUID
	Name                  *string
	FeedbackCirculatedOn  *schematype.Date
	ResponsesDueOn        *schematype.Date
	UpdateNotificationsOn *schematype.Date
	UpdatesDueOn          *schematype.Date
}

// UpdateReviewCycle changes a review cycle's name or dates. The dates that
// result, given or kept, must still come in order.
func (m *Manager) UpdateReviewCycle(ctx context.Context, in ReviewCycleUpdate) (*ent.ReviewCycle, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	var updated *ent.ReviewCycle
	err := m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		cycle, err := tx.ReviewCycle.Get(ctx, in.ID)
		if ent.IsNotFound(err) {
			return apperr.NotFound("no review cycle with id %s", in.ID)
		}
		if err != nil {
			return fmt.Errorf("load review cycle %s: %w", in.ID, err)
		}
		if !m.allowed(ctx, authz.TypeReviewCycle, authz.ActionUpdate, authz.RelationNone) {
			return fmt.Errorf("you may not change review cycle %q: only LO admins manage the SLA calendar: %w", cycle.Name, apperr.ErrForbidden)
		}
		updated, err = m.applyCycleUpdate(ctx, tx, cycle, in, pending)
		return err
	})
	return updated, err
}

func (m *Manager) applyCycleUpdate(ctx context.Context, tx *ent.Client, cycle *ent.ReviewCycle, in ReviewCycleUpdate, pending *audit.Pending) (*ent.ReviewCycle, error) {
	update := tx.ReviewCycle.UpdateOne(cycle)
	var changed []string

	if in.Name != nil {
		name, err := cleanText("input.name", *in.Name, maxNameLength)
		if err != nil {
			return nil, err
		}
		if name != cycle.Name {
			if err := checkNameFree(ctx, tx, name, cycle.ID); err != nil {
				return nil, err
			}
			update.SetName(name)
			changed = append(changed, "name")
		}
	}

	dates := cycleDates{cycle.FeedbackCirculatedOn, cycle.ResponsesDueOn, cycle.UpdateNotificationsOn, cycle.UpdatesDueOn}
	given := [4]*schematype.Date{in.FeedbackCirculatedOn, in.ResponsesDueOn, in.UpdateNotificationsOn, in.UpdatesDueOn}
	var isGiven [4]bool
	for i, d := range given {
		if d != nil && *d != dates[i] {
			dates[i] = *d
			isGiven[i] = true
			changed = append(changed, dateSteps[i].column)
		}
	}
	if err := dates.check(isGiven); err != nil {
		return nil, err
	}
	if len(changed) == 0 {
		return cycle, nil
	}
	if err := checkNoOverlap(ctx, tx, dates, cycle.ID); err != nil {
		return nil, err
	}

	updated, err := update.
		SetFeedbackCirculatedOn(dates[0]).
		SetResponsesDueOn(dates[1]).
		SetUpdateNotificationsOn(dates[2]).
		SetUpdatesDueOn(dates[3]).
		Save(system(ctx))
	if err != nil {
		return nil, nameConflict(err, fmt.Sprintf("update review cycle %s", cycle.ID))
	}
	pending.Add(audit.Event{Action: "review_cycle.updated", ObjectType: authz.TypeReviewCycle, ObjectID: cycle.ID, ChangedFields: changed})
	return updated, nil
}

// cycleDates are a cycle's four dates, in the order they must come.
type cycleDates [4]schematype.Date

// dateSteps name the four dates, in order, for messages.
var dateSteps = [4]struct{ field, column, label string }{
	{"input.feedbackCirculatedOn", "feedback_circulated_on", "feedback circulated"},
	{"input.responsesDueOn", "responses_due_on", "responses due"},
	{"input.updateNotificationsOn", "update_notifications_on", "update notifications"},
	{"input.updatesDueOn", "updates_due_on", "updates due"},
}

var allGiven = [4]bool{true, true, true, true}

// maxCycleSpan is how long a cycle may last, from feedback circulated to
// updates due. The default cycles last about ten weeks; a year or more is a
// mistyped year.
const maxCycleSpan = 365

// check fails unless each date comes after the one before and the cycle
// lasts less than a year. The error names a date the caller gave, as given
// reports them, so that it points at the date to correct.
func (d cycleDates) check(given [4]bool) error {
	for i := 1; i < len(d); i++ {
		if d[i].After(d[i-1]) {
			continue
		}
		blamed := i
		if !given[i] && given[i-1] {
			blamed = i - 1
		}
		return apperr.Input(dateSteps[blamed].field,
			"the %s date %s is not after the %s date %s: a cycle's dates must come in the order feedback circulated, responses due, update notifications, updates due",
			dateSteps[i].label, d[i], dateSteps[i-1].label, d[i-1])
	}
	if d[3].After(d[0].AddDays(maxCycleSpan - 1)) {
		blamed := 3
		if !given[3] && given[0] {
			blamed = 0
		}
		return apperr.Input(dateSteps[blamed].field,
			"the cycle would run from %s to %s: a cycle must last less than a year; check the years", d[0], d[3])
	}
	return nil
}

// checkNameFree returns a conflict when a review cycle other than except
// already has name.
func checkNameFree(ctx context.Context, tx *ent.Client, name string, except uuid.UUID) error {
	taken, err := tx.ReviewCycle.Query().
		Where(reviewcycle.Name(name), reviewcycle.IDNEQ(except)).
		Exist(system(ctx))
	if err != nil {
		return fmt.Errorf("look up review cycle %q: %w", name, err)
	}
	if taken {
		return fmt.Errorf("a review cycle named %q already exists: choose another name: %w", name, apperr.ErrConflict)
	}
	return nil
}

// checkNoOverlap refuses dates that overlap another cycle's, from its
// feedback circulation date to its updates due date: two open cycles
// would ask the same owners to review the same content by two deadlines.
func checkNoOverlap(ctx context.Context, tx *ent.Client, dates cycleDates, except uuid.UUID) error {
	other, err := tx.ReviewCycle.Query().
		Where(
			reviewcycle.IDNEQ(except),
			reviewcycle.FeedbackCirculatedOnLTE(dates[3]),
			reviewcycle.UpdatesDueOnGTE(dates[0]),
		).
		Order(ent.Asc(reviewcycle.FieldFeedbackCirculatedOn)).
		First(system(ctx))
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("look up review cycles overlapping %s to %s: %w", dates[0], dates[3], err)
	}
	return apperr.Input("input.feedbackCirculatedOn",
		"the cycle from %s to %s overlaps %q, which runs from %s to %s: start this cycle after %s, or change that one first",
		dates[0], dates[3], other.Name, other.FeedbackCirculatedOn, other.UpdatesDueOn, other.UpdatesDueOn)
}

// nameConflict turns a unique constraint error into a conflict, because it
// means that another request took the name between the check and the write.
func nameConflict(err error, what string) error {
	if ent.IsConstraintError(err) {
		return fmt.Errorf("%s: the name was taken meanwhile, try again: %w", what, apperr.ErrConflict)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// LoadCalendar returns a Calendar with the bank holidays of the years from
// first to last, read as the system: bank holidays are reference data.
func LoadCalendar(ctx context.Context, client *ent.Client, first, last int) (Calendar, error) {
	return loadCalendar(system(ctx), client, first, last)
}
