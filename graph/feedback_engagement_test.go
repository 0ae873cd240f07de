package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/engagementactivity"
	"github.com/localoffer/localoffer/ent/schema/schematype"
)

const createActivityDoc = `mutation($input: CreateEngagementActivityInput!) {
	createEngagementActivity(input: $input) { engagementActivity { id title kind heldOn audiences participants description } } }`

const updateActivityDoc = `mutation($input: UpdateEngagementActivityInput!) {
	updateEngagementActivity(input: $input) { engagementActivity { id title kind heldOn audiences participants description } } }`

type activityFields struct {
	ID           uuid.UUID
	Title        string
	Kind         string
	HeldOn       string
	Audiences    []string
	Participants int
	Description  *string
}

// activityInput returns the fields of a consultation held last week, with
// changes.
func activityInput(changes map[string]any) map[string]any {
	fields := map[string]any{
		"title": "Transport consultation", "kind": "CONSULTATION",
		"heldOn":    schematype.DateOf(time.Now().AddDate(0, 0, -7)).String(),
		"audiences": []string{"PARENTS_AND_CARERS"}, "participants": 14,
	}
	for k, v := range changes {
		fields[k] = v
	}
	return fields
}

// createActivity records an activity as the officer and returns its id.
func (o *feedbackOffice) createActivity(t *testing.T, changes map[string]any) uuid.UUID {
	t.Helper()
	var out struct {
		CreateEngagementActivity struct{ EngagementActivity activityFields }
	}
	o.MustQueryAs(t, o.tokens[o.officer], createActivityDoc, input(activityInput(changes)), &out)
	return out.CreateEngagementActivity.EngagementActivity.ID
}

func TestEngagementActivityLifecycle(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	var created struct {
		CreateEngagementActivity struct{ EngagementActivity activityFields }
	}
	o.MustQueryAs(t, o.tokens[o.officer], createActivityDoc, input(activityInput(map[string]any{
		"title": "  Young people's co-production day ", "kind": "CO_PRODUCTION", "heldOn": "2026-03-14",
		"audiences":    []string{"CHILDREN_AND_YOUNG_PEOPLE", "CHILDREN_AND_YOUNG_PEOPLE", "PARENTS_AND_CARERS"},
		"participants": 23, "description": "Redesigning The Crew pages.",
	})), &created)
	a := created.CreateEngagementActivity.EngagementActivity
	if a.Title != "Young people's co-production day" || a.Kind != "CO_PRODUCTION" || a.HeldOn != "2026-03-14" || a.Participants != 23 {
		t.Errorf("activity = %+v", a)
	}
	if fmt.Sprint(a.Audiences) != "[CHILDREN_AND_YOUNG_PEOPLE PARENTS_AND_CARERS]" {
		t.Errorf("audiences = %v, want each once", a.Audiences)
	}

	var updated struct {
		UpdateEngagementActivity struct{ EngagementActivity activityFields }
	}
	o.MustQueryAs(t, o.tokens[o.admin], updateActivityDoc, input(map[string]any{
		"id": a.ID, "participants": 25, "description": "", "audiences": []string{"PROFESSIONALS"},
	}), &updated)
	b := updated.UpdateEngagementActivity.EngagementActivity
	if b.Participants != 25 || b.Description != nil && *b.Description != "" || fmt.Sprint(b.Audiences) != "[PROFESSIONALS]" {
		t.Errorf("updated = %+v, want 25 professionals without a description", b)
	}
	if b.Title != a.Title || b.HeldOn != a.HeldOn || b.Kind != a.Kind {
		t.Errorf("updated = %+v, want the fields left out unchanged", b)
	}
	for _, action := range []string{"engagement_activity.created", "engagement_activity.updated"} {
		if n := o.Client.AuditEvent.Query().Where(auditevent.Action(action), auditevent.ObjectID(a.ID)).CountX(o.SystemContext()); n != 1 {
			t.Errorf("%s audit events = %d, want 1", action, n)
		}
	}
}

