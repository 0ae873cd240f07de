package graph_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/engagementactivity"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/schema/schematype"
)

func init() {
	moreMutationRows = append(moreMutationRows, feedbackMatrixRows)
	moreSnapshotLines = append(moreSnapshotLines, feedbackSnapshot)
}

// Outcomes of the feedback operations, which only the LO team performs.
var (
	// officersOnNew is for operations that read or write no existing item
	// (recording, creating an activity): every other actor is FORBIDDEN.
	officersOnNew = map[string]string{
		actorAnonymous: unauthenticated, actorApplicant: forbidden, actorContentManager: forbidden, actorLead: forbidden,
		actorOtherLead: forbidden, actorCommissioner: forbidden, actorOfficer: allowed, actorAdmin: allowed, actorPartner: forbidden,
	}
	// officersOnCirculated is for an item circulated to the owners of the
	// published service: its lead, content manager and commissioner read
	// it, so changing it is FORBIDDEN for them. Others cannot read it.
	officersOnCirculated = map[string]string{
		actorAnonymous: unauthenticated, actorApplicant: notFound, actorContentManager: forbidden, actorLead: forbidden,
		actorOtherLead: notFound, actorCommissioner: forbidden, actorOfficer: allowed, actorAdmin: allowed, actorPartner: notFound,
	}
	// officersOnRestricted is for a safeguarding item or an engagement
	// activity, which only the LO team reads.
	officersOnRestricted = map[string]string{
		actorAnonymous: unauthenticated, actorApplicant: notFound, actorContentManager: notFound, actorLead: notFound,
		actorOtherLead: notFound, actorCommissioner: notFound, actorOfficer: allowed, actorAdmin: allowed, actorPartner: notFound,
	}
)

// feedbackSnapshot describes feedback, contact details and engagement
// activities for the matrix's check that a refused mutation wrote nothing.
func feedbackSnapshot(t *testing.T, w *matrixWorld) []string {
	t.Helper()
	ctx := w.app.SystemContext()
	c := w.app.Client
	var lines []string
	for _, f := range c.Feedback.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("feedback triage %s v%d %s %t %v %v %v %v %v %v %v %v", f.ID, f.Version, f.Status, f.Safeguarding,
			f.SafeguardingFlaggedAt, f.SafeguardingClearedAt, f.ReferralRecordedAt, f.ResponsibleParty, f.CommissionerID,
			f.ExcludedAt, f.EngagementActivityID, f.SectionID))
	}
	for _, a := range c.EngagementActivity.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("engagement activity %s %q %s %d", a.ID, a.Title, a.HeldOn, a.Participants))
	}
	lines = append(lines, fmt.Sprintf("feedback contacts %d", c.FeedbackContact.Query().CountX(ctx)))
	return lines
}

// matrixItem creates an item of feedback named for the actor, about the
// published service. circulated sends it to the service's owners;
// safeguarding flags it.
func (w *matrixWorld) matrixItem(t *testing.T, actor string, circulated, safeguarding bool) *ent.Feedback {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	create := w.app.Client.Feedback.Create().
		SetReceivedAt(now).SetChannel(feedback.ChannelWebsite).SetSource(feedback.SourceParentOrCarer).
		SetTopic(feedback.TopicContent).SetSentiment(feedback.SentimentNegative).
		SetBody("Matrix feedback for " + actor).SetServiceID(w.published.ID)
	if circulated {
		create.SetResponsibleParty(feedback.ResponsiblePartyContentOwners).SetSummary("A comment on the sensory play sessions.").
			SetStatus(feedback.StatusCirculated).SetCirculatedAt(now)
	}
	if safeguarding {
		create.SetSafeguarding(true).SetSafeguardingFlaggedAt(now).SetTriageDueAt(now.Add(24 * time.Hour))
	}
	return create.SaveX(w.app.SystemContext())
}

// itemFor returns the item matrixItem or a success made for the actor.
func (w *matrixWorld) itemFor(t *testing.T, actor string) *ent.Feedback {
	t.Helper()
	return w.app.Client.Feedback.Query().Where(feedback.Body("Matrix feedback for " + actor)).OnlyX(w.app.SystemContext())
}

