package oruk_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/revision"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/oruk"
	"github.com/localoffer/localoffer/internal/viewer"
	"github.com/localoffer/localoffer/internal/workflow"
)

// exampleFeed is the ORUK 3.0 example with one full service record.
func exampleFeed(t *testing.T) string {
	t.Helper()
	return sharedData(t, "oruk", "uk-profile-3.0", "examples", "service_full.json")
}

// openRequests returns the service's draft and submitted change requests.
func openRequests(t *testing.T, client *ent.Client, s *ent.Service) []*ent.ChangeRequest {
	t.Helper()
	requests, err := client.ChangeRequest.Query().
		Where(changerequest.ServiceID(s.ID), changerequest.StateIn(changerequest.StateDraft, changerequest.StateSubmitted)).
		All(systemContext())
	if err != nil {
		t.Fatal(err)
	}
	return requests
}

func revisionsOf(t *testing.T, client *ent.Client, s *ent.Service) []*ent.Revision {
	t.Helper()
	revisions, err := client.Revision.Query().Where(revision.ServiceID(s.ID)).Order(ent.Asc(revision.FieldVersion)).All(systemContext())
	if err != nil {
		t.Fatal(err)
	}
	return revisions
}

func TestImportHoldsNewServicesForReview(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	importFile(t, client, exampleFeed(t), oruk.Options{Source: "example", Now: func() time.Time { return importTime }})
	s := serviceBySourceID(t, client, "example", exampleServiceID)
	if s.Status != service.StatusPending {
		t.Fatalf("status = %s, want PENDING", s.Status)
	}

	requests := openRequests(t, client, s)
	if len(requests) != 1 {
		t.Fatalf("open change requests = %d, want the one create request in the queue", len(requests))
	}
	cr := requests[0]
	if cr.Kind != changerequest.KindCreate || cr.State != changerequest.StateSubmitted || cr.AuthorID != nil {
		t.Errorf("request = %s %s by %v, want a SUBMITTED CREATE with no author", cr.Kind, cr.State, cr.AuthorID)
	}
	if cr.SubmittedAt == nil || !cr.SubmittedAt.Equal(importTime) {
		t.Errorf("submitted at %v, want the import time %v", cr.SubmittedAt, importTime)
	}
	if n := len(revisionsOf(t, client, s)); n != 0 {
		t.Errorf("%d revisions of a service held for review, want none", n)
	}

	// Publishing it by a second import closes the request the import began
	// and records the first revision.
	importFile(t, client, exampleFeed(t), oruk.Options{Source: "example", Publish: true, Now: func() time.Time { return importTime }})
	s = serviceBySourceID(t, client, "example", exampleServiceID)
	if len(openRequests(t, client, s)) != 0 {
		t.Errorf("the import's own create request is still open after the import published the service")
	}
	revisions := revisionsOf(t, client, s)
	if len(revisions) != 1 || revisions[0].Origin != revision.OriginImport || revisions[0].Version != s.Version {
		t.Errorf("revisions = %+v, want one IMPORT revision at version %d", revisions, s.Version)
	}
}

func TestImportLeavesLocalChanges(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	opts := oruk.Options{Source: "example", Publish: true, Now: func() time.Time { return importTime }}
	importFile(t, client, exampleFeed(t), opts)
	s := serviceBySourceID(t, client, "example", exampleServiceID)

	// An LO officer edits the service here: the edit publishes at once.
	officer := client.User.Create().SetEmail("officer@example.org").SetName("Olu Officer").
		SetRole(user.RoleLOOfficer).SetStatus(user.StatusActive).SaveX(systemContext())
	ctx := viewer.NewContext(context.Background(), viewer.Viewer{Role: authz.RoleLOOfficer, UserID: officer.ID, Email: officer.Email})
	localSummary := "Edited in the Local Offer."
	wf := workflow.New(client, nil, "https://localoffer.test", slog.New(slog.DiscardHandler), func() time.Time { return importTime })
	if _, err := wf.SaveChangeRequest(ctx, workflow.Save{
		ServiceID: &s.ID,
		Service:   &workflow.ServiceChanges{Summary: &localSummary},
		Submit:    true,
	}); err != nil {
		t.Fatalf("officer's edit: %v", err)
	}
	edited := serviceBySourceID(t, client, "example", exampleServiceID)

	data, err := os.ReadFile(exampleFeed(t))
	if err != nil {
		t.Fatal(err)
	}
	var record map[string]any
	if err := json.Unmarshal(data, &record); err != nil {
		t.Fatal(err)
	}
	record["name"] = "Renamed in the feed"
	record["description"] = "Changed in the feed."
	changed, err := json.Marshal(record)
	if err != nil {
		t.Fatal(err)
	}
	report := importJSON(t, client, string(changed), opts)

	if report.ChangedLocally != 1 || report.Updated != 0 {
		t.Errorf("ChangedLocally %d, Updated %d; want 1 and 0", report.ChangedLocally, report.Updated)
	}
	if len(report.LocalChanges) != 1 || report.LocalChanges[0].ServiceID != s.ID {
		t.Errorf("LocalChanges = %+v, want the edited service", report.LocalChanges)
	}
	after := serviceBySourceID(t, client, "example", exampleServiceID)
	if after.Name != edited.Name || after.Summary != localSummary || after.Version != edited.Version {
		t.Errorf("service after re-import = %q %q v%d, want it left as edited (%q %q v%d)",
			after.Name, after.Summary, after.Version, edited.Name, localSummary, edited.Version)
	}
	var text strings.Builder
	report.WriteText(&text)
	if !strings.Contains(text.String(), "changed locally") {
		t.Errorf("report text does not mention the service changed locally:\n%s", text.String())
	}
}

