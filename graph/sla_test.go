package graph_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/seed"
	"github.com/localoffer/localoffer/internal/sla"
)

const (
	acceptAgreementDoc  = `mutation($input: AcceptServiceLevelAgreementInput!) { acceptServiceLevelAgreement(input: $input) { acceptance { id acceptedAt agreement { version } user { id } } } }`
	publishAgreementDoc = `mutation($input: PublishServiceLevelAgreementInput!) { publishServiceLevelAgreement(input: $input) { serviceLevelAgreement { id version text publishedAt } } }`
	agreementDoc        = `{ serviceLevelAgreement { version text publishedAt acceptance { id acceptedAt } } }`
	createCycleDoc      = `mutation($input: CreateReviewCycleInput!) { createReviewCycle(input: $input) { reviewCycle { ` + cycleFields + ` } } }`
	updateCycleDoc      = `mutation($input: UpdateReviewCycleInput!) { updateReviewCycle(input: $input) { reviewCycle { ` + cycleFields + ` } } }`
	cycleFields         = `id name feedbackCirculatedOn responsesDueOn updateNotificationsOn updatesDueOn responsesDeadline updatesDeadline`
	addHolidayDoc       = `mutation($input: AddBankHolidayInput!) { addBankHoliday(input: $input) { bankHoliday { id date name } } }`
	removeHolidayDoc    = `mutation($input: RemoveBankHolidayInput!) { removeBankHoliday(input: $input) { bankHoliday { id date name } } }`
)

// slaDesk is a published service whose lead has not accepted the service
// level agreement, with a content manager who has, and an LO officer and
// LO admin, all signed in.
type slaDesk struct {
	*directory
	service                                           *ent.Service
	lead, manager, officer, admin                     *ent.User
	leadToken, managerToken, officerToken, adminToken string
}

func newSLADesk(t *testing.T) *slaDesk {
	t.Helper()
	d := newDirectory(t)
	s := &slaDesk{directory: d}
	s.lead = d.CreateUserWithoutSLA(t, user.RoleProvider, user.StatusActive)
	s.manager = d.CreateUser(t, user.RoleProvider, user.StatusActive)
	s.officer = d.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	s.admin = d.CreateUser(t, user.RoleLOAdmin, user.StatusActive)
	s.service = d.add("Riverside Play Scheme", func(c *ent.ServiceCreate) {
		c.SetSummary("Holiday play for disabled children.").SetLeadID(s.lead.ID).AddContentManagers(s.manager)
	})
	s.leadToken = d.SignIn(t, s.lead)
	s.managerToken = d.SignIn(t, s.manager)
	s.officerToken = d.SignIn(t, s.officer)
	s.adminToken = d.SignIn(t, s.admin)
	return s
}

// draft saves a change to the service's summary as the token's user and
// returns the draft's id.
func (s *slaDesk) draft(token, summary string) uuid.UUID {
	s.t.Helper()
	var data struct {
		SaveChangeRequest struct{ ChangeRequest struct{ ID uuid.UUID } }
	}
	s.MustQueryAs(s.t, token, saveChangeRequestDoc,
		input(map[string]any{"serviceId": s.service.ID, "service": map[string]any{"summary": summary}}), &data)
	return data.SaveChangeRequest.ChangeRequest.ID
}

// wantError sends a document as the token's user and fails unless it gets
// one error of the code whose message mentions every string given.
func (s *slaDesk) wantError(token, document string, variables map[string]any, code string, mentions ...string) {
	s.t.Helper()
	res := s.QueryAs(s.t, token, document, variables)
	if len(res.Errors) != 1 || res.Errors[0].Code() != code {
		s.t.Fatalf("errors = %+v, want one %s", res.Errors, code)
	}
	for _, mention := range mentions {
		if !strings.Contains(res.Errors[0].Message, mention) {
			s.t.Errorf("message %q does not mention %q", res.Errors[0].Message, mention)
		}
	}
}

// wantInputError is wantError for a BAD_USER_INPUT on field.
func (s *slaDesk) wantInputError(token, document string, variables map[string]any, field string, mentions ...string) {
	s.t.Helper()
	res := s.QueryAs(s.t, token, document, variables)
	if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" {
		s.t.Fatalf("errors = %+v, want one BAD_USER_INPUT on %s", res.Errors, field)
	}
	if got := res.Errors[0].Extensions["field"]; got != field {
		s.t.Errorf("field = %v, want %s (message %q)", got, field, res.Errors[0].Message)
	}
	for _, mention := range mentions {
		if !strings.Contains(res.Errors[0].Message, mention) {
			s.t.Errorf("message %q does not mention %q", res.Errors[0].Message, mention)
		}
	}
}

