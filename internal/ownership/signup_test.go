package ownership_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent/providerapplication"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app/apptest"
)

const signUpDocument = `mutation($input: SignUpProviderInput!) {
  signUpProvider(input: $input) { applicationId state }
}`

func signUpInput(email string) map[string]any {
	return map[string]any{"input": map[string]any{
		"name":             "Priya Shah",
		"email":            email,
		"organizationName": "Meadow Lane Riding for the Disabled",
		"serviceName":      "Meadow Lane Riding",
		"serviceSummary":   "Riding sessions for disabled children and young people.",
		"inclusionBasis":   "VOLUNTARY",
		"reason":           "A charity serving children with SEND in the district.",
	}}
}

var invitationToken = regexp.MustCompile(`accept-invitation\?token=([A-Za-z0-9_-]+)`)

// TestSignUpToPendingService follows a provider from sign-up, through an
// officer's approval and the invitation link, to their pending service in
// me, which stays hidden from the public.
func TestSignUpToPendingService(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := f.app.SystemContext()
	email := "Priya.Shah@Example.org"

	var signedUp struct {
		SignUpProvider struct {
			ApplicationID uuid.UUID
			State         string
		}
	}
	f.mustQuery(t, anonymous, signUpDocument, signUpInput(email), &signedUp)
	applicationID := signedUp.SignUpProvider.ApplicationID
	if signedUp.SignUpProvider.State != "PENDING" {
		t.Errorf("state = %s, want PENDING", signedUp.SignUpProvider.State)
	}
	applicantUser := f.app.Client.User.Query().Where(user.Email("priya.shah@example.org")).OnlyX(ctx)
	if applicantUser.Status != user.StatusPendingApproval || applicantUser.Role != user.RoleProvider {
		t.Errorf("applicant = %s %s, want PROVIDER PENDING_APPROVAL", applicantUser.Role, applicantUser.Status)
	}
	if applicantUser.PasswordHash != "" {
		t.Error("applicant has a password hash, want none until the invitation is accepted")
	}
	if got := f.emails(t, applicantUser.Email); !slices.Equal(got, []string{"provider_application_received"}) {
		t.Errorf("emails after sign-up = %v, want [provider_application_received]", got)
	}
	if got := f.auditActions(t, applicationID); !slices.Equal(got, []string{"provider_application.submitted"}) {
		t.Errorf("audit after sign-up = %v, want [provider_application.submitted]", got)
	}

	// The applicant has no password, so cannot sign in.
	login := f.query(t, anonymous, `mutation($input: LoginInput!) { login(input: $input) { token } }`,
		map[string]any{"input": map[string]any{"email": applicantUser.Email, "password": apptest.Password}})
	if got := errorCode(login); got != unauthenticated {
		t.Errorf("login as applicant: code %q, want UNAUTHENTICATED", got)
	}

	var approved struct {
		ApproveProviderApplication struct {
			Application struct{ State string }
			Service     struct {
				ID             uuid.UUID
				Status         string
				Name           string
				Summary        string
				InclusionBasis string
				Lead           struct{ ID uuid.UUID }
				Organization   struct{ Name, Kind string }
			}
		}
	}
	f.mustQuery(t, officer, `mutation($input: ApproveProviderApplicationInput!) {
	  approveProviderApplication(input: $input) {
	    application { state }
	    service { id status name summary inclusionBasis lead { id } organization { name kind } }
	  }
	}`, map[string]any{"input": map[string]any{"id": applicationID}}, &approved)
	created := approved.ApproveProviderApplication.Service
	if approved.ApproveProviderApplication.Application.State != "APPROVED" {
		t.Errorf("application state = %s, want APPROVED", approved.ApproveProviderApplication.Application.State)
	}
	if created.Status != "PENDING" || created.Name != "Meadow Lane Riding" || created.InclusionBasis != "VOLUNTARY" {
		t.Errorf("service = %+v, want a PENDING VOLUNTARY service named Meadow Lane Riding", created)
	}
	if created.Summary != "Riding sessions for disabled children and young people." {
		t.Errorf("summary = %q, want the application's", created.Summary)
	}
	if created.Lead.ID != applicantUser.ID {
		t.Errorf("lead = %s, want the applicant %s", created.Lead.ID, applicantUser.ID)
	}
	if created.Organization.Name != "Meadow Lane Riding for the Disabled" || created.Organization.Kind != "OTHER" {
		t.Errorf("organisation = %+v, want a new OTHER organisation named as applied", created.Organization)
	}
	application := f.app.Client.ProviderApplication.GetX(ctx, applicationID)
	if application.ServiceID == nil || *application.ServiceID != created.ID {
		t.Errorf("application service = %v, want %s", application.ServiceID, created.ID)
	}
	if application.DecidedByID == nil || *application.DecidedByID != f.users[officer].ID {
		t.Errorf("decided by = %v, want the officer", application.DecidedByID)
	}
	if got := f.app.Client.User.GetX(ctx, applicantUser.ID).Status; got != user.StatusInvited {
		t.Errorf("applicant status = %s, want INVITED until they set a password", got)
	}
	wantEmails := []string{"provider_application_received", "provider_application_approved", "invitation"}
	if got := f.emails(t, applicantUser.Email); !slices.Equal(got, wantEmails) {
		t.Errorf("emails = %v, want %v", got, wantEmails)
	}
	if got := f.auditActions(t, applicationID); !slices.Equal(got, []string{"provider_application.submitted", "provider_application.approved"}) {
		t.Errorf("audit = %v, want submitted then approved", got)
	}

	// The public cannot see the pending service.
	node := f.query(t, anonymous, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": created.ID})
	if got := errorCode(node); got != notFound {
		t.Errorf("public node(service): code %q, want NOT_FOUND", got)
	}

	// A second decision is a conflict.
	again := f.query(t, officer, `mutation($input: DeclineProviderApplicationInput!) { declineProviderApplication(input: $input) { application { id } } }`,
		map[string]any{"input": map[string]any{"id": applicationID, "reason": "Changed my mind."}})
	if got := errorCode(again); got != "CONFLICT" {
		t.Errorf("decline after approval: code %q, want CONFLICT", got)
	}

	match := invitationToken.FindStringSubmatch(f.email(t, applicantUser.Email, "invitation"))
	if match == nil {
		t.Fatal("invitation email has no link with a token")
	}
	var accepted struct {
		AcceptInvitation struct{ Token string }
	}
	f.app.MustQueryAs(t, "", `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }`,
		map[string]any{"input": map[string]any{"token": match[1], "password": "a long enough password"}}, &accepted)

	var me struct {
		Me struct {
			Status      string
			LedServices struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						ID     uuid.UUID
						Status string
					}
				}
			}
		}
	}
	f.app.MustQueryAs(t, accepted.AcceptInvitation.Token,
		`{ me { status ledServices { totalCount edges { node { id status } } } } }`, nil, &me)
	if me.Me.Status != "ACTIVE" {
		t.Errorf("me.status = %s, want ACTIVE", me.Me.Status)
	}
	if me.Me.LedServices.TotalCount != 1 || len(me.Me.LedServices.Edges) != 1 ||
		me.Me.LedServices.Edges[0].Node.ID != created.ID || me.Me.LedServices.Edges[0].Node.Status != "PENDING" {
		t.Errorf("me.ledServices = %+v, want the one pending service %s", me.Me.LedServices, created.ID)
	}

	// The service waits in the moderation queue as the applicant's create
	// request, which they can read and the officer can approve.
	var queue struct {
		ChangeRequests struct {
			Edges []struct {
				Node struct {
					ID, Kind, State string
					Service         struct{ ID uuid.UUID }
					Author          struct{ ID uuid.UUID }
				}
			}
		}
	}
	queueDocument := `{ changeRequests(where: {states: [SUBMITTED]}) { edges { node { id kind state service { id } author { id } } } } }`
	f.app.MustQueryAs(t, accepted.AcceptInvitation.Token, queueDocument, nil, &queue)
	if edges := queue.ChangeRequests.Edges; len(edges) != 1 || edges[0].Node.Kind != "CREATE" ||
		edges[0].Node.Service.ID != created.ID || edges[0].Node.Author.ID != applicantUser.ID {
		t.Fatalf("applicant's change requests = %+v, want one submitted CREATE of %s by them", queue.ChangeRequests.Edges, created.ID)
	}
	f.mustQuery(t, officer, `mutation($input: ApproveChangeRequestInput!) { approveChangeRequest(input: $input) { changeRequest { state } } }`,
		map[string]any{"input": map[string]any{"changeRequestId": queue.ChangeRequests.Edges[0].Node.ID}}, nil)
	published := f.query(t, anonymous, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": created.ID})
	if len(published.Errors) != 0 {
		t.Errorf("public node(service) after the create request's approval: %+v, want the service", published.Errors)
	}
}

