package graph_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/amendmentflag"
	"github.com/localoffer/localoffer/ent/cyclereview"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app/apptest"
	"github.com/localoffer/localoffer/internal/content"
	"github.com/localoffer/localoffer/internal/sla"
)

// amendmentWorld is a published service and information page with a lead,
// a content manager and a commissioner, an LO officer, and a provider with
// no part in either.
type amendmentWorld struct {
	*apptest.App
	lead, manager, commissioner, stranger, officer *ent.User
	tokens                                         map[*ent.User]string
	service                                        *ent.Service
	page                                           *ent.InformationPage
}

func newAmendmentWorld(t *testing.T) *amendmentWorld {
	t.Helper()
	a := apptest.New(t)
	w := &amendmentWorld{App: a, tokens: map[*ent.User]string{}}
	w.lead = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	w.manager = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	w.commissioner = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	w.stranger = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	w.officer = a.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	for _, u := range []*ent.User{w.lead, w.manager, w.commissioner, w.stranger, w.officer} {
		w.tokens[u] = a.SignIn(t, u)
	}

	ctx := a.SystemContext()
	org := a.Client.Organization.Create().SetName("Riverside Family Trust").SetSlug("riverside-family-trust").SaveX(ctx)
	w.service = a.Client.Service.Create().SetName("Riverside Sensory Play").SetSlug("riverside-sensory-play").
		SetStatus(service.StatusPublished).SetOrganization(org).
		SetLead(w.lead).AddContentManagers(w.manager).SetCommissioner(w.commissioner).SaveX(ctx)
	w.page = a.Client.InformationPage.Create().SetTitle("Short breaks explained").SetSlug("short-breaks-explained").
		SetBody("<p>How short breaks work.</p>").SetStatus(informationpage.StatusPublished).
		SetLead(w.lead).AddContentManagers(w.manager).SetCommissioner(w.commissioner).SaveX(ctx)
	return w
}

// wantOneError fails unless res has exactly one error with the code, and
// returns it.
func wantOneError(t *testing.T, res apptest.Response, code string) apptest.Error {
	t.Helper()
	if len(res.Errors) != 1 || res.Errors[0].Code() != code {
		t.Fatalf("errors = %+v, want one %s", res.Errors, code)
	}
	return res.Errors[0]
}

const flagDoc = `mutation($input: FlagForAmendmentInput!) {
	flagForAmendment(input: $input) { amendmentFlag { id note clearedAt flaggedBy { id } service { id } } } }`

const openFlagsDoc = `query($where: AmendmentFlagFilter) {
	amendmentFlags(where: $where) { totalCount edges { node { id note clearedAt clearedByChangeRequest { id } } } } }`

type flagConnection struct {
	AmendmentFlags struct {
		TotalCount int
		Edges      []struct {
			Node struct {
				ID                     uuid.UUID
				Note                   string
				ClearedAt              *time.Time
				ClearedByChangeRequest *struct{ ID uuid.UUID }
			}
		}
	}
}

func (w *amendmentWorld) flags(t *testing.T, token string, where map[string]any) flagConnection {
	t.Helper()
	var out flagConnection
	w.MustQueryAs(t, token, openFlagsDoc, map[string]any{"where": where}, &out)
	return out
}