func (s *slaDesk) accept(token string, version int) uuid.UUID {
	s.t.Helper()
	var data struct {
		AcceptServiceLevelAgreement struct{ Acceptance struct{ ID uuid.UUID } }
	}
	s.MustQueryAs(s.t, token, acceptAgreementDoc, input(map[string]any{"version": version}), &data)
	return data.AcceptServiceLevelAgreement.Acceptance.ID
}

func (s *slaDesk) publish(text string) int {
	s.t.Helper()
	var data struct {
		PublishServiceLevelAgreement struct{ ServiceLevelAgreement struct{ Version int } }
	}
	s.MustQueryAs(s.t, s.adminToken, publishAgreementDoc, input(map[string]any{"text": text}), &data)
	return data.PublishServiceLevelAgreement.ServiceLevelAgreement.Version
}

func (s *slaDesk) requestState(id uuid.UUID) changerequest.State {
	s.t.Helper()
	return s.Client.ChangeRequest.GetX(s.SystemContext(), id).State
}

func submitVariables(id uuid.UUID) map[string]any {
	return input(map[string]any{"changeRequestId": id})
}

func TestSubmissionNeedsLeadsAcceptance(t *testing.T) {
	t.Parallel()
	s := newSLADesk(t)

	leadDraft := s.draft(s.leadToken, "Holiday play for disabled children and their siblings.")
	s.wantError(s.leadToken, submitChangeRequestDoc, submitVariables(leadDraft), "FORBIDDEN",
		"you have not accepted version 1 of the service level agreement", "acceptServiceLevelAgreement")
	if got := s.requestState(leadDraft); got != changerequest.StateDraft {
		t.Errorf("the lead's request is %s after the rejection, want DRAFT", got)
	}

	// The content manager has accepted the agreement, but the lead has
	// not, so their submission is rejected too, naming the lead.
	managerDraft := s.draft(s.managerToken, "Holiday play for disabled children aged 5 to 16.")
	s.wantError(s.managerToken, submitChangeRequestDoc, submitVariables(managerDraft), "FORBIDDEN",
		s.lead.Name, "has not accepted version 1", "acceptServiceLevelAgreement")

	// Saving with submit: true is rejected as a whole: the draft's new
	// content is not saved either.
	s.wantError(s.managerToken, saveChangeRequestDoc, input(map[string]any{
		"changeRequestId": managerDraft, "service": map[string]any{"summary": "Changed in the rejected save."}, "submit": true,
	}), "FORBIDDEN", "acceptServiceLevelAgreement")
	if proposed := string(s.Client.ChangeRequest.GetX(s.SystemContext(), managerDraft).Proposed); strings.Contains(proposed, "rejected save") {
		t.Errorf("the rejected save changed the draft: %s", proposed)
	}

	s.accept(s.leadToken, 1)

	if got := s.submitState(s.leadToken, leadDraft); got != "SUBMITTED" {
		t.Errorf("lead's submission after accepting: state %s, want SUBMITTED", got)
	}
	other := s.draft(s.managerToken, "Holiday play for disabled children aged 5 to 16.")
	if got := s.submitState(s.managerToken, other); got != "SUBMITTED" {
		t.Errorf("content manager's submission after the lead accepted: state %s, want SUBMITTED", got)
	}
}

func (s *slaDesk) submitState(token string, id uuid.UUID) string {
	s.t.Helper()
	var data struct {
		SubmitChangeRequest struct{ ChangeRequest struct{ State string } }
	}
	s.MustQueryAs(s.t, token, submitChangeRequestDoc, submitVariables(id), &data)
	return data.SubmitChangeRequest.ChangeRequest.State
}

