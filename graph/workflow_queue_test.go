package graph_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app/apptest"
)

// queueWorld is a moderation queue: change requests of each kind on
// services of two organisations and on an information page, submitted ten
// minutes apart, one of them approved and one still a draft.
//
// In submission order (and creation order, with the draft fifth):
//
//	hub update     leadA changes the summary of Family Support Hub (Northshire, autism)
//	swim update    leadB changes Inclusive Swimming (Northshire), approved
//	club removal   leadA asks for Saturday Club (Riverside) to be removed
//	new service    leadA proposes Holiday Playscheme (Riverside, autism)
//	manager draft  the hub's content manager's draft, never submitted
//	page update    leadB changes the body of the Short breaks page
type queueWorld struct {
	*directory
	riverside *ent.Organization
	autism    uuid.UUID

	officer, leadA, leadB, manager, outsider                          *ent.User
	officerToken, leadAToken, leadBToken, managerToken, outsiderToken string

	hub, swim, club *ent.Service
	page            *ent.InformationPage

	// ids maps each request's name to its id, and names maps the id back.
	ids   map[string]uuid.UUID
	names map[uuid.UUID]string
	// submittedAt contains each submitted request's submission time, as
	// the API returns it.
	submittedAt map[string]string
}

const (
	queueSaveDoc = `mutation($input: SaveChangeRequestInput!) {
  saveChangeRequest(input: $input) { changeRequest { id state submittedAt } } }`
	queueApproveDoc = `mutation($input: ApproveChangeRequestInput!) {
  approveChangeRequest(input: $input) { changeRequest { id state } revision { id version changedFields } } }`
	queueListDoc = `query($where: ChangeRequestFilter, $orderBy: ChangeRequestOrder, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {
  changeRequests(where: $where, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id } }
  }
}`
)

// queueSaved is what queueSaveDoc returns.
type queueSaved struct {
	SaveChangeRequest struct {
		ChangeRequest struct {
			ID          uuid.UUID
			State       string
			SubmittedAt *string
		}
	}
}

type queueList struct {
	ChangeRequests struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage, HasPreviousPage bool
			StartCursor, EndCursor       *string
		}
		Edges []struct {
			Cursor string
			Node   struct{ ID uuid.UUID }
		}
	}
}

func newQueueWorld(t *testing.T) *queueWorld {
	t.Helper()
	d := newDirectory(t)
	q := &queueWorld{directory: d, ids: map[string]uuid.UUID{}, names: map[uuid.UUID]string{}, submittedAt: map[string]string{}}
	ctx := d.SystemContext()
	q.riverside = d.Client.Organization.Create().SetName("Riverside Family Trust").SetSlug("riverside").SaveX(ctx)
	q.autism = d.term("send-needs", "autism")

	q.officer = d.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	q.leadA = d.CreateUser(t, user.RoleProvider, user.StatusActive)
	q.leadB = d.CreateUser(t, user.RoleProvider, user.StatusActive)
	q.manager = d.CreateUser(t, user.RoleProvider, user.StatusActive)
	q.outsider = d.CreateUser(t, user.RoleProvider, user.StatusActive)
	q.officerToken = d.SignIn(t, q.officer)
	q.leadAToken = d.SignIn(t, q.leadA)
	q.leadBToken = d.SignIn(t, q.leadB)
	q.managerToken = d.SignIn(t, q.manager)
	q.outsiderToken = d.SignIn(t, q.outsider)

	q.hub = d.add("Family Support Hub", func(c *ent.ServiceCreate) {
		c.SetSummary("Drop-in advice for families.").SetLead(q.leadA).AddContentManagers(q.manager).AddTaxonomyTermIDs(q.autism)
	})
	q.swim = d.add("Inclusive Swimming", func(c *ent.ServiceCreate) {
		c.SetSummary("Quiet swimming sessions.").SetLead(q.leadB)
	})
	q.club = d.add("Saturday Club", func(c *ent.ServiceCreate) {
		c.SetOrganization(q.riverside).SetSummary("A club for disabled children.").SetLead(q.leadA)
	})
	q.page = d.Client.InformationPage.Create().
		SetTitle("Short breaks").SetSlug("short-breaks").SetBody("<p>How short breaks work.</p>").
		SetStatus(informationpage.StatusPublished).SetLead(q.leadB).
		SaveX(ctx)

	q.propose("hub update", q.leadAToken, map[string]any{
		"serviceId": q.hub.ID, "service": map[string]any{"summary": "Drop-in advice and a weekly parents' group."}, "submit": true,
	})
	q.propose("swim update", q.leadBToken, map[string]any{
		"serviceId": q.swim.ID, "service": map[string]any{"summary": "Quiet sessions on Sunday mornings."}, "submit": true,
	})
	q.propose("club removal", q.leadAToken, map[string]any{
		"serviceId": q.club.ID, "kind": "REMOVE", "reason": "The club closed in July.", "submit": true,
	})
	q.propose("new service", q.leadAToken, map[string]any{
		"service": map[string]any{
			"organizationId": q.riverside.ID, "name": "Holiday Playscheme", "inclusionBasis": "VOLUNTARY",
			"taxonomyTermIds": []uuid.UUID{q.autism},
		},
		"submit": true,
	})
	q.propose("manager draft", q.managerToken, map[string]any{
		"serviceId": q.hub.ID, "service": map[string]any{"website": "https://hub.example.org"},
	})
	q.propose("page update", q.leadBToken, map[string]any{
		"informationPageId": q.page.ID, "informationPage": map[string]any{"body": "<p>How short breaks work, and how to ask for one.</p>"}, "submit": true,
	})

	var approved struct {
		ApproveChangeRequest struct{ ChangeRequest struct{ State string } }
	}
	d.MustQueryAs(t, q.officerToken, queueApproveDoc, input(map[string]any{"changeRequestId": q.ids["swim update"]}), &approved)
	if got := approved.ApproveChangeRequest.ChangeRequest.State; got != "APPROVED" {
		t.Fatalf("swim update after approval is %s, want APPROVED", got)
	}
	return q
}

