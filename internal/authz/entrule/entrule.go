// Package entrule turns the caller's scopes from internal/authz into ent
// privacy rules, so that every query, eager-loaded edge, count and node lookup
// is filtered in SQL, and every write is checked against the same scopes.
package entrule

import (
	"context"
	"sync"

	"entgo.io/ent/dialect/sql"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/contact"
	"github.com/localoffer/localoffer/ent/costoption"
	"github.com/localoffer/localoffer/ent/educationdetails"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/location"
	"github.com/localoffer/localoffer/ent/organization"
	"github.com/localoffer/localoffer/ent/ownershipreport"
	"github.com/localoffer/localoffer/ent/predicate"
	"github.com/localoffer/localoffer/ent/privacy"
	"github.com/localoffer/localoffer/ent/providerapplication"
	"github.com/localoffer/localoffer/ent/revision"
	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/viewer"
)

type authorizerKey struct{}

// WithAuthorizer returns a copy of ctx whose privacy rules use a; without
// one, they use the policy embedded in the binary.
func WithAuthorizer(ctx context.Context, a *authz.Authorizer) context.Context {
	return context.WithValue(ctx, authorizerKey{}, a)
}

var (
	defaultOnce       sync.Once
	defaultAuthorizer *authz.Authorizer
	defaultErr        error
)

// Authorizer returns the authorizer of ctx, or the embedded default.
func Authorizer(ctx context.Context) (*authz.Authorizer, error) {
	if a, ok := ctx.Value(authorizerKey{}).(*authz.Authorizer); ok {
		return a, nil
	}
	defaultOnce.Do(func() { defaultAuthorizer, defaultErr = authz.NewDefault() })
	return defaultAuthorizer, defaultErr
}

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

// scopes returns the caller's scopes for an action on a type.
func scopes(ctx context.Context, typ, action string) (viewer.Viewer, []authz.Scope, error) {
	v := viewer.FromContext(ctx)
	a, err := Authorizer(ctx)
	if err != nil {
		return v, nil, err
	}
	return v, a.Scopes(v.PolicyRole(), typ, action), nil
}

// none is a predicate no row satisfies.
func none(s *sql.Selector) { s.Where(sql.False()) }

func contains[T comparable](list []T, value T) bool {
	for _, item := range list {
		if item == value {
			return true
		}
	}
	return false
}

// servicePredicate is the set of services the given scopes cover for the
// caller.
func servicePredicate(v viewer.Viewer, granted []authz.Scope) predicate.Service {
	if contains(granted, authz.ScopeAll) {
		return func(*sql.Selector) {}
	}
	var any []predicate.Service
	for _, scope := range granted {
		switch scope {
		case authz.ScopePublished:
			any = append(any, service.StatusEQ(service.StatusPublished))
		case authz.ScopeManaged:
			if v.SignedIn() {
				any = append(any, service.LeadID(v.UserID), service.HasContentManagersWith(user.ID(v.UserID)))
			}
		case authz.ScopeLed:
			if v.SignedIn() {
				any = append(any, service.LeadID(v.UserID))
			}
		case authz.ScopeCommissioned:
			if v.SignedIn() {
				any = append(any, service.CommissionerID(v.UserID))
			}
		}
	}
	if len(any) == 0 {
		return none
	}
	return service.Or(any...)
}

// informationPagePredicate is servicePredicate for information pages.
func informationPagePredicate(v viewer.Viewer, granted []authz.Scope) predicate.InformationPage {
	if contains(granted, authz.ScopeAll) {
		return func(*sql.Selector) {}
	}
	var any []predicate.InformationPage
	for _, scope := range granted {
		switch scope {
		case authz.ScopePublished:
			any = append(any, informationpage.StatusEQ(informationpage.StatusPublished))
		case authz.ScopeManaged:
			if v.SignedIn() {
				any = append(any, informationpage.LeadID(v.UserID), informationpage.HasContentManagersWith(user.ID(v.UserID)))
			}
		case authz.ScopeLed:
			if v.SignedIn() {
				any = append(any, informationpage.LeadID(v.UserID))
			}
		case authz.ScopeCommissioned:
			if v.SignedIn() {
				any = append(any, informationpage.CommissionerID(v.UserID))
			}
		}
	}
	if len(any) == 0 {
		return none
	}
	return informationpage.Or(any...)
}