func TestAmendmentFlagLifecycle(t *testing.T) {
	t.Parallel()
	w := newAmendmentWorld(t)

	var flagged struct {
		FlagForAmendment struct {
			AmendmentFlag struct {
				ID        uuid.UUID
				Note      string
				ClearedAt *time.Time
				FlaggedBy struct{ ID uuid.UUID }
			}
		}
	}
	note := "The opening times changed in September: please update them."
	w.MustQueryAs(t, w.tokens[w.officer], flagDoc, input(map[string]any{"serviceId": w.service.ID, "note": "  " + note + "\n"}), &flagged)
	flag := flagged.FlagForAmendment.AmendmentFlag
	if flag.Note != note || flag.ClearedAt != nil || flag.FlaggedBy.ID != w.officer.ID {
		t.Errorf("flag = %+v, want the trimmed note, open, flagged by the officer", flag)
	}

	t.Run("owners emailed once each", func(t *testing.T) {
		ctx := w.SystemContext()
		for _, owner := range []*ent.User{w.lead, w.manager} {
			emails := w.Client.Notification.Query().
				Where(notification.Template("amendment_flagged"), notification.Recipient(owner.Email)).AllX(ctx)
			if len(emails) != 1 {
				t.Fatalf("emails to %s = %d, want 1", owner.Email, len(emails))
			}
			if !strings.Contains(emails[0].Body, note) {
				t.Errorf("email to %s does not give the note:\n%s", owner.Email, emails[0].Body)
			}
			if link := apptest.PublicURL + "/services/riverside-sensory-play"; !strings.Contains(emails[0].Body, link) {
				t.Errorf("email to %s does not link to %s:\n%s", owner.Email, link, emails[0].Body)
			}
		}
		if n := w.Client.Notification.Query().Where(notification.Template("amendment_flagged")).CountX(ctx); n != 2 {
			t.Errorf("amendment emails = %d, want 2: the lead and the content manager", n)
		}
	})

	t.Run("visible to owners and commissioner", func(t *testing.T) {
		open := map[string]any{"open": true, "serviceId": w.service.ID}
		for name, u := range map[string]*ent.User{"lead": w.lead, "content manager": w.manager, "commissioner": w.commissioner, "officer": w.officer} {
			if got := w.flags(t, w.tokens[u], open).AmendmentFlags.TotalCount; got != 1 {
				t.Errorf("open flags for the %s = %d, want 1", name, got)
			}
		}
		if got := w.flags(t, w.tokens[w.stranger], open).AmendmentFlags.TotalCount; got != 0 {
			t.Errorf("open flags for a provider with no part = %d, want 0", got)
		}
	})

	t.Run("hidden from the public", func(t *testing.T) {
		wantOneError(t, w.Query(t, openFlagsDoc, nil), unauthenticated)
		res := w.Query(t, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": flag.ID})
		wantOneError(t, res, notFound)
	})

	t.Run("submission clears it", func(t *testing.T) {
		var saved struct {
			SaveChangeRequest struct{ ChangeRequest struct{ ID uuid.UUID } }
		}
		w.MustQueryAs(t, w.tokens[w.manager], saveChangeRequestDoc, input(map[string]any{
			"serviceId": w.service.ID, "service": map[string]any{"summary": "Sensory play on Tuesdays and Thursdays."}, "submit": true,
		}), &saved)

		if got := w.flags(t, w.tokens[w.lead], map[string]any{"open": true}).AmendmentFlags.TotalCount; got != 0 {
			t.Errorf("open flags after the submission = %d, want 0", got)
		}
		cleared := w.flags(t, w.tokens[w.lead], map[string]any{"open": false}).AmendmentFlags
		if cleared.TotalCount != 1 {
			t.Fatalf("cleared flags = %d, want 1", cleared.TotalCount)
		}
		node := cleared.Edges[0].Node
		if node.ClearedAt == nil || node.ClearedByChangeRequest == nil || node.ClearedByChangeRequest.ID != saved.SaveChangeRequest.ChangeRequest.ID {
			t.Errorf("cleared flag = %+v, want cleared by change request %s", node, saved.SaveChangeRequest.ChangeRequest.ID)
		}
	})
}

func TestClearAmendmentFlag(t *testing.T) {
	t.Parallel()
	w := newAmendmentWorld(t)
	var flagged struct {
		FlagForAmendment struct{ AmendmentFlag struct{ ID uuid.UUID } }
	}
	w.MustQueryAs(t, w.tokens[w.officer], flagDoc, input(map[string]any{"informationPageId": w.page.ID, "note": "Add the new eligibility rules."}), &flagged)
	id := flagged.FlagForAmendment.AmendmentFlag.ID
	email := w.Client.Notification.Query().
		Where(notification.Template("amendment_flagged"), notification.Recipient(w.lead.Email)).OnlyX(w.SystemContext())
	if link := apptest.PublicURL + "/information/short-breaks-explained"; !strings.Contains(email.Body, link) {
		t.Errorf("email to the lead does not link to %s:\n%s", link, email.Body)
	}
	clearDoc := `mutation($input: ClearAmendmentFlagInput!) { clearAmendmentFlag(input: $input) { amendmentFlag { clearedAt } } }`

	wantOneError(t, w.QueryAs(t, w.tokens[w.lead], clearDoc, input(map[string]any{"id": id})), forbidden)
	wantOneError(t, w.QueryAs(t, w.tokens[w.stranger], clearDoc, input(map[string]any{"id": id})), notFound)

	var cleared struct {
		ClearAmendmentFlag struct {
			AmendmentFlag struct{ ClearedAt *time.Time }
		}
	}
	w.MustQueryAs(t, w.tokens[w.officer], clearDoc, input(map[string]any{"id": id}), &cleared)
	if cleared.ClearAmendmentFlag.AmendmentFlag.ClearedAt == nil {
		t.Error("clearedAt = null, want set")
	}
	again := wantOneError(t, w.QueryAs(t, w.tokens[w.officer], clearDoc, input(map[string]any{"id": id})), badUserInput)
	if again.Extensions["field"] != "input.id" {
		t.Errorf("field = %v, want input.id", again.Extensions["field"])
	}
}

func TestFlagForAmendmentBadInput(t *testing.T) {
	t.Parallel()
	w := newAmendmentWorld(t)
	for _, tc := range []struct {
		name, field string
		fields      map[string]any
	}{
		{"empty note", "input.note", map[string]any{"serviceId": w.service.ID, "note": "  "}},
		{"note too long", "input.note", map[string]any{"serviceId": w.service.ID, "note": strings.Repeat("x", 5001)}},
		{"no content", "input.serviceId", map[string]any{"note": "Update it."}},
		{"both contents", "input.serviceId", map[string]any{"serviceId": w.service.ID, "informationPageId": w.page.ID, "note": "Update it."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := wantOneError(t, w.QueryAs(t, w.tokens[w.officer], flagDoc, input(tc.fields)), badUserInput)
			if e.Extensions["field"] != tc.field {
				t.Errorf("field = %v, want %s", e.Extensions["field"], tc.field)
			}
		})
	}
	if n := w.Client.AmendmentFlag.Query().CountX(w.SystemContext()); n != 0 {
		t.Errorf("flags written = %d, want 0", n)
	}
}

const recordReviewDoc = `mutation($input: RecordReviewInput!) {
	recordReview(input: $input) { reviewRecord { id kind route reviewedAt reviewer { id } recordedBy { id } } } }`

type recordedReviewPayload struct {
	RecordReview struct {
		ReviewRecord struct {
			ID         uuid.UUID
			Kind       string
			Route      string
			ReviewedAt time.Time
			Reviewer   *struct{ ID uuid.UUID }
			RecordedBy *struct{ ID uuid.UUID }
		}
	}
}

func TestRecordReview(t *testing.T) {
	t.Parallel()
	w := newAmendmentWorld(t)
	reviewedAt := time.Now().UTC().Add(-72 * time.Hour).Truncate(time.Second)
	// Reloaded, because the database may store updated_at less precisely.
	before := w.Client.Service.GetX(w.SystemContext(), w.service.ID)

	var out recordedReviewPayload
	w.MustQueryAs(t, w.tokens[w.officer], recordReviewDoc, input(map[string]any{
		"serviceId": w.service.ID, "reviewerId": w.manager.ID, "route": "telephone call", "reviewedAt": reviewedAt.Format(time.RFC3339),
	}), &out)
	record := out.RecordReview.ReviewRecord
	if record.Kind != "CONFIRMATION" || record.Route != "telephone call" || !record.ReviewedAt.Equal(reviewedAt) {
		t.Errorf("record = %+v, want a confirmation by telephone call at %s", record, reviewedAt)
	}
	if record.Reviewer == nil || record.Reviewer.ID != w.manager.ID {
		t.Errorf("reviewer = %+v, want the content manager %s", record.Reviewer, w.manager.ID)
	}
	if record.RecordedBy == nil || record.RecordedBy.ID != w.officer.ID {
		t.Errorf("recordedBy = %+v, want the officer %s", record.RecordedBy, w.officer.ID)
	}

	t.Run("sets review dates only", func(t *testing.T) {
		s := w.Client.Service.GetX(w.SystemContext(), w.service.ID)
		if s.LastReviewedAt == nil || !s.LastReviewedAt.Equal(reviewedAt) {
			t.Errorf("lastReviewedAt = %v, want %s", s.LastReviewedAt, reviewedAt)
		}
		if want := content.ReviewDueAfter(reviewedAt); s.ReviewDueAt == nil || !s.ReviewDueAt.Equal(want) {
			t.Errorf("reviewDueAt = %v, want %s", s.ReviewDueAt, want)
		}
		if s.Version != before.Version {
			t.Errorf("version = %d, want %d unchanged", s.Version, before.Version)
		}
		if !s.UpdatedAt.Equal(before.UpdatedAt) {
			t.Errorf("updatedAt = %s, want %s unchanged", s.UpdatedAt, before.UpdatedAt)
		}
	})

	t.Run("earlier review keeps dates", func(t *testing.T) {
		earlier := reviewedAt.Add(-24 * time.Hour)
		w.MustQueryAs(t, w.tokens[w.officer], recordReviewDoc, input(map[string]any{
			"serviceId": w.service.ID, "reviewerId": w.lead.ID, "route": "email", "reviewedAt": earlier.Format(time.RFC3339),
		}), &out)
		s := w.Client.Service.GetX(w.SystemContext(), w.service.ID)
		if s.LastReviewedAt == nil || !s.LastReviewedAt.Equal(reviewedAt) {
			t.Errorf("lastReviewedAt = %v, want %s, the later review", s.LastReviewedAt, reviewedAt)
		}
	})

	t.Run("records readable by owners", func(t *testing.T) {
		doc := `query($id: ID) { reviewRecords(serviceId: $id) { totalCount edges { node { route reviewedAt recordedBy { id } } } } }`
		var records struct {
			ReviewRecords struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Route      string
						ReviewedAt time.Time
						RecordedBy *struct{ ID uuid.UUID }
					}
				}
			}
		}
		w.MustQueryAs(t, w.tokens[w.officer], doc, map[string]any{"id": w.service.ID}, &records)
		if records.ReviewRecords.TotalCount != 2 {
			t.Fatalf("records for the officer = %d, want 2", records.ReviewRecords.TotalCount)
		}
		newest := records.ReviewRecords.Edges[0].Node
		if newest.Route != "telephone call" || newest.RecordedBy == nil || newest.RecordedBy.ID != w.officer.ID {
			t.Errorf("newest record = %+v, want the telephone call recorded by the officer", newest)
		}

		w.MustQueryAs(t, w.tokens[w.lead], doc, map[string]any{"id": w.service.ID}, &records)
		if records.ReviewRecords.TotalCount != 2 || records.ReviewRecords.Edges[0].Node.Route != "telephone call" {
			t.Errorf("records for the lead = %+v, want both, newest first", records.ReviewRecords)
		}
		w.MustQueryAs(t, w.tokens[w.stranger], doc, map[string]any{"id": w.service.ID}, &records)
		if records.ReviewRecords.TotalCount != 0 {
			t.Errorf("records for a provider with no part = %d, want 0", records.ReviewRecords.TotalCount)
		}
		wantOneError(t, w.Query(t, doc, map[string]any{"id": w.service.ID}), unauthenticated)
	})
}

