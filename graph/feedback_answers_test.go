package graph_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/feedbackresponse"
)

const (
	answerFeedbackDoc = `mutation($input: AnswerFeedbackInput!) {
		answerFeedback(input: $input) { response { ...answer } } }` + answerFragment
	recordAnswerDoc = `mutation($input: RecordFeedbackAnswerInput!) {
		recordFeedbackAnswer(input: $input) { response { ...answer } } }` + answerFragment
	answerFragment = `
	fragment answer on FeedbackResponse {
		id version action outcome answeredAt late route
		answeredBy { id } recordedBy { id }
		feedback { id status answerState }
	}`
	feedbackNodeDoc = `query($id: ID!) { node(id: $id) { ... on Feedback { id status answerState response { id action late } } } }`
)

// answerResult is a FeedbackResponse as answerFragment selects it.
type answerResult struct {
	ID         uuid.UUID
	Version    int
	Action     string
	Outcome    string
	AnsweredAt *time.Time
	Late       bool
	Route      string
	AnsweredBy *struct{ ID uuid.UUID }
	RecordedBy *struct{ ID uuid.UUID }
	Feedback   struct {
		ID          uuid.UUID
		Status      string
		AnswerState *string
	}
}

// circulatedAt returns a modification that makes an item circulated at at,
// due at due.
func circulatedAt(at, due time.Time) func(c *ent.FeedbackCreate) {
	return func(c *ent.FeedbackCreate) { c.SetCirculatedAt(at.UTC()).SetResponseDueAt(due.UTC()) }
}

// circulatedItem creates an item circulated an hour ago, due at due.
func (w *circulationWorld) circulatedItem(t *testing.T, spec itemSpec, due time.Time) *ent.Feedback {
	t.Helper()
	spec.status = feedback.StatusCirculated
	spec.modify = circulatedAt(w.Clock.Now().Add(-time.Hour), due)
	return w.item(t, spec)
}

func (w *circulationWorld) answer(t *testing.T, u *ent.User, fields map[string]any) answerResult {
	t.Helper()
	var out struct {
		AnswerFeedback struct{ Response answerResult }
	}
	w.MustQueryAs(t, w.tokens[u], answerFeedbackDoc, input(fields), &out)
	return out.AnswerFeedback.Response
}

