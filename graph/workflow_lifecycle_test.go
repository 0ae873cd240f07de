package graph_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/changerequest"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/internal/events"
)

// eventLog records the content events the server emits.
type eventLog struct {
	mu     sync.Mutex
	events []events.ContentChanged
}

func (l *eventLog) record(_ context.Context, e events.ContentChanged) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
}

func (l *eventLog) actions(id uuid.UUID) []events.Action {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []events.Action
	for _, e := range l.events {
		if e.ID == id {
			out = append(out, e.Action)
		}
	}
	return out
}

const (
	unpublishDoc = `mutation($input: ContentActionInput!) { unpublishContent(input: $input) { service { status version } } }`
	archiveDoc   = `mutation($input: ContentActionInput!) { archiveContent(input: $input) { service { status version } } }`
)

func TestUnpublishThenPublishAgain(t *testing.T) {
	e := newEditorial(t)
	var log eventLog
	e.Events.Subscribe(log.record)
	draft := e.save(e.leadToken, map[string]any{"serviceId": e.service.ID, "service": map[string]any{"summary": "New words."}})

	e.MustQueryAs(t, e.officerToken, unpublishDoc,
		input(map[string]any{"serviceId": e.service.ID, "reason": "The phone number reaches a closed office."}), nil)

	public := e.Query(t, publicServiceDoc, map[string]any{"slug": e.service.Slug})
	if len(public.Errors) != 1 || public.Errors[0].Code() != notFound {
		t.Errorf("public query after unpublishing: %+v, want NOT_FOUND", public.Errors)
	}
	ctx := e.SystemContext()
	if got := e.Client.ChangeRequest.GetX(ctx, draft.ID).State; got != changerequest.StateWithdrawn {
		t.Errorf("lead's draft is %s, want WITHDRAWN", got)
	}
	queued := e.Client.ChangeRequest.Query().
		Where(changerequest.ServiceID(e.service.ID), changerequest.StateEQ(changerequest.StateSubmitted)).
		OnlyX(ctx)
	if queued.Kind != changerequest.KindCreate {
		t.Errorf("queued request is %s, want CREATE, to publish the service again", queued.Kind)
	}
	email := e.Client.Notification.Query().
		Where(notification.Recipient(e.lead.Email), notification.Template("content_unpublished")).
		OnlyX(ctx)
	if !strings.Contains(email.Body, "closed office") {
		t.Errorf("email to the lead does not give the reason:\n%s", email.Body)
	}

	e.MustQueryAs(t, e.officerToken, approveChangeRequestDoc, input(map[string]any{"changeRequestId": queued.ID}), nil)
	if got := e.publicSummary(); got != "Drop-in advice for families." {
		t.Errorf("public summary after publishing again = %q, want the content as it was", got)
	}
	want := []events.Action{events.Unpublished, events.Published}
	if got := log.actions(e.service.ID); !slices.Equal(got, want) {
		t.Errorf("events = %v, want %v", got, want)
	}
}

func TestArchiveContent(t *testing.T) {
	e := newEditorial(t)
	var log eventLog
	e.Events.Subscribe(log.record)
	draft := e.save(e.leadToken, map[string]any{"serviceId": e.service.ID, "service": map[string]any{"summary": "New words."}})

	missingReason := e.QueryAs(t, e.officerToken, archiveDoc, input(map[string]any{"serviceId": e.service.ID, "reason": " "}))
	if len(missingReason.Errors) != 1 || missingReason.Errors[0].Extensions["field"] != "input.reason" {
		t.Errorf("archive without a reason: %+v, want BAD_USER_INPUT on input.reason", missingReason.Errors)
	}

	var archived struct {
		ArchiveContent struct {
			Service struct {
				Status  string
				Version int
			}
		}
	}
	e.MustQueryAs(t, e.officerToken, archiveDoc,
		input(map[string]any{"serviceId": e.service.ID, "reason": "The service has closed for good."}), &archived)
	if got := archived.ArchiveContent.Service; got.Status != "ARCHIVED" || got.Version != e.service.Version+1 {
		t.Errorf("service = %+v, want ARCHIVED at version %d", got, e.service.Version+1)
	}
	ctx := e.SystemContext()
	if got := e.Client.ChangeRequest.GetX(ctx, draft.ID).State; got != changerequest.StateWithdrawn {
		t.Errorf("lead's draft is %s, want WITHDRAWN", got)
	}
	if got := e.Client.Service.GetX(ctx, e.service.ID).Status; got != service.StatusArchived {
		t.Errorf("stored status = %s, want ARCHIVED (kept, not deleted)", got)
	}
	if got := log.actions(e.service.ID); !slices.Equal(got, []events.Action{events.Archived}) {
		t.Errorf("events = %v, want one archived event", got)
	}

	again := e.QueryAs(t, e.officerToken, archiveDoc, input(map[string]any{"serviceId": e.service.ID, "reason": "Twice."}))
	if len(again.Errors) != 1 || again.Errors[0].Code() != "BAD_USER_INPUT" {
		t.Errorf("archiving twice: %+v, want BAD_USER_INPUT", again.Errors)
	}
}

// TestModerationQueueStatementCount checks that a page of the moderation
// queue, with each request's author, service, organisation and changes,
// runs the same number of SQL statements for 5 requests as for 20.
func TestModerationQueueStatementCount(t *testing.T) {
	e := newEditorial(t)
	ctx := e.SystemContext()
	for i := range 20 {
		s := e.add(fmt.Sprintf("Service %02d", i), func(c *ent.ServiceCreate) { c.SetLeadID(e.lead.ID) })
		e.save(e.leadToken, map[string]any{"serviceId": s.ID, "submit": true, "service": map[string]any{"summary": "Changed."}})
	}
	if n := e.Client.ChangeRequest.Query().CountX(ctx); n != 20 {
		t.Fatalf("%d change requests, want 20", n)
	}
	query := strings.Replace(moderationQueuePage, "first: 20", "first: $first", 1)
	query = strings.Replace(query, "{\n  changeRequests", "query($first: Int) {\n  changeRequests", 1)

	counts := map[int]int{}
	for _, size := range []int{5, 20} {
		var out struct {
			ChangeRequests struct {
				TotalCount int
				Edges      []struct {
					Node struct{ Changes []struct{ Field string } }
				}
			}
		}
		counts[size] = e.CountStatements(func() { e.MustQueryAs(t, e.officerToken, query, map[string]any{"first": size}, &out) })
		if len(out.ChangeRequests.Edges) != size || out.ChangeRequests.TotalCount != 20 {
			t.Fatalf("page of %d: %d edges of %d, want %d of 20", size, len(out.ChangeRequests.Edges), out.ChangeRequests.TotalCount, size)
		}
		if changes := out.ChangeRequests.Edges[0].Node.Changes; len(changes) != 1 || changes[0].Field != "summary" {
			t.Errorf("changes = %+v, want the summary", changes)
		}
	}
	if counts[5] != counts[20] {
		t.Errorf("statements: %d for 5 requests, %d for 20; want the same", counts[5], counts[20])
	}
}