func TestEngagementActivityBadInput(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	tomorrow := schematype.DateOf(time.Now().In(time.UTC).AddDate(0, 0, 2)).String()
	for _, tc := range []struct {
		name, field string
		changes     map[string]any
	}{
		{"empty title", "input.title", map[string]any{"title": "  "}},
		{"long title", "input.title", map[string]any{"title": strings.Repeat("a", 201)}},
		{"held in the future", "input.heldOn", map[string]any{"heldOn": tomorrow}},
		{"negative participants", "input.participants", map[string]any{"participants": -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := wantOneError(t, o.QueryAs(t, o.tokens[o.officer], createActivityDoc, input(activityInput(tc.changes))), badUserInput)
			if e.Extensions["field"] != tc.field {
				t.Errorf("field = %v, want %s", e.Extensions["field"], tc.field)
			}
		})
	}
	wantOneError(t, o.QueryAs(t, o.tokens[o.lead], createActivityDoc, input(activityInput(nil))), forbidden)
	wantOneError(t, o.Query(t, createActivityDoc, input(activityInput(nil))), unauthenticated)

	id := o.createActivity(t, nil)
	wantOneError(t, o.QueryAs(t, o.tokens[o.lead], updateActivityDoc, input(map[string]any{"id": id, "participants": 3})), notFound)
	wantOneError(t, o.QueryAs(t, o.tokens[o.officer], updateActivityDoc, input(map[string]any{"id": uuid.New(), "participants": 3})), notFound)
	if n := o.Client.EngagementActivity.Query().CountX(o.SystemContext()); n != 1 {
		t.Errorf("activities stored = %d, want 1", n)
	}
}

const activitiesDoc = `query($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: EngagementActivityFilter) {
	engagementActivities(first: $first, after: $after, last: $last, before: $before, where: $where) {
		totalCount
		pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
		edges { cursor node { title heldOn feedback { totalCount edges { node { id } } } } } } }`

type activityPage struct {
	EngagementActivities struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage, HasPreviousPage bool
			StartCursor, EndCursor       *string
		}
		Edges []struct {
			Cursor string
			Node   struct {
				Title    string
				HeldOn   string
				Feedback struct {
					TotalCount int
					Edges      []struct{ Node struct{ ID uuid.UUID } }
				}
			}
		}
	}
}

func (p activityPage) titles() []string {
	var titles []string
	for _, edge := range p.EngagementActivities.Edges {
		titles = append(titles, edge.Node.Title)
	}
	return titles
}

