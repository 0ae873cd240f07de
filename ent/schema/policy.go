package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/privacy"

	"github.com/localoffer/localoffer/internal/authz/entrule"
)

// readPolicy lets the system do anything and everyone else read what the
// filter rule leaves visible. Writes by anyone but the system are rejected:
// domain code checks the caller's rights, then writes as the system.
func readPolicy(filter privacy.QueryRule) ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{entrule.AllowSystem(), filter},
		Mutation: privacy.MutationPolicy{entrule.AllowSystem(), entrule.DenyMutation()},
	}
}

// contentPolicy is readPolicy for content that providers edit themselves:
// a write is allowed when every record it touches is in the caller's scope.
func contentPolicy(filter privacy.QueryRule, writes privacy.MutationRule) ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{entrule.AllowSystem(), filter},
		Mutation: privacy.MutationPolicy{entrule.AllowSystem(), writes, entrule.DenyMutation()},
	}
}

func (Service) Policy() ent.Policy {
	return contentPolicy(entrule.FilterServices(), entrule.CheckServiceWrites())
}

func (InformationPage) Policy() ent.Policy {
	return contentPolicy(entrule.FilterInformationPages(), entrule.CheckInformationPageWrites())
}

func (Organization) Policy() ent.Policy     { return readPolicy(entrule.FilterOrganizations()) }
func (Location) Policy() ent.Policy         { return readPolicy(entrule.FilterLocations()) }
func (Contact) Policy() ent.Policy          { return readPolicy(entrule.FilterContacts()) }
func (Schedule) Policy() ent.Policy         { return readPolicy(entrule.FilterSchedules()) }
func (CostOption) Policy() ent.Policy       { return readPolicy(entrule.FilterCostOptions()) }
func (EducationDetails) Policy() ent.Policy { return readPolicy(entrule.FilterEducationDetails()) }
func (Taxonomy) Policy() ent.Policy         { return readPolicy(privacy.AlwaysAllowRule()) }
func (TaxonomyTerm) Policy() ent.Policy     { return readPolicy(privacy.AlwaysAllowRule()) }
func (SearchSynonym) Policy() ent.Policy    { return readPolicy(privacy.AlwaysAllowRule()) }
func (User) Policy() ent.Policy             { return readPolicy(entrule.FilterUsers()) }
func (Session) Policy() ent.Policy          { return readPolicy(entrule.DenyQuery()) }
func (OneTimeToken) Policy() ent.Policy     { return readPolicy(entrule.DenyQuery()) }
func (SignInFailure) Policy() ent.Policy    { return readPolicy(entrule.DenyQuery()) }
func (APIKey) Policy() ent.Policy           { return readPolicy(entrule.FilterAPIKeys()) }
func (AuditEvent) Policy() ent.Policy       { return readPolicy(entrule.FilterAuditEvents()) }
func (Notification) Policy() ent.Policy     { return readPolicy(entrule.FilterNotifications()) }

func (ProviderApplication) Policy() ent.Policy {
	return readPolicy(entrule.FilterProviderApplications())
}

func (OwnershipReport) Policy() ent.Policy {
	return readPolicy(entrule.FilterOwnershipReports())
}

func (ChangeRequest) Policy() ent.Policy { return readPolicy(entrule.FilterChangeRequests()) }
func (Revision) Policy() ent.Policy      { return readPolicy(entrule.FilterRevisions()) }

func (ReviewCycle) Policy() ent.Policy   { return readPolicy(entrule.FilterReviewCycles()) }
func (BankHoliday) Policy() ent.Policy   { return readPolicy(entrule.FilterBankHolidays()) }
func (SLAVersion) Policy() ent.Policy    { return readPolicy(entrule.FilterSLAVersions()) }
func (SLAAcceptance) Policy() ent.Policy { return readPolicy(entrule.FilterSLAAcceptances()) }

func (ReviewRecord) Policy() ent.Policy  { return readPolicy(entrule.FilterReviewRecords()) }
func (CycleReview) Policy() ent.Policy   { return readPolicy(entrule.FilterCycleReviews()) }
func (AmendmentFlag) Policy() ent.Policy { return readPolicy(entrule.FilterAmendmentFlags()) }

func (Feedback) Policy() ent.Policy           { return readPolicy(entrule.FilterFeedback()) }
func (FeedbackContact) Policy() ent.Policy    { return readPolicy(entrule.FilterFeedbackContacts()) }
func (FeedbackResponse) Policy() ent.Policy   { return readPolicy(entrule.FilterFeedbackResponses()) }
func (EngagementActivity) Policy() ent.Policy { return readPolicy(entrule.FilterEngagementActivities()) }
func (AnnualReport) Policy() ent.Policy       { return readPolicy(entrule.FilterAnnualReports()) }
func (ReportSignOff) Policy() ent.Policy      { return readPolicy(entrule.FilterReportSignOffs()) }
