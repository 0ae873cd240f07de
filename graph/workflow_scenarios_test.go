package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/ent/revision"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app/apptest"
	"github.com/localoffer/localoffer/internal/events"
)

// scenario is the editorial fixture with a content manager of the service
// and a second LO officer: two authors for two drafts on one service, and
// two officers for two decisions at once.
type scenario struct {
	*editorial
	manager, officer2           *ent.User
	managerToken, officer2Token string
}

func newScenario(t *testing.T) *scenario {
	t.Helper()
	e := newEditorial(t)
	s := &scenario{editorial: e}
	s.manager = e.CreateUser(t, user.RoleProvider, user.StatusActive)
	s.officer2 = e.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	e.Client.Service.UpdateOne(e.service).AddContentManagers(s.manager).ExecX(e.SystemContext())
	s.managerToken = e.SignIn(t, s.manager)
	s.officer2Token = e.SignIn(t, s.officer2)
	return s
}

const (
	scenarioRequestFields = `id kind state baseVersion reason decisionNote reviewerEditedFields publishedWithoutReview
    changes { field recordId change before after }
    conflicts
    service { id slug status version }`
	scenarioRevisionFields = `id version origin changedFields restoredFrom { id }`

	scenarioSaveDoc     = `mutation($input: SaveChangeRequestInput!) { saveChangeRequest(input: $input) { changeRequest { ` + scenarioRequestFields + ` } } }`
	scenarioSubmitDoc   = `mutation($input: ChangeRequestActionInput!) { submitChangeRequest(input: $input) { changeRequest { ` + scenarioRequestFields + ` } } }`
	scenarioWithdrawDoc = `mutation($input: ChangeRequestActionInput!) { withdrawChangeRequest(input: $input) { changeRequest { ` + scenarioRequestFields + ` } } }`
	scenarioApproveDoc  = `mutation($input: ApproveChangeRequestInput!) { approveChangeRequest(input: $input) {
    changeRequest { ` + scenarioRequestFields + ` } revision { ` + scenarioRevisionFields + ` } } }`
	scenarioRejectDoc = `mutation($input: RejectChangeRequestInput!) { rejectChangeRequest(input: $input) { changeRequest { ` + scenarioRequestFields + ` } } }`
	// scenarioRequestsDoc lists the change requests the caller may read,
	// drafts included. node(id) does not resolve change requests.
	scenarioRequestsDoc = `query { changeRequests(first: 100, orderBy: {field: CREATED_AT, direction: ASC}) {
    edges { node { ` + scenarioRequestFields + ` } } } }`
	// scenarioServiceDoc reads a service by id, whatever its status, for
	// the officer.
	scenarioServiceDoc = `query($id: ID!) { node(id: $id) { ... on Service { id slug name summary status version lastReviewedAt reviewDueAt } } }`
	scenarioPublicDoc  = `query($slug: String!) { service(slug: $slug) {
    id name summary version
    locations { id name postcode }
    contacts { id name email }
    schedules { id weekday opensAt closesAt }
    costOptions { id option }
    taxonomyTerms { id }
  } }`
)

type scenarioChange struct {
	Field         string
	RecordID      *uuid.UUID
	Change        string
	Before, After *string
}

// scenarioRequest is a change request as scenarioRequestFields selects it.
type scenarioRequest struct {
	ID                     uuid.UUID
	Kind, State            string
	BaseVersion            int
	Reason, DecisionNote   *string
	ReviewerEditedFields   []string
	PublishedWithoutReview bool
	Changes                []scenarioChange
	Conflicts              []string
	Service                *struct {
		ID      uuid.UUID
		Slug    string
		Status  string
		Version int
	}
}

type scenarioRevision struct {
	ID            uuid.UUID
	Version       int
	Origin        string
	ChangedFields []string
	RestoredFrom  *struct{ ID uuid.UUID }
}

type scenarioDecision struct {
	ChangeRequest scenarioRequest
	Revision      *scenarioRevision
}

// scenarioService is a service as scenarioServiceDoc selects it.
type scenarioService struct {
	ID             uuid.UUID
	Slug           string
	Name, Summary  string
	Status         string
	Version        int
	LastReviewedAt *string
	ReviewDueAt    *string
}

// publicService is a service as the public reads it with
// scenarioPublicDoc.
type publicService struct {
	ID        uuid.UUID
	Name      string
	Summary   string
	Version   int
	Locations []struct {
		ID             uuid.UUID
		Name, Postcode string
	}
	Contacts []struct {
		ID          uuid.UUID
		Name, Email string
	}
	Schedules []struct {
		ID                uuid.UUID
		Weekday           *string
		OpensAt, ClosesAt string
	}
	CostOptions []struct {
		ID     uuid.UUID
		Option string
	}
	TaxonomyTerms []struct{ ID uuid.UUID }
}

func (s *scenario) saveAs(token string, fields map[string]any) scenarioRequest {
	s.t.Helper()
	var data struct {
		SaveChangeRequest struct{ ChangeRequest scenarioRequest }
	}
	s.MustQueryAs(s.t, token, scenarioSaveDoc, input(fields), &data)
	return data.SaveChangeRequest.ChangeRequest
}

