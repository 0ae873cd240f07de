package graph_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/revision"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/workflow"
)

func init() { moreMutationRows = append(moreMutationRows, workflowMatrixRows) }

const (
	withdrawChangeRequestDoc  = `mutation($input: ChangeRequestActionInput!) { withdrawChangeRequest(input: $input) { changeRequest { id state } } }`
	approveChangeRequestsDoc  = `mutation($input: ApproveChangeRequestsInput!) { approveChangeRequests(input: $input) { approved { id } failed { changeRequestId code } } }`
	rejectChangeRequestDoc    = `mutation($input: RejectChangeRequestInput!) { rejectChangeRequest(input: $input) { changeRequest { id state } } }`
	restoreRevisionDoc        = `mutation($input: RestoreRevisionInput!) { restoreRevision(input: $input) { revision { id version origin } } }`
	markChangeRequestCheckDoc = `mutation($input: ChangeRequestActionInput!) { markChangeRequestChecked(input: $input) { changeRequest { id checkedAt } } }`
	setTrustedDoc             = `mutation($input: SetOrganizationTrustedInput!) { setOrganizationTrusted(input: $input) { organization { id } } }`
)

// Outcomes of acting on a change request or a revision. The content's lead
// and content managers can read both and its commissioner neither, because
// the policy gives providers the change requests and revisions of the
// content they manage and the change requests they wrote.
var (
	// officersOnRequest is the outcome of deciding a change request or
	// restoring a revision about content the lead and content manager
	// manage.
	officersOnRequest = map[string]string{
		actorAnonymous: unauthenticated, actorApplicant: notFound, actorContentManager: forbidden, actorLead: forbidden,
		actorOtherLead: notFound, actorCommissioner: notFound, actorOfficer: allowed, actorAdmin: allowed, actorPartner: notFound,
	}
	// leadAsAuthor is the outcome of changing the lead's own update or
	// removal request. Only the author may edit or submit such a draft, so
	// LO officers get FORBIDDEN too.
	leadAsAuthor = with(officersOnRequest, map[string]string{actorLead: allowed, actorOfficer: forbidden, actorAdmin: forbidden})
	// managersOnCreateRequest is the outcome of acting on the create
	// request of content never published, which everyone who may change
	// the content shares.
	managersOnCreateRequest = with(officersOnRequest, map[string]string{actorContentManager: allowed, actorLead: allowed})
)

// Texts the rows propose, so that a success check can find them again.
const (
	leadServiceSummary = "Sensory play sessions on Saturday mornings."
	leadPageSummary    = "What short breaks are and how to ask for one."
	firstOfficerEdit   = "First edit by the Local Offer team."
	secondOfficerEdit  = "Second edit by the Local Offer team."
)

// saveAs saves a change request as the actor through the API and returns
// its id.
func (w *matrixWorld) saveAs(t *testing.T, actor string, fields map[string]any) uuid.UUID {
	t.Helper()
	var data struct {
		SaveChangeRequest struct{ ChangeRequest struct{ ID uuid.UUID } }
	}
	w.app.MustQueryAs(t, w.tokens[actor], saveChangeRequestDoc, input(fields), &data)
	return data.SaveChangeRequest.ChangeRequest.ID
}

// requestBy returns the actor's change request of the kind on a service or
// information page, or nil when there is none.
func (w *matrixWorld) requestBy(t *testing.T, actor string, contentID uuid.UUID, kind changerequest.Kind) *ent.ChangeRequest {
	t.Helper()
	cr, err := w.app.Client.ChangeRequest.Query().
		Where(
			changerequest.AuthorID(w.users[actor].ID),
			changerequest.KindEQ(kind),
			changerequest.Or(changerequest.ServiceID(contentID), changerequest.InformationPageID(contentID)),
		).
		Only(w.app.SystemContext())
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		t.Fatalf("load the %s request of %s on %s: %v", kind, actor, contentID, err)
	}
	return cr
}

// leadsRequest returns the lead's change request of the kind on the
// content, saving it through the API with fields first when there is none.
// The refusals of a row share a world, so they all act on the one request.
func (w *matrixWorld) leadsRequest(t *testing.T, contentID uuid.UUID, kind changerequest.Kind, fields map[string]any) uuid.UUID {
	t.Helper()
	if cr := w.requestBy(t, actorLead, contentID, kind); cr != nil {
		return cr.ID
	}
	return w.saveAs(t, actorLead, fields)
}

// leadsServiceUpdate returns the lead's update of the published service's
// summary, submitted when submit is true.
func (w *matrixWorld) leadsServiceUpdate(t *testing.T, submit bool) uuid.UUID {
	t.Helper()
	return w.leadsRequest(t, w.published.ID, changerequest.KindUpdate, map[string]any{
		"serviceId": w.published.ID, "service": map[string]any{"summary": leadServiceSummary}, "submit": submit,
	})
}