// propose saves a change request as token and records it under name. A
// submission moves the clock on ten minutes first, so that every request
// has its own submission time.
func (q *queueWorld) propose(name, token string, fields map[string]any) {
	q.t.Helper()
	if fields["submit"] == true {
		q.Clock.Advance(10 * time.Minute)
	}
	var saved queueSaved
	q.MustQueryAs(q.t, token, queueSaveDoc, input(fields), &saved)
	cr := saved.SaveChangeRequest.ChangeRequest
	q.ids[name] = cr.ID
	q.names[cr.ID] = name
	if cr.SubmittedAt != nil {
		q.submittedAt[name] = *cr.SubmittedAt
	}
}

func (q *queueWorld) list(token string, variables map[string]any) queueList {
	q.t.Helper()
	var out queueList
	q.MustQueryAs(q.t, token, queueListDoc, variables, &out)
	return out
}

// requestNames returns the names of the listed requests, in order. An id
// the world did not make is returned as it is.
func (q *queueWorld) requestNames(l queueList) []string {
	names := []string{}
	for _, e := range l.ChangeRequests.Edges {
		name, ok := q.names[e.Node.ID]
		if !ok {
			name = e.Node.ID.String()
		}
		names = append(names, name)
	}
	return names
}

// checkListed lists as token and checks the names in order and totalCount.
func (q *queueWorld) checkListed(t *testing.T, token string, variables map[string]any, want []string) {
	t.Helper()
	got := q.list(token, variables)
	if names := q.requestNames(got); !slices.Equal(names, want) {
		t.Errorf("listed %q, want %q", names, want)
	}
	if got.ChangeRequests.TotalCount != len(want) {
		t.Errorf("totalCount = %d, want %d", got.ChangeRequests.TotalCount, len(want))
	}
}

// queueError checks that res failed with one error with code, and with
// field in its extensions when field is not empty.
func queueError(t *testing.T, res apptest.Response, code, field string) {
	t.Helper()
	if len(res.Errors) != 1 {
		t.Fatalf("errors = %+v, want one %s", res.Errors, code)
	}
	e := res.Errors[0]
	if e.Code() != code {
		t.Errorf("code = %q (%s), want %s", e.Code(), e.Message, code)
	}
	if field != "" && e.Extensions["field"] != field {
		t.Errorf("field = %v (%s), want %s", e.Extensions["field"], e.Message, field)
	}
}

var (
	createdAtAscending    = map[string]any{"field": "CREATED_AT", "direction": "ASC"}
	submittedAtDescending = map[string]any{"field": "SUBMITTED_AT", "direction": "DESC"}
)

func TestQueueFilters(t *testing.T) {
	q := newQueueWorld(t)
	submitted := []string{"hub update", "swim update", "club removal", "new service", "page update"}

	tests := []struct {
		name  string
		where map[string]any
		want  []string
	}{
		{"no filter lists submitted requests oldest first", nil, submitted},
		{"submitted", map[string]any{"states": []string{"SUBMITTED"}}, []string{"hub update", "club removal", "new service", "page update"}},
		{"approved", map[string]any{"states": []string{"APPROVED"}}, []string{"swim update"}},
		{"drafts, by default oldest created first", map[string]any{"states": []string{"DRAFT"}}, []string{"manager draft"}},
		{"one kind", map[string]any{"kinds": []string{"REMOVE"}}, []string{"club removal"}},
		{"two kinds", map[string]any{"kinds": []string{"CREATE", "REMOVE"}}, []string{"club removal", "new service"}},
		{"information pages", map[string]any{"contentType": "INFORMATION_PAGE"}, []string{"page update"}},
		{"services", map[string]any{"contentType": "SERVICE"}, []string{"hub update", "swim update", "club removal", "new service"}},
		{"organisation", map[string]any{"organizationId": q.riverside.ID}, []string{"club removal", "new service"}},
		{"other organisation", map[string]any{"organizationId": q.org.ID}, []string{"hub update", "swim update"}},
		{"taxonomy term", map[string]any{"taxonomyTermId": q.autism}, []string{"hub update", "new service"}},
		{"author", map[string]any{"authorId": q.leadB.ID}, []string{"swim update", "page update"}},
		{"service", map[string]any{"serviceId": q.hub.ID}, []string{"hub update"}},
		{"information page", map[string]any{"informationPageId": q.page.ID}, []string{"page update"}},
		{"service with no requests", map[string]any{"serviceId": uuid.New()}, []string{}},
		{"submitted before", map[string]any{"submittedBefore": q.submittedAt["club removal"]}, []string{"hub update", "swim update"}},
		{"submitted at or after", map[string]any{"submittedAfter": q.submittedAt["club removal"]}, []string{"club removal", "new service", "page update"}},
		{
			"submitted between",
			map[string]any{"submittedAfter": q.submittedAt["swim update"], "submittedBefore": q.submittedAt["new service"]},
			[]string{"swim update", "club removal"},
		},
		{
			"filters combine",
			map[string]any{"states": []string{"SUBMITTED"}, "organizationId": q.org.ID},
			[]string{"hub update"},
		},
		{
			"state within a time window",
			map[string]any{"states": []string{"SUBMITTED"}, "submittedBefore": q.submittedAt["page update"], "submittedAfter": q.submittedAt["hub update"]},
			[]string{"hub update", "club removal", "new service"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q.checkListed(t, q.officerToken, map[string]any{"where": tt.where}, tt.want)
		})
	}
}