func TestAnswerFeedbackOnTime(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	item := w.circulatedItem(t, itemSpec{}, w.Clock.Now().Add(7*24*time.Hour))

	first := w.answer(t, w.manager, map[string]any{
		"feedbackId": item.ID, "action": "  We added evening sessions.\n", "outcome": "The waiting list is down to four weeks.",
	})
	if first.Action != "We added evening sessions." || first.Outcome != "The waiting list is down to four weeks." {
		t.Errorf("answer = %q / %q, want the trimmed action and the outcome", first.Action, first.Outcome)
	}
	if first.AnsweredAt == nil || first.AnsweredBy == nil || first.AnsweredBy.ID != w.manager.ID || first.RecordedBy != nil {
		t.Errorf("answered at %v by %v, recorded by %v, want now by the content manager, recorded by nobody", first.AnsweredAt, first.AnsweredBy, first.RecordedBy)
	}
	if first.Late || first.Version != 1 {
		t.Errorf("late %t, version %d, want on time at version 1", first.Late, first.Version)
	}
	if first.Feedback.Status != "ANSWERED" || first.Feedback.AnswerState == nil || *first.Feedback.AnswerState != "ON_TIME" {
		t.Errorf("feedback = %+v, want ANSWERED and ON_TIME", first.Feedback)
	}
	events := w.Client.AuditEvent.Query().Where(auditevent.Action("feedback.answered"), auditevent.ObjectID(item.ID)).AllX(w.SystemContext())
	if len(events) != 1 {
		t.Fatalf("feedback.answered audit events = %d, want 1", len(events))
	}
	if strings.Contains(events[0].Detail, "evening") || strings.Contains(events[0].Detail, "waiting") {
		t.Errorf("audit detail %q carries the answer's text", events[0].Detail)
	}

	t.Run("the lead reads the answer", func(t *testing.T) {
		var got struct {
			Node struct {
				Response *struct {
					Action string
					Late   bool
				}
			}
		}
		w.MustQueryAs(t, w.tokens[w.lead], feedbackNodeDoc, map[string]any{"id": item.ID}, &got)
		if got.Node.Response == nil || got.Node.Response.Action != "We added evening sessions." {
			t.Errorf("lead's view of the answer = %+v, want the content manager's", got.Node.Response)
		}
	})

	t.Run("answer state with only some answer fields selected", func(t *testing.T) {
		// The answer is loaded with the columns the query selects, which
		// leave out answeredAt here; the state must not read it as missing.
		var got struct {
			Node struct {
				AnswerState *string
				Response    *struct{ Action string }
			}
		}
		doc := `query($id: ID!) { node(id: $id) { ... on Feedback { answerState response { action } } } }`
		w.MustQueryAs(t, w.tokens[w.lead], doc, map[string]any{"id": item.ID}, &got)
		if got.Node.AnswerState == nil || *got.Node.AnswerState != "ON_TIME" {
			t.Errorf("answerState = %v, want ON_TIME", got.Node.AnswerState)
		}
		var listed struct {
			Feedback struct {
				Edges []struct {
					Node struct {
						AnswerState *string
						Response    *struct{ Late bool }
					}
				}
			}
		}
		w.MustQueryAs(t, w.tokens[w.lead], `{ feedback { edges { node { answerState response { late feedback { id } } } } } }`, nil, &listed)
		for _, e := range listed.Feedback.Edges {
			if e.Node.AnswerState == nil || *e.Node.AnswerState != "ON_TIME" || e.Node.Response == nil || e.Node.Response.Late {
				t.Errorf("listed item = %+v, want ON_TIME and not late", e.Node)
			}
		}
	})

	w.Clock.Advance(time.Hour)
	second := w.answer(t, w.lead, map[string]any{"feedbackId": item.ID, "action": "We added weekend sessions too.", "version": 1})
	t.Run("a second answer keeps the first time", func(t *testing.T) {
		if second.Version != 2 || second.Action != "We added weekend sessions too." || second.Outcome != "" {
			t.Errorf("second answer = %+v, want version 2 with the new action and no outcome", second)
		}
		if !second.AnsweredAt.Equal(*first.AnsweredAt) {
			t.Errorf("answered at %s, want the first answer's %s", second.AnsweredAt, first.AnsweredAt)
		}
		if second.AnsweredBy == nil || second.AnsweredBy.ID != w.lead.ID {
			t.Errorf("answered by %v, want the lead", second.AnsweredBy)
		}
	})

	t.Run("stale version is a conflict", func(t *testing.T) {
		res := w.QueryAs(t, w.tokens[w.manager], answerFeedbackDoc, input(map[string]any{"feedbackId": item.ID, "action": "Stale.", "version": 1}))
		wantOneError(t, res, "CONFLICT")
		other := w.circulatedItem(t, itemSpec{}, w.Clock.Now().Add(time.Hour))
		res = w.QueryAs(t, w.tokens[w.manager], answerFeedbackDoc, input(map[string]any{"feedbackId": other.ID, "action": "First.", "version": 1}))
		wantOneError(t, res, "CONFLICT")
	})

	t.Run("empty action refused", func(t *testing.T) {
		res := w.QueryAs(t, w.tokens[w.manager], answerFeedbackDoc, input(map[string]any{"feedbackId": item.ID, "action": "  "}))
		if e := wantOneError(t, res, "BAD_USER_INPUT"); e.Extensions["field"] != "input.action" {
			t.Errorf("field = %v, want input.action", e.Extensions["field"])
		}
	})
}

func TestAnswerFeedbackLate(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	item := w.circulatedItem(t, itemSpec{}, w.Clock.Now().Add(-time.Minute))

	got := w.answer(t, w.lead, map[string]any{"feedbackId": item.ID, "action": "We will review the timetable."})

	if !got.Late {
		t.Error("late = false, want true: the answer came after the deadline")
	}
	if got.Feedback.AnswerState == nil || *got.Feedback.AnswerState != "LATE" {
		t.Errorf("answer state = %v, want LATE", got.Feedback.AnswerState)
	}
}

