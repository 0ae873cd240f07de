package entrule

import (
	"context"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/privacy"
	"github.com/localoffer/localoffer/ent/slaacceptance"
	"github.com/localoffer/localoffer/internal/authz"
)

// FilterReviewCycles limits reads of review cycles to roles with the all
// scope: providers and the LO team.
func FilterReviewCycles() privacy.QueryRule {
	return privacy.ReviewCycleQueryRuleFunc(func(ctx context.Context, q *ent.ReviewCycleQuery) error {
		return allOrNothing(ctx, authz.TypeReviewCycle, func() { q.Where(none) })
	})
}

// FilterBankHolidays limits reads of bank holidays as FilterReviewCycles
// does, because they are the calendar the cycles are made from.
func FilterBankHolidays() privacy.QueryRule {
	return privacy.BankHolidayQueryRuleFunc(func(ctx context.Context, q *ent.BankHolidayQuery) error {
		return allOrNothing(ctx, authz.TypeBankHoliday, func() { q.Where(none) })
	})
}

// FilterSLAVersions limits reads of the service level agreement's versions
// to roles with the all scope.
func FilterSLAVersions() privacy.QueryRule {
	return privacy.SLAVersionQueryRuleFunc(func(ctx context.Context, q *ent.SLAVersionQuery) error {
		return allOrNothing(ctx, authz.TypeSLAVersion, func() { q.Where(none) })
	})
}

// FilterSLAAcceptances limits reads of acceptances of the service level
// agreement to the caller's own and, for the LO team, all.
func FilterSLAAcceptances() privacy.QueryRule {
	return privacy.SLAAcceptanceQueryRuleFunc(func(ctx context.Context, q *ent.SLAAcceptanceQuery) error {
		v, granted, err := scopes(ctx, authz.TypeSLAAcceptance, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		switch {
		case contains(granted, authz.ScopeAll):
		case contains(granted, authz.ScopeOwn) && v.SignedIn():
			q.Where(slaacceptance.UserID(v.UserID))
		default:
			q.Where(none)
		}
		return privacy.Allow
	})
}