func TestRecordReviewBadInput(t *testing.T) {
	t.Parallel()
	w := newAmendmentWorld(t)
	future := time.Now().UTC().Add(time.Hour).Format(time.RFC3339)
	for _, tc := range []struct {
		name, field string
		fields      map[string]any
	}{
		{"reviewer not an owner", "input.reviewerId", map[string]any{"serviceId": w.service.ID, "reviewerId": w.stranger.ID, "route": "email"}},
		{"commissioner as reviewer", "input.reviewerId", map[string]any{"serviceId": w.service.ID, "reviewerId": w.commissioner.ID, "route": "email"}},
		{"review in the future", "input.reviewedAt", map[string]any{"serviceId": w.service.ID, "reviewerId": w.lead.ID, "route": "email", "reviewedAt": future}},
		{"empty route", "input.route", map[string]any{"serviceId": w.service.ID, "reviewerId": w.lead.ID, "route": " "}},
		{"no content", "input.serviceId", map[string]any{"reviewerId": w.lead.ID, "route": "email"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := wantOneError(t, w.QueryAs(t, w.tokens[w.officer], recordReviewDoc, input(tc.fields)), badUserInput)
			if e.Extensions["field"] != tc.field {
				t.Errorf("field = %v, want %s", e.Extensions["field"], tc.field)
			}
		})
	}

	res := w.QueryAs(t, w.tokens[w.lead], recordReviewDoc, input(map[string]any{"serviceId": w.service.ID, "reviewerId": w.lead.ID, "route": "email"}))
	wantOneError(t, res, forbidden)

	if n := w.Client.ReviewRecord.Query().CountX(w.SystemContext()); n != 0 {
		t.Errorf("review records written = %d, want 0", n)
	}
	var data map[string]json.RawMessage
	_ = json.Unmarshal(res.Data, &data)
	if string(data["recordReview"]) != "" && string(data["recordReview"]) != "null" {
		t.Errorf("data = %s, want no payload", res.Data)
	}
}

