package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/privacy"

	"github.com/localoffer/localoffer/internal/authz/entrule"
)

// publicReadPolicy lets the system do anything, lets everyone read what the
// filter rule leaves visible, and rejects every other write.
func publicReadPolicy(filter privacy.QueryRule) ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{entrule.AllowSystem(), filter},
		Mutation: privacy.MutationPolicy{entrule.AllowSystem(), entrule.DenyMutation()},
	}
}

func (Service) Policy() ent.Policy {
	return publicReadPolicy(entrule.FilterPublishedServices())
}

func (InformationPage) Policy() ent.Policy {
	return publicReadPolicy(entrule.FilterPublishedInformationPages())
}

func (Organization) Policy() ent.Policy {
	return publicReadPolicy(entrule.FilterOrganizationsWithPublishedServices())
}

func (Location) Policy() ent.Policy {
	return publicReadPolicy(entrule.FilterLocationsOfPublishedServices())
}

func (Contact) Policy() ent.Policy {
	return publicReadPolicy(entrule.FilterContactsOfPublishedServices())
}

func (Schedule) Policy() ent.Policy {
	return publicReadPolicy(entrule.FilterSchedulesOfPublishedServices())
}

func (CostOption) Policy() ent.Policy {
	return publicReadPolicy(entrule.FilterCostOptionsOfPublishedServices())
}

func (EducationDetails) Policy() ent.Policy {
	return publicReadPolicy(entrule.FilterEducationDetailsOfPublishedServices())
}

func (Taxonomy) Policy() ent.Policy {
	return publicReadPolicy(privacy.AlwaysAllowRule())
}

func (TaxonomyTerm) Policy() ent.Policy {
	return publicReadPolicy(privacy.AlwaysAllowRule())
}

func (SearchSynonym) Policy() ent.Policy {
	return publicReadPolicy(privacy.AlwaysAllowRule())
}
