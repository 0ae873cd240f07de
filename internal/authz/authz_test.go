package authz_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/policies"
)

func newAuthorizer(t *testing.T) *authz.Authorizer {
	t.Helper()
	a, err := authz.NewDefault()
	if err != nil {
		t.Fatalf("load embedded policy: %v", err)
	}
	return a
}

// The policy alone, without a database: who may do what to a record, given
// their relation to it.
func TestPolicyDecisions(t *testing.T) {
	a := newAuthorizer(t)
	R := func(rs ...authz.Relation) []authz.Relation { return rs }
	tests := []struct {
		role      authz.Role
		typ       string
		action    string
		relations []authz.Relation
		want      bool
	}{
		// The public reads published content and nothing else.
		{authz.RoleAnonymous, authz.TypeService, authz.ActionRead, R(authz.RelationPublic), true},
		{authz.RoleAnonymous, authz.TypeService, authz.ActionRead, R(authz.RelationNone), false},
		{authz.RoleAnonymous, authz.TypeService, authz.ActionUpdate, R(authz.RelationPublic), false},
		{authz.RoleAnonymous, authz.TypeUser, authz.ActionRead, R(authz.RelationNone), false},
		{authz.RoleAnonymous, authz.TypeProviderApplication, authz.ActionCreate, R(authz.RelationNone), true},
		{authz.RoleAnonymous, authz.TypeAuditEvent, authz.ActionRead, R(authz.RelationNone), false},
		// A pending applicant can see their own account and no more.
		{authz.RoleApplicant, authz.TypeUser, authz.ActionRead, R(authz.RelationSelf), true},
		{authz.RoleApplicant, authz.TypeService, authz.ActionUpdate, R(authz.RelationLead), false},
		{authz.RoleApplicant, authz.TypeService, authz.ActionRead, R(authz.RelationLead), false},
		// Providers: rights follow from their relation to the content.
		{authz.RoleProvider, authz.TypeService, authz.ActionUpdate, R(authz.RelationLead), true},
		{authz.RoleProvider, authz.TypeService, authz.ActionUpdate, R(authz.RelationContentManager), true},
		{authz.RoleProvider, authz.TypeService, authz.ActionUpdate, R(authz.RelationCommissioner), false},
		{authz.RoleProvider, authz.TypeService, authz.ActionUpdate, R(authz.RelationNone), false},
		{authz.RoleProvider, authz.TypeService, authz.ActionRead, R(authz.RelationCommissioner), true},
		{authz.RoleProvider, authz.TypeService, authz.ActionManageContentManagers, R(authz.RelationLead), true},
		{authz.RoleProvider, authz.TypeService, authz.ActionManageContentManagers, R(authz.RelationContentManager), false},
		{authz.RoleProvider, authz.TypeService, authz.ActionRemove, R(authz.RelationContentManager), false},
		{authz.RoleProvider, authz.TypeService, authz.ActionTransfer, R(authz.RelationLead), false},
		{authz.RoleProvider, authz.TypeInformationPage, authz.ActionUpdate, R(authz.RelationLead), true},
		{authz.RoleProvider, authz.TypeUser, authz.ActionRead, R(authz.RelationColleague), true},
		{authz.RoleProvider, authz.TypeUser, authz.ActionRead, R(authz.RelationNone), false},
		{authz.RoleProvider, authz.TypeUser, authz.ActionInvite, R(authz.RelationNone), false},
		{authz.RoleProvider, authz.TypeAPIKey, authz.ActionRead, R(authz.RelationNone), false},
		// Relations combine: a published service led by the caller.
		{authz.RoleProvider, authz.TypeService, authz.ActionUpdate, R(authz.RelationPublic, authz.RelationLead), true},
		// LO officers: all content, but not keys or the audit log.
		{authz.RoleLOOfficer, authz.TypeService, authz.ActionUpdate, R(authz.RelationNone), true},
		{authz.RoleLOOfficer, authz.TypeService, authz.ActionTransfer, R(authz.RelationNone), true},
		{authz.RoleLOOfficer, authz.TypeProviderApplication, authz.ActionDecide, R(authz.RelationNone), true},
		{authz.RoleLOOfficer, authz.TypeAPIKey, authz.ActionCreate, R(authz.RelationNone), false},
		{authz.RoleLOOfficer, authz.TypeAuditEvent, authz.ActionRead, R(authz.RelationNone), false},
		{authz.RoleLOOfficer, authz.TypeUser, authz.ActionChangeRole, R(authz.RelationNone), false},
		// LO admins inherit the officers' rights and add their own.
		{authz.RoleLOAdmin, authz.TypeService, authz.ActionUpdate, R(authz.RelationNone), true},
		{authz.RoleLOAdmin, authz.TypeAPIKey, authz.ActionCreate, R(authz.RelationNone), true},
		{authz.RoleLOAdmin, authz.TypeAuditEvent, authz.ActionRead, R(authz.RelationNone), true},
		{authz.RoleLOAdmin, authz.TypeNotification, authz.ActionRead, R(authz.RelationNone), true},
		// Partner keys read what the public reads.
		{authz.RolePartner, authz.TypeService, authz.ActionRead, R(authz.RelationPublic), true},
		{authz.RolePartner, authz.TypeService, authz.ActionRead, R(authz.RelationNone), false},
		{authz.RolePartner, authz.TypeService, authz.ActionUpdate, R(authz.RelationPublic), false},
	}
	for _, tt := range tests {
		name := strings.Join([]string{string(tt.role), tt.action, tt.typ, relationsName(tt.relations)}, " ")
		t.Run(name, func(t *testing.T) {
			if got := a.Allowed(tt.role, tt.typ, tt.action, tt.relations...); got != tt.want {
				t.Errorf("Allowed = %v, want %v", got, tt.want)
			}
		})
	}
}