func TestAnswerFeedbackAccess(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	due := w.Clock.Now().Add(7 * 24 * time.Hour)
	forOwners := w.circulatedItem(t, itemSpec{}, due)
	forCommissioner := w.circulatedItem(t, itemSpec{party: feedback.ResponsiblePartyCommissioner, service: w.service, commissioner: w.commissioner}, due)
	forTeam := w.circulatedItem(t, itemSpec{party: feedback.ResponsiblePartyLOTeam}, due)
	notCirculated := w.item(t, itemSpec{})
	teamNotCirculated := w.item(t, itemSpec{party: feedback.ResponsiblePartyLOTeam})
	answer := func(u *ent.User, f *ent.Feedback) []string {
		token := ""
		if u != nil {
			token = w.tokens[u]
		}
		res := w.QueryAs(t, token, answerFeedbackDoc, input(map[string]any{"feedbackId": f.ID, "action": "We will look into it."}))
		var codes []string
		for _, e := range res.Errors {
			codes = append(codes, e.Code())
		}
		return codes
	}
	node := func(u *ent.User, f *ent.Feedback) string {
		res := w.QueryAs(t, w.tokens[u], feedbackNodeDoc, map[string]any{"id": f.ID})
		if len(res.Errors) > 0 {
			return res.Errors[0].Code()
		}
		return "found"
	}

	tests := []struct {
		name      string
		user      *ent.User
		item      *ent.Feedback
		wantRead  string
		wantWrite string
	}{
		{"provider with no part", w.quietLead, forOwners, notFound, notFound},
		{"lead of other content", w.otherLead, forOwners, notFound, notFound},
		{"commissioner of the service, owners responsible", w.commissioner, forOwners, "found", forbidden},
		{"LO officer, owners responsible", w.officer, forOwners, "found", forbidden},
		{"lead, commissioner responsible", w.lead, forCommissioner, notFound, notFound},
		{"lead, LO team responsible", w.lead, forTeam, notFound, notFound},
		{"lead, not circulated", w.lead, notCirculated, notFound, notFound},
		{"LO officer, LO team responsible, not circulated", w.officer, teamNotCirculated, "found", "BAD_USER_INPUT"},
		{"content manager", w.manager, forOwners, "found", ""},
		{"commissioner named", w.commissioner, forCommissioner, "found", ""},
		{"LO officer, LO team responsible", w.secondOfficer, forTeam, "found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := node(tt.user, tt.item); got != tt.wantRead {
				t.Errorf("read = %s, want %s", got, tt.wantRead)
			}
			got := answer(tt.user, tt.item)
			if tt.wantWrite == "" && len(got) != 0 {
				t.Errorf("answer errors = %v, want none", got)
			}
			if tt.wantWrite != "" && (len(got) != 1 || got[0] != tt.wantWrite) {
				t.Errorf("answer errors = %v, want one %s", got, tt.wantWrite)
			}
		})
	}

	t.Run("anonymous", func(t *testing.T) {
		if got := answer(nil, forOwners); len(got) != 1 || got[0] != unauthenticated {
			t.Errorf("answer errors = %v, want one %s", got, unauthenticated)
		}
	})
	t.Run("officers are told to record instead", func(t *testing.T) {
		res := w.QueryAs(t, w.tokens[w.officer], answerFeedbackDoc, input(map[string]any{"feedbackId": forOwners.ID, "action": "Noted."}))
		if e := wantOneError(t, res, forbidden); !strings.Contains(e.Message, "recordFeedbackAnswer") {
			t.Errorf("message = %q, want it to point to recordFeedbackAnswer", e.Message)
		}
	})
}