// matrixActivity creates an engagement activity named for the actor.
func (w *matrixWorld) matrixActivity(t *testing.T, actor string) *ent.EngagementActivity {
	t.Helper()
	return w.app.Client.EngagementActivity.Create().SetTitle("Matrix forum for " + actor).
		SetKind(engagementactivity.KindConsultation).SetHeldOn(schematype.NewDate(2026, time.March, 3)).
		SetParticipants(12).SaveX(w.app.SystemContext())
}

// feedbackMatrixRows returns the rows of the feedback mutations.
func feedbackMatrixRows() []mutationRow {
	body := func(actor string) map[string]any {
		return map[string]any{"source": "PARENT_OR_CARER", "topic": "CONTENT", "sentiment": "NEUTRAL", "body": "Matrix feedback for " + actor}
	}
	return []mutationRow{
		{
			name:     "submitFeedback",
			field:    "submitFeedback",
			document: `mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { receipt { id } urgentHelp } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				fields := body(actor)
				fields["serviceId"] = w.published.ID
				return input(fields)
			},
			want: everyone,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				f := w.itemFor(t, actor)
				if f.Channel != feedback.ChannelWebsite || f.RecordedByID != nil || f.Status != feedback.StatusNew {
					t.Errorf("item %s %v %s, want a NEW item from the website", f.Channel, f.RecordedByID, f.Status)
				}
			},
		},
		{
			name:     "recordFeedback",
			field:    "recordFeedback",
			document: `mutation($input: RecordFeedbackInput!) { recordFeedback(input: $input) { feedback { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				fields := body(actor)
				fields["channel"] = "EMAIL"
				fields["serviceId"] = w.pending.ID
				return input(fields)
			},
			want: officersOnNew,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				f := w.itemFor(t, actor)
				if f.Channel != feedback.ChannelEmail || f.RecordedByID == nil || *f.RecordedByID != w.users[actor].ID {
					t.Errorf("item %s recorded by %v, want an email recorded by the %s", f.Channel, f.RecordedByID, actor)
				}
				w.wantAudit(t, "feedback.recorded", f.ID)
			},
		},
		{
			name:     "flagSafeguarding of a circulated item",
			field:    "flagSafeguarding",
			document: `mutation($input: FlagSafeguardingInput!) { flagSafeguarding(input: $input) { feedback { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"id": w.matrixItem(t, actor, true, false).ID})
			},
			want: officersOnCirculated,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				f := w.itemFor(t, actor)
				if !f.Safeguarding || f.SafeguardingFlaggedByID == nil || *f.SafeguardingFlaggedByID != w.users[actor].ID || f.TriageDueAt == nil {
					t.Errorf("item safeguarding %t by %v due %v, want flagged by the %s with a target", f.Safeguarding, f.SafeguardingFlaggedByID, f.TriageDueAt, actor)
				}
				w.wantAudit(t, "safeguarding.flagged", f.ID)
			},
		},
		{
			name:     "clearSafeguarding of a flagged item",
			field:    "clearSafeguarding",
			document: `mutation($input: ClearSafeguardingInput!) { clearSafeguarding(input: $input) { feedback { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"id": w.matrixItem(t, actor, true, true).ID, "reason": "NO_RISK_DISCLOSED"})
			},
			want: officersOnRestricted,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				f := w.itemFor(t, actor)
				if f.Safeguarding || f.SafeguardingClearedAt == nil {
					t.Errorf("item safeguarding %t cleared %v, want cleared", f.Safeguarding, f.SafeguardingClearedAt)
				}
				w.wantAudit(t, "safeguarding.cleared", f.ID)
			},
		},
		{
			name:     "recordSafeguardingReferral of a flagged item",
			field:    "recordSafeguardingReferral",
			document: `mutation($input: RecordSafeguardingReferralInput!) { recordSafeguardingReferral(input: $input) { feedback { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"id": w.matrixItem(t, actor, true, true).ID, "referral": "Referred to children's social care."})
			},
			want: officersOnRestricted,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				f := w.itemFor(t, actor)
				if f.ReferralRecordedAt == nil || f.ReferralRecordedByID == nil || *f.ReferralRecordedByID != w.users[actor].ID || !f.Safeguarding {
					t.Errorf("referral at %v by %v, want recorded by the %s, still restricted", f.ReferralRecordedAt, f.ReferralRecordedByID, actor)
				}
				w.wantAudit(t, "safeguarding.referral_recorded", f.ID)
			},
		},
		{
			name:     "triageFeedback of a circulated item",
			field:    "triageFeedback",
			document: `mutation($input: TriageFeedbackInput!) { triageFeedback(input: $input) { feedback { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"id": w.matrixItem(t, actor, true, false).ID, "version": 1, "summary": "A comment on session times."})
			},
			want: officersOnCirculated,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				f := w.itemFor(t, actor)
				if f.Summary != "A comment on session times." || f.Version != 2 || f.TriagedByID == nil || *f.TriagedByID != w.users[actor].ID {
					t.Errorf("summary %q version %d by %v, want the new summary at version 2 by the %s", f.Summary, f.Version, f.TriagedByID, actor)
				}
				w.wantAudit(t, "feedback.triaged", f.ID)
			},
		},
		{
			name:     "excludeFeedback of a circulated item",
			field:    "excludeFeedback",
			document: `mutation($input: ExcludeFeedbackInput!) { excludeFeedback(input: $input) { feedback { id } complaintsRoute } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"id": w.matrixItem(t, actor, true, false).ID, "version": 1, "reason": "VEXATIOUS", "note": "Repeated."})
			},
			want: officersOnCirculated,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				f := w.itemFor(t, actor)
				if f.Status != feedback.StatusExcluded || f.ExcludedAt == nil || f.ClosedAt == nil {
					t.Errorf("item %s excluded %v closed %v, want excluded and closed", f.Status, f.ExcludedAt, f.ClosedAt)
				}
				w.wantAudit(t, "feedback.excluded", f.ID)
			},
		},
		{
			name:     "createEngagementActivity",
			field:    "createEngagementActivity",
			document: `mutation($input: CreateEngagementActivityInput!) { createEngagementActivity(input: $input) { engagementActivity { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"title": "Matrix forum for " + actor, "kind": "CO_PRODUCTION", "heldOn": "2026-02-10", "participants": 9})
			},
			want: officersOnNew,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				a := w.app.Client.EngagementActivity.Query().Where(engagementactivity.Title("Matrix forum for " + actor)).OnlyX(w.app.SystemContext())
				if a.RecordedByID == nil || *a.RecordedByID != w.users[actor].ID {
					t.Errorf("activity recorded by %v, want the %s", a.RecordedByID, actor)
				}
				w.wantAudit(t, "engagement_activity.created", a.ID)
			},
		},
		{
			name:     "updateEngagementActivity",
			field:    "updateEngagementActivity",
			document: `mutation($input: UpdateEngagementActivityInput!) { updateEngagementActivity(input: $input) { engagementActivity { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				return input(map[string]any{"id": w.matrixActivity(t, actor).ID, "participants": 31})
			},
			want: officersOnRestricted,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				a := w.app.Client.EngagementActivity.Query().Where(engagementactivity.Title("Matrix forum for " + actor)).OnlyX(w.app.SystemContext())
				if a.Participants != 31 {
					t.Errorf("participants = %d, want 31", a.Participants)
				}
				w.wantAudit(t, "engagement_activity.updated", a.ID)
			},
		},
		{
			name:     "setFeedbackEngagementActivity of a circulated item",
			field:    "setFeedbackEngagementActivity",
			document: `mutation($input: SetFeedbackEngagementActivityInput!) { setFeedbackEngagementActivity(input: $input) { feedback { id } } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				item := w.matrixItem(t, actor, true, false)
				return input(map[string]any{"feedbackIds": []uuid.UUID{item.ID}, "engagementActivityId": w.matrixActivity(t, actor).ID})
			},
			want: officersOnCirculated,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				f := w.itemFor(t, actor)
				if f.EngagementActivityID == nil {
					t.Error("item not linked to the activity")
				}
				w.wantAudit(t, "feedback.engagement_activity_set", f.ID)
			},
		},
	}
}

