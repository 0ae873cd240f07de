package review_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app/apptest"
	"github.com/localoffer/localoffer/internal/content"
)

// fixture is a running product with a lead, a content manager and an LO
// officer, and an organisation to list services under.
type fixture struct {
	app            *apptest.App
	lead           *ent.User
	contentManager *ent.User
	officer        *ent.User
	org            *ent.Organization
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	a := apptest.New(t)
	f := &fixture{
		app:            a,
		lead:           a.CreateUser(t, user.RoleProvider, user.StatusActive),
		contentManager: a.CreateUser(t, user.RoleProvider, user.StatusActive),
		officer:        a.CreateUser(t, user.RoleLOOfficer, user.StatusActive),
	}
	f.org = a.Client.Organization.Create().SetName("Riverside Family Trust").SetSlug("riverside-family-trust").
		SaveX(a.SystemContext())
	return f
}

// createService creates a service led by the fixture's lead, with its
// content manager, at version 3 so that a change to version shows.
func (f *fixture) createService(t *testing.T, name string, status service.Status) *ent.Service {
	t.Helper()
	return f.app.Client.Service.Create().
		SetOrganization(f.org).
		SetName(name).
		SetSlug(strings.ReplaceAll(strings.ToLower(name), " ", "-")).
		SetStatus(status).
		SetVersion(3).
		SetLead(f.lead).
		AddContentManagers(f.contentManager).
		SaveX(f.app.SystemContext())
}

func (f *fixture) createPage(t *testing.T, title string, status informationpage.Status) *ent.InformationPage {
	t.Helper()
	return f.app.Client.InformationPage.Create().
		SetTitle(title).
		SetSlug(strings.ReplaceAll(strings.ToLower(title), " ", "-")).
		SetBody("<p>How it works.</p>").
		SetStatus(status).
		SetVersion(3).
		SetLead(f.lead).
		AddContentManagers(f.contentManager).
		SaveX(f.app.SystemContext())
}

// setClock moves the product's clock to at. Sessions started before then
// may have expired, so sign in afterwards.
func (f *fixture) setClock(at time.Time) {
	f.app.Clock.Advance(at.Sub(f.app.Clock.Now()))
}

func (f *fixture) auditCount(t *testing.T, action string, object uuid.UUID) int {
	t.Helper()
	return f.app.Client.AuditEvent.Query().
		Where(auditevent.Action(action), auditevent.ObjectID(object)).
		CountX(f.app.SystemContext())
}

// inputError returns the code and field of the response's only error.
func inputError(t *testing.T, res apptest.Response) (code, field string) {
	t.Helper()
	if len(res.Errors) != 1 {
		t.Fatalf("errors = %+v, want one", res.Errors)
	}
	field, _ = res.Errors[0].Extensions["field"].(string)
	return res.Errors[0].Code(), field
}

const confirmDocument = `mutation($input: ConfirmStillAccurateInput!) {
  confirmStillAccurate(input: $input) {
    service { id version updatedAt lastReviewedAt reviewDueAt }
    informationPage { id version updatedAt lastReviewedAt reviewDueAt }
  }
}`

// reviewed is a service or information page as confirmDocument selects it.
type reviewed struct {
	ID             uuid.UUID
	Version        int
	UpdatedAt      time.Time
	LastReviewedAt *time.Time
	ReviewDueAt    *time.Time
}

type confirmed struct {
	ConfirmStillAccurate struct {
		Service         *reviewed
		InformationPage *reviewed
	}
}

func TestConfirmDueDateClampsToMonthEnd(t *testing.T) {
	t.Parallel()
	// Noon in London on each day, so that the milliseconds the request
	// takes cannot move the date.
	cases := []struct {
		name      string
		confirmed time.Time
		wantDue   string
	}{
		{"31 August before a leap year", time.Date(2027, time.August, 31, 12, 0, 0, 0, content.London), "2028-02-29"},
		{"31 August before a common year", time.Date(2028, time.August, 31, 12, 0, 0, 0, content.London), "2029-02-28"},
		{"31 March to 30 September", time.Date(2027, time.March, 31, 12, 0, 0, 0, content.London), "2027-09-30"},
		{"15 January keeps its day", time.Date(2027, time.January, 15, 12, 0, 0, 0, content.London), "2027-07-15"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			s := f.createService(t, "Riverside Sensory Play", service.StatusPublished)
			f.setClock(tc.confirmed)
			token := f.app.SignIn(t, f.contentManager)

			var got confirmed
			f.app.MustQueryAs(t, token, confirmDocument, map[string]any{"input": map[string]any{"serviceId": s.ID}}, &got)

			out := got.ConfirmStillAccurate.Service
			if out == nil || out.LastReviewedAt == nil || out.ReviewDueAt == nil {
				t.Fatalf("payload = %+v, want a service with both review dates", got)
			}
			if drift := out.LastReviewedAt.Sub(tc.confirmed); drift < -time.Second || drift > time.Minute {
				t.Errorf("lastReviewedAt = %s, want about %s", out.LastReviewedAt, tc.confirmed.UTC())
			}
			if due := out.ReviewDueAt.In(content.London).Format(time.DateOnly); due != tc.wantDue {
				t.Errorf("reviewDueAt = %s (London date %s), want London date %s", out.ReviewDueAt, due, tc.wantDue)
			}
			if want := content.ReviewDueAfter(*out.LastReviewedAt); !out.ReviewDueAt.Equal(want) {
				t.Errorf("reviewDueAt = %s, want ReviewDueAfter(lastReviewedAt) = %s", out.ReviewDueAt, want)
			}
		})
	}
}