func TestRecordFeedbackAnswer(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	due := w.Clock.Now().Add(7 * 24 * time.Hour)
	item := w.circulatedItem(t, itemSpec{}, due)
	sentAt := w.Clock.Now().Add(-30 * time.Minute).UTC().Truncate(time.Second)
	fields := func(changes map[string]any) map[string]any {
		f := map[string]any{
			"feedbackId": item.ID, "action": "We changed the booking form.", "outcome": "Fewer missed bookings.",
			"route": "email", "answeredBy": w.lead.ID, "answeredAt": sentAt.Format(time.RFC3339),
		}
		for k, v := range changes {
			f[k] = v
		}
		return f
	}

	badInput := []struct {
		name, field string
		changes     map[string]any
	}{
		{"answered by someone not responsible", "input.answeredBy", map[string]any{"answeredBy": w.otherLead.ID}},
		{"answered in the future", "input.answeredAt", map[string]any{"answeredAt": w.Clock.Now().Add(time.Hour).UTC().Format(time.RFC3339)}},
		{"answered before circulation", "input.answeredAt", map[string]any{"answeredAt": w.Clock.Now().Add(-2 * time.Hour).UTC().Format(time.RFC3339)}},
		{"no route", "input.route", map[string]any{"route": " "}},
	}
	for _, tt := range badInput {
		t.Run(tt.name, func(t *testing.T) {
			res := w.QueryAs(t, w.tokens[w.officer], recordAnswerDoc, input(fields(tt.changes)))
			if e := wantOneError(t, res, "BAD_USER_INPUT"); e.Extensions["field"] != tt.field {
				t.Errorf("field = %v, want %s", e.Extensions["field"], tt.field)
			}
		})
	}
	t.Run("providers may not record", func(t *testing.T) {
		wantOneError(t, w.QueryAs(t, w.tokens[w.lead], recordAnswerDoc, input(fields(nil))), forbidden)
		wantOneError(t, w.QueryAs(t, w.tokens[w.quietLead], recordAnswerDoc, input(fields(nil))), notFound)
	})
	if n := w.Client.FeedbackResponse.Query().CountX(w.SystemContext()); n != 0 {
		t.Fatalf("responses after refused recordings = %d, want 0", n)
	}

	var out struct {
		RecordFeedbackAnswer struct{ Response answerResult }
	}
	w.MustQueryAs(t, w.tokens[w.officer], recordAnswerDoc, input(fields(nil)), &out)
	got := out.RecordFeedbackAnswer.Response
	if got.RecordedBy == nil || got.RecordedBy.ID != w.officer.ID || got.AnsweredBy == nil || got.AnsweredBy.ID != w.lead.ID {
		t.Errorf("recorded by %v for %v, want by the officer for the lead", got.RecordedBy, got.AnsweredBy)
	}
	if got.Route != "email" || got.AnsweredAt == nil || !got.AnsweredAt.Equal(sentAt) || got.Late {
		t.Errorf("route %q, answered at %v, late %t, want email at %s on time", got.Route, got.AnsweredAt, got.Late, sentAt)
	}
	if got.Feedback.Status != "ANSWERED" {
		t.Errorf("feedback status = %s, want ANSWERED", got.Feedback.Status)
	}
	if n := w.Client.AuditEvent.Query().Where(auditevent.Action("feedback.answer_recorded"), auditevent.ObjectID(item.ID)).CountX(w.SystemContext()); n != 1 {
		t.Errorf("feedback.answer_recorded audit events = %d, want 1", n)
	}

	t.Run("the lead's own answer replaces the recording", func(t *testing.T) {
		own := w.answer(t, w.lead, map[string]any{"feedbackId": item.ID, "action": "We changed the booking form and the website."})
		if own.RecordedBy != nil || own.Route != "" || !own.AnsweredAt.Equal(sentAt) {
			t.Errorf("recorded by %v via %q at %v, want no recorder or route, answered at %s", own.RecordedBy, own.Route, own.AnsweredAt, sentAt)
		}
	})
}

const (
	answerStatusDoc = `query($where: FeedbackAnswerFilter) {
		feedbackAnswerStatus(where: $where) { totalCount edges { node { id answerState responseDueAt response { answeredAt late } } } } }`
	answerCountsDoc = `query($where: FeedbackAnswerFilter) {
		feedbackAnswerCounts(where: $where) { circulated onTime late notYetDue overdue } }`
)

type answerCounts struct {
	Circulated, OnTime, Late, NotYetDue, Overdue int
}