// leadsPageRemoval returns the lead's request to remove the published
// page, submitted when submit is true.
func (w *matrixWorld) leadsPageRemoval(t *testing.T, submit bool) uuid.UUID {
	t.Helper()
	return w.leadsRequest(t, w.publishedPage.ID, changerequest.KindRemove, map[string]any{
		"informationPageId": w.publishedPage.ID, "kind": "REMOVE", "reason": "The trust no longer runs short breaks.", "submit": submit,
	})
}

// leadsCreateRequest returns the lead's create request of a pending
// service or page, submitted when submit is true.
func (w *matrixWorld) leadsCreateRequest(t *testing.T, idField string, contentID uuid.UUID, submit bool) uuid.UUID {
	t.Helper()
	changes := map[string]any{"service": map[string]any{"summary": leadServiceSummary}}
	if idField == "informationPageId" {
		changes = map[string]any{"informationPage": map[string]any{"summary": leadPageSummary}}
	}
	fields := map[string]any{idField: contentID, "submit": submit}
	for key, value := range changes {
		fields[key] = value
	}
	return w.leadsRequest(t, contentID, changerequest.KindCreate, fields)
}

// earlierRevision gives published content two revisions from LO officer
// edits, each published at once, unless it has them already. It returns
// the first, which restoreRevision can publish again.
func (w *matrixWorld) earlierRevision(t *testing.T, idField string, contentID uuid.UUID) uuid.UUID {
	t.Helper()
	edits := w.officerEdits(t, contentID)
	if len(edits) < 2 {
		part := "service"
		if idField == "informationPageId" {
			part = "informationPage"
		}
		for _, summary := range []string{firstOfficerEdit, secondOfficerEdit} {
			w.saveAs(t, actorOfficer, map[string]any{idField: contentID, part: map[string]any{"summary": summary}, "submit": true})
		}
		edits = w.officerEdits(t, contentID)
	}
	return edits[0].ID
}

// officerEdits returns the revisions of a service or page that LO officer
// edits published, oldest first.
func (w *matrixWorld) officerEdits(t *testing.T, contentID uuid.UUID) []*ent.Revision {
	t.Helper()
	return w.app.Client.Revision.Query().
		Where(
			revision.Or(revision.ServiceID(contentID), revision.InformationPageID(contentID)),
			revision.OriginEQ(revision.OriginDirectEdit),
		).
		Order(ent.Asc(revision.FieldVersion)).
		AllX(w.app.SystemContext())
}

// trustedServiceUpdate makes the published service's organisation trusted
// and returns the lead's update of that service, which was published at
// once without review.
func (w *matrixWorld) trustedServiceUpdate(t *testing.T) uuid.UUID {
	t.Helper()
	w.app.Client.Organization.UpdateOneID(w.published.OrganizationID).SetTrusted(true).ExecX(w.app.SystemContext())
	return w.leadsServiceUpdate(t, true)
}

func (w *matrixWorld) changeRequest(t *testing.T, id uuid.UUID) *ent.ChangeRequest {
	t.Helper()
	return w.app.Client.ChangeRequest.GetX(w.app.SystemContext(), id)
}

// wantRequest fails unless the change request is in the state.
func wantRequest(t *testing.T, cr *ent.ChangeRequest, state changerequest.State) {
	t.Helper()
	if cr.State != state {
		t.Errorf("change request %s is %s, want %s", cr.ID, cr.State, state)
	}
}

// wantProposedSummary fails unless the change request proposes a service
// or page with the summary.
func wantProposedSummary(t *testing.T, cr *ent.ChangeRequest, summary string) {
	t.Helper()
	proposed, err := workflow.Proposed(cr)
	if err != nil {
		t.Fatalf("decode what change request %s proposes: %v", cr.ID, err)
	}
	var got string
	switch {
	case proposed.Service != nil:
		got = proposed.Service.Summary
	case proposed.InformationPage != nil:
		got = proposed.InformationPage.Summary
	}
	if got != summary {
		t.Errorf("proposed summary = %q, want %q", got, summary)
	}
}

// wantNoAudit fails when an audit event of the action is about the object.
func (w *matrixWorld) wantNoAudit(t *testing.T, action string, object uuid.UUID) {
	t.Helper()
	n := w.app.Client.AuditEvent.Query().Where(auditevent.Action(action), auditevent.ObjectID(object)).CountX(w.app.SystemContext())
	if n != 0 {
		t.Errorf("%s audit events about %s = %d, want none", action, object, n)
	}
}

func workflowMatrixRows() []mutationRow {
	var rows []mutationRow
	rows = append(rows, saveMatrixRows()...)
	rows = append(rows, submitMatrixRows()...)
	rows = append(rows, withdrawMatrixRows()...)
	rows = append(rows, decisionMatrixRows()...)
	rows = append(rows, restoreMatrixRows()...)
	rows = append(rows, trustMatrixRows()...)
	return rows
}