func TestConfirmKeepsVersionAndUpdatedAt(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := f.app.SystemContext()
	older := f.createService(t, "Riverside Sensory Play", service.StatusPublished)
	f.app.Client.Service.UpdateOne(older).SetUpdatedAt(time.Now().Add(-48 * time.Hour)).ExecX(ctx)
	newer := f.createService(t, "Hilltop Youth Club", service.StatusPublished)
	page := f.createPage(t, "Short breaks explained", informationpage.StatusPublished)
	// Read both back, because PostgreSQL keeps microseconds, not the
	// nanoseconds the created values carry.
	older = f.app.Client.Service.GetX(ctx, older.ID)
	page = f.app.Client.InformationPage.GetX(ctx, page.ID)
	token := f.app.SignIn(t, f.lead)

	var got confirmed
	f.app.MustQueryAs(t, token, confirmDocument, map[string]any{"input": map[string]any{"serviceId": older.ID}}, &got)
	f.app.MustQueryAs(t, token, confirmDocument, map[string]any{"input": map[string]any{"informationPageId": page.ID}}, &got)

	s := f.app.Client.Service.GetX(ctx, older.ID)
	if s.Version != 3 {
		t.Errorf("service version = %d, want 3", s.Version)
	}
	if !s.UpdatedAt.Equal(older.UpdatedAt) {
		t.Errorf("service updatedAt = %s, want %s", s.UpdatedAt, older.UpdatedAt)
	}
	p := f.app.Client.InformationPage.GetX(ctx, page.ID)
	if p.Version != 3 {
		t.Errorf("page version = %d, want 3", p.Version)
	}
	if !p.UpdatedAt.Equal(page.UpdatedAt) {
		t.Errorf("page updatedAt = %s, want %s", p.UpdatedAt, page.UpdatedAt)
	}
	if p.LastReviewedAt == nil {
		t.Errorf("page lastReviewedAt is null, want set")
	}

	// "What's new" still lists the confirmed service after the newer one.
	var recent struct {
		RecentlyUpdated []struct {
			Service *struct{ ID uuid.UUID }
		}
	}
	f.app.MustQuery(t, `{ recentlyUpdated(first: 3) { service { id } } }`, nil, &recent)
	var order []uuid.UUID
	for _, entry := range recent.RecentlyUpdated {
		if entry.Service != nil {
			order = append(order, entry.Service.ID)
		}
	}
	if len(order) != 2 || order[0] != newer.ID || order[1] != older.ID {
		t.Errorf("recentlyUpdated services = %v, want [%s %s]", order, newer.ID, older.ID)
	}

	if n := f.auditCount(t, "service.confirmed_accurate", older.ID); n != 1 {
		t.Errorf("service.confirmed_accurate events = %d, want 1", n)
	}
	if n := f.auditCount(t, "information_page.confirmed_accurate", page.ID); n != 1 {
		t.Errorf("information_page.confirmed_accurate events = %d, want 1", n)
	}
}

func TestConfirmPendingPageAllowed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	page := f.createPage(t, "Personal budgets", informationpage.StatusPending)

	var got confirmed
	f.app.MustQueryAs(t, f.app.SignIn(t, f.contentManager), confirmDocument,
		map[string]any{"input": map[string]any{"informationPageId": page.ID}}, &got)

	out := got.ConfirmStillAccurate.InformationPage
	if out == nil || out.ID != page.ID || out.ReviewDueAt == nil {
		t.Fatalf("payload = %+v, want the page with a review due date", got)
	}
	if got.ConfirmStillAccurate.Service != nil {
		t.Errorf("payload service = %+v, want null", got.ConfirmStillAccurate.Service)
	}
}