func TestOpenAmendmentFlagsField(t *testing.T) {
	t.Parallel()
	w := newAmendmentWorld(t)
	ctx := w.SystemContext()
	org := w.Client.Organization.Query().OnlyX(ctx)
	for i := range 5 {
		s := w.Client.Service.Create().SetName(fmt.Sprintf("Splash Club %d", i)).SetSlug(fmt.Sprintf("splash-club-%d", i)).
			SetStatus(service.StatusPublished).SetOrganization(org).SetLead(w.lead).SaveX(ctx)
		w.Client.AmendmentFlag.Create().SetContentType(amendmentflag.ContentTypeService).SetServiceID(s.ID).
			SetNote("Check the prices.").SaveX(ctx)
	}
	w.MustQueryAs(t, w.tokens[w.officer], flagDoc, input(map[string]any{"informationPageId": w.page.ID, "note": "Add the new rules."}), nil)

	query := `query($first: Int) { services(first: $first) { edges { node { openAmendmentFlags { note } } } } }`
	type services struct {
		Services struct {
			Edges []struct {
				Node struct{ OpenAmendmentFlags []struct{ Note string } }
			}
		}
	}
	flagsSeen := func(out services) int {
		n := 0
		for _, edge := range out.Services.Edges {
			n += len(edge.Node.OpenAmendmentFlags)
		}
		return n
	}

	t.Run("one query for a list", func(t *testing.T) {
		counts := map[int]int{}
		for _, size := range []int{1, 6} {
			var out services
			counts[size] = w.CountStatements(func() {
				w.MustQueryAs(t, w.tokens[w.lead], query, map[string]any{"first": size}, &out)
			})
			if got := flagsSeen(out); got != size-1 && got != size {
				t.Errorf("flags seen in %d services = %d", size, got)
			}
		}
		if counts[1] != counts[6] {
			t.Errorf("statements for 1 service = %d, for 6 = %d, want the same", counts[1], counts[6])
		}
	})

	t.Run("lead sees them", func(t *testing.T) {
		var out services
		w.MustQueryAs(t, w.tokens[w.lead], query, map[string]any{"first": 10}, &out)
		if got := flagsSeen(out); got != 5 {
			t.Errorf("open flags the lead sees = %d, want 5", got)
		}
		var page struct {
			Node struct{ OpenAmendmentFlags []struct{ Note string } }
		}
		w.MustQueryAs(t, w.tokens[w.lead], `query($id: ID!) { node(id: $id) { ... on InformationPage { openAmendmentFlags { note } } } }`,
			map[string]any{"id": w.page.ID}, &page)
		if len(page.Node.OpenAmendmentFlags) != 1 || page.Node.OpenAmendmentFlags[0].Note != "Add the new rules." {
			t.Errorf("page's open flags = %+v, want the one note", page.Node.OpenAmendmentFlags)
		}
	})

	t.Run("public sees none", func(t *testing.T) {
		var out services
		w.MustQuery(t, query, map[string]any{"first": 10}, &out)
		if len(out.Services.Edges) != 6 {
			t.Fatalf("public services = %d, want 6", len(out.Services.Edges))
		}
		if got := flagsSeen(out); got != 0 {
			t.Errorf("open flags the public sees = %d, want 0", got)
		}
	})
}