// officerWorkflow returns a workflow run by a new LO officer, and the
// context they act in.
func officerWorkflow(t *testing.T, client *ent.Client) (*workflow.Workflow, context.Context) {
	t.Helper()
	officer := client.User.Create().SetEmail("officer@example.org").SetName("Olu Officer").
		SetRole(user.RoleLOOfficer).SetStatus(user.StatusActive).SaveX(systemContext())
	ctx := viewer.NewContext(context.Background(), viewer.Viewer{Role: authz.RoleLOOfficer, UserID: officer.ID, Email: officer.Email})
	return workflow.New(client, nil, "https://localoffer.test", slog.New(slog.DiscardHandler), func() time.Time { return importTime }), ctx
}

// changedExample returns the example feed with its description changed.
func changedExample(t *testing.T, description string) string {
	t.Helper()
	data, err := os.ReadFile(exampleFeed(t))
	if err != nil {
		t.Fatal(err)
	}
	var record map[string]any
	if err := json.Unmarshal(data, &record); err != nil {
		t.Fatal(err)
	}
	record["description"] = description
	changed, err := json.Marshal(record)
	if err != nil {
		t.Fatal(err)
	}
	return string(changed)
}

func TestReimportAfterQueueApproval(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	opts := oruk.Options{Source: "example", Now: func() time.Time { return importTime }}
	importFile(t, client, exampleFeed(t), opts)
	s := serviceBySourceID(t, client, "example", exampleServiceID)

	wf, ctx := officerWorkflow(t, client)
	held := openRequests(t, client, s)[0]
	if _, err := wf.ApproveChangeRequest(ctx, workflow.Approval{ChangeRequestID: held.ID}); err != nil {
		t.Fatalf("approve the import's create request: %v", err)
	}

	// Approving what the feed said is not a local change, so the feed's
	// next version applies.
	report := importJSON(t, client, changedExample(t, "Changed in the feed."), opts)
	if report.Updated != 1 || report.ChangedLocally != 0 {
		t.Errorf("Updated %d, ChangedLocally %d; want 1 and 0", report.Updated, report.ChangedLocally)
	}
	if got := serviceBySourceID(t, client, "example", exampleServiceID).Description; got != "Changed in the feed." {
		t.Errorf("description = %q, want the feed's new one", got)
	}
}

func TestReimportRefreshesHeldRequest(t *testing.T) {
	t.Parallel()
	client := newClient(t)
	opts := oruk.Options{Source: "example", Now: func() time.Time { return importTime }}
	importFile(t, client, exampleFeed(t), opts)
	importJSON(t, client, changedExample(t, "Changed while waiting."), opts)
	s := serviceBySourceID(t, client, "example", exampleServiceID)

	requests := openRequests(t, client, s)
	if len(requests) != 1 {
		t.Fatalf("%d open requests, want the one create request", len(requests))
	}
	wf, ctx := officerWorkflow(t, client)
	if _, err := wf.ApproveChangeRequest(ctx, workflow.Approval{ChangeRequestID: requests[0].ID}); err != nil {
		t.Fatalf("approve the import's create request: %v", err)
	}
	after := serviceBySourceID(t, client, "example", exampleServiceID)
	if after.Status != service.StatusPublished || after.Description != "Changed while waiting." {
		t.Errorf("published service = %s %q, want the feed's latest description", after.Status, after.Description)
	}
}