func TestQueueOrder(t *testing.T) {
	q := newQueueWorld(t)
	created := []string{"hub update", "swim update", "club removal", "new service", "manager draft", "page update"}

	tests := []struct {
		name      string
		variables map[string]any
		want      []string
	}{
		{"created first includes drafts", map[string]any{"orderBy": createdAtAscending}, created},
		{
			"created last first",
			map[string]any{"orderBy": map[string]any{"field": "CREATED_AT", "direction": "DESC"}},
			[]string{"page update", "manager draft", "new service", "club removal", "swim update", "hub update"},
		},
		{
			"drafts by creation",
			map[string]any{"orderBy": createdAtAscending, "where": map[string]any{"states": []string{"DRAFT"}}},
			[]string{"manager draft"},
		},
		{
			"submitted first, given explicitly",
			map[string]any{"orderBy": map[string]any{"field": "SUBMITTED_AT", "direction": "ASC"}},
			[]string{"hub update", "swim update", "club removal", "new service", "page update"},
		},
		{
			"submitted last first",
			map[string]any{"orderBy": submittedAtDescending},
			[]string{"page update", "new service", "club removal", "swim update", "hub update"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q.checkListed(t, q.officerToken, tt.variables, tt.want)
		})
	}
}

func TestQueuePaging(t *testing.T) {
	q := newQueueWorld(t)

	type page struct {
		names                        []string
		hasNextPage, hasPreviousPage bool
	}
	walk := func(t *testing.T, variables map[string]any, size int) []page {
		t.Helper()
		var pages []page
		var after any
		for range 10 {
			vars := map[string]any{"first": size, "after": after}
			for k, v := range variables {
				vars[k] = v
			}
			got := q.list(q.officerToken, vars)
			pages = append(pages, page{q.requestNames(got), got.ChangeRequests.PageInfo.HasNextPage, got.ChangeRequests.PageInfo.HasPreviousPage})
			if got.ChangeRequests.TotalCount != queuePagingTotal(variables) {
				t.Errorf("page %d: totalCount = %d, want %d", len(pages), got.ChangeRequests.TotalCount, queuePagingTotal(variables))
			}
			if !got.ChangeRequests.PageInfo.HasNextPage {
				return pages
			}
			after = *got.ChangeRequests.PageInfo.EndCursor
		}
		t.Fatal("still more pages after 10")
		return nil
	}

	t.Run("submission order", func(t *testing.T) {
		got := walk(t, nil, 2)
		want := []page{
			{[]string{"hub update", "swim update"}, true, false},
			{[]string{"club removal", "new service"}, true, true},
			{[]string{"page update"}, false, true},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("pages = %+v, want %+v", got, want)
		}
	})
	t.Run("creation order with drafts", func(t *testing.T) {
		got := walk(t, map[string]any{"orderBy": createdAtAscending}, 4)
		want := []page{
			{[]string{"hub update", "swim update", "club removal", "new service"}, true, false},
			{[]string{"manager draft", "page update"}, false, true},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("pages = %+v, want %+v", got, want)
		}
	})
	t.Run("filtered", func(t *testing.T) {
		got := walk(t, map[string]any{"where": map[string]any{"states": []string{"SUBMITTED"}}}, 3)
		want := []page{
			{[]string{"hub update", "club removal", "new service"}, true, false},
			{[]string{"page update"}, false, true},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("pages = %+v, want %+v", got, want)
		}
	})
	t.Run("backwards", func(t *testing.T) {
		all := q.list(q.officerToken, nil)
		last := all.ChangeRequests.Edges[4].Cursor

		got := q.list(q.officerToken, map[string]any{"last": 2, "before": last})

		if names := q.requestNames(got); !slices.Equal(names, []string{"club removal", "new service"}) {
			t.Errorf("last 2 before the page update = %q, want club removal and new service", names)
		}
		if !got.ChangeRequests.PageInfo.HasPreviousPage || got.ChangeRequests.TotalCount != 5 {
			t.Errorf("pageInfo = %+v, totalCount %d, want earlier pages and 5 in all", got.ChangeRequests.PageInfo, got.ChangeRequests.TotalCount)
		}
	})
}

// queuePagingTotal returns how many requests the paging variables of TestQueuePaging
// match in a queueWorld.
func queuePagingTotal(variables map[string]any) int {
	switch {
	case variables["orderBy"] != nil:
		return 6
	case variables["where"] != nil:
		return 4
	}
	return 5
}

func TestQueuePagingBadInput(t *testing.T) {
	q := newQueueWorld(t)
	createdCursor := q.list(q.officerToken, map[string]any{"orderBy": createdAtAscending, "first": 1}).ChangeRequests.PageInfo.EndCursor

	tests := []struct {
		name      string
		variables map[string]any
		field     string
	}{
		{"first over 100", map[string]any{"first": 101}, "first"},
		{"negative last", map[string]any{"last": -1}, "last"},
		{"first and last", map[string]any{"first": 1, "last": 1}, "first"},
		{"garbage cursor", map[string]any{"after": "not a cursor!"}, "after"},
		{"cursor of another order", map[string]any{"after": *createdCursor}, "after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := q.QueryAs(t, q.officerToken, queueListDoc, tt.variables)

			queueError(t, res, "BAD_USER_INPUT", tt.field)
		})
	}
}

