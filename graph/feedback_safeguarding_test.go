package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/internal/content"
	fb "github.com/localoffer/localoffer/internal/feedback"
)

const safeguardingQueueDoc = `{ safeguardingQueue { id safeguarding safeguardingKeywords safeguardingFlaggedAt triageDueAt triageOverdue } }`

type queueItem struct {
	ID                    uuid.UUID
	Safeguarding          bool
	SafeguardingKeywords  []string
	SafeguardingFlaggedAt *time.Time
	TriageDueAt           *time.Time
	TriageOverdue         bool
}

func (o *feedbackOffice) queue(t *testing.T) []queueItem {
	t.Helper()
	var out struct{ SafeguardingQueue []queueItem }
	o.MustQueryAs(t, o.tokens[o.officer], safeguardingQueueDoc, nil, &out)
	return out.SafeguardingQueue
}

const (
	flagSafeguardingDoc = `mutation($input: FlagSafeguardingInput!) {
		flagSafeguarding(input: $input) { feedback { id safeguarding safeguardingFlaggedAt triageDueAt version } } }`
	clearSafeguardingDoc = `mutation($input: ClearSafeguardingInput!) {
		clearSafeguarding(input: $input) { feedback { id safeguarding safeguardingClearedAt version } } }`
	referralDoc = `mutation($input: RecordSafeguardingReferralInput!) {
		recordSafeguardingReferral(input: $input) { feedback { id safeguarding referral referralRecordedAt safeguardingFlaggedAt } } }`
)

// disclosure is a young person's comment that suggests a safeguarding
// flag.
func disclosure() map[string]any {
	return parentFeedback(map[string]any{
		"source": "CHILD_OR_YOUNG_PERSON", "ageBand": "AGE_13_TO_15", "topic": "OTHER",
		"body": "The youth club is great but my stepdad hits me and I am scared to go home.",
	})
}

// londonMidnight returns the start of day d in London, in UTC: the end of
// the day before.
func londonMidnight(d schematype.Date) time.Time {
	return d.In(content.London).UTC()
}

func TestSafeguardingTriageTarget(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	// A Friday at least a week away, with the Monday after made a bank
	// holiday: the next working day is the Tuesday.
	friday := schematype.DateOf(time.Now().In(content.London)).AddDays(7)
	for friday.Weekday() != time.Friday {
		friday = friday.AddDays(1)
	}
	monday, tuesday := friday.AddDays(3), friday.AddDays(4)
	o.Client.BankHoliday.Create().SetDate(monday).SetName("Test bank holiday").ExecX(o.SystemContext())
	o.moveClockTo(t, friday.In(content.London).Add(10*time.Hour))

	suggested := o.submit(t, disclosure())
	ordinary := o.submit(t, parentFeedback(nil))

	item := o.item(t, suggested)
	if !item.Safeguarding || item.SafeguardingFlaggedAt != nil {
		t.Errorf("safeguarding %t flagged %v, want suggested, not flagged", item.Safeguarding, item.SafeguardingFlaggedAt)
	}
	if fmt.Sprint(item.SafeguardingKeywords) != "[hits scared to go home]" {
		t.Errorf("keywords = %v, want hits and scared to go home", item.SafeguardingKeywords)
	}
	if want := londonMidnight(tuesday.AddDays(1)); item.TriageDueAt == nil || !item.TriageDueAt.Equal(want) {
		t.Errorf("triageDueAt = %v, want %s: the end of Tuesday, after the bank holiday", item.TriageDueAt, want)
	}
	if plain := o.item(t, ordinary); plain.Safeguarding || plain.TriageDueAt != nil {
		t.Errorf("ordinary item: safeguarding %t due %v, want neither", plain.Safeguarding, plain.TriageDueAt)
	}

	// On Tuesday morning an officer flags the ordinary item, and a second
	// disclosure arrives: both are due by the end of Wednesday.
	o.moveClockTo(t, tuesday.In(content.London).Add(9*time.Hour))
	var flagged struct {
		FlagSafeguarding struct{ Feedback queueItem }
	}
	o.MustQueryAs(t, o.tokens[o.officer], flagSafeguardingDoc, input(map[string]any{"id": ordinary}), &flagged)
	if want := londonMidnight(tuesday.AddDays(2)); flagged.FlagSafeguarding.Feedback.TriageDueAt == nil || !flagged.FlagSafeguarding.Feedback.TriageDueAt.Equal(want) {
		t.Errorf("flagged item due %v, want %s", flagged.FlagSafeguarding.Feedback.TriageDueAt, want)
	}
	later := o.submit(t, disclosure())

	queue := o.queue(t)
	var order []uuid.UUID
	for _, q := range queue {
		order = append(order, q.ID)
		if q.TriageOverdue {
			t.Errorf("item %s overdue on Tuesday morning", q.ID)
		}
	}
	if fmt.Sprint(order) != fmt.Sprint([]uuid.UUID{suggested, ordinary, later}) {
		t.Errorf("queue = %v, want the earliest target first, then the earliest received", order)
	}

	o.moveClockTo(t, londonMidnight(tuesday.AddDays(1)).Add(time.Minute))
	for _, q := range o.queue(t) {
		if want := q.ID == suggested; q.TriageOverdue != want {
			t.Errorf("item %s overdue = %t on Wednesday, want %t", q.ID, q.TriageOverdue, want)
		}
	}
}