func TestNewAgreementVersionNeedsAcceptanceAgain(t *testing.T) {
	t.Parallel()
	s := newSLADesk(t)
	s.accept(s.leadToken, 1)

	if got := s.publish("Version two: review every six months, and answer feedback within ten working days."); got != 2 {
		t.Fatalf("published version %d, want 2", got)
	}

	draft := s.draft(s.leadToken, "Holiday play for disabled children, now on Saturdays too.")
	s.wantError(s.leadToken, submitChangeRequestDoc, submitVariables(draft), "FORBIDDEN", "version 2", "acceptServiceLevelAgreement")
	s.wantError(s.leadToken, acceptAgreementDoc, input(map[string]any{"version": 1}), "CONFLICT", "no longer current", "version 2")

	s.accept(s.leadToken, 2)

	if got := s.submitState(s.leadToken, draft); got != "SUBMITTED" {
		t.Errorf("state after accepting version 2 = %s, want SUBMITTED", got)
	}
}

func TestOfficersAreNotHeldBackByTheAgreement(t *testing.T) {
	t.Parallel()
	s := newSLADesk(t)

	var data struct {
		SaveChangeRequest struct{ ChangeRequest struct{ State string } }
	}
	s.MustQueryAs(t, s.officerToken, saveChangeRequestDoc, input(map[string]any{
		"serviceId": s.service.ID, "service": map[string]any{"summary": "Edited by the LO team."}, "submit": true,
	}), &data)

	if got := data.SaveChangeRequest.ChangeRequest.State; got != "APPROVED" {
		t.Errorf("officer's own edit of content whose lead has not accepted: state %s, want APPROVED", got)
	}
}

func TestContentWithoutProviderLeadIsNotHeldBack(t *testing.T) {
	t.Parallel()
	s := newSLADesk(t)
	manager := s.CreateUserWithoutSLA(t, user.RoleProvider, user.StatusActive)
	token := s.SignIn(t, manager)
	orphan := s.add("Open Access Swim", func(c *ent.ServiceCreate) { c.AddContentManagers(manager) })
	officerLed := s.add("Council Short Breaks", func(c *ent.ServiceCreate) {
		c.SetLeadID(s.officer.ID).AddContentManagers(manager)
	})

	for _, service := range []*ent.Service{orphan, officerLed} {
		var data struct {
			SaveChangeRequest struct{ ChangeRequest struct{ State string } }
		}
		s.MustQueryAs(t, token, saveChangeRequestDoc, input(map[string]any{
			"serviceId": service.ID, "service": map[string]any{"summary": "Changed by a content manager."}, "submit": true,
		}), &data)
		if got := data.SaveChangeRequest.ChangeRequest.State; got != "SUBMITTED" {
			t.Errorf("%s: state %s, want SUBMITTED", service.Name, got)
		}
	}
}

func TestProposedServiceNeedsAcceptance(t *testing.T) {
	t.Parallel()
	s := newSLADesk(t)
	proposal := input(map[string]any{
		"service": map[string]any{"organizationId": s.org.ID, "name": "Lakeside Sensory Room", "inclusionBasis": "VOLUNTARY"},
		"submit":  true,
	})

	s.wantError(s.leadToken, saveChangeRequestDoc, proposal, "FORBIDDEN", "acceptServiceLevelAgreement")
	if n := s.Client.Service.Query().CountX(s.SystemContext()); n != 1 {
		t.Errorf("services after the rejected proposal = %d, want only the one that was there", n)
	}

	s.accept(s.leadToken, 1)
	var data struct {
		SaveChangeRequest struct{ ChangeRequest struct{ State, Kind string } }
	}
	s.MustQueryAs(t, s.leadToken, saveChangeRequestDoc, proposal, &data)
	if got := data.SaveChangeRequest.ChangeRequest; got.State != "SUBMITTED" || got.Kind != "CREATE" {
		t.Errorf("proposal after accepting = %s %s, want a SUBMITTED CREATE", got.Kind, got.State)
	}
}