// saveMatrixRows returns the saveChangeRequest rows. Saving follows the
// policy's update action (remove for a removal, create for new content),
// so the commissioner, who can read the content, gets FORBIDDEN.
func saveMatrixRows() []mutationRow {
	managersOnPublished := with(leadOnPublished, map[string]string{actorContentManager: allowed})
	managersOnPending := with(leadOnPending, map[string]string{actorContentManager: allowed})
	summaryBy := func(actor string) string { return "Summary proposed by " + actor + "." }

	var rows []mutationRow
	for _, target := range []struct {
		kind, idField, part string
		record              func(w *matrixWorld) uuid.UUID
		want                map[string]string
	}{
		{"published service", "serviceId", "service", func(w *matrixWorld) uuid.UUID { return w.published.ID }, managersOnPublished},
		{"published information page", "informationPageId", "informationPage", func(w *matrixWorld) uuid.UUID { return w.publishedPage.ID }, managersOnPublished},
		{"service with no lead", "serviceId", "service", func(w *matrixWorld) uuid.UUID { return w.orphan.ID }, officersOnPublished},
	} {
		rows = append(rows, mutationRow{
			// Each author begins a request of their own, so the successes
			// can share a world.
			name:     "saveChangeRequest updates a " + target.kind,
			field:    "saveChangeRequest",
			document: saveChangeRequestDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{target.idField: target.record(w), target.part: map[string]any{"summary": summaryBy(actor)}})
			},
			want: target.want,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				cr := w.requestBy(t, actor, target.record(w), changerequest.KindUpdate)
				if cr == nil {
					t.Fatalf("no update request by %s", actor)
				}
				wantRequest(t, cr, changerequest.StateDraft)
				wantProposedSummary(t, cr, summaryBy(actor))
				w.wantAudit(t, "change_request.begun", cr.ID)
				if target.idField == "serviceId" {
					if got := w.reloadService(t, target.record(w)).Summary; got == summaryBy(actor) {
						t.Error("the published service changed before approval")
					}
				} else if got := w.reloadPage(t, target.record(w)).Summary; got == summaryBy(actor) {
					t.Error("the published page changed before approval")
				}
			},
		})
	}

	// Only the other lead and the LO team can read the other lead's
	// pending service.
	otherLeadOnPending := with(officersOnPending, map[string]string{
		actorContentManager: notFound, actorLead: notFound, actorOtherLead: allowed, actorCommissioner: notFound,
	})
	for _, target := range []struct {
		kind   string
		record func(w *matrixWorld) uuid.UUID
		want   map[string]string
	}{
		{"pending service", func(w *matrixWorld) uuid.UUID { return w.pending.ID }, managersOnPending},
		{"pending service of the other lead", func(w *matrixWorld) uuid.UUID { return w.otherService.ID }, otherLeadOnPending},
	} {
		rows = append(rows, mutationRow{
			// Content never published has one create request, which the
			// first save begins and the next ones continue.
			name:     "saveChangeRequest changes a " + target.kind,
			field:    "saveChangeRequest",
			document: saveChangeRequestDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"serviceId": target.record(w), "service": map[string]any{"summary": summaryBy(actor)}})
			},
			want:     target.want,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				cr := w.requestBy(t, actor, target.record(w), changerequest.KindCreate)
				if cr == nil {
					t.Fatalf("no create request by %s", actor)
				}
				wantRequest(t, cr, changerequest.StateDraft)
				// The draft row of content never published is written
				// with each save.
				if got := w.reloadService(t, target.record(w)).Summary; got != summaryBy(actor) {
					t.Errorf("pending service summary = %q, want %q", got, summaryBy(actor))
				}
				w.wantAudit(t, "change_request.begun", cr.ID)
			},
		})
	}

	rows = append(rows,
		mutationRow{
			name:     "saveChangeRequest continues the lead's draft",
			field:    "saveChangeRequest",
			document: saveChangeRequestDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				id := w.leadsServiceUpdate(t, false)
				return input(map[string]any{"changeRequestId": id, "service": map[string]any{"summary": summaryBy(actor)}})
			},
			want: leadAsAuthor,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				cr := w.changeRequest(t, w.leadsServiceUpdate(t, false))
				wantProposedSummary(t, cr, summaryBy(actor))
				w.wantAudit(t, "change_request.saved", cr.ID)
			},
		},
	)

	for _, target := range []struct {
		kind, idField string
		record        func(w *matrixWorld) uuid.UUID
		want          map[string]string
	}{
		{"published service", "serviceId", func(w *matrixWorld) uuid.UUID { return w.published.ID }, leadOnPublished},
		{"pending information page", "informationPageId", func(w *matrixWorld) uuid.UUID { return w.pendingPage.ID }, leadOnPending},
	} {
		rows = append(rows, mutationRow{
			// Only the lead and LO officers may ask for removal.
			name:     "saveChangeRequest asks to remove a " + target.kind,
			field:    "saveChangeRequest",
			document: saveChangeRequestDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{target.idField: target.record(w), "kind": "REMOVE", "reason": "Removal asked by " + actor + "."})
			},
			want: target.want,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				cr := w.requestBy(t, actor, target.record(w), changerequest.KindRemove)
				if cr == nil {
					t.Fatalf("no removal request by %s", actor)
				}
				wantRequest(t, cr, changerequest.StateDraft)
				if cr.Reason != "Removal asked by "+actor+"." {
					t.Errorf("reason = %q, want the one given", cr.Reason)
				}
				w.wantAudit(t, "change_request.begun", cr.ID)
			},
		})
	}

	nameBy := func(actor string) string { return "Proposed by " + actor }
	rows = append(rows,
		mutationRow{
			// Any provider may propose a new service, because the policy
			// lets providers create services for every organisation.
			name:     "saveChangeRequest proposes a new service",
			field:    "saveChangeRequest",
			document: saveChangeRequestDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"service": map[string]any{
					"organizationId": w.published.OrganizationID, "name": nameBy(actor), "inclusionBasis": "VOLUNTARY",
				}})
			},
			want: with(everyone, map[string]string{actorAnonymous: unauthenticated, actorApplicant: forbidden, actorPartner: forbidden}),
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				s := w.app.Client.Service.Query().Where(service.Name(nameBy(actor))).OnlyX(w.app.SystemContext())
				if s.Status != service.StatusDraft {
					t.Errorf("proposed service status = %s, want DRAFT", s.Status)
				}
				if s.LeadID == nil || *s.LeadID != w.users[actor].ID {
					t.Errorf("proposed service lead = %v, want %s", s.LeadID, actor)
				}
				cr := w.requestBy(t, actor, s.ID, changerequest.KindCreate)
				if cr == nil {
					t.Fatalf("no create request by %s", actor)
				}
				wantRequest(t, cr, changerequest.StateDraft)
				w.wantAudit(t, "change_request.begun", cr.ID)
			},
		},
		mutationRow{
			// Only LO officers may propose a new information page.
			name:     "saveChangeRequest proposes a new information page",
			field:    "saveChangeRequest",
			document: saveChangeRequestDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"informationPage": map[string]any{"title": nameBy(actor), "body": "<p>A new page.</p>"}})
			},
			want: officersOnPublished,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				p := w.app.Client.InformationPage.Query().Where(informationpage.Title(nameBy(actor))).OnlyX(w.app.SystemContext())
				if p.Status != informationpage.StatusDraft {
					t.Errorf("proposed page is %s, want DRAFT", p.Status)
				}
				cr := w.requestBy(t, actor, p.ID, changerequest.KindCreate)
				if cr == nil {
					t.Fatalf("no create request by %s", actor)
				}
				w.wantAudit(t, "change_request.begun", cr.ID)
			},
		},
	)
	return rows
}