func TestEngagementActivitiesPaging(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	// Created in an order other than the days they were held on.
	for _, a := range []struct{ title, heldOn string }{
		{"March forum", "2026-03-10"}, {"January forum", "2026-01-20"}, {"May forum", "2026-05-05"},
		{"March workshop", "2026-03-10"}, {"February survey", "2026-02-02"},
	} {
		o.createActivity(t, map[string]any{"title": a.title, "heldOn": a.heldOn})
	}
	ctx := o.SystemContext()
	sameDay := o.Client.EngagementActivity.Query().Where(engagementactivity.HeldOn(schematype.NewDate(2026, time.March, 10))).
		Order(engagementactivity.ByID()).AllX(ctx)
	// Activities held on one day come newest id first.
	marchOrder := []string{sameDay[1].Title, sameDay[0].Title}

	var all activityPage
	o.MustQueryAs(t, o.tokens[o.officer], activitiesDoc, nil, &all)
	want := append(append([]string{"May forum"}, marchOrder...), "February survey", "January forum")
	if fmt.Sprint(all.titles()) != fmt.Sprint(want) || all.EngagementActivities.TotalCount != 5 {
		t.Fatalf("titles = %v (total %d), want %v", all.titles(), all.EngagementActivities.TotalCount, want)
	}

	t.Run("forward", func(t *testing.T) {
		var seen []string
		var after any
		for pages := 0; pages < 5; pages++ {
			var page activityPage
			o.MustQueryAs(t, o.tokens[o.officer], activitiesDoc, map[string]any{"first": 2, "after": after}, &page)
			seen = append(seen, page.titles()...)
			if !page.EngagementActivities.PageInfo.HasNextPage {
				break
			}
			after = *page.EngagementActivities.PageInfo.EndCursor
		}
		if fmt.Sprint(seen) != fmt.Sprint(want) {
			t.Errorf("pages gave %v, want %v", seen, want)
		}
	})

	t.Run("backward", func(t *testing.T) {
		var page activityPage
		o.MustQueryAs(t, o.tokens[o.officer], activitiesDoc, map[string]any{"last": 2}, &page)
		if fmt.Sprint(page.titles()) != fmt.Sprint(want[3:]) || !page.EngagementActivities.PageInfo.HasPreviousPage {
			t.Fatalf("last 2 = %v (previous %t), want %v", page.titles(), page.EngagementActivities.PageInfo.HasPreviousPage, want[3:])
		}
		before := *page.EngagementActivities.PageInfo.StartCursor
		o.MustQueryAs(t, o.tokens[o.officer], activitiesDoc, map[string]any{"last": 2, "before": before}, &page)
		if fmt.Sprint(page.titles()) != fmt.Sprint(want[1:3]) || !page.EngagementActivities.PageInfo.HasNextPage {
			t.Errorf("2 before = %v, want %v with a next page", page.titles(), want[1:3])
		}
	})

	t.Run("held between", func(t *testing.T) {
		var page activityPage
		o.MustQueryAs(t, o.tokens[o.officer], activitiesDoc, map[string]any{"where": map[string]any{"heldFrom": "2026-02-01", "heldTo": "2026-03-10"}}, &page)
		if page.EngagementActivities.TotalCount != 3 || fmt.Sprint(page.titles()) != fmt.Sprint(want[1:4]) {
			t.Errorf("February to 10 March = %v (total %d), want %v", page.titles(), page.EngagementActivities.TotalCount, want[1:4])
		}
	})

	t.Run("bad cursor", func(t *testing.T) {
		e := wantOneError(t, o.QueryAs(t, o.tokens[o.officer], activitiesDoc, map[string]any{"after": "bm90IGEgY3Vyc29y"}), badUserInput)
		if e.Extensions["field"] != "after" {
			t.Errorf("field = %v, want after", e.Extensions["field"])
		}
	})

	t.Run("LO team only", func(t *testing.T) {
		wantOneError(t, o.QueryAs(t, o.tokens[o.lead], activitiesDoc, nil), forbidden)
		wantOneError(t, o.Query(t, activitiesDoc, nil), unauthenticated)
	})
}

const linkActivityDoc = `mutation($input: SetFeedbackEngagementActivityInput!) {
	setFeedbackEngagementActivity(input: $input) { feedback { id version engagementActivity { id } } engagementActivity { id } } }`

