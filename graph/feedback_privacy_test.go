package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// TestFeedbackTextNeverLogged runs every feedback operation, failures
// included, with unique words, names and contact details, and checks that
// none of them reaches the server's log or the audit log.
func TestFeedbackTextNeverLogged(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	secrets := []string{
		"Zephyrine", "Quillfeather", "zephyrine.q@example.org", "01632 961847", "01632961847",
		"marmalade-coloured", "Referred-to-Oakbridge-7731", "Note-Wobblesome", "Summary-Pemberley",
	}
	body := "My son is hurt me by the marmalade-coloured bus driver every day."
	contact := map[string]any{
		"name": "Zephyrine Quillfeather", "email": "Zephyrine.Q@example.org", "phone": "01632 961847",
		"consentPurposes": []string{"CALL_BACK", "SHARE_WITH_PROVIDER"},
	}

	suggested := o.submit(t, parentFeedback(map[string]any{"body": body, "contact": contact}))
	plain := o.submit(t, parentFeedback(map[string]any{"body": "The marmalade-coloured page is hard to read.", "contact": contact}))
	var recordedOut recordPayload
	o.MustQueryAs(t, o.tokens[o.officer], recordFeedbackDoc, input(recorded(map[string]any{"body": body, "contact": contact})), &recordedOut)
	activity := o.createActivity(t, map[string]any{"description": "Run with Zephyrine's group."})

	steps := []struct {
		token, doc string
		fields     map[string]any
	}{
		{o.tokens[o.officer], referralDoc, map[string]any{"id": suggested, "referral": "Referred-to-Oakbridge-7731"}},
		{o.tokens[o.officer], triageFeedbackDoc, map[string]any{"id": plain, "version": 1, "summary": "Summary-Pemberley", "responsibleParty": "LO_TEAM"}},
		{o.tokens[o.officer], flagSafeguardingDoc, map[string]any{"id": recordedOut.RecordFeedback.Feedback.ID}},
		{o.tokens[o.officer], clearSafeguardingDoc, map[string]any{"id": recordedOut.RecordFeedback.Feedback.ID, "reason": "NO_RISK_DISCLOSED"}},
		{o.tokens[o.officer], excludeFeedbackDoc, map[string]any{"id": plain, "version": 2, "reason": "INDIVIDUAL_SERVICE", "note": "Note-Wobblesome"}},
		{o.tokens[o.officer], linkActivityDoc, map[string]any{"feedbackIds": []uuid.UUID{plain}, "engagementActivityId": activity}},
		// Failures: a bad email, a stale version and a provider's attempt.
		{"", submitFeedbackDoc, parentFeedback(map[string]any{"body": body, "contact": map[string]any{
			"name": "Zephyrine Quillfeather", "email": "zephyrine.q at example.org", "consentPurposes": []string{"CALL_BACK"},
		}})},
		{o.tokens[o.officer], triageFeedbackDoc, map[string]any{"id": plain, "version": 1, "summary": "Summary-Pemberley"}},
		{o.tokens[o.lead], recordFeedbackDoc, recorded(map[string]any{"body": body, "contact": contact})},
	}
	for _, step := range steps {
		o.QueryAs(t, step.token, step.doc, input(step.fields))
	}
	o.MustQueryAs(t, o.tokens[o.officer], feedbackListDoc, nil, nil)

	logs := strings.ToLower(o.Logs())
	if !strings.Contains(logs, "http request") {
		t.Fatal("the server logged no requests: the check below would prove nothing")
	}
	events := o.Client.AuditEvent.Query().AllX(o.SystemContext())
	if len(events) < 7 {
		t.Errorf("audit events = %d, want one per change", len(events))
	}
	for _, secret := range secrets {
		if strings.Contains(logs, strings.ToLower(secret)) {
			t.Errorf("the log contains %q", secret)
		}
		for _, e := range events {
			if text := fmt.Sprintf("%s %s %v %s", e.Action, e.Detail, e.ChangedFields, e.ObjectType); strings.Contains(strings.ToLower(text), strings.ToLower(secret)) {
				t.Errorf("audit event %s contains %q: %s", e.Action, secret, text)
			}
		}
	}
}