func TestConfirmRejectsBadInput(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	draft := f.createService(t, "Riverside Short Breaks", service.StatusDraft)
	archived := f.createPage(t, "Old transport policy", informationpage.StatusArchived)
	published := f.createService(t, "Riverside Sensory Play", service.StatusPublished)
	token := f.app.SignIn(t, f.lead)

	cases := []struct {
		name      string
		input     map[string]any
		wantField string
	}{
		{"draft service", map[string]any{"serviceId": draft.ID}, "input.serviceId"},
		{"archived page", map[string]any{"informationPageId": archived.ID}, "input.informationPageId"},
		{"both ids", map[string]any{"serviceId": published.ID, "informationPageId": archived.ID}, "input.serviceId"},
		{"no id", map[string]any{}, "input.serviceId"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := f.app.QueryAs(t, token, confirmDocument, map[string]any{"input": tc.input})

			code, field := inputError(t, res)
			if code != "BAD_USER_INPUT" {
				t.Errorf("code = %s, want BAD_USER_INPUT", code)
			}
			if field != tc.wantField {
				t.Errorf("field = %q, want %q", field, tc.wantField)
			}
		})
	}
	if s := f.app.Client.Service.GetX(f.app.SystemContext(), draft.ID); s.LastReviewedAt != nil {
		t.Errorf("draft lastReviewedAt = %s, want null", s.LastReviewedAt)
	}
}

const closeDocument = `mutation($input: SetServiceTemporarilyClosedInput!) {
  setServiceTemporarilyClosed(input: $input) { service { id temporarilyClosed reopeningDate version } }
}`

const publicServiceDocument = `query($id: ID!) { node(id: $id) { ... on Service { temporarilyClosed reopeningDate version } } }`

// closureState is a service as closeDocument and publicServiceDocument
// select it.
type closureState struct {
	TemporarilyClosed bool
	ReopeningDate     *time.Time
	Version           int
}

func (f *fixture) publicClosure(t *testing.T, id uuid.UUID) closureState {
	t.Helper()
	var got struct{ Node closureState }
	f.app.MustQuery(t, publicServiceDocument, map[string]any{"id": id}, &got)
	return got.Node
}

// emailsTo returns the outbox emails of a template, by recipient.
func (f *fixture) emailsTo(t *testing.T, template string) map[string][]*ent.Notification {
	t.Helper()
	rows := f.app.Client.Notification.Query().Where(notification.Template(template)).AllX(f.app.SystemContext())
	byRecipient := map[string][]*ent.Notification{}
	for _, n := range rows {
		byRecipient[n.Recipient] = append(byRecipient[n.Recipient], n)
	}
	return byRecipient
}

func TestCloseAndReopenService(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	secondOfficer := f.app.CreateUser(t, user.RoleLOAdmin, user.StatusActive)
	disabledOfficer := f.app.CreateUser(t, user.RoleLOOfficer, user.StatusDisabled)
	s := f.createService(t, "Riverside Sensory Play", service.StatusPublished)
	token := f.app.SignIn(t, f.lead)
	reopening := time.Date(2099, time.March, 2, 9, 0, 0, 0, time.UTC)

	var closed struct {
		SetServiceTemporarilyClosed struct{ Service closureState }
	}
	f.app.MustQueryAs(t, token, closeDocument, map[string]any{"input": map[string]any{
		"serviceId": s.ID, "closed": true, "reopeningDate": reopening.Format(time.RFC3339), "note": "The pool is being retiled.",
	}}, &closed)

	if got := closed.SetServiceTemporarilyClosed.Service; !got.TemporarilyClosed || got.ReopeningDate == nil || !got.ReopeningDate.Equal(reopening) {
		t.Errorf("payload = %+v, want closed until %s", got, reopening)
	}
	public := f.publicClosure(t, s.ID)
	if !public.TemporarilyClosed || public.ReopeningDate == nil || !public.ReopeningDate.Equal(reopening) {
		t.Errorf("public view = %+v, want closed until %s", public, reopening)
	}
	if public.Version != 3 {
		t.Errorf("version = %d, want 3", public.Version)
	}

	emails := f.emailsTo(t, "service_temporarily_closed")
	if len(emails) != 2 {
		t.Errorf("closure emails went to %d recipients, want the active LO officer and admin", len(emails))
	}
	for _, officer := range []*ent.User{f.officer, secondOfficer} {
		if len(emails[officer.Email]) != 1 {
			t.Errorf("closure emails to %s = %d, want 1", officer.Email, len(emails[officer.Email]))
			continue
		}
		body := emails[officer.Email][0].Body
		for _, want := range []string{"Riverside Sensory Play", "Monday 2 March 2099", "The pool is being retiled."} {
			if !strings.Contains(body, want) {
				t.Errorf("closure email to %s does not mention %q:\n%s", officer.Email, want, body)
			}
		}
	}
	if len(emails[disabledOfficer.Email]) != 0 {
		t.Errorf("closure emails to a disabled officer = %d, want 0", len(emails[disabledOfficer.Email]))
	}
	if n := f.auditCount(t, "service.temporarily_closed", s.ID); n != 1 {
		t.Errorf("service.temporarily_closed events = %d, want 1", n)
	}

	f.app.MustQueryAs(t, token, closeDocument, map[string]any{"input": map[string]any{"serviceId": s.ID, "closed": false}}, nil)

	public = f.publicClosure(t, s.ID)
	if public.TemporarilyClosed || public.ReopeningDate != nil {
		t.Errorf("public view after reopening = %+v, want open with no date", public)
	}
	if public.Version != 3 {
		t.Errorf("version after reopening = %d, want 3", public.Version)
	}
	if reopened := f.emailsTo(t, "service_reopened"); len(reopened[f.officer.Email]) != 1 || len(reopened[secondOfficer.Email]) != 1 {
		t.Errorf("reopening emails = %v, want one to each active LO officer", reopened)
	}
	if n := f.auditCount(t, "service.reopened", s.ID); n != 1 {
		t.Errorf("service.reopened events = %d, want 1", n)
	}
}

func TestReopenOpenServiceChangesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := f.createService(t, "Riverside Sensory Play", service.StatusPublished)
	s = f.app.Client.Service.GetX(f.app.SystemContext(), s.ID)

	f.app.MustQueryAs(t, f.app.SignIn(t, f.contentManager), closeDocument,
		map[string]any{"input": map[string]any{"serviceId": s.ID, "closed": false}}, nil)

	ctx := f.app.SystemContext()
	if n := f.app.Client.Notification.Query().CountX(ctx); n != 0 {
		t.Errorf("emails = %d, want 0", n)
	}
	if n := f.auditCount(t, "service.reopened", s.ID); n != 0 {
		t.Errorf("service.reopened events = %d, want 0", n)
	}
	if got := f.app.Client.Service.GetX(ctx, s.ID); !got.UpdatedAt.Equal(s.UpdatedAt) {
		t.Errorf("updatedAt = %s, want %s", got.UpdatedAt, s.UpdatedAt)
	}
}

func TestCloseServiceRejectsBadInput(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	published := f.createService(t, "Riverside Sensory Play", service.StatusPublished)
	pending := f.createService(t, "Meadow Lane Short Breaks", service.StatusPending)
	token := f.app.SignIn(t, f.lead)
	past := f.app.Clock.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	future := f.app.Clock.Now().AddDate(0, 1, 0).UTC().Format(time.RFC3339)

	cases := []struct {
		name      string
		input     map[string]any
		wantField string
	}{
		{"past reopening date", map[string]any{"serviceId": published.ID, "closed": true, "reopeningDate": past}, "input.reopeningDate"},
		{"reopening date when reopening", map[string]any{"serviceId": published.ID, "closed": false, "reopeningDate": future}, "input.reopeningDate"},
		{"note too long", map[string]any{"serviceId": published.ID, "closed": true, "note": strings.Repeat("é", 2001)}, "input.note"},
		{"pending service", map[string]any{"serviceId": pending.ID, "closed": true}, "input.serviceId"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := f.app.QueryAs(t, token, closeDocument, map[string]any{"input": tc.input})

			code, field := inputError(t, res)
			if code != "BAD_USER_INPUT" {
				t.Errorf("code = %s, want BAD_USER_INPUT", code)
			}
			if field != tc.wantField {
				t.Errorf("field = %q, want %q", field, tc.wantField)
			}
			var data map[string]json.RawMessage
			if err := json.Unmarshal(res.Data, &data); err == nil && data != nil && string(data["setServiceTemporarilyClosed"]) != "null" {
				t.Errorf("data = %s, want no payload", res.Data)
			}
		})
	}

	ctx := f.app.SystemContext()
	for _, id := range []uuid.UUID{published.ID, pending.ID} {
		if s := f.app.Client.Service.GetX(ctx, id); s.TemporarilyClosed || s.ReopeningDate != nil {
			t.Errorf("service %s closed = %t until %v, want open", id, s.TemporarilyClosed, s.ReopeningDate)
		}
	}
	if n := f.app.Client.Notification.Query().CountX(ctx); n != 0 {
		t.Errorf("emails = %d, want 0", n)
	}
}
