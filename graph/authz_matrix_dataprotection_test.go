package graph_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/feedback"
)

func init() {
	moreMutationRows = append(moreMutationRows, dataProtectionMatrixRows)
	moreSnapshotLines = append(moreSnapshotLines, dataProtectionSnapshot)
}

// lOAdminsOnly is the outcome of the subject rights operations: LO admins
// only, and UNAUTHENTICATED for the public.
var lOAdminsOnly = map[string]string{
	actorAnonymous: unauthenticated, actorApplicant: forbidden, actorContentManager: forbidden, actorLead: forbidden,
	actorOtherLead: forbidden, actorCommissioner: forbidden, actorOfficer: forbidden, actorAdmin: allowed, actorPartner: forbidden,
}

// dataProtectionSnapshot describes the personal data a redaction changes,
// for the matrix's check that a refused one wrote nothing.
func dataProtectionSnapshot(t *testing.T, w *matrixWorld) []string {
	t.Helper()
	ctx := w.app.SystemContext()
	c := w.app.Client
	var lines []string
	for _, f := range c.Feedback.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("feedback %s v%d %q %q %v", f.ID, f.Version, f.Body, f.Summary, f.ContactPurgedAt))
	}
	for _, contact := range c.FeedbackContact.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("feedback contact %s %s %s", contact.ID, contact.FeedbackID, contact.Email))
	}
	for _, n := range c.Notification.Query().AllX(ctx) {
		lines = append(lines, fmt.Sprintf("email %s %s %q %v", n.ID, n.State, n.Body, n.BodyPurgedAt))
	}
	return lines
}

// subjectFeedback creates an item of feedback whose contact details are
// the actor's own subject's, for the actor's cell to export or redact.
func (w *matrixWorld) subjectFeedback(t *testing.T, actor string) (string, *ent.Feedback) {
	t.Helper()
	ctx := w.app.SystemContext()
	email := emailFor(actor, "subject")
	item := w.app.Client.Feedback.Create().
		SetReceivedAt(time.Now().UTC().Truncate(time.Second)).
		SetChannel(feedback.ChannelWebsite).SetSource(feedback.SourceParentOrCarer).
		SetTopic(feedback.TopicContent).SetSentiment(feedback.SentimentNeutral).
		SetBody("Please write to me at " + email + ".").
		SaveX(ctx)
	w.app.Client.FeedbackContact.Create().SetFeedbackID(item.ID).SetEmail(email).
		SetConsentPurposes([]string{"CALL_BACK"}).SetConsentWordingVersion("2026-12").SetConsentedAt(item.ReceivedAt).
		SaveX(ctx)
	return email, item
}

func dataProtectionMatrixRows() []mutationRow {
	return []mutationRow{
		{
			name:     "exportPersonalData",
			field:    "exportPersonalData",
			document: `mutation($input: ExportPersonalDataInput!) { exportPersonalData(input: $input) { filename json } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				email, _ := w.subjectFeedback(t, actor)
				return input(map[string]any{"email": email})
			},
			want: lOAdminsOnly,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				n := w.app.Client.AuditEvent.Query().Where(auditevent.Action("personal_data.exported")).CountX(w.app.SystemContext())
				if n != 1 {
					t.Errorf("personal_data.exported audit events = %d, want 1", n)
				}
			},
		},
		{
			name:     "redactPersonalData",
			field:    "redactPersonalData",
			document: `mutation($input: RedactPersonalDataInput!) { redactPersonalData(input: $input) { contactsDeleted } }`,
			variables: func(t *testing.T, w *matrixWorld, actor string) map[string]any {
				email, _ := w.subjectFeedback(t, actor)
				return input(map[string]any{"email": email, "reason": "Erasure request SAR-2026-" + fmt.Sprint(actorIndex(actor))})
			},
			want: lOAdminsOnly,
			succeeded: func(t *testing.T, w *matrixWorld, actor string) {
				ctx := w.app.SystemContext()
				item := w.app.Client.Feedback.Query().
					Where(feedback.BodyContains("Please write to me at [redacted].")).
					WithContact().OnlyX(ctx)
				if item.Edges.Contact != nil || item.ContactPurgedAt == nil {
					t.Errorf("contact details of the subject's feedback were kept")
				}
				n := w.app.Client.AuditEvent.Query().Where(auditevent.Action("personal_data.redacted")).CountX(ctx)
				if n != 1 {
					t.Errorf("personal_data.redacted audit events = %d, want 1", n)
				}
			},
		},
	}
}

// matchCount summarises personalDataSearch by the number of matches.
func matchCount(_ *matrixWorld, _ string, result json.RawMessage) string {
	var matches []struct{ ID uuid.UUID }
	if err := json.Unmarshal(result, &matches); err != nil {
		return "unexpected " + string(result)
	}
	return fmt.Sprint(len(matches))
}

// TestAuthzMatrixPersonalDataSearch searches for the lead's email address
// as every actor. The world holds two records with it: the lead's account
// and an email to them.
func TestAuthzMatrixPersonalDataSearch(t *testing.T) {
	t.Parallel()
	w := newMatrixWorld(t)
	runReadRow(t, w, readRow{
		name:      "personalDataSearch",
		document:  fmt.Sprintf(`{ result: personalDataSearch(email: %q) { id } }`, w.users[actorLead].Email),
		summarize: matchCount,
		want:      byActor(unauthenticated, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, "2", forbidden),
	})
}