// TestPendingApplicantCanDoNothing checks that a signed-in applicant (the
// policy's applicant role) reads only their own account and application.
func TestPendingApplicantCanDoNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.application()

	var mine struct {
		ProviderApplications struct{ TotalCount int }
		Me                   struct {
			LedServices struct{ TotalCount int }
		}
	}
	f.mustQuery(t, applicant, `{ providerApplications { totalCount } me { ledServices { totalCount } } }`, nil, &mine)
	if mine.ProviderApplications.TotalCount != 1 {
		t.Errorf("applicant sees %d applications, want only their own", mine.ProviderApplications.TotalCount)
	}

	attempts := map[string]string{
		"approve own application": `mutation($id: ID!) { approveProviderApplication(input: {id: $id}) { service { id } } }`,
		"report ownership":        `mutation($id: ID!) { reportOwnership(input: {serviceId: $id, kind: NO_LONGER_LEAD}) { report { id } } }`,
		"add a content manager":   `mutation($id: ID!) { addContentManager(input: {serviceId: $id, email: "x@example.org"}) { user { id } } }`,
	}
	ids := map[string]any{
		"approve own application": f.application().ID,
		"report ownership":        f.draft.ID,
		"add a content manager":   f.draft.ID,
	}
	for name, document := range attempts {
		res := f.query(t, applicant, document, map[string]any{"id": ids[name]})
		if got := errorCode(res); got != forbidden && got != notFound {
			t.Errorf("%s: code %q, want FORBIDDEN or NOT_FOUND", name, got)
		}
	}
}

