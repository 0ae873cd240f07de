package ownership_test

import (
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/ownershipreport"
	"github.com/localoffer/localoffer/ent/providerapplication"
	"github.com/localoffer/localoffer/ent/user"
)

// operation is one mutation of the permission matrix: the document, its
// variables for a fixture, the object whose audit events it writes, and the
// checks of its effects when it succeeds.
type operation struct {
	name      string
	document  string
	variables func(f *fixture) map[string]any
	object    func(f *fixture) uuid.UUID
	// want maps each actor to the expected error code; "" is success.
	want      map[string]string
	succeeded func(t *testing.T, f *fixture)
}

const (
	unauthenticated = "UNAUTHENTICATED"
	notFound        = "NOT_FOUND"
	forbidden       = "FORBIDDEN"
	ok              = ""
)

// officersOnly is the expected outcome of an LO officer's operation on
// content that is not published, which only its lead, content manager and
// commissioner can read besides LO officers.
var officersOnly = map[string]string{
	anonymous: unauthenticated, applicant: notFound, contentManager: forbidden, lead: forbidden,
	otherLead: notFound, commissioner: forbidden, officer: ok, admin: ok,
}

// officersOnlyPublished is officersOnly on published content, which every
// signed-in user can read.
var officersOnlyPublished = map[string]string{
	anonymous: unauthenticated, applicant: forbidden, contentManager: forbidden, lead: forbidden,
	otherLead: forbidden, commissioner: forbidden, officer: ok, admin: ok,
}

