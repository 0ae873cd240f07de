package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/taxonomy"
	"github.com/localoffer/localoffer/ent/taxonomyterm"
	"github.com/localoffer/localoffer/internal/app/apptest"
)

const triageFeedbackDoc = `mutation($input: TriageFeedbackInput!) {
	triageFeedback(input: $input) { feedback {
		id version status responsibleParty summary
		service { id } informationPage { id } section { id } commissioner { id }
	} } }`

type triaged struct {
	TriageFeedback struct {
		Feedback struct {
			ID               uuid.UUID
			Version          int
			Status           string
			ResponsibleParty *string
			Summary          *string
			Service          *struct{ ID uuid.UUID }
			InformationPage  *struct{ ID uuid.UUID }
			Section          *struct{ ID uuid.UUID }
			Commissioner     *struct{ ID uuid.UUID }
		}
	}
}

// triage triages an item as the officer and returns the payload.
func (o *feedbackOffice) triage(t *testing.T, fields map[string]any) triaged {
	t.Helper()
	var out triaged
	o.MustQueryAs(t, o.tokens[o.officer], triageFeedbackDoc, input(fields), &out)
	return out
}

func TestTriageFeedback(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	id := o.submit(t, parentFeedback(map[string]any{"informationPageId": o.page.ID}))

	summaryOnly := o.triage(t, map[string]any{"id": id, "version": 1, "summary": "  A parent asks for waiting times.  "}).TriageFeedback.Feedback
	if summaryOnly.Status != "NEW" || summaryOnly.Version != 2 || *summaryOnly.Summary != "A parent asks for waiting times." {
		t.Errorf("after the summary alone = %+v, want NEW at version 2 with the trimmed summary", summaryOnly)
	}
	if summaryOnly.Section == nil || summaryOnly.Section.ID != o.health.ID {
		t.Errorf("section = %+v, want the page's section %s", summaryOnly.Section, o.health.ID)
	}

	wantOneError(t, o.QueryAs(t, o.tokens[o.officer], triageFeedbackDoc, input(map[string]any{
		"id": id, "version": 1, "responsibleParty": "LO_TEAM",
	})), "CONFLICT")

	done := o.triage(t, map[string]any{"id": id, "version": 2, "responsibleParty": "CONTENT_OWNERS"}).TriageFeedback.Feedback
	if done.Status != "TRIAGED" || done.ResponsibleParty == nil || *done.ResponsibleParty != "CONTENT_OWNERS" || done.Version != 3 {
		t.Errorf("after the responsible party = %+v, want TRIAGED to CONTENT_OWNERS at version 3", done)
	}
	f := o.item(t, id)
	if f.TriagedByID == nil || *f.TriagedByID != o.officer.ID {
		t.Errorf("triaged by %v, want the officer", f.TriagedByID)
	}
	events := o.Client.AuditEvent.Query().Where(auditevent.Action("feedback.triaged"), auditevent.ObjectID(id)).
		Order(auditevent.ByCreatedAt(), auditevent.ByID()).AllX(o.SystemContext())
	if len(events) != 2 || fmt.Sprint(events[0].ChangedFields) != "[summary section_id]" ||
		fmt.Sprint(events[1].ChangedFields) != "[responsible_party status]" {
		t.Errorf("audit events = %d, want 2 naming the columns changed", len(events))
		for _, e := range events {
			t.Logf("changed fields %v", e.ChangedFields)
		}
	}
}