func TestReadAndAcceptAgreement(t *testing.T) {
	t.Parallel()
	s := newSLADesk(t)
	type agreement struct {
		ServiceLevelAgreement struct {
			Version     int
			Text        string
			PublishedAt string
			Acceptance  *struct{ ID uuid.UUID }
		}
	}

	var before agreement
	s.MustQueryAs(t, s.leadToken, agreementDoc, nil, &before)
	if before.ServiceLevelAgreement.Version != 1 || before.ServiceLevelAgreement.Text != seed.DefaultAgreement {
		t.Errorf("agreement = version %d, want version 1 with the default text", before.ServiceLevelAgreement.Version)
	}
	if before.ServiceLevelAgreement.Acceptance != nil {
		t.Errorf("acceptance before accepting = %+v, want null", before.ServiceLevelAgreement.Acceptance)
	}

	first := s.accept(s.leadToken, 1)
	again := s.accept(s.leadToken, 1)

	if again != first {
		t.Errorf("accepting again gave acceptance %s, want the first, %s", again, first)
	}
	var after agreement
	s.MustQueryAs(t, s.leadToken, agreementDoc, nil, &after)
	if after.ServiceLevelAgreement.Acceptance == nil || after.ServiceLevelAgreement.Acceptance.ID != first {
		t.Errorf("acceptance after accepting = %+v, want %s", after.ServiceLevelAgreement.Acceptance, first)
	}
	n := s.Client.AuditEvent.Query().Where(auditevent.Action("sla.accepted"), auditevent.ActorID(s.lead.ID)).CountX(s.SystemContext())
	if n != 1 {
		t.Errorf("sla.accepted audit events by the lead = %d, want 1", n)
	}

	var listed struct {
		ServiceLevelAgreement struct {
			Acceptances struct {
				TotalCount int
				Edges      []struct {
					Node struct{ User struct{ ID uuid.UUID } }
				}
			}
		}
	}
	s.MustQueryAs(t, s.officerToken, `{ serviceLevelAgreement { acceptances(first: 1) { totalCount edges { node { user { id } } } } } }`, nil, &listed)
	if got := listed.ServiceLevelAgreement.Acceptances; got.TotalCount != 2 || len(got.Edges) != 1 || got.Edges[0].Node.User.ID != s.manager.ID {
		t.Errorf("acceptances as an officer = %+v, want 2 in all, the content manager's first", got)
	}
	s.wantInputError(s.officerToken, `{ serviceLevelAgreement { acceptances(first: 101) { totalCount } } }`, nil, "first", "between 0 and 100")

	s.wantInputError(s.leadToken, acceptAgreementDoc, input(map[string]any{"version": 0}), "input.version", "no version 0")
	s.wantInputError(s.leadToken, acceptAgreementDoc, input(map[string]any{"version": 2}), "input.version", "current version is 1")
	s.wantError(s.officerToken, acceptAgreementDoc, input(map[string]any{"version": 1}), "FORBIDDEN", "only providers accept it")
}

func TestPublishAgreementChecksText(t *testing.T) {
	t.Parallel()
	s := newSLADesk(t)

	s.wantInputError(s.adminToken, publishAgreementDoc, input(map[string]any{"text": "  \n "}), "input.text", "must not be empty")
	s.wantInputError(s.adminToken, publishAgreementDoc, input(map[string]any{"text": seed.DefaultAgreement}), "input.text", "same as version 1")
	s.wantInputError(s.adminToken, publishAgreementDoc, input(map[string]any{"text": strings.Repeat("a", 50001)}), "input.text", "at most 50000")

	if got := s.publish("  A shorter agreement.\n"); got != 2 {
		t.Errorf("published version %d, want 2", got)
	}
	stored := s.Client.SLAVersion.Query().AllX(s.SystemContext())
	if len(stored) != 2 {
		t.Fatalf("versions = %d, want 2", len(stored))
	}
	for _, v := range stored {
		if v.Version == 2 && (v.Text != "A shorter agreement." || v.PublishedByID == nil || *v.PublishedByID != s.admin.ID) {
			t.Errorf("version 2 = %q by %v, want the trimmed text by the admin", v.Text, v.PublishedByID)
		}
	}

	// The lead is asked to accept it; the content manager, who leads
	// nothing, and the LO team are not.
	emails := s.Client.Notification.Query().
		Where(notification.Template(sla.TemplateAgreementPublished)).AllX(s.SystemContext())
	if len(emails) != 1 || emails[0].Recipient != strings.ToLower(s.lead.Email) {
		t.Fatalf("agreement emails = %+v, want one to the lead %s", emails, s.lead.Email)
	}
	if body := emails[0].Body; !strings.Contains(body, "version 2") || !strings.Contains(body, "acceptServiceLevelAgreement") {
		t.Errorf("email body does not name the version and the mutation that accepts it:\n%s", body)
	}
	if !strings.Contains(emails[0].HTMLBody, "<p>") {
		t.Errorf("email has no HTML body: %q", emails[0].HTMLBody)
	}

	// The LO team sees who is blocked: the lead until they accept.
	notAcceptedDoc := `{ serviceLevelAgreement { version leadsNotAccepted { id } } }`
	var pending struct {
		ServiceLevelAgreement struct {
			Version          int
			LeadsNotAccepted []struct{ ID uuid.UUID }
		}
	}
	s.MustQueryAs(t, s.officerToken, notAcceptedDoc, nil, &pending)
	if got := pending.ServiceLevelAgreement.LeadsNotAccepted; len(got) != 1 || got[0].ID != s.lead.ID {
		t.Errorf("leads not accepted = %+v, want the lead %s only", got, s.lead.ID)
	}
	s.accept(s.leadToken, 2)
	s.MustQueryAs(t, s.officerToken, notAcceptedDoc, nil, &pending)
	if got := pending.ServiceLevelAgreement.LeadsNotAccepted; len(got) != 0 {
		t.Errorf("leads not accepted after the lead accepted = %+v, want none", got)
	}
	s.wantError(s.leadToken, notAcceptedDoc, nil, "FORBIDDEN", "only the LO team")
}

