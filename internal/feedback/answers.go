package feedback

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/feedbackresponse"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/predicate"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/audit"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/viewer"
)

// Maximum lengths of the texts of an answer, in characters.
const (
	maxAnswerTextLength  = 5000
	maxAnswerRouteLength = 200
)

// Answer is the responsible person's answer to one item of feedback.
type Answer struct {
	FeedbackID uuid.UUID
	// Action is the action taken or intended about the feedback.
	Action string
	// Outcome is the result of the action, or empty when it is not known
	// yet.
	Outcome *string
	// Version is the answer's version the caller read; nil skips the
	// conflict check.
	Version *int
}

// RecordedAnswer is an answer that reached the LO team by another route,
// such as email or telephone, recorded by an LO officer on the responsible
// person's behalf.
type RecordedAnswer struct {
	FeedbackID uuid.UUID
	Action     string
	Outcome    *string
	// Route is the channel by which the answer reached the LO team, such
	// as "email".
	Route string
	// AnsweredBy is the responsible person who gave the answer; nil when
	// not known.
	AnsweredBy *uuid.UUID
	// AnsweredAt is when they gave it; nil keeps the time of an earlier
	// answer, or means now for the first.
	AnsweredAt *time.Time
	Version    *int
}

// answerWrite is the set of values an answer writes on the
// FeedbackResponse.
type answerWrite struct {
	action, outcome string
	// answeredAt, when set, replaces the time of the first answer.
	answeredAt *time.Time
	answeredBy *uuid.UUID
	recordedBy *uuid.UUID
	route      string
	version    *int
}

// AnswerFeedback records the caller's answer to an item circulated to
// them: they must be responsible for it, as the lead or a content manager
// of its content (CONTENT_OWNERS), the commissioner named (COMMISSIONER),
// or an LO officer (LO_TEAM). A second answer replaces the first but keeps
// its time, so an answer on time stays on time when it is corrected.
func (m *Manager) AnswerFeedback(ctx context.Context, in Answer) (*ent.FeedbackResponse, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	write, err := answerTexts(in.Action, in.Outcome)
	if err != nil {
		return nil, err
	}
	write.answeredBy = callerID(ctx)
	write.version = in.Version

	var response *ent.FeedbackResponse
	err = m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		f, err := loadFeedbackToAnswer(ctx, tx, in.FeedbackID)
		if err != nil {
			return err
		}
		if err := m.authorizeAnswer(ctx, tx, f); err != nil {
			return err
		}
		if reason := answerBlocker(f); reason != "" {
			return apperr.Input("input.feedbackId", "feedback %s cannot be answered: %s", f.ID, reason)
		}
		response, err = m.writeAnswer(ctx, tx, f, write)
		if err != nil {
			return err
		}
		pending.Add(audit.Event{
			Action: "feedback.answered", ObjectType: authz.TypeFeedback, ObjectID: f.ID,
			ChangedFields: []string{"action", "outcome"},
			Detail:        "feedback response " + response.ID.String(),
		})
		return nil
	})
	return response, err
}