func permissionOperations() []operation {
	return []operation{
		{
			name:     "setServiceLead on a draft",
			document: `mutation($input: SetServiceLeadInput!) { setServiceLead(input: $input) { service { id lead { id } } } }`,
			variables: func(f *fixture) map[string]any {
				return map[string]any{"input": map[string]any{"serviceId": f.draft.ID, "userId": f.spare.ID}}
			},
			object: func(f *fixture) uuid.UUID { return f.draft.ID },
			want:   officersOnly,
			succeeded: func(t *testing.T, f *fixture) {
				if got := f.reloadService(t, f.draft.ID).LeadID; got == nil || *got != f.spare.ID {
					t.Errorf("lead = %v, want %s", got, f.spare.ID)
				}
				if got := f.emails(t, f.spare.Email); !slices.Equal(got, []string{"lead_assigned"}) {
					t.Errorf("emails to new lead = %v, want [lead_assigned]", got)
				}
			},
		},
		{
			name:     "setServiceLead on a published service",
			document: `mutation($input: SetServiceLeadInput!) { setServiceLead(input: $input) { service { id } } }`,
			variables: func(f *fixture) map[string]any {
				return map[string]any{"input": map[string]any{"serviceId": f.published.ID, "userId": nil}}
			},
			object: func(f *fixture) uuid.UUID { return f.published.ID },
			want:   officersOnlyPublished,
			succeeded: func(t *testing.T, f *fixture) {
				if got := f.reloadService(t, f.published.ID).LeadID; got != nil {
					t.Errorf("lead = %s, want none (the LO team)", got)
				}
			},
		},
		{
			name:     "setServiceCommissioner",
			document: `mutation($input: SetServiceCommissionerInput!) { setServiceCommissioner(input: $input) { service { commissioner { id } } } }`,
			variables: func(f *fixture) map[string]any {
				return map[string]any{"input": map[string]any{"serviceId": f.draft.ID, "userId": f.spare.ID}}
			},
			object: func(f *fixture) uuid.UUID { return f.draft.ID },
			want:   officersOnly,
			succeeded: func(t *testing.T, f *fixture) {
				if got := f.reloadService(t, f.draft.ID).CommissionerID; got == nil || *got != f.spare.ID {
					t.Errorf("commissioner = %v, want %s", got, f.spare.ID)
				}
			},
		},
		{
			name:     "setInformationPageLead",
			document: `mutation($input: SetInformationPageLeadInput!) { setInformationPageLead(input: $input) { informationPage { lead { id } } } }`,
			variables: func(f *fixture) map[string]any {
				return map[string]any{"input": map[string]any{"informationPageId": f.page.ID, "userId": f.spare.ID}}
			},
			object: func(f *fixture) uuid.UUID { return f.page.ID },
			want:   officersOnlyPublished,
			succeeded: func(t *testing.T, f *fixture) {
				page := f.app.Client.InformationPage.Query().Where(informationpage.ID(f.page.ID)).OnlyX(f.app.SystemContext())
				if page.LeadID == nil || *page.LeadID != f.spare.ID {
					t.Errorf("lead = %v, want %s", page.LeadID, f.spare.ID)
				}
			},
		},
		{
			name:     "setInformationPageCommissioner",
			document: `mutation($input: SetInformationPageCommissionerInput!) { setInformationPageCommissioner(input: $input) { informationPage { id } } }`,
			variables: func(f *fixture) map[string]any {
				return map[string]any{"input": map[string]any{"informationPageId": f.page.ID, "userId": nil}}
			},
			object: func(f *fixture) uuid.UUID { return f.page.ID },
			want:   officersOnlyPublished,
			succeeded: func(t *testing.T, f *fixture) {
				page := f.app.Client.InformationPage.Query().Where(informationpage.ID(f.page.ID)).OnlyX(f.app.SystemContext())
				if page.CommissionerID != nil {
					t.Errorf("commissioner = %s, want none", page.CommissionerID)
				}
			},
		},
		{
			name:     "transferOwnership of listed content",
			document: `mutation($input: TransferOwnershipInput!) { transferOwnership(input: $input) { services { id } informationPages { id } } }`,
			variables: func(f *fixture) map[string]any {
				return map[string]any{"input": map[string]any{
					"fromUserId": f.users[lead].ID, "toUserId": f.spare.ID, "serviceIds": []uuid.UUID{f.draft.ID},
				}}
			},
			object: func(f *fixture) uuid.UUID { return f.draft.ID },
			want:   officersOnly,
			succeeded: func(t *testing.T, f *fixture) {
				if got := f.reloadService(t, f.draft.ID).LeadID; got == nil || *got != f.spare.ID {
					t.Errorf("draft lead = %v, want %s", got, f.spare.ID)
				}
				if got := f.reloadService(t, f.published.ID).LeadID; got == nil || *got != f.users[lead].ID {
					t.Errorf("published service lead = %v, want it unchanged", got)
				}
			},
		},
		{
			name:     "addContentManager on a draft",
			document: `mutation($input: AddContentManagerInput!) { addContentManager(input: $input) { service { id } user { id } } }`,
			variables: func(f *fixture) map[string]any {
				return map[string]any{"input": map[string]any{"serviceId": f.draft.ID, "email": f.spare.Email}}
			},
			object: func(f *fixture) uuid.UUID { return f.draft.ID },
			want: map[string]string{
				anonymous: unauthenticated, applicant: notFound, contentManager: forbidden, lead: ok,
				otherLead: notFound, commissioner: forbidden, officer: ok, admin: ok,
			},
			succeeded: func(t *testing.T, f *fixture) {
				if got := managerIDs(f.reloadService(t, f.draft.ID)); !slices.Contains(got, f.spare.ID) {
					t.Errorf("content managers = %v, want them to include %s", got, f.spare.ID)
				}
				if got := f.emails(t, f.spare.Email); !slices.Equal(got, []string{"content_manager_added"}) {
					t.Errorf("emails to new content manager = %v, want [content_manager_added]", got)
				}
			},
		},
		{
			name:     "addContentManager on a published service",
			document: `mutation($input: AddContentManagerInput!) { addContentManager(input: $input) { service { id } } }`,
			variables: func(f *fixture) map[string]any {
				return map[string]any{"input": map[string]any{"serviceId": f.published.ID, "email": f.spare.Email}}
			},
			object: func(f *fixture) uuid.UUID { return f.published.ID },
			want: map[string]string{
				anonymous: unauthenticated, applicant: forbidden, contentManager: forbidden, lead: ok,
				otherLead: forbidden, commissioner: forbidden, officer: ok, admin: ok,
			},
			succeeded: func(t *testing.T, f *fixture) {
				if got := managerIDs(f.reloadService(t, f.published.ID)); !slices.Contains(got, f.spare.ID) {
					t.Errorf("content managers = %v, want them to include %s", got, f.spare.ID)
				}
			},
		},
		{
			name:     "removeContentManager",
			document: `mutation($input: RemoveContentManagerInput!) { removeContentManager(input: $input) { service { id } } }`,
			variables: func(f *fixture) map[string]any {
				return map[string]any{"input": map[string]any{"serviceId": f.draft.ID, "userId": f.users[contentManager].ID}}
			},
			object: func(f *fixture) uuid.UUID { return f.draft.ID },
			want: map[string]string{
				anonymous: unauthenticated, applicant: notFound, contentManager: forbidden, lead: ok,
				otherLead: notFound, commissioner: forbidden, officer: ok, admin: ok,
			},
			succeeded: func(t *testing.T, f *fixture) {
				if got := managerIDs(f.reloadService(t, f.draft.ID)); len(got) != 0 {
					t.Errorf("content managers = %v, want none", got)
				}
			},
		},
		{
			name:     "reportOwnership",
			document: `mutation($input: ReportOwnershipInput!) { reportOwnership(input: $input) { report { id state kind } } }`,
			variables: func(f *fixture) map[string]any {
				return map[string]any{"input": map[string]any{"serviceId": f.draft.ID, "kind": "NO_LONGER_LEAD", "note": "I have moved to another team."}}
			},
			want: map[string]string{
				anonymous: unauthenticated, applicant: notFound, contentManager: ok, lead: ok,
				otherLead: notFound, commissioner: forbidden, officer: ok, admin: ok,
			},
			succeeded: func(t *testing.T, f *fixture) {
				n := f.app.Client.OwnershipReport.Query().Where(ownershipreport.ServiceID(f.draft.ID)).CountX(f.app.SystemContext())
				if n != 1 {
					t.Errorf("ownership reports on the draft = %d, want 1", n)
				}
			},
		},
		{
			name:     "approveProviderApplication",
			document: `mutation($input: ApproveProviderApplicationInput!) { approveProviderApplication(input: $input) { application { state } service { status } } }`,
			variables: func(f *fixture) map[string]any {
				return map[string]any{"input": map[string]any{"id": f.application().ID}}
			},
			object: func(f *fixture) uuid.UUID { return f.application().ID },
			want: map[string]string{
				anonymous: unauthenticated, applicant: forbidden, contentManager: notFound, lead: notFound,
				otherLead: notFound, commissioner: notFound, officer: ok, admin: ok,
			},
			succeeded: func(t *testing.T, f *fixture) {
				if got := f.application().State; got != providerapplication.StateApproved {
					t.Errorf("application state = %s, want APPROVED", got)
				}
			},
		},
		{
			name:     "declineProviderApplication",
			document: `mutation($input: DeclineProviderApplicationInput!) { declineProviderApplication(input: $input) { application { state declineReason } } }`,
			variables: func(f *fixture) map[string]any {
				return map[string]any{"input": map[string]any{"id": f.application().ID, "reason": "The service is not for children with SEND."}}
			},
			object: func(f *fixture) uuid.UUID { return f.application().ID },
			want: map[string]string{
				anonymous: unauthenticated, applicant: forbidden, contentManager: notFound, lead: notFound,
				otherLead: notFound, commissioner: notFound, officer: ok, admin: ok,
			},
			succeeded: func(t *testing.T, f *fixture) {
				u := f.app.Client.User.Query().Where(user.ID(f.users[applicant].ID)).OnlyX(f.app.SystemContext())
				if u.Status != user.StatusDeclined {
					t.Errorf("applicant status = %s, want DECLINED", u.Status)
				}
			},
		},
		{
			name:     "resolveOwnershipReport",
			document: `mutation($input: ResolveOwnershipReportInput!) { resolveOwnershipReport(input: $input) { report { state resolution } } }`,
			variables: func(f *fixture) map[string]any {
				return map[string]any{"input": map[string]any{"id": f.report().ID, "resolution": "Checked with the trust."}}
			},
			object: func(f *fixture) uuid.UUID { return f.report().ID },
			want: map[string]string{
				anonymous: unauthenticated, applicant: notFound, contentManager: forbidden, lead: notFound,
				otherLead: notFound, commissioner: notFound, officer: ok, admin: ok,
			},
			succeeded: func(t *testing.T, f *fixture) {
				if got := f.report().State; got != ownershipreport.StateResolved {
					t.Errorf("report state = %s, want RESOLVED", got)
				}
			},
		},
	}
}