type cycleResult struct {
	ID                                                                        uuid.UUID
	Name                                                                      string
	FeedbackCirculatedOn, ResponsesDueOn, UpdateNotificationsOn, UpdatesDueOn string
	ResponsesDeadline, UpdatesDeadline                                        string
}

func (s *slaDesk) createCycle(fields map[string]any) cycleResult {
	s.t.Helper()
	var data struct {
		CreateReviewCycle struct{ ReviewCycle cycleResult }
	}
	s.MustQueryAs(s.t, s.adminToken, createCycleDoc, input(fields), &data)
	return data.CreateReviewCycle.ReviewCycle
}

// autumnCycle is a cycle across the end of British Summer Time (27 October
// 2030): its responses are due in summer time, its updates in winter.
func autumnCycle(name string) map[string]any {
	return map[string]any{
		"name": name, "feedbackCirculatedOn": "2030-09-02", "responsesDueOn": "2030-09-30",
		"updateNotificationsOn": "2030-10-07", "updatesDueOn": "2030-11-04",
	}
}

func TestCreateReviewCycle(t *testing.T) {
	t.Parallel()
	s := newSLADesk(t)

	cycle := s.createCycle(autumnCycle("Autumn 2030"))

	want := cycleResult{
		ID: cycle.ID, Name: "Autumn 2030",
		FeedbackCirculatedOn: "2030-09-02", ResponsesDueOn: "2030-09-30", UpdateNotificationsOn: "2030-10-07", UpdatesDueOn: "2030-11-04",
		ResponsesDeadline: "2030-09-30T23:00:00Z", UpdatesDeadline: "2030-11-05T00:00:00Z",
	}
	if cycle != want {
		t.Errorf("cycle = %+v\nwant    %+v", cycle, want)
	}
	n := s.Client.AuditEvent.Query().Where(auditevent.Action("review_cycle.created"), auditevent.ObjectID(cycle.ID)).CountX(s.SystemContext())
	if n != 1 {
		t.Errorf("review_cycle.created audit events = %d, want 1", n)
	}

	var listed struct{ ReviewCycles []cycleResult }
	s.MustQueryAs(t, s.leadToken, `{ reviewCycles { `+cycleFields+` } }`, nil, &listed)
	if got := len(listed.ReviewCycles); got != 3 || listed.ReviewCycles[2] != want {
		t.Errorf("reviewCycles as a provider = %+v, want the two default cycles, then the new one", listed.ReviewCycles)
	}
}