// RecordAnswer records, for an LO officer, an answer that the responsible
// person gave by another route, naming the officer who recorded it and
// the route.
func (m *Manager) RecordAnswer(ctx context.Context, in RecordedAnswer) (*ent.FeedbackResponse, error) {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return nil, err
	}
	write, err := answerTexts(in.Action, in.Outcome)
	if err != nil {
		return nil, err
	}
	route := strings.TrimSpace(in.Route)
	if route == "" {
		return nil, apperr.Input("input.route", "must not be empty: say how the answer reached you, such as \"email\"")
	}
	if utf8.RuneCountInString(route) > maxAnswerRouteLength {
		return nil, apperr.Input("input.route", "must be at most %d characters", maxAnswerRouteLength)
	}
	write.route = route
	write.recordedBy = callerID(ctx)
	write.answeredBy = in.AnsweredBy
	write.version = in.Version

	var response *ent.FeedbackResponse
	err = m.run(ctx, func(tx *ent.Client, pending *audit.Pending) error {
		f, err := loadFeedbackToAnswer(ctx, tx, in.FeedbackID)
		if err != nil {
			return err
		}
		if !m.allowed(ctx, authz.TypeFeedbackResponse, authz.ActionCreate, authz.RelationNone) {
			return fmt.Errorf("you may not record answers on someone's behalf: only the LO team does: %w", apperr.ErrForbidden)
		}
		if reason := answerBlocker(f); reason != "" {
			return apperr.Input("input.feedbackId", "feedback %s cannot be answered: %s", f.ID, reason)
		}
		if err := m.checkRecordedAnswer(ctx, tx, f, in, &write); err != nil {
			return err
		}
		response, err = m.writeAnswer(ctx, tx, f, write)
		if err != nil {
			return err
		}
		pending.Add(audit.Event{
			Action: "feedback.answer_recorded", ObjectType: authz.TypeFeedback, ObjectID: f.ID,
			ChangedFields: []string{"action", "outcome", "route", "answered_by_id", "recorded_by_id"},
			Detail:        "feedback response " + response.ID.String(),
		})
		return nil
	})
	return response, err
}

// checkRecordedAnswer checks who gave a recorded answer and when: one of
// the item's responsible people, after the item was circulated and not in
// the future.
func (m *Manager) checkRecordedAnswer(ctx context.Context, tx *ent.Client, f *ent.Feedback, in RecordedAnswer, write *answerWrite) error {
	if in.AnsweredBy != nil {
		u, err := tx.User.Get(system(ctx), *in.AnsweredBy)
		if ent.IsNotFound(err) {
			return apperr.Input("input.answeredBy", "no user with id %s", *in.AnsweredBy)
		}
		if err != nil {
			return fmt.Errorf("load user %s: %w", *in.AnsweredBy, err)
		}
		officer := u.Role == user.RoleLOOfficer || u.Role == user.RoleLOAdmin
		responsible, err := isResponsible(ctx, tx, f, u.ID, officer)
		if err != nil {
			return err
		}
		if !responsible {
			return apperr.Input("input.answeredBy", "user %s is not responsible for feedback %s: name its lead or a content manager, its commissioner or an LO officer, as its responsible party says, or leave answeredBy out",
				u.ID, f.ID)
		}
	}
	if in.AnsweredAt == nil {
		return nil
	}
	at := in.AnsweredAt.UTC().Truncate(time.Second)
	if at.After(m.clock()) {
		return apperr.Input("input.answeredAt", "%s is in the future: give the time the answer was sent, or leave it out for now", in.AnsweredAt.Format(time.RFC3339))
	}
	if at.Before(*f.CirculatedAt) {
		return apperr.Input("input.answeredAt", "%s is before feedback %s was circulated at %s: give the time the answer was sent",
			in.AnsweredAt.Format(time.RFC3339), f.ID, f.CirculatedAt.UTC().Format(time.RFC3339))
	}
	write.answeredAt = &at
	return nil
}

// answerTexts trims the action, which must not be empty, and the outcome,
// which may be.
func answerTexts(action string, outcome *string) (answerWrite, error) {
	write := answerWrite{action: strings.TrimSpace(action)}
	if write.action == "" {
		return write, apperr.Input("input.action", "must not be empty: say what was done or will be done about the feedback")
	}
	if utf8.RuneCountInString(write.action) > maxAnswerTextLength {
		return write, apperr.Input("input.action", "must be at most %d characters", maxAnswerTextLength)
	}
	if outcome != nil {
		write.outcome = strings.TrimSpace(*outcome)
	}
	if utf8.RuneCountInString(write.outcome) > maxAnswerTextLength {
		return write, apperr.Input("input.outcome", "must be at most %d characters", maxAnswerTextLength)
	}
	return write, nil
}