func (s *scenario) submitAs(token string, id uuid.UUID) scenarioRequest {
	s.t.Helper()
	var data struct {
		SubmitChangeRequest struct{ ChangeRequest scenarioRequest }
	}
	s.MustQueryAs(s.t, token, scenarioSubmitDoc, input(map[string]any{"changeRequestId": id}), &data)
	return data.SubmitChangeRequest.ChangeRequest
}

// propose saves a draft on the service with changes and submits it.
func (s *scenario) propose(token string, changes map[string]any) scenarioRequest {
	s.t.Helper()
	return s.saveAs(token, map[string]any{"serviceId": s.service.ID, "service": changes, "submit": true})
}

func (s *scenario) approveAs(token string, fields map[string]any) scenarioDecision {
	s.t.Helper()
	var data struct{ ApproveChangeRequest scenarioDecision }
	s.MustQueryAs(s.t, token, scenarioApproveDoc, input(fields), &data)
	return data.ApproveChangeRequest
}

func (s *scenario) approve(id uuid.UUID) scenarioDecision {
	s.t.Helper()
	return s.approveAs(s.officerToken, map[string]any{"changeRequestId": id})
}

func (s *scenario) rejectAs(token string, id uuid.UUID, reason string) scenarioRequest {
	s.t.Helper()
	var data struct {
		RejectChangeRequest struct{ ChangeRequest scenarioRequest }
	}
	s.MustQueryAs(s.t, token, scenarioRejectDoc, input(map[string]any{"changeRequestId": id, "reason": reason}), &data)
	return data.RejectChangeRequest.ChangeRequest
}

// request reads a change request as the caller with token, failing the
// test when the caller cannot list it.
func (s *scenario) request(token string, id uuid.UUID) scenarioRequest {
	s.t.Helper()
	var data struct {
		ChangeRequests struct {
			Edges []struct{ Node scenarioRequest }
		}
	}
	s.MustQueryAs(s.t, token, scenarioRequestsDoc, nil, &data)
	for _, e := range data.ChangeRequests.Edges {
		if e.Node.ID == id {
			return e.Node
		}
	}
	s.t.Fatalf("change request %s is not among the %d the caller can list", id, len(data.ChangeRequests.Edges))
	return scenarioRequest{}
}

// officerView reads a service as the officer, whatever its status.
func (s *scenario) officerView(id uuid.UUID) scenarioService {
	s.t.Helper()
	var data struct{ Node *scenarioService }
	s.MustQueryAs(s.t, s.officerToken, scenarioServiceDoc, map[string]any{"id": id}, &data)
	if data.Node == nil {
		s.t.Fatalf("service %s: node is null for the officer", id)
	}
	return *data.Node
}

// public reads a service by slug as the public; nil when the public query
// does not find it.
func (s *scenario) public(slug string) *publicService {
	s.t.Helper()
	res := s.Query(s.t, scenarioPublicDoc, map[string]any{"slug": slug})
	var data struct{ Service *publicService }
	if err := json.Unmarshal(res.Data, &data); err != nil {
		s.t.Fatalf("decode public service %q: %v\n%s", slug, err, res.Data)
	}
	if data.Service == nil && (len(res.Errors) != 1 || res.Errors[0].Code() != "NOT_FOUND") {
		s.t.Errorf("public service %q: errors %+v, want one NOT_FOUND", slug, res.Errors)
	}
	return data.Service
}

// outbox returns the emails of template to recipient waiting in the
// outbox, oldest first.
func (s *scenario) outbox(template, recipient string) []*ent.Notification {
	s.t.Helper()
	return s.Client.Notification.Query().
		Where(notification.Template(template), notification.Recipient(recipient)).
		Order(ent.Asc(notification.FieldCreatedAt)).
		AllX(s.SystemContext())
}

// revisions returns the service's revisions, oldest first. A BASELINE
// revision, which records content published before it had revisions, is
// left out: the scenarios count what their own steps published.
func (s *scenario) revisions(serviceID uuid.UUID) []*ent.Revision {
	s.t.Helper()
	return s.Client.Revision.Query().
		Where(revision.ServiceID(serviceID), revision.OriginNEQ(revision.OriginBaseline)).
		Order(ent.Asc(revision.FieldVersion)).
		AllX(s.SystemContext())
}

// stored reads a service as it is in the database, past the privacy rules.
func (s *scenario) stored(id uuid.UUID) *ent.Service {
	s.t.Helper()
	return s.Client.Service.GetX(s.SystemContext(), id)
}

// failure returns the only error of res, failing the test when there is
// not exactly one.
func failure(t *testing.T, res apptest.Response) apptest.Error {
	t.Helper()
	if len(res.Errors) != 1 {
		t.Fatalf("errors = %+v, want exactly one", res.Errors)
	}
	return res.Errors[0]
}

