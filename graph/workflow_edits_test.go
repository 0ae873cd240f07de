package graph_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/service"
)

// approve approves a change request as the officer and fails the test on
// any error.
func (e *editorial) approve(id uuid.UUID, edits map[string]any) {
	e.t.Helper()
	fields := map[string]any{"changeRequestId": id}
	for k, v := range edits {
		fields[k] = v
	}
	e.MustQueryAs(e.t, e.officerToken, approveChangeRequestDoc, input(fields), nil)
}

// saveError saves as the token's user and returns the one error's code and
// field.
func (e *editorial) saveError(token string, fields map[string]any) (code, field string) {
	e.t.Helper()
	res := e.QueryAs(e.t, token, saveChangeRequestDoc, input(fields))
	if len(res.Errors) != 1 {
		e.t.Fatalf("save %v: errors %+v, want one", fields, res.Errors)
	}
	f, _ := res.Errors[0].Extensions["field"].(string)
	return res.Errors[0].Code(), f
}

func TestChildRecordKeepsFieldsLeftOut(t *testing.T) {
	e := newEditorial(t)
	ctx := e.SystemContext()
	cost := e.Client.CostOption.Create().SetServiceID(e.service.ID).SetOption("Per session").
		SetAmount(12).SetAmountDescription("Tax-Free Childcare accepted").SaveX(ctx)
	place := e.Client.Location.Create().SetName("Riverside Centre").SetPostcode("AV1 1AA").SaveX(ctx)
	e.Client.Service.UpdateOne(e.service).AddLocations(place).ExecX(ctx)

	draft := e.save(e.leadToken, map[string]any{"serviceId": e.service.ID, "submit": true, "service": map[string]any{
		"costOptions": []map[string]any{{"id": cost.ID, "amount": 15.0}},
		"locations":   []map[string]any{{"id": place.ID}},
	}})
	e.approve(draft.ID, nil)

	got := e.Client.CostOption.GetX(ctx, cost.ID)
	if got.Amount == nil || *got.Amount != 15 || got.Option != "Per session" || got.AmountDescription != "Tax-Free Childcare accepted" {
		t.Errorf("cost option = %v %q %q, want 15 with its option and description kept", got.Amount, got.Option, got.AmountDescription)
	}
	if l := e.Client.Location.GetX(ctx, place.ID); l.Name != "Riverside Centre" || l.Postcode != "AV1 1AA" {
		t.Errorf("location = %q %q, want it kept as it was", l.Name, l.Postcode)
	}
}

func TestNewServiceWithChildRecords(t *testing.T) {
	e := newEditorial(t)
	draft := e.save(e.leadToken, map[string]any{"service": map[string]any{
		"organizationId": e.org.ID, "name": "Splash Club", "inclusionBasis": "VOLUNTARY",
		"locations":   []map[string]any{{"name": "Leisure Centre", "postcode": "av2 2bb"}},
		"contacts":    []map[string]any{{"name": "Duty desk", "phone": "01632 960000"}},
		"schedules":   []map[string]any{{"weekday": "SATURDAY", "opensAt": "09:00", "closesAt": "11:00"}},
		"costOptions": []map[string]any{{"option": "Per session", "amount": 3.5}},
	}})
	if draft.Kind != "CREATE" {
		t.Fatalf("kind = %s, want CREATE", draft.Kind)
	}
	s := e.Client.Service.Query().Where(service.Slug("splash-club")).
		WithLocations().WithContacts().WithSchedules().WithCostOptions().OnlyX(e.SystemContext())
	if len(s.Edges.Locations) != 1 || s.Edges.Locations[0].Postcode != "AV2 2BB" ||
		len(s.Edges.Contacts) != 1 || len(s.Edges.Schedules) != 1 || len(s.Edges.CostOptions) != 1 {
		t.Errorf("draft service has %d locations, %d contacts, %d schedules, %d cost options; want one of each, postcode AV2 2BB",
			len(s.Edges.Locations), len(s.Edges.Contacts), len(s.Edges.Schedules), len(s.Edges.CostOptions))
	}
}

func TestSharedLocationGuard(t *testing.T) {
	e := newEditorial(t)
	ctx := e.SystemContext()
	hub := e.Client.Location.Create().SetName("Family Hub").SetPostcode("AV3 3CC").SaveX(ctx)
	other := e.add("Autism Support Group", func(c *ent.ServiceCreate) { c.AddLocations(hub) })

	code, field := e.saveError(e.leadToken, map[string]any{"serviceId": e.service.ID, "service": map[string]any{
		"locations": []map[string]any{{"id": hub.ID, "name": "Family Hub (closed)"}},
	}})
	if code != "BAD_USER_INPUT" || field != "input.service.locations[0]" {
		t.Errorf("renaming another service's location: %s on %q, want BAD_USER_INPUT on input.service.locations[0]", code, field)
	}

	// Linking it by id alone shares it as it is.
	draft := e.save(e.leadToken, map[string]any{"serviceId": e.service.ID, "submit": true, "service": map[string]any{
		"locations": []map[string]any{{"id": hub.ID}},
	}})
	e.approve(draft.ID, nil)
	if n := e.Client.Service.QueryLocations(e.Client.Service.GetX(ctx, e.service.ID)).CountX(ctx); n != 1 {
		t.Fatalf("service has %d locations, want the shared one", n)
	}

	// Now the lead's service has it, but the other service shares it, so
	// the lead still may not change it; an LO officer may.
	code, field = e.saveError(e.leadToken, map[string]any{"serviceId": e.service.ID, "service": map[string]any{
		"locations": []map[string]any{{"id": hub.ID, "postcode": "AV9 9ZZ"}},
	}})
	if code != "BAD_USER_INPUT" || field != "input.service.locations[0]" {
		t.Errorf("changing a shared location: %s on %q, want BAD_USER_INPUT", code, field)
	}
	if got := e.Client.Location.GetX(ctx, hub.ID); got.Name != "Family Hub" || got.Postcode != "AV3 3CC" {
		t.Errorf("shared location = %q %q, want it unchanged", got.Name, got.Postcode)
	}
	e.save(e.officerToken, map[string]any{"serviceId": other.ID, "submit": true, "service": map[string]any{
		"locations": []map[string]any{{"id": hub.ID, "postcode": "AV3 3CD"}},
	}})
	if got := e.Client.Location.GetX(ctx, hub.ID).Postcode; got != "AV3 3CD" {
		t.Errorf("postcode after the officer's edit = %q, want AV3 3CD", got)
	}
}