func TestFeedbackAnswerStatus(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	ctx := w.SystemContext()
	now := w.Clock.Now()
	cycle := w.cycle(t, "Summer 2031", summer2031Circulated, summer2031Due)
	other := w.cycle(t, "Winter 2031-32", winter2031Circulated, winter2031Due)
	inCycle := func(c *ent.ReviewCycle, due time.Time) itemSpec {
		return itemSpec{status: feedback.StatusCirculated, modify: func(create *ent.FeedbackCreate) {
			create.SetReviewCycle(c).SetCirculatedAt(now.Add(-10 * 24 * time.Hour).UTC()).SetResponseDueAt(due.UTC())
		}}
	}
	answered := func(f *ent.Feedback, at time.Time) {
		w.Client.FeedbackResponse.Create().SetFeedback(f).SetAction("Done.").SetAnsweredAt(at.UTC()).SetAnsweredBy(w.lead).ExecX(ctx)
		w.Client.Feedback.UpdateOne(f).SetStatus(feedback.StatusAnswered).ExecX(ctx)
	}
	past, future := now.Add(-24*time.Hour), now.Add(24*time.Hour)

	onTime := w.item(t, inCycle(cycle, past))
	answered(onTime, past.Add(-time.Hour))
	late := w.item(t, inCycle(cycle, past))
	answered(late, past.Add(time.Hour))
	notYetDue := w.item(t, inCycle(cycle, future))
	overdue := w.item(t, inCycle(cycle, past))
	// A council response alone is not an answer.
	w.Client.FeedbackResponse.Create().SetFeedback(overdue).SetCouncilResponse("We are looking at this.").ExecX(ctx)
	excluded := w.item(t, inCycle(cycle, past))
	w.Client.Feedback.UpdateOne(excluded).SetStatus(feedback.StatusExcluded).SetExcludedAt(now.UTC()).
		SetExclusionReason(feedback.ExclusionReasonVexatious).ExecX(ctx)
	otherCycle := w.item(t, inCycle(other, past))
	urgent := w.item(t, itemSpec{status: feedback.StatusCirculated, modify: func(c *ent.FeedbackCreate) {
		circulatedAt(now.Add(-time.Hour), future)(c)
		c.SetUrgent(true)
	}})
	w.item(t, itemSpec{})

	type listed struct {
		FeedbackAnswerStatus struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID          uuid.UUID
					AnswerState string
				}
			}
		}
	}
	list := func(where map[string]any) map[uuid.UUID]string {
		var out listed
		w.MustQueryAs(t, w.tokens[w.officer], answerStatusDoc, map[string]any{"where": where}, &out)
		states := map[uuid.UUID]string{}
		for _, e := range out.FeedbackAnswerStatus.Edges {
			states[e.Node.ID] = e.Node.AnswerState
		}
		if len(states) != out.FeedbackAnswerStatus.TotalCount {
			t.Errorf("totalCount = %d, want %d, the number of edges", out.FeedbackAnswerStatus.TotalCount, len(states))
		}
		return states
	}
	counts := func(where map[string]any) answerCounts {
		var out struct{ FeedbackAnswerCounts answerCounts }
		w.MustQueryAs(t, w.tokens[w.officer], answerCountsDoc, map[string]any{"where": where}, &out)
		return out.FeedbackAnswerCounts
	}

	t.Run("one cycle", func(t *testing.T) {
		got := list(map[string]any{"reviewCycleId": cycle.ID})
		want := map[uuid.UUID]string{onTime.ID: "ON_TIME", late.ID: "LATE", notYetDue.ID: "NOT_YET_DUE", overdue.ID: "OVERDUE"}
		if len(got) != len(want) {
			t.Errorf("items = %v, want %v", got, want)
		}
		for id, state := range want {
			if got[id] != state {
				t.Errorf("item %s state = %q, want %s", id, got[id], state)
			}
		}
		if c := counts(map[string]any{"reviewCycleId": cycle.ID}); c != (answerCounts{Circulated: 4, OnTime: 1, Late: 1, NotYetDue: 1, Overdue: 1}) {
			t.Errorf("counts = %+v, want one of each", c)
		}
	})

	t.Run("by state", func(t *testing.T) {
		for state, id := range map[string]uuid.UUID{"ON_TIME": onTime.ID, "LATE": late.ID, "NOT_YET_DUE": notYetDue.ID, "OVERDUE": overdue.ID} {
			got := list(map[string]any{"reviewCycleId": cycle.ID, "state": state})
			if len(got) != 1 || got[id] != state {
				t.Errorf("%s items = %v, want only %s", state, got, id)
			}
		}
		if c := counts(map[string]any{"state": "OVERDUE"}); c != (answerCounts{Circulated: 2, Overdue: 2}) {
			t.Errorf("overdue counts in every cycle = %+v, want 2", c)
		}
	})

	t.Run("urgent and every cycle", func(t *testing.T) {
		if got := list(map[string]any{"urgent": true}); len(got) != 1 || got[urgent.ID] != "NOT_YET_DUE" {
			t.Errorf("urgent items = %v, want only %s", got, urgent.ID)
		}
		all := list(nil)
		if len(all) != 6 || all[otherCycle.ID] != "OVERDUE" {
			t.Errorf("every circulated item = %v, want 6 with the other cycle's overdue", all)
		}
		if _, ok := all[excluded.ID]; ok {
			t.Error("the excluded item is listed, want it left out")
		}
	})

	t.Run("LO team only", func(t *testing.T) {
		wantOneError(t, w.QueryAs(t, w.tokens[w.lead], answerStatusDoc, nil), forbidden)
		wantOneError(t, w.QueryAs(t, w.tokens[w.lead], answerCountsDoc, nil), forbidden)
		wantOneError(t, w.Query(t, answerStatusDoc, nil), unauthenticated)
	})
}

