package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/feedbackresponse"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/ent/predicate"
	fb "github.com/localoffer/localoffer/internal/feedback"
)

func init() {
	moreMutationRows = append(moreMutationRows, feedbackAnswerMatrixRows)
	moreSnapshotLines = append(moreSnapshotLines, feedbackAnswerSnapshot)
}

// Outcomes of the circulation, answer and council response mutations.
// Providers read feedback only once it is circulated to them: the lead and
// the content manager read items for the content's owners, and the
// commissioner reads those and the items naming them. Everyone else but
// the LO team gets NOT_FOUND.
var (
	// The LO team sends triaged items, which no provider can read yet.
	officersSendFeedback = map[string]string{
		actorAnonymous: unauthenticated, actorApplicant: notFound, actorContentManager: notFound, actorLead: notFound,
		actorOtherLead: notFound, actorCommissioner: notFound, actorOfficer: allowed, actorAdmin: allowed, actorPartner: notFound,
	}
	// The owners answer items for the content's owners; the commissioner
	// and the LO team read them but may not answer them.
	ownersAnswerFeedback = map[string]string{
		actorAnonymous: unauthenticated, actorApplicant: notFound, actorContentManager: allowed, actorLead: allowed,
		actorOtherLead: notFound, actorCommissioner: forbidden, actorOfficer: forbidden, actorAdmin: forbidden, actorPartner: notFound,
	}
	// The commissioner named answers the items naming them, which the
	// content's owners cannot read.
	commissionerAnswersFeedback = with(ownersAnswerFeedback, map[string]string{
		actorContentManager: notFound, actorLead: notFound, actorCommissioner: allowed,
	})
	// The LO team records answers and writes and approves the council's
	// responses to items the owners and the commissioner read.
	officersOnCirculatedFeedback = with(ownersAnswerFeedback, map[string]string{
		actorContentManager: forbidden, actorLead: forbidden, actorOfficer: allowed, actorAdmin: allowed,
	})
)

// feedbackAnswerSnapshot describes feedback and its responses for the
// matrix's check that a refused mutation wrote nothing.
func feedbackAnswerSnapshot(t *testing.T, w *matrixWorld) []string {
	t.Helper()
	ctx := w.app.SystemContext()
	var lines []string
	for _, f := range w.app.Client.Feedback.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("feedback circulation %s %s v%d %t %v %v %v %v", f.ID, f.Status, f.Version, f.Urgent,
			f.ReviewCycleID, f.CirculatedAt, f.ResponseDueAt, f.ClosedAt))
	}
	for _, r := range w.app.Client.FeedbackResponse.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("feedback response %s %s v%d %q %q %v %v %v %q %q %v %v", r.ID, r.FeedbackID, r.Version,
			r.Action, r.Outcome, r.AnsweredAt, r.AnsweredByID, r.RecordedByID, r.Route,
			r.CouncilResponse, r.CouncilResponseGroupID, r.CouncilResponseApprovedAt))
	}
	return lines
}

// matrixFeedback creates an item of feedback about the published service
// for the actor's cell, known by its summary. circulated items were sent
// an hour ago and are due in a week.
func (w *matrixWorld) matrixFeedback(t *testing.T, actor string, party feedback.ResponsibleParty, circulated bool) *ent.Feedback {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	create := w.app.Client.Feedback.Create().
		SetReceivedAt(now.Add(-24 * time.Hour)).
		SetChannel(feedback.ChannelWebsite).
		SetSource(feedback.SourceParentOrCarer).
		SetTopic(feedback.TopicContent).
		SetSentiment(feedback.SentimentNegative).
		SetBody("The timetable on the page is out of date.").
		SetSummary(matrixFeedbackSummary(actor)).
		SetStatus(feedback.StatusTriaged).
		SetResponsibleParty(party).
		SetServiceID(w.published.ID)
	if party == feedback.ResponsiblePartyCommissioner {
		create.SetCommissionerID(w.users[actorCommissioner].ID)
	}
	if circulated {
		create.SetStatus(feedback.StatusCirculated).SetCirculatedAt(now.Add(-time.Hour)).SetResponseDueAt(now.Add(7 * 24 * time.Hour))
	}
	return create.SaveX(w.app.SystemContext())
}

func matrixFeedbackSummary(actor string) string {
	return "Timetable out of date, for the " + actor
}

// actorFeedback returns the item created for the actor's cell.
func (w *matrixWorld) actorFeedback(t *testing.T, actor string) *ent.Feedback {
	t.Helper()
	return w.app.Client.Feedback.Query().Where(feedback.Summary(matrixFeedbackSummary(actor))).OnlyX(w.app.SystemContext())
}

func (w *matrixWorld) actorResponse(t *testing.T, actor string) *ent.FeedbackResponse {
	t.Helper()
	f := w.actorFeedback(t, actor)
	return w.app.Client.FeedbackResponse.Query().Where(feedbackresponse.FeedbackID(f.ID)).OnlyX(w.app.SystemContext())
}