// feedbackReadWorld adds to the matrix world an item circulated to the
// owners of the published service, with contact details, a NEW item, a
// flagged one circulated before it was flagged, and an engagement
// activity.
type feedbackReadWorld struct {
	*matrixWorld
	circulated, fresh, flagged *ent.Feedback
	activity                   *ent.EngagementActivity
}

func newFeedbackReadWorld(t *testing.T) *feedbackReadWorld {
	t.Helper()
	w := &feedbackReadWorld{matrixWorld: newMatrixWorld(t)}
	w.circulated = w.matrixItem(t, "circulated", true, false)
	w.app.Client.FeedbackContact.Create().SetFeedbackID(w.circulated.ID).SetEmail("matrix.parent@example.org").
		SetConsentPurposes([]string{"CALL_BACK"}).SetConsentWordingVersion("2026-12").SetConsentedAt(w.circulated.ReceivedAt).
		ExecX(w.app.SystemContext())
	w.fresh = w.matrixItem(t, "fresh", false, false)
	w.flagged = w.matrixItem(t, "flagged", true, true)
	w.activity = w.matrixActivity(t, "reads")
	return w
}

// fieldShown summarizes a node by whether a field of it is null: "shown"
// or "null".
func fieldShown(name string) func(*matrixWorld, string, json.RawMessage) string {
	return func(_ *matrixWorld, _ string, result json.RawMessage) string {
		var node map[string]json.RawMessage
		if err := json.Unmarshal(result, &node); err != nil || node == nil {
			return "unexpected " + string(result)
		}
		if value, ok := node[name]; !ok || string(value) == "null" {
			return isNull
		}
		return "shown"
	}
}