func TestQueueProviderScope(t *testing.T) {
	q := newQueueWorld(t)

	tests := []struct {
		name      string
		token     string
		variables map[string]any
		want      []string
	}{
		{"lead: own requests on led content", q.leadAToken, nil, []string{"hub update", "club removal", "new service"}},
		{
			"lead: a content manager's draft on led content",
			q.leadAToken, map[string]any{"orderBy": createdAtAscending},
			[]string{"hub update", "club removal", "new service", "manager draft"},
		},
		{"content manager: requests on managed content", q.managerToken, nil, []string{"hub update"}},
		{"content manager: own draft", q.managerToken, map[string]any{"orderBy": createdAtAscending}, []string{"hub update", "manager draft"}},
		{"other lead", q.leadBToken, nil, []string{"swim update", "page update"}},
		{"provider with no content", q.outsiderToken, map[string]any{"orderBy": createdAtAscending}, []string{}},
		{"filter cannot widen the scope", q.outsiderToken, map[string]any{"where": map[string]any{"serviceId": q.hub.ID}}, []string{}},
		{"filter on another's content", q.leadAToken, map[string]any{"where": map[string]any{"authorId": q.leadB.ID}}, []string{}},
		{"officer: every request", q.officerToken, map[string]any{"orderBy": createdAtAscending}, []string{
			"hub update", "swim update", "club removal", "new service", "manager draft", "page update",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q.checkListed(t, tt.token, tt.variables, tt.want)
		})
	}

	// Once the swimming service has a new lead, its former lead can still
	// read the request they wrote, and the new lead reads it as a request on
	// their content.
	q.Client.Service.UpdateOne(q.swim).SetLead(q.outsider).ExecX(q.SystemContext())
	t.Run("author after losing the lead", func(t *testing.T) {
		q.checkListed(t, q.leadBToken, nil, []string{"swim update", "page update"})
	})
	t.Run("new lead", func(t *testing.T) {
		q.checkListed(t, q.outsiderToken, nil, []string{"swim update"})
	})
}

// The public can read no change request. The API returns an empty list,
// whereas the users and ownership report lists return UNAUTHENTICATED.
// Both keep the queue private, so this test accepts either.
func TestQueuePublicSeesNothing(t *testing.T) {
	q := newQueueWorld(t)

	for _, variables := range []map[string]any{
		nil,
		{"orderBy": createdAtAscending},
		{"where": map[string]any{"serviceId": q.hub.ID}},
	} {
		res := q.Query(t, queueListDoc, variables)

		if len(res.Errors) > 0 {
			queueError(t, res, "UNAUTHENTICATED", "")
			continue
		}
		var got queueList
		if err := json.Unmarshal(res.Data, &got); err != nil {
			t.Fatal(err)
		}
		if n := len(got.ChangeRequests.Edges); n != 0 || got.ChangeRequests.TotalCount != 0 {
			t.Errorf("%v: public sees %d requests (totalCount %d), want none", variables, n, got.ChangeRequests.TotalCount)
		}
	}
}

const (
	queueRevisionsDoc = `query($serviceId: ID, $informationPageId: ID, $first: Int, $after: Cursor) {
  revisions(serviceId: $serviceId, informationPageId: $informationPageId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id version origin changedFields changes { field recordId change before after } } }
  }
}`
	queueCompareDoc = `query($from: ID!, $to: ID!) { compareRevisions(from: $from, to: $to) { field recordId change before after } }`
)

type queueFieldChange struct {
	Field         string
	RecordID      *uuid.UUID
	Change        string
	Before, After *string
}

type queueRevisions struct {
	Revisions struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage bool
			EndCursor   *string
		}
		Edges []struct {
			Node struct {
				ID            uuid.UUID
				Version       int
				Origin        string
				ChangedFields []string
				Changes       []queueFieldChange
			}
		}
	}
}

func (r queueRevisions) versions() []int {
	versions := []int{}
	for _, e := range r.Revisions.Edges {
		versions = append(versions, e.Node.Version)
	}
	return versions
}

// queueHistory is a published service with four revisions. Version 1 is
// the content as first published, recorded when the first change is.
// Version 2 is the officer's new summary, version 3 the lead's new contact
// approved by the officer, and version 4 the officer's new name.
type queueHistory struct {
	*editorial
	revisions map[int]uuid.UUID
	contactID uuid.UUID
}

func newQueueHistory(t *testing.T) *queueHistory {
	t.Helper()
	h := &queueHistory{editorial: newEditorial(t), revisions: map[int]uuid.UUID{}}

	h.save(h.officerToken, map[string]any{
		"serviceId": h.service.ID, "service": map[string]any{"summary": "Drop-in advice and a weekly parents' group."}, "submit": true,
	})
	draft := h.save(h.leadToken, map[string]any{
		"serviceId": h.service.ID, "service": map[string]any{"contacts": []any{map[string]any{"name": "Duty desk", "phone": "01234 000000"}}}, "submit": true,
	})
	h.MustQueryAs(t, h.officerToken, queueApproveDoc, input(map[string]any{"changeRequestId": draft.ID}), nil)
	h.save(h.officerToken, map[string]any{"serviceId": h.service.ID, "service": map[string]any{"name": "Family Hub"}, "submit": true})

	for _, e := range h.list(h.officerToken, map[string]any{"serviceId": h.service.ID}).Revisions.Edges {
		h.revisions[e.Node.Version] = e.Node.ID
	}
	if len(h.revisions) != 4 {
		t.Fatalf("revisions = %v, want versions 1 to 4", h.revisions)
	}
	h.contactID = h.Client.Service.QueryContacts(h.service).OnlyIDX(h.SystemContext())
	return h
}