func TestWorkflowRejectWithReason(t *testing.T) {
	s := newScenario(t)
	cr := s.propose(s.leadToken, map[string]any{"summary": "Drop-in advice, now on Saturdays too."})

	const reason = "Saturday opening is not confirmed yet: send the change again once it is."
	rejected := s.rejectAs(s.officerToken, cr.ID, reason)
	if rejected.State != "REJECTED" {
		t.Errorf("state = %s, want REJECTED", rejected.State)
	}

	seen := s.request(s.leadToken, cr.ID)
	if seen.State != "REJECTED" {
		t.Errorf("state the author sees = %s, want REJECTED", seen.State)
	}
	if seen.DecisionNote == nil || *seen.DecisionNote != reason {
		t.Errorf("decisionNote the author sees = %v, want %q", seen.DecisionNote, reason)
	}

	emails := s.outbox("change_request_rejected", s.lead.Email)
	if len(emails) != 1 {
		t.Fatalf("change_request_rejected emails to the author = %d, want 1", len(emails))
	}
	if !strings.Contains(emails[0].Body, reason) {
		t.Errorf("email body does not give the reason:\n%s", emails[0].Body)
	}
	if got := emails[0].Subject; got != "Not published: Family Support Hub" {
		t.Errorf("email subject = %q, want %q", got, "Not published: Family Support Hub")
	}

	if got := s.publicSummary(); got != "Drop-in advice for families." {
		t.Errorf("public summary = %q, want the published one", got)
	}
	if got := s.stored(s.service.ID).Version; got != s.service.Version {
		t.Errorf("service version = %d, want %d", got, s.service.Version)
	}
	if got := len(s.revisions(s.service.ID)); got != 0 {
		t.Errorf("revisions = %d, want 0", got)
	}
}

func TestWorkflowConflictingApproval(t *testing.T) {
	s := newScenario(t)
	first := s.propose(s.leadToken, map[string]any{"summary": "Drop-in advice on Mondays."})
	second := s.propose(s.managerToken, map[string]any{"summary": "Drop-in advice on Fridays."})
	if first.ID == second.ID {
		t.Fatalf("both authors continued change request %s, want one each", first.ID)
	}
	s.approve(first.ID)

	// Everything the failed approval might have touched, as it was before.
	before := s.stored(s.service.ID)
	revisionsBefore := len(s.revisions(s.service.ID))

	res := s.QueryAs(t, s.officerToken, scenarioApproveDoc, input(map[string]any{"changeRequestId": second.ID}))
	e := failure(t, res)
	if e.Code() != "CONFLICT" {
		t.Errorf("code = %s (%s), want CONFLICT", e.Code(), e.Message)
	}
	if !strings.Contains(e.Message, "summary") {
		t.Errorf("message %q does not name the field summary", e.Message)
	}

	after := s.stored(s.service.ID)
	if after.Version != before.Version || after.Summary != before.Summary {
		t.Errorf("service after the failed approval = version %d, summary %q; want version %d, summary %q",
			after.Version, after.Summary, before.Version, before.Summary)
	}
	if got := len(s.revisions(s.service.ID)); got != revisionsBefore {
		t.Errorf("revisions = %d, want %d", got, revisionsBefore)
	}
	if got := s.publicSummary(); got != "Drop-in advice on Mondays." {
		t.Errorf("public summary = %q, want the first approved one", got)
	}

	seen := s.request(s.managerToken, second.ID)
	if seen.State != "SUBMITTED" {
		t.Errorf("state after the failed approval = %s, want SUBMITTED", seen.State)
	}
	if !slices.Equal(seen.Conflicts, []string{"summary"}) {
		t.Errorf("conflicts = %q, want [summary]", seen.Conflicts)
	}
	emails := s.outbox("change_request_conflict", s.manager.Email)
	if len(emails) != 1 {
		t.Fatalf("change_request_conflict emails to the author = %d, want 1", len(emails))
	}
	if !strings.Contains(emails[0].Body, "summary") {
		t.Errorf("conflict email does not name the field:\n%s", emails[0].Body)
	}
	// A second attempt on the same published version asks only once.
	if e := failure(t, s.QueryAs(t, s.officer2Token, scenarioApproveDoc, input(map[string]any{"changeRequestId": second.ID}))); e.Code() != "CONFLICT" {
		t.Errorf("second attempt: code = %s (%s), want CONFLICT", e.Code(), e.Message)
	}
	if got := len(s.outbox("change_request_conflict", s.manager.Email)); got != 1 {
		t.Errorf("change_request_conflict emails after a second attempt = %d, want 1", got)
	}

	// Saving again bases the draft on the published version and keeps the
	// author's own summary; then approval goes through.
	rebased := s.saveAs(s.managerToken, map[string]any{"changeRequestId": second.ID, "submit": true})
	if rebased.State != "SUBMITTED" || rebased.BaseVersion != after.Version {
		t.Errorf("rebased request = state %s, base version %d; want SUBMITTED on version %d", rebased.State, rebased.BaseVersion, after.Version)
	}
	if len(rebased.Conflicts) != 0 {
		t.Errorf("conflicts after the rebase = %q, want none", rebased.Conflicts)
	}
	approved := s.approve(second.ID)
	if approved.ChangeRequest.State != "APPROVED" {
		t.Errorf("state = %s, want APPROVED", approved.ChangeRequest.State)
	}
	if got := s.publicSummary(); got != "Drop-in advice on Fridays." {
		t.Errorf("public summary = %q, want the rebased one", got)
	}
}