// loadFeedbackToAnswer loads an item through the privacy rules: one the
// caller may not read is ErrNotFound.
func loadFeedbackToAnswer(ctx context.Context, tx *ent.Client, id uuid.UUID) (*ent.Feedback, error) {
	f, err := tx.Feedback.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("no feedback with id %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("load feedback %s: %w", id, err)
	}
	return f, nil
}

// authorizeAnswer returns ErrForbidden unless the caller is responsible for
// f and the policy lets those responsible answer.
func (m *Manager) authorizeAnswer(ctx context.Context, tx *ent.Client, f *ent.Feedback) error {
	v := viewer.FromContext(ctx)
	officer := v.Role == authz.RoleLOOfficer || v.Role == authz.RoleLOAdmin
	responsible, err := isResponsible(ctx, tx, f, v.UserID, officer)
	if err != nil {
		return err
	}
	if responsible && m.allowed(ctx, authz.TypeFeedbackResponse, authz.ActionCreate, authz.RelationResponsible) {
		return nil
	}
	if officer {
		return fmt.Errorf("you may not answer feedback another party is responsible for: record their answer with recordFeedbackAnswer: %w", apperr.ErrForbidden)
	}
	return fmt.Errorf("you may not answer this feedback: only its responsible party does: %w", apperr.ErrForbidden)
}

// isResponsible reports whether the user with userID answers f: as the
// lead or a content manager of its service or information page
// (CONTENT_OWNERS), as the commissioner named (COMMISSIONER), or as a
// member of the LO team (LO_TEAM), which officer says.
func isResponsible(ctx context.Context, tx *ent.Client, f *ent.Feedback, userID uuid.UUID, officer bool) (bool, error) {
	if f.ResponsibleParty == nil || userID == uuid.Nil {
		return false, nil
	}
	switch *f.ResponsibleParty {
	case feedback.ResponsiblePartyCommissioner:
		return f.CommissionerID != nil && *f.CommissionerID == userID, nil
	case feedback.ResponsiblePartyLOTeam:
		return officer, nil
	}

	var (
		owns bool
		err  error
	)
	switch {
	case f.ServiceID != nil:
		owns, err = tx.Service.Query().
			Where(service.ID(*f.ServiceID), service.Or(service.LeadID(userID), service.HasContentManagersWith(user.ID(userID)))).
			Exist(system(ctx))
	case f.InformationPageID != nil:
		owns, err = tx.InformationPage.Query().
			Where(informationpage.ID(*f.InformationPageID), informationpage.Or(informationpage.LeadID(userID), informationpage.HasContentManagersWith(user.ID(userID)))).
			Exist(system(ctx))
	}
	if err != nil {
		return false, fmt.Errorf("check the owners of the content of feedback %s: %w", f.ID, err)
	}
	return owns, nil
}

// answerBlocker returns why f cannot be answered, or "" when it can.
func answerBlocker(f *ent.Feedback) string {
	switch {
	case safeguardingHeld(f):
		return "it may disclose a risk to a child, so it stays with the LO team"
	case f.ExcludedAt != nil || f.Status == feedback.StatusExcluded:
		return "it was excluded"
	case f.CirculatedAt == nil:
		return "it has not been circulated yet: send it with sendFeedbackNow, or wait for the review cycle"
	case f.Status == feedback.StatusClosed:
		return "it is closed: the council's response to it was approved"
	}
	return ""
}

