package entrule

import (
	"context"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/amendmentflag"
	"github.com/localoffer/localoffer/ent/cyclereview"
	"github.com/localoffer/localoffer/ent/privacy"
	"github.com/localoffer/localoffer/ent/reviewrecord"
	"github.com/localoffer/localoffer/internal/authz"
)

// Review records, cycle reviews and amendment flags are about one service
// or information page each: a caller reads those about content in their
// scopes for the record's type, such as the content they lead, manage or
// commission.

// FilterReviewRecords limits reads of review records.
func FilterReviewRecords() privacy.QueryRule {
	return privacy.ReviewRecordQueryRuleFunc(func(ctx context.Context, q *ent.ReviewRecordQuery) error {
		v, granted, err := scopes(ctx, authz.TypeReviewRecord, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		if !contains(granted, authz.ScopeAll) {
			q.Where(reviewrecord.Or(
				reviewrecord.HasServiceWith(servicePredicate(v, granted)),
				reviewrecord.HasInformationPageWith(informationPagePredicate(v, granted))))
		}
		return privacy.Allow
	})
}

// FilterCycleReviews limits reads of cycle reviews, the SLA's monitoring.
func FilterCycleReviews() privacy.QueryRule {
	return privacy.CycleReviewQueryRuleFunc(func(ctx context.Context, q *ent.CycleReviewQuery) error {
		v, granted, err := scopes(ctx, authz.TypeCycleReview, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		if !contains(granted, authz.ScopeAll) {
			q.Where(cyclereview.Or(
				cyclereview.HasServiceWith(servicePredicate(v, granted)),
				cyclereview.HasInformationPageWith(informationPagePredicate(v, granted))))
		}
		return privacy.Allow
	})
}

// FilterAmendmentFlags limits reads of amendment flags.
func FilterAmendmentFlags() privacy.QueryRule {
	return privacy.AmendmentFlagQueryRuleFunc(func(ctx context.Context, q *ent.AmendmentFlagQuery) error {
		v, granted, err := scopes(ctx, authz.TypeAmendmentFlag, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		if !contains(granted, authz.ScopeAll) {
			q.Where(amendmentflag.Or(
				amendmentflag.HasServiceWith(servicePredicate(v, granted)),
				amendmentflag.HasInformationPageWith(informationPagePredicate(v, granted))))
		}
		return privacy.Allow
	})
}
