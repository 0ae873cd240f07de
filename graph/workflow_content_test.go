package graph_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/schedule"
	"github.com/localoffer/localoffer/internal/content"
)

const (
	scenarioRestoreDoc = `mutation($input: RestoreRevisionInput!) { restoreRevision(input: $input) { revision { ` + scenarioRevisionFields + ` } } }`
	scenarioCompareDoc = `query($from: ID!, $to: ID!) { compareRevisions(from: $from, to: $to) { field recordId change before after } }`
)

func (s *scenario) compare(from, to uuid.UUID) []scenarioChange {
	s.t.Helper()
	var data struct{ CompareRevisions []scenarioChange }
	s.MustQueryAs(s.t, s.officerToken, scenarioCompareDoc, map[string]any{"from": from, "to": to}, &data)
	return data.CompareRevisions
}

// changeText returns s as the before or after value of a change.
func changeText(s string) *string { return &s }

func TestWorkflowRestoreRevision(t *testing.T) {
	s := newScenario(t)
	first := s.approve(s.propose(s.leadToken, map[string]any{"summary": "Drop-in advice on Mondays."}).ID).Revision
	second := s.approve(s.propose(s.leadToken, map[string]any{"summary": "Drop-in advice on Thursdays."}).ID).Revision
	if first == nil || second == nil {
		t.Fatalf("revisions = %+v, %+v; want one for each approval", first, second)
	}

	var data struct {
		RestoreRevision struct{ Revision scenarioRevision }
	}
	s.MustQueryAs(t, s.officerToken, scenarioRestoreDoc, input(map[string]any{"revisionId": first.ID}), &data)

	restored := data.RestoreRevision.Revision
	if restored.Origin != "RESTORE" || restored.Version != second.Version+1 {
		t.Errorf("restored revision = origin %s, version %d; want RESTORE, version %d", restored.Origin, restored.Version, second.Version+1)
	}
	if restored.RestoredFrom == nil || restored.RestoredFrom.ID != first.ID {
		t.Errorf("restoredFrom = %+v, want revision %s", restored.RestoredFrom, first.ID)
	}
	if !slices.Equal(restored.ChangedFields, []string{"summary"}) {
		t.Errorf("changedFields = %q, want [summary]", restored.ChangedFields)
	}
	if got := s.public(s.service.Slug); got == nil || got.Summary != "Drop-in advice on Mondays." || got.Version != restored.Version {
		t.Errorf("public service = %+v, want the first summary at version %d", got, restored.Version)
	}

	want := []scenarioChange{{Field: "summary", Change: "CHANGED", Before: changeText("Drop-in advice on Thursdays."), After: changeText("Drop-in advice on Mondays.")}}
	if got := s.compare(second.ID, restored.ID); !slices.EqualFunc(got, want, equalChange) {
		t.Errorf("compareRevisions(second, restored) = %+v, want %+v", got, want)
	}
	if got := s.compare(first.ID, restored.ID); len(got) != 0 {
		t.Errorf("compareRevisions(first, restored) = %+v, want no differences", got)
	}
}

func equalChange(a, b scenarioChange) bool {
	return a.Field == b.Field && a.Change == b.Change &&
		equalText(a.Before, b.Before) && equalText(a.After, b.After) &&
		(a.RecordID == nil) == (b.RecordID == nil) && (a.RecordID == nil || *a.RecordID == *b.RecordID)
}