// writeAnswer creates or updates the FeedbackResponse of f and marks f
// ANSWERED, in tx, as the system.
func (m *Manager) writeAnswer(ctx context.Context, tx *ent.Client, f *ent.Feedback, w answerWrite) (*ent.FeedbackResponse, error) {
	existing, err := tx.FeedbackResponse.Query().Where(feedbackresponse.FeedbackID(f.ID)).Only(system(ctx))
	if ent.IsNotFound(err) {
		existing = nil
	} else if err != nil {
		return nil, fmt.Errorf("load the answer to feedback %s: %w", f.ID, err)
	}
	if err := checkAnswerVersion(f.ID, existing, w.version); err != nil {
		return nil, err
	}

	answeredAt := m.clock()
	if existing != nil && existing.AnsweredAt != nil {
		answeredAt = *existing.AnsweredAt
	}
	if w.answeredAt != nil {
		answeredAt = *w.answeredAt
	}

	var response *ent.FeedbackResponse
	if existing == nil {
		response, err = tx.FeedbackResponse.Create().
			SetFeedbackID(f.ID).
			SetAction(w.action).
			SetOutcome(w.outcome).
			SetAnsweredAt(answeredAt).
			SetNillableAnsweredByID(w.answeredBy).
			SetNillableRecordedByID(w.recordedBy).
			SetRoute(w.route).
			Save(system(ctx))
	} else {
		update := tx.FeedbackResponse.UpdateOne(existing).
			SetAction(w.action).
			SetOutcome(w.outcome).
			SetAnsweredAt(answeredAt).
			SetRoute(w.route).
			AddVersion(1)
		if w.answeredBy != nil {
			update.SetAnsweredByID(*w.answeredBy)
		} else {
			update.ClearAnsweredByID()
		}
		if w.recordedBy != nil {
			update.SetRecordedByID(*w.recordedBy)
		} else {
			update.ClearRecordedByID()
		}
		response, err = update.Save(system(ctx))
	}
	if err != nil {
		return nil, fmt.Errorf("save the answer to feedback %s: %w", f.ID, err)
	}

	if f.Status == feedback.StatusCirculated {
		if err := tx.Feedback.UpdateOneID(f.ID).SetStatus(feedback.StatusAnswered).Exec(system(ctx)); err != nil {
			return nil, fmt.Errorf("mark feedback %s answered: %w", f.ID, err)
		}
	}
	return response, nil
}

// checkAnswerVersion returns a conflict when the caller read another
// version of the answer than the one stored.
func checkAnswerVersion(feedbackID uuid.UUID, existing *ent.FeedbackResponse, version *int) error {
	switch {
	case version == nil:
		return nil
	case existing == nil:
		return fmt.Errorf("feedback %s has no answer yet, so there is no version %d: leave version out: %w", feedbackID, *version, apperr.ErrConflict)
	case existing.Version != *version:
		return fmt.Errorf("the answer to feedback %s changed since you read it (version %d, not %d): reload it and answer again: %w",
			feedbackID, existing.Version, *version, apperr.ErrConflict)
	}
	return nil
}

// AnswerState is the state of the answer to a circulated item.
type AnswerState string

const (
	// AnswerOnTime: answered before the item's response deadline.
	AnswerOnTime AnswerState = "ON_TIME"
	// AnswerLate: answered at or after the deadline.
	AnswerLate AnswerState = "LATE"
	// AnswerNotYetDue: not answered, and the deadline has not passed.
	AnswerNotYetDue AnswerState = "NOT_YET_DUE"
	// AnswerOverdue: not answered, and the deadline has passed.
	AnswerOverdue AnswerState = "OVERDUE"
)

// AnswerStateOf returns the state of the answer to f at now, or nil when f
// was never circulated. response is f's answer, or nil.
func AnswerStateOf(f *ent.Feedback, response *ent.FeedbackResponse, now time.Time) *AnswerState {
	if f.CirculatedAt == nil || f.ResponseDueAt == nil {
		return nil
	}
	state := AnswerNotYetDue
	switch {
	case response != nil && response.AnsweredAt != nil && response.AnsweredAt.Before(*f.ResponseDueAt):
		state = AnswerOnTime
	case response != nil && response.AnsweredAt != nil:
		state = AnswerLate
	case !now.Before(*f.ResponseDueAt):
		state = AnswerOverdue
	}
	return &state
}

// AnsweredLate reports whether response answered f at or after f's
// response deadline.
func AnsweredLate(f *ent.Feedback, response *ent.FeedbackResponse) bool {
	return response.AnsweredAt != nil && f.ResponseDueAt != nil && !response.AnsweredAt.Before(*f.ResponseDueAt)
}

