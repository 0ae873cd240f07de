package graph_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/auditevent"
	"github.com/localoffer/localoffer/ent/feedback"
	"github.com/localoffer/localoffer/ent/informationpage"
	"github.com/localoffer/localoffer/ent/notification"
	"github.com/localoffer/localoffer/ent/schema/schematype"
	"github.com/localoffer/localoffer/ent/service"
	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app/apptest"
	"github.com/localoffer/localoffer/internal/config"
	fb "github.com/localoffer/localoffer/internal/feedback"
	"github.com/localoffer/localoffer/internal/jobs"
	"github.com/localoffer/localoffer/internal/mail"
	"github.com/localoffer/localoffer/internal/mail/smtptest"
	"github.com/localoffer/localoffer/internal/sla"
)

// circulationWorld is a running product whose default review cycles are
// removed, so that each test's own cycles alone decide circulation. It has
// two LO officers and a disabled one; a service and an information page
// with one lead, a content manager, a disabled content manager and a
// commissioner; a service of another lead; and a service of a quiet lead,
// about which no feedback arrives.
type circulationWorld struct {
	*apptest.App
	officer, secondOfficer, disabledOfficer                 *ent.User
	lead, manager, disabledManager, commissioner, otherLead *ent.User
	quietLead                                               *ent.User
	service, otherService, quietService                     *ent.Service
	page                                                    *ent.InformationPage
	tokens                                                  map[*ent.User]string
	// bodies are the words of every item created, which no email may carry.
	bodies []string
}

func newCirculationWorld(t *testing.T) *circulationWorld {
	t.Helper()
	a := apptest.New(t)
	ctx := a.SystemContext()
	a.Client.ReviewCycle.Delete().ExecX(ctx)

	w := &circulationWorld{App: a, tokens: map[*ent.User]string{}}
	w.officer = a.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	w.secondOfficer = a.CreateUser(t, user.RoleLOOfficer, user.StatusActive)
	w.disabledOfficer = a.CreateUser(t, user.RoleLOOfficer, user.StatusDisabled)
	w.lead = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	w.manager = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	w.disabledManager = a.CreateUser(t, user.RoleProvider, user.StatusDisabled)
	w.commissioner = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	w.otherLead = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	w.quietLead = a.CreateUser(t, user.RoleProvider, user.StatusActive)
	for _, u := range []*ent.User{w.officer, w.secondOfficer, w.lead, w.manager, w.commissioner, w.otherLead, w.quietLead} {
		w.tokens[u] = a.SignIn(t, u)
	}

	org := a.Client.Organization.Create().SetName("Riverside Family Trust").SetSlug("riverside-family-trust").SaveX(ctx)
	w.service = a.Client.Service.Create().SetName("Riverside Sensory Play").SetSlug("riverside-sensory-play").
		SetStatus(service.StatusPublished).SetOrganization(org).
		SetLead(w.lead).AddContentManagers(w.manager, w.disabledManager).SetCommissioner(w.commissioner).SaveX(ctx)
	w.page = a.Client.InformationPage.Create().SetTitle("Short breaks explained").SetSlug("short-breaks-explained").
		SetBody("<p>How short breaks work.</p>").SetStatus(informationpage.StatusPublished).
		SetLead(w.lead).AddContentManagers(w.manager).SaveX(ctx)
	w.otherService = a.Client.Service.Create().SetName("Hilltop Youth Club").SetSlug("hilltop-youth-club").
		SetStatus(service.StatusPublished).SetOrganization(org).SetLead(w.otherLead).SaveX(ctx)
	w.quietService = a.Client.Service.Create().SetName("Quiet Lane Library").SetSlug("quiet-lane-library").
		SetStatus(service.StatusPublished).SetOrganization(org).SetLead(w.quietLead).SaveX(ctx)
	return w
}

// itemSpec describes an item of feedback to create. Unless changed, it is
// TRIAGED for the service's owners, not circulated.
type itemSpec struct {
	party        feedback.ResponsibleParty
	service      *ent.Service
	page         *ent.InformationPage
	commissioner *ent.User
	status       feedback.Status
	// modify changes the create builder further, such as to flag it.
	modify func(c *ent.FeedbackCreate)
}

