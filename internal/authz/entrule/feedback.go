package entrule

import (
	"context"

	"entgo.io/ent/dialect/sql"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/annualreport"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/feedbackresponse"
	"github.com/localoffer/localoffer/ent/predicate"
	"github.com/localoffer/localoffer/ent/privacy"
	"github.com/localoffer/localoffer/ent/reportsignoff"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

// FeedbackPredicate is the feedback the given scopes cover for the caller.
// The circulated scope covers items circulated to the caller and not
// flagged for safeguarding: about content they lead, manage or
// commission, when its owners are responsible, or naming them as the
// responsible commissioner.
func FeedbackPredicate(v viewer.Viewer, granted []authz.Scope) predicate.Feedback {
	if contains(granted, authz.ScopeAll) {
		return func(*sql.Selector) {}
	}
	if !contains(granted, authz.ScopeCirculated) || !v.SignedIn() {
		return none
	}
	owned := []authz.Scope{authz.ScopeManaged, authz.ScopeCommissioned}
	return feedback.And(
		feedback.CirculatedAtNotNil(),
		feedback.Safeguarding(false),
		feedback.ExcludedAtIsNil(),
		feedback.Or(
			feedback.And(
				feedback.ResponsiblePartyEQ(feedback.ResponsiblePartyContentOwners),
				feedback.Or(
					feedback.HasServiceWith(servicePredicate(v, owned)),
					feedback.HasInformationPageWith(informationPagePredicate(v, owned)),
				),
			),
			feedback.CommissionerID(v.UserID),
		),
	)
}

// FeedbackFilter returns the feedback the caller may perform action on,
// for domain code that checks a write before making it.
func FeedbackFilter(ctx context.Context, typ, action string) (predicate.Feedback, error) {
	v, granted, err := scopes(ctx, typ, action)
	if err != nil {
		return nil, err
	}
	if v.System {
		return func(*sql.Selector) {}, nil
	}
	return FeedbackPredicate(v, granted), nil
}

// FilterFeedback limits reads of feedback to the caller's scopes.
func FilterFeedback() privacy.QueryRule {
	return privacy.FeedbackQueryRuleFunc(func(ctx context.Context, q *ent.FeedbackQuery) error {
		v, granted, err := scopes(ctx, authz.TypeFeedback, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		q.Where(FeedbackPredicate(v, granted))
		return privacy.Allow
	})
}

// FilterFeedbackResponses limits reads of answers to those of the feedback
// the caller may read under the answers' own scopes.
func FilterFeedbackResponses() privacy.QueryRule {
	return privacy.FeedbackResponseQueryRuleFunc(func(ctx context.Context, q *ent.FeedbackResponseQuery) error {
		v, granted, err := scopes(ctx, authz.TypeFeedbackResponse, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		if !contains(granted, authz.ScopeAll) {
			q.Where(feedbackresponse.HasFeedbackWith(FeedbackPredicate(v, granted)))
		}
		return privacy.Allow
	})
}

// FilterFeedbackContacts lets only callers with every contact in scope,
// the LO team, read contact details.
func FilterFeedbackContacts() privacy.QueryRule {
	return privacy.FeedbackContactQueryRuleFunc(func(ctx context.Context, q *ent.FeedbackContactQuery) error {
		_, granted, err := scopes(ctx, authz.TypeFeedbackContact, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		if !contains(granted, authz.ScopeAll) {
			q.Where(none)
		}
		return privacy.Allow
	})
}

// FilterEngagementActivities lets only callers with every activity in
// scope, the LO team, read engagement activities.
func FilterEngagementActivities() privacy.QueryRule {
	return privacy.EngagementActivityQueryRuleFunc(func(ctx context.Context, q *ent.EngagementActivityQuery) error {
		_, granted, err := scopes(ctx, authz.TypeEngagementActivity, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		if !contains(granted, authz.ScopeAll) {
			q.Where(none)
		}
		return privacy.Allow
	})
}

// annualReportPredicate is the reports the given scopes cover: published
// ones for the public, every one for the LO team.
func annualReportPredicate(granted []authz.Scope) predicate.AnnualReport {
	switch {
	case contains(granted, authz.ScopeAll):
		return func(*sql.Selector) {}
	case contains(granted, authz.ScopePublished):
		return annualreport.StatusEQ(annualreport.StatusPublished)
	}
	return none
}

// FilterAnnualReports limits reads of annual reports to the caller's scopes.
func FilterAnnualReports() privacy.QueryRule {
	return privacy.AnnualReportQueryRuleFunc(func(ctx context.Context, q *ent.AnnualReportQuery) error {
		_, granted, err := scopes(ctx, authz.TypeAnnualReport, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		q.Where(annualReportPredicate(granted))
		return privacy.Allow
	})
}

// FilterReportSignOffs limits reads of sign-off steps to those of the
// reports the caller may read.
func FilterReportSignOffs() privacy.QueryRule {
	return privacy.ReportSignOffQueryRuleFunc(func(ctx context.Context, q *ent.ReportSignOffQuery) error {
		_, granted, err := scopes(ctx, authz.TypeAnnualReport, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		if !contains(granted, authz.ScopeAll) {
			q.Where(reportsignoff.HasAnnualReportWith(annualReportPredicate(granted)))
		}
		return privacy.Allow
	})
}