// application returns the fixture applicant's application, creating it the
// first time. It panics when the database fails, as the ent X methods do.
func (f *fixture) application() *ent.ProviderApplication {
	ctx := f.app.SystemContext()
	existing, err := f.app.Client.ProviderApplication.Query().
		Where(providerapplication.ApplicantID(f.users[applicant].ID)).
		Only(ctx)
	if err == nil {
		return existing
	}
	return f.app.Client.ProviderApplication.Create().
		SetApplicant(f.users[applicant]).
		SetOrganizationName("Meadow Lane Riding for the Disabled").
		SetServiceName("Meadow Lane Riding").
		SetInclusionBasis(providerapplication.InclusionBasisVoluntary).
		SetReason("Riding sessions for disabled children in the district.").
		SaveX(ctx)
}

// report returns the content manager's open report on the draft, creating
// it the first time.
func (f *fixture) report() *ent.OwnershipReport {
	ctx := f.app.SystemContext()
	existing, err := f.app.Client.OwnershipReport.Query().
		Where(ownershipreport.ReporterID(f.users[contentManager].ID)).
		Only(ctx)
	if err == nil {
		return existing
	}
	return f.app.Client.OwnershipReport.Create().
		SetReporter(f.users[contentManager]).
		SetServiceID(f.draft.ID).
		SetKind(ownershipreport.KindNotTheLead).
		SetSuggestedLead("Sam Patel, sam.patel@example.org").
		SaveX(ctx)
}