func (w *feedbackReadWorld) readRows() []readRow {
	circulated := func(*matrixWorld) uuid.UUID { return w.circulated.ID }
	// Columns, as in matrixActors: anonymous, applicant, content manager,
	// lead, other lead, commissioner, LO officer, LO admin, partner.
	return []readRow{
		{
			name: "feedback totalCount", document: `{ result: feedback { totalCount } }`, summarize: totalCount,
			want: byActor(unauthenticated, forbidden, "1", "1", "0", "1", "3", "3", forbidden),
		},
		{
			name: "safeguardingQueue", document: `{ result: safeguardingQueue { id } }`, summarize: listLength,
			want: byActor(unauthenticated, forbidden, forbidden, forbidden, forbidden, forbidden, "1", "1", forbidden),
		},
		{
			name: "engagementActivities", document: `{ result: engagementActivities { totalCount } }`, summarize: totalCount,
			want: byActor(unauthenticated, forbidden, forbidden, forbidden, forbidden, forbidden, "1", "1", forbidden),
		},
		nodeRow("a circulated item", circulated, actorContentManager, actorLead, actorCommissioner, actorOfficer, actorAdmin),
		nodeRow("a NEW item", func(*matrixWorld) uuid.UUID { return w.fresh.ID }, actorOfficer, actorAdmin),
		nodeRow("a flagged item circulated before", func(*matrixWorld) uuid.UUID { return w.flagged.ID }, actorOfficer, actorAdmin),
		nodeRow("an engagement activity", func(*matrixWorld) uuid.UUID { return w.activity.ID }, actorOfficer, actorAdmin),
		{
			name:     "body of a circulated item",
			document: `query($id: ID!) { result: node(id: $id) { ... on Feedback { body } } }`, id: circulated,
			summarize: fieldShown("body"),
			want:      byActor(notFound, notFound, isNull, isNull, notFound, isNull, "shown", "shown", notFound),
		},
		{
			name:     "contact of a circulated item",
			document: `query($id: ID!) { result: node(id: $id) { ... on Feedback { contact { email } } } }`, id: circulated,
			summarize: fieldShown("contact"),
			want:      byActor(notFound, notFound, isNull, isNull, notFound, isNull, "shown", "shown", notFound),
		},
	}
}

// TestAuthzMatrixFeedbackReads runs the reads of feedback and engagement
// activities as every actor, in one world.
func TestAuthzMatrixFeedbackReads(t *testing.T) {
	t.Parallel()
	w := newFeedbackReadWorld(t)
	for _, row := range w.readRows() {
		t.Run(row.name, func(t *testing.T) { runReadRow(t, w.matrixWorld, row) })
	}
}