// AnswerState returns the state of the answer to f now. It loads the
// answer itself, even when one was loaded with f: a GraphQL query loads an
// edge with only the columns it selects, which may leave out answered_at.
//
// NOTE: in a list this runs one query per item.
func (m *Manager) AnswerState(ctx context.Context, f *ent.Feedback) (*AnswerState, error) {
	if f.CirculatedAt == nil {
		return nil, nil
	}
	response, err := f.QueryResponse().Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, fmt.Errorf("load the answer to feedback %s: %w", f.ID, err)
	}
	return AnswerStateOf(f, response, m.clock()), nil
}

// AnswerLate reports whether response came at or after its item's
// response deadline. It loads the item itself, for the reason AnswerState
// loads the answer.
//
// NOTE: in a list this runs one query per answer.
func (m *Manager) AnswerLate(ctx context.Context, response *ent.FeedbackResponse) (bool, error) {
	if response.AnsweredAt == nil {
		return false, nil
	}
	f, err := response.QueryFeedback().Only(ctx)
	if err != nil {
		return false, fmt.Errorf("load the feedback of answer %s: %w", response.ID, err)
	}
	return AnsweredLate(f, response), nil
}

// AnswerFilter selects circulated items for the officers' view of answers.
// Nil fields select all.
type AnswerFilter struct {
	ReviewCycleID *uuid.UUID
	// Urgent true selects the items sent at once, outside the cycle.
	Urgent *bool
	State  *AnswerState
}

// AnswerCounts is the number of circulated items in each answer state.
type AnswerCounts struct {
	Circulated int
	OnTime     int
	Late       int
	NotYetDue  int
	Overdue    int
}

// AnswerStatus returns a page of the circulated items that filter
// selects, in the order they were received, for the LO team. Excluded
// items need no answer and are left out.
func (m *Manager) AnswerStatus(ctx context.Context, page directory.Page, filter AnswerFilter) (*ent.FeedbackConnection, error) {
	if err := m.authorizeAnswerStatus(ctx); err != nil {
		return nil, err
	}
	if err := page.Validate(); err != nil {
		return nil, err
	}
	predicates, err := m.answerPredicates(filter)
	if err != nil {
		return nil, err
	}
	oldestFirst := &ent.FeedbackOrder{Direction: entgql.OrderDirectionAsc, Field: ent.FeedbackOrderFieldReceivedAt}
	conn, err := m.reader(ctx).Feedback.Query().
		Where(predicates...).
		Paginate(ctx, page.After, page.First, page.Before, page.Last,
			ent.WithFeedbackOrder(oldestFirst),
			ent.WithFeedbackFilter(func(q *ent.FeedbackQuery) (*ent.FeedbackQuery, error) { return q.WithResponse(), nil }))
	if err != nil {
		return nil, fmt.Errorf("list circulated feedback: %w", err)
	}
	return conn, nil
}

// CountAnswers counts the circulated items that filter selects by the
// state of their answers, for the LO team.
func (m *Manager) CountAnswers(ctx context.Context, filter AnswerFilter) (*AnswerCounts, error) {
	if err := m.authorizeAnswerStatus(ctx); err != nil {
		return nil, err
	}
	counts := &AnswerCounts{}
	for state, count := range map[AnswerState]*int{
		AnswerOnTime: &counts.OnTime, AnswerLate: &counts.Late, AnswerNotYetDue: &counts.NotYetDue, AnswerOverdue: &counts.Overdue,
	} {
		if filter.State != nil && *filter.State != state {
			continue
		}
		selected := filter
		selected.State = &state
		predicates, err := m.answerPredicates(selected)
		if err != nil {
			return nil, err
		}
		n, err := m.reader(ctx).Feedback.Query().Where(predicates...).Count(ctx)
		if err != nil {
			return nil, fmt.Errorf("count %s answers: %w", state, err)
		}
		*count = n
		counts.Circulated += n
	}
	return counts, nil
}