func TestWorkflowMergingApproval(t *testing.T) {
	s := newScenario(t)
	summary := s.propose(s.leadToken, map[string]any{"summary": "Drop-in advice and a parents' group."})
	contact := s.propose(s.managerToken, map[string]any{
		"contacts": []map[string]any{{"name": "Asha Patel", "email": "asha.patel@example.org"}},
	})

	first := s.approve(summary.ID)
	second := s.approve(contact.ID)
	if first.Revision == nil || second.Revision == nil {
		t.Fatalf("revisions = %+v, %+v; want one for each approval", first.Revision, second.Revision)
	}
	if got, want := second.Revision.Version, first.Revision.Version+1; got != want {
		t.Errorf("second revision version = %d, want %d", got, want)
	}
	if !slices.Equal(second.Revision.ChangedFields, []string{"contacts"}) {
		t.Errorf("second revision changedFields = %q, want [contacts]", second.Revision.ChangedFields)
	}

	got := s.public(s.service.Slug)
	if got == nil {
		t.Fatal("the public cannot find the service")
	}
	if got.Summary != "Drop-in advice and a parents' group." {
		t.Errorf("summary = %q, want the first change's", got.Summary)
	}
	if len(got.Contacts) != 1 || got.Contacts[0].Name != "Asha Patel" || got.Contacts[0].Email != "asha.patel@example.org" {
		t.Errorf("contacts = %+v, want Asha Patel from the second change", got.Contacts)
	}
}