func submitMatrixRows() []mutationRow {
	return []mutationRow{
		{
			name:     "submitChangeRequest of the lead's update",
			field:    "submitChangeRequest",
			document: submitChangeRequestDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"changeRequestId": w.leadsServiceUpdate(t, false)})
			},
			want: leadAsAuthor,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				cr := w.changeRequest(t, w.leadsServiceUpdate(t, false))
				wantRequest(t, cr, changerequest.StateSubmitted)
				s := w.reloadService(t, w.published.ID)
				if s.Summary == leadServiceSummary {
					t.Error("the published service changed before approval")
				}
				if s.LastReviewedAt == nil {
					t.Error("the lead's submission did not count as a review")
				}
				w.wantAudit(t, "change_request.submitted", cr.ID)
				w.wantEmail(t, "change_request_submitted", w.users[actorOfficer].Email)
				w.wantEmail(t, "change_request_received", w.users[actorLead].Email)
			},
		},
		{
			name:     "submitChangeRequest of the lead's removal",
			field:    "submitChangeRequest",
			document: submitChangeRequestDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"changeRequestId": w.leadsPageRemoval(t, false)})
			},
			want: leadAsAuthor,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				cr := w.changeRequest(t, w.leadsPageRemoval(t, false))
				wantRequest(t, cr, changerequest.StateSubmitted)
				if got := w.reloadPage(t, w.publishedPage.ID).Status; got != informationpage.StatusPublished {
					t.Errorf("page status = %s, want it still PUBLISHED", got)
				}
				w.wantAudit(t, "change_request.submitted", cr.ID)
			},
		},
		{
			// The create request of content never published is shared by
			// everyone who may change it. An LO officer's submission is
			// published at once.
			name:     "submitChangeRequest of a pending page's create request",
			field:    "submitChangeRequest",
			document: submitChangeRequestDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"changeRequestId": w.leadsCreateRequest(t, "informationPageId", w.pendingPage.ID, false)})
			},
			want:     managersOnCreateRequest,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				cr := w.changeRequest(t, w.leadsCreateRequest(t, "informationPageId", w.pendingPage.ID, false))
				page := w.reloadPage(t, w.pendingPage.ID)
				w.wantAudit(t, "change_request.submitted", cr.ID)
				if actor == actorOfficer || actor == actorAdmin {
					wantRequest(t, cr, changerequest.StateApproved)
					if page.Status != informationpage.StatusPublished {
						t.Errorf("page status = %s, want PUBLISHED at once", page.Status)
					}
					w.wantAudit(t, "change_request.approved", cr.ID)
					return
				}
				wantRequest(t, cr, changerequest.StateSubmitted)
				if page.Status != informationpage.StatusPending {
					t.Errorf("page status = %s, want PENDING", page.Status)
				}
				if page.LastReviewedAt == nil {
					t.Error("the submission did not count as a review")
				}
			},
		},
	}
}