// authorizeAnswerStatus lets only callers who read every item of feedback,
// the LO team, see the state of answers.
func (m *Manager) authorizeAnswerStatus(ctx context.Context) error {
	return m.requireLOTeam(ctx, "see the state of answers to feedback")
}

// requireLOTeam returns ErrForbidden, saying the caller may not do
// attempt, unless they read every item of feedback, as the LO team does.
func (m *Manager) requireLOTeam(ctx context.Context, attempt string) error {
	if err := viewer.RequireCredentials(ctx); err != nil {
		return err
	}
	v := viewer.FromContext(ctx)
	if v.System {
		return nil
	}
	for _, scope := range m.opts.Authz.Scopes(v.PolicyRole(), authz.TypeFeedback, authz.ActionRead) {
		if scope == authz.ScopeAll {
			return nil
		}
	}
	return fmt.Errorf("you may not %s: only the LO team does: %w", attempt, apperr.ErrForbidden)
}

// answerPredicates selects the circulated, not excluded items that filter
// selects, at the current time.
func (m *Manager) answerPredicates(filter AnswerFilter) ([]predicate.Feedback, error) {
	predicates := []predicate.Feedback{feedback.CirculatedAtNotNil(), feedback.ExcludedAtIsNil()}
	if filter.ReviewCycleID != nil {
		predicates = append(predicates, feedback.ReviewCycleID(*filter.ReviewCycleID))
	}
	if filter.Urgent != nil {
		predicates = append(predicates, feedback.Urgent(*filter.Urgent))
	}
	if filter.State == nil {
		return predicates, nil
	}

	now := m.clock()
	notAnswered := feedback.Not(feedback.HasResponseWith(feedbackresponse.AnsweredAtNotNil()))
	switch *filter.State {
	case AnswerOnTime:
		predicates = append(predicates, answeredComparedWithDue(sql.ColumnsLT))
	case AnswerLate:
		predicates = append(predicates, answeredComparedWithDue(sql.ColumnsGTE))
	case AnswerNotYetDue:
		predicates = append(predicates, notAnswered, feedback.ResponseDueAtGT(now))
	case AnswerOverdue:
		predicates = append(predicates, notAnswered, feedback.ResponseDueAtLTE(now))
	default:
		return nil, apperr.Input("where.state", "unknown answer state %q", *filter.State)
	}
	return predicates, nil
}

// answeredComparedWithDue selects the items whose answer time compares
// with their own response deadline as compare says, such as sql.ColumnsLT
// for answers on time.
func answeredComparedWithDue(compare func(col1, col2 string) *sql.Predicate) predicate.Feedback {
	return func(s *sql.Selector) {
		r := sql.Table(feedbackresponse.Table)
		answered := sql.Select(r.C(feedbackresponse.FieldFeedbackID)).From(r).Where(sql.And(
			sql.NotNull(r.C(feedbackresponse.FieldAnsweredAt)),
			compare(r.C(feedbackresponse.FieldAnsweredAt), s.C(feedback.FieldResponseDueAt)),
		))
		s.Where(sql.In(s.C(feedback.FieldID), answered))
	}
}

// CheckedText is a text of an answer to check for personal data, with the
// GraphQL name of its field.
type CheckedText struct {
	Field string
	Text  string
}

// ResponseTexts returns the texts of response that are circulated or
// published, for the LO team's personal data warnings.
func (m *Manager) ResponseTexts(ctx context.Context, response *ent.FeedbackResponse) ([]CheckedText, error) {
	if err := m.requireLOTeam(ctx, "see personal data warnings"); err != nil {
		return nil, err
	}
	return []CheckedText{
		{Field: "action", Text: response.Action},
		{Field: "outcome", Text: response.Outcome},
		{Field: "councilResponse", Text: response.CouncilResponse},
	}, nil
}