func TestResponsePersonalDataWarnings(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	item := w.circulatedItem(t, itemSpec{}, w.Clock.Now().Add(24*time.Hour))
	w.answer(t, w.lead, map[string]any{"feedbackId": item.ID, "action": "I called Mrs Patel on 07700 900123.", "outcome": "Resolved."})
	doc := `query($id: ID!) { node(id: $id) { ... on Feedback { response { personalDataWarnings { field kind text } } } } }`

	var got struct {
		Node struct {
			Response struct {
				PersonalDataWarnings []struct{ Field, Kind, Text string }
			}
		}
	}
	w.MustQueryAs(t, w.tokens[w.officer], doc, map[string]any{"id": item.ID}, &got)
	warnings := got.Node.Response.PersonalDataWarnings
	if len(warnings) != 2 {
		t.Fatalf("warnings = %+v, want a name and a phone number", warnings)
	}
	if warnings[0].Field != "action" || warnings[0].Kind != "NAME" || !strings.Contains(warnings[0].Text, "Patel") {
		t.Errorf("first warning = %+v, want the name Patel in action", warnings[0])
	}
	if warnings[1].Kind != "PHONE_NUMBER" || warnings[1].Text != "07700 900123" {
		t.Errorf("second warning = %+v, want the phone number", warnings[1])
	}

	res := w.QueryAs(t, w.tokens[w.lead], doc, map[string]any{"id": item.ID})
	wantOneError(t, res, forbidden)
}

const (
	setCouncilDoc = `mutation($input: SetCouncilResponseInput!) {
		setCouncilResponse(input: $input) {
			groupId personalDataWarnings { kind text }
			responses { id councilResponse councilResponseGroupID councilResponseApprovedAt feedback { id status closedAt } } } }`
	approveCouncilDoc = `mutation($input: ApproveCouncilResponseInput!) {
		approveCouncilResponse(input: $input) {
			responses { id councilResponseApprovedAt councilResponseApprovedBy { id } feedback { id status closedAt } } } }`
)

type councilResult struct {
	ID                        uuid.UUID
	CouncilResponse           string
	CouncilResponseGroupID    *uuid.UUID
	CouncilResponseApprovedAt *time.Time
	CouncilResponseApprovedBy *struct{ ID uuid.UUID }
	Feedback                  struct {
		ID       uuid.UUID
		Status   string
		ClosedAt *time.Time
	}
}

type councilSet struct {
	SetCouncilResponse struct {
		GroupID              *uuid.UUID
		PersonalDataWarnings []struct{ Kind, Text string }
		Responses            []councilResult
	}
}

