package graph

import (
	"context"
	"slices"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/graph/model"
	"github.com/localoffer/localoffer/internal/feedback"
)

func submittedFeedback(receipt *feedback.Receipt, err error) (*model.SubmitFeedbackPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.SubmitFeedbackPayload{Receipt: receipt, UrgentHelp: receipt.UrgentHelp}, nil
}

func recordedFeedback(f *ent.Feedback, err error) (*model.RecordFeedbackPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.RecordFeedbackPayload{Feedback: f}, nil
}

func flaggedSafeguarding(f *ent.Feedback, err error) (*model.FlagSafeguardingPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.FlagSafeguardingPayload{Feedback: f}, nil
}

func clearedSafeguarding(f *ent.Feedback, err error) (*model.ClearSafeguardingPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.ClearSafeguardingPayload{Feedback: f}, nil
}

func recordedReferral(f *ent.Feedback, err error) (*model.RecordSafeguardingReferralPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.RecordSafeguardingReferralPayload{Feedback: f}, nil
}

func triagedFeedback(f *ent.Feedback, err error) (*model.TriageFeedbackPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.TriageFeedbackPayload{Feedback: f}, nil
}

func createdActivity(a *ent.EngagementActivity, err error) (*model.CreateEngagementActivityPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.CreateEngagementActivityPayload{EngagementActivity: a}, nil
}

func updatedActivity(a *ent.EngagementActivity, err error) (*model.UpdateEngagementActivityPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.UpdateEngagementActivityPayload{EngagementActivity: a}, nil
}

func linkedFeedback(items []*ent.Feedback, a *ent.EngagementActivity, err error) (*model.SetFeedbackEngagementActivityPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.SetFeedbackEngagementActivityPayload{Feedback: items, EngagementActivity: a}, nil
}

// feedbackFilter returns where, or an empty filter when it was left out.
func feedbackFilter(where *feedback.Filter) feedback.Filter {
	if where == nil {
		return feedback.Filter{}
	}
	return *where
}

func activityFilter(where *feedback.ActivityFilter) feedback.ActivityFilter {
	if where == nil {
		return feedback.ActivityFilter{}
	}
	return *where
}

// feedbackTypes are the type names whose fragments a selection of a
// feedback connection may use.
var feedbackTypes = []string{"FeedbackConnection", "FeedbackEdge", "Feedback"}

// selectsContact reports whether the connection being resolved selects
// edges.node.contact, so that the contact details of its page can be
// loaded with one query.
func selectsContact(ctx context.Context) bool {
	field := graphql.GetFieldContext(ctx)
	if field == nil {
		return false
	}
	op := graphql.GetOperationContext(ctx)
	selections := field.Field.Selections
	for _, name := range []string{"edges", "node", "contact"} {
		fields := graphql.CollectFields(op, selections, feedbackTypes)
		i := slices.IndexFunc(fields, func(f graphql.CollectedField) bool { return f.Name == name })
		if i < 0 {
			return false
		}
		selections = fields[i].Selections
	}
	return true
}

// collectFeedbackFields loads the edges selected on a list of feedback,
// with one query per edge.
func collectFeedbackFields(ctx context.Context) func(*ent.FeedbackQuery) (*ent.FeedbackQuery, error) {
	return func(q *ent.FeedbackQuery) (*ent.FeedbackQuery, error) {
		return q.CollectFields(ctx)
	}
}

// nonEmpty returns s, or nil when it is empty.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// nonEmptyText returns s, or nil when it is nil or empty.
func nonEmptyText(s *string) *string {
	if s == nil {
		return nil
	}
	return nonEmpty(*s)
}

// feedbackPersonalData returns the likely personal data in the body and
// the summary of f, for the LO team only.
func (r *Resolver) feedbackPersonalData(ctx context.Context, f *ent.Feedback) []*model.PersonalDataWarning {
	if !r.feedback().CanReadText(ctx) {
		return []*model.PersonalDataWarning{}
	}
	return append(personalDataWarnings("body", f.Body), personalDataWarnings("summary", f.Summary)...)
}

// feedbackTime returns t, a safeguarding time of an item that only the LO
// team may read, or nil for anyone else.
func (r *Resolver) feedbackTime(ctx context.Context, t *time.Time) *time.Time {
	if !r.feedback().CanReadText(ctx) {
		return nil
	}
	return t
}

// feedbackText returns text, a field of f that only the LO team may read,
// or nil for anyone else.
func (r *Resolver) feedbackText(ctx context.Context, text string) *string {
	if !r.feedback().CanReadText(ctx) {
		return nil
	}
	return &text
}