func (h *queueHistory) list(token string, variables map[string]any) queueRevisions {
	h.t.Helper()
	var out queueRevisions
	h.MustQueryAs(h.t, token, queueRevisionsDoc, variables, &out)
	return out
}

func (h *queueHistory) compare(token string, from, to uuid.UUID) []queueFieldChange {
	h.t.Helper()
	var out struct{ CompareRevisions []queueFieldChange }
	h.MustQueryAs(h.t, token, queueCompareDoc, map[string]any{"from": from, "to": to}, &out)
	return out.CompareRevisions
}

func TestQueueRevisionsNewestFirst(t *testing.T) {
	h := newQueueHistory(t)

	got := h.list(h.officerToken, map[string]any{"serviceId": h.service.ID})

	if v := got.versions(); !slices.Equal(v, []int{4, 3, 2, 1}) {
		t.Fatalf("versions = %v, want [4 3 2 1]", v)
	}
	type summary struct {
		Origin        string
		ChangedFields []string
	}
	var summaries []summary
	for _, e := range got.Revisions.Edges {
		summaries = append(summaries, summary{e.Node.Origin, e.Node.ChangedFields})
	}
	wantSummaries := []summary{
		{"DIRECT_EDIT", []string{"name"}},
		{"CHANGE_REQUEST", []string{"contacts"}},
		{"DIRECT_EDIT", []string{"summary"}},
		{"BASELINE", nil},
	}
	if !reflect.DeepEqual(summaries, wantSummaries) {
		t.Errorf("revisions = %+v, want %+v", summaries, wantSummaries)
	}
	wantChanges := []queueFieldChange{
		{Field: "contacts.name", RecordID: &h.contactID, Change: "ADDED", After: queueText("Duty desk")},
		{Field: "contacts.phone", RecordID: &h.contactID, Change: "ADDED", After: queueText("01234 000000")},
	}
	if changes := got.Revisions.Edges[1].Node.Changes; !reflect.DeepEqual(changes, wantChanges) {
		t.Errorf("version 3 changes = %s, want %s", queueShowChanges(changes), queueShowChanges(wantChanges))
	}
	wantChanges = []queueFieldChange{
		{Field: "summary", Change: "CHANGED", Before: queueText("Drop-in advice for families."), After: queueText("Drop-in advice and a weekly parents' group.")},
	}
	if changes := got.Revisions.Edges[2].Node.Changes; !reflect.DeepEqual(changes, wantChanges) {
		t.Errorf("version 2 changes = %s, want %s", queueShowChanges(changes), queueShowChanges(wantChanges))
	}

	t.Run("pages", func(t *testing.T) {
		first := h.list(h.officerToken, map[string]any{"serviceId": h.service.ID, "first": 2})
		if v := first.versions(); !slices.Equal(v, []int{4, 3}) || !first.Revisions.PageInfo.HasNextPage || first.Revisions.TotalCount != 4 {
			t.Errorf("first page = %v (more: %v, total %d), want [4 3] of 4 with more", v, first.Revisions.PageInfo.HasNextPage, first.Revisions.TotalCount)
		}
		next := h.list(h.officerToken, map[string]any{"serviceId": h.service.ID, "first": 2, "after": *first.Revisions.PageInfo.EndCursor})
		if v := next.versions(); !slices.Equal(v, []int{2, 1}) || next.Revisions.PageInfo.HasNextPage || next.Revisions.TotalCount != 4 {
			t.Errorf("second page = %v (more: %v, total %d), want [2 1] of 4 and no more", v, next.Revisions.PageInfo.HasNextPage, next.Revisions.TotalCount)
		}
	})
	t.Run("lead reads them", func(t *testing.T) {
		if v := h.list(h.leadToken, map[string]any{"serviceId": h.service.ID}).versions(); !slices.Equal(v, []int{4, 3, 2, 1}) {
			t.Errorf("lead sees versions %v, want [4 3 2 1]", v)
		}
	})
	t.Run("another provider reads none", func(t *testing.T) {
		other := h.SignIn(t, h.CreateUser(t, user.RoleProvider, user.StatusActive))
		got := h.list(other, map[string]any{"serviceId": h.service.ID})
		if v := got.versions(); len(v) != 0 || got.Revisions.TotalCount != 0 {
			t.Errorf("another provider sees versions %v (totalCount %d), want none", v, got.Revisions.TotalCount)
		}
	})
	t.Run("public reads none", func(t *testing.T) {
		res := h.Query(t, queueRevisionsDoc, map[string]any{"serviceId": h.service.ID})
		if len(res.Errors) > 0 {
			queueError(t, res, "UNAUTHENTICATED", "")
			return
		}
		var got queueRevisions
		if err := json.Unmarshal(res.Data, &got); err != nil {
			t.Fatal(err)
		}
		if v := got.versions(); len(v) != 0 || got.Revisions.TotalCount != 0 {
			t.Errorf("public sees versions %v (totalCount %d), want none", v, got.Revisions.TotalCount)
		}
	})
	t.Run("content must be named once", func(t *testing.T) {
		res := h.QueryAs(t, h.officerToken, queueRevisionsDoc, nil)
		queueError(t, res, "BAD_USER_INPUT", "serviceId")

		res = h.QueryAs(t, h.officerToken, queueRevisionsDoc, map[string]any{"serviceId": h.service.ID, "informationPageId": uuid.New()})
		queueError(t, res, "BAD_USER_INPUT", "serviceId")
	})
}