func TestCreateReviewCycleChecksInput(t *testing.T) {
	t.Parallel()
	s := newSLADesk(t)
	s.createCycle(autumnCycle("Autumn 2030"))
	with := func(changes map[string]any) map[string]any {
		fields := autumnCycle("Another autumn")
		for k, v := range changes {
			fields[k] = v
		}
		return input(fields)
	}

	tests := []struct {
		name     string
		changes  map[string]any
		field    string
		mentions []string
	}{
		{"responses before feedback", map[string]any{"responsesDueOn": "2030-09-01"}, "input.responsesDueOn",
			[]string{"responses due date 2030-09-01 is not after the feedback circulated date 2030-09-02"}},
		{"notifications on the responses day", map[string]any{"updateNotificationsOn": "2030-09-30"}, "input.updateNotificationsOn",
			[]string{"update notifications date 2030-09-30"}},
		{"updates before notifications", map[string]any{"updatesDueOn": "2030-10-01"}, "input.updatesDueOn",
			[]string{"updates due date 2030-10-01"}},
		{"a mistyped year", map[string]any{"updatesDueOn": "2031-11-04"}, "input.updatesDueOn",
			[]string{"less than a year"}},
		{"an empty name", map[string]any{"name": "   "}, "input.name", []string{"must not be empty"}},
		{"a long name", map[string]any{"name": strings.Repeat("x", 101)}, "input.name", []string{"at most 100"}},
		{"a day February lacks", map[string]any{"feedbackCirculatedOn": "2030-02-30"}, "input.feedbackCirculatedOn",
			[]string{"invalid date", "YYYY-MM-DD"}},
		{"a date with a time", map[string]any{"updatesDueOn": "2030-11-04T00:00:00Z"}, "input.updatesDueOn",
			[]string{"invalid date"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.wantInputError(s.adminToken, createCycleDoc, with(tt.changes), tt.field, tt.mentions...)
		})
	}
	s.wantError(s.adminToken, createCycleDoc, with(map[string]any{"name": "Autumn 2030"}), "CONFLICT", `"Autumn 2030" already exists`)
	s.wantError(s.officerToken, createCycleDoc, with(nil), "FORBIDDEN", "only LO admins")
	if n := s.Client.ReviewCycle.Query().CountX(s.SystemContext()); n != 3 {
		t.Errorf("review cycles = %d, want the two default ones and Autumn 2030", n)
	}
}

func TestUpdateReviewCycle(t *testing.T) {
	t.Parallel()
	s := newSLADesk(t)
	cycle := s.createCycle(autumnCycle("Autumn 2030"))
	s.createCycle(map[string]any{
		"name": "Spring 2031", "feedbackCirculatedOn": "2031-03-03", "responsesDueOn": "2031-03-31",
		"updateNotificationsOn": "2031-04-07", "updatesDueOn": "2031-05-05",
	})
	update := func(fields map[string]any) map[string]any {
		fields["id"] = cycle.ID
		return input(fields)
	}

	var data struct {
		UpdateReviewCycle struct{ ReviewCycle cycleResult }
	}
	s.MustQueryAs(t, s.adminToken, updateCycleDoc, update(map[string]any{"updatesDueOn": "2030-11-11", "name": "Autumn 2030 (late)"}), &data)

	got := data.UpdateReviewCycle.ReviewCycle
	if got.Name != "Autumn 2030 (late)" || got.UpdatesDueOn != "2030-11-11" || got.FeedbackCirculatedOn != "2030-09-02" {
		t.Errorf("updated cycle = %+v, want the new name and deadline, other dates kept", got)
	}
	event := s.Client.AuditEvent.Query().Where(auditevent.Action("review_cycle.updated"), auditevent.ObjectID(cycle.ID)).OnlyX(s.SystemContext())
	if strings.Join(event.ChangedFields, ",") != "name,updates_due_on" {
		t.Errorf("audit changed fields = %v, want name and updates_due_on", event.ChangedFields)
	}

	// Moving the first date past the second blames the date given.
	s.wantInputError(s.adminToken, updateCycleDoc, update(map[string]any{"feedbackCirculatedOn": "2030-10-01"}), "input.feedbackCirculatedOn",
		"is not after the feedback circulated date 2030-10-01")
	s.wantError(s.adminToken, updateCycleDoc, update(map[string]any{"name": "Spring 2031"}), "CONFLICT", "already exists")
	s.wantError(s.adminToken, updateCycleDoc, input(map[string]any{"id": uuid.New(), "name": "Nowhere"}), "NOT_FOUND", "no review cycle with id")
	s.wantError(s.leadToken, updateCycleDoc, update(map[string]any{"name": "Mine now"}), "FORBIDDEN", "only LO admins")
}