// ServiceFilter returns the services the caller may perform action on, for
// domain code that checks a write before making it.
func ServiceFilter(ctx context.Context, action string) (predicate.Service, error) {
	v, granted, err := scopes(ctx, authz.TypeService, action)
	if err != nil {
		return nil, err
	}
	if v.System {
		return func(*sql.Selector) {}, nil
	}
	return servicePredicate(v, granted), nil
}

// InformationPageFilter is ServiceFilter for information pages.
func InformationPageFilter(ctx context.Context, action string) (predicate.InformationPage, error) {
	v, granted, err := scopes(ctx, authz.TypeInformationPage, action)
	if err != nil {
		return nil, err
	}
	if v.System {
		return func(*sql.Selector) {}, nil
	}
	return informationPagePredicate(v, granted), nil
}

// FilterServices limits reads of services to the caller's scopes.
func FilterServices() privacy.QueryRule {
	return privacy.ServiceQueryRuleFunc(func(ctx context.Context, q *ent.ServiceQuery) error {
		v, granted, err := scopes(ctx, authz.TypeService, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		q.Where(servicePredicate(v, granted))
		return privacy.Allow
	})
}

// FilterInformationPages limits reads of information pages to the caller's
// scopes.
func FilterInformationPages() privacy.QueryRule {
	return privacy.InformationPageQueryRuleFunc(func(ctx context.Context, q *ent.InformationPageQuery) error {
		v, granted, err := scopes(ctx, authz.TypeInformationPage, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		q.Where(informationPagePredicate(v, granted))
		return privacy.Allow
	})
}

// FilterOrganizations limits reads of organisations to those with at least
// one service the caller may read under the organisation's own scopes, so
// that an organisation created by an import held for review stays out of
// the public's sight with its services.
func FilterOrganizations() privacy.QueryRule {
	return privacy.OrganizationQueryRuleFunc(func(ctx context.Context, q *ent.OrganizationQuery) error {
		v, granted, err := scopes(ctx, authz.TypeOrganization, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		if !contains(granted, authz.ScopeAll) {
			q.Where(organization.HasServicesWith(servicePredicate(v, granted)))
		}
		return privacy.Allow
	})
}

// FilterLocations limits reads of locations to those of services the caller
// may read under the location type's scopes.
func FilterLocations() privacy.QueryRule {
	return privacy.LocationQueryRuleFunc(func(ctx context.Context, q *ent.LocationQuery) error {
		v, granted, err := scopes(ctx, authz.TypeLocation, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		if !contains(granted, authz.ScopeAll) {
			q.Where(location.HasServicesWith(servicePredicate(v, granted)))
		}
		return privacy.Allow
	})
}

// FilterContacts limits reads of contacts to those of services the caller
// may read under the contact type's scopes.
func FilterContacts() privacy.QueryRule {
	return privacy.ContactQueryRuleFunc(func(ctx context.Context, q *ent.ContactQuery) error {
		v, granted, err := scopes(ctx, authz.TypeContact, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		q.Where(contact.HasServiceWith(servicePredicate(v, granted)))
		return privacy.Allow
	})
}

// FilterSchedules limits reads of schedules likewise.
func FilterSchedules() privacy.QueryRule {
	return privacy.ScheduleQueryRuleFunc(func(ctx context.Context, q *ent.ScheduleQuery) error {
		v, granted, err := scopes(ctx, authz.TypeSchedule, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		q.Where(schedule.HasServiceWith(servicePredicate(v, granted)))
		return privacy.Allow
	})
}

// FilterCostOptions limits reads of cost options likewise.
func FilterCostOptions() privacy.QueryRule {
	return privacy.CostOptionQueryRuleFunc(func(ctx context.Context, q *ent.CostOptionQuery) error {
		v, granted, err := scopes(ctx, authz.TypeCostOption, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		q.Where(costoption.HasServiceWith(servicePredicate(v, granted)))
		return privacy.Allow
	})
}

// FilterEducationDetails limits reads of education details likewise.
func FilterEducationDetails() privacy.QueryRule {
	return privacy.EducationDetailsQueryRuleFunc(func(ctx context.Context, q *ent.EducationDetailsQuery) error {
		v, granted, err := scopes(ctx, authz.TypeEducationDetails, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		q.Where(educationdetails.HasServiceWith(servicePredicate(v, granted)))
		return privacy.Allow
	})
}

// FilterUsers limits reads of accounts: their own, those of colleagues who
// share content with them, or all of them for LO officers.
func FilterUsers() privacy.QueryRule {
	return privacy.UserQueryRuleFunc(func(ctx context.Context, q *ent.UserQuery) error {
		v, granted, err := scopes(ctx, authz.TypeUser, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		if contains(granted, authz.ScopeAll) {
			return privacy.Allow
		}
		var any []predicate.User
		if v.SignedIn() && contains(granted, authz.ScopeOwn) {
			any = append(any, user.ID(v.UserID))
		}
		if v.SignedIn() && contains(granted, authz.ScopeColleagues) {
			managed := servicePredicate(v, []authz.Scope{authz.ScopeManaged})
			managedPages := informationPagePredicate(v, []authz.Scope{authz.ScopeManaged})
			any = append(any,
				user.HasLedServicesWith(managed), user.HasManagedServicesWith(managed), user.HasCommissionedServicesWith(managed),
				user.HasLedPagesWith(managedPages), user.HasManagedPagesWith(managedPages), user.HasCommissionedPagesWith(managedPages),
			)
		}
		if len(any) == 0 {
			q.Where(none)
		} else {
			q.Where(user.Or(any...))
		}
		return privacy.Allow
	})
}

// FilterProviderApplications limits reads of sign-ups to the applicant's own
// and, for LO officers, all.
func FilterProviderApplications() privacy.QueryRule {
	return privacy.ProviderApplicationQueryRuleFunc(func(ctx context.Context, q *ent.ProviderApplicationQuery) error {
		v, granted, err := scopes(ctx, authz.TypeProviderApplication, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		switch {
		case contains(granted, authz.ScopeAll):
		case contains(granted, authz.ScopeOwn) && v.SignedIn():
			q.Where(providerapplication.ApplicantID(v.UserID))
		default:
			q.Where(none)
		}
		return privacy.Allow
	})
}

// FilterOwnershipReports limits reads of ownership reports to the reporter's
// own and, for LO officers, all.
func FilterOwnershipReports() privacy.QueryRule {
	return privacy.OwnershipReportQueryRuleFunc(func(ctx context.Context, q *ent.OwnershipReportQuery) error {
		v, granted, err := scopes(ctx, authz.TypeOwnershipReport, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		switch {
		case contains(granted, authz.ScopeAll):
		case contains(granted, authz.ScopeOwn) && v.SignedIn():
			q.Where(ownershipreport.ReporterID(v.UserID))
		default:
			q.Where(none)
		}
		return privacy.Allow
	})
}

// FilterAPIKeys limits reads of API keys to roles with the all scope.
func FilterAPIKeys() privacy.QueryRule {
	return privacy.APIKeyQueryRuleFunc(func(ctx context.Context, q *ent.APIKeyQuery) error {
		return allOrNothing(ctx, authz.TypeAPIKey, func() { q.Where(none) })
	})
}

// FilterAuditEvents limits reads of the audit log to roles with the all
// scope.
func FilterAuditEvents() privacy.QueryRule {
	return privacy.AuditEventQueryRuleFunc(func(ctx context.Context, q *ent.AuditEventQuery) error {
		return allOrNothing(ctx, authz.TypeAuditEvent, func() { q.Where(none) })
	})
}

// FilterNotifications limits reads of the outbox to roles with the all scope.
func FilterNotifications() privacy.QueryRule {
	return privacy.NotificationQueryRuleFunc(func(ctx context.Context, q *ent.NotificationQuery) error {
		return allOrNothing(ctx, authz.TypeNotification, func() { q.Where(none) })
	})
}

func allOrNothing(ctx context.Context, typ string, filterAll func()) error {
	_, granted, err := scopes(ctx, typ, authz.ActionRead)
	if err != nil {
		return privacy.Denyf("load policy: %v", err)
	}
	if !contains(granted, authz.ScopeAll) {
		filterAll()
	}
	return privacy.Allow
}

// DenyQuery filters out every row for callers other than the system, for
// records that are only ever read by the product itself (sessions, tokens).
func DenyQuery() privacy.QueryRule {
	return privacy.ContextQueryMutationRule(func(context.Context) error {
		return privacy.Denyf("only the system reads these records")
	})
}

// CheckServiceWrites allows a write to services only when every service it
// touches is within the caller's scopes for updating (or removing).
func CheckServiceWrites() privacy.MutationRule {
	return privacy.ServiceMutationRuleFunc(func(ctx context.Context, m *ent.ServiceMutation) error {
		action := mutationAction(m.Op())
		v, granted, err := scopes(ctx, authz.TypeService, action)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		if m.Op().Is(ent.OpCreate) {
			if len(granted) > 0 {
				return privacy.Allow
			}
			return privacy.Denyf("%s may not create services", v.PolicyRole())
		}
		ids, err := m.IDs(ctx)
		if err != nil {
			return privacy.Denyf("find services to change: %v", err)
		}
		n, err := m.Client().Service.Query().Where(service.IDIn(ids...), servicePredicate(v, granted)).Count(ctx)
		if err != nil {
			return privacy.Denyf("check services to change: %v", err)
		}
		if n != len(ids) {
			return privacy.Denyf("%s may not %s %d of these services", v.PolicyRole(), action, len(ids)-n)
		}
		return privacy.Allow
	})
}

// CheckInformationPageWrites is CheckServiceWrites for information pages.
func CheckInformationPageWrites() privacy.MutationRule {
	return privacy.InformationPageMutationRuleFunc(func(ctx context.Context, m *ent.InformationPageMutation) error {
		action := mutationAction(m.Op())
		v, granted, err := scopes(ctx, authz.TypeInformationPage, action)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		if m.Op().Is(ent.OpCreate) {
			if len(granted) > 0 {
				return privacy.Allow
			}
			return privacy.Denyf("%s may not create information pages", v.PolicyRole())
		}
		ids, err := m.IDs(ctx)
		if err != nil {
			return privacy.Denyf("find information pages to change: %v", err)
		}
		n, err := m.Client().InformationPage.Query().Where(informationpage.IDIn(ids...), informationPagePredicate(v, granted)).Count(ctx)
		if err != nil {
			return privacy.Denyf("check information pages to change: %v", err)
		}
		if n != len(ids) {
			return privacy.Denyf("%s may not %s %d of these information pages", v.PolicyRole(), action, len(ids)-n)
		}
		return privacy.Allow
	})
}

func mutationAction(op ent.Op) string {
	switch {
	case op.Is(ent.OpCreate):
		return authz.ActionCreate
	case op.Is(ent.OpDelete) || op.Is(ent.OpDeleteOne):
		return authz.ActionRemove
	default:
		return authz.ActionUpdate
	}
}

// DenyMutation rejects any write that an earlier rule did not allow: such
// writes go through domain code that runs them as the system after checking
// the caller's rights.
func DenyMutation() privacy.MutationRule {
	return privacy.AlwaysDenyRule()
}

// FilterChangeRequests limits reads of change requests to those about
// content in the caller's scopes for change requests, their own, or all.
func FilterChangeRequests() privacy.QueryRule {
	return privacy.ChangeRequestQueryRuleFunc(func(ctx context.Context, q *ent.ChangeRequestQuery) error {
		v, granted, err := scopes(ctx, authz.TypeChangeRequest, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		if contains(granted, authz.ScopeAll) {
			return privacy.Allow
		}
		var any []predicate.ChangeRequest
		if v.SignedIn() && contains(granted, authz.ScopeOwn) {
			any = append(any, changerequest.AuthorID(v.UserID))
		}
		if v.SignedIn() {
			any = append(any,
				changerequest.HasServiceWith(servicePredicate(v, granted)),
				changerequest.HasInformationPageWith(informationPagePredicate(v, granted)))
		}
		if len(any) == 0 {
			q.Where(none)
		} else {
			q.Where(changerequest.Or(any...))
		}
		return privacy.Allow
	})
}

// FilterRevisions limits reads of revisions to those of content in the
// caller's scopes for revisions.
func FilterRevisions() privacy.QueryRule {
	return privacy.RevisionQueryRuleFunc(func(ctx context.Context, q *ent.RevisionQuery) error {
		v, granted, err := scopes(ctx, authz.TypeRevision, authz.ActionRead)
		if err != nil {
			return privacy.Denyf("load policy: %v", err)
		}
		if contains(granted, authz.ScopeAll) {
			return privacy.Allow
		}
		q.Where(revision.Or(
			revision.HasServiceWith(servicePredicate(v, granted)),
			revision.HasInformationPageWith(informationPagePredicate(v, granted))))
		return privacy.Allow
	})
}