func TestTriageResponsibleParty(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)

	t.Run("commissioner of the service", func(t *testing.T) {
		id := o.submit(t, parentFeedback(map[string]any{"serviceId": o.service.ID}))
		got := o.triage(t, map[string]any{"id": id, "version": 1, "responsibleParty": "COMMISSIONER", "summary": "Waiting times."}).TriageFeedback.Feedback
		if got.Commissioner == nil || got.Commissioner.ID != o.commissioner.ID || got.Status != "TRIAGED" {
			t.Errorf("commissioner = %+v status %s, want the service's commissioner, TRIAGED", got.Commissioner, got.Status)
		}
		got = o.triage(t, map[string]any{"id": id, "version": 2, "responsibleParty": "LO_TEAM"}).TriageFeedback.Feedback
		if got.Commissioner != nil {
			t.Errorf("commissioner = %+v under LO_TEAM, want none", got.Commissioner)
		}
	})

	t.Run("commissioner named", func(t *testing.T) {
		id := o.submit(t, parentFeedback(map[string]any{"topic": "GAP_IN_PROVISION"}))
		got := o.triage(t, map[string]any{"id": id, "version": 1, "responsibleParty": "COMMISSIONER", "commissionerId": o.stranger.ID}).TriageFeedback.Feedback
		if got.Commissioner == nil || got.Commissioner.ID != o.stranger.ID || got.Status != "NEW" {
			t.Errorf("commissioner = %+v status %s, want the one named, still NEW without a summary", got.Commissioner, got.Status)
		}
	})

	t.Run("content changed", func(t *testing.T) {
		id := o.submit(t, parentFeedback(map[string]any{"informationPageId": o.page.ID}))
		got := o.triage(t, map[string]any{"id": id, "version": 1, "serviceId": o.draft.ID, "responsibleParty": "CONTENT_OWNERS"}).TriageFeedback.Feedback
		if got.Service == nil || got.Service.ID != o.draft.ID || got.InformationPage != nil {
			t.Errorf("content = service %+v page %+v, want the draft service only", got.Service, got.InformationPage)
		}
	})

	t.Run("bad input", func(t *testing.T) {
		plain := o.submit(t, parentFeedback(nil))
		audiences := o.Client.TaxonomyTerm.Query().Where(taxonomyterm.HasTaxonomyWith(taxonomy.Slug("audiences"))).FirstIDX(o.SystemContext())
		for _, tc := range []struct {
			name, field string
			fields      map[string]any
		}{
			{"nothing to change", "input", map[string]any{}},
			{"owners without content", "input.responsibleParty", map[string]any{"responsibleParty": "CONTENT_OWNERS"}},
			{"commissioner without one", "input.commissionerId", map[string]any{"responsibleParty": "COMMISSIONER"}},
			{"commissioner not a provider", "input.commissionerId", map[string]any{"responsibleParty": "COMMISSIONER", "commissionerId": o.officer.ID}},
			{"commissioner for LO team", "input.commissionerId", map[string]any{"responsibleParty": "LO_TEAM", "commissionerId": o.commissioner.ID}},
			{"both contents", "input.serviceId", map[string]any{"serviceId": o.service.ID, "informationPageId": o.page.ID}},
			{"unknown service", "input.serviceId", map[string]any{"serviceId": uuid.New()}},
			{"not a section", "input.sectionId", map[string]any{"sectionId": audiences}},
			{"empty summary", "input.summary", map[string]any{"summary": " "}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				fields := map[string]any{"id": plain, "version": 1}
				for k, v := range tc.fields {
					fields[k] = v
				}
				e := wantOneError(t, o.QueryAs(t, o.tokens[o.officer], triageFeedbackDoc, input(fields)), badUserInput)
				if e.Extensions["field"] != tc.field {
					t.Errorf("field = %v (%s), want %s", e.Extensions["field"], e.Message, tc.field)
				}
			})
		}
		if f := o.item(t, plain); f.Version != 1 {
			t.Errorf("version = %d after refused triage, want 1", f.Version)
		}
	})
}

func TestTriageAfterCirculation(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	id := o.submit(t, parentFeedback(nil))
	o.circulate(t, id)

	e := wantOneError(t, o.QueryAs(t, o.tokens[o.officer], triageFeedbackDoc, input(map[string]any{"id": id, "version": 1, "responsibleParty": "LO_TEAM"})), badUserInput)
	if e.Extensions["field"] != "input.responsibleParty" {
		t.Errorf("field = %v, want input.responsibleParty", e.Extensions["field"])
	}
	got := o.triage(t, map[string]any{"id": id, "version": 1, "summary": "A comment on the youth club's hours.", "sectionId": o.health.ID}).TriageFeedback.Feedback
	if got.Status != "CIRCULATED" || *got.Summary != "A comment on the youth club's hours." || got.Section == nil {
		t.Errorf("after circulation = %+v, want the new summary and section, still CIRCULATED", got)
	}

	wantOneError(t, o.QueryAs(t, o.tokens[o.lead], triageFeedbackDoc, input(map[string]any{"id": id, "version": 2, "summary": "Mine."})), forbidden)
	wantOneError(t, o.QueryAs(t, o.tokens[o.stranger], triageFeedbackDoc, input(map[string]any{"id": id, "version": 2, "summary": "Mine."})), notFound)
	wantOneError(t, o.Query(t, triageFeedbackDoc, input(map[string]any{"id": id, "version": 2, "summary": "Mine."})), unauthenticated)
}