func TestBankHolidays(t *testing.T) {
	t.Parallel()
	s := newSLADesk(t)
	type holiday struct {
		ID         uuid.UUID
		Date, Name string
	}

	var year struct{ BankHolidays []holiday }
	s.MustQueryAs(t, s.leadToken, `{ bankHolidays(year: 2027) { id date name } }`, nil, &year)
	if len(year.BankHolidays) != 8 || year.BankHolidays[7].Date != "2027-12-28" || year.BankHolidays[7].Name != "Boxing Day (substitute day)" {
		t.Errorf("2027 = %+v, want its 8 holidays ending with Boxing Day's substitute on 28 December", year.BankHolidays)
	}

	var added struct {
		AddBankHoliday struct{ BankHoliday holiday }
	}
	s.MustQueryAs(t, s.adminToken, addHolidayDoc, input(map[string]any{"date": "2029-01-01", "name": " New Year's Day "}), &added)
	if got := added.AddBankHoliday.BankHoliday; got.Date != "2029-01-01" || got.Name != "New Year's Day" {
		t.Errorf("added = %+v, want 2029-01-01 New Year's Day", got)
	}

	s.wantError(s.adminToken, addHolidayDoc, input(map[string]any{"date": "2029-01-01", "name": "Again"}), "CONFLICT", `already a bank holiday, "New Year's Day"`)
	s.wantInputError(s.adminToken, addHolidayDoc, input(map[string]any{"date": "2029-12-29", "name": "A Saturday"}), "input.date", "Saturday", "substitute day")
	s.wantInputError(s.adminToken, addHolidayDoc, input(map[string]any{"date": "2029-12-31", "name": ""}), "input.name", "must not be empty")
	s.wantInputError(s.leadToken, `{ bankHolidays(year: 0) { id } }`, nil, "year", "from 1 to 9999")

	var removed struct {
		RemoveBankHoliday struct{ BankHoliday holiday }
	}
	s.MustQueryAs(t, s.adminToken, removeHolidayDoc, input(map[string]any{"id": added.AddBankHoliday.BankHoliday.ID}), &removed)
	if removed.RemoveBankHoliday.BankHoliday != added.AddBankHoliday.BankHoliday {
		t.Errorf("removed = %+v, want the holiday as it was", removed.RemoveBankHoliday.BankHoliday)
	}
	s.wantError(s.adminToken, removeHolidayDoc, input(map[string]any{"id": added.AddBankHoliday.BankHoliday.ID}), "NOT_FOUND", "no bank holiday with id")

	var all struct{ BankHolidays []holiday }
	s.MustQueryAs(t, s.officerToken, `{ bankHolidays { date } }`, nil, &all)
	if len(all.BankHolidays) != len(seed.EnglandAndWalesBankHolidays) {
		t.Errorf("all bank holidays = %d, want the %d shipped", len(all.BankHolidays), len(seed.EnglandAndWalesBankHolidays))
	}
}

func TestReviewCyclesMustNotOverlap(t *testing.T) {
	t.Parallel()
	s := newSLADesk(t)
	autumn := s.createCycle(autumnCycle("Autumn 2030"))

	clash := autumnCycle("Extra check 2030")
	clash["feedbackCirculatedOn"], clash["responsesDueOn"] = "2030-10-01", "2030-10-08"
	clash["updateNotificationsOn"], clash["updatesDueOn"] = "2030-10-15", "2030-12-01"
	s.wantInputError(s.adminToken, createCycleDoc, input(clash), "input.feedbackCirculatedOn", `overlaps "Autumn 2030"`, "start this cycle after 2030-11-04")

	later := autumnCycle("Winter 2030-31")
	later["feedbackCirculatedOn"], later["responsesDueOn"] = "2030-11-05", "2030-12-01"
	later["updateNotificationsOn"], later["updatesDueOn"] = "2030-12-07", "2031-01-13"
	winter := s.createCycle(later)

	// Moving the autumn cycle's deadline into the winter cycle is refused
	// too; moving it within its own span is not.
	s.wantInputError(s.adminToken, updateCycleDoc, input(map[string]any{"id": autumn.ID, "updatesDueOn": "2030-11-20"}),
		"input.feedbackCirculatedOn", `overlaps "Winter 2030-31"`)
	var moved struct {
		UpdateReviewCycle struct{ ReviewCycle cycleResult }
	}
	s.MustQueryAs(t, s.adminToken, updateCycleDoc, input(map[string]any{"id": autumn.ID, "updatesDueOn": "2030-11-01"}), &moved)
	if got := moved.UpdateReviewCycle.ReviewCycle.UpdatesDueOn; got != "2030-11-01" {
		t.Errorf("autumn updatesDueOn = %s, want 2030-11-01", got)
	}
	if got := s.Client.ReviewCycle.GetX(s.SystemContext(), winter.ID).UpdatesDueOn.String(); got != "2031-01-13" {
		t.Errorf("winter updatesDueOn = %s, want 2031-01-13 unchanged", got)
	}
}