func TestWorkflowSubmissionCountsAsReview(t *testing.T) {
	// Noon in London, so that the time a request takes cannot move the
	// date.
	cases := []struct {
		name    string
		now     time.Time
		wantDue string
	}{
		{"31 August before a leap year", time.Date(2027, time.August, 31, 12, 0, 0, 0, content.London), "2028-02-29"},
		{"31 August before a common year", time.Date(2028, time.August, 31, 12, 0, 0, 0, content.London), "2029-02-28"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newScenario(t)
			s.Clock.Advance(tc.now.Sub(s.Clock.Now()))
			// Sessions started before the clock moved may have expired.
			token := s.SignIn(t, s.lead)
			before := s.stored(s.service.ID)

			draft := s.saveAs(token, map[string]any{"serviceId": s.service.ID, "service": map[string]any{"summary": "Drop-in advice all year."}})
			saved := s.stored(s.service.ID)
			if !equalTimePointers(saved.LastReviewedAt, before.LastReviewedAt) || !equalTimePointers(saved.ReviewDueAt, before.ReviewDueAt) {
				t.Errorf("after a save: lastReviewedAt %v, reviewDueAt %v; want %v, %v as before",
					saved.LastReviewedAt, saved.ReviewDueAt, before.LastReviewedAt, before.ReviewDueAt)
			}

			s.submitAs(token, draft.ID)
			after := s.stored(s.service.ID)
			if after.LastReviewedAt == nil || after.ReviewDueAt == nil {
				t.Fatalf("after the submission: lastReviewedAt %v, reviewDueAt %v; want both set", after.LastReviewedAt, after.ReviewDueAt)
			}
			if drift := after.LastReviewedAt.Sub(tc.now); drift < -time.Second || drift > time.Minute {
				t.Errorf("lastReviewedAt = %s, want about %s", after.LastReviewedAt, tc.now.UTC())
			}
			if due := after.ReviewDueAt.In(content.London).Format(time.DateOnly); due != tc.wantDue {
				t.Errorf("reviewDueAt = %s (London date %s), want London date %s", after.ReviewDueAt, due, tc.wantDue)
			}
			if after.Version != before.Version || !after.UpdatedAt.Equal(before.UpdatedAt) {
				t.Errorf("version %d, updatedAt %s; want %d, %s: a review is not a change to the content",
					after.Version, after.UpdatedAt, before.Version, before.UpdatedAt)
			}
			if after.Summary != before.Summary {
				t.Errorf("summary = %q, want %q until approval", after.Summary, before.Summary)
			}
		})
	}
}