// TestRecordedReviewCountsFromCycleStart checks that a review recorded on
// the lead's behalf, dated after the cycle began but before the request to
// review went out, counts for the cycle, and one before the cycle does not.
func TestRecordedReviewCountsFromCycleStart(t *testing.T) {
	t.Parallel()
	w := newAmendmentWorld(t)
	ctx := w.SystemContext()
	now := time.Now().UTC().Truncate(time.Second)
	today := sla.Today(now)
	cycle := w.Client.ReviewCycle.Create().SetName("Trial cycle").
		SetFeedbackCirculatedOn(today.AddDays(-10)).SetResponsesDueOn(today.AddDays(-5)).
		SetUpdateNotificationsOn(today).SetUpdatesDueOn(today.AddDays(30)).
		SaveX(ctx)
	asked := w.Client.CycleReview.Create().SetReviewCycle(cycle).
		SetContentType(cyclereview.ContentTypeService).SetServiceID(w.service.ID).
		SetLeadID(w.lead.ID).SetNotifiedAt(now).
		SaveX(ctx)

	record := func(at time.Time) {
		w.MustQueryAs(t, w.tokens[w.officer], recordReviewDoc, input(map[string]any{
			"serviceId": w.service.ID, "reviewerId": w.lead.ID, "route": "telephone call", "reviewedAt": at.Format(time.RFC3339),
		}), nil)
	}

	record(now.Add(-20 * 24 * time.Hour))
	if got := w.Client.CycleReview.GetX(ctx, asked.ID).ReviewedAt; got != nil {
		t.Fatalf("a review before the cycle began marked the cycle review reviewed at %s", got)
	}

	dayBefore := now.Add(-24 * time.Hour)
	record(dayBefore)
	if got := w.Client.CycleReview.GetX(ctx, asked.ID).ReviewedAt; got == nil || !got.Equal(dayBefore) {
		t.Errorf("cycle review reviewed at %v, want %s: the telephone call the day before the request", got, dayBefore)
	}
}