func feedbackAnswerMatrixRows() []mutationRow {
	answerRow := func(name string, party feedback.ResponsibleParty, want map[string]string) mutationRow {
		return mutationRow{
			name:     name,
			field:    "answerFeedback",
			document: `mutation($input: AnswerFeedbackInput!) { answerFeedback(input: $input) { response { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				f := w.matrixFeedback(t, actor, party, true)
				return input(map[string]any{"feedbackId": f.ID, "action": "We updated the timetable."})
			},
			want: want,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				r := w.actorResponse(t, actor)
				if r.AnsweredByID == nil || *r.AnsweredByID != w.users[actor].ID || r.AnsweredAt == nil {
					t.Errorf("answered by %v at %v, want by the %s", r.AnsweredByID, r.AnsweredAt, actor)
				}
				if f := w.actorFeedback(t, actor); f.Status != feedback.StatusAnswered {
					t.Errorf("item is %s, want ANSWERED", f.Status)
				}
				w.wantAudit(t, "feedback.answered", w.actorFeedback(t, actor).ID)
			},
		}
	}

	return []mutationRow{
		{
			name:     "sendFeedbackNow of a triaged item",
			field:    "sendFeedbackNow",
			document: `mutation($input: SendFeedbackNowInput!) { sendFeedbackNow(input: $input) { recipients } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"feedbackId": w.matrixFeedback(t, actor, feedback.ResponsiblePartyContentOwners, false).ID})
			},
			want: officersSendFeedback,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				f := w.actorFeedback(t, actor)
				if f.Status != feedback.StatusCirculated || !f.Urgent || f.ResponseDueAt == nil {
					t.Errorf("item is %s, urgent %t, due %v, want CIRCULATED, urgent and due", f.Status, f.Urgent, f.ResponseDueAt)
				}
				for _, owner := range []string{actorLead, actorContentManager} {
					if n := w.app.Client.Notification.Query().Where(notificationAbout(fb.TemplateSentNow, w.users[owner].Email, f.ID)).CountX(w.app.SystemContext()); n != 1 {
						t.Errorf("urgent emails to the %s about the item = %d, want 1", owner, n)
					}
				}
				w.wantAudit(t, "feedback.circulated", f.ID)
			},
		},
		answerRow("answerFeedback of an item for the content's owners", feedback.ResponsiblePartyContentOwners, ownersAnswerFeedback),
		answerRow("answerFeedback of an item for the commissioner", feedback.ResponsiblePartyCommissioner, commissionerAnswersFeedback),
		{
			name:     "recordFeedbackAnswer of an item for the content's owners",
			field:    "recordFeedbackAnswer",
			document: `mutation($input: RecordFeedbackAnswerInput!) { recordFeedbackAnswer(input: $input) { response { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				f := w.matrixFeedback(t, actor, feedback.ResponsiblePartyContentOwners, true)
				return input(map[string]any{
					"feedbackId": f.ID, "action": "We updated the timetable.", "route": "telephone call",
					"answeredBy": w.users[actorLead].ID,
				})
			},
			want: officersOnCirculatedFeedback,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				r := w.actorResponse(t, actor)
				if r.RecordedByID == nil || *r.RecordedByID != w.users[actor].ID || r.Route != "telephone call" {
					t.Errorf("recorded by %v via %q, want by the %s via telephone call", r.RecordedByID, r.Route, actor)
				}
				if r.AnsweredByID == nil || *r.AnsweredByID != w.users[actorLead].ID {
					t.Errorf("answered by %v, want the lead", r.AnsweredByID)
				}
				w.wantAudit(t, "feedback.answer_recorded", w.actorFeedback(t, actor).ID)
			},
		},
		{
			name:     "setCouncilResponse of a circulated item",
			field:    "setCouncilResponse",
			document: `mutation($input: SetCouncilResponseInput!) { setCouncilResponse(input: $input) { responses { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				f := w.matrixFeedback(t, actor, feedback.ResponsiblePartyContentOwners, true)
				return input(map[string]any{"feedbackIds": []uuid.UUID{f.ID}, "text": "We now check every timetable each term."})
			},
			want: officersOnCirculatedFeedback,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				r := w.actorResponse(t, actor)
				if r.CouncilResponse != "We now check every timetable each term." || r.CouncilResponseApprovedAt != nil {
					t.Errorf("council response %q approved at %v, want the text, not approved", r.CouncilResponse, r.CouncilResponseApprovedAt)
				}
				w.wantAudit(t, "council_response.set", r.ID)
			},
		},
		{
			name:     "approveCouncilResponse of a circulated item",
			field:    "approveCouncilResponse",
			document: `mutation($input: ApproveCouncilResponseInput!) { approveCouncilResponse(input: $input) { responses { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				f := w.matrixFeedback(t, actor, feedback.ResponsiblePartyContentOwners, true)
				w.app.Client.FeedbackResponse.Create().SetFeedback(f).SetCouncilResponse("We now check every timetable each term.").
					ExecX(w.app.SystemContext())
				return input(map[string]any{"feedbackIds": []uuid.UUID{f.ID}})
			},
			want: officersOnCirculatedFeedback,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				r := w.actorResponse(t, actor)
				if r.CouncilResponseApprovedAt == nil || r.CouncilResponseApprovedByID == nil || *r.CouncilResponseApprovedByID != w.users[actor].ID {
					t.Errorf("approved at %v by %v, want now by the %s", r.CouncilResponseApprovedAt, r.CouncilResponseApprovedByID, actor)
				}
				if f := w.actorFeedback(t, actor); f.Status != feedback.StatusClosed || f.ClosedAt == nil {
					t.Errorf("item is %s, closed at %v, want CLOSED", f.Status, f.ClosedAt)
				}
				w.wantAudit(t, "council_response.approved", r.ID)
			},
		},
	}
}

// notificationAbout selects the emails of template to recipient whose body
// links the item id.
func notificationAbout(template, recipient string, id uuid.UUID) predicate.Notification {
	return notification.And(
		notification.Template(template),
		notification.Recipient(strings.ToLower(recipient)),
		notification.BodyContains(id.String()),
	)
}