// item creates an item of feedback past the privacy rules, with a body and
// a summary unique to it.
func (w *circulationWorld) item(t *testing.T, spec itemSpec) *ent.Feedback {
	t.Helper()
	n := len(w.bodies) + 1
	body := fmt.Sprintf("My son Oliver waited 14 weeks, item %d.", n)
	w.bodies = append(w.bodies, body, fmt.Sprintf("Waiting times too long, item %d.", n))
	if spec.party == "" {
		spec.party = feedback.ResponsiblePartyContentOwners
	}
	if spec.party == feedback.ResponsiblePartyContentOwners && spec.service == nil && spec.page == nil {
		spec.service = w.service
	}
	if spec.status == "" {
		spec.status = feedback.StatusTriaged
	}
	create := w.Client.Feedback.Create().
		SetReceivedAt(time.Now().UTC().Add(time.Duration(n) * time.Second)).
		SetChannel(feedback.ChannelWebsite).
		SetSource(feedback.SourceParentOrCarer).
		SetTopic(feedback.TopicQualityOfProvision).
		SetSentiment(feedback.SentimentNegative).
		SetBody(body).
		SetSummary(fmt.Sprintf("Waiting times too long, item %d.", n)).
		SetStatus(spec.status).
		SetResponsibleParty(spec.party)
	if spec.service != nil {
		create.SetService(spec.service)
	}
	if spec.page != nil {
		create.SetInformationPage(spec.page)
	}
	if spec.commissioner != nil {
		create.SetCommissioner(spec.commissioner)
	}
	if spec.modify != nil {
		spec.modify(create)
	}
	return create.SaveX(w.SystemContext())
}

// cycle creates a review cycle whose feedback is circulated on circulated
// and whose responses are due on due.
func (w *circulationWorld) cycle(t *testing.T, name string, circulated, due schematype.Date) *ent.ReviewCycle {
	t.Helper()
	return w.Client.ReviewCycle.Create().SetName(name).
		SetFeedbackCirculatedOn(circulated).SetResponsesDueOn(due).
		SetUpdateNotificationsOn(due.AddDays(7)).SetUpdatesDueOn(due.AddDays(35)).
		SaveX(w.SystemContext())
}

// sweep runs the circulation sweep at now.
func (w *circulationWorld) sweep(t *testing.T, now time.Time) {
	t.Helper()
	sweeper := fb.NewSweeper(w.Client, slog.New(slog.NewTextHandler(io.Discard, nil)), fb.SweepConfig{
		PublicURL: apptest.PublicURL + "/",
		Now:       func() time.Time { return now },
	})
	if err := sweeper.Run(context.Background()); err != nil {
		t.Fatalf("sweep at %s: %v", now, err)
	}
}

func (w *circulationWorld) reload(t *testing.T, f *ent.Feedback) *ent.Feedback {
	t.Helper()
	return w.Client.Feedback.GetX(w.SystemContext(), f.ID)
}

// emails returns the emails of template, by recipient.
func (w *circulationWorld) emails(t *testing.T, template string) map[string][]*ent.Notification {
	t.Helper()
	byRecipient := map[string][]*ent.Notification{}
	for _, n := range w.Client.Notification.Query().Where(notification.Template(template)).AllX(w.SystemContext()) {
		byRecipient[n.Recipient] = append(byRecipient[n.Recipient], n)
	}
	return byRecipient
}

// wantLinks fails unless the email links exactly the items given, and
// carries none of the feedback's words.
func (w *circulationWorld) wantLinks(t *testing.T, email *ent.Notification, items ...*ent.Feedback) {
	t.Helper()
	for _, f := range items {
		link := fb.FeedbackURL(apptest.PublicURL, f.ID)
		if !strings.Contains(email.Body, link) {
			t.Errorf("email to %s lacks the link %s:\n%s", email.Recipient, link, email.Body)
		}
		if !strings.Contains(email.HTMLBody, `href="`+link+`"`) {
			t.Errorf("HTML email to %s lacks the link %s:\n%s", email.Recipient, link, email.HTMLBody)
		}
	}
	if got := strings.Count(email.Body, apptest.PublicURL+"/provider/feedback/"); got != len(items) {
		t.Errorf("email to %s has %d links, want %d:\n%s", email.Recipient, got, len(items), email.Body)
	}
	for _, words := range w.bodies {
		if strings.Contains(email.Body, words) || strings.Contains(email.HTMLBody, words) {
			t.Errorf("email to %s carries the feedback's words %q", email.Recipient, words)
		}
	}
	if strings.Contains(email.Body, "Oliver") {
		t.Errorf("email to %s carries a name from the feedback:\n%s", email.Recipient, email.Body)
	}
}