// postAs sends a GraphQL document with a bearer token and returns the
// response. Unlike apptest's helpers it reports transport failures as an
// error, so that it can run outside the test's goroutine.
func postAs(serverURL, token, query string, variables map[string]any) (apptest.Response, error) {
	var out apptest.Response
	body, err := json.Marshal(map[string]any{"query": query, "variables": variables})
	if err != nil {
		return out, err
	}
	req, err := http.NewRequest(http.MethodPost, serverURL+"/graphql", bytes.NewReader(body))
	if err != nil {
		return out, err
	}
	req.Header = apptest.Bearer(token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return out, fmt.Errorf("post /graphql: %w", err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return out, fmt.Errorf("decode response (status %d): %w", res.StatusCode, err)
	}
	return out, nil
}

func TestWorkflowConcurrentApprovals(t *testing.T) {
	s := newScenario(t)
	seen := recordEvents(s)
	cr := s.propose(s.leadToken, map[string]any{"summary": "Drop-in advice every weekday."})

	responses := s.approveAtOnce([]string{s.officerToken, s.officer2Token}, []uuid.UUID{cr.ID, cr.ID})

	var approved, conflicts int
	for i, res := range responses {
		switch {
		case len(res.Errors) == 0:
			approved++
		case len(res.Errors) == 1 && res.Errors[0].Code() == "CONFLICT":
			conflicts++
		default:
			t.Errorf("officer %d: errors %+v, want none or one CONFLICT", i+1, res.Errors)
		}
	}
	if approved != 1 || conflicts != 1 {
		t.Errorf("approved %d, conflicts %d; want exactly one of each", approved, conflicts)
	}
	if got := len(s.revisions(s.service.ID)); got != 1 {
		t.Errorf("revisions = %d, want 1", got)
	}
	if got := s.stored(s.service.ID).Version; got != s.service.Version+1 {
		t.Errorf("service version = %d, want %d", got, s.service.Version+1)
	}
	if got := len(s.outbox("change_request_approved", s.lead.Email)); got != 1 {
		t.Errorf("change_request_approved emails = %d, want 1", got)
	}
	if got := seen(); len(got) != 1 {
		t.Errorf("events = %+v, want one", got)
	}
}

// approveAtOnce sends one approveChangeRequest per officer token at the
// same moment, for the request of the same index, and returns the
// responses in that order.
func (s *scenario) approveAtOnce(tokens []string, ids []uuid.UUID) []apptest.Response {
	s.t.Helper()
	responses := make([]apptest.Response, len(tokens))
	failures := make([]error, len(tokens))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, token := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			responses[i], failures[i] = postAs(s.Server.URL, token, scenarioApproveDoc, input(map[string]any{"changeRequestId": ids[i]}))
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range failures {
		if err != nil {
			s.t.Fatalf("approval %d: %v", i+1, err)
		}
	}
	return responses
}

func TestWorkflowConcurrentApprovalsOfTwoRequests(t *testing.T) {
	s := newScenario(t)
	summary := s.propose(s.leadToken, map[string]any{"summary": "Drop-in advice every weekday."})
	contact := s.propose(s.managerToken, map[string]any{"contacts": []map[string]any{{"name": "Asha Patel"}}})

	responses := s.approveAtOnce([]string{s.officerToken, s.officer2Token}, []uuid.UUID{summary.ID, contact.ID})

	// The requests change different fields, so both go through: the
	// approval that loses the race to publish starts again on the version
	// the other published, and merges.
	for i, res := range responses {
		if len(res.Errors) != 0 {
			t.Errorf("approval %d: errors %+v, want none", i+1, res.Errors)
		}
	}
	if got := len(s.revisions(s.service.ID)); got != 2 {
		t.Errorf("revisions = %d, want one per approval", got)
	}
	stored := s.stored(s.service.ID)
	if stored.Version != s.service.Version+2 || stored.Summary != "Drop-in advice every weekday." {
		t.Errorf("service = v%d %q, want v%d with the new summary", stored.Version, stored.Summary, s.service.Version+2)
	}
}

const scenarioBulkDoc = `mutation($input: ApproveChangeRequestsInput!) { approveChangeRequests(input: $input) {
  approved { id state decisionNote }
  failed { changeRequestId code message }
} }`

func TestWorkflowBulkApproval(t *testing.T) {
	s := newScenario(t)
	other := s.add("Hilltop Youth Club", func(c *ent.ServiceCreate) { c.SetSummary("Evening sessions.").SetLeadID(s.lead.ID) })
	third := s.add("Riverside Sensory Play", func(c *ent.ServiceCreate) { c.SetLeadID(s.lead.ID) })

	summary := s.propose(s.leadToken, map[string]any{"summary": "Drop-in advice on Mondays."})
	clashing := s.propose(s.managerToken, map[string]any{"summary": "Drop-in advice on Fridays."})
	elsewhere := s.saveAs(s.leadToken, map[string]any{"serviceId": other.ID, "service": map[string]any{"minAge": 11}, "submit": true})
	draft := s.saveAs(s.leadToken, map[string]any{"serviceId": third.ID, "service": map[string]any{"summary": "Sensory play for under-fives."}})
	unknown := uuid.Must(uuid.NewV7())

	var data struct {
		ApproveChangeRequests struct {
			Approved []struct {
				ID           uuid.UUID
				State        string
				DecisionNote *string
			}
			Failed []struct {
				ChangeRequestID uuid.UUID
				Code, Message   string
			}
		}
	}
	ids := []uuid.UUID{summary.ID, clashing.ID, elsewhere.ID, draft.ID, unknown, summary.ID}
	s.MustQueryAs(t, s.officerToken, scenarioBulkDoc, input(map[string]any{"changeRequestIds": ids, "note": "Checked in the weekly review."}), &data)

	out := data.ApproveChangeRequests
	var approved []uuid.UUID
	for _, a := range out.Approved {
		approved = append(approved, a.ID)
		if a.State != "APPROVED" || a.DecisionNote == nil || *a.DecisionNote != "Checked in the weekly review." {
			t.Errorf("approved %s = state %s, note %v; want APPROVED with the note", a.ID, a.State, a.DecisionNote)
		}
	}
	if want := []uuid.UUID{summary.ID, elsewhere.ID}; !slices.Equal(approved, want) {
		t.Errorf("approved = %v, want %v (the repeated id once)", approved, want)
	}

	type failed struct {
		id   uuid.UUID
		code string
	}
	var got []failed
	for _, f := range out.Failed {
		got = append(got, failed{f.ChangeRequestID, f.Code})
		if f.Message == "" {
			t.Errorf("failure of %s has no message", f.ChangeRequestID)
		}
	}
	want := []failed{{clashing.ID, "CONFLICT"}, {draft.ID, "BAD_USER_INPUT"}, {unknown, "NOT_FOUND"}}
	if !slices.Equal(got, want) {
		t.Errorf("failed = %+v, want %+v", got, want)
	}

	if got := s.stored(other.ID); got.MinAge == nil || *got.MinAge != 11 {
		t.Errorf("Hilltop Youth Club minAge = %v, want 11", got.MinAge)
	}
	if got := s.request(s.leadToken, draft.ID).State; got != "DRAFT" {
		t.Errorf("draft state = %s, want DRAFT", got)
	}
	if got := s.request(s.managerToken, clashing.ID).State; got != "SUBMITTED" {
		t.Errorf("conflicting request state = %s, want SUBMITTED", got)
	}
}

func TestWorkflowTrustedOrganisation(t *testing.T) {
	s := newScenario(t)
	var trusted struct {
		SetOrganizationTrusted struct{ Organization struct{ Trusted bool } }
	}
	s.MustQueryAs(t, s.officerToken, `mutation($input: SetOrganizationTrustedInput!) {
  setOrganizationTrusted(input: $input) { organization { trusted } } }`,
		input(map[string]any{"organizationId": s.org.ID, "trusted": true}), &trusted)
	if !trusted.SetOrganizationTrusted.Organization.Trusted {
		t.Fatal("organisation not trusted after setOrganizationTrusted")
	}

	cr := s.propose(s.leadToken, map[string]any{"summary": "Drop-in advice, published straight away."})
	if cr.State != "APPROVED" || !cr.PublishedWithoutReview {
		t.Errorf("request = state %s, publishedWithoutReview %v; want APPROVED without review", cr.State, cr.PublishedWithoutReview)
	}
	if got := s.publicSummary(); got != "Drop-in advice, published straight away." {
		t.Errorf("public summary = %q, want the trusted change", got)
	}
	revisions := s.revisions(s.service.ID)
	if len(revisions) != 1 || revisions[0].Origin != revision.OriginTrusted {
		t.Errorf("revisions = %+v, want one of origin TRUSTED", revisions)
	}
	if len(revisions) == 1 && revisions[0].ApproverID != nil {
		t.Errorf("trusted revision approver = %s, want none", revisions[0].ApproverID)
	}

	const listDoc = `query { changeRequests(where: {publishedWithoutReview: true}) { totalCount edges { node { id } } } }`
	list := func() []uuid.UUID {
		t.Helper()
		var data struct {
			ChangeRequests struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID uuid.UUID } }
			}
		}
		s.MustQueryAs(t, s.officerToken, listDoc, nil, &data)
		var ids []uuid.UUID
		for _, e := range data.ChangeRequests.Edges {
			ids = append(ids, e.Node.ID)
		}
		if data.ChangeRequests.TotalCount != len(ids) {
			t.Errorf("totalCount = %d, edges = %d", data.ChangeRequests.TotalCount, len(ids))
		}
		return ids
	}
	if got := list(); !slices.Equal(got, []uuid.UUID{cr.ID}) {
		t.Errorf("published without review = %v, want [%s]", got, cr.ID)
	}

	var checked struct {
		MarkChangeRequestChecked struct {
			ChangeRequest struct{ CheckedAt *string }
		}
	}
	s.MustQueryAs(t, s.officerToken, `mutation($input: ChangeRequestActionInput!) {
  markChangeRequestChecked(input: $input) { changeRequest { checkedAt } } }`,
		input(map[string]any{"changeRequestId": cr.ID}), &checked)
	if checked.MarkChangeRequestChecked.ChangeRequest.CheckedAt == nil {
		t.Error("checkedAt is null after markChangeRequestChecked")
	}
	if got := list(); len(got) != 0 {
		t.Errorf("published without review after the check = %v, want none", got)
	}
}

