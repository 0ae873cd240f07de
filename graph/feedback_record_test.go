package graph_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/feedbackcontact"
)

const recordFeedbackDoc = `mutation($input: RecordFeedbackInput!) {
	recordFeedback(input: $input) { feedback { id version channel receivedAt status service { id } engagementActivity { id } body } } }`

type recordPayload struct {
	RecordFeedback struct {
		Feedback struct {
			ID                 uuid.UUID
			Version            int
			Channel            string
			ReceivedAt         time.Time
			Status             string
			Service            *struct{ ID uuid.UUID }
			EngagementActivity *struct{ ID uuid.UUID }
			Body               *string
		}
	}
}

// recorded returns the fields of feedback an officer took by telephone,
// with changes.
func recorded(changes map[string]any) map[string]any {
	fields := parentFeedback(map[string]any{"channel": "TELEPHONE"})
	for k, v := range changes {
		fields[k] = v
	}
	return fields
}

func TestRecordFeedback(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	activity := o.createActivity(t, map[string]any{"title": "Spring parents' forum"})
	receivedAt := time.Now().UTC().Add(-50 * time.Hour).Truncate(time.Second)

	var out recordPayload
	o.MustQueryAs(t, o.tokens[o.officer], recordFeedbackDoc, input(recorded(map[string]any{
		"channel": "FOCUS_GROUP", "receivedAt": receivedAt.Format(time.RFC3339), "serviceId": o.draft.ID,
		"engagementActivityId": activity,
		"contact":              map[string]any{"phone": "01632 960123", "consentPurposes": []string{"CALL_BACK"}},
	})), &out)
	got := out.RecordFeedback.Feedback
	if got.Channel != "FOCUS_GROUP" || !got.ReceivedAt.Equal(receivedAt) || got.Status != "NEW" || got.Version != 1 {
		t.Errorf("item = %+v, want a NEW focus group item received at %s", got, receivedAt)
	}
	if got.Service == nil || got.Service.ID != o.draft.ID {
		t.Errorf("service = %+v, want the draft %s: officers may name any content", got.Service, o.draft.ID)
	}
	if got.EngagementActivity == nil || got.EngagementActivity.ID != activity {
		t.Errorf("engagement activity = %+v, want %s", got.EngagementActivity, activity)
	}
	if got.Body == nil || !strings.Contains(*got.Body, "waiting list") {
		t.Errorf("body = %v, want the words for the officer", got.Body)
	}

	f := o.item(t, got.ID)
	if f.RecordedByID == nil || *f.RecordedByID != o.officer.ID {
		t.Errorf("recorded by %v, want the officer", f.RecordedByID)
	}
	c := o.Client.FeedbackContact.Query().Where(feedbackcontact.FeedbackID(got.ID)).OnlyX(o.SystemContext())
	if c.Phone != "01632 960123" || c.PhoneDigits != "01632960123" {
		t.Errorf("contact phone %q digits %q", c.Phone, c.PhoneDigits)
	}
	event := o.Client.AuditEvent.Query().Where(auditevent.Action("feedback.recorded")).OnlyX(o.SystemContext())
	if event.ObjectID == nil || *event.ObjectID != got.ID || event.ActorID == nil || *event.ActorID != o.officer.ID {
		t.Errorf("audit event about %v by %v, want %s by the officer", event.ObjectID, event.ActorID, got.ID)
	}

	t.Run("received now by default", func(t *testing.T) {
		before := time.Now().UTC().Truncate(time.Second)
		o.MustQueryAs(t, o.tokens[o.admin], recordFeedbackDoc, input(recorded(nil)), &out)
		if at := out.RecordFeedback.Feedback.ReceivedAt; at.Before(before) || at.After(time.Now().Add(time.Second)) {
			t.Errorf("receivedAt = %s, want now", at)
		}
	})
}

func TestRecordFeedbackBadInput(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	future := time.Now().UTC().Add(time.Hour).Format(time.RFC3339)
	for _, tc := range []struct {
		name, field string
		changes     map[string]any
	}{
		{"website channel", "input.channel", map[string]any{"channel": "WEBSITE"}},
		{"received in the future", "input.receivedAt", map[string]any{"receivedAt": future}},
		{"unknown activity", "input.engagementActivityId", map[string]any{"engagementActivityId": uuid.New()}},
		{"unknown service", "input.serviceId", map[string]any{"serviceId": uuid.New()}},
		{"empty body", "input.body", map[string]any{"body": ""}},
		{"under 13 with contact", "input.contact", map[string]any{
			"source": "CHILD_OR_YOUNG_PERSON", "ageBand": "UNDER_13",
			"contact": map[string]any{"name": "Kai", "consentPurposes": []string{"QUOTE"}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := wantOneError(t, o.QueryAs(t, o.tokens[o.officer], recordFeedbackDoc, input(recorded(tc.changes))), badUserInput)
			if e.Extensions["field"] != tc.field {
				t.Errorf("field = %v, want %s", e.Extensions["field"], tc.field)
			}
		})
	}

	wantOneError(t, o.QueryAs(t, o.tokens[o.lead], recordFeedbackDoc, input(recorded(nil))), forbidden)
	wantOneError(t, o.Query(t, recordFeedbackDoc, input(recorded(nil))), unauthenticated)
	if n := o.Client.Feedback.Query().Where(feedback.ChannelNEQ(feedback.ChannelWebsite)).CountX(o.SystemContext()); n != 0 {
		t.Errorf("items stored = %d, want 0", n)
	}
}