func TestLinkFeedbackToActivity(t *testing.T) {
	t.Parallel()
	o := newFeedbackOffice(t)
	forum := o.createActivity(t, map[string]any{"title": "Parents' forum"})
	workshop := o.createActivity(t, map[string]any{"title": "Website workshop", "heldOn": "2026-01-05"})
	var items []uuid.UUID
	for range 4 {
		items = append(items, o.submit(t, parentFeedback(nil)))
	}

	var out struct {
		SetFeedbackEngagementActivity struct {
			Feedback []struct {
				ID                 uuid.UUID
				Version            int
				EngagementActivity *struct{ ID uuid.UUID }
			}
			EngagementActivity *struct{ ID uuid.UUID }
		}
	}
	o.MustQueryAs(t, o.tokens[o.officer], linkActivityDoc, input(map[string]any{
		"feedbackIds": []uuid.UUID{items[0], items[1], items[2], items[0]}, "engagementActivityId": forum,
	}), &out)
	linked := out.SetFeedbackEngagementActivity
	if len(linked.Feedback) != 3 || linked.EngagementActivity == nil || linked.EngagementActivity.ID != forum {
		t.Fatalf("payload = %+v, want 3 items linked to the forum", linked)
	}
	for _, f := range linked.Feedback {
		if f.EngagementActivity == nil || f.EngagementActivity.ID != forum || f.Version != 2 {
			t.Errorf("item %s: activity %+v version %d, want the forum at version 2", f.ID, f.EngagementActivity, f.Version)
		}
	}
	o.MustQueryAs(t, o.tokens[o.officer], linkActivityDoc, input(map[string]any{"feedbackIds": []uuid.UUID{items[3]}, "engagementActivityId": workshop}), &out)
	o.MustQueryAs(t, o.tokens[o.officer], linkActivityDoc, input(map[string]any{"feedbackIds": []uuid.UUID{items[2]}}), &out)
	if f := out.SetFeedbackEngagementActivity.Feedback[0]; f.EngagementActivity != nil || out.SetFeedbackEngagementActivity.EngagementActivity != nil {
		t.Errorf("unlinked item = %+v, want no activity", out.SetFeedbackEngagementActivity)
	}

	t.Run("activities list their feedback", func(t *testing.T) {
		var page activityPage
		o.MustQueryAs(t, o.tokens[o.officer], activitiesDoc, nil, &page)
		counts := map[string]int{}
		for _, edge := range page.EngagementActivities.Edges {
			counts[edge.Node.Title] = edge.Node.Feedback.TotalCount
		}
		if counts["Parents' forum"] != 2 || counts["Website workshop"] != 1 {
			t.Errorf("feedback per activity = %v, want the forum 2 and the workshop 1", counts)
		}
	})

	t.Run("one query per edge", func(t *testing.T) {
		for i := range 4 {
			id := o.createActivity(t, map[string]any{"title": fmt.Sprintf("Drop-in %d", i)})
			o.MustQueryAs(t, o.tokens[o.officer], linkActivityDoc, input(map[string]any{"feedbackIds": []uuid.UUID{o.submit(t, parentFeedback(nil))}, "engagementActivityId": id}), nil)
		}
		counts := map[int]int{}
		for _, size := range []int{1, 6} {
			counts[size] = o.CountStatements(func() {
				o.MustQueryAs(t, o.tokens[o.officer], activitiesDoc, map[string]any{"first": size}, nil)
			})
		}
		if counts[1] != counts[6] {
			t.Errorf("statements for 1 activity = %d, for 6 = %d, want the same", counts[1], counts[6])
		}
	})

	t.Run("bad input", func(t *testing.T) {
		e := wantOneError(t, o.QueryAs(t, o.tokens[o.officer], linkActivityDoc, input(map[string]any{"feedbackIds": []uuid.UUID{}})), badUserInput)
		if e.Extensions["field"] != "input.feedbackIds" {
			t.Errorf("field = %v, want input.feedbackIds", e.Extensions["field"])
		}
		e = wantOneError(t, o.QueryAs(t, o.tokens[o.officer], linkActivityDoc, input(map[string]any{"feedbackIds": items[:1], "engagementActivityId": uuid.New()})), badUserInput)
		if e.Extensions["field"] != "input.engagementActivityId" {
			t.Errorf("field = %v, want input.engagementActivityId", e.Extensions["field"])
		}
		wantOneError(t, o.QueryAs(t, o.tokens[o.officer], linkActivityDoc, input(map[string]any{"feedbackIds": []uuid.UUID{uuid.New()}, "engagementActivityId": forum})), notFound)
		wantOneError(t, o.QueryAs(t, o.tokens[o.lead], linkActivityDoc, input(map[string]any{"feedbackIds": items[:1], "engagementActivityId": forum})), notFound)
	})
}