func TestCouncilResponseForGroup(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	due := w.Clock.Now().Add(24 * time.Hour)
	a := w.circulatedItem(t, itemSpec{}, due)
	w.answer(t, w.lead, map[string]any{"feedbackId": a.ID, "action": "We added sessions."})
	b := w.circulatedItem(t, itemSpec{}, due)
	text := "We now publish the waiting time for every short break each month."

	t.Run("refused to providers", func(t *testing.T) {
		wantOneError(t, w.QueryAs(t, w.tokens[w.lead], setCouncilDoc, input(map[string]any{"feedbackIds": []uuid.UUID{a.ID, b.ID}, "text": text})), forbidden)
		wantOneError(t, w.QueryAs(t, w.tokens[w.quietLead], setCouncilDoc, input(map[string]any{"feedbackIds": []uuid.UUID{a.ID}, "text": text})), notFound)
	})

	var set councilSet
	w.MustQueryAs(t, w.tokens[w.officer], setCouncilDoc, input(map[string]any{"feedbackIds": []uuid.UUID{a.ID, b.ID, a.ID}, "text": text}), &set)
	group := set.SetCouncilResponse.GroupID
	if group == nil || len(set.SetCouncilResponse.Responses) != 2 || len(set.SetCouncilResponse.PersonalDataWarnings) != 0 {
		t.Fatalf("payload = %+v, want a group of two responses without warnings", set.SetCouncilResponse)
	}
	for i, want := range []uuid.UUID{a.ID, b.ID} {
		r := set.SetCouncilResponse.Responses[i]
		if r.Feedback.ID != want || r.CouncilResponse != text || r.CouncilResponseGroupID == nil || *r.CouncilResponseGroupID != *group {
			t.Errorf("response %d = %+v, want item %s with the text in group %s", i, r, want, *group)
		}
	}
	if n := w.Client.AuditEvent.Query().Where(auditevent.Action("council_response.set")).CountX(w.SystemContext()); n != 2 {
		t.Errorf("council_response.set audit events = %d, want 2", n)
	}

	t.Run("approval refused to providers", func(t *testing.T) {
		wantOneError(t, w.QueryAs(t, w.tokens[w.lead], approveCouncilDoc, input(map[string]any{"groupId": group})), forbidden)
		wantOneError(t, w.QueryAs(t, w.tokens[w.quietLead], approveCouncilDoc, input(map[string]any{"groupId": group})), notFound)
	})

	var approved struct {
		ApproveCouncilResponse struct{ Responses []councilResult }
	}
	w.MustQueryAs(t, w.tokens[w.officer], approveCouncilDoc, input(map[string]any{"groupId": group}), &approved)
	if len(approved.ApproveCouncilResponse.Responses) != 2 {
		t.Fatalf("approved = %+v, want both", approved.ApproveCouncilResponse.Responses)
	}
	for _, r := range approved.ApproveCouncilResponse.Responses {
		if r.CouncilResponseApprovedAt == nil || r.Feedback.Status != "CLOSED" || r.Feedback.ClosedAt == nil {
			t.Errorf("approved response = %+v, want approved and its item CLOSED", r)
		}
		if r.CouncilResponseApprovedBy == nil || r.CouncilResponseApprovedBy.ID != w.officer.ID {
			t.Errorf("approved by %v, want the officer", r.CouncilResponseApprovedBy)
		}
	}
	if n := w.Client.AuditEvent.Query().Where(auditevent.Action("council_response.approved")).CountX(w.SystemContext()); n != 2 {
		t.Errorf("council_response.approved audit events = %d, want 2", n)
	}

	t.Run("approved twice refused", func(t *testing.T) {
		wantOneError(t, w.QueryAs(t, w.tokens[w.officer], approveCouncilDoc, input(map[string]any{"feedbackIds": []uuid.UUID{a.ID}})), "BAD_USER_INPUT")
	})
	t.Run("closed items take no answers", func(t *testing.T) {
		res := w.QueryAs(t, w.tokens[w.lead], answerFeedbackDoc, input(map[string]any{"feedbackId": a.ID, "action": "Later."}))
		wantOneError(t, res, "BAD_USER_INPUT")
	})

	t.Run("changed text needs approving again", func(t *testing.T) {
		var changed councilSet
		w.MustQueryAs(t, w.tokens[w.officer], setCouncilDoc, input(map[string]any{"feedbackIds": []uuid.UUID{a.ID}, "text": "We publish waiting times weekly."}), &changed)
		r := changed.SetCouncilResponse.Responses[0]
		if changed.SetCouncilResponse.GroupID != nil || r.CouncilResponseGroupID != nil {
			t.Errorf("group = %v / %v, want none: the item left its group", changed.SetCouncilResponse.GroupID, r.CouncilResponseGroupID)
		}
		if r.CouncilResponseApprovedAt != nil || r.Feedback.Status != "ANSWERED" || r.Feedback.ClosedAt != nil {
			t.Errorf("changed response = %+v, want unapproved and its item ANSWERED again, not closed", r)
		}
		other := w.Client.FeedbackResponse.Query().Where(feedbackresponse.FeedbackID(b.ID)).OnlyX(w.SystemContext())
		if other.CouncilResponseApprovedAt == nil || other.CouncilResponseGroupID == nil || *other.CouncilResponseGroupID != *group {
			t.Errorf("other item's response = %+v, want still approved in the group", other)
		}
		if f := w.reload(t, b); f.Status != feedback.StatusClosed {
			t.Errorf("other item is %s, want CLOSED", f.Status)
		}
	})
}

func TestCouncilResponsePersonalData(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	item := w.circulatedItem(t, itemSpec{}, w.Clock.Now().Add(24*time.Hour))

	var set councilSet
	w.MustQueryAs(t, w.tokens[w.officer], setCouncilDoc, input(map[string]any{
		"feedbackIds": []uuid.UUID{item.ID}, "text": "Mrs Patel asked us to call 07700 900123, and we did.",
	}), &set)
	if warnings := set.SetCouncilResponse.PersonalDataWarnings; len(warnings) != 2 || warnings[0].Kind != "NAME" || warnings[1].Kind != "PHONE_NUMBER" {
		t.Errorf("warnings = %+v, want a name and a phone number", warnings)
	}

	res := w.QueryAs(t, w.tokens[w.officer], approveCouncilDoc, input(map[string]any{"feedbackIds": []uuid.UUID{item.ID}}))
	if e := wantOneError(t, res, "BAD_USER_INPUT"); e.Extensions["field"] != "input.acknowledgePersonalData" {
		t.Errorf("field = %v, want input.acknowledgePersonalData", e.Extensions["field"])
	}
	if f := w.reload(t, item); f.Status == feedback.StatusClosed {
		t.Error("item closed by a refused approval")
	}

	var approved struct {
		ApproveCouncilResponse struct{ Responses []councilResult }
	}
	w.MustQueryAs(t, w.tokens[w.officer], approveCouncilDoc, input(map[string]any{
		"feedbackIds": []uuid.UUID{item.ID}, "acknowledgePersonalData": true,
	}), &approved)
	if rs := approved.ApproveCouncilResponse.Responses; len(rs) != 1 || rs[0].Feedback.Status != "CLOSED" {
		t.Errorf("approved = %+v, want the item CLOSED", rs)
	}
}