func withdrawMatrixRows() []mutationRow {
	return []mutationRow{
		{
			// Its author and LO officers may withdraw an update.
			name:     "withdrawChangeRequest of the lead's update",
			field:    "withdrawChangeRequest",
			document: withdrawChangeRequestDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"changeRequestId": w.leadsServiceUpdate(t, true)})
			},
			want:     with(officersOnRequest, map[string]string{actorLead: allowed}),
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				cr := w.changeRequest(t, w.leadsServiceUpdate(t, true))
				wantRequest(t, cr, changerequest.StateWithdrawn)
				w.wantAudit(t, "change_request.withdrawn", cr.ID)
			},
		},
		{
			name:     "withdrawChangeRequest of a pending service's create request",
			field:    "withdrawChangeRequest",
			document: withdrawChangeRequestDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"changeRequestId": w.leadsCreateRequest(t, "serviceId", w.pending.ID, true)})
			},
			want:     managersOnCreateRequest,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				cr := w.changeRequest(t, w.leadsCreateRequest(t, "serviceId", w.pending.ID, true))
				wantRequest(t, cr, changerequest.StateWithdrawn)
				if got := w.reloadService(t, w.pending.ID).Status; got != service.StatusDraft {
					t.Errorf("service status = %s, want DRAFT after its create request was withdrawn", got)
				}
				w.wantAudit(t, "change_request.withdrawn", cr.ID)
			},
		},
	}
}

// decisionMatrixRows returns the rows of approving, rejecting and checking
// change requests, which only LO officers may do.
func decisionMatrixRows() []mutationRow {
	rows := []mutationRow{
		{
			name:     "approveChangeRequest of the lead's update",
			field:    "approveChangeRequest",
			document: approveChangeRequestDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"changeRequestId": w.leadsServiceUpdate(t, true)})
			},
			want:     officersOnRequest,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				cr := w.changeRequest(t, w.leadsServiceUpdate(t, true))
				wantRequest(t, cr, changerequest.StateApproved)
				if cr.ReviewerID == nil || *cr.ReviewerID != w.users[actor].ID {
					t.Errorf("reviewer = %v, want %s", cr.ReviewerID, actor)
				}
				if got := w.reloadService(t, w.published.ID).Summary; got != leadServiceSummary {
					t.Errorf("published summary = %q, want the approved one", got)
				}
				revisions := w.app.Client.Revision.Query().Where(revision.ChangeRequestID(cr.ID)).CountX(w.app.SystemContext())
				if revisions != 1 {
					t.Errorf("revisions of the approved request = %d, want 1", revisions)
				}
				w.wantAudit(t, "change_request.approved", cr.ID)
				w.wantEmail(t, "change_request_approved", w.users[actorLead].Email)
			},
		},
		{
			// Approving a removal archives the content.
			name:     "approveChangeRequest of the lead's removal",
			field:    "approveChangeRequest",
			document: approveChangeRequestDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"changeRequestId": w.leadsPageRemoval(t, true)})
			},
			want:     officersOnRequest,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				cr := w.changeRequest(t, w.leadsPageRemoval(t, true))
				wantRequest(t, cr, changerequest.StateApproved)
				if got := w.reloadPage(t, w.publishedPage.ID).Status; got != informationpage.StatusArchived {
					t.Errorf("page status = %s, want ARCHIVED", got)
				}
				w.wantAudit(t, "change_request.approved", cr.ID)
			},
		},
		approveManyRow(),
		{
			name:     "rejectChangeRequest of the lead's update",
			field:    "rejectChangeRequest",
			document: rejectChangeRequestDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"changeRequestId": w.leadsServiceUpdate(t, true), "reason": "Please add the session times."})
			},
			want:     officersOnRequest,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				cr := w.changeRequest(t, w.leadsServiceUpdate(t, true))
				wantRequest(t, cr, changerequest.StateRejected)
				if cr.DecisionNote != "Please add the session times." {
					t.Errorf("decision note = %q, want the reason given", cr.DecisionNote)
				}
				if got := w.reloadService(t, w.published.ID).Summary; got == leadServiceSummary {
					t.Error("a rejected change was published")
				}
				w.wantAudit(t, "change_request.rejected", cr.ID)
				w.wantEmail(t, "change_request_rejected", w.users[actorLead].Email)
			},
		},
		{
			// A rejected create request leaves the content a draft.
			name:     "rejectChangeRequest of a pending service's create request",
			field:    "rejectChangeRequest",
			document: rejectChangeRequestDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				id := w.leadsCreateRequest(t, "serviceId", w.pending.ID, true)
				return input(map[string]any{"changeRequestId": id, "reason": "This is not a SEND service."})
			},
			want:     officersOnRequest,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				cr := w.changeRequest(t, w.leadsCreateRequest(t, "serviceId", w.pending.ID, true))
				wantRequest(t, cr, changerequest.StateRejected)
				if got := w.reloadService(t, w.pending.ID).Status; got != service.StatusDraft {
					t.Errorf("service status = %s, want DRAFT", got)
				}
				w.wantAudit(t, "change_request.rejected", cr.ID)
			},
		},
		{
			name:     "markChangeRequestChecked of a trusted organisation's change",
			field:    "markChangeRequestChecked",
			document: markChangeRequestCheckDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"changeRequestId": w.trustedServiceUpdate(t)})
			},
			want:     officersOnRequest,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				cr := w.changeRequest(t, w.trustedServiceUpdate(t))
				if !cr.PublishedWithoutReview || cr.CheckedAt == nil {
					t.Errorf("published without review = %t, checked at %v, want a checked change", cr.PublishedWithoutReview, cr.CheckedAt)
				}
				if cr.ReviewerID == nil || *cr.ReviewerID != w.users[actor].ID {
					t.Errorf("reviewer = %v, want %s", cr.ReviewerID, actor)
				}
				w.wantAudit(t, "change_request.checked", cr.ID)
			},
		},
	}
	return rows
}