const excludeFeedbackDoc = `mutation($input: ExcludeFeedbackInput!) {
	excludeFeedback(input: $input) { feedback { id status exclusionReason exclusionNote excludedAt closedAt version } complaintsRoute } }`

type excludedPayload struct {
	ExcludeFeedback struct {
		Feedback struct {
			ID              uuid.UUID
			Status          string
			ExclusionReason *string
			ExclusionNote   *string
			ExcludedAt      *time.Time
			ClosedAt        *time.Time
			Version         int
		}
		ComplaintsRoute *string
	}
}

func TestExcludeFeedback(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)

	t.Run("vexatious", func(t *testing.T) {
		id := o.submit(t, parentFeedback(nil))
		var out excludedPayload
		o.MustQueryAs(t, o.tokens[o.officer], excludeFeedbackDoc, input(map[string]any{
			"id": id, "version": 1, "reason": "VEXATIOUS", "note": " The sixth identical message this week. ",
		}), &out)
		got := out.ExcludeFeedback
		if got.Feedback.Status != "EXCLUDED" || *got.Feedback.ExclusionReason != "VEXATIOUS" || got.Feedback.ExcludedAt == nil ||
			got.Feedback.ClosedAt == nil || *got.Feedback.ExclusionNote != "The sixth identical message this week." {
			t.Errorf("excluded = %+v, want EXCLUDED and closed with the trimmed note", got.Feedback)
		}
		if got.ComplaintsRoute != nil {
			t.Errorf("complaintsRoute = %q, want null for VEXATIOUS", *got.ComplaintsRoute)
		}
		event := o.Client.AuditEvent.Query().Where(auditevent.Action("feedback.excluded"), auditevent.ObjectID(id)).OnlyX(o.SystemContext())
		if event.Detail != "reason VEXATIOUS" {
			t.Errorf("audit detail = %q", event.Detail)
		}

		again := wantOneError(t, o.QueryAs(t, o.tokens[o.officer], excludeFeedbackDoc, input(map[string]any{
			"id": id, "version": 2, "reason": "VEXATIOUS", "note": "Again.",
		})), badUserInput)
		if !strings.Contains(again.Message, "already excluded") {
			t.Errorf("excluding again: %q", again.Message)
		}
		wantOneError(t, o.QueryAs(t, o.tokens[o.officer], triageFeedbackDoc, input(map[string]any{"id": id, "version": 2, "summary": "x"})), badUserInput)
	})

	t.Run("individual service", func(t *testing.T) {
		o.Client.InformationPage.Create().SetTitle("Making a complaint").SetSlug("making-a-complaint").
			SetBody("<p>How to complain.</p>").SetTopic(informationpage.TopicComplaints).
			SetStatus(informationpage.StatusPublished).ExecX(o.SystemContext())
		id := o.submit(t, parentFeedback(map[string]any{"serviceId": o.service.ID, "body": "The play worker was rude to my daughter."}))
		var out excludedPayload
		o.MustQueryAs(t, o.tokens[o.admin], excludeFeedbackDoc, input(map[string]any{
			"id": id, "version": 1, "reason": "INDIVIDUAL_SERVICE", "note": "About one session.",
		}), &out)
		route := out.ExcludeFeedback.ComplaintsRoute
		if route == nil {
			t.Fatal("complaintsRoute = null, want the route")
		}
		for _, want := range []string{
			"complaints route", "Riverside Sensory Play", "complaints@riverside.example.org",
			apptest.PublicURL + "/information/making-a-complaint",
		} {
			if !strings.Contains(*route, want) {
				t.Errorf("complaintsRoute does not give %q:\n%s", want, *route)
			}
		}
	})

	t.Run("individual service without details", func(t *testing.T) {
		fresh := newFeedbackOffice(t)
		id := fresh.submit(t, parentFeedback(nil))
		var out excludedPayload
		fresh.MustQueryAs(t, fresh.tokens[fresh.officer], excludeFeedbackDoc, input(map[string]any{
			"id": id, "version": 1, "reason": "INDIVIDUAL_SERVICE", "note": "About one family's care.",
		}), &out)
		if route := out.ExcludeFeedback.ComplaintsRoute; route == nil || !strings.Contains(*route, "council's complaints team") {
			t.Errorf("complaintsRoute = %v, want the general route", route)
		}
	})

	t.Run("refused", func(t *testing.T) {
		plain := o.submit(t, parentFeedback(nil))
		suggested := o.submit(t, disclosure())
		wantOneError(t, o.QueryAs(t, o.tokens[o.officer], excludeFeedbackDoc, input(map[string]any{"id": plain, "version": 7, "reason": "VEXATIOUS", "note": "x"})), "CONFLICT")
		e := wantOneError(t, o.QueryAs(t, o.tokens[o.officer], excludeFeedbackDoc, input(map[string]any{"id": plain, "version": 1, "reason": "VEXATIOUS", "note": ""})), badUserInput)
		if e.Extensions["field"] != "input.note" {
			t.Errorf("field = %v, want input.note", e.Extensions["field"])
		}
		e = wantOneError(t, o.QueryAs(t, o.tokens[o.officer], excludeFeedbackDoc, input(map[string]any{"id": suggested, "version": 1, "reason": "VEXATIOUS", "note": "x"})), badUserInput)
		if !strings.Contains(e.Message, "safeguarding") {
			t.Errorf("excluding a suggested item: %q", e.Message)
		}
		if f := o.item(t, plain); f.Status != feedback.StatusNew || f.ExcludedAt != nil {
			t.Errorf("refused item: %s excluded %v, want NEW", f.Status, f.ExcludedAt)
		}
	})
}

