// Package entrule turns the caller's access into ent privacy rules, so that
// every query, eager-loaded edge, count and node lookup is filtered in SQL.
package entrule

import (
	"context"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/contact"
	"github.com/localoffer/localoffer/ent/costoption"
	"github.com/localoffer/localoffer/ent/educationdetails"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/location"
	"github.com/localoffer/localoffer/ent/organization"
	"github.com/localoffer/localoffer/ent/privacy"
	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/viewer"
)

// AllowSystem lets the product's own work (seeding, imports, sweeps) read and
// write everything.
func AllowSystem() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx).System {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// DenyMutation rejects any write that an earlier rule did not allow.
func DenyMutation() privacy.MutationRule {
	return privacy.AlwaysDenyRule()
}

// FilterPublishedServices limits the public to published services.
func FilterPublishedServices() privacy.QueryRule {
	return privacy.ServiceQueryRuleFunc(func(_ context.Context, q *ent.ServiceQuery) error {
		q.Where(service.StatusEQ(service.StatusPublished))
		return privacy.Allow
	})
}

// FilterPublishedInformationPages limits the public to published pages.
func FilterPublishedInformationPages() privacy.QueryRule {
	return privacy.InformationPageQueryRuleFunc(func(_ context.Context, q *ent.InformationPageQuery) error {
		q.Where(informationpage.StatusEQ(informationpage.StatusPublished))
		return privacy.Allow
	})
}

// FilterOrganizationsWithPublishedServices limits the public to organisations
// that have at least one published service, so that an organisation created
// by an import held for review stays out of sight with its services.
func FilterOrganizationsWithPublishedServices() privacy.QueryRule {
	return privacy.OrganizationQueryRuleFunc(func(_ context.Context, q *ent.OrganizationQuery) error {
		q.Where(organization.HasServicesWith(service.StatusEQ(service.StatusPublished)))
		return privacy.Allow
	})
}

// FilterLocationsOfPublishedServices limits the public to locations where at
// least one published service is delivered.
func FilterLocationsOfPublishedServices() privacy.QueryRule {
	return privacy.LocationQueryRuleFunc(func(_ context.Context, q *ent.LocationQuery) error {
		q.Where(location.HasServicesWith(service.StatusEQ(service.StatusPublished)))
		return privacy.Allow
	})
}

// FilterContactsOfPublishedServices limits the public to contacts of
// published services.
func FilterContactsOfPublishedServices() privacy.QueryRule {
	return privacy.ContactQueryRuleFunc(func(_ context.Context, q *ent.ContactQuery) error {
		q.Where(contact.HasServiceWith(service.StatusEQ(service.StatusPublished)))
		return privacy.Allow
	})
}

// FilterSchedulesOfPublishedServices limits the public to schedules of
// published services.
func FilterSchedulesOfPublishedServices() privacy.QueryRule {
	return privacy.ScheduleQueryRuleFunc(func(_ context.Context, q *ent.ScheduleQuery) error {
		q.Where(schedule.HasServiceWith(service.StatusEQ(service.StatusPublished)))
		return privacy.Allow
	})
}

// FilterCostOptionsOfPublishedServices limits the public to cost options of
// published services.
func FilterCostOptionsOfPublishedServices() privacy.QueryRule {
	return privacy.CostOptionQueryRuleFunc(func(_ context.Context, q *ent.CostOptionQuery) error {
		q.Where(costoption.HasServiceWith(service.StatusEQ(service.StatusPublished)))
		return privacy.Allow
	})
}

// FilterEducationDetailsOfPublishedServices limits the public to the
// education details of published services.
func FilterEducationDetailsOfPublishedServices() privacy.QueryRule {
	return privacy.EducationDetailsQueryRuleFunc(func(_ context.Context, q *ent.EducationDetailsQuery) error {
		q.Where(educationdetails.HasServiceWith(service.StatusEQ(service.StatusPublished)))
		return privacy.Allow
	})
}