// londonTime returns the instant of a London wall-clock time.
func londonTime(t *testing.T, value string) time.Time {
	t.Helper()
	location, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	at, err := time.ParseInLocation("2006-01-02 15:04", value, location)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

var (
	summer2031Circulated = schematype.NewDate(2031, time.May, 6)
	summer2031Due        = schematype.NewDate(2031, time.June, 9)
	winter2031Circulated = schematype.NewDate(2031, time.November, 4)
	winter2031Due        = schematype.NewDate(2031, time.December, 1)
)

func TestCirculationOneEmailPerPerson(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	cycle := w.cycle(t, "Summer 2031", summer2031Circulated, summer2031Due)
	first := w.item(t, itemSpec{})
	second := w.item(t, itemSpec{})
	onPage := w.item(t, itemSpec{page: w.page})
	forCommissioner := w.item(t, itemSpec{party: feedback.ResponsiblePartyCommissioner, service: w.service, commissioner: w.commissioner})
	forTeam := w.item(t, itemSpec{party: feedback.ResponsiblePartyLOTeam})
	forOtherLead := w.item(t, itemSpec{service: w.otherService})

	w.sweep(t, londonTime(t, "2031-05-05 23:30"))
	if n := w.Client.Notification.Query().CountX(w.SystemContext()); n != 0 {
		t.Fatalf("emails the day before circulation = %d, want 0", n)
	}

	now := londonTime(t, "2031-05-06 00:30")
	w.sweep(t, now)

	t.Run("items circulated in the cycle", func(t *testing.T) {
		for _, item := range []*ent.Feedback{first, second, onPage, forCommissioner, forTeam, forOtherLead} {
			f := w.reload(t, item)
			if f.Status != feedback.StatusCirculated {
				t.Errorf("item %s is %s, want CIRCULATED", f.ID, f.Status)
			}
			if f.ReviewCycleID == nil || *f.ReviewCycleID != cycle.ID {
				t.Errorf("item %s review cycle = %v, want %s", f.ID, f.ReviewCycleID, cycle.ID)
			}
			if f.CirculatedAt == nil || !f.CirculatedAt.Equal(now.UTC()) {
				t.Errorf("item %s circulated at %v, want %s", f.ID, f.CirculatedAt, now.UTC())
			}
			// The end of Monday 9 June 2031 in London is 23:00 UTC (BST).
			if want := time.Date(2031, time.June, 9, 23, 0, 0, 0, time.UTC); f.ResponseDueAt == nil || !f.ResponseDueAt.Equal(want) {
				t.Errorf("item %s response due at %v, want %s", f.ID, f.ResponseDueAt, want)
			}
			if f.Urgent {
				t.Errorf("item %s is urgent, want not", f.ID)
			}
		}
	})

	emails := w.emails(t, fb.TemplateCirculated)
	t.Run("one email per person with their items", func(t *testing.T) {
		want := map[*ent.User][]*ent.Feedback{
			w.lead:          {first, second, onPage},
			w.manager:       {first, second, onPage},
			w.commissioner:  {forCommissioner},
			w.officer:       {forTeam},
			w.secondOfficer: {forTeam},
			w.otherLead:     {forOtherLead},
		}
		for u, items := range want {
			got := emails[u.Email]
			if len(got) != 1 {
				t.Errorf("emails to %s = %d, want 1", u.Email, len(got))
				continue
			}
			w.wantLinks(t, got[0], items...)
			if !strings.Contains(got[0].Subject, "Monday 9 June 2031") || !strings.Contains(got[0].Body, "by the end of Monday 9 June 2031") {
				t.Errorf("email to %s does not give the deadline as a long date:\n%s\n%s", u.Email, got[0].Subject, got[0].Body)
			}
			if !strings.Contains(got[0].Body, "Summer 2031") {
				t.Errorf("email to %s does not name the cycle:\n%s", u.Email, got[0].Body)
			}
		}
		if len(emails) != len(want) {
			t.Errorf("people emailed = %d, want %d", len(emails), len(want))
		}
	})

	t.Run("no items, no email", func(t *testing.T) {
		for _, u := range []*ent.User{w.quietLead, w.disabledManager, w.disabledOfficer} {
			if got := emails[u.Email]; len(got) != 0 {
				t.Errorf("emails to %s = %d, want 0", u.Email, len(got))
			}
		}
	})

	t.Run("audit events name ids only", func(t *testing.T) {
		events := w.Client.AuditEvent.Query().Where(auditevent.Action("feedback.circulated")).AllX(w.SystemContext())
		if len(events) != 6 {
			t.Errorf("feedback.circulated audit events = %d, want 6", len(events))
		}
		for _, e := range events {
			for _, words := range w.bodies {
				if strings.Contains(e.Detail, words) {
					t.Errorf("audit event %s carries the feedback's words", e.ID)
				}
			}
		}
	})

	t.Run("providers read their circulated items", func(t *testing.T) {
		node := `query($id: ID!) { node(id: $id) { ... on Feedback { id summary responseDueAt } } }`
		var got struct{ Node *struct{ ID uuid.UUID } }
		w.MustQueryAs(t, w.tokens[w.manager], node, map[string]any{"id": first.ID}, &got)
		if got.Node == nil || got.Node.ID != first.ID {
			t.Errorf("content manager's node = %+v, want the item", got.Node)
		}
		wantOneError(t, w.QueryAs(t, w.tokens[w.quietLead], node, map[string]any{"id": first.ID}), notFound)
	})
}

func TestCirculationRerunSendsNothingTwice(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	w.cycle(t, "Summer 2031", summer2031Circulated, summer2031Due)
	w.item(t, itemSpec{})
	w.item(t, itemSpec{party: feedback.ResponsiblePartyLOTeam})

	for hour := 9; hour < 12; hour++ {
		w.sweep(t, londonTime(t, fmt.Sprintf("2031-05-06 %02d:00", hour)))
	}
	w.sweep(t, londonTime(t, "2031-05-20 09:00"))

	for _, u := range []*ent.User{w.lead, w.manager, w.officer, w.secondOfficer} {
		if got := len(w.emails(t, fb.TemplateCirculated)[u.Email]); got != 1 {
			t.Errorf("emails to %s after four sweeps = %d, want 1", u.Email, got)
		}
	}
	if n := w.Client.AuditEvent.Query().Where(auditevent.Action("feedback.circulated")).CountX(w.SystemContext()); n != 2 {
		t.Errorf("feedback.circulated audit events = %d, want 2", n)
	}
}

func TestCirculationAfterDeadlineWaits(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	w.cycle(t, "Summer 2031", summer2031Circulated, summer2031Due)
	item := w.item(t, itemSpec{})

	// The cycle's responses were due by the end of 9 June: too late to
	// circulate in it.
	w.sweep(t, londonTime(t, "2031-06-10 00:00"))

	if f := w.reload(t, item); f.Status != feedback.StatusTriaged || f.CirculatedAt != nil {
		t.Errorf("item after the cycle's responses deadline is %s, circulated at %v, want TRIAGED and not circulated", f.Status, f.CirculatedAt)
	}
	if n := w.Client.Notification.Query().CountX(w.SystemContext()); n != 0 {
		t.Errorf("emails = %d, want 0", n)
	}
}

func TestCirculationTriagedLaterWaitsForNextCycle(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	summer := w.cycle(t, "Summer 2031", summer2031Circulated, summer2031Due)
	winter := w.cycle(t, "Winter 2031-32", winter2031Circulated, winter2031Due)
	early := w.item(t, itemSpec{})
	w.sweep(t, londonTime(t, "2031-05-06 09:00"))

	late := w.item(t, itemSpec{})
	w.sweep(t, londonTime(t, "2031-05-13 09:00"))
	if f := w.reload(t, late); f.Status != feedback.StatusTriaged || f.ReviewCycleID != nil {
		t.Fatalf("item triaged after the circulation is %s in cycle %v, want TRIAGED in none", f.Status, f.ReviewCycleID)
	}
	if got := len(w.emails(t, fb.TemplateCirculated)[w.lead.Email]); got != 1 {
		t.Fatalf("emails to the lead during the summer cycle = %d, want 1", got)
	}

	w.sweep(t, londonTime(t, "2031-11-04 09:00"))

	if f := w.reload(t, early); *f.ReviewCycleID != summer.ID {
		t.Errorf("early item moved to cycle %s, want it kept in the summer cycle", *f.ReviewCycleID)
	}
	f := w.reload(t, late)
	if f.Status != feedback.StatusCirculated || f.ReviewCycleID == nil || *f.ReviewCycleID != winter.ID {
		t.Fatalf("late item is %s in cycle %v, want CIRCULATED in the winter cycle", f.Status, f.ReviewCycleID)
	}
	if want := time.Date(2031, time.December, 2, 0, 0, 0, 0, time.UTC); !f.ResponseDueAt.Equal(want) {
		t.Errorf("late item due at %s, want %s (the end of 1 December, GMT)", f.ResponseDueAt, want)
	}
	emails := w.emails(t, fb.TemplateCirculated)[w.lead.Email]
	if len(emails) != 2 {
		t.Fatalf("emails to the lead = %d, want 2: one per cycle", len(emails))
	}
	slices.SortFunc(emails, func(a, b *ent.Notification) int { return strings.Compare(a.ID.String(), b.ID.String()) })
	w.wantLinks(t, emails[0], early)
	w.wantLinks(t, emails[1], late)
	if !strings.Contains(emails[1].Body, "Monday 1 December 2031") {
		t.Errorf("winter email does not give its deadline:\n%s", emails[1].Body)
	}
}

func TestCirculationSkipsSafeguardingAndExcluded(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	w.cycle(t, "Summer 2031", summer2031Circulated, summer2031Due)
	flaggedAt := time.Date(2031, time.May, 1, 9, 0, 0, 0, time.UTC)
	held := []*ent.Feedback{
		w.item(t, itemSpec{modify: func(c *ent.FeedbackCreate) { c.SetSafeguarding(true).SetSafeguardingFlaggedAt(flaggedAt) }}),
		w.item(t, itemSpec{modify: func(c *ent.FeedbackCreate) { c.SetSafeguardingKeywords([]string{"hurt"}) }}),
		w.item(t, itemSpec{status: feedback.StatusExcluded, modify: func(c *ent.FeedbackCreate) {
			c.SetExclusionReason(feedback.ExclusionReasonVexatious).SetExcludedAt(flaggedAt)
		}}),
		w.item(t, itemSpec{status: feedback.StatusNew}),
	}
	cleared := w.item(t, itemSpec{modify: func(c *ent.FeedbackCreate) {
		c.SetSafeguardingKeywords([]string{"hurt"}).SetSafeguardingClearedAt(flaggedAt)
	}})

	w.sweep(t, londonTime(t, "2031-05-06 09:00"))

	for _, item := range held {
		if f := w.reload(t, item); f.CirculatedAt != nil || f.Status == feedback.StatusCirculated {
			t.Errorf("held item %s was circulated: %s at %v", f.ID, f.Status, f.CirculatedAt)
		}
	}
	if f := w.reload(t, cleared); f.Status != feedback.StatusCirculated {
		t.Errorf("item with a cleared suggestion is %s, want CIRCULATED", f.Status)
	}
	emails := w.emails(t, fb.TemplateCirculated)[w.lead.Email]
	if len(emails) != 1 {
		t.Fatalf("emails to the lead = %d, want 1", len(emails))
	}
	w.wantLinks(t, emails[0], cleared)
	for _, item := range held {
		if strings.Contains(emails[0].Body, item.ID.String()) {
			t.Errorf("email to the lead names held item %s", item.ID)
		}
	}
	node := `query($id: ID!) { node(id: $id) { id } }`
	wantOneError(t, w.QueryAs(t, w.tokens[w.lead], node, map[string]any{"id": held[0].ID}), notFound)
}

const sendNowDoc = `mutation($input: SendFeedbackNowInput!) {
	sendFeedbackNow(input: $input) { recipients feedback { id status urgent circulatedAt responseDueAt reviewCycle { id } } } }`

func TestSendFeedbackNow(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	item := w.item(t, itemSpec{})
	flagged := w.item(t, itemSpec{modify: func(c *ent.FeedbackCreate) { c.SetSafeguarding(true) }})

	t.Run("refused to others", func(t *testing.T) {
		wantOneError(t, w.Query(t, sendNowDoc, input(map[string]any{"feedbackId": item.ID})), unauthenticated)
		// Providers cannot read an item before it is circulated.
		wantOneError(t, w.QueryAs(t, w.tokens[w.lead], sendNowDoc, input(map[string]any{"feedbackId": item.ID})), notFound)
	})

	var sent struct {
		SendFeedbackNow struct {
			Recipients int
			Feedback   struct {
				ID            uuid.UUID
				Status        string
				Urgent        bool
				CirculatedAt  *time.Time
				ResponseDueAt *time.Time
				ReviewCycle   *struct{ ID uuid.UUID }
			}
		}
	}
	w.MustQueryAs(t, w.tokens[w.officer], sendNowDoc, input(map[string]any{"feedbackId": item.ID}), &sent)
	got := sent.SendFeedbackNow

	now := w.Clock.Now()
	today := sla.Today(now)
	calendar, err := sla.LoadCalendar(w.SystemContext(), w.Client, today.Year(), today.Year()+1)
	if err != nil {
		t.Fatal(err)
	}
	dueDate := calendar.AddWorkingDays(today, config.DefaultFeedback().UrgentResponseDays)
	if got.Feedback.Status != "CIRCULATED" || !got.Feedback.Urgent || got.Feedback.CirculatedAt == nil || got.Feedback.ReviewCycle != nil {
		t.Errorf("sent item = %+v, want CIRCULATED, urgent, circulated, in no cycle", got.Feedback)
	}
	if got.Feedback.ResponseDueAt == nil || !got.Feedback.ResponseDueAt.Equal(sla.Deadline(dueDate)) {
		t.Errorf("response due at %v, want %s: the end of %s", got.Feedback.ResponseDueAt, sla.Deadline(dueDate), dueDate)
	}
	if got.Recipients != 2 {
		t.Errorf("recipients = %d, want 2: the lead and the active content manager", got.Recipients)
	}

	emails := w.emails(t, fb.TemplateSentNow)
	for _, u := range []*ent.User{w.lead, w.manager} {
		if len(emails[u.Email]) != 1 {
			t.Errorf("urgent emails to %s = %d, want 1", u.Email, len(emails[u.Email]))
			continue
		}
		email := emails[u.Email][0]
		w.wantLinks(t, email, item)
		date := dueDate.In(time.UTC).Format("Monday 2 January 2006")
		if !strings.Contains(email.Subject, "Urgent") || !strings.Contains(email.Body, date) {
			t.Errorf("urgent email to %s lacks the word Urgent or the deadline %s:\n%s\n%s", u.Email, date, email.Subject, email.Body)
		}
	}
	if len(emails) != 2 {
		t.Errorf("people emailed = %d, want 2", len(emails))
	}
	if n := w.Client.AuditEvent.Query().Where(auditevent.Action("feedback.circulated"), auditevent.ObjectID(item.ID)).CountX(w.SystemContext()); n != 1 {
		t.Errorf("feedback.circulated audit events = %d, want 1", n)
	}

	t.Run("not sent twice", func(t *testing.T) {
		res := w.QueryAs(t, w.tokens[w.officer], sendNowDoc, input(map[string]any{"feedbackId": item.ID}))
		if e := wantOneError(t, res, "BAD_USER_INPUT"); !strings.Contains(e.Message, "circulated already") {
			t.Errorf("message = %q, want it to say the item was circulated already", e.Message)
		}
	})

	t.Run("safeguarding item refused", func(t *testing.T) {
		res := w.QueryAs(t, w.tokens[w.officer], sendNowDoc, input(map[string]any{"feedbackId": flagged.ID}))
		wantOneError(t, res, "BAD_USER_INPUT")
		if f := w.reload(t, flagged); f.CirculatedAt != nil {
			t.Errorf("flagged item circulated at %v, want never", f.CirculatedAt)
		}
	})

	t.Run("the sweep leaves it alone", func(t *testing.T) {
		today := sla.Today(w.Clock.Now())
		w.cycle(t, "Cycle now", today, today.AddDays(20))
		w.sweep(t, w.Clock.Now())
		if f := w.reload(t, item); f.ReviewCycleID != nil || !f.Urgent {
			t.Errorf("urgent item moved into cycle %v, urgent %t, want it left alone", f.ReviewCycleID, f.Urgent)
		}
		if n := len(w.emails(t, fb.TemplateCirculated)); n != 0 {
			t.Errorf("cycle emails = %d, want 0", n)
		}
	})
}

// TestCirculationEmailOverSMTP delivers the circulation emails over a real
// SMTP exchange, with the sweep run by the job queue as in production.
func TestCirculationEmailOverSMTP(t *testing.T) {
	t.Parallel()
	w := newCirculationWorld(t)
	w.cycle(t, "Summer 2031", summer2031Circulated, summer2031Due)
	item := w.item(t, itemSpec{service: w.otherService})

	server := smtptest.Start(t, smtptest.Options{})
	sender, err := mail.NewSender(mail.Config{
		Host: server.Host, Port: server.Port, TLS: mail.TLSNone,
		From: "Local Offer <localoffer@council.example>", Timeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	now := londonTime(t, "2031-05-06 09:00")
	queue, err := jobs.New(jobs.Config{
		DB: w.Store.DB, Dialect: w.Store.Dialect, Client: w.Client, Sender: sender, Logger: logger,
		SLASweeper: jobs.Sweepers{fb.NewSweeper(w.Client, logger, fb.SweepConfig{
			PublicURL: apptest.PublicURL,
			Now:       func() time.Time { return now },
		})},
		SweepInterval:     time.Hour,
		SoftStopTimeout:   5 * time.Second,
		FetchPollInterval: 20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	events, cancel := queue.River().Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	t.Cleanup(cancel)
	if err := queue.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := queue.Stop(ctx); err != nil {
			t.Errorf("stop queue: %v", err)
		}
	})

	waitForSweepJob(t, events)
	if _, err := queue.Sweep(w.SystemContext()); err != nil {
		t.Fatal(err)
	}
	message := server.Wait(t, 20*time.Second)
	parsed, err := message.Parse()
	if err != nil {
		t.Fatal(err)
	}
	if len(message.To) != 1 || message.To[0] != w.otherLead.Email {
		t.Errorf("RCPT TO = %v, want [%s]", message.To, w.otherLead.Email)
	}
	link := fb.FeedbackURL(apptest.PublicURL, item.ID)
	if !strings.Contains(parsed.Text, link) || !strings.Contains(parsed.HTML, `href="`+link+`"`) {
		t.Errorf("message lacks the link %s:\ntext:\n%s\nhtml:\n%s", link, parsed.Text, parsed.HTML)
	}
	for _, words := range w.bodies {
		if strings.Contains(string(message.Data), words) || strings.Contains(parsed.Text, words) || strings.Contains(parsed.HTML, words) {
			t.Errorf("message carries the feedback's words %q", words)
		}
	}
}

// waitForSweepJob waits for the periodic sweep job to complete.
func waitForSweepJob(t *testing.T, events <-chan *river.Event) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case event := <-events:
			if event.Job.Kind != (jobs.SweepSLAArgs{}).Kind() {
				continue
			}
			if event.Job.State != rivertype.JobStateCompleted {
				t.Fatalf("sweep job ended %s: %v", event.Job.State, event.Job.Errors)
			}
			return
		case <-timeout:
			t.Fatal("the sweep job did not complete within 20s")
		}
	}
}