func TestTriageSummaryPersonalData(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	id := o.submit(t, parentFeedback(map[string]any{"informationPageId": o.page.ID}))

	res := o.QueryAs(t, o.tokens[o.officer], triageFeedbackDoc, input(map[string]any{
		"id": id, "version": 1, "responsibleParty": "LO_TEAM", "summary": "Call Jo back on 07700 900123 about waiting times.",
	}))
	e := wantOneError(t, res, badUserInput)
	if e.Extensions["field"] != "input.summary" || !strings.Contains(e.Message, "phone number") || !strings.Contains(e.Message, "acknowledgePersonalData") {
		t.Errorf("error %v %q, want input.summary naming the phone number and acknowledgePersonalData", e.Extensions["field"], e.Message)
	}
	if strings.Contains(e.Message, "07700") {
		t.Errorf("error %q repeats the personal data", e.Message)
	}
	if f := o.item(t, id); f.Status != feedback.StatusNew || f.Summary != "" {
		t.Errorf("item after the refusal = %s with summary %q, want NEW without one", f.Status, f.Summary)
	}

	done := o.triage(t, map[string]any{
		"id": id, "version": 1, "responsibleParty": "LO_TEAM", "summary": "Ask about the 0-25 service on 0800 line hours.",
		"acknowledgePersonalData": true,
	}).TriageFeedback.Feedback
	if done.Status != "TRIAGED" {
		t.Errorf("acknowledged summary: status %s, want TRIAGED", done.Status)
	}
}

func TestTriageSummaryNamesSender(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	id := o.submit(t, parentFeedback(map[string]any{
		"contact": map[string]any{"name": "Jo Okafor", "email": "jo@example.org", "consentPurposes": []string{"CALL_BACK"}},
	}))

	res := o.QueryAs(t, o.tokens[o.officer], triageFeedbackDoc, input(map[string]any{
		"id": id, "version": 1, "responsibleParty": "LO_TEAM", "summary": "The Okafor family asks about transport.",
	}))
	e := wantOneError(t, res, badUserInput)
	if e.Extensions["field"] != "input.summary" || !strings.Contains(e.Message, "the sender's name at character 4") {
		t.Errorf("error %v %q, want input.summary naming the sender's name", e.Extensions["field"], e.Message)
	}

	// The same word in lower case is not the name.
	done := o.triage(t, map[string]any{
		"id": id, "version": 1, "responsibleParty": "LO_TEAM", "summary": "A parent asks about transport.",
	}).TriageFeedback.Feedback
	if done.Status != "TRIAGED" {
		t.Errorf("status = %s, want TRIAGED", done.Status)
	}
}
