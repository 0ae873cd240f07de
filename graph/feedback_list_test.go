package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent/feedback"
)

const feedbackListDoc = `query($where: FeedbackFilter, $first: Int, $orderBy: FeedbackOrder) {
	feedback(where: $where, first: $first, orderBy: $orderBy) { totalCount edges { node {
		id body summary referral triageOverdue
		contact { name email phone consentPurposes consentWordingVersion consentedAt }
		personalDataWarnings { field kind text start }
	} } } }`

type listedFeedback struct {
	Feedback struct {
		TotalCount int
		Edges      []struct {
			Node struct {
				ID            uuid.UUID
				Body          *string
				Summary       *string
				Referral      *string
				TriageOverdue bool
				Contact       *struct {
					Name, Email, Phone    *string
					ConsentPurposes       []string
					ConsentWordingVersion string
					ConsentedAt           time.Time
				}
				PersonalDataWarnings []struct {
					Field, Kind, Text string
					Start             int
				}
			}
		}
	}
}

func (l listedFeedback) ids() []uuid.UUID {
	var ids []uuid.UUID
	for _, edge := range l.Feedback.Edges {
		ids = append(ids, edge.Node.ID)
	}
	return ids
}

func (o *feedbackOffice) list(t *testing.T, token string, variables map[string]any) listedFeedback {
	t.Helper()
	var out listedFeedback
	o.MustQueryAs(t, token, feedbackListDoc, variables, &out)
	return out
}

func TestFeedbackListFields(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	id := o.submit(t, parentFeedback(map[string]any{
		"body": "Please ring me on 07700 900123 about the waiting list.",
		"contact": map[string]any{
			"name": "Sam Carter", "email": "sam@example.org", "consentPurposes": []string{"CALL_BACK"},
		},
	}))
	o.circulate(t, id)
	o.triage(t, map[string]any{"id": id, "version": 1, "summary": "Mrs Carter asks about the waiting list.", "acknowledgePersonalData": true})

	t.Run("LO officer", func(t *testing.T) {
		node := o.list(t, o.tokens[o.officer], nil).Feedback.Edges[0].Node
		if node.Body == nil || !strings.Contains(*node.Body, "07700 900123") {
			t.Errorf("body = %v, want the words", node.Body)
		}
		c := node.Contact
		if c == nil || *c.Name != "Sam Carter" || *c.Email != "sam@example.org" || c.Phone != nil ||
			fmt.Sprint(c.ConsentPurposes) != "[CALL_BACK]" || c.ConsentWordingVersion == "" || c.ConsentedAt.IsZero() {
			t.Errorf("contact = %+v, want the details and consent, no phone", c)
		}
		var kinds []string
		for _, w := range node.PersonalDataWarnings {
			kinds = append(kinds, w.Field+":"+w.Kind+":"+w.Text)
		}
		if fmt.Sprint(kinds) != "[body:PHONE_NUMBER:07700 900123 summary:NAME:Carter]" {
			t.Errorf("warnings = %v, want the phone number in the body and the name in the summary", kinds)
		}
	})

	t.Run("LO admin", func(t *testing.T) {
		node := o.list(t, o.tokens[o.admin], nil).Feedback.Edges[0].Node
		if node.Contact == nil || node.Body == nil {
			t.Errorf("admin sees contact %v body %v, want both", node.Contact, node.Body)
		}
	})

	t.Run("lead", func(t *testing.T) {
		list := o.list(t, o.tokens[o.lead], nil)
		if list.Feedback.TotalCount != 1 {
			t.Fatalf("lead's items = %d, want the one circulated", list.Feedback.TotalCount)
		}
		node := list.Feedback.Edges[0].Node
		if node.Body != nil || node.Contact != nil || len(node.PersonalDataWarnings) != 0 || node.Referral != nil {
			t.Errorf("lead sees body %v contact %v warnings %v referral %v, want none", node.Body, node.Contact, node.PersonalDataWarnings, node.Referral)
		}
		if node.Summary == nil || *node.Summary == "" {
			t.Error("lead sees no summary, want the circulated summary")
		}
	})

	t.Run("others", func(t *testing.T) {
		if n := o.list(t, o.tokens[o.stranger], nil).Feedback.TotalCount; n != 0 {
			t.Errorf("a provider with no part lists %d items, want 0", n)
		}
		wantOneError(t, o.Query(t, feedbackListDoc, nil), unauthenticated)
	})
}