// approveManyRow is the approveChangeRequests row. The bulk approval
// reports each request it cannot approve in `failed`, with the code a
// single approval would return. So a signed-in caller without the right
// gets a payload, not an error, and their cells are successes whose check
// finds the request unchanged. runSuccess does not pass the response on,
// so the check posts the same input again. A refusal returns the same
// failure twice, and a request that the first post approved is then a
// CONFLICT.
func approveManyRow() mutationRow {
	failure := map[string]string{
		actorApplicant: notFound, actorContentManager: forbidden, actorLead: forbidden, actorOtherLead: notFound,
		actorCommissioner: notFound, actorOfficer: "CONFLICT", actorAdmin: "CONFLICT", actorPartner: notFound,
	}
	variables := func(t *testing.T, w *matrixWorld, actor string) map[string]any {
		return input(map[string]any{"changeRequestIds": []uuid.UUID{w.leadsServiceUpdate(t, true)}})
	}
	return mutationRow{
		name:      "approveChangeRequests of the lead's update",
		field:     "approveChangeRequests",
		document:  approveChangeRequestsDoc,
		variables: variables,
		want:      with(everyone, map[string]string{actorAnonymous: unauthenticated}),
		isolated:  true,
		succeeded: func(t *testing.T, w *matrixWorld, actor string) {
			cr := w.changeRequest(t, w.leadsServiceUpdate(t, true))
			if actor == actorOfficer || actor == actorAdmin {
				wantRequest(t, cr, changerequest.StateApproved)
				w.wantAudit(t, "change_request.approved", cr.ID)
			} else {
				wantRequest(t, cr, changerequest.StateSubmitted)
				w.wantNoAudit(t, "change_request.approved", cr.ID)
			}

			_, res := w.post(t, actor, approveChangeRequestsDoc, variables(t, w, actor))
			var data struct {
				ApproveChangeRequests struct {
					Approved []struct{ ID uuid.UUID }
					Failed   []struct {
						ChangeRequestID uuid.UUID
						Code            string
					}
				}
			}
			if err := json.Unmarshal(res.Data, &data); err != nil || len(res.Errors) > 0 {
				t.Fatalf("second post: errors %+v, data %s", res.Errors, res.Data)
			}
			failed := data.ApproveChangeRequests.Failed
			if len(data.ApproveChangeRequests.Approved) != 0 || len(failed) != 1 || failed[0].Code != failure[actor] || failed[0].ChangeRequestID != cr.ID {
				t.Errorf("second post = %s, want only a %s failure for %s", res.Data, failure[actor], cr.ID)
			}
		},
	}
}