func TestQueueCompareRevisions(t *testing.T) {
	h := newQueueHistory(t)

	tests := []struct {
		name     string
		from, to int
		want     []queueFieldChange
	}{
		{
			"forwards",
			2, 4,
			[]queueFieldChange{
				{Field: "contacts.name", RecordID: &h.contactID, Change: "ADDED", After: queueText("Duty desk")},
				{Field: "contacts.phone", RecordID: &h.contactID, Change: "ADDED", After: queueText("01234 000000")},
				{Field: "name", Change: "CHANGED", Before: queueText("Family Support Hub"), After: queueText("Family Hub")},
			},
		},
		{
			"backwards",
			4, 2,
			[]queueFieldChange{
				{Field: "contacts.name", RecordID: &h.contactID, Change: "REMOVED", Before: queueText("Duty desk")},
				{Field: "contacts.phone", RecordID: &h.contactID, Change: "REMOVED", Before: queueText("01234 000000")},
				{Field: "name", Change: "CHANGED", Before: queueText("Family Hub"), After: queueText("Family Support Hub")},
			},
		},
		{
			"from the first published state",
			1, 4,
			[]queueFieldChange{
				{Field: "contacts.name", RecordID: &h.contactID, Change: "ADDED", After: queueText("Duty desk")},
				{Field: "contacts.phone", RecordID: &h.contactID, Change: "ADDED", After: queueText("01234 000000")},
				{Field: "name", Change: "CHANGED", Before: queueText("Family Support Hub"), After: queueText("Family Hub")},
				{Field: "summary", Change: "CHANGED", Before: queueText("Drop-in advice for families."), After: queueText("Drop-in advice and a weekly parents' group.")},
			},
		},
		{"one revision with itself", 3, 3, []queueFieldChange{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := h.compare(h.officerToken, h.revisions[tt.from], h.revisions[tt.to])

			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("compareRevisions(%d, %d) = %s, want %s", tt.from, tt.to, queueShowChanges(got), queueShowChanges(tt.want))
			}
		})
	}

	t.Run("lead compares", func(t *testing.T) {
		if got := h.compare(h.leadToken, h.revisions[2], h.revisions[4]); len(got) != 3 {
			t.Errorf("lead's comparison = %s, want the 3 changes the officer sees", queueShowChanges(got))
		}
	})
	t.Run("another provider", func(t *testing.T) {
		other := h.SignIn(t, h.CreateUser(t, user.RoleProvider, user.StatusActive))
		res := h.QueryAs(t, other, queueCompareDoc, map[string]any{"from": h.revisions[2], "to": h.revisions[4]})
		queueError(t, res, "NOT_FOUND", "")
	})
	t.Run("revisions of different content", func(t *testing.T) {
		other := h.add("Inclusive Swimming", nil)
		h.save(h.officerToken, map[string]any{"serviceId": other.ID, "service": map[string]any{"summary": "Quiet sessions."}, "submit": true})
		otherRevision := h.list(h.officerToken, map[string]any{"serviceId": other.ID}).Revisions.Edges[0].Node.ID

		res := h.QueryAs(t, h.officerToken, queueCompareDoc, map[string]any{"from": h.revisions[2], "to": otherRevision})
		queueError(t, res, "BAD_USER_INPUT", "to")
	})
}

func queueShowChanges(changes []queueFieldChange) string {
	var lines []string
	for _, c := range changes {
		id := ""
		if c.RecordID != nil {
			id = " " + c.RecordID.String()
		}
		lines = append(lines, c.Change+" "+c.Field+id+": "+queueOrNone(c.Before)+" -> "+queueOrNone(c.After))
	}
	return "[" + strings.Join(lines, "; ") + "]"
}

func queueOrNone(s *string) string {
	if s == nil {
		return "<none>"
	}
	return *s
}

func queueText(s string) *string { return &s }

const (
	queuePageContent     = `title topic audiences summary body easyReadSummary sectionId`
	queuePageRequestBody = `changeRequest {
    id kind state contentType
    informationPage { slug status }
    proposed { service { name } informationPage { ` + queuePageContent + ` } }
    base { service { name } informationPage { ` + queuePageContent + ` } }
    changes { field recordId change before after }
    conflicts
  }`
	queuePageSaveDoc = `mutation($input: SaveChangeRequestInput!) {
  saveChangeRequest(input: $input) { ` + queuePageRequestBody + ` } }`
	queuePageSubmitDoc = `mutation($input: ChangeRequestActionInput!) {
  submitChangeRequest(input: $input) { ` + queuePageRequestBody + ` } }`
	queuePublicPageDoc = `query($slug: String!) { informationPage(slug: $slug) { title topic body version section { slug } } }`
)

type queuePageContentResult struct {
	Title, Topic    string
	Audiences       []string
	Summary, Body   string
	EasyReadSummary string
	SectionID       *uuid.UUID
}

type queuePageSnapshot struct {
	Service         *struct{ Name string }
	InformationPage *queuePageContentResult
}

type queuePageRequest struct {
	ID              uuid.UUID
	Kind, State     string
	ContentType     string
	InformationPage struct{ Slug, Status string }
	Proposed, Base  *queuePageSnapshot
	Changes         []queueFieldChange
	Conflicts       []string
}

type queuePublicPage struct {
	Title, Topic, Body string
	Version            int
	Section            *struct{ Slug string }
}

// savePage saves a change request on an information page as token.
func savePage(t *testing.T, a *apptest.App, token string, fields map[string]any) queuePageRequest {
	t.Helper()
	var out struct {
		SaveChangeRequest struct{ ChangeRequest queuePageRequest }
	}
	a.MustQueryAs(t, token, queuePageSaveDoc, input(fields), &out)
	return out.SaveChangeRequest.ChangeRequest
}