// TestPermissionMatrix runs every ownership mutation as every actor, each on
// a fresh database, and checks the error code and, on success, the change,
// its audit event, and that a refusal changes nothing.
func TestPermissionMatrix(t *testing.T) {
	t.Parallel()
	for _, op := range permissionOperations() {
		for _, actor := range actors {
			want, listed := op.want[actor]
			if !listed {
				t.Fatalf("%s: no expectation for %s", op.name, actor)
			}
			t.Run(op.name+"/"+actor, func(t *testing.T) {
				t.Parallel()
				f := newFixture(t)
				variables := op.variables(f)
				var object uuid.UUID
				if op.object != nil {
					object = op.object(f)
				}

				res := f.query(t, actor, op.document, variables)

				if got := errorCode(res); got != want {
					t.Fatalf("error code = %q, want %q; errors: %+v", got, want, res.Errors)
				}
				if object == uuid.Nil {
					if want == ok {
						op.succeeded(t, f)
					}
					return
				}
				events := f.auditActions(t, object)
				if want != ok {
					if len(events) != 0 {
						t.Errorf("audit events after a refusal = %v, want none", events)
					}
					if got := f.emails(t, f.spare.Email); len(got) != 0 {
						t.Errorf("emails after a refusal = %v, want none", got)
					}
					return
				}
				if len(events) != 1 {
					t.Errorf("audit events = %v, want one", events)
				}
				op.succeeded(t, f)
			})
		}
	}
}