// restoreMatrixRows returns the restoreRevision rows. Providers may read
// the revisions of content they manage, so its lead and content manager
// get FORBIDDEN and its commissioner NOT_FOUND.
func restoreMatrixRows() []mutationRow {
	var rows []mutationRow
	for _, target := range []struct {
		kind, idField, auditAction string
		record                     func(w *matrixWorld) uuid.UUID
	}{
		{"published service", "serviceId", "service.revision_restored", func(w *matrixWorld) uuid.UUID { return w.published.ID }},
		{"published information page", "informationPageId", "information_page.revision_restored", func(w *matrixWorld) uuid.UUID { return w.publishedPage.ID }},
	} {
		rows = append(rows, mutationRow{
			name:     "restoreRevision of a " + target.kind,
			field:    "restoreRevision",
			document: restoreRevisionDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"revisionId": w.earlierRevision(t, target.idField, target.record(w))})
			},
			want:     officersOnRequest,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				earlier := w.earlierRevision(t, target.idField, target.record(w))
				newest := w.app.Client.Revision.Query().
					Where(revision.Or(revision.ServiceID(target.record(w)), revision.InformationPageID(target.record(w)))).
					Order(ent.Desc(revision.FieldVersion)).
					FirstX(w.app.SystemContext())
				if newest.Origin != revision.OriginRestore || newest.RestoredFromID == nil || *newest.RestoredFromID != earlier {
					t.Errorf("newest revision is %s restored from %v, want a RESTORE of %s", newest.Origin, newest.RestoredFromID, earlier)
				}
				var summary string
				if target.idField == "serviceId" {
					summary = w.reloadService(t, target.record(w)).Summary
				} else {
					summary = w.reloadPage(t, target.record(w)).Summary
				}
				if summary != firstOfficerEdit {
					t.Errorf("published summary = %q, want the restored %q", summary, firstOfficerEdit)
				}
				w.wantAudit(t, target.auditAction, target.record(w))
			},
		})
	}
	return rows
}

// trustMatrixRows returns the setOrganizationTrusted rows. They act on an
// organisation everyone can read and on one with only a pending service,
// which only the people of that service and the LO team can read.
func trustMatrixRows() []mutationRow {
	var rows []mutationRow
	for _, target := range []struct {
		kind   string
		record func(w *matrixWorld) uuid.UUID
		want   map[string]string
	}{
		{"a published organisation", func(w *matrixWorld) uuid.UUID { return w.published.OrganizationID }, officersOnPublished},
		{"an organisation with only a pending service", func(w *matrixWorld) uuid.UUID { return w.pending.OrganizationID }, officersOnPending},
	} {
		rows = append(rows, mutationRow{
			name:     "setOrganizationTrusted of " + target.kind,
			field:    "setOrganizationTrusted",
			document: setTrustedDoc,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"organizationId": target.record(w), "trusted": true})
			},
			want:     target.want,
			isolated: true,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				if !w.app.Client.Organization.GetX(w.app.SystemContext(), target.record(w)).Trusted {
					t.Error("organisation not trusted")
				}
				w.wantAudit(t, "organization.trusted", target.record(w))
			},
		})
	}
	return rows
}

// workflowHistory is the editorial history that the workflow read rows
// look at, made through the API in a matrix world.
type workflowHistory struct {
	// firstEdit and secondEdit are the revisions of the published service
	// that two LO officer edits published.
	firstEdit, secondEdit uuid.UUID
	// revisions counts every revision of the published service, including
	// the baseline that the workflow records of its state before the first
	// edit.
	revisions int
	// otherCreate is the other lead's submitted create request.
	otherCreate uuid.UUID
}

// newWorkflowHistory adds an editorial history to a matrix world. Two LO
// officer edits of the published service are published at once. The lead
// submits an update of the published page and drafts the removal of the
// published service. The other lead submits the create request of their
// pending service.
func newWorkflowHistory(t *testing.T, w *matrixWorld) workflowHistory {
	t.Helper()
	w.earlierRevision(t, "serviceId", w.published.ID)
	edits := w.officerEdits(t, w.published.ID)
	h := workflowHistory{
		firstEdit:  edits[0].ID,
		secondEdit: edits[1].ID,
		revisions:  w.app.Client.Revision.Query().Where(revision.ServiceID(w.published.ID)).CountX(w.app.SystemContext()),
	}
	w.saveAs(t, actorLead, map[string]any{
		"informationPageId": w.publishedPage.ID, "informationPage": map[string]any{"summary": leadPageSummary}, "submit": true,
	})
	w.saveAs(t, actorLead, map[string]any{"serviceId": w.published.ID, "kind": "REMOVE", "reason": "The trust is closing."})
	h.otherCreate = w.saveAs(t, actorOtherLead, map[string]any{
		"serviceId": w.otherService.ID, "service": map[string]any{"summary": "Youth club nights for 11 to 18 year olds."}, "submit": true,
	})
	return h
}