// circulate marks an item as triaged to the service's owners and
// circulated to them, as the cycle's circulation does.
func (o *feedbackOffice) circulate(t *testing.T, id uuid.UUID) {
	t.Helper()
	o.Client.Feedback.UpdateOneID(id).
		SetServiceID(o.service.ID).SetResponsibleParty(feedback.ResponsiblePartyContentOwners).
		SetSummary("A young person's comment on the youth club.").
		SetStatus(feedback.StatusCirculated).SetCirculatedAt(time.Now().UTC()).
		ExecX(o.SystemContext())
}

// leadSees returns how many items the lead reads through the feedback
// query, and whether node(id) finds the item.
func (o *feedbackOffice) leadSees(t *testing.T, id uuid.UUID) (int, bool) {
	t.Helper()
	var list struct{ Feedback struct{ TotalCount int } }
	o.MustQueryAs(t, o.tokens[o.lead], `{ feedback { totalCount } }`, nil, &list)
	res := o.QueryAs(t, o.tokens[o.lead], `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
	return list.Feedback.TotalCount, len(res.Errors) == 0
}

func TestSafeguardingRestriction(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	id := o.submit(t, disclosure())

	// The LO team is told at once, with a link and not the words.
	alerts := o.Client.Notification.Query().
		Where(notification.Template(fb.TemplateSafeguardingAlert)).
		Order(notification.ByRecipient()).AllX(o.SystemContext())
	if len(alerts) != 2 || alerts[0].Recipient == alerts[1].Recipient {
		t.Fatalf("safeguarding alerts = %d, want one to the officer and one to the admin", len(alerts))
	}
	for _, alert := range alerts {
		if !strings.Contains(alert.Body, "/provider/feedback/"+id.String()) || strings.Contains(alert.Body, disclosure()["body"].(string)) {
			t.Errorf("alert to %s:\n%s\nwant the item's link and not its words", alert.Recipient, alert.Body)
		}
	}
	o.circulate(t, id)

	if n, found := o.leadSees(t, id); n != 0 || found {
		t.Fatalf("suggested item: the lead lists %d and finds it %t, want neither", n, found)
	}
	triageDoc := `mutation($input: TriageFeedbackInput!) { triageFeedback(input: $input) { feedback { id } } }`
	e := wantOneError(t, o.QueryAs(t, o.tokens[o.officer], triageDoc, input(map[string]any{"id": id, "version": 1, "summary": "About the club."})), badUserInput)
	if e.Extensions["field"] != "input.id" || !strings.Contains(e.Message, "clearSafeguarding") {
		t.Errorf("triage of a suggested item: %v %q, want input.id naming clearSafeguarding", e.Extensions["field"], e.Message)
	}

	var cleared struct {
		ClearSafeguarding struct {
			Feedback struct {
				Safeguarding          bool
				SafeguardingClearedAt *time.Time
				Version               int
			}
		}
	}
	o.MustQueryAs(t, o.tokens[o.officer], clearSafeguardingDoc, input(map[string]any{"id": id, "reason": "KEYWORD_OUT_OF_CONTEXT"}), &cleared)
	if c := cleared.ClearSafeguarding.Feedback; c.Safeguarding || c.SafeguardingClearedAt == nil || c.Version != 2 {
		t.Errorf("cleared = %+v, want not safeguarding, cleared, version 2", c)
	}
	if n, found := o.leadSees(t, id); n != 1 || !found {
		t.Errorf("cleared item: the lead lists %d and finds it %t, want both", n, found)
	}

	// The lead reads the cleared item, but not which words suggested a
	// flag or when the LO team looked at it.
	var history struct {
		Node struct {
			SafeguardingKeywords  []string
			SafeguardingClearedAt *time.Time
			TriageDueAt           *time.Time
		}
	}
	o.MustQueryAs(t, o.tokens[o.lead], `query($id: ID!) { node(id: $id) { ... on Feedback {
		safeguardingKeywords safeguardingClearedAt triageDueAt } } }`, map[string]any{"id": id}, &history)
	if h := history.Node; h.SafeguardingKeywords != nil || h.SafeguardingClearedAt != nil || h.TriageDueAt != nil {
		t.Errorf("the lead reads the safeguarding history %+v, want none of it", h)
	}
	if len(o.queue(t)) != 0 {
		t.Error("the queue still lists the cleared item")
	}
	event := o.Client.AuditEvent.Query().Where(auditevent.Action("safeguarding.cleared"), auditevent.ObjectID(id)).OnlyX(o.SystemContext())
	if event.Detail != "reason KEYWORD_OUT_OF_CONTEXT" {
		t.Errorf("audit detail = %q, want the reason", event.Detail)
	}

	o.MustQueryAs(t, o.tokens[o.admin], flagSafeguardingDoc, input(map[string]any{"id": id}), nil)
	if n, found := o.leadSees(t, id); n != 0 || found {
		t.Errorf("flagged item: the lead lists %d and finds it %t, want neither", n, found)
	}
	wantOneError(t, o.QueryAs(t, o.tokens[o.officer], flagSafeguardingDoc, input(map[string]any{"id": id})), badUserInput)

	var referred struct {
		RecordSafeguardingReferral struct {
			Feedback struct {
				Safeguarding       bool
				Referral           *string
				ReferralRecordedAt *time.Time
			}
		}
	}
	o.MustQueryAs(t, o.tokens[o.officer], referralDoc, input(map[string]any{
		"id": id, "referral": "  Referred to children's social care, reference 2026-0412. ",
	}), &referred)
	r := referred.RecordSafeguardingReferral.Feedback
	if !r.Safeguarding || r.Referral == nil || *r.Referral != "Referred to children's social care, reference 2026-0412." || r.ReferralRecordedAt == nil {
		t.Errorf("referred = %+v, want restricted with the trimmed referral", r)
	}
	if f := o.item(t, id); f.Status != feedback.StatusClosed || f.ClosedAt == nil {
		t.Errorf("referred item is %s, closed at %v, want CLOSED: the referral ends its handling", f.Status, f.ClosedAt)
	}
	if n := o.Client.Notification.Query().Where(notification.Template(fb.TemplateSafeguardingAlert)).CountX(o.SystemContext()); n != 2 {
		t.Errorf("safeguarding alerts after the flag = %d, want the first 2 only", n)
	}
	if len(o.queue(t)) != 0 {
		t.Error("the queue lists an item with a referral")
	}
	if n, found := o.leadSees(t, id); n != 0 || found {
		t.Errorf("referred item: the lead lists %d and finds it %t, want neither", n, found)
	}
	e = wantOneError(t, o.QueryAs(t, o.tokens[o.officer], clearSafeguardingDoc, input(map[string]any{"id": id, "reason": "NO_RISK_DISCLOSED"})), badUserInput)
	if !strings.Contains(e.Message, "referral") {
		t.Errorf("clearing a referred item: %q, want it to name the referral", e.Message)
	}
	wantOneError(t, o.QueryAs(t, o.tokens[o.officer], referralDoc, input(map[string]any{"id": id, "referral": "Again."})), badUserInput)
	e = wantOneError(t, o.QueryAs(t, o.tokens[o.officer], triageDoc, input(map[string]any{"id": id, "version": o.item(t, id).Version, "summary": "About the club."})), badUserInput)
	if !strings.Contains(e.Message, "referred") || strings.Contains(e.Message, "clearSafeguarding") {
		t.Errorf("triage of a referred item: %q, want it to say the item was referred, not to clear it", e.Message)
	}

	for _, action := range []string{"safeguarding.flagged", "safeguarding.cleared", "safeguarding.referral_recorded"} {
		if n := o.Client.AuditEvent.Query().Where(auditevent.Action(action), auditevent.ObjectID(id)).CountX(o.SystemContext()); n != 1 {
			t.Errorf("%s audit events = %d, want 1", action, n)
		}
	}
}

func TestSafeguardingReferralConfirmsSuggestion(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	id := o.submit(t, disclosure())
	var referred struct {
		RecordSafeguardingReferral struct {
			Feedback struct{ SafeguardingFlaggedAt *time.Time }
		}
	}
	o.MustQueryAs(t, o.tokens[o.officer], referralDoc, input(map[string]any{"id": id, "referral": "Passed to the designated safeguarding lead."}), &referred)
	if referred.RecordSafeguardingReferral.Feedback.SafeguardingFlaggedAt == nil {
		t.Error("safeguardingFlaggedAt = null, want the referral to confirm the suggestion")
	}
	f := o.item(t, id)
	if f.ReferralRecordedByID == nil || *f.ReferralRecordedByID != o.officer.ID || f.SafeguardingFlaggedByID == nil {
		t.Errorf("referral recorded by %v, flagged by %v, want the officer", f.ReferralRecordedByID, f.SafeguardingFlaggedByID)
	}
}

func TestSafeguardingBadInput(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	ordinary := o.submit(t, parentFeedback(nil))
	suggested := o.submit(t, disclosure())

	e := wantOneError(t, o.QueryAs(t, o.tokens[o.officer], clearSafeguardingDoc, input(map[string]any{"id": ordinary, "reason": "NO_RISK_DISCLOSED"})), badUserInput)
	if e.Extensions["field"] != "input.id" {
		t.Errorf("clearing an ordinary item: field %v, want input.id", e.Extensions["field"])
	}
	e = wantOneError(t, o.QueryAs(t, o.tokens[o.officer], referralDoc, input(map[string]any{"id": ordinary, "referral": "To social care."})), badUserInput)
	if !strings.Contains(e.Message, "flagSafeguarding") {
		t.Errorf("referral for an ordinary item: %q, want it to name flagSafeguarding", e.Message)
	}
	e = wantOneError(t, o.QueryAs(t, o.tokens[o.officer], referralDoc, input(map[string]any{"id": suggested, "referral": "  "})), badUserInput)
	if e.Extensions["field"] != "input.referral" {
		t.Errorf("empty referral: field %v, want input.referral", e.Extensions["field"])
	}
	wantOneError(t, o.QueryAs(t, o.tokens[o.officer], flagSafeguardingDoc, input(map[string]any{"id": uuid.New()})), notFound)

	o.circulate(t, ordinary)
	wantOneError(t, o.QueryAs(t, o.tokens[o.lead], flagSafeguardingDoc, input(map[string]any{"id": ordinary})), forbidden)
	wantOneError(t, o.QueryAs(t, o.tokens[o.stranger], flagSafeguardingDoc, input(map[string]any{"id": ordinary})), notFound)
	wantOneError(t, o.QueryAs(t, o.tokens[o.lead], safeguardingQueueDoc, nil), forbidden)
	wantOneError(t, o.Query(t, safeguardingQueueDoc, nil), unauthenticated)
	if f := o.item(t, ordinary); f.Safeguarding || f.Version != 1 {
		t.Errorf("ordinary item: safeguarding %t version %d, want unchanged", f.Safeguarding, f.Version)
	}
}