func equalTimePointers(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// childRecords is the service's published location, contact, schedule and
// two cost options, and the taxonomy terms it has and will get.
type childRecords struct {
	location, contact, schedule, session, term uuid.UUID
	autism, dyslexia                           uuid.UUID
}

func addChildRecords(s *scenario) childRecords {
	s.t.Helper()
	ctx := s.SystemContext()
	c := childRecords{autism: s.term("send-needs", "autism"), dyslexia: s.term("send-needs", "dyslexia")}
	c.location = s.Client.Location.Create().SetName("Town Hall").SetPostcode("NS1 1AA").SaveX(ctx).ID
	s.Client.Service.UpdateOne(s.service).AddLocationIDs(c.location).AddTaxonomyTermIDs(c.autism).ExecX(ctx)
	c.contact = s.Client.Contact.Create().SetServiceID(s.service.ID).SetName("Front desk").SetEmail("hub@example.org").SaveX(ctx).ID
	c.schedule = s.Client.Schedule.Create().SetServiceID(s.service.ID).
		SetWeekday(schedule.WeekdayMonday).SetOpensAt("09:00").SetClosesAt("17:00").SaveX(ctx).ID
	c.session = s.Client.CostOption.Create().SetServiceID(s.service.ID).SetOption("per session").SetAmount(5).SaveX(ctx).ID
	c.term = s.Client.CostOption.Create().SetServiceID(s.service.ID).SetOption("per term").SetAmount(50).SaveX(ctx).ID
	return c
}

func TestWorkflowChildRecords(t *testing.T) {
	s := newScenario(t)
	c := addChildRecords(s)

	draft := s.saveAs(s.leadToken, map[string]any{
		"serviceId": s.service.ID,
		"service": map[string]any{
			"locations": []map[string]any{
				{"id": c.location, "name": "Town Hall", "postcode": "NS1 1AA"},
				{"name": "Library", "postcode": "ns2 2bb"},
			},
			"contacts": []map[string]any{
				{"id": c.contact, "name": "Front desk", "email": "hub@example.org"},
				{"name": "Asha Patel", "email": "asha.patel@example.org"},
			},
			"schedules":       []map[string]any{{"id": c.schedule, "weekday": "MONDAY", "opensAt": "10:00", "closesAt": "17:00"}},
			"costOptions":     []map[string]any{{"id": c.session, "option": "per session", "amount": 5}},
			"taxonomyTermIds": []uuid.UUID{c.dyslexia},
		},
	})

	// The new location and contact got their ids when the draft was saved.
	var library, asha uuid.UUID
	for _, ch := range draft.Changes {
		switch {
		case ch.Field == "locations.name" && ch.RecordID != nil:
			library = *ch.RecordID
		case ch.Field == "contacts.name" && ch.RecordID != nil:
			asha = *ch.RecordID
		}
	}
	if library == uuid.Nil || library == c.location || asha == uuid.Nil || asha == c.contact {
		t.Fatalf("new records' ids = location %s, contact %s; want new ids in changes %+v", library, asha, draft.Changes)
	}
	want := []scenarioChange{
		{Field: "contacts.email", RecordID: &asha, Change: "ADDED", After: changeText("asha.patel@example.org")},
		{Field: "contacts.name", RecordID: &asha, Change: "ADDED", After: changeText("Asha Patel")},
		{Field: "costOptions.amount", RecordID: &c.term, Change: "REMOVED", Before: changeText("50")},
		{Field: "costOptions.currency", RecordID: &c.term, Change: "REMOVED", Before: changeText("GBP")},
		{Field: "costOptions.option", RecordID: &c.term, Change: "REMOVED", Before: changeText("per term")},
		{Field: "locations.name", RecordID: &library, Change: "ADDED", After: changeText("Library")},
		{Field: "locations.postcode", RecordID: &library, Change: "ADDED", After: changeText("NS2 2BB")},
		{Field: "schedules.opensAt", RecordID: &c.schedule, Change: "CHANGED", Before: changeText("09:00"), After: changeText("10:00")},
	}
	terms := []scenarioChange{
		{Field: "taxonomyTerms", RecordID: &c.autism, Change: "REMOVED"},
		{Field: "taxonomyTerms", RecordID: &c.dyslexia, Change: "ADDED"},
	}
	// Terms are listed in the order of their ids.
	if c.dyslexia.String() < c.autism.String() {
		terms[0], terms[1] = terms[1], terms[0]
	}
	want = append(want, terms...)
	if !slices.EqualFunc(draft.Changes, want, equalChange) {
		t.Errorf("changes =\n%s\nwant\n%s", describeChanges(draft.Changes), describeChanges(want))
	}

	s.submitAs(s.leadToken, draft.ID)
	s.approve(draft.ID)

	got := s.public(s.service.Slug)
	if got == nil {
		t.Fatal("the public cannot find the service")
	}
	locations := map[uuid.UUID]string{}
	for _, l := range got.Locations {
		locations[l.ID] = l.Name + " " + l.Postcode
	}
	if want := map[uuid.UUID]string{c.location: "Town Hall NS1 1AA", library: "Library NS2 2BB"}; !mapsEqual(locations, want) {
		t.Errorf("locations = %v, want %v", locations, want)
	}
	contacts := map[uuid.UUID]string{}
	for _, ct := range got.Contacts {
		contacts[ct.ID] = ct.Name + " " + ct.Email
	}
	if want := map[uuid.UUID]string{c.contact: "Front desk hub@example.org", asha: "Asha Patel asha.patel@example.org"}; !mapsEqual(contacts, want) {
		t.Errorf("contacts = %v, want %v", contacts, want)
	}
	if len(got.Schedules) != 1 || got.Schedules[0].ID != c.schedule || got.Schedules[0].OpensAt != "10:00" || got.Schedules[0].ClosesAt != "17:00" {
		t.Errorf("schedules = %+v, want schedule %s from 10:00 to 17:00", got.Schedules, c.schedule)
	}
	if len(got.CostOptions) != 1 || got.CostOptions[0].ID != c.session {
		t.Errorf("cost options = %+v, want only %s (per session)", got.CostOptions, c.session)
	}
	if len(got.TaxonomyTerms) != 1 || got.TaxonomyTerms[0].ID != c.dyslexia {
		t.Errorf("taxonomy terms = %+v, want only dyslexia %s", got.TaxonomyTerms, c.dyslexia)
	}
}

func describeChanges(changes []scenarioChange) string {
	var out string
	for _, c := range changes {
		id := "-"
		if c.RecordID != nil {
			id = c.RecordID.String()
		}
		before, after := "null", "null"
		if c.Before != nil {
			before = *c.Before
		}
		if c.After != nil {
			after = *c.After
		}
		out += "  " + c.Field + " " + id + " " + c.Change + " " + before + " -> " + after + "\n"
	}
	return out
}

func mapsEqual[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestWorkflowRejectsBadInput(t *testing.T) {
	s := newScenario(t)
	other := s.add("Hilltop Youth Club", nil)
	othersContact := s.Client.Contact.Create().SetServiceID(other.ID).SetName("Youth worker").SaveX(s.SystemContext()).ID
	change := func(fields map[string]any) map[string]any {
		return map[string]any{"serviceId": s.service.ID, "service": fields}
	}

	cases := []struct {
		name      string
		input     map[string]any
		wantField string
	}{
		{"empty name", change(map[string]any{"name": "   "}), "input.service.name"},
		{"minAge above maxAge", change(map[string]any{"minAge": 12, "maxAge": 5}), "input.service.maxAge"},
		{"age above 25", change(map[string]any{"maxAge": 30}), "input.service.maxAge"},
		{"bad email", change(map[string]any{"email": "hub at example.org"}), "input.service.email"},
		{"bad contact email", change(map[string]any{"contacts": []map[string]any{{"name": "Desk", "email": "desk@"}}}), "input.service.contacts[0].email"},
		{"unknown taxonomy term", change(map[string]any{"taxonomyTermIds": []uuid.UUID{uuid.Must(uuid.NewV7())}}), "input.service.taxonomyTermIds"},
		{"another service's contact", change(map[string]any{"contacts": []map[string]any{{"id": othersContact, "name": "Youth worker"}}}), "input.service.contacts[0].id"},
		{"bad opening time", change(map[string]any{"schedules": []map[string]any{{"weekday": "MONDAY", "opensAt": "9am"}}}), "input.service.schedules[0].opensAt"},
		{"removal without reason", map[string]any{"serviceId": s.service.ID, "kind": "REMOVE", "submit": true}, "input.reason"},
		{"new service without inclusion basis", map[string]any{"service": map[string]any{"organizationId": s.org.ID, "name": "Splash Club"}}, "input.service.inclusionBasis"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := failure(t, s.QueryAs(t, s.leadToken, scenarioSaveDoc, input(tc.input)))
			if e.Code() != "BAD_USER_INPUT" {
				t.Errorf("code = %s (%s), want BAD_USER_INPUT", e.Code(), e.Message)
			}
			if got := e.Extensions["field"]; got != tc.wantField {
				t.Errorf("field = %v (%s), want %s", got, e.Message, tc.wantField)
			}
		})
	}

	// Each failed save rolled back whole: no draft was left behind.
	for _, state := range []changerequest.State{changerequest.StateDraft, changerequest.StateSubmitted} {
		if n := s.requestsOn(s.service.ID, state); n != 0 {
			t.Errorf("%s change requests on the service = %d, want 0", state, n)
		}
	}
	if got := s.Client.Service.Query().CountX(s.SystemContext()); got != 2 {
		t.Errorf("services = %d, want 2: a rejected proposal must not leave a draft service", got)
	}
}