func submitPage(t *testing.T, a *apptest.App, token string, id uuid.UUID) queuePageRequest {
	t.Helper()
	var out struct {
		SubmitChangeRequest struct{ ChangeRequest queuePageRequest }
	}
	a.MustQueryAs(t, token, queuePageSubmitDoc, input(map[string]any{"changeRequestId": id}), &out)
	return out.SubmitChangeRequest.ChangeRequest
}

// publicPage returns the page as the public reads it, or nil with the error
// code when it cannot.
func publicPage(t *testing.T, a *apptest.App, slug string) (*queuePublicPage, string) {
	t.Helper()
	res := a.Query(t, queuePublicPageDoc, map[string]any{"slug": slug})
	if len(res.Errors) > 0 {
		return nil, res.Errors[0].Code()
	}
	var out struct{ InformationPage *queuePublicPage }
	if err := json.Unmarshal(res.Data, &out); err != nil {
		t.Fatal(err)
	}
	return out.InformationPage, ""
}

func TestPageProposedByOfficer(t *testing.T) {
	d := newDirectory(t)
	officer := d.SignIn(t, d.CreateUser(t, user.RoleLOOfficer, user.StatusActive))
	gettingAround := d.term("local-offer-sections", "getting-around")

	draft := savePage(t, d.App, officer, map[string]any{"informationPage": map[string]any{
		"title": "Travel to school", "body": "<p>Who can get free transport.</p>", "topic": "TRAVEL", "sectionId": gettingAround,
	}})

	if draft.Kind != "CREATE" || draft.State != "DRAFT" || draft.ContentType != "INFORMATION_PAGE" {
		t.Errorf("request = %s %s %s, want a CREATE of an INFORMATION_PAGE in DRAFT", draft.Kind, draft.State, draft.ContentType)
	}
	if want := (struct{ Slug, Status string }{"travel-to-school", "DRAFT"}); draft.InformationPage != want {
		t.Errorf("page = %+v, want %+v", draft.InformationPage, want)
	}
	if page, code := publicPage(t, d.App, "travel-to-school"); page != nil || code != "NOT_FOUND" {
		t.Errorf("public reads the draft page: %+v (code %q), want NOT_FOUND", page, code)
	}

	published := submitPage(t, d.App, officer, draft.ID)

	if published.State != "APPROVED" {
		t.Errorf("state after an officer's submission = %s, want APPROVED", published.State)
	}
	page, code := publicPage(t, d.App, "travel-to-school")
	if page == nil {
		t.Fatalf("public page: %s, want it published", code)
	}
	want := queuePublicPage{Title: "Travel to school", Topic: "TRAVEL", Body: "<p>Who can get free transport.</p>", Version: page.Version,
		Section: &struct{ Slug string }{"getting-around"}}
	if !reflect.DeepEqual(*page, want) {
		t.Errorf("public page = %+v, want %+v", *page, want)
	}
}

func TestPageProposalForbiddenForProvider(t *testing.T) {
	d := newDirectory(t)
	provider := d.SignIn(t, d.CreateUser(t, user.RoleProvider, user.StatusActive))
	proposal := input(map[string]any{"informationPage": map[string]any{
		"title": "Travel to school", "body": "<p>Who can get free transport.</p>", "topic": "TRAVEL",
	}})

	queueError(t, d.QueryAs(t, provider, queuePageSaveDoc, proposal), "FORBIDDEN", "")
	queueError(t, d.Query(t, queuePageSaveDoc, proposal), "UNAUTHENTICATED", "")

	if n := d.Client.InformationPage.Query().Where(informationpage.SlugHasPrefix("travel-to-school")).CountX(d.SystemContext()); n != 0 {
		t.Errorf("%d pages exist after the refused proposals, want none", n)
	}
}

// queuePageWorld is a published information page led by a provider.
type queuePageWorld struct {
	*directory
	page                 *ent.InformationPage
	officer, lead, other string
	education            uuid.UUID
}

func newQueuePageWorld(t *testing.T) *queuePageWorld {
	t.Helper()
	d := newDirectory(t)
	w := &queuePageWorld{directory: d, education: d.term("local-offer-sections", "education")}
	lead := d.CreateUser(t, user.RoleProvider, user.StatusActive)
	w.page = d.Client.InformationPage.Create().
		SetTitle("Short breaks").SetSlug("short-breaks").SetTopic(informationpage.TopicShortBreaks).
		SetAudiences([]schematype.Audience{schematype.AudienceParentsAndCarers}).
		SetSummary("Time off for carers.").SetBody("<p>How short breaks work.</p>").
		SetSectionID(w.education).SetStatus(informationpage.StatusPublished).SetLead(lead).
		SaveX(d.SystemContext())
	w.officer = d.SignIn(t, d.CreateUser(t, user.RoleLOOfficer, user.StatusActive))
	w.lead = d.SignIn(t, lead)
	w.other = d.SignIn(t, d.CreateUser(t, user.RoleProvider, user.StatusActive))
	return w
}