func TestWorkflowOfficerDirectEdit(t *testing.T) {
	s := newScenario(t)
	seen := recordEvents(s)
	before := s.officerView(s.service.ID)

	cr := s.propose(s.officerToken, map[string]any{"summary": "Drop-in advice, corrected by the Local Offer team."})
	if cr.State != "APPROVED" {
		t.Errorf("state = %s, want APPROVED at once", cr.State)
	}
	if got := s.publicSummary(); got != "Drop-in advice, corrected by the Local Offer team." {
		t.Errorf("public summary = %q, want the officer's edit", got)
	}

	revisions := s.revisions(s.service.ID)
	if len(revisions) != 1 {
		t.Fatalf("revisions = %d, want 1", len(revisions))
	}
	rev := revisions[0]
	if rev.Origin != revision.OriginDirectEdit || rev.Version != before.Version+1 {
		t.Errorf("revision = origin %s, version %d; want DIRECT_EDIT, version %d", rev.Origin, rev.Version, before.Version+1)
	}
	if rev.AuthorID == nil || *rev.AuthorID != s.officer.ID {
		t.Errorf("revision author = %v, want the officer %s", rev.AuthorID, s.officer.ID)
	}
	if !slices.Equal(rev.ChangedFields, []string{"summary"}) {
		t.Errorf("revision changedFields = %q, want [summary]", rev.ChangedFields)
	}

	after := s.officerView(s.service.ID)
	if !equalText(after.LastReviewedAt, before.LastReviewedAt) || !equalText(after.ReviewDueAt, before.ReviewDueAt) {
		t.Errorf("review dates = %v, %v; want %v, %v as before: an officer's edit is not the provider's review",
			after.LastReviewedAt, after.ReviewDueAt, before.LastReviewedAt, before.ReviewDueAt)
	}
	// The officer decided their own change, so no approval email is sent
	// to them.
	if got := len(s.outbox("change_request_approved", s.officer.Email)); got != 0 {
		t.Errorf("change_request_approved emails to the officer = %d, want 0", got)
	}
	// The edit publishes inside the mutation's own transaction; its event
	// still waits for the commit.
	want := []seenEvent{{
		event:         events.ContentChanged{Action: events.Published, ContentType: "service", ID: s.service.ID, Version: before.Version + 1},
		storedVersion: before.Version + 1,
	}}
	if got := seen(); !slices.Equal(got, want) {
		t.Errorf("events = %+v, want %+v", got, want)
	}
}