// listLength summarizes a list result by its length.
func listLength(_ *matrixWorld, _ string, result json.RawMessage) string {
	var items []json.RawMessage
	if err := json.Unmarshal(result, &items); err != nil || items == nil {
		return "unexpected " + string(result)
	}
	return fmt.Sprint(len(items))
}

// workflowReadRows returns the reads of change requests and revisions.
func workflowReadRows(h workflowHistory) []readRow {
	revisions := fmt.Sprint(h.revisions)
	// Columns, as in matrixActors: anonymous, applicant, content manager,
	// lead, other lead, commissioner, LO officer, LO admin, partner.
	return []readRow{
		{
			// The default order lists submitted requests: the two officer
			// edits of the published service, the lead's page update and
			// the other lead's create request. The lead and content
			// manager see those about content they manage and the other
			// lead sees their own, but the commissioner sees none.
			name: "changeRequests", document: `{ result: changeRequests { totalCount } }`, summarize: totalCount,
			want: byActor(unauthenticated, "0", "3", "3", "1", "0", "4", "4", "0"),
		},
		{
			// Ordered by creation, the list includes drafts too, such as
			// the lead's draft removal of the published service.
			name:      "changeRequests with drafts",
			document:  `{ result: changeRequests(orderBy: {field: CREATED_AT, direction: ASC}) { totalCount } }`,
			summarize: totalCount,
			want:      byActor(unauthenticated, "0", "4", "4", "1", "0", "5", "5", "0"),
		},
		{
			name:      "changeRequests of the published service",
			document:  `query($id: ID!) { result: changeRequests(where: {serviceId: $id}) { totalCount } }`,
			id:        func(w *matrixWorld) uuid.UUID { return w.published.ID },
			summarize: totalCount,
			want:      byActor(unauthenticated, "0", "2", "2", "0", "0", "2", "2", "0"),
		},
		{
			name:      "revisions of the published service",
			document:  `query($id: ID!) { result: revisions(serviceId: $id) { totalCount } }`,
			id:        func(w *matrixWorld) uuid.UUID { return w.published.ID },
			summarize: totalCount,
			want:      byActor(unauthenticated, "0", revisions, revisions, "0", "0", revisions, revisions, "0"),
		},
		nodeRow("a revision of the published service", func(*matrixWorld) uuid.UUID { return h.firstEdit },
			actorContentManager, actorLead, actorOfficer, actorAdmin),
		nodeRow("the other lead's create request", func(*matrixWorld) uuid.UUID { return h.otherCreate },
			actorOtherLead, actorOfficer, actorAdmin),
		{
			// The two officer edits differ in the summary alone.
			name:      "compareRevisions of the published service",
			document:  fmt.Sprintf(`query($id: ID!) { result: compareRevisions(from: $id, to: %q) { field } }`, h.secondEdit),
			id:        func(*matrixWorld) uuid.UUID { return h.firstEdit },
			summarize: listLength,
			want:      byActor(notFound, notFound, "1", "1", notFound, notFound, "1", "1", notFound),
		},
	}
}

// TestAuthzMatrixWorkflowReads runs the reads of change requests and
// revisions as every actor, in one world with an editorial history. A list
// is empty, not an error, for a signed-in caller or partner without rights,
// and UNAUTHENTICATED for the anonymous public.
func TestAuthzMatrixWorkflowReads(t *testing.T) {
	t.Parallel()
	w := newMatrixWorld(t)
	h := newWorkflowHistory(t, w)
	for _, row := range workflowReadRows(h) {
		t.Run(row.name, func(t *testing.T) { runReadRow(t, w, row) })
	}
}

// runReadRow runs one read row as every actor, as TestAuthzMatrixReads
// does.
func runReadRow(t *testing.T, w *matrixWorld, row readRow) {
	for _, actor := range matrixActors {
		want, ok := row.want[actor]
		if !ok {
			t.Fatalf("no outcome for %s", actor)
		}
		t.Run(actor, func(t *testing.T) {
			t.Parallel()
			var variables map[string]any
			if row.id != nil {
				variables = map[string]any{"id": row.id(w)}
			}
			_, res := w.post(t, actor, row.document, variables)
			var data struct {
				Result json.RawMessage `json:"result"`
			}
			_ = json.Unmarshal(res.Data, &data)

			switch want {
			case unauthenticated, forbidden, notFound:
				if len(res.Errors) != 1 || res.Errors[0].Code() != want {
					t.Fatalf("errors = %+v, want one %s", res.Errors, want)
				}
				if len(data.Result) > 0 && string(data.Result) != "null" {
					t.Errorf("result = %s, want null", data.Result)
				}
			default:
				if len(res.Errors) > 0 {
					t.Fatalf("errors = %+v, want none", res.Errors)
				}
				if got := row.summarize(w, actor, data.Result); got != want {
					t.Errorf("result %s = %s, want %s", data.Result, got, want)
				}
			}
		})
	}
}