func relationsName(relations []authz.Relation) string {
	names := make([]string, len(relations))
	for i, r := range relations {
		names[i] = string(r)
	}
	return strings.Join(names, "+")
}

func TestScopesIncludeInheritedRoles(t *testing.T) {
	a := newAuthorizer(t)
	tests := []struct {
		role authz.Role
		typ  string
		want []authz.Scope
	}{
		{authz.RoleAnonymous, authz.TypeService, []authz.Scope{authz.ScopePublished}},
		{authz.RoleApplicant, authz.TypeService, []authz.Scope{authz.ScopePublished}},
		{authz.RoleProvider, authz.TypeService, []authz.Scope{authz.ScopeCommissioned, authz.ScopeManaged, authz.ScopePublished}},
		{authz.RoleLOAdmin, authz.TypeService, []authz.Scope{authz.ScopeAll, authz.ScopePublished}},
		{authz.RoleAnonymous, authz.TypeUser, nil},
		{authz.RoleProvider, authz.TypeUser, []authz.Scope{authz.ScopeColleagues, authz.ScopeOwn}},
	}
	for _, tt := range tests {
		t.Run(string(tt.role)+" "+tt.typ, func(t *testing.T) {
			got := a.Scopes(tt.role, tt.typ, authz.ActionRead)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Scopes = %v, want %v", got, tt.want)
			}
		})
	}
}

// Every type and action the code asks about must have at least one line in
// the policy, or the feature is unusable by everyone.
func TestPolicyCoversEveryTypeAndAction(t *testing.T) {
	a := newAuthorizer(t)
	needed := map[string][]string{
		authz.TypeService:             {authz.ActionRead, authz.ActionCreate, authz.ActionUpdate, authz.ActionRemove, authz.ActionTransfer, authz.ActionManageContentManagers, authz.ActionReportOwnership},
		authz.TypeInformationPage:     {authz.ActionRead, authz.ActionCreate, authz.ActionUpdate, authz.ActionRemove, authz.ActionTransfer, authz.ActionManageContentManagers, authz.ActionReportOwnership},
		authz.TypeOrganization:        {authz.ActionRead, authz.ActionCreate, authz.ActionUpdate},
		authz.TypeLocation:            {authz.ActionRead},
		authz.TypeContact:             {authz.ActionRead},
		authz.TypeSchedule:            {authz.ActionRead},
		authz.TypeCostOption:          {authz.ActionRead},
		authz.TypeEducationDetails:    {authz.ActionRead},
		authz.TypeTaxonomy:            {authz.ActionRead, authz.ActionUpdate},
		authz.TypeTaxonomyTerm:        {authz.ActionRead, authz.ActionUpdate},
		authz.TypeUser:                {authz.ActionRead, authz.ActionUpdate, authz.ActionInvite, authz.ActionChangeRole},
		authz.TypeProviderApplication: {authz.ActionRead, authz.ActionCreate, authz.ActionDecide},
		authz.TypeOwnershipReport:     {authz.ActionRead, authz.ActionCreate, authz.ActionResolve},
		authz.TypeAPIKey:              {authz.ActionRead, authz.ActionCreate, authz.ActionRevoke},
		authz.TypeAuditEvent:          {authz.ActionRead},
		authz.TypeNotification:        {authz.ActionRead},
		authz.TypeReviewCycle:         {authz.ActionRead, authz.ActionCreate, authz.ActionUpdate},
		authz.TypeBankHoliday:         {authz.ActionRead, authz.ActionCreate, authz.ActionRemove},
		authz.TypeSLAVersion:          {authz.ActionRead, authz.ActionCreate},
		authz.TypeSLAAcceptance:       {authz.ActionRead, authz.ActionCreate},
	}
	for typ, actions := range needed {
		for _, action := range actions {
			granted := false
			for _, role := range authz.Roles {
				if len(a.Scopes(role, typ, action)) > 0 {
					granted = true
				}
			}
			if !granted {
				t.Errorf("no role may %s %s: add a line to policies/policy.csv", action, typ)
			}
		}
	}
}

func TestLoadRejectsBrokenPolicy(t *testing.T) {
	if _, err := authz.New(policies.Model, "p, anonymous, service, read\n"); err == nil {
		t.Error("a policy line without a scope was accepted")
	}
	if _, err := authz.New("[request_definition]\nr = sub\n", policies.Policy); err == nil {
		t.Error("a model without matchers was accepted")
	}
}