func equalText(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// recordEvents subscribes to the content events and returns what they
// delivered so far. Each event is stored with the service's version as the
// database held it when the event arrived, which shows whether the change
// had committed.
func recordEvents(s *scenario) func() []seenEvent {
	var mu sync.Mutex
	var seen []seenEvent
	s.Events.Subscribe(func(_ context.Context, e events.ContentChanged) {
		version := -1
		if got, err := s.Client.Service.Get(s.SystemContext(), e.ID); err == nil {
			version = got.Version
		}
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, seenEvent{event: e, storedVersion: version})
	})
	return func() []seenEvent {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(seen)
	}
}

type seenEvent struct {
	event         events.ContentChanged
	storedVersion int
}

func TestWorkflowRemoval(t *testing.T) {
	s := newScenario(t)
	seen := recordEvents(s)
	open := s.saveAs(s.managerToken, map[string]any{"serviceId": s.service.ID, "service": map[string]any{"summary": "Drop-in advice in the library."}})

	const reason = "The hub closed for good in March."
	cr := s.saveAs(s.leadToken, map[string]any{"serviceId": s.service.ID, "kind": "REMOVE", "reason": reason, "submit": true})
	if cr.Kind != "REMOVE" || cr.State != "SUBMITTED" || cr.Reason == nil || *cr.Reason != reason {
		t.Fatalf("removal request = %+v, want a SUBMITTED REMOVE with the reason", cr)
	}
	if len(cr.Changes) != 0 {
		t.Errorf("removal changes = %+v, want none", cr.Changes)
	}

	decided := s.approve(cr.ID)
	if decided.ChangeRequest.State != "APPROVED" || decided.Revision != nil {
		t.Errorf("decision = state %s, revision %+v; want APPROVED and no revision", decided.ChangeRequest.State, decided.Revision)
	}

	archived := s.officerView(s.service.ID)
	if archived.Status != "ARCHIVED" || archived.Version != s.service.Version+1 {
		t.Errorf("service = status %s, version %d; want ARCHIVED, version %d", archived.Status, archived.Version, s.service.Version+1)
	}
	if got := s.public(s.service.Slug); got != nil {
		t.Errorf("the public still finds the service: %+v", got)
	}
	if got := s.request(s.managerToken, open.ID); got.State != "WITHDRAWN" {
		t.Errorf("other open draft = %s, want WITHDRAWN", got.State)
	}
	if got := len(s.outbox("change_request_approved", s.lead.Email)); got != 1 {
		t.Errorf("emails to the lead about the removal = %d, want 1", got)
	}

	want := []seenEvent{{
		event:         events.ContentChanged{Action: events.Archived, ContentType: "service", ID: s.service.ID, Version: s.service.Version + 1},
		storedVersion: s.service.Version + 1,
	}}
	if got := seen(); !slices.Equal(got, want) {
		t.Errorf("events = %+v, want %+v", got, want)
	}
}

func TestWorkflowApprovalEmitsOneEvent(t *testing.T) {
	s := newScenario(t)
	seen := recordEvents(s)
	cr := s.propose(s.leadToken, map[string]any{"summary": "Drop-in advice on Tuesdays."})
	if got := seen(); len(got) != 0 {
		t.Errorf("events after the submission = %+v, want none", got)
	}

	decided := s.approve(cr.ID)

	version := s.service.Version + 1
	if decided.Revision == nil || decided.Revision.Version != version {
		t.Fatalf("revision = %+v, want version %d", decided.Revision, version)
	}
	// storedVersion shows the subscriber ran after the commit: a cache
	// refreshed on the event must read the new content.
	want := []seenEvent{{
		event:         events.ContentChanged{Action: events.Published, ContentType: "service", ID: s.service.ID, Version: version},
		storedVersion: version,
	}}
	if got := seen(); !slices.Equal(got, want) {
		t.Errorf("events = %+v, want %+v", got, want)
	}
}

func TestWorkflowApproveWithOfficerEdits(t *testing.T) {
	s := newScenario(t)
	cr := s.propose(s.leadToken, map[string]any{"summary": "Drop in for advise."})

	decided := s.approveAs(s.officerToken, map[string]any{
		"changeRequestId": cr.ID,
		"service":         map[string]any{"summary": "Drop in for advice.", "minAge": 0},
		"note":            "We corrected a spelling and added the youngest age.",
	})
	if got := decided.ChangeRequest.ReviewerEditedFields; !slices.Equal(got, []string{"minAge", "summary"}) {
		t.Errorf("reviewerEditedFields = %q, want [minAge summary]", got)
	}
	if got := s.publicSummary(); got != "Drop in for advice." {
		t.Errorf("public summary = %q, want the officer's edit", got)
	}
	if got := s.stored(s.service.ID).MinAge; got == nil || *got != 0 {
		t.Errorf("minAge = %v, want 0", got)
	}
	if rev := decided.Revision; rev == nil || !slices.Equal(rev.ChangedFields, []string{"minAge", "summary"}) {
		t.Errorf("revision = %+v, want changedFields [minAge summary]", rev)
	}

	emails := s.outbox("change_request_approved", s.lead.Email)
	if len(emails) != 1 {
		t.Fatalf("change_request_approved emails to the author = %d, want 1", len(emails))
	}
	for _, want := range []string{"minAge, summary", "We corrected a spelling"} {
		if !strings.Contains(emails[0].Body, want) {
			t.Errorf("approval email does not contain %q:\n%s", want, emails[0].Body)
		}
	}
}

