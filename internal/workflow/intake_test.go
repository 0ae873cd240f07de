package workflow_test

import (
	"testing"
	"time"

	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/informationpage"
	_ "github.com/localoffer/localoffer/ent/runtime" // privacy policies and field defaults
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/store/storetest"
	"github.com/localoffer/localoffer/internal/viewer"
	"github.com/localoffer/localoffer/internal/workflow"
)

// TestHoldPendingContent checks that pending content written without a
// change request (by an older version, or straight to the database) joins
// the moderation queue once, and that published content does not.
func TestHoldPendingContent(t *testing.T) {
	t.Parallel()
	client := storetest.New(t).Client
	ctx := viewer.SystemContext(t.Context())
	org := client.Organization.Create().SetName("Northshire Carers").SetSlug("northshire-carers").SaveX(ctx)
	pending := client.Service.Create().SetName("Carers' Café").SetSlug("carers-cafe").
		SetOrganization(org).SetStatus(service.StatusPending).SaveX(ctx)
	client.Service.Create().SetName("Youth Club").SetSlug("youth-club").
		SetOrganization(org).SetStatus(service.StatusPublished).SaveX(ctx)
	page := client.InformationPage.Create().SetTitle("Short breaks").SetSlug("short-breaks").SetBody("<p>Text</p>").
		SetStatus(informationpage.StatusPending).SaveX(ctx)
	now := time.Date(2026, time.March, 2, 9, 30, 0, 0, time.UTC)

	held, err := workflow.HoldPendingContent(ctx, client, now)
	if err != nil {
		t.Fatal(err)
	}
	if held != 2 {
		t.Errorf("held %d records, want the pending service and page", held)
	}
	requests := client.ChangeRequest.Query().Order(changerequest.ByContentType()).AllX(ctx)
	if len(requests) != 2 {
		t.Fatalf("%d change requests, want 2", len(requests))
	}
	for _, cr := range requests {
		if cr.Kind != changerequest.KindCreate || cr.State != changerequest.StateSubmitted || !cr.SubmittedAt.Equal(now) {
			t.Errorf("request %+v, want a CREATE submitted at %v", cr, now)
		}
	}
	if requests[0].InformationPageID == nil || *requests[0].InformationPageID != page.ID ||
		requests[1].ServiceID == nil || *requests[1].ServiceID != pending.ID {
		t.Errorf("requests are about %v/%v and %v/%v, want the page then the pending service",
			requests[0].InformationPageID, requests[0].ServiceID, requests[1].InformationPageID, requests[1].ServiceID)
	}

	again, err := workflow.HoldPendingContent(ctx, client, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if again != 0 {
		t.Errorf("second run held %d records, want none: each already has an open request", again)
	}
}