func TestOfficerSettlesConflictWithEdits(t *testing.T) {
	e := newEditorial(t)
	first := e.save(e.leadToken, map[string]any{"serviceId": e.service.ID, "submit": true, "service": map[string]any{"summary": "Mondays."}})
	officerEdit := e.save(e.officerToken, map[string]any{"serviceId": e.service.ID, "submit": true, "service": map[string]any{"summary": "Tuesdays."}})
	if officerEdit.State != "APPROVED" {
		t.Fatalf("officer's own edit is %s, want APPROVED at once", officerEdit.State)
	}

	plain := e.QueryAs(t, e.officerToken, approveChangeRequestDoc, input(map[string]any{"changeRequestId": first.ID}))
	if len(plain.Errors) != 1 || plain.Errors[0].Code() != "CONFLICT" {
		t.Fatalf("approving the clashing request: %+v, want CONFLICT", plain.Errors)
	}
	e.approve(first.ID, map[string]any{"service": map[string]any{"summary": "Mondays and Tuesdays."}})
	if got := e.publicSummary(); got != "Mondays and Tuesdays." {
		t.Errorf("public summary = %q, want the officer's settled value", got)
	}
}

func TestRestoreRules(t *testing.T) {
	e := newEditorial(t)
	ctx := e.SystemContext()
	change := e.save(e.officerToken, map[string]any{"serviceId": e.service.ID, "submit": true, "service": map[string]any{"summary": "Changed."}})
	if change.State != "APPROVED" {
		t.Fatalf("officer's edit is %s, want APPROVED", change.State)
	}
	const restoreDoc = `mutation($input: RestoreRevisionInput!) { restoreRevision(input: $input) { revision { version origin } } }`
	latest := e.Client.Revision.Query().Order(ent.Desc("version")).FirstX(ctx)

	same := e.QueryAs(t, e.officerToken, restoreDoc, input(map[string]any{"revisionId": latest.ID}))
	if len(same.Errors) != 1 || same.Errors[0].Code() != "BAD_USER_INPUT" {
		t.Errorf("restoring the published content: %+v, want BAD_USER_INPUT", same.Errors)
	}

	e.MustQueryAs(t, e.officerToken, archiveDoc, input(map[string]any{"serviceId": e.service.ID, "reason": "Removed by mistake."}), nil)
	e.MustQueryAs(t, e.officerToken, restoreDoc, input(map[string]any{"revisionId": latest.ID}), nil)
	if got := e.Client.Service.GetX(ctx, e.service.ID); got.Status != service.StatusPublished || got.Summary != "Changed." {
		t.Errorf("after restoring an archived service: %s %q, want it published again as it was", got.Status, got.Summary)
	}
}

func TestTrustedWaitsForNewAndUnpublishedContent(t *testing.T) {
	e := newEditorial(t)
	ctx := e.SystemContext()
	e.Client.Organization.UpdateOne(e.org).SetTrusted(true).ExecX(ctx)
	e.MustQueryAs(t, e.officerToken, unpublishDoc, input(map[string]any{"serviceId": e.service.ID, "reason": "Wrong times."}), nil)

	back := e.save(e.leadToken, map[string]any{"serviceId": e.service.ID, "submit": true, "service": map[string]any{"summary": "Right times."}})
	if back.State != "SUBMITTED" {
		t.Errorf("trusted lead's change to unpublished content is %s, want SUBMITTED for an officer", back.State)
	}
	proposal := e.save(e.leadToken, map[string]any{"submit": true, "service": map[string]any{
		"organizationId": e.org.ID, "name": "Splash Club", "inclusionBasis": "VOLUNTARY",
	}})
	if proposal.State != "SUBMITTED" {
		t.Errorf("trusted lead's new service is %s, want SUBMITTED for an officer", proposal.State)
	}
	if got := e.Client.ChangeRequest.GetX(ctx, back.ID).PublishedWithoutReview; got {
		t.Error("request is marked published without review")
	}
	if n := e.Client.ChangeRequest.Query().Where(changerequest.PublishedWithoutReview(true)).CountX(ctx); n != 0 {
		t.Errorf("%d requests published without review, want none", n)
	}
}

func TestContradictoryFlags(t *testing.T) {
	e := newEditorial(t)
	code, field := e.saveError(e.leadToken, map[string]any{"serviceId": e.service.ID, "service": map[string]any{"minAge": 5, "clearMinAge": true}})
	if code != "BAD_USER_INPUT" || field != "input.service.minAge" {
		t.Errorf("minAge with clearMinAge: %s on %q, want BAD_USER_INPUT on input.service.minAge", code, field)
	}
}