func TestWorkflowNewServiceProposal(t *testing.T) {
	s := newScenario(t)
	provider := s.CreateUser(t, user.RoleProvider, user.StatusActive)
	token := s.SignIn(t, provider)
	proposal := func(name string) scenarioRequest {
		t.Helper()
		return s.saveAs(token, map[string]any{
			"service": map[string]any{
				"organizationId": s.org.ID,
				"name":           name,
				"inclusionBasis": "VOLUNTARY",
				"summary":        "Saturday swimming for disabled children.",
			},
			"submit": true,
		})
	}

	cr := proposal("Splash Club")
	if cr.Kind != "CREATE" || cr.State != "SUBMITTED" || cr.Service == nil {
		t.Fatalf("proposal = %+v, want a SUBMITTED CREATE with its service", cr)
	}
	if cr.Service.Slug != "splash-club" || cr.Service.Status != "PENDING" {
		t.Errorf("proposed service = slug %q, status %s; want splash-club, PENDING", cr.Service.Slug, cr.Service.Status)
	}
	if got := s.public("splash-club"); got != nil {
		t.Errorf("the public sees the proposed service before approval: %+v", got)
	}

	decided := s.approve(cr.ID)
	rev := decided.Revision
	if rev == nil || rev.Origin != "CHANGE_REQUEST" || rev.Version != cr.Service.Version+1 {
		t.Fatalf("revision = %+v, want version %d from a change request", rev, cr.Service.Version+1)
	}
	published := s.public("splash-club")
	if published == nil {
		t.Fatal("the public cannot find the approved service")
	}
	if published.Name != "Splash Club" || published.Summary != "Saturday swimming for disabled children." || published.Version != rev.Version {
		t.Errorf("published service = %+v, want Splash Club with its summary at version %d", published, rev.Version)
	}
	if stored := s.stored(published.ID); stored.Status != service.StatusPublished || stored.LeadID == nil || *stored.LeadID != provider.ID {
		t.Errorf("stored service = status %s, lead %v; want PUBLISHED, led by the proposer", stored.Status, stored.LeadID)
	}

	// A second proposal of the same name gets the next free slug; rejected,
	// it stays a draft that the public cannot see.
	rejected := proposal("Splash Club")
	if rejected.Service == nil || rejected.Service.Slug != "splash-club-2" {
		t.Fatalf("second proposal's service = %+v, want slug splash-club-2", rejected.Service)
	}
	s.rejectAs(s.officerToken, rejected.ID, "This repeats Splash Club, which is already listed.")
	if got := s.stored(rejected.Service.ID).Status; got != service.StatusDraft {
		t.Errorf("status after rejection = %s, want DRAFT", got)
	}
	if got := len(s.revisions(rejected.Service.ID)); got != 0 {
		t.Errorf("revisions of the rejected proposal = %d, want 0", got)
	}
	if got := s.public("splash-club-2"); got != nil {
		t.Errorf("the public sees the rejected proposal: %+v", got)
	}
}

func TestWorkflowWithdrawThenApprove(t *testing.T) {
	s := newScenario(t)
	cr := s.propose(s.leadToken, map[string]any{"summary": "Drop-in advice on Wednesdays."})

	var data struct {
		WithdrawChangeRequest struct{ ChangeRequest scenarioRequest }
	}
	s.MustQueryAs(t, s.leadToken, scenarioWithdrawDoc, input(map[string]any{"changeRequestId": cr.ID}), &data)
	if got := data.WithdrawChangeRequest.ChangeRequest.State; got != "WITHDRAWN" {
		t.Errorf("state = %s, want WITHDRAWN", got)
	}

	res := s.QueryAs(t, s.officerToken, scenarioApproveDoc, input(map[string]any{"changeRequestId": cr.ID}))
	if e := failure(t, res); e.Code() != "CONFLICT" {
		t.Errorf("approving a withdrawn request: code %s (%s), want CONFLICT", e.Code(), e.Message)
	}
	if got := s.request(s.leadToken, cr.ID).State; got != "WITHDRAWN" {
		t.Errorf("state after the approval attempt = %s, want WITHDRAWN", got)
	}
	if got := s.publicSummary(); got != "Drop-in advice for families." {
		t.Errorf("public summary = %q, want the published one", got)
	}
	if got := len(s.revisions(s.service.ID)); got != 0 {
		t.Errorf("revisions = %d, want 0", got)
	}
}

// requestsOn counts the service's change requests in state, as stored.
func (s *scenario) requestsOn(serviceID uuid.UUID, state changerequest.State) int {
	s.t.Helper()
	return s.Client.ChangeRequest.Query().
		Where(changerequest.ServiceID(serviceID), changerequest.StateEQ(state)).
		CountX(s.SystemContext())
}