// TestDeclineEmailsReason checks a declined applicant's account, email and
// audit event, and that the email cannot sign up again.
func TestDeclineEmailsReason(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var signedUp struct {
		SignUpProvider struct{ ApplicationID uuid.UUID }
	}
	f.mustQuery(t, anonymous, signUpDocument, signUpInput("sam@example.org"), &signedUp)

	f.mustQuery(t, officer, `mutation($input: DeclineProviderApplicationInput!) { declineProviderApplication(input: $input) { application { state } } }`,
		map[string]any{"input": map[string]any{"id": signedUp.SignUpProvider.ApplicationID, "reason": "  The service is outside the district.  "}}, nil)

	ctx := f.app.SystemContext()
	application := f.app.Client.ProviderApplication.GetX(ctx, signedUp.SignUpProvider.ApplicationID)
	if application.State != providerapplication.StateDeclined || application.DeclineReason != "The service is outside the district." {
		t.Errorf("application = %s %q, want DECLINED with the trimmed reason", application.State, application.DeclineReason)
	}
	if got := f.app.Client.User.GetX(ctx, application.ApplicantID).Status; got != user.StatusDeclined {
		t.Errorf("applicant status = %s, want DECLINED", got)
	}
	if body := f.email(t, "sam@example.org", "provider_application_declined"); !regexp.MustCompile(`outside the district`).MatchString(body) {
		t.Errorf("decline email does not give the reason:\n%s", body)
	}
	if n := f.app.Client.Service.Query().Where(service.Name("Meadow Lane Riding")).CountX(ctx); n != 0 {
		t.Errorf("services created for a declined application = %d, want 0", n)
	}
	if got := f.auditActions(t, application.ID); !slices.Equal(got, []string{"provider_application.submitted", "provider_application.declined"}) {
		t.Errorf("audit = %v, want submitted then declined", got)
	}

	again := f.query(t, anonymous, signUpDocument, signUpInput("sam@example.org"))
	if got := errorCode(again); got != "CONFLICT" {
		t.Errorf("sign-up after decline: code %q, want CONFLICT", got)
	}
}

// TestSignUpRejectsBadInput checks the input errors of signUpProvider, each
// with its field, and that none of them creates an account.
func TestSignUpRejectsBadInput(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	long := strings.Repeat("a", 301)
	cases := []struct {
		name  string
		field string
		value any
		code  string
		want  string
	}{
		{"invalid email", "email", "not an email", "BAD_USER_INPUT", "input.email"},
		{"blank name", "name", "   ", "BAD_USER_INPUT", "input.name"},
		{"blank reason", "reason", "", "BAD_USER_INPUT", "input.reason"},
		{"long service name", "serviceName", long, "BAD_USER_INPUT", "input.serviceName"},
		{"existing account", "email", f.users[lead].Email, "CONFLICT", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			variables := signUpInput("new@example.org")
			variables["input"].(map[string]any)[c.field] = c.value

			res := f.query(t, anonymous, signUpDocument, variables)

			if got := errorCode(res); got != c.code {
				t.Fatalf("code = %q, want %q; errors %+v", got, c.code, res.Errors)
			}
			if c.want != "" && res.Errors[0].Extensions["field"] != c.want {
				t.Errorf("field = %v, want %s", res.Errors[0].Extensions["field"], c.want)
			}
		})
	}
	if n := f.app.Client.ProviderApplication.Query().CountX(f.app.SystemContext()); n != 0 {
		t.Errorf("applications after bad input = %d, want 0", n)
	}
}