// TestApprovalChecksAnswerText refuses to approve, and so publish, an
// answer whose action names the sender, though the council's response is
// clean; the annual report leaves out answers not approved.
func TestApprovalChecksAnswerText(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	item := w.circulatedItem(t, itemSpec{}, w.Clock.Now().Add(24*time.Hour))
	w.answer(t, w.lead, map[string]any{"feedbackId": item.ID, "action": "I called Jo on 07700 900123 and explained the waiting list."})
	w.MustQueryAs(t, w.tokens[w.officer], setCouncilDoc, input(map[string]any{
		"feedbackIds": []uuid.UUID{item.ID}, "text": "We now publish waiting times.",
	}), nil)

	res := w.QueryAs(t, w.tokens[w.officer], approveCouncilDoc, input(map[string]any{"feedbackIds": []uuid.UUID{item.ID}}))
	e := wantOneError(t, res, "BAD_USER_INPUT")
	if e.Extensions["field"] != "input.acknowledgePersonalData" || !strings.Contains(e.Message, "answer") {
		t.Errorf("error %v %q, want input.acknowledgePersonalData naming the answer", e.Extensions["field"], e.Message)
	}
	if f := w.reload(t, item); f.Status == feedback.StatusClosed {
		t.Error("item closed by a refused approval")
	}
}

func TestCouncilResponseRefusesHeldItems(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	now := w.Clock.Now().UTC()
	held := map[string]*ent.Feedback{
		"flagged":   w.item(t, itemSpec{modify: func(c *ent.FeedbackCreate) { c.SetSafeguarding(true).SetSafeguardingFlaggedAt(now) }}),
		"suggested": w.item(t, itemSpec{modify: func(c *ent.FeedbackCreate) { c.SetSafeguardingKeywords([]string{"unsafe"}) }}),
		"excluded": w.item(t, itemSpec{status: feedback.StatusExcluded, modify: func(c *ent.FeedbackCreate) {
			c.SetExclusionReason(feedback.ExclusionReasonIndividualService).SetExcludedAt(now)
		}}),
		"not triaged": w.item(t, itemSpec{status: feedback.StatusNew}),
	}
	for name, f := range held {
		t.Run(name, func(t *testing.T) {
			res := w.QueryAs(t, w.tokens[w.officer], setCouncilDoc, input(map[string]any{"feedbackIds": []uuid.UUID{f.ID}, "text": "We did."}))
			if e := wantOneError(t, res, "BAD_USER_INPUT"); e.Extensions["field"] != "input.feedbackIds" {
				t.Errorf("field = %v, want input.feedbackIds", e.Extensions["field"])
			}
		})
	}
	if n := w.Client.FeedbackResponse.Query().CountX(w.SystemContext()); n != 0 {
		t.Errorf("responses = %d, want 0", n)
	}

	triaged := w.item(t, itemSpec{})
	t.Run("approval without a response", func(t *testing.T) {
		res := w.QueryAs(t, w.tokens[w.officer], approveCouncilDoc, input(map[string]any{"feedbackIds": []uuid.UUID{triaged.ID}}))
		wantOneError(t, res, "BAD_USER_INPUT")
	})
	t.Run("ids and group together", func(t *testing.T) {
		res := w.QueryAs(t, w.tokens[w.officer], approveCouncilDoc, input(map[string]any{"feedbackIds": []uuid.UUID{triaged.ID}, "groupId": uuid.New()}))
		wantOneError(t, res, "BAD_USER_INPUT")
	})
	t.Run("unknown group", func(t *testing.T) {
		wantOneError(t, w.QueryAs(t, w.tokens[w.officer], approveCouncilDoc, input(map[string]any{"groupId": uuid.New()})), notFound)
	})
}