func TestFeedbackListFilters(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	web := o.submit(t, parentFeedback(map[string]any{"serviceId": o.service.ID}))
	young := o.submit(t, parentFeedback(map[string]any{"source": "CHILD_OR_YOUNG_PERSON", "topic": "ACCESSIBILITY", "informationPageId": o.page.ID}))
	suggested := o.submit(t, disclosure())
	var phoned recordPayload
	old := time.Now().UTC().Add(-30 * 24 * time.Hour).Truncate(time.Second)
	o.MustQueryAs(t, o.tokens[o.officer], recordFeedbackDoc, input(recorded(map[string]any{"receivedAt": old.Format(time.RFC3339)})), &phoned)
	telephone := phoned.RecordFeedback.Feedback.ID
	o.triage(t, map[string]any{"id": web, "version": 1, "responsibleParty": "CONTENT_OWNERS", "summary": "Waiting times."})

	for _, tc := range []struct {
		name  string
		where map[string]any
		want  []uuid.UUID
	}{
		{"everything, newest first", nil, []uuid.UUID{suggested, young, web, telephone}},
		{"status", map[string]any{"status": "TRIAGED"}, []uuid.UUID{web}},
		{"source", map[string]any{"source": "CHILD_OR_YOUNG_PERSON"}, []uuid.UUID{suggested, young}},
		{"topic", map[string]any{"topic": "ACCESSIBILITY"}, []uuid.UUID{young}},
		{"channel", map[string]any{"channel": "TELEPHONE"}, []uuid.UUID{telephone}},
		{"safeguarding", map[string]any{"safeguarding": true}, []uuid.UUID{suggested}},
		{"not safeguarding", map[string]any{"safeguarding": false, "channel": "WEBSITE"}, []uuid.UUID{young, web}},
		{"responsible party", map[string]any{"responsibleParty": "CONTENT_OWNERS"}, []uuid.UUID{web}},
		{"service", map[string]any{"serviceId": o.service.ID}, []uuid.UUID{web}},
		{"page", map[string]any{"informationPageId": o.page.ID}, []uuid.UUID{young}},
		{"received before", map[string]any{"receivedTo": old.Add(time.Hour).Format(time.RFC3339)}, []uuid.UUID{telephone}},
		{"received since", map[string]any{"receivedFrom": old.Add(time.Hour).Format(time.RFC3339), "channel": "WEBSITE"}, []uuid.UUID{suggested, young, web}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list := o.list(t, o.tokens[o.officer], map[string]any{"where": tc.where})
			if fmt.Sprint(list.ids()) != fmt.Sprint(tc.want) || list.Feedback.TotalCount != len(tc.want) {
				t.Errorf("items = %v (total %d), want %v", list.ids(), list.Feedback.TotalCount, tc.want)
			}
		})
	}

	t.Run("oldest first", func(t *testing.T) {
		list := o.list(t, o.tokens[o.officer], map[string]any{"orderBy": map[string]any{"field": "RECEIVED_AT", "direction": "ASC"}, "first": 2})
		if fmt.Sprint(list.ids()) != fmt.Sprint([]uuid.UUID{telephone, web}) || list.Feedback.TotalCount != 4 {
			t.Errorf("first 2, oldest first = %v, want the telephone item then the web one", list.ids())
		}
	})

	t.Run("bad input", func(t *testing.T) {
		res := o.QueryAs(t, o.tokens[o.officer], feedbackListDoc, map[string]any{"where": map[string]any{
			"receivedFrom": time.Now().UTC().Format(time.RFC3339), "receivedTo": old.Format(time.RFC3339),
		}})
		if e := wantOneError(t, res, badUserInput); e.Extensions["field"] != "where.receivedTo" {
			t.Errorf("field = %v, want where.receivedTo", e.Extensions["field"])
		}
		if e := wantOneError(t, o.QueryAs(t, o.tokens[o.officer], feedbackListDoc, map[string]any{"first": 101}), badUserInput); e.Extensions["field"] != "first" {
			t.Errorf("field = %v, want first", e.Extensions["field"])
		}
	})
}

func TestFeedbackListContactQueries(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	for i := range 6 {
		o.submit(t, parentFeedback(map[string]any{
			"contact": map[string]any{"email": fmt.Sprintf("parent%d@example.org", i), "consentPurposes": []string{"CALL_BACK"}},
		}))
	}
	counts := map[int]int{}
	for _, size := range []int{1, 6} {
		var out listedFeedback
		counts[size] = o.CountStatements(func() {
			out = o.list(t, o.tokens[o.officer], map[string]any{"first": size})
		})
		for _, edge := range out.Feedback.Edges {
			if edge.Node.Contact == nil {
				t.Errorf("item %s has no contact", edge.Node.ID)
			}
		}
	}
	if counts[1] != counts[6] {
		t.Errorf("statements for 1 item = %d, for 6 = %d, want the same", counts[1], counts[6])
	}
}

func TestFeedbackNodeHidden(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	circulated := o.submit(t, parentFeedback(nil))
	o.circulate(t, circulated)
	excluded := o.submit(t, parentFeedback(nil))
	o.circulate(t, excluded)
	o.Client.Feedback.UpdateOneID(excluded).SetExcludedAt(time.Now()).SetStatus(feedback.StatusExcluded).ExecX(o.SystemContext())
	fresh := o.submit(t, parentFeedback(nil))

	doc := `query($id: ID!) { node(id: $id) { ... on Feedback { id body contact { email } } } }`
	for _, tc := range []struct {
		name  string
		token string
		id    uuid.UUID
		found bool
	}{
		{"lead, circulated", o.tokens[o.lead], circulated, true},
		{"manager, circulated", o.tokens[o.manager], circulated, true},
		{"stranger, circulated", o.tokens[o.stranger], circulated, false},
		{"lead, excluded", o.tokens[o.lead], excluded, false},
		{"lead, not circulated", o.tokens[o.lead], fresh, false},
		{"public, circulated", "", circulated, false},
		{"officer, not circulated", o.tokens[o.officer], fresh, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := o.QueryAs(t, tc.token, doc, map[string]any{"id": tc.id})
			if !tc.found {
				wantOneError(t, res, notFound)
				return
			}
			if len(res.Errors) > 0 {
				t.Fatalf("errors = %+v", res.Errors)
			}
			if strings.Contains(string(res.Data), "waiting list") != (tc.token == o.tokens[o.officer]) {
				t.Errorf("data = %s: only the LO team reads the body", res.Data)
			}
		})
	}
}