func TestPageLeadChangeApproved(t *testing.T) {
	w := newQueuePageWorld(t)
	newBody := "<p>How short breaks work, and how to ask for one.</p>"

	submitted := savePage(t, w.App, w.lead, map[string]any{
		"informationPageId": w.page.ID, "informationPage": map[string]any{"body": newBody}, "submit": true,
	})

	if submitted.Kind != "UPDATE" || submitted.State != "SUBMITTED" {
		t.Fatalf("request = %s %s, want a SUBMITTED UPDATE", submitted.Kind, submitted.State)
	}
	if page, _ := publicPage(t, w.App, "short-breaks"); page == nil || page.Body != "<p>How short breaks work.</p>" || page.Version != 1 {
		t.Errorf("public page before approval = %+v, want the published body at version 1", page)
	}
	otherSave := input(map[string]any{"informationPageId": w.page.ID, "informationPage": map[string]any{"body": "<p>Spam.</p>"}})
	queueError(t, w.QueryAs(t, w.other, queuePageSaveDoc, otherSave), "FORBIDDEN", "")

	var approved struct {
		ApproveChangeRequest struct {
			ChangeRequest struct{ State string }
			Revision      struct {
				Version       int
				ChangedFields []string
			}
		}
	}
	w.MustQueryAs(t, w.officer, queueApproveDoc, input(map[string]any{"changeRequestId": submitted.ID}), &approved)

	if got := approved.ApproveChangeRequest.ChangeRequest.State; got != "APPROVED" {
		t.Errorf("state = %s, want APPROVED", got)
	}
	if rev := approved.ApproveChangeRequest.Revision; rev.Version != 2 || !slices.Equal(rev.ChangedFields, []string{"body"}) {
		t.Errorf("revision = %+v, want version 2 changing body", rev)
	}
	page, code := publicPage(t, w.App, "short-breaks")
	if page == nil {
		t.Fatalf("public page after approval: %s", code)
	}
	want := queuePublicPage{Title: "Short breaks", Topic: "SHORT_BREAKS", Body: newBody, Version: 2, Section: &struct{ Slug string }{"education"}}
	if !reflect.DeepEqual(*page, want) {
		t.Errorf("public page after approval = %+v, want %+v", *page, want)
	}
}

func TestPageChangeRequestFields(t *testing.T) {
	w := newQueuePageWorld(t)
	published := queuePageContentResult{
		Title: "Short breaks", Topic: "SHORT_BREAKS", Audiences: []string{"PARENTS_AND_CARERS"},
		Summary: "Time off for carers.", Body: "<p>How short breaks work.</p>", SectionID: &w.education,
	}

	t.Run("update", func(t *testing.T) {
		draft := savePage(t, w.App, w.lead, map[string]any{
			"informationPageId": w.page.ID,
			"informationPage":   map[string]any{"body": "<p>How to ask for a short break.</p>", "clearSection": true},
		})

		proposed := published
		proposed.Body = "<p>How to ask for a short break.</p>"
		proposed.SectionID = nil
		want := queuePageRequest{
			ID: draft.ID, Kind: "UPDATE", State: "DRAFT", ContentType: "INFORMATION_PAGE",
			InformationPage: struct{ Slug, Status string }{"short-breaks", "PUBLISHED"},
			Proposed:        &queuePageSnapshot{InformationPage: &proposed},
			Base:            &queuePageSnapshot{InformationPage: &published},
			Changes: []queueFieldChange{
				{Field: "body", Change: "CHANGED", Before: queueText("<p>How short breaks work.</p>"), After: queueText("<p>How to ask for a short break.</p>")},
				{Field: "sectionId", Change: "CHANGED", Before: queueText(w.education.String())},
			},
			Conflicts: []string{},
		}
		if !reflect.DeepEqual(draft, want) {
			t.Errorf("change request =\n%+v\nwant\n%+v\nchanges %s, want %s", draft, want, queueShowChanges(draft.Changes), queueShowChanges(want.Changes))
		}
	})

	t.Run("create", func(t *testing.T) {
		gettingAround := w.term("local-offer-sections", "getting-around")
		draft := savePage(t, w.App, w.officer, map[string]any{"informationPage": map[string]any{
			"title": "Travel to school", "body": "<p>Who can get free transport.</p>", "topic": "TRAVEL", "sectionId": gettingAround,
		}})

		proposed := queuePageContentResult{Title: "Travel to school", Topic: "TRAVEL", Audiences: []string{}, Body: "<p>Who can get free transport.</p>", SectionID: &gettingAround}
		want := queuePageRequest{
			ID: draft.ID, Kind: "CREATE", State: "DRAFT", ContentType: "INFORMATION_PAGE",
			InformationPage: struct{ Slug, Status string }{"travel-to-school", "DRAFT"},
			Proposed:        &queuePageSnapshot{InformationPage: &proposed},
			Changes: []queueFieldChange{
				{Field: "body", Change: "CHANGED", After: queueText("<p>Who can get free transport.</p>")},
				{Field: "sectionId", Change: "CHANGED", After: queueText(gettingAround.String())},
				{Field: "title", Change: "CHANGED", After: queueText("Travel to school")},
				{Field: "topic", Change: "CHANGED", After: queueText("TRAVEL")},
			},
			Conflicts: []string{},
		}
		if !reflect.DeepEqual(draft, want) {
			t.Errorf("change request =\n%+v\nwant\n%+v\nchanges %s, want %s", draft, want, queueShowChanges(draft.Changes), queueShowChanges(want.Changes))
		}
	})

	t.Run("listed in the queue", func(t *testing.T) {
		var got queueList
		w.MustQueryAs(t, w.officer, queueListDoc, map[string]any{
			"where": map[string]any{"contentType": "INFORMATION_PAGE"}, "orderBy": createdAtAscending,
		}, &got)
		if got.ChangeRequests.TotalCount != 2 {
			t.Errorf("officer lists %d page requests, want the update and the create", got.ChangeRequests.TotalCount)
		}
	})
}
